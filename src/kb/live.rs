//! The index the desk searches, and what happens when it fails in use.
//!
//! The self-check at open (see [`super::index`]) catches damage that is
//! there when the desk starts. Damage it misses, or that happens while the
//! desk runs, shows up as a tantivy error or panic in a search. Then the
//! desk builds the index in memory from the same entries, answers from it
//! at once, and rebuilds the folder in a background thread; the rebuilt
//! index replaces the memory one when it passes its check. A panic inside
//! tantivy never reaches the caller: `guard::guarded` turns it into an error.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;

use super::KnowledgeBase;
use super::guard::guarded;
use super::index::{OpenOutcome, SearchIndex};

/// What the search threads and the rebuild thread share.
#[derive(Debug)]
struct Shared {
    current: RwLock<Arc<SearchIndex>>,
    outcome: Mutex<OpenOutcome>,
    /// The background rebuild, if one was started; also serialises
    /// falling back to memory.
    rebuild: Mutex<Option<JoinHandle<()>>>,
}

/// The index in use: on disk, or in memory after damage, swapped back to
/// disk once a background rebuild succeeded.
#[derive(Debug)]
pub struct LiveIndex {
    dir: PathBuf,
    kb: Arc<KnowledgeBase>,
    shared: Arc<Shared>,
}

impl LiveIndex {
    /// Opens (checks, patches or rebuilds) the index in `dir`; see
    /// [`SearchIndex::open`].
    pub fn open(dir: PathBuf, kb: Arc<KnowledgeBase>) -> Self {
        let (index, outcome) = SearchIndex::open(&dir, &kb);
        Self {
            dir,
            kb,
            shared: Arc::new(Shared {
                current: RwLock::new(Arc::new(index)),
                outcome: Mutex::new(outcome),
                rebuild: Mutex::new(None),
            }),
        }
    }

    /// How the index came to be: the outcome at open, then `InMemory` after
    /// damage in use, then `Rebuilt` once the background rebuild is in.
    pub fn outcome(&self) -> OpenOutcome {
        lock(&self.shared.outcome).clone()
    }

    /// Runs `f` on the index. If tantivy fails or panics, the index is
    /// replaced by one built in memory (a rebuild on disk starts in the
    /// background) and `f` runs again on that. `None` only if the memory
    /// index fails too; that is logged.
    pub fn query<T>(&self, f: impl Fn(&SearchIndex) -> tantivy::Result<T>) -> Option<T> {
        let index = self.current();
        let failure = match guarded(|| f(&index)) {
            Ok(Ok(v)) => return Some(v),
            Ok(Err(e)) => e.to_string(),
            Err(panic) => panic,
        };
        tracing::error!(error = %failure, "search index failed in use");
        self.fall_back_to_memory(&index, &failure);
        let index = self.current();
        match guarded(|| f(&index)) {
            Ok(Ok(v)) => Some(v),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "search failed on the fallback index");
                None
            }
            Err(panic) => {
                tracing::error!(error = %panic, "search failed on the fallback index");
                None
            }
        }
    }

    /// Waits for a background rebuild, if one runs (tests, reload, exit).
    pub fn wait_for_rebuild(&self) {
        let handle = lock(&self.shared.rebuild).take();
        if let Some(h) = handle
            && h.join().is_err()
        {
            tracing::error!("the index rebuild thread panicked");
        }
    }

    /// The index in use now.
    pub fn current(&self) -> Arc<SearchIndex> {
        Arc::clone(
            &self
                .shared
                .current
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Replaces `failed` by an index built in memory and starts rebuilding
    /// the folder, unless another thread did so already or `failed` is the
    /// memory index itself (then there is nothing better to fall back to).
    fn fall_back_to_memory(&self, failed: &Arc<SearchIndex>, reason: &str) {
        let mut rebuild = lock(&self.shared.rebuild);
        if !Arc::ptr_eq(failed, &self.current()) || failed.is_in_memory() {
            return;
        }
        let dictionary = self.kb.dictionary().clone();
        let memory = SearchIndex::build_in_ram(&self.kb, dictionary.clone());
        *self
            .shared
            .current
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(memory);
        let reason = format!("index failed in use ({reason})");
        *lock(&self.shared.outcome) =
            OpenOutcome::InMemory(format!("{reason}; rebuilding in the background"));
        if let Some(previous) = rebuild.take()
            && previous.join().is_err()
        {
            tracing::error!("the index rebuild thread panicked");
        }
        let (dir, kb, shared) = (
            self.dir.clone(),
            Arc::clone(&self.kb),
            Arc::clone(&self.shared),
        );
        *rebuild = Some(std::thread::spawn(
            move || match SearchIndex::rebuild_on_disk(&dir, &kb, dictionary) {
                Ok(index) => {
                    *shared
                        .current
                        .write()
                        .unwrap_or_else(PoisonError::into_inner) = Arc::new(index);
                    *lock(&shared.outcome) = OpenOutcome::Rebuilt(reason);
                    tracing::info!("index rebuilt in the background");
                }
                Err(e) => {
                    tracing::error!(error = %e, "rebuilding the index failed, staying in memory");
                    *lock(&shared.outcome) = OpenOutcome::InMemory(format!(
                        "{reason}; rebuilding failed: {e}; the index is kept in memory this run"
                    ));
                }
            },
        ));
    }
}

/// A mutex's content even if a thread panicked holding it: every value
/// kept here is replaced whole, so none is ever half-written.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    /// The window keeps the desk in a lock shared across threads.
    #[test]
    fn the_desk_stays_shareable_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::LiveIndex>();
        shareable::<crate::Desk>();
    }

    #[test]
    fn a_panic_becomes_an_error_naming_its_place() {
        let e = super::guarded(|| -> u8 { panic!("boom") }).expect_err("caught");
        assert!(e.starts_with("tantivy panicked at src/kb/live.rs:"), "{e}");
        assert_eq!(super::guarded(|| 7), Ok(7));
    }
}
