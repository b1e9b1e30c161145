//! What other desks changed, as it happens. On PostgreSQL the store's
//! triggers notify the channel `auskunft_changes` with a table's name at
//! each commit that changes what a window lists (migration postgres/0002);
//! one LISTEN connection per desk turns them into [`StoreChanges`], a
//! counter and the tables changed recently, which the window waits on
//! (long poll) instead of polling every list of every desk. A SQLite store
//! has one desk, whose own writes refresh its lists: no feed.
//!
//! A notification sent while the listening connection was down is lost;
//! the feed then reports [`ALL`], and windows refresh everything.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;
use tokio::sync::watch;

use super::db::StoreLocation;
use super::store::CaseStore;

/// The channel the triggers notify.
pub const CHANNEL: &str = "auskunft_changes";

/// "Everything may have changed" (the feed reconnected).
pub const ALL: &str = "*";

/// Changes remembered for windows that ask what changed since a count.
const KEEP: usize = 64;

/// The feed's state: how many changes so far and the latest ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreChanges {
    /// Changes seen since the desk started (a window passes back the count
    /// it has seen).
    pub seq: u64,
    recent: VecDeque<(u64, String)>,
}

impl StoreChanges {
    /// The tables changed after `seen` (sorted, no repeats), or [`ALL`]
    /// when that is further back than the feed remembers.
    pub fn since(&self, seen: u64) -> Vec<String> {
        if seen >= self.seq {
            return Vec::new();
        }
        let oldest = self.recent.front().map(|(n, _)| *n).unwrap_or(u64::MAX);
        if seen + 1 < oldest {
            return vec![ALL.to_string()];
        }
        let mut tables: Vec<String> = self
            .recent
            .iter()
            .filter(|(n, _)| *n > seen)
            .map(|(_, t)| t.clone())
            .collect();
        tables.sort();
        tables.dedup();
        tables
    }

    fn push(&mut self, table: &str) {
        self.seq += 1;
        self.recent.push_back((self.seq, table.to_string()));
        while self.recent.len() > KEEP {
            self.recent.pop_front();
        }
    }
}

/// A running feed: its state and the task that listens.
#[derive(Debug, Clone)]
pub struct ChangeFeed {
    rx: watch::Receiver<StoreChanges>,
    task: Arc<tokio::task::JoinHandle<()>>,
}

impl ChangeFeed {
    /// The state now.
    pub fn current(&self) -> StoreChanges {
        self.rx.borrow().clone()
    }

    /// Waits until the count passes `seen` or `timeout` ends; returns the
    /// state then (unchanged on timeout).
    pub async fn wait_past(&self, seen: u64, timeout: Duration) -> StoreChanges {
        let mut rx = self.rx.clone();
        let _ = tokio::time::timeout(timeout, rx.wait_for(|c| c.seq > seen)).await;
        rx.borrow().clone()
    }

    /// Stops listening.
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl CaseStore {
    /// Starts listening for other desks' changes (PostgreSQL only; `None`
    /// for a SQLite store). Needs a tokio runtime; the listener reconnects
    /// by itself after the server went away.
    pub fn watch_changes(&self) -> Option<ChangeFeed> {
        let StoreLocation::Server(url) = self.location() else {
            return None;
        };
        let url = url.clone();
        let (tx, rx) = watch::channel(StoreChanges::default());
        let task = tokio::spawn(async move { listen(url, tx).await });
        Some(ChangeFeed {
            rx,
            task: Arc::new(task),
        })
    }
}

async fn listen(url: String, tx: watch::Sender<StoreChanges>) {
    let mut listener: Option<PgListener> = None;
    loop {
        if tx.is_closed() {
            return;
        }
        let l = match listener.as_mut() {
            Some(l) => l,
            None => match connect(&url).await {
                Ok(l) => {
                    // Whatever happened while not listening is unknown.
                    tx.send_modify(|c| c.push(ALL));
                    listener.insert(l)
                }
                Err(e) => {
                    tracing::debug!(error = %e, "change feed not connected; retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    continue;
                }
            },
        };
        match l.try_recv().await {
            Ok(Some(n)) => {
                let table = n.payload().chars().take(64).collect::<String>();
                tx.send_modify(|c| c.push(&table));
            }
            // The connection was lost; the next try_recv reconnects, and
            // what was sent meanwhile is unknown.
            Ok(None) => tx.send_modify(|c| c.push(ALL)),
            Err(e) => {
                tracing::debug!(error = %e, "change feed lost; reconnecting");
                listener = None;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn connect(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut l = PgListener::connect(url).await?;
    l.listen(CHANNEL).await?;
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_lists_each_table_once_or_everything_when_forgotten() {
        let mut c = StoreChanges::default();
        assert!(c.since(0).is_empty());
        c.push("forwards");
        c.push("calls");
        c.push("forwards");
        assert_eq!(c.since(0), vec!["calls", "forwards"]);
        assert_eq!(c.since(2), vec!["forwards"]);
        assert!(c.since(3).is_empty());
        for _ in 0..KEEP {
            c.push("calls");
        }
        assert_eq!(c.since(1), vec![ALL]);
        assert_eq!(c.since(c.seq - 1), vec!["calls"]);
    }
}
