//! Forwards and the 115 callback promise: how many were written, how many
//! were answered within their 24 service hours, what is open and overdue.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::Row;

use super::figures::{ForwardFigures, OverdueForward, Rate};
use super::keys::instant;
use super::sql;
use super::values::title;
use crate::cases::{CallId, ForwardId, due_in_words};
use crate::kb::KnowledgeBase;

/// The forward figures: written in `[m0, m1)` and judged at `now`; open
/// and overdue at `now` whenever written, the oldest `overdue_listed` of
/// the overdue ones listed (all for `None`).
pub(crate) async fn figures(
    c: &mut AnyConnection,
    kb: &KnowledgeBase,
    m0: i64,
    m1: i64,
    now: DateTime<Utc>,
    overdue_listed: Option<usize>,
) -> Result<ForwardFigures, sqlx::Error> {
    let now_ms = now.timestamp_millis();
    let row = sqlx::query(sql::FORWARDS)
        .bind(m0)
        .bind(m1)
        .bind(now_ms)
        .fetch_one(&mut *c)
        .await?;
    let n = |i: usize| -> Result<u64, sqlx::Error> {
        Ok(u64::try_from(row.try_get::<i64, _>(i)?).unwrap_or(0))
    };
    let (created, judged, on_time) = (n(0)?, n(1)?, n(2)?);
    let row = sqlx::query(sql::FORWARDS_OPEN)
        .bind(now_ms)
        .fetch_one(&mut *c)
        .await?;
    let open_now = u64::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0);
    let overdue_now = u64::try_from(row.try_get::<i64, _>(1)?).unwrap_or(0);
    let rows = sqlx::query(sql::OVERDUE)
        .bind(now_ms)
        .bind(overdue_listed.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX)))
        .fetch_all(&mut *c)
        .await?;
    let mut overdue = Vec::with_capacity(rows.len());
    for r in rows {
        let office: String = r.try_get(2)?;
        let due_at = instant(r.try_get(4)?);
        overdue.push(OverdueForward {
            id: ForwardId(r.try_get(0)?),
            call_id: CallId(r.try_get(1)?),
            office_title: title(kb, &office),
            office_id: office,
            created_at: instant(r.try_get(3)?),
            due_at,
            due_label: due_in_words(due_at, now),
        });
    }
    Ok(ForwardFigures {
        created,
        on_time: Rate {
            hits: on_time,
            of: judged,
        },
        open_now,
        overdue_now,
        overdue,
    })
}
