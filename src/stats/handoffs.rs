//! Handoff figures, read from the portal handoff's outbox (`handoff_outbox`,
//! in every store since migration 0004). This is the only function that
//! reads the outbox for the figures; its statements are in `sql.rs` with
//! the others, so the query-plan check covers them.

use sqlx::AnyConnection;
use sqlx::Row;

use super::figures::{HandoffFigures, HandoffGroup, PendingHandoff};
use super::keys::instant;
use super::sql;
use crate::kb::PortalService;

/// Handoffs written in `[m0, m1)` by service and state, and the ones not
/// yet delivered now.
pub(crate) async fn figures(
    c: &mut AnyConnection,
    m0: i64,
    m1: i64,
) -> Result<HandoffFigures, sqlx::Error> {
    let rows = sqlx::query(sql::HANDOFFS)
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
    let pending_now: i64 = sqlx::query_scalar(sql::HANDOFFS_PENDING)
        .fetch_one(&mut *c)
        .await?;
    let oldest = sqlx::query(sql::HANDOFF_OLDEST_PENDING)
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
