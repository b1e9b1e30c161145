//! The anonymised call list of a period as CSV for German Excel: one line
//! per call with when, how long, the outcome, the topics and the forward's
//! office and times. No names, no contact data, no notes, no forward
//! question, and no agent and no call id either: the list leaves the desk
//! in a spreadsheet, and neither must lead back to a person.
//!
//! Written in pages of [`PAGE`] calls (keyset pagination on start and id),
//! so a year of calls streams through a fixed amount of memory.

use std::collections::HashMap;
use std::io::Write;

use chrono::{Datelike, Timelike};
use sqlx::AnyConnection;
use sqlx::Row;

use super::csv::{BOM, date, date_time, text};
use super::figures::WEEKDAYS_SHORT;
use super::keys::instant;
use super::period::Period;
use super::values::{stored_outcome, title};
use crate::cases::CaseStore;
use crate::cases::fail::store_error;
use crate::error::{Error, Result};
use crate::hours::TZ;
use crate::kb::KnowledgeBase;

/// Calls read per page.
const PAGE: i64 = 1_000;

/// The header line.
const HEADER: [&str; 13] = [
    "Nr.",
    "Datum",
    "Wochentag",
    "Beginn",
    "Ende",
    "Dauer (Sekunden)",
    "Ergebnis",
    "Beim Erstkontakt gelöst",
    "Themen",
    "Themen-IDs",
    "Weitergeleitet an",
    "Fällig",
    "Erledigt",
];

/// Writes the calls started in `period`, oldest first, to `out`.
/// Returns the number of calls written.
pub async fn write_calls_csv(
    store: &CaseStore,
    kb: &KnowledgeBase,
    period: &Period,
    out: &mut (dyn Write + Send),
) -> Result<u64> {
    let action = "exporting the call list";
    let mut c = store
        .pool()
        .acquire()
        .await
        .map_err(|e| store_error(action, &e))?;
    let io = |e: std::io::Error| Error::Io {
        path: "CSV".into(),
        source: e,
    };
    out.write_all(BOM.as_bytes()).map_err(io)?;
    out.write_all(
        format!(
            "{}\r\n",
            HEADER.iter().map(|h| text(h)).collect::<Vec<_>>().join(";")
        )
        .as_bytes(),
    )
    .map_err(io)?;
    let (m0, m1) = period.ms_range();
    // Every call with started_at ≥ m0 sorts after (m0, i64::MIN).
    let mut after = (m0, i64::MIN);
    let mut written = 0u64;
    loop {
        let page = read_page(&mut c, m1, after)
            .await
            .map_err(|e| store_error(action, &e))?;
        let Some(last) = page.calls.last() else { break };
        after = (last.started, last.id);
        let mut text_out = String::with_capacity(page.calls.len() * 160);
        for call in &page.calls {
            written += 1;
            call_line(&mut text_out, written, call, &page, kb);
        }
        out.write_all(text_out.as_bytes()).map_err(io)?;
        if (page.calls.len() as i64) < PAGE {
            break;
        }
    }
    out.flush().map_err(io)?;
    Ok(written)
}

struct CallRow {
    id: i64,
    started: i64,
    ended: Option<i64>,
    outcome: String,
}

struct Page {
    calls: Vec<CallRow>,
    topics: HashMap<i64, Vec<String>>,
    forwards: HashMap<i64, (String, i64, Option<i64>)>,
}

/// The next page of calls after `(started, id)`, with their topics and
/// first forward.
async fn read_page(
    c: &mut AnyConnection,
    end: i64,
    after: (i64, i64),
) -> Result<Page, sqlx::Error> {
    // Row values compare lexicographically (SQLite ≥ 3.15, PostgreSQL):
    // the page starts right after the last call of the previous one; the
    // plain range on started_at keeps it a range of calls_started_at.
    let rows = sqlx::query(
        "SELECT id, started_at, ended_at, outcome FROM call_facts \
         WHERE started_at >= $2 AND started_at < $1 AND (started_at, id) > ($2, $3) \
         ORDER BY started_at, id LIMIT $4",
    )
    .bind(end)
    .bind(after.0)
    .bind(after.1)
    .bind(PAGE)
    .fetch_all(&mut *c)
    .await?;
    let mut calls = Vec::with_capacity(rows.len());
    for r in rows {
        calls.push(CallRow {
            id: r.try_get(0)?,
            started: r.try_get(1)?,
            ended: r.try_get(2)?,
            outcome: r.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
        });
    }
    let mut page = Page {
        calls,
        topics: HashMap::new(),
        forwards: HashMap::new(),
    };
    if page.calls.is_empty() {
        return Ok(page);
    }
    let ids: Vec<String> = page.calls.iter().map(|c| c.id.to_string()).collect();
    // Ids are integers read from the store, so the list is safe to inline
    // (a thousand bound parameters would need a statement per page size).
    let list = ids.join(",");
    let topics = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT call_id, entry_id FROM call_topics WHERE call_id IN ({list}) \
         ORDER BY call_id, position"
    )))
    .fetch_all(&mut *c)
    .await?;
    for t in topics {
        page.topics
            .entry(t.try_get(0)?)
            .or_default()
            .push(t.try_get(1)?);
    }
    let forwards = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT call_id, office_id, due_at, done_at FROM forwards WHERE call_id IN ({list}) \
         ORDER BY call_id, id"
    )))
    .fetch_all(&mut *c)
    .await?;
    for f in forwards {
        let call: i64 = f.try_get(0)?;
        // The first forward of a call: a second one is rare and would
        // need a line of its own.
        page.forwards
            .entry(call)
            .or_insert((f.try_get(1)?, f.try_get(2)?, f.try_get(3)?));
    }
    Ok(page)
}

fn call_line(out: &mut String, n: u64, call: &CallRow, page: &Page, kb: &KnowledgeBase) {
    let start = instant(call.started).with_timezone(&TZ);
    let outcome = stored_outcome(&call.outcome).ok().flatten();
    let ended = call.ended.map(instant);
    let (label, resolved) = match (ended, outcome) {
        (Some(_), Some(o)) => (
            o.label(),
            if !o.counts_for_first_contact() {
                ""
            } else if o.is_first_contact() {
                "ja"
            } else {
                "nein"
            },
        ),
        _ => ("nicht beendet", ""),
    };
    let topics = page.topics.get(&call.id);
    let titles: Vec<String> = topics
        .map(|t| t.iter().map(|id| title(kb, id)).collect())
        .unwrap_or_default();
    let ids = topics.map(|t| t.join(", ")).unwrap_or_default();
    let (office, due, done) = match page.forwards.get(&call.id) {
        Some((office, due, done)) => (
            title(kb, office),
            date_time(instant(*due)),
            done.map(|d| date_time(instant(d))).unwrap_or_default(),
        ),
        None => Default::default(),
    };
    let cells = [
        n.to_string(),
        date(start.date_naive()),
        text(WEEKDAYS_SHORT[start.weekday().num_days_from_monday() as usize]),
        format!("{:02}:{:02}", start.hour(), start.minute()),
        ended
            .map(|e| {
                let e = e.with_timezone(&TZ);
                format!("{:02}:{:02}", e.hour(), e.minute())
            })
            .unwrap_or_default(),
        call.ended
            .map(|e| ((e - call.started) / 1000).to_string())
            .unwrap_or_default(),
        text(label),
        text(resolved),
        text(&titles.join(", ")),
        text(&ids),
        text(&office),
        due,
        done,
    ];
    out.push_str(&cells.join(";"));
    out.push_str("\r\n");
}
