//! Reading the index with a panic guard: a damaged index file may make
//! tantivy panic; [`guarded`] turns that panic into an error, and keeps
//! its message (which could quote indexed text) off the terminal. Used by
//! the self-check at open (`index`) and by every search (`live`).

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs [`guarded`] code, so the panic hook
    /// keeps a caught tantivy panic off the terminal.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// Where the last guarded panic of this thread happened.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `f`, turning a panic into an error text ("tantivy panicked at
/// file:line"). Only for code that reads the index: after a panic the
/// index it was reading is not used again, so nothing half-updated is
/// observed (hence `AssertUnwindSafe`).
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    QUIET_HOOK.call_once(install_quiet_hook);
    let outer = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|_| {
        let at = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "an unknown place".into());
        format!("tantivy panicked at {at}")
    })
}

/// Chains a hook in front of the current one: a panic inside [`guarded`]
/// is logged (its place only: a message could quote indexed text) instead
/// of printed, every other panic goes to the previous hook as before.
fn install_quiet_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.try_with(Cell::get).unwrap_or(false) {
            let at = info
                .location()
                .map_or_else(|| "an unknown place".into(), |l| l.to_string());
            tracing::error!(at = %at, "panic inside the search index, caught");
            if LAST_PANIC.try_with(|p| p.replace(Some(at))).is_err() {
                tracing::debug!("thread ending: the panic's place is not kept");
            }
        } else {
            previous(info);
        }
    }));
}
