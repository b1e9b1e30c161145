//! One integration-test binary (ripgrep style): modules per area, all
//! against the real shipped knowledge base, a real tantivy index in a temp
//! folder and the real CLI binary.

mod common;
// The store's suites run on SQLite and PostgreSQL (`on_both_backends!`).
#[macro_use]
mod backends;

mod cli;
mod index;
// The core's files import each other without cycles.
mod kb_location;
mod layering;
mod queries_never_fail;
mod search_table;
mod validator;

// The call log (issue 4): store, calendar, retention, crash and
// concurrency, and its CLI.
mod case_store;
mod cli_calls;
mod crash;
mod retention;
mod service_calendar;
mod store_support;
// The centre: many desks on one store (both backends; PostgreSQL-only
// where only a server can meet the situation).
mod centre;
// Who may see what: logins, roles, row-level security, the desk's
// supervisor password.
mod roles;

// The supervisor's figures (issue 6): a hand-built week, calendar edges,
// privacy, CSV and CLI, the migration's backfill.
mod dates_never_fail;
mod figures;
mod figures_calendar;
mod figures_cli;
mod figures_migration;
mod figures_privacy;
mod figures_support;

// The portal handoff (issue 5): outbox, delivery worker and CLI against a
// real portal-sim.
mod handoff;
mod handoff_cli;
mod handoff_support;
mod handoff_window;

// Hardening: one place for each rule (contacts, quoting rejected values,
// the token as a secret) and fuzz targets as property tests.
mod contact_rules;
mod fuzz_inputs;
mod rejected_values;
mod secrets;
