//! The portal handoff on [`Desk`]: submit, correct, list, retry, the
//! supervisors' list of stuck applications, and the delivery worker.
//!
//! Nothing leaves the desk except through the outbox: these methods only
//! write rows; the worker ([`super::worker`]) is the one sender.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::client::{PortalClient, PortalConfig};
use super::draft::CallFacts;
use super::forms::Form;
use super::outbox::{
    self, Handoff, HandoffContact, HandoffId, QueueState, StuckHandoff, StuckReason,
};
use super::spec::{FormSpec, FormValues, form_spec};
use super::worker::{DeliveryConfig, DeliveryHandle, DeliveryReport, Worker};
use super::{Application, FieldProblem, PortalService, parse_form};
use crate::cases::{CallId, RequestKey};
use crate::desk::Desk;
use crate::error::{Error, Result};

/// The request body of an application taken on the phone, as stored and
/// sent (every attempt sends exactly these bytes).
fn request_body(form: &Form) -> Result<String> {
    let body = Application::by_phone(form.clone())
        .to_body()
        .and_then(|v| serde_json::to_string(&v))
        .map_err(|e| Error::invalid("data", format!("the form cannot be written as JSON: {e}")))?;
    Ok(body)
}

/// The contact a form carries, for the call: how the desk reaches the
/// caller again if the portal rejects the application after the call.
fn contact_of(form: &Form) -> HandoffContact {
    let name = |n: &super::forms::PersonName| Some(format!("{} {}", n.given_names, n.surname));
    let (name, contact) = match form {
        Form::Wunschkennzeichen(f) => (name(&f.holder.name), Some(&f.contact)),
        Form::Bewohnerparkausweis(f) => (name(&f.resident), Some(&f.contact)),
        // The account holder is whom the tax office writes to.
        Form::KfzWiederzulassung(f) => (Some(f.account_holder.clone()), Some(&f.contact)),
        // These forms carry no contact: the citizen finishes in the
        // portal, and the desk has nothing to call back about.
        Form::Personenstandsurkunde(_) | Form::KfzAbmeldung(_) => (None, None),
    };
    HandoffContact {
        name: name.filter(|_| contact.is_some()),
        phone: contact.and_then(|c| c.phone.clone()),
        email: contact.and_then(|c| c.email.clone()),
    }
}

/// Reads and validates a form; every problem as [`Error::InvalidForm`].
fn read_form(service: PortalService, data: &Value) -> Result<Form> {
    parse_form(service, data).map_err(Error::InvalidForm)
}

fn stuck_label(h: &Handoff, reason: StuckReason, now: DateTime<Utc>) -> String {
    match reason {
        StuckReason::Flagged => {
            let status = h.last_status.unwrap_or(0);
            match status {
                401 | 403 => format!(
                    "Das Portal nimmt den Zugang nicht an (HTTP {status}): Portal-Token prüfen."
                ),
                404 | 405 => {
                    format!("Portal-Adresse stimmt nicht (HTTP {status}): Einstellungen prüfen.")
                }
                409 => "Der Antragsschlüssel gehört im Portal zu einem anderen Antrag (HTTP 409): \
                        bitte mit dem Portal-Betrieb klären."
                    .to_string(),
                _ => format!(
                    "Das Portal lehnt die Übermittlung ab (HTTP {status}): bitte prüfen lassen."
                ),
            }
        }
        StuckReason::Old => {
            let minutes = (now - h.created_at).num_minutes().max(0);
            let age = if minutes < 120 {
                format!("{minutes} Min.")
            } else {
                format!("{} Std.", minutes / 60)
            };
            format!(
                "Seit {age} nicht im Portal angekommen ({} Versuch{}).",
                h.attempts,
                if h.attempts == 1 { "" } else { "e" }
            )
        }
    }
}

/// A form for the window: its description, the values to start from and
/// the problems to show next to the fields (a correction's portal
/// problems; none for a new form).
#[derive(Debug, Clone, PartialEq)]
pub struct FormDraft {
    /// The form.
    pub spec: FormSpec,
    /// Values by field path.
    pub values: FormValues,
    /// Problems anchored to shown fields (empty path: above the form).
    pub problems: Vec<FieldProblem>,
    /// The application being corrected, if this is a correction.
    pub correcting: Option<Handoff>,
}

/// The window's values as the contract's `data`, or every problem (the
/// spec's own date problems and the reader's), anchored to shown fields.
fn data_of(spec: &FormSpec, values: &FormValues) -> std::result::Result<Value, Vec<FieldProblem>> {
    let (data, mut problems) = spec.to_data(values);
    let typed: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
    problems.extend(
        super::validate(spec.service, &data)
            .into_iter()
            .filter(|p| !typed.contains(&p.field)),
    );
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(spec.anchor(problems, values))
    }
}

/// An invalid form's problems anchored to the fields the window shows.
fn anchored(spec: &FormSpec, values: &FormValues, e: Error) -> Error {
    match e {
        Error::InvalidForm(problems) => Error::InvalidForm(spec.anchor(problems, values)),
        other => other,
    }
}

/// The portal handoff. Writes need a signed-in agent (the audit names
/// them) and the case store; the worker needs the portal's URL and token.
impl Desk {
    /// Every problem of `data` as the form of `service`, for the form's
    /// inline messages while the agent types; empty when valid.
    pub fn check_handoff(&self, service: PortalService, data: &Value) -> Vec<FieldProblem> {
        super::validate(service, data)
    }

    /// Hands an application to the portal: validates it on the desk
    /// (every field's problem as [`Error::InvalidForm`], code
    /// `INVALID_INPUT`, and nothing is written), then writes it into the
    /// outbox in one transaction with the call's outcome `portal_handoff`
    /// (if none was chosen), the caller contact the form carries, and the
    /// audit row. The worker sends it; the returned row is `pending`.
    pub async fn submit_handoff(
        &self,
        call: CallId,
        service: PortalService,
        data: &Value,
    ) -> Result<Handoff> {
        self.submit_handoff_keyed(call, service, data, &RequestKey::fresh())
            .await
    }

    /// [`Self::submit_handoff`] under the dialog's request key, kept by the
    /// window until the submission is confirmed: sent again after a lost
    /// answer, it returns the application written the first time. The key
    /// is the application's Idempotency-Key towards the portal too.
    pub async fn submit_handoff_keyed(
        &self,
        call: CallId,
        service: PortalService,
        data: &Value,
        key: &RequestKey,
    ) -> Result<Handoff> {
        let form = read_form(service, data)?;
        let body = request_body(&form)?;
        let (store, agent) = self.signed_in()?;
        let new = outbox::NewApplication {
            call,
            service,
            body: &body,
            contact: &contact_of(&form),
            key,
        };
        let h = outbox::enqueue(store, agent, new, store.now().await).await?;
        tracing::info!(
            handoff = h.id.0,
            call = call.0,
            service = service.as_str(),
            "submitted"
        );
        self.outbox_wake().notify_one();
        Ok(h)
    }

    /// Corrects a rejected application with new data (validated like a
    /// submission) and sends it again with the same Idempotency-Key.
    pub async fn correct_handoff(&self, id: HandoffId, data: &Value) -> Result<Handoff> {
        let (store, agent) = self.signed_in()?;
        let current = outbox::get(store, id).await?;
        let form = read_form(current.service, data)?;
        let body = request_body(&form)?;
        let h = outbox::correct(
            store,
            agent,
            id,
            current.service,
            &body,
            &contact_of(&form),
            store.now().await,
        )
        .await?;
        tracing::info!(handoff = id.0, "corrected");
        self.outbox_wake().notify_one();
        Ok(h)
    }

    /// A new form for `service`, pre-filled with what `call` already
    /// knows: the caller contact, plates/VINs/IBANs/contacts in the notes,
    /// and the call's earlier applications still held by the desk.
    pub async fn handoff_form(
        &self,
        service: PortalService,
        call: Option<CallId>,
    ) -> Result<FormDraft> {
        let spec = form_spec(service);
        let mut facts = CallFacts::default();
        if let Some(call) = call {
            for earlier in self.handoffs_of_call(call).await?.iter().rev() {
                if let Some(data) = &earlier.data {
                    facts.add_application(earlier.service, data);
                }
            }
            let call = self.call(call).await?;
            facts.add_contact(&call.caller);
            if let Some(notes) = &call.notes {
                facts.add_notes(notes);
            }
        }
        Ok(FormDraft {
            values: spec.prefill(&facts),
            spec,
            problems: Vec::new(),
            correcting: None,
        })
    }

    /// The form of a rejected application, with its data and the portal's
    /// problems next to the fields, for the agent to correct.
    pub async fn handoff_correction(&self, id: HandoffId) -> Result<FormDraft> {
        let h = self.handoff(id).await?;
        let spec = form_spec(h.service);
        let values = match &h.data {
            Some(data) => spec.values_of(data),
            None => spec.defaults(),
        };
        Ok(FormDraft {
            problems: spec.anchor(h.problems.clone(), &values),
            values,
            spec,
            correcting: Some(h),
        })
    }

    /// [`Self::check_handoff`] for the window's values: every problem,
    /// anchored to a shown field; empty when the form can be sent.
    pub fn check_handoff_values(
        &self,
        service: PortalService,
        values: &FormValues,
    ) -> Vec<FieldProblem> {
        data_of(&form_spec(service), values)
            .err()
            .unwrap_or_default()
    }

    /// [`Self::submit_handoff`] from the window's values.
    pub async fn submit_handoff_values(
        &self,
        call: CallId,
        service: PortalService,
        values: &FormValues,
        key: &RequestKey,
    ) -> Result<Handoff> {
        let spec = form_spec(service);
        let data = data_of(&spec, values).map_err(Error::InvalidForm)?;
        self.submit_handoff_keyed(call, service, &data, key)
            .await
            .map_err(|e| anchored(&spec, values, e))
    }

    /// [`Self::correct_handoff`] from the window's values.
    pub async fn correct_handoff_values(
        &self,
        id: HandoffId,
        values: &FormValues,
    ) -> Result<Handoff> {
        let spec = form_spec(self.handoff(id).await?.service);
        let data = data_of(&spec, values).map_err(Error::InvalidForm)?;
        self.correct_handoff(id, &data)
            .await
            .map_err(|e| anchored(&spec, values, e))
    }

    /// The application with this id.
    pub async fn handoff(&self, id: HandoffId) -> Result<Handoff> {
        outbox::get(self.cases()?, id).await
    }

    /// The applications of one call, oldest first.
    pub async fn handoffs_of_call(&self, call: CallId) -> Result<Vec<Handoff>> {
        outbox::of_call(self.cases()?, call).await
    }

    /// The desk's applications (the whole store's), newest first.
    pub async fn handoffs(&self, limit: u32) -> Result<Vec<Handoff>> {
        outbox::newest(self.cases()?, limit).await
    }

    /// How many applications [`Desk::handoffs`] could list in all (it
    /// lists the newest `limit`), so a list can say "20 von 1.859".
    pub async fn handoffs_total(&self) -> Result<u64> {
        outbox::count(self.cases()?).await
    }

    /// Makes a pending application due now (after a flag was fixed, or to
    /// try at once). A rejected one must be corrected instead.
    pub async fn retry_handoff(&self, id: HandoffId) -> Result<Handoff> {
        let store = self.cases()?;
        let agent = self.agent().map(|a| a.id);
        let h = outbox::retry_now(store, agent, id, store.now().await).await?;
        self.outbox_wake().notify_one();
        Ok(h)
    }

    /// Applications for supervisors: flagged ones (the portal refuses them
    /// for a reason a retry cannot fix) and those not delivered
    /// `stuck_after_minutes` (settings, default 30) after submission;
    /// flagged first, then the oldest, each with a German label.
    pub async fn stuck_handoffs(&self, now: DateTime<Utc>) -> Result<Vec<StuckHandoff>> {
        let minutes = i64::from(self.settings().portal.stuck_after_minutes);
        let rows = outbox::stuck(self.cases()?, now - chrono::Duration::minutes(minutes)).await?;
        Ok(rows
            .into_iter()
            .map(|(handoff, reason)| StuckHandoff {
                label: stuck_label(&handoff, reason, now),
                handoff,
                reason,
            })
            .collect())
    }

    /// Asks the portal what the office decided about a delivered
    /// application (a citizen calls: "what happened to my application?")
    /// and records the answer. A portal that cannot be asked is
    /// `PORTAL_UNAVAILABLE` and changes nothing.
    pub async fn check_portal_decision(&self, id: HandoffId) -> Result<Handoff> {
        let h = self.handoff(id).await?;
        let portal_id = match (h.state, h.portal_id.as_deref()) {
            (super::HandoffState::Delivered, Some(portal_id)) => portal_id.to_string(),
            _ => {
                return Err(Error::invalid(
                    "handoff_id",
                    format!("application {id} is not in the portal yet"),
                ));
            }
        };
        let config = self.portal_config().map_err(|e| Error::Portal {
            action: "asking for an application's state".into(),
            message: e.to_string(),
        })?;
        let client = PortalClient::new(&config, DeliveryConfig::default().request_timeout, 1)?;
        let decision = client.decision(&portal_id).await?;
        let agent = self.agent().map(|a| a.id);
        let store = self.cases()?;
        let h = outbox::record_decision(store, agent, id, decision, store.now().await).await?;
        tracing::info!(
            handoff = id.0,
            decision = decision.as_str(),
            "portal decision"
        );
        Ok(h)
    }

    /// What is left in the outbox and when the next row is due.
    pub async fn handoff_queue(&self) -> Result<QueueState> {
        outbox::queue_state(self.cases()?).await
    }

    /// The portal's URL and token: `AUSKUNFT_PORTAL_URL` and
    /// `AUSKUNFT_PORTAL_TOKEN` over the settings' `[portal]` table.
    pub fn portal_config(&self) -> Result<PortalConfig> {
        PortalConfig::resolve(&self.settings().portal)
    }

    /// A delivery worker over this desk's store and portal, woken by this
    /// desk's submissions.
    pub fn delivery_worker(&self, config: DeliveryConfig) -> Result<Worker> {
        let portal = self.portal_config()?;
        let client = PortalClient::new(&portal, config.request_timeout, config.concurrency)?;
        Ok(Worker::new(self.cases()?.clone(), client, config).with_wake(self.outbox_wake()))
    }

    /// Starts the delivery worker for the window: a tokio task that sends
    /// due applications until the returned handle is stopped. Needs a
    /// tokio runtime.
    pub fn start_delivery_worker(&self) -> Result<DeliveryHandle> {
        Ok(DeliveryHandle::spawn(
            self.delivery_worker(DeliveryConfig::default())?,
        ))
    }

    /// Delivers until nothing is pending or being sent (flagged rows are
    /// left for a person and counted), for the CLI and tests.
    pub async fn deliver_until_empty(&self, config: DeliveryConfig) -> Result<DeliveryReport> {
        let mut worker = self.delivery_worker(config)?;
        worker.until_empty().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::example;

    #[test]
    fn contact_comes_from_forms_that_carry_one() {
        for service in PortalService::ALL {
            let form = parse_form(service, &example(service)).unwrap();
            let c = contact_of(&form);
            match service {
                PortalService::Personenstandsurkunde | PortalService::KfzAbmeldung => {
                    assert_eq!(c, HandoffContact::default());
                }
                _ => {
                    assert!(c.name.is_some());
                    assert!(c.phone.is_some() || c.email.is_some());
                }
            }
            let body: Value = serde_json::from_str(&request_body(&form).unwrap()).unwrap();
            assert_eq!(body["applicant_mode"], "anonymous");
            assert_eq!(body["assurance_level"], "low");
            assert!(crate::handoff::parse_request(&body).is_ok());
        }
    }
}
