//! The call log: agents, calls with their topics, outcome and notes,
//! forwards with the 115 callback promise, the search log and the audit
//! log, in one SQLite file (`<data>/auskunft.sqlite3`) through sqlx.
//!
//! [`CaseStore`] writes every change together with its audit row in one
//! `BEGIN IMMEDIATE` transaction, so a crash leaves either both or neither,
//! and two desks on one file queue for the write lock (within the busy
//! timeout) instead of failing with "database is locked". [`crate::Desk`]
//! adds what needs the knowledge base (topics and offices must be entries)
//! and the signed-in agent.

pub mod bench;
mod model;
mod retention;
pub mod seed;
mod settings;
// Crate-visible so that other parts of the core that must write in the
// same transaction as a call event (the portal handoff's outbox) can use
// `CaseStore::write`, `store::Fail` and `store::audit`.
pub(crate) mod store;

pub use model::{
    Agent, AgentId, Call, CallId, CallerContact, Forward, ForwardId, ForwardStatus, NewForward,
    OpenForward, Outcome, ReplyChannel, Role, SearchId, due_in_words,
};
pub use retention::{DEFAULT_RETENTION_DAYS, RetentionReport, spawn_daily_retention};
pub use settings::{DeskSettings, PER_AGENT_FIGURES_LABEL, PER_AGENT_FIGURES_REASON};
pub use store::{BUSY_TIMEOUT, CaseStore, STORE_FILE};
