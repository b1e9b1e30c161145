//! Every statement the figures read with, in one place, so that the query
//! plans the benchmark prints and the test asserts are the plans of the
//! very statements the figures run.

use sqlx::AnyConnection;
use sqlx::Row;

use crate::cases::db::Backend;

use super::period::{Period, midnight_ms};

/// Calls by UTC hour and outcome: a primary-key range of `stats_hours`.
pub(crate) const HOURS: &str = "SELECT hour, outcome, calls, handling_ms FROM stats_hours \
     WHERE hour >= $1 AND hour < $2";

/// The handling-time histogram: a primary-key range of `stats_durations`.
pub(crate) const DURATIONS: &str = "SELECT seconds, CAST(SUM(calls) AS BIGINT) FROM stats_durations \
     WHERE day >= $1 AND day < $2 GROUP BY seconds ORDER BY seconds";

/// Topics by outcome: a primary-key range of `stats_topic_days`.
pub(crate) const TOPICS: &str = "SELECT entry_id, outcome, CAST(SUM(calls) AS BIGINT) FROM stats_topic_days \
     WHERE day >= $1 AND day < $2 GROUP BY entry_id, outcome";

/// Different agents with calls in a period: one index probe per agent on
/// `calls_agent_started_at`, whatever the period's length.
const TEAM_SQLITE: &str = "SELECT COUNT(*) FROM agents a WHERE EXISTS \
     (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.started_at >= $1 AND c.started_at < $2)";

/// The same count on the centre's store, where a supervisor may not read
/// other agents' calls: the owner's function `auskunft_team` (migration
/// postgres/0003) runs the statement above and returns only the count.
const TEAM_POSTGRES: &str = "SELECT auskunft_team($1, $2)";

/// The team-size statement of `backend`.
pub(crate) fn team(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => TEAM_SQLITE,
        Backend::Postgres => TEAM_POSTGRES,
    }
}

/// Failed searches by their text. The first condition repeats the partial
/// index's WHERE clause verbatim: that is what lets SQLite use
/// `search_log_gaps`. Texts emptied by retention form one group of `''`,
/// which `gaps.rs` drops: a `query <> ''` here would make SQLite prefer the
/// retention index, which holds every search, not only the gaps.
pub(crate) const GAPS: &str = "SELECT query, COUNT(*), \
     SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END), MAX(at) FROM search_log \
     WHERE (opened_entry_id IS NULL OR result_count = 0) AND at >= $1 AND at < $2 \
     GROUP BY query";

/// Forwards of a period: written, judged (done, or open past due at $3),
/// on time. Covered by `forwards_created`.
pub(crate) const FORWARDS: &str = "SELECT COUNT(*), \
     COALESCE(SUM(CASE WHEN done_at IS NOT NULL OR due_at < $3 THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN done_at IS NOT NULL AND done_at <= due_at THEN 1 ELSE 0 END), 0) \
     FROM forwards WHERE created_at >= $1 AND created_at < $2";

/// Open and overdue forwards now: covered by `forwards_status_due`.
pub(crate) const FORWARDS_OPEN: &str = "SELECT COUNT(*), \
     COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) \
     FROM forwards WHERE status = 'open'";

/// The oldest overdue forwards: `forwards_status_due` in order.
pub(crate) const OVERDUE: &str = "SELECT id, call_id, office_id, created_at, due_at \
     FROM forwards WHERE status = 'open' AND due_at < $1 ORDER BY due_at, id LIMIT $2";

/// Calls per agent and outcome, only when per-agent figures are on.
/// Read from the calls' facts (`call_facts`, migrations sqlite/0007 and
/// postgres/0003), which name the agent only while the switch is on: no
/// aggregate keeps figures per person, and with the switch off the store
/// itself gives no agent to group by, whoever asks.
pub(crate) const AGENTS: &str = "SELECT c.agent_id, a.name, \
     CASE WHEN c.ended_at IS NULL THEN '' ELSE c.outcome END, COUNT(*), \
     CAST(COALESCE(SUM(c.ended_at - c.started_at), 0) AS BIGINT) \
     FROM call_facts c JOIN agents a ON a.id = c.agent_id \
     WHERE c.started_at >= $1 AND c.started_at < $2 GROUP BY c.agent_id, a.name, 3";

/// Portal applications written in a period, by service and state, with
/// the oldest of each group: `handoff_outbox_created`.
pub(crate) const HANDOFFS: &str = "SELECT service, state, COUNT(*), MIN(created_at) \
     FROM handoff_outbox WHERE created_at >= $1 AND created_at < $2 \
     GROUP BY service, state ORDER BY service, state";

/// Applications the portal does not have yet: the partial indexes on
/// pending and leased rows.
pub(crate) const HANDOFFS_PENDING: &str =
    "SELECT COUNT(*) FROM handoff_outbox WHERE state IN ('pending', 'delivering')";

/// The oldest application the portal does not have yet.
pub(crate) const HANDOFF_OLDEST_PENDING: &str = "SELECT id, service, state, created_at \
     FROM handoff_outbox WHERE state IN ('pending', 'delivering') \
     ORDER BY created_at, id LIMIT 1";

/// The query plan of every statement the figures run for `period`, as
/// `(name, plan)` with the plan's lines joined by " | " (SQLite's
/// `EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN`). The benchmark prints
/// them; a test asserts the indexes they use.
pub async fn query_plans(
    c: &mut AnyConnection,
    period: &Period,
) -> Result<Vec<(&'static str, String)>, sqlx::Error> {
    let (h0, h1) = period.hour_range();
    let (d0, d1) = period.day_range();
    let (m0, m1) = period.ms_range();
    // The per-day team count for the period's first day.
    let backend = Backend::of(c);
    let by_day = team_by_day(backend, 1);
    let first = super::keys::day_number(period.from());
    let first_end = midnight_ms(period.from().succ_opt().unwrap_or(period.from()));
    let statements: [(&'static str, &str, Vec<i64>); 13] = [
        ("hours", HOURS, vec![h0, h1]),
        ("durations", DURATIONS, vec![d0, d1]),
        ("topics", TOPICS, vec![d0, d1]),
        ("team", team(backend), vec![m0, m1]),
        ("team_by_day", &by_day, vec![first, m0, first_end]),
        ("gaps", GAPS, vec![m0, m1]),
        ("forwards", FORWARDS, vec![m0, m1, m1]),
        ("forwards_open", FORWARDS_OPEN, vec![m1]),
        ("overdue", OVERDUE, vec![m1, 20]),
        ("per_agent", AGENTS, vec![m0, m1]),
        ("handoffs", HANDOFFS, vec![m0, m1]),
        ("handoffs_pending", HANDOFFS_PENDING, vec![]),
        ("handoff_oldest", HANDOFF_OLDEST_PENDING, vec![]),
    ];
    let (explain, column) = match backend {
        Backend::Sqlite => ("EXPLAIN QUERY PLAN", "detail"),
        Backend::Postgres => ("EXPLAIN", "QUERY PLAN"),
    };
    let mut out = Vec::with_capacity(statements.len());
    for (name, sql, args) in statements {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!("{explain} {sql}")));
        for a in args {
            q = q.bind(a);
        }
        let rows = q.fetch_all(&mut *c).await?;
        let lines: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>(column).map(|l| l.trim().to_string()))
            .collect::<Result<_, _>>()?;
        out.push((name, lines.join(" | ")));
    }
    Ok(out)
}

/// Different agents per day, for the days given as `(day, start_ms,
/// end_ms)` rows of a VALUES list with `days` rows: one index probe per
/// agent and day. The backend's bulk placeholders (see `cases::db`).
pub(crate) fn team_by_day(backend: Backend, days: usize) -> String {
    let rows = backend.bulk_values(3, days.max(1));
    match backend {
        Backend::Sqlite => format!(
            "WITH days (day, start_ms, end_ms) AS ({rows}) \
             SELECT d.day, (SELECT COUNT(*) FROM agents a WHERE EXISTS \
             (SELECT 1 FROM calls c WHERE c.agent_id = a.id \
             AND c.started_at >= d.start_ms AND c.started_at < d.end_ms)) FROM days d"
        ),
        // See TEAM_POSTGRES.
        Backend::Postgres => format!(
            "WITH days (day, start_ms, end_ms) AS ({rows}) \
             SELECT d.day, auskunft_team(CAST(d.start_ms AS BIGINT), CAST(d.end_ms AS BIGINT)) \
             FROM days d"
        ),
    }
}
