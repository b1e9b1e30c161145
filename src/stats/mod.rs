//! The supervisor's figures: the 115 service figures of any period of
//! Europe/Berlin days, computed by SQL in the store.
//!
//! Layout:
//! - [`Period`] (`period.rs`): `[from, to)` in Berlin days, presets and
//!   labels; `keys.rs`: the aggregate tables' keys (UTC hour, Berlin day).
//! - `maintain.rs`: keeps the aggregate tables (`stats_hours`,
//!   `stats_topic_days`, `stats_durations`, migration 0003) in step with
//!   every write of the call log, in the write's own transaction; `Tally`
//!   for bulk loads. `rebuild.rs`: [`rebuild`], every aggregate again from
//!   the call log.
//! - `read.rs`: [`compute`] — every figure in one read transaction; the
//!   parts in `gaps.rs` (knowledge gaps), `forwards.rs` (24-hour promise),
//!   `handoffs.rs` (portal outbox, empty until it exists), `agents.rs`
//!   (per agent, only when switched on).
//! - [`Figures`] and its parts (`figures.rs`): plain data with German
//!   labels, rendered by the CLI and the window, never recomputed there.
//! - `csv.rs` and `export.rs`: CSV for German Excel (figures; the
//!   anonymised call list).
//! - `sql.rs`: every statement, and [`query_plans`] over them.
//! - `bench.rs`: `auskunft bench stats`.
//!
//! First-contact resolution has one definition:
//! [`OutcomeCounts::first_contact`] over
//! [`crate::cases::Outcome::is_first_contact`] and
//! [`crate::cases::Outcome::counts_for_first_contact`].

mod agents;
pub mod bench;
pub mod csv;
mod export;
mod figures;
mod forwards;
mod gaps;
mod handoffs;
mod keys;
pub(crate) mod maintain;
mod period;
mod read;
mod rebuild;
mod sql;
mod values;

pub use export::write_calls_csv;
pub use figures::{
    AgentFigures, DayFigures, FCR_TARGET, Figures, ForwardFigures, Handling, HandoffFigures,
    HandoffGroup, MIN_JUDGED, MIN_TEAM, OVERDUE_LISTED, OutcomeCounts, OutcomeFigure,
    OverdueForward, PendingHandoff, Rate, SearchGap, StaleEntry, TOP_GAPS, TOP_TOPICS, TopicFigure,
    WEEKDAYS_SHORT, WITHHELD_NOTE,
};
pub use gaps::gap_key;
pub use handoffs::{service_label, state_label};
pub(crate) use keys::outcome_key;
pub use keys::{date_of_day, day_number};
pub(crate) use maintain::Tally;
pub use period::{MAX_DAYS, Period, parse_date};
pub use read::{FigureOptions, compute};
pub use rebuild::rebuild;
pub use sql::query_plans;
