//! Keeping the aggregate tables in step with the call log.
//!
//! The single-row functions run inside the `CaseStore::write` transaction
//! of the change they follow (start, topic, outcome, end), so a call and
//! its counts commit together or not at all. [`Tally`] sums many calls in
//! memory and upserts the sums in bulk: the demo seed's batches and
//! [`rebuild`] use it.
//!
//! Statements are portable (`ON CONFLICT … DO UPDATE`, PostgreSQL ≥ 9.5)
//! except the bulk upserts, which use SQLite's anonymous `?` parameters for
//! the reason given in `cases::seed` (numbered ones are looked up by a
//! linear search while SQLite prepares a statement).

use std::collections::HashMap;

use sqlx::sqlite::{Sqlite, SqliteArguments, SqliteConnection};
use sqlx::{AssertSqlSafe, Row};

use super::keys::{berlin_day, hour_of, outcome_key};
use crate::cases::store::{CaseStore, Fail, audit};
use crate::cases::{CallId, Outcome};
use crate::error::Result;

const UPSERT_HOUR: &str = "INSERT INTO stats_hours (hour, outcome, calls, handling_ms) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (hour, outcome) DO UPDATE SET \
     calls = stats_hours.calls + excluded.calls, \
     handling_ms = stats_hours.handling_ms + excluded.handling_ms";

const UPSERT_TOPIC: &str = "INSERT INTO stats_topic_days (day, entry_id, outcome, calls) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (day, entry_id, outcome) DO UPDATE SET \
     calls = stats_topic_days.calls + excluded.calls";

const UPSERT_DURATION: &str = "INSERT INTO stats_durations (day, seconds, calls) \
     VALUES ($1, $2, $3) ON CONFLICT (day, seconds) DO UPDATE SET \
     calls = stats_durations.calls + excluded.calls";

async fn add_hour(
    c: &mut SqliteConnection,
    hour: i64,
    outcome: &str,
    calls: i64,
    handling_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(UPSERT_HOUR)
        .bind(hour)
        .bind(outcome)
        .bind(calls)
        .bind(handling_ms)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// A call started at `started_ms`: one more running call in its hour.
pub(crate) async fn call_started(
    c: &mut SqliteConnection,
    started_ms: i64,
) -> Result<(), sqlx::Error> {
    add_hour(c, hour_of(started_ms), "", 1, 0).await
}

/// A topic was added (`delta` 1) to or removed (-1) from a call that
/// started at `started_ms` and now counts as `outcome` (see
/// [`outcome_key`]).
pub(crate) async fn topic_changed(
    c: &mut SqliteConnection,
    started_ms: i64,
    outcome: &str,
    entry_id: &str,
    delta: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(UPSERT_TOPIC)
        .bind(berlin_day(started_ms))
        .bind(entry_id)
        .bind(outcome)
        .bind(delta)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// A call ended with `outcome`: it moves from running to the outcome in its
/// hour and with each of its topics, and its handling time joins the
/// histogram.
pub(crate) async fn call_ended(
    c: &mut SqliteConnection,
    call: CallId,
    started_ms: i64,
    ended_ms: i64,
    outcome: Outcome,
) -> Result<(), sqlx::Error> {
    let hour = hour_of(started_ms);
    let handling = ended_ms - started_ms;
    add_hour(c, hour, "", -1, 0).await?;
    add_hour(c, hour, outcome.as_str(), 1, handling).await?;
    let day = berlin_day(started_ms);
    move_topics(c, call, day, "", outcome.as_str()).await?;
    sqlx::query(UPSERT_DURATION)
        .bind(day)
        .bind(handling.div_euclid(1000))
        .bind(1_i64)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// The outcome of an ended call changed from `old` to `new`.
pub(crate) async fn outcome_changed(
    c: &mut SqliteConnection,
    call: CallId,
    started_ms: i64,
    ended_ms: i64,
    old: Outcome,
    new: Outcome,
) -> Result<(), sqlx::Error> {
    if old == new {
        return Ok(());
    }
    let hour = hour_of(started_ms);
    let handling = ended_ms - started_ms;
    add_hour(c, hour, old.as_str(), -1, -handling).await?;
    add_hour(c, hour, new.as_str(), 1, handling).await?;
    move_topics(c, call, berlin_day(started_ms), old.as_str(), new.as_str()).await
}

/// Moves every topic of `call` from outcome `from` to `to` on `day`.
async fn move_topics(
    c: &mut SqliteConnection,
    call: CallId,
    day: i64,
    from: &str,
    to: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE stats_topic_days SET calls = calls - 1 \
         WHERE day = $1 AND outcome = $2 \
         AND entry_id IN (SELECT entry_id FROM call_topics WHERE call_id = $3)",
    )
    .bind(day)
    .bind(from)
    .bind(call.0)
    .execute(&mut *c)
    .await?;
    // The WHERE clause also resolves SQLite's parsing ambiguity between
    // INSERT … SELECT and the ON CONFLICT clause.
    sqlx::query(
        "INSERT INTO stats_topic_days (day, entry_id, outcome, calls) \
         SELECT $1, entry_id, $2, 1 FROM call_topics WHERE call_id = $3 \
         ON CONFLICT (day, entry_id, outcome) DO UPDATE SET \
         calls = stats_topic_days.calls + 1",
    )
    .bind(day)
    .bind(to)
    .bind(call.0)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Sums of many calls, kept in memory and upserted in bulk by
/// [`Tally::flush`]. Sums add up across flushes, so calls can be fed in
/// batches of any size.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    hours: HashMap<(i64, &'static str), (i64, i64)>,
    topics: HashMap<(i64, String, &'static str), i64>,
    durations: HashMap<(i64, i64), i64>,
}

/// Parameters per bulk statement, far below SQLite's 32,766.
const PARAMS_PER_STATEMENT: usize = 6_000;

impl Tally {
    /// Counts a call: started at `started_ms`, ended at `ended_ms` (if it
    /// has), with its outcome.
    pub(crate) fn call(
        &mut self,
        started_ms: i64,
        ended_ms: Option<i64>,
        outcome: Option<Outcome>,
    ) {
        let key = outcome_key(ended_ms.is_some(), outcome);
        let handling = ended_ms.map(|e| e - started_ms).unwrap_or(0);
        let slot = self.hours.entry((hour_of(started_ms), key)).or_default();
        slot.0 += 1;
        slot.1 += handling;
        if ended_ms.is_some() {
            *self
                .durations
                .entry((berlin_day(started_ms), handling.div_euclid(1000)))
                .or_default() += 1;
        }
    }

    /// Counts one topic of a call counted with [`Tally::call`].
    pub(crate) fn topic(
        &mut self,
        started_ms: i64,
        ended: bool,
        outcome: Option<Outcome>,
        entry_id: &str,
    ) {
        let key = (
            berlin_day(started_ms),
            entry_id.to_string(),
            outcome_key(ended, outcome),
        );
        *self.topics.entry(key).or_default() += 1;
    }

    /// Adds the sums to the tables and empties the tally.
    pub(crate) async fn flush(&mut self, c: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        let hours: Vec<_> = self.hours.drain().collect();
        upsert(
            c,
            "INSERT INTO stats_hours (hour, outcome, calls, handling_ms)",
            4,
            "ON CONFLICT (hour, outcome) DO UPDATE SET calls = stats_hours.calls + excluded.calls, \
             handling_ms = stats_hours.handling_ms + excluded.handling_ms",
            &hours,
            |q, ((hour, outcome), (calls, ms))| q.bind(*hour).bind(*outcome).bind(*calls).bind(*ms),
        )
        .await?;
        let topics: Vec<_> = self.topics.drain().collect();
        upsert(
            c,
            "INSERT INTO stats_topic_days (day, entry_id, outcome, calls)",
            4,
            "ON CONFLICT (day, entry_id, outcome) DO UPDATE SET \
             calls = stats_topic_days.calls + excluded.calls",
            &topics,
            |q, ((day, entry, outcome), calls)| {
                q.bind(*day).bind(entry.clone()).bind(*outcome).bind(*calls)
            },
        )
        .await?;
        let durations: Vec<_> = self.durations.drain().collect();
        upsert(
            c,
            "INSERT INTO stats_durations (day, seconds, calls)",
            3,
            "ON CONFLICT (day, seconds) DO UPDATE SET calls = stats_durations.calls + excluded.calls",
            &durations,
            |q, ((day, seconds), calls)| q.bind(*day).bind(*seconds).bind(*calls),
        )
        .await
    }
}

type Query = sqlx::query::Query<'static, Sqlite, SqliteArguments>;

/// Multi-row upserts of up to [`PARAMS_PER_STATEMENT`] parameters.
async fn upsert<R>(
    c: &mut SqliteConnection,
    head: &str,
    columns: usize,
    tail: &str,
    rows: &[R],
    bind: impl Fn(Query, &R) -> Query,
) -> Result<(), sqlx::Error> {
    let per = (PARAMS_PER_STATEMENT / columns).max(1);
    let tuple = format!("({})", vec!["?"; columns].join(","));
    for chunk in rows.chunks(per) {
        let mut sql =
            String::with_capacity(head.len() + tail.len() + chunk.len() * (tuple.len() + 1) + 16);
        sql.push_str(head);
        sql.push_str(" VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&tuple);
        }
        sql.push(' ');
        sql.push_str(tail);
        let mut q: Query = sqlx::query(AssertSqlSafe(sql));
        for r in chunk {
            q = bind(q, r);
        }
        q.execute(&mut *c).await?;
    }
    Ok(())
}

/// Calls read per round while rebuilding.
const REBUILD_CHUNK: i64 = 20_000;

/// Recomputes every aggregate from the call log, in one transaction (with
/// its audit row): for a store whose aggregates are in doubt, and for the
/// tests, which compare it with what the writes kept in step. Returns the
/// number of calls read.
pub async fn rebuild(store: &CaseStore) -> Result<u64> {
    store
        .write("rebuilding the figures", async |c| {
            for table in ["stats_hours", "stats_topic_days", "stats_durations"] {
                sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
                    .execute(&mut *c)
                    .await?;
            }
            let mut tally = Tally::default();
            let mut last = 0_i64;
            let mut calls = 0_u64;
            loop {
                let rows = sqlx::query(
                    "SELECT id, started_at, ended_at, outcome FROM calls \
                     WHERE id > $1 ORDER BY id LIMIT $2",
                )
                .bind(last)
                .bind(REBUILD_CHUNK)
                .fetch_all(&mut *c)
                .await?;
                let Some(first_row) = rows.first() else { break };
                let first: i64 = first_row.try_get(0)?;
                let mut seen: HashMap<i64, (i64, bool, Option<Outcome>)> =
                    HashMap::with_capacity(rows.len());
                for r in &rows {
                    let id: i64 = r.try_get(0)?;
                    let started: i64 = r.try_get(1)?;
                    let ended: Option<i64> = r.try_get(2)?;
                    let outcome: Option<String> = r.try_get(3)?;
                    let outcome = outcome.as_deref().map(Outcome::parse).transpose()?;
                    tally.call(started, ended, outcome);
                    seen.insert(id, (started, ended.is_some(), outcome));
                    last = id;
                }
                calls += rows.len() as u64;
                let topics = sqlx::query(
                    "SELECT call_id, entry_id FROM call_topics \
                     WHERE call_id >= $1 AND call_id <= $2",
                )
                .bind(first)
                .bind(last)
                .fetch_all(&mut *c)
                .await?;
                for t in &topics {
                    let call: i64 = t.try_get(0)?;
                    let entry: String = t.try_get(1)?;
                    if let Some((started, ended, outcome)) = seen.get(&call) {
                        tally.topic(*started, *ended, *outcome, &entry);
                    }
                }
                tally.flush(c).await?;
            }
            let detail = format!("{calls} calls");
            audit(
                c,
                chrono::Utc::now().timestamp_millis(),
                None,
                "stats.rebuild",
                "stats_hours",
                None,
                Some(&detail),
            )
            .await?;
            Ok::<u64, Fail>(calls)
        })
        .await
}
