//! `auskunft bench calls`: how long logging a whole call takes on a real
//! file — start, two topics, notes, end, each its own durable transaction
//! through [`Desk`], as an agent's desk does it — and the floor a store's
//! server sets for any durable write ([`commit_floor`]).

use std::fmt;
use std::time::{Duration, Instant};

use crate::Desk;
use crate::cases::fail::store_error;
use crate::cases::{Backend, CaseStore, Outcome};
use crate::error::{Error, Result};
use crate::kb::EntryKind;

/// Calls logged before measuring, so that opening connections and
/// preparing statements do not count.
const WARM_UP: usize = 20;

/// Latency of logging one whole call.
#[derive(Debug, Clone)]
pub struct CallBenchReport {
    /// Calls measured.
    pub n: usize,
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest.
    pub max: Duration,
    /// Wall time for all measured calls.
    pub total: Duration,
}

impl fmt::Display for CallBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "calls={} p50={:.2}ms p99={:.2}ms max={:.2}ms total={:.2}s \
             (per call: start, 2 topics, notes, end; each a durable transaction)",
            self.n,
            ms(self.p50),
            ms(self.p99),
            ms(self.max),
            self.total.as_secs_f64()
        )
    }
}

/// Logs `n` whole calls through `desk` (store open, agent signed in) and
/// reports the per-call latency.
pub async fn run_call_bench(desk: &Desk, n: usize) -> Result<CallBenchReport> {
    let services: Vec<String> = desk
        .kb()
        .entries
        .values()
        .filter(|e| e.kind == EntryKind::Service)
        .map(|e| e.id.clone())
        .collect();
    if services.len() < 2 {
        return Err(Error::invalid(
            "kb",
            "the benchmark needs two service entries",
        ));
    }
    let mut times = Vec::with_capacity(n);
    let mut all = Instant::now();
    for i in 0..WARM_UP + n {
        if i == WARM_UP {
            all = Instant::now();
        }
        let t = Instant::now();
        let call = desk.start_call().await?;
        desk.add_topic(call, &services[i % services.len()]).await?;
        desk.add_topic(call, &services[(i + 1) % services.len()])
            .await?;
        desk.save_notes(call, "Unterlagen erklärt, Termin online empfohlen.")
            .await?;
        desk.end_call(call, Some(Outcome::Answered)).await?;
        if i >= WARM_UP {
            times.push(t.elapsed());
        }
    }
    let total = all.elapsed();
    times.sort_unstable();
    let at = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).saturating_sub(1);
        times.get(i).copied().unwrap_or_default()
    };
    Ok(CallBenchReport {
        n: times.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: times.last().copied().unwrap_or_default(),
        total,
    })
}

/// One durable write that does nothing else, timed as a desk's write is
/// timed: a connection from the pool (with its ping), one round trip, and a
/// COMMIT the server flushes to disk before it answers. It bumps the
/// counter of the one-row `store_probe` table: a real change, so the
/// commit waits for the WAL flush like a call's write does. (A transaction
/// that only takes an id, `SELECT txid_current()`, is not enough:
/// PostgreSQL commits a transaction that wrote no WAL without waiting for
/// the disk.) A whole call of k writes, each sent after the agent's
/// pause, cannot be faster than k of these sent after the same pause: this
/// is the part of a call's time that belongs to the server and the
/// machine, not to the desk's statements.
///
/// PostgreSQL only (`None` on a SQLite file: a centre's target).
pub async fn commit_floor(store: &CaseStore) -> Result<Option<Duration>> {
    if store.backend() != Backend::Postgres {
        return Ok(None);
    }
    let t = Instant::now();
    sqlx::query(
        "INSERT INTO store_probe (id, probes) VALUES (1, 1) \
         ON CONFLICT (id) DO UPDATE SET probes = store_probe.probes + 1",
    )
    .execute(store.pool())
    .await
    .map_err(|e| store_error("measuring a durable commit", &e))?;
    Ok(Some(t.elapsed()))
}
