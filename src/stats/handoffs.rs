//! Handoff figures, read from the portal handoff's outbox (issue 5).
//!
//! The outbox arrives with its own migration. Until then, and in any store
//! that lacks it, [`figures`] finds no table and returns empty figures with
//! `available: false`; once the table exists with the columns below, the
//! figures light up with no change here. This is the only function that
//! reads the outbox for the figures.

use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Row};

use super::figures::{HandoffFigures, HandoffGroup, PendingHandoff};
use super::keys::instant;
use crate::kb::PortalService;

/// The outbox's table name as the figures expect it; the first that
/// exists with [`COLUMNS`] is read. The handoff issue names the table only
/// as "an outbox table", so the likely names are accepted until it lands.
const TABLES: [&str; 3] = ["handoff_outbox", "handoffs", "outbox"];

/// The columns the figures read: the service's contract identifier, the
/// state (pending, delivering, delivered, rejected) and when the
/// application was written (UTC milliseconds, as every instant in the
/// store).
const COLUMNS: [&str; 4] = ["id", "service", "state", "created_at"];

/// States in which the portal does not have the application yet.
const PENDING: &str = "('pending', 'delivering')";

/// The outbox table to read, if the store has one.
async fn outbox_table(c: &mut SqliteConnection) -> Result<Option<&'static str>, sqlx::Error> {
    for table in TABLES {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(table)
            .fetch_all(&mut *c)
            .await?;
        if columns.is_empty() {
            continue;
        }
        if COLUMNS
            .iter()
            .all(|want| columns.iter().any(|have| have == want))
        {
            return Ok(Some(table));
        }
        tracing::warn!(
            table,
            "a handoff outbox without the columns the figures read (id, service, state, created_at)"
        );
    }
    Ok(None)
}

/// Handoffs written in `[m0, m1)` by service and state, and the ones not
/// yet delivered now. Empty with `available: false` without an outbox.
pub(crate) async fn figures(
    c: &mut SqliteConnection,
    m0: i64,
    m1: i64,
) -> Result<HandoffFigures, sqlx::Error> {
    let Some(table) = outbox_table(c).await? else {
        return Ok(HandoffFigures::default());
    };
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT service, state, COUNT(*), MIN(created_at) FROM {table} \
         WHERE created_at >= $1 AND created_at < $2 GROUP BY service, state \
         ORDER BY service, state"
    )))
    .bind(m0)
    .bind(m1)
    .fetch_all(&mut *c)
    .await?;
    let mut groups = Vec::with_capacity(rows.len());
    for r in rows {
        let service: String = r.try_get(0)?;
        let state: String = r.try_get(1)?;
        groups.push(HandoffGroup {
            service_label: service_label(&service),
            state_label: state_label(&state),
            service,
            state,
            count: u64::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0),
            oldest_at: instant(r.try_get(3)?),
        });
    }
    let pending_now: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table} WHERE state IN {PENDING}"
    )))
    .fetch_one(&mut *c)
    .await?;
    let oldest = sqlx::query(AssertSqlSafe(format!(
        "SELECT id, service, state, created_at FROM {table} WHERE state IN {PENDING} \
         ORDER BY created_at, id LIMIT 1"
    )))
    .fetch_optional(&mut *c)
    .await?;
    let oldest_pending = match oldest {
        Some(r) => {
            let service: String = r.try_get(1)?;
            Some(PendingHandoff {
                id: r.try_get(0)?,
                service_label: service_label(&service),
                service,
                state: r.try_get(2)?,
                created_at: instant(r.try_get(3)?),
            })
        }
        None => None,
    };
    Ok(HandoffFigures {
        available: true,
        groups,
        pending_now: u64::try_from(pending_now).unwrap_or(0),
        oldest_pending,
    })
}

/// The German name of a portal service (its identifier if unknown).
pub fn service_label(service: &str) -> String {
    match PortalService::parse(service) {
        Some(PortalService::Personenstandsurkunde) => "Personenstandsurkunde",
        Some(PortalService::Wunschkennzeichen) => "Wunschkennzeichen",
        Some(PortalService::Bewohnerparkausweis) => "Bewohnerparkausweis",
        Some(PortalService::KfzAbmeldung) => "Kfz-Außerbetriebsetzung",
        Some(PortalService::KfzWiederzulassung) => "Kfz-Wiederzulassung",
        None => service,
    }
    .to_string()
}

/// The German name of an outbox state (the state itself if unknown).
pub fn state_label(state: &str) -> String {
    match state {
        "pending" => "wartet auf Zustellung",
        "delivering" => "wird zugestellt",
        "delivered" => "zugestellt",
        "rejected" => "abgelehnt",
        other => other,
    }
    .to_string()
}
