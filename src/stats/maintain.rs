//! Keeping the aggregate tables in step with the call log.
//!
//! The single-row functions run inside the `CaseStore::write` transaction
//! of the change they follow (start, topic, outcome, end), so a call and
//! its counts commit together or not at all. [`Tally`] sums many calls in
//! memory and upserts the sums in bulk: the demo seed's batches and
//! `rebuild` use it.
//!
//! Statements are portable (`ON CONFLICT … DO UPDATE`, PostgreSQL ≥ 9.5);
//! the bulk upserts go through `cases::db::bulk`, which writes each
//! backend's placeholders.
//!
//! Many desks at once (PostgreSQL): an upsert is atomic, so concurrent
//! calls never lose an increment. Each transaction takes the aggregate
//! rows it changes in one order — the hour's rows by outcome key, then the
//! topics by entry id, then the duration — so two transactions never wait
//! for each other in a circle.

use std::collections::HashMap;

use sqlx::AnyConnection;

use super::keys::{berlin_day, hour_of, outcome_key};
use crate::cases::db::bulk as upsert;
use crate::cases::{CallId, Outcome};
use crate::error::Result;

const UPSERT_HOUR: &str = "INSERT INTO stats_hours (hour, outcome, calls, handling_ms) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (hour, outcome) DO UPDATE SET \
     calls = stats_hours.calls + excluded.calls, \
     handling_ms = stats_hours.handling_ms + excluded.handling_ms";

const UPSERT_TOPIC: &str = "INSERT INTO stats_topic_days (day, entry_id, outcome, calls) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (day, entry_id, outcome) DO UPDATE SET \
     calls = stats_topic_days.calls + excluded.calls";

/// Two hour rows at once (see [`Move`]); `$1` the hour, then outcome,
/// calls and handling ms of each row.
const MOVE_HOUR: &str = "INSERT INTO stats_hours (hour, outcome, calls, handling_ms) \
     VALUES ($1, $2, $3, $4), ($1, $5, $6, $7) ON CONFLICT (hour, outcome) DO UPDATE SET \
     calls = stats_hours.calls + excluded.calls, \
     handling_ms = stats_hours.handling_ms + excluded.handling_ms";

/// A call's topics from one outcome to another (see [`Move`]): `$1` the
/// day, `$2`/`$3` and `$4`/`$5` outcome and change of each side, `$6`
/// the call. The casts give PostgreSQL the types of the selected
/// parameters; the WHERE is also what SQLite needs to read `ON CONFLICT`
/// after a SELECT as the upsert's.
const MOVE_TOPICS: &str = "INSERT INTO stats_topic_days (day, entry_id, outcome, calls) \
     SELECT CAST($1 AS BIGINT), t.entry_id, m.outcome, m.delta FROM call_topics t \
     CROSS JOIN (SELECT CAST($2 AS TEXT) AS outcome, CAST($3 AS BIGINT) AS delta \
     UNION ALL SELECT CAST($4 AS TEXT), CAST($5 AS BIGINT)) m \
     WHERE t.call_id = $6 ORDER BY t.entry_id, m.outcome \
     ON CONFLICT (day, entry_id, outcome) DO UPDATE SET \
     calls = stats_topic_days.calls + excluded.calls";

const UPSERT_DURATION: &str = "INSERT INTO stats_durations (day, seconds, calls) \
     VALUES ($1, $2, $3) ON CONFLICT (day, seconds) DO UPDATE SET \
     calls = stats_durations.calls + excluded.calls";

async fn add_hour(
    c: &mut AnyConnection,
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
    c: &mut AnyConnection,
    started_ms: i64,
) -> Result<(), sqlx::Error> {
    add_hour(c, hour_of(started_ms), "", 1, 0).await
}

/// A topic was added (`delta` 1) to or removed (-1) from a call that
/// started at `started_ms` and now counts as `outcome` (see
/// [`outcome_key`]).
pub(crate) async fn topic_changed(
    c: &mut AnyConnection,
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
/// histogram. Three statements, whatever the number of topics: each is a
/// round trip while the call's hour row is locked.
pub(crate) async fn call_ended(
    c: &mut AnyConnection,
    call: CallId,
    started_ms: i64,
    ended_ms: i64,
    outcome: Outcome,
) -> Result<(), sqlx::Error> {
    let handling = ended_ms - started_ms;
    let day = berlin_day(started_ms);
    let moved = Move {
        from: ("", 0),
        to: (outcome.as_str(), handling),
    };
    moved.hour(c, hour_of(started_ms)).await?;
    moved.topics(c, call, day).await?;
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
    c: &mut AnyConnection,
    call: CallId,
    started_ms: i64,
    ended_ms: i64,
    old: Outcome,
    new: Outcome,
) -> Result<(), sqlx::Error> {
    if old == new {
        return Ok(());
    }
    let handling = ended_ms - started_ms;
    let moved = Move {
        from: (old.as_str(), handling),
        to: (new.as_str(), handling),
    };
    moved.hour(c, hour_of(started_ms)).await?;
    moved.topics(c, call, berlin_day(started_ms)).await
}

/// One call counted under another outcome key: out of `from` (with the
/// handling milliseconds it took with it there), into `to`. The keys
/// differ. Both rows of a table are written by one statement, in key
/// order (see the module's lock order): PostgreSQL inserts a statement's
/// rows, and takes their locks, in the order they are listed.
struct Move<'a> {
    from: (&'a str, i64),
    to: (&'a str, i64),
}

impl Move<'_> {
    /// (outcome key, calls, handling ms) of both sides, in key order.
    fn steps(&self) -> [(&str, i64, i64); 2] {
        let mut steps = [(self.from.0, -1, -self.from.1), (self.to.0, 1, self.to.1)];
        steps.sort_by_key(|(outcome, _, _)| *outcome);
        steps
    }

    async fn hour(&self, c: &mut AnyConnection, hour: i64) -> Result<(), sqlx::Error> {
        let [a, b] = self.steps();
        sqlx::query(MOVE_HOUR)
            .bind(hour)
            .bind(a.0)
            .bind(a.1)
            .bind(a.2)
            .bind(b.0)
            .bind(b.1)
            .bind(b.2)
            .execute(&mut *c)
            .await?;
        Ok(())
    }

    /// Every topic of `call` on `day`, read and moved by one statement in
    /// (entry id, outcome) order.
    async fn topics(
        &self,
        c: &mut AnyConnection,
        call: CallId,
        day: i64,
    ) -> Result<(), sqlx::Error> {
        let [a, b] = self.steps();
        sqlx::query(MOVE_TOPICS)
            .bind(day)
            .bind(a.0)
            .bind(a.1)
            .bind(b.0)
            .bind(b.1)
            .bind(call.0)
            .execute(&mut *c)
            .await?;
        Ok(())
    }
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

    /// Adds the sums to the tables. The tally keeps them; start a new one
    /// for the next batch.
    pub(crate) async fn flush(&self, c: &mut AnyConnection) -> Result<(), sqlx::Error> {
        // Sorted: rows are locked in key order (see the module).
        let mut hours: Vec<_> = self.hours.iter().collect();
        hours.sort_unstable_by(|a, b| a.0.cmp(b.0));
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
        let mut topics: Vec<_> = self.topics.iter().collect();
        topics.sort_unstable_by(|a, b| a.0.cmp(b.0));
        upsert(
            c,
            "INSERT INTO stats_topic_days (day, entry_id, outcome, calls)",
            4,
            "ON CONFLICT (day, entry_id, outcome) DO UPDATE SET \
             calls = stats_topic_days.calls + excluded.calls",
            &topics,
            |q, ((day, entry, outcome), calls)| {
                q.bind(*day)
                    .bind(entry.clone())
                    .bind(*outcome)
                    .bind(**calls)
            },
        )
        .await?;
        let mut durations: Vec<_> = self.durations.iter().collect();
        durations.sort_unstable_by(|a, b| a.0.cmp(b.0));
        upsert(
            c,
            "INSERT INTO stats_durations (day, seconds, calls)",
            3,
            "ON CONFLICT (day, seconds) DO UPDATE SET calls = stats_durations.calls + excluded.calls",
            &durations,
            |q, ((day, seconds), calls)| q.bind(*day).bind(*seconds).bind(**calls),
        )
        .await
    }
}
