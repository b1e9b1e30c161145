//! The applications portal-sim holds: a map in memory, optionally kept in
//! a JSON file. The file is rewritten whole, atomically (write a temporary
//! file, fsync, rename, fsync the folder), *before* the submission is
//! answered, so a 201 the client saw survives a restart. Writes are
//! grouped: whoever holds the write lock saves every change made so far,
//! and callers whose change is already in a saved snapshot return at once.
//! The write runs on a blocking thread that finishes even if the request
//! that started it is cancelled (client gone), and the file's generation
//! only ever grows, so an older snapshot never overwrites a newer one.
//! A whole-file rewrite costs O(n) per write; that is fine for a
//! simulator, and the throughput benchmark runs without `--store`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where an application stands at the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Received, not yet decided.
    Submitted,
    /// Accepted by the office.
    Accepted,
    /// Rejected by the office.
    Rejected,
}

/// One stored application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The portal's id.
    pub id: String,
    /// What the citizen notes, `MB-2026-000123`.
    pub reference: String,
    /// Where the citizen finishes (e.g. with eID).
    pub citizen_link: String,
    /// Current state.
    pub state: State,
    /// The key it was submitted with.
    pub idempotency_key: String,
    /// Fingerprint of the body the key is bound to.
    pub body_hash: String,
    /// Service id.
    pub service: String,
    /// `anonymous`, `registered` or `eid`.
    pub applicant_mode: String,
    /// `low`, `substantial` or `high`.
    pub assurance_level: String,
    /// When it arrived, RFC 3339.
    pub created_at: String,
    /// The application's data, as validated.
    pub data: Value,
}

/// What the file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Snapshot {
    format: u32,
    next_number: u64,
    records: Vec<Record>,
}

const FORMAT: u32 = 1;

#[derive(Debug, Default)]
struct Inner {
    records: Vec<Record>,
    by_key: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    next_number: u64,
    /// Bumped on every change; the file holds `on_disk` of them.
    generation: u64,
    /// Each record's JSON, kept so that a snapshot is a concatenation
    /// rather than a re-serialisation of everything (`None`: changed since).
    json: Vec<Option<String>>,
}

/// The outcome of [`Store::insert`].
#[derive(Debug)]
pub enum Insert {
    /// A new application.
    Created(Record),
    /// The key was bound already, to the same body.
    Existing(Record),
    /// The key was bound already, to another body.
    Conflict,
}

/// The applications.
#[derive(Debug)]
pub struct Store {
    inner: Arc<Mutex<Inner>>,
    file: Option<PathBuf>,
    /// The generation the file holds; its lock serialises writers.
    on_disk: Arc<Mutex<u64>>,
}

impl Store {
    /// Opens the store: in memory, or from `file` if it exists.
    pub fn open(file: Option<PathBuf>) -> anyhow::Result<Store> {
        let snapshot = match &file {
            Some(path) if path.exists() => {
                let bytes =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                // A store we cannot read is an error, never a silent empty
                // start: that would lose applications.
                serde_json::from_slice::<Snapshot>(&bytes)
                    .with_context(|| format!("{} is not a portal-sim store", path.display()))?
            }
            _ => Snapshot {
                format: FORMAT,
                next_number: 1,
                records: Vec::new(),
            },
        };
        if snapshot.format != FORMAT {
            anyhow::bail!("store format {} is not {FORMAT}", snapshot.format);
        }
        let mut inner = Inner {
            next_number: snapshot.next_number.max(1),
            ..Inner::default()
        };
        for record in snapshot.records {
            inner.index(record);
        }
        Ok(Store {
            inner: Arc::new(Mutex::new(inner)),
            file,
            on_disk: Arc::new(Mutex::new(0)),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }

    /// The application bound to `key`.
    pub fn by_key(&self, key: &str) -> Option<Record> {
        let inner = self.lock();
        inner.by_key.get(key).map(|&i| inner.records[i].clone())
    }

    /// The application with `id`.
    pub fn by_id(&self, id: &str) -> Option<Record> {
        let inner = self.lock();
        inner.by_id.get(id).map(|&i| inner.records[i].clone())
    }

    /// How many there are, and `limit` of them from `offset`, oldest first.
    pub fn list(&self, offset: usize, limit: usize) -> (usize, Vec<Record>) {
        let inner = self.lock();
        let page = inner
            .records
            .iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect();
        (inner.records.len(), page)
    }

    /// Binds `key` to a new application made by `make` from its running
    /// number, unless the key is bound already. Check and insert happen
    /// under one lock, so two concurrent requests with one key create one
    /// application.
    pub fn insert(&self, key: &str, body_hash: &str, make: impl FnOnce(u64) -> Record) -> Insert {
        let mut inner = self.lock();
        if let Some(&i) = inner.by_key.get(key) {
            let existing = &inner.records[i];
            return if existing.body_hash == body_hash {
                Insert::Existing(existing.clone())
            } else {
                Insert::Conflict
            };
        }
        let number = inner.next_number;
        inner.next_number += 1;
        let record = make(number);
        inner.index(record.clone());
        inner.generation += 1;
        Insert::Created(record)
    }

    /// Sets an application's state (the simulator's stand-in for the office).
    pub fn set_state(&self, id: &str, state: State) -> Option<Record> {
        let mut inner = self.lock();
        let i = *inner.by_id.get(id)?;
        inner.records[i].state = state;
        inner.json[i] = None;
        inner.generation += 1;
        Some(inner.records[i].clone())
    }

    /// Makes every change so far durable (no-op in memory).
    pub async fn persist(&self) -> anyhow::Result<()> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        let wanted = self.lock().generation;
        let (inner, on_disk, path) = (self.inner.clone(), self.on_disk.clone(), path.clone());
        tokio::task::spawn_blocking(move || {
            let mut on_disk = lock(&on_disk);
            if *on_disk >= wanted {
                // A snapshot written meanwhile includes this change.
                return Ok(());
            }
            let (generation, bytes) = {
                let mut inner = lock(&inner);
                let bytes = inner.snapshot_json().context("serialising the store")?;
                (inner.generation, bytes)
            };
            write_atomically(&path, &bytes)?;
            *on_disk = generation;
            Ok(())
        })
        .await
        .context("store writer task")?
    }
}

/// No code path panics while holding a lock; should one ever, the data is
/// still consistent (every change is a single push or assignment).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Inner {
    fn index(&mut self, record: Record) {
        let i = self.records.len();
        self.by_key.insert(record.idempotency_key.clone(), i);
        self.by_id.insert(record.id.clone(), i);
        self.records.push(record);
        self.json.push(None);
    }

    /// The whole store as the file's JSON (a [`Snapshot`]).
    fn snapshot_json(&mut self) -> serde_json::Result<Vec<u8>> {
        let mut out = format!(
            r#"{{"format":{FORMAT},"next_number":{},"records":["#,
            self.next_number
        )
        .into_bytes();
        for (i, record) in self.records.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let cached = match &mut self.json[i] {
                Some(json) => json,
                slot => slot.insert(serde_json::to_string(record)?),
            };
            out.extend_from_slice(cached.as_bytes());
        }
        out.extend_from_slice(b"]}");
        Ok(out)
    }
}

/// Write-then-rename in the same folder, so a reader (or a restart after
/// the sim was killed) sees the old file or the new one, never half of one.
///
/// No fsync, on purpose: what the sim must survive is being killed (the
/// outage and crash tests), and for that the page cache is enough; an
/// fsync per answer would cost ~15 ms and is only worth it against power
/// loss, which a simulator does not need to survive.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = folder.join(tmp_name);
    let mut file =
        std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .with_context(|| format!("writing {}", tmp.display()))?;
    drop(file);
    std::fs::rename(&tmp, path)
        .with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str, hash: &str, number: u64) -> Record {
        Record {
            id: format!("id-{number}"),
            reference: format!("MB-2026-{number:06}"),
            citizen_link: format!("http://sim/finish/id-{number}"),
            state: State::Submitted,
            idempotency_key: key.into(),
            body_hash: hash.into(),
            service: "kfz-abmeldung".into(),
            applicant_mode: "anonymous".into(),
            assurance_level: "low".into(),
            created_at: "2026-11-25T12:00:00Z".into(),
            data: serde_json::json!({"x": 1}),
        }
    }

    #[tokio::test]
    async fn keys_bind_once_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.json");
        let store = Store::open(Some(path.clone())).unwrap();
        let Insert::Created(first) = store.insert("k1", "h1", |n| record("k1", "h1", n)) else {
            panic!("not created");
        };
        assert_eq!(first.reference, "MB-2026-000001");
        assert!(
            matches!(store.insert("k1", "h1", |n| record("k1", "h1", n)), Insert::Existing(r) if r == first)
        );
        assert!(matches!(
            store.insert("k1", "h2", |n| record("k1", "h2", n)),
            Insert::Conflict
        ));
        store.insert("k2", "h2", |n| record("k2", "h2", n));
        store.set_state("id-1", State::Accepted).unwrap();
        store.persist().await.unwrap();
        assert!(!dir.path().join("store.json.tmp").exists());

        let reopened = Store::open(Some(path)).unwrap();
        assert_eq!(reopened.list(0, 10).0, 2);
        assert_eq!(reopened.by_key("k1").unwrap().state, State::Accepted);
        assert_eq!(reopened.by_id("id-2").unwrap().idempotency_key, "k2");
        let Insert::Created(third) = reopened.insert("k3", "h3", |n| record("k3", "h3", n)) else {
            panic!("not created");
        };
        assert_eq!(
            third.reference, "MB-2026-000003",
            "numbers go on after a restart"
        );
    }

    #[test]
    fn an_unreadable_store_is_an_error_not_an_empty_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.json");
        std::fs::write(&path, b"{ not json").unwrap();
        assert!(Store::open(Some(path)).is_err());
    }

    #[test]
    fn paging() {
        let store = Store::open(None).unwrap();
        for i in 0..5 {
            let key = format!("k{i}");
            store.insert(&key, "h", |n| record(&key, "h", n));
        }
        let (total, page) = store.list(3, 10);
        assert_eq!((total, page.len()), (5, 2));
        assert_eq!(page[0].idempotency_key, "k3");
    }
}
