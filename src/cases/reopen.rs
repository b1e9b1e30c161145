//! Opening a store that could not be opened at start, once it can be.
//!
//! A desk whose server was unreachable when it started (a morning with the
//! network still coming up, a server being patched) keeps answering from
//! the knowledge base; without this it would stay without a call log until
//! someone restarts it. The window runs [`reopen_when_reachable`] in the
//! background and attaches the store when it opens.

use std::time::Duration;

use super::db::StoreLocation;
use super::store::CaseStore;
use crate::error::{Error, ErrorCode, Result};

/// The first pause between tries; it doubles up to [`MAX_PAUSE`].
pub const FIRST_PAUSE: Duration = Duration::from_secs(1);
/// The longest pause between tries: a desk notices a server that is back
/// within half a minute, and twenty desks cost the server one connection
/// attempt a second between them.
pub const MAX_PAUSE: Duration = Duration::from_secs(30);

/// Whether trying again can help. A refused login is not tried again: a
/// directory-backed login (LDAP) may lock the person's account after a few
/// wrong tries, and a wrong password does not heal by waiting. Invalid
/// settings (a malformed URL) do not either. An unreachable server, a
/// database not yet created, a full connection table, a schema newer than
/// this desk (until the server is rolled back or the desk updated) can.
pub fn worth_reopening(e: &Error) -> bool {
    e.code() == ErrorCode::StoreFailed
}

/// Tries to open `location` until it opens, pausing [`FIRST_PAUSE`],
/// then twice as long each time up to `max_pause`. `on_failure` hears
/// each failed try (for the log). Ends with the error of a try that is
/// not worth repeating (see [`worth_reopening`]).
pub async fn reopen_when_reachable(
    location: &StoreLocation,
    max_pause: Duration,
    mut on_failure: impl FnMut(&Error),
) -> Result<CaseStore> {
    let mut pause = FIRST_PAUSE.min(max_pause);
    loop {
        tokio::time::sleep(pause).await;
        match CaseStore::open_at(location).await {
            Ok(store) => return Ok(store),
            Err(e) if worth_reopening(&e) => on_failure(&e),
            Err(e) => return Err(e),
        }
        pause = (pause * 2).min(max_pause);
    }
}
