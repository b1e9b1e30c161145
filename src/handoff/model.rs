//! The outbox's records: an application on its way to the portal
//! ([`Handoff`], [`HandoffState`]), what one attempt came to
//! ([`Delivery`]), the queue's state and the supervisors' list. The SQL is
//! in [`super::outbox`].

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{FieldProblem, PortalService};
use crate::cases::{AgentId, CallId};
use crate::error::{Error, Result};

/// An outbox row's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HandoffId(pub i64);

impl fmt::Display for HandoffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where an application is on its way to the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoffState {
    /// Waiting to be sent (first time, or again after a failure).
    Pending,
    /// A worker holds a lease on it and is sending it now.
    Delivering,
    /// The portal has it: reference and citizen link are known.
    Delivered,
    /// The portal refused its data (422); the agent corrects and resends.
    Rejected,
}

impl HandoffState {
    /// Every state.
    pub const ALL: [HandoffState; 4] = [
        HandoffState::Pending,
        HandoffState::Delivering,
        HandoffState::Delivered,
        HandoffState::Rejected,
    ];

    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            HandoffState::Pending => "pending",
            HandoffState::Delivering => "delivering",
            HandoffState::Delivered => "delivered",
            HandoffState::Rejected => "rejected",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "state",
                    format!(
                        "{} is not one of pending, delivering, delivered, rejected",
                        crate::error::quote(s)
                    ),
                )
            })
    }

    /// German label for the desk.
    pub fn label(self) -> &'static str {
        match self {
            HandoffState::Pending => "Wartet auf Übermittlung",
            HandoffState::Delivering => "Wird übermittelt",
            HandoffState::Delivered => "Im Portal eingegangen",
            HandoffState::Rejected => "Vom Portal abgelehnt – bitte korrigieren",
        }
    }
}

impl fmt::Display for HandoffState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the office decided about a delivered application, as the portal
/// says (`GET /v1/applications/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortalDecision {
    /// In the portal, not decided yet.
    Submitted,
    /// The office accepted it.
    Accepted,
    /// The office turned it down (after delivery; not a 422).
    Rejected,
}

impl PortalDecision {
    /// Every decision.
    pub const ALL: [PortalDecision; 3] = [
        PortalDecision::Submitted,
        PortalDecision::Accepted,
        PortalDecision::Rejected,
    ];

    /// The contract's and the store's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PortalDecision::Submitted => "submitted",
            PortalDecision::Accepted => "accepted",
            PortalDecision::Rejected => "rejected",
        }
    }

    /// Parses the contract's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// German label for the desk.
    pub fn label(self) -> &'static str {
        match self {
            PortalDecision::Submitted => "Im Portal – noch nicht bearbeitet",
            PortalDecision::Accepted => "Vom Amt angenommen",
            PortalDecision::Rejected => "Vom Amt abgelehnt",
        }
    }
}

/// An application in the outbox, as the desk lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Handoff {
    /// The outbox id.
    pub id: HandoffId,
    /// The call it was taken in.
    pub call_id: CallId,
    /// The portal service.
    pub service: PortalService,
    /// Sent with every attempt; the same after a correction.
    pub idempotency_key: String,
    /// Where it is.
    pub state: HandoffState,
    /// How often a worker has started sending it.
    pub attempts: u32,
    /// When the next attempt is due (pending rows).
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed: HTTP status and problem type, or the
    /// network failure; never personal data or the token.
    pub last_error: Option<String>,
    /// The last answer's HTTP status (`None`: no answer or not tried yet).
    pub last_status: Option<u16>,
    /// The portal refused it for a reason retrying cannot fix (wrong
    /// token, key conflict, …): supervisors must look at it.
    pub flagged: bool,
    /// The portal's reference for the caller, e.g. `MB-2026-000123`.
    pub reference: Option<String>,
    /// Where the citizen finishes (e.g. with eID).
    pub citizen_link: Option<String>,
    /// The portal's id of the application.
    pub portal_id: Option<String>,
    /// The portal's field problems of a 422, paths relative to the data
    /// (`vin`, `seal_codes.rear`), as the form shows them.
    pub problems: Vec<FieldProblem>,
    /// The form's data as it was (last) submitted, while the desk still
    /// holds it: cleared once delivered (the portal has it) and by
    /// retention.
    pub data: Option<Value>,
    /// Who submitted it.
    pub created_by: Option<AgentId>,
    /// When it was submitted.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When the portal confirmed it.
    pub delivered_at: Option<DateTime<Utc>>,
    /// What the office decided, as the portal said when last asked.
    pub portal_state: Option<PortalDecision>,
    /// When the desk asked the portal last.
    pub portal_checked_at: Option<DateTime<Utc>>,
}

impl Handoff {
    /// Still on its way (pending or being sent).
    pub fn is_open(&self) -> bool {
        matches!(self.state, HandoffState::Pending | HandoffState::Delivering)
    }
}

/// Why an application is shown to supervisors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StuckReason {
    /// Still not delivered after the configured age.
    Old,
    /// The portal refused it for a reason retrying cannot fix.
    Flagged,
}

/// An application supervisors must look at.
#[derive(Debug, Clone, PartialEq)]
pub struct StuckHandoff {
    /// The application.
    pub handoff: Handoff,
    /// Why it is listed (flagged wins over old).
    pub reason: StuckReason,
    /// What the window shows, in German.
    pub label: String,
}

/// A row a worker has claimed: what it needs to send it.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub id: HandoffId,
    pub key: String,
    pub body: String,
    /// Attempts including this one.
    pub attempts: u32,
}

/// What the portal made of one attempt: a closed set, each case recorded
/// in its own way and none of them dropping the application.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// 201: the portal has it (new or replayed).
    Delivered {
        /// The portal's id.
        portal_id: String,
        /// The reference for the caller.
        reference: String,
        /// The link for the citizen.
        citizen_link: String,
    },
    /// 422: the data is invalid; the agent corrects it.
    Rejected {
        /// The field problems, paths relative to the form's data.
        problems: Vec<FieldProblem>,
    },
    /// 5xx, 429, timeout, dropped connection, unreadable answer: try again
    /// after a backoff.
    Retry {
        /// What failed, in words (no personal data, no token).
        error: String,
        /// The HTTP status, if there was an answer.
        status: Option<u16>,
        /// The portal's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// 400, 401, 403, 404, 409, 413 …: a retry alone will not help (wrong
    /// token or URL, a key bound to another body). Kept pending, retried
    /// rarely, shown to supervisors.
    Flagged {
        /// What the portal said (status and problem type).
        error: String,
        /// The HTTP status.
        status: u16,
    },
}

/// What the worker records for a claimed row.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub id: HandoffId,
    pub delivery: Delivery,
    /// When a retried or flagged row is due again.
    pub next_attempt_at: DateTime<Utc>,
}

/// How the queue looks when nothing is due right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueState {
    /// Pending rows that a retry can deliver (not flagged).
    pub pending: u64,
    /// Pending rows flagged for supervisors.
    pub flagged: u64,
    /// Rows leased by a worker (this one or another desk's).
    pub delivering: u64,
    /// The earliest instant a non-flagged pending row is due or a lease
    /// runs out.
    pub next_due: Option<DateTime<Utc>>,
}

impl QueueState {
    /// Nothing left that a worker could deliver without a person.
    pub fn is_settled(&self) -> bool {
        self.pending == 0 && self.delivering == 0
    }
}

/// The caller contact a handoff copies onto its call: how the desk reaches
/// the caller again if the portal rejects the application after the call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HandoffContact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}
