//! Portal handoff: the five "Mein Bochum" services' forms, their
//! validation, and the request envelope of the handoff contract
//! (`docs/portal-api.yaml`).
//!
//! The desk validates a form while the agent types; portal-sim validates
//! the same request with this very code, so the desk and the reference
//! portal can never disagree about what is valid. Validation never stops
//! at the first problem: every field that is wrong comes back as a
//! [`FieldProblem`] with a German message that the agent can read out or
//! show next to the field.
//!
//! Layout:
//! - [`forms`] — the typed forms (the `data` half of the contract, serde
//!   because this *is* wire data).
//! - `read` — JSON → typed form, field by field, collecting problems.
//! - [`codes`] — syntax of plates, VINs, IBANs, eVB and ZB numbers.
//! - [`zones`] — the residents' parking zones, kept as data in
//!   `src/handoff/parkzonen.toml` and compiled in, so that desk and
//!   portal-sim check against the same list.
//! - `examples` — one valid application per service.
//! - `model` — the outbox's records ([`Handoff`], [`HandoffState`], the
//!   closed [`outbox::Delivery`]); [`outbox`] — the outbox table's SQL:
//!   submit, correct, claim with a lease, record, list.
//! - [`client`] — the portal's HTTP client (reqwest, rustls) and its
//!   settings; the token never shows.
//! - [`worker`] — the delivery worker and its closed step outcome.
//! - [`spec`] — the forms as the window shows them (sections, German
//!   labels, conditions, pre-fill facts); `draft` — pre-filling from the
//!   call's contact, notes and earlier applications.
//! - `desk_api` — the handoff methods of [`crate::Desk`].

pub mod client;
pub mod codes;
mod desk_api;
mod draft;
mod envelope;
mod examples;
mod fields;
pub mod forms;
mod model;
pub mod outbox;
pub mod plate;
mod read;
pub mod spec;
pub mod worker;
pub mod zones;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde_json::Value;

pub use crate::kb::PortalService;
pub use client::{PORTAL_TOKEN_ENV, PORTAL_URL_ENV, PortalConfig, PortalSettings, PortalToken};
pub use desk_api::FormDraft;
pub use draft::CallFacts;
pub use envelope::{ApplicantMode, Application, AssuranceLevel, parse_request, parse_request_on};
pub use examples::example;
pub use forms::Form;
pub use outbox::{Handoff, HandoffId, HandoffState, PortalDecision, StuckHandoff, StuckReason};
pub use spec::{FormSpec, FormValues, form_spec, service_title};
pub use worker::{Attempt, DeliveryConfig, DeliveryHandle, DeliveryReport, Step, Worker};

/// One problem with one field (defined beside the error that carries a
/// list of them, so the error type needs nothing of the handoff).
pub use crate::error::FieldProblem;

/// Today in Bochum: the reference for "not in the future" and for how long
/// the registers stay with the Standesamt.
pub fn today_in_bochum() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive()
}

/// Reads `data` as the form of `service`: the typed form, or every problem.
pub fn parse_form(service: PortalService, data: &Value) -> Result<Form, Vec<FieldProblem>> {
    parse_form_on(service, data, today_in_bochum())
}

/// [`parse_form`] with an explicit "today", for tests and replays.
pub fn parse_form_on(
    service: PortalService,
    data: &Value,
    today: NaiveDate,
) -> Result<Form, Vec<FieldProblem>> {
    read::form(service, data, today)
}

/// Every problem of `data` as the form of `service`; empty when valid.
pub fn validate(service: PortalService, data: &Value) -> Vec<FieldProblem> {
    match parse_form(service, data) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}
