//! The call log: agents, calls with their topics, outcome and notes,
//! forwards with the 115 callback promise, the search log and the audit
//! log, in one SQLite file (`<data>/auskunft.sqlite3`) for a single desk or
//! in a centre's PostgreSQL database shared by every desk, through sqlx
//! (`db.rs` names the differences).
//!
//! [`CaseStore`] writes every change together with its audit row in one
//! transaction, so a crash leaves either both or neither, and desks on one
//! store queue for what they both change (SQLite's write lock, PostgreSQL's
//! row locks) instead of failing. [`crate::Desk`]
//! adds what needs the knowledge base (topics and offices must be entries)
//! and the signed-in agent.

mod access;
pub(crate) mod audit;
pub mod bench;
mod centre;
mod changes;
pub(crate) mod db;
pub(crate) mod fail;
mod limits;
mod model;
mod password;
mod reopen;
mod request;
mod retention;
pub mod seed;
mod settings;
// Crate-visible so that other parts of the core that must write in the
// same transaction as a call event (the portal handoff's outbox) can use
// `CaseStore::write`, with `fail::Fail` and `audit::audit` beside it.
pub(crate) mod store;

pub use access::{Access, FREE_TRIES, MIN_PASSWORD, SignInKind, wait_after};
pub use centre::{CentreSetting, CentreSettings, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS};
pub use changes::{ALL as ALL_CHANGED, ChangeFeed, StoreChanges};
pub use db::{Backend, DATABASE_URL_ENV, StoreLocation, redact_url};
pub use model::{
    Agent, AgentId, Call, CallId, CallerContact, Forward, ForwardCounts, ForwardDone, ForwardId,
    ForwardScope, ForwardStatus, MAX_NAME, MAX_NOTES, MAX_QUESTION, NewForward, OpenForward,
    OpenForwardList, Outcome, ReplyChannel, Role, SearchId, due_in_words,
};
// How every table stores an instant (UTC milliseconds), for the outbox's
// SQL in `handoff::outbox`.
pub(crate) use model::{from_ms, to_ms};
pub use reopen::{MAX_PAUSE as REOPEN_MAX_PAUSE, reopen_when_reachable, worth_reopening};
pub use request::RequestKey;
pub use retention::{DEFAULT_RETENTION_DAYS, RetentionReport, spawn_daily_retention};
pub use settings::{
    DeskSettings, PER_AGENT_FIGURES_LABEL, PER_AGENT_FIGURES_REASON, StoreSettings,
};
pub use store::{BUSY_TIMEOUT, CaseStore, RESEND_WINDOW, STORE_FILE};
