//! Recomputing every aggregate from the call log: for a store whose
//! aggregates are in doubt, and for the tests, which compare it with what
//! the writes kept in step (`maintain`).

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, Row};

use super::maintain::Tally;
use crate::cases::Outcome;
use crate::cases::audit::audit;
use crate::cases::fail::Fail;
use crate::cases::store::CaseStore;
use crate::error::Result;

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
                tally = Tally::default();
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
