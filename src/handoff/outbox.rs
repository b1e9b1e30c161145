//! The outbox table (`handoff_outbox`, migration 0004): what the desk has
//! handed to the portal and how far each application got.
//!
//! Every write goes through [`CaseStore::write`], one `BEGIN IMMEDIATE`
//! transaction: submitting writes the row together with the call's outcome,
//! the caller contact the handoff needs and the audit row; the worker's
//! claim takes leases on due rows; recording an attempt's outcome checks
//! that the lease is still the worker's own.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::PortalService;
pub(crate) use super::model::{Claimed, HandoffContact, Outcome};
pub use super::model::{
    Delivery, Handoff, HandoffId, HandoffState, PortalDecision, QueueState, StuckHandoff,
    StuckReason,
};
use crate::cases::audit::{AuditOf, audit, audited};
use crate::cases::db::{Backend, flag};
use crate::cases::fail::{Fail, store_error};
use crate::cases::store::{
    CallerFields, call_for_change, invalid_key_race, keyed_row, note_on_call,
};
// The store's own instant conversions: one stored form of an instant.
use crate::cases::{AgentId, CallId, CaseStore, RequestKey, from_ms, to_ms};
use crate::error::{Error, Result};

fn invalid_handoff(id: HandoffId) -> Error {
    Error::invalid("handoff_id", format!("no portal application with id {id}"))
}

const SELECT: &str = "SELECT id, call_id, service, idempotency_key, body, state, attempts, \
     next_attempt_at, last_error, last_status, flagged = TRUE AS flagged, reference, citizen_link, portal_id, \
     problems, created_by, created_at, updated_at, delivered_at, portal_state, portal_checked_at \
     FROM handoff_outbox";

fn decode(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

fn handoff_from_row(row: &AnyRow) -> Result<Handoff, sqlx::Error> {
    let service: String = row.try_get("service")?;
    let state: String = row.try_get("state")?;
    let body: Option<String> = row.try_get("body")?;
    let problems: Option<String> = row.try_get("problems")?;
    let attempts: i64 = row.try_get("attempts")?;
    let status: Option<i64> = row.try_get("last_status")?;
    Ok(Handoff {
        id: HandoffId(row.try_get("id")?),
        call_id: CallId(row.try_get("call_id")?),
        service: PortalService::parse(&service)
            .ok_or_else(|| decode(Error::invalid("service", format!("{service:?}"))))?,
        idempotency_key: row.try_get("idempotency_key")?,
        state: HandoffState::parse(&state).map_err(decode)?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        next_attempt_at: from_ms(row.try_get("next_attempt_at")?),
        last_error: row.try_get("last_error")?,
        last_status: status.and_then(|s| u16::try_from(s).ok()),
        flagged: flag(row, "flagged")?,
        reference: row.try_get("reference")?,
        citizen_link: row.try_get("citizen_link")?,
        portal_id: row.try_get("portal_id")?,
        // Both columns are written by this module only; text that does not
        // parse (a hand edit) reads as nothing rather than failing a list.
        problems: problems
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default(),
        data: body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .and_then(|mut v| v.get_mut("data").map(Value::take)),
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(AgentId),
        created_at: from_ms(row.try_get("created_at")?),
        updated_at: from_ms(row.try_get("updated_at")?),
        delivered_at: row.try_get::<Option<i64>, _>("delivered_at")?.map(from_ms),
        portal_state: row
            .try_get::<Option<String>, _>("portal_state")?
            .as_deref()
            .and_then(PortalDecision::parse),
        portal_checked_at: row
            .try_get::<Option<i64>, _>("portal_checked_at")?
            .map(from_ms),
    })
}

async fn read_one(c: &mut AnyConnection, id: HandoffId) -> Result<Option<Handoff>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut *c)
        .await?;
    row.as_ref().map(handoff_from_row).transpose()
}

/// What a portal form says of the caller, as the call keeps it.
fn caller_fields(contact: &HandoffContact) -> CallerFields<'_> {
    CallerFields {
        name: contact.name.as_deref(),
        phone: contact.phone.as_deref(),
        email: contact.email.as_deref(),
        address: None,
    }
}

/// An application to write into the outbox (see [`enqueue`]).
pub(crate) struct NewApplication<'a> {
    pub call: CallId,
    pub service: PortalService,
    /// The request body, as the portal receives it.
    pub body: &'a str,
    /// What the form says of the caller, kept on the call.
    pub contact: &'a HandoffContact,
    /// The window's key for this submission, and the portal's
    /// Idempotency-Key.
    pub key: &'a RequestKey,
}

/// Writes a new application into the outbox, due now, in one transaction
/// with the call's outcome `portal_handoff` (if the running call has none
/// yet), the caller contact the handoff carries, and the audit row.
pub(crate) async fn enqueue(
    store: &CaseStore,
    agent: AgentId,
    new: NewApplication<'_>,
    at: DateTime<Utc>,
) -> Result<Handoff> {
    let NewApplication {
        call,
        service,
        body,
        contact,
        key,
    } = new;
    // One key per application, chosen once by the window (or fresh): every
    // attempt and every correction sends it to the portal as the
    // Idempotency-Key, which is what makes delivery exactly once. The same
    // key makes the submission itself once: sent again after a lost
    // answer, it finds the application it wrote.
    store
        .resending("handing an application to the portal", || {
            store.write_once(async |c| {
                let state = call_for_change(c, call).await?;
                let at = to_ms(at);
                // One statement in the usual case, the key being new (as a
                // forward's, see `CaseStore::forward_keyed`).
                let inserted = audited(
                    c,
                    "INSERT INTO handoff_outbox (call_id, service, idempotency_key, body, state, \
                 attempts, next_attempt_at, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6, $5, $5) \
                 ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                    |q| {
                        q.bind(call.0)
                            .bind(service.as_str())
                            .bind(key.as_str())
                            .bind(body)
                            .bind(at)
                            .bind(agent.0)
                    },
                    AuditOf {
                        at,
                        agent: Some(agent),
                        action: "handoff.create",
                        table: "handoff_outbox",
                        detail: Some(service.as_str()),
                    },
                )
                .await?;
                let Some(&id) = inserted.first() else {
                    // Sent before (the answer was lost): that application.
                    let table = ("handoff_outbox", "idempotency_key", "created_by");
                    let id = keyed_row(c, table, key, Some(agent))
                        .await?
                        .ok_or_else(invalid_key_race)?;
                    return Ok(read_one(c, HandoffId(id))
                        .await?
                        .ok_or_else(|| invalid_handoff(HandoffId(id)))?);
                };
                // Like a forward: the handoff is the call's outcome unless the
                // agent chose one.
                let outcome = Some(crate::cases::Outcome::PortalHandoff);
                note_on_call(c, call, &state, caller_fields(contact), outcome).await?;
                Ok(read_one(c, HandoffId(id))
                    .await?
                    .ok_or_else(|| invalid_handoff(HandoffId(id)))?)
            })
        })
        .await
}

/// Replaces a rejected application's body and makes it due now, keeping
/// its Idempotency-Key: the portal bound no key to the rejected body.
pub(crate) async fn correct(
    store: &CaseStore,
    agent: AgentId,
    id: HandoffId,
    service: PortalService,
    body: &str,
    contact: &HandoffContact,
    at: DateTime<Utc>,
) -> Result<Handoff> {
    store
        .write("correcting a portal application", async |c| {
            let current = read_one(c, id).await?.ok_or_else(|| invalid_handoff(id))?;
            if current.state != HandoffState::Rejected {
                return Err(Error::invalid(
                    "handoff_id",
                    format!(
                        "application {id} is {}; only a rejected application can be corrected",
                        current.state
                    ),
                )
                .into());
            }
            if current.service != service {
                return Err(Error::invalid(
                    "service",
                    format!(
                        "application {id} is for {}, not {}",
                        current.service.as_str(),
                        service.as_str()
                    ),
                )
                .into());
            }
            let state = call_for_change(c, current.call_id).await?;
            let at = to_ms(at);
            sqlx::query(
                "UPDATE handoff_outbox SET body = $1, state = 'pending', next_attempt_at = $2, \
                 problems = NULL, last_error = NULL, last_status = NULL, flagged = FALSE, \
                 updated_at = $2 WHERE id = $3 AND state = 'rejected'",
            )
            .bind(body)
            .bind(at)
            .bind(id.0)
            .execute(&mut *c)
            .await?;
            note_on_call(c, current.call_id, &state, caller_fields(contact), None).await?;
            audit(
                c,
                at,
                Some(agent),
                "handoff.correct",
                "handoff_outbox",
                Some(id.0),
                None,
            )
            .await?;
            Ok(read_one(c, id).await?.ok_or_else(|| invalid_handoff(id))?)
        })
        .await
}

/// Makes a pending application due now (the agent or a supervisor asks
/// for another try, e.g. after the token was fixed).
/// Records what the portal said about a delivered application. The audit
/// row names the decision, nothing personal.
pub(crate) async fn record_decision(
    store: &CaseStore,
    agent: Option<AgentId>,
    id: HandoffId,
    decision: PortalDecision,
    at: DateTime<Utc>,
) -> Result<Handoff> {
    store
        .write("recording the portal's decision", async |c| {
            let at = to_ms(at);
            let changed = sqlx::query(
                "UPDATE handoff_outbox SET portal_state = $1, portal_checked_at = $2, \
                 updated_at = $2 WHERE id = $3 AND state = 'delivered'",
            )
            .bind(decision.as_str())
            .bind(at)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(invalid_handoff(id).into());
            }
            audit(
                c,
                at,
                agent,
                "handoff.portal_state",
                "handoff_outbox",
                Some(id.0),
                Some(decision.as_str()),
            )
            .await?;
            Ok(read_one(c, id).await?.ok_or_else(|| invalid_handoff(id))?)
        })
        .await
}

pub(crate) async fn retry_now(
    store: &CaseStore,
    agent: Option<AgentId>,
    id: HandoffId,
    at: DateTime<Utc>,
) -> Result<Handoff> {
    store
        .write("retrying a portal application", async |c| {
            let current = read_one(c, id).await?.ok_or_else(|| invalid_handoff(id))?;
            let refuse = |why: &str| -> Fail {
                Error::invalid("handoff_id", format!("application {id} {why}")).into()
            };
            match current.state {
                HandoffState::Pending => {}
                // Being sent: the worker records its outcome in a moment.
                HandoffState::Delivering => return Err(refuse("is being sent right now")),
                HandoffState::Delivered => return Err(refuse("is already delivered")),
                HandoffState::Rejected => {
                    return Err(refuse(
                        "was rejected by the portal; correct its data, which sends it again",
                    ));
                }
            }
            let at = to_ms(at);
            sqlx::query(
                "UPDATE handoff_outbox SET next_attempt_at = $1, updated_at = $1 \
                 WHERE id = $2 AND state = 'pending'",
            )
            .bind(at)
            .bind(id.0)
            .execute(&mut *c)
            .await?;
            audit(
                c,
                at,
                agent,
                "handoff.retry",
                "handoff_outbox",
                Some(id.0),
                None,
            )
            .await?;
            Ok(read_one(c, id).await?.ok_or_else(|| invalid_handoff(id))?)
        })
        .await
}

/// Claims up to `limit` due rows for `owner` until `now + lease`: rows
/// whose lease ran out (their worker died or hung) first, then pending rows
/// by due time. Each claim counts as an attempt.
///
/// SQLite has one writer at a time and `CaseStore::write` takes the write
/// lock at BEGIN, so two desks claiming at once queue and never pick the
/// same row. On PostgreSQL the inner SELECTs take `FOR UPDATE SKIP LOCKED`
/// so that concurrent claimers skip each other's rows instead of waiting.
pub(crate) async fn claim(
    store: &CaseStore,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: usize,
) -> Result<Vec<Claimed>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let now_ms = to_ms(now);
    let until = now_ms.saturating_add(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX));
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    store
        .write("claiming portal applications", async |c| {
            let mut claimed = Vec::new();
            let skip = Backend::of(c).skip_locked();
            let sources = [
                format!(
                    "SELECT id FROM handoff_outbox WHERE state = 'delivering' AND lease_until <= $3 \
                     ORDER BY lease_until, id LIMIT $4{skip}"
                ),
                format!(
                    "SELECT id FROM handoff_outbox WHERE state = 'pending' AND next_attempt_at <= $3 \
                     ORDER BY next_attempt_at, id LIMIT $4{skip}"
                ),
            ];
            for source in sources {
                let room = limit - i64::try_from(claimed.len()).unwrap_or(i64::MAX);
                if room <= 0 {
                    break;
                }
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE handoff_outbox SET state = 'delivering', lease_owner = $1, \
                     lease_until = $2, attempts = attempts + 1, updated_at = $3 \
                     WHERE id IN ({source}) \
                     RETURNING id, idempotency_key, body, attempts"
                )))
                .bind(owner)
                .bind(until)
                .bind(now_ms)
                .bind(room)
                .fetch_all(&mut *c)
                .await?;
                for row in rows {
                    let attempts: i64 = row.try_get("attempts")?;
                    let body: Option<String> = row.try_get("body")?;
                    // The table's CHECK keeps a body on every row that can
                    // be pending or delivering.
                    let body = body.unwrap_or_default();
                    claimed.push(Claimed {
                        id: HandoffId(row.try_get("id")?),
                        key: row.try_get("idempotency_key")?,
                        body,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    });
                }
            }
            Ok(claimed)
        })
        .await
}

/// Records attempts' outcomes in one transaction. A row whose lease is no
/// longer `owner`'s (it ran out and another worker took it) is left alone:
/// that worker sends the same key and records the same answer. Returns the
/// ids that were recorded.
pub(crate) async fn record(
    store: &CaseStore,
    owner: &str,
    outcomes: &[Outcome],
    now: DateTime<Utc>,
) -> Result<Vec<HandoffId>> {
    let now_ms = to_ms(now);
    store
        .write("recording portal deliveries", async |c| {
            let mut recorded = Vec::with_capacity(outcomes.len());
            for o in outcomes {
                let mine = "WHERE id = $1 AND state = 'delivering' AND lease_owner = $2";
                let changed = match &o.delivery {
                    Delivery::Delivered {
                        portal_id,
                        reference,
                        citizen_link,
                    } => {
                        // The body goes: the portal has the application,
                        // and the desk keeps no personal data it no longer
                        // needs.
                        let n = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "UPDATE handoff_outbox SET state = 'delivered', body = NULL, \
                             lease_owner = NULL, lease_until = NULL, reference = $3, \
                             citizen_link = $4, portal_id = $5, last_error = NULL, \
                             last_status = 201, flagged = FALSE, problems = NULL, \
                             delivered_at = $6, updated_at = $6 {mine}"
                        )))
                        .bind(o.id.0)
                        .bind(owner)
                        .bind(reference)
                        .bind(citizen_link)
                        .bind(portal_id)
                        .bind(now_ms)
                        .execute(&mut *c)
                        .await?
                        .rows_affected();
                        if n == 1 {
                            audit(
                                c,
                                now_ms,
                                None,
                                "handoff.delivered",
                                "handoff_outbox",
                                Some(o.id.0),
                                Some(reference),
                            )
                            .await?;
                        }
                        n
                    }
                    Delivery::Rejected { problems } => {
                        let json = serde_json::to_string(problems)
                            .map_err(|e| Fail::Db(sqlx::Error::Encode(Box::new(e))))?;
                        let n = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "UPDATE handoff_outbox SET state = 'rejected', lease_owner = NULL, \
                             lease_until = NULL, problems = $3, last_error = $4, \
                             last_status = 422, flagged = FALSE, updated_at = $5 {mine}"
                        )))
                        .bind(o.id.0)
                        .bind(owner)
                        .bind(json)
                        .bind(format!(
                            "HTTP 422: {} Angabe(n) vom Portal beanstandet",
                            problems.len()
                        ))
                        .bind(now_ms)
                        .execute(&mut *c)
                        .await?
                        .rows_affected();
                        if n == 1 {
                            audit(
                                c,
                                now_ms,
                                None,
                                "handoff.rejected",
                                "handoff_outbox",
                                Some(o.id.0),
                                Some("422"),
                            )
                            .await?;
                        }
                        n
                    }
                    Delivery::Retry { error, status, .. } => {
                        back_to_pending(c, owner, o, error, status.map(i64::from), false, now_ms)
                            .await?
                    }
                    Delivery::Flagged { error, status } => {
                        back_to_pending(c, owner, o, error, Some(i64::from(*status)), true, now_ms)
                            .await?
                    }
                };
                if changed == 1 {
                    recorded.push(o.id);
                }
            }
            Ok(recorded)
        })
        .await
}

async fn back_to_pending(
    c: &mut AnyConnection,
    owner: &str,
    o: &Outcome,
    error: &str,
    status: Option<i64>,
    flagged: bool,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE handoff_outbox SET state = 'pending', lease_owner = NULL, lease_until = NULL, \
         next_attempt_at = $3, last_error = $4, last_status = $5, flagged = $6, updated_at = $7 \
         WHERE id = $1 AND state = 'delivering' AND lease_owner = $2",
    )
    .bind(o.id.0)
    .bind(owner)
    .bind(to_ms(o.next_attempt_at))
    .bind(error)
    .bind(status)
    .bind(flagged)
    .bind(now_ms)
    .execute(&mut *c)
    .await?
    .rows_affected())
}

/// The queue at `now`: what is left and when the next row is due.
pub(crate) async fn queue_state(store: &CaseStore) -> Result<QueueState> {
    let action = "reading the portal outbox";
    let row = sqlx::query(
        "SELECT \
         (SELECT COUNT(*) FROM handoff_outbox WHERE state = 'pending' AND NOT flagged) AS pending, \
         (SELECT COUNT(*) FROM handoff_outbox WHERE state = 'pending' AND flagged) AS flagged, \
         (SELECT COUNT(*) FROM handoff_outbox WHERE state = 'delivering') AS delivering, \
         (SELECT MIN(next_attempt_at) FROM handoff_outbox \
          WHERE state = 'pending' AND NOT flagged) AS next_pending, \
         (SELECT MIN(lease_until) FROM handoff_outbox WHERE state = 'delivering') AS next_lease",
    )
    .fetch_one(store.pool())
    .await
    .map_err(|e| store_error(action, &e))?;
    let get = |name: &str| -> Result<Option<i64>> {
        row.try_get::<Option<i64>, _>(name)
            .map_err(|e| store_error(action, &e))
    };
    let count = |name: &str| -> Result<u64> {
        Ok(get(name)?.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
    };
    let next = match (get("next_pending")?, get("next_lease")?) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(QueueState {
        pending: count("pending")?,
        flagged: count("flagged")?,
        delivering: count("delivering")?,
        next_due: next.map(from_ms),
    })
}

/// The application with this id.
pub(crate) async fn get(store: &CaseStore, id: HandoffId) -> Result<Handoff> {
    let action = "reading a portal application";
    let mut c = store
        .pool()
        .acquire()
        .await
        .map_err(|e| store_error(action, &e))?;
    read_one(&mut c, id)
        .await
        .map_err(|e| store_error(action, &e))?
        .ok_or_else(|| invalid_handoff(id))
}

async fn list(store: &CaseStore, action: &str, sql: String, bind: &[i64]) -> Result<Vec<Handoff>> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in bind {
        q = q.bind(*b);
    }
    let rows = q
        .fetch_all(store.pool())
        .await
        .map_err(|e| store_error(action, &e))?;
    rows.iter()
        .map(handoff_from_row)
        .collect::<Result<_, _>>()
        .map_err(|e| store_error(action, &e))
}

/// The applications of one call, oldest first.
pub(crate) async fn of_call(store: &CaseStore, call: CallId) -> Result<Vec<Handoff>> {
    list(
        store,
        "listing a call's portal applications",
        format!("{SELECT} WHERE call_id = $1 ORDER BY id"),
        &[call.0],
    )
    .await
}

/// The newest applications first.
pub(crate) async fn newest(store: &CaseStore, limit: u32) -> Result<Vec<Handoff>> {
    list(
        store,
        "listing portal applications",
        format!("{SELECT} ORDER BY id DESC LIMIT $1"),
        &[i64::from(limit)],
    )
    .await
}

/// How many applications there are (on a centre's store: those its
/// row-level rules let this login see).
pub(crate) async fn count(store: &CaseStore) -> Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM handoff_outbox")
        .fetch_one(store.pool())
        .await
        .map_err(|e| store_error("counting portal applications", &e))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Applications not delivered although submitted before `older_than`, and
/// flagged ones whatever their age; flagged first, then the oldest.
pub(crate) async fn stuck(
    store: &CaseStore,
    older_than: DateTime<Utc>,
) -> Result<Vec<(Handoff, StuckReason)>> {
    let rows = list(
        store,
        "listing stuck portal applications",
        format!(
            "{SELECT} WHERE (state = 'pending' AND flagged) \
             OR (state IN ('pending', 'delivering') AND created_at < $1) \
             ORDER BY flagged DESC, created_at, id"
        ),
        &[to_ms(older_than)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|h| {
            let reason = if h.flagged {
                StuckReason::Flagged
            } else {
                StuckReason::Old
            };
            (h, reason)
        })
        .collect())
}
