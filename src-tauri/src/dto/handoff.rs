//! The portal handoff as the window sees it: the form description from
//! `auskunft::handoff::spec`, the values the agent edits, the problems next
//! to the fields, and the outbox rows with their state.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use auskunft::handoff::{
    self, FieldProblem, FormDraft, FormSpec, Handoff, HandoffState, PortalDecision, service_title,
    spec::{FieldKind, FieldSpec},
};
use auskunft::hours;

/// How a field is edited.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FieldKindView {
    Text,
    LongText,
    Date,
    Number,
    Choice,
    Checkbox,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
}

/// The field shows while the field at `path` has one of `values`.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ConditionView {
    pub path: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FormFieldView {
    /// Dotted path: the key of the field's value.
    pub path: String,
    pub label: String,
    pub kind: FieldKindView,
    /// The options of a choice (empty otherwise).
    pub options: Vec<ChoiceView>,
    pub required: bool,
    pub hint: Option<String>,
    pub shown_when: Option<ConditionView>,
}

impl From<&FieldSpec> for FormFieldView {
    fn from(f: &FieldSpec) -> Self {
        let (kind, options) = match &f.kind {
            FieldKind::Text => (FieldKindView::Text, Vec::new()),
            FieldKind::LongText => (FieldKindView::LongText, Vec::new()),
            FieldKind::Date => (FieldKindView::Date, Vec::new()),
            FieldKind::Number => (FieldKindView::Number, Vec::new()),
            FieldKind::Checkbox => (FieldKindView::Checkbox, Vec::new()),
            FieldKind::Choice(options) => (
                FieldKindView::Choice,
                options
                    .iter()
                    .map(|o| ChoiceView {
                        value: o.value.clone(),
                        label: o.label.clone(),
                    })
                    .collect(),
            ),
        };
        Self {
            path: f.path.clone(),
            label: f.label.clone(),
            kind,
            options,
            required: f.required,
            hint: f.hint.clone(),
            shown_when: f.shown_when.as_ref().map(|c| ConditionView {
                path: c.path.clone(),
                values: c.values.clone(),
            }),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct FormSectionView {
    pub title: String,
    pub fields: Vec<FormFieldView>,
}

/// One field's problem; `field` is empty for a problem of the whole form.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct FieldProblemView {
    pub field: String,
    pub message: String,
}

impl From<FieldProblem> for FieldProblemView {
    fn from(p: FieldProblem) -> Self {
        Self {
            field: p.field,
            message: p.message,
        }
    }
}

/// A form to show: its description, the values to start from and the
/// problems to show (a rejected application's, when correcting).
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoffFormView {
    pub service: String,
    pub title: String,
    pub intro: String,
    pub sections: Vec<FormSectionView>,
    pub values: BTreeMap<String, String>,
    pub problems: Vec<FieldProblemView>,
    /// The rejected application this form corrects.
    pub correcting: Option<HandoffView>,
}

impl HandoffFormView {
    pub fn from_core(d: FormDraft) -> Self {
        let FormDraft {
            spec,
            values,
            problems,
            correcting,
        } = d;
        let FormSpec {
            service,
            title,
            intro,
            sections,
        } = spec;
        Self {
            service: service.as_str().to_string(),
            title,
            intro,
            sections: sections
                .iter()
                .map(|s| FormSectionView {
                    title: s.title.clone(),
                    fields: s.fields.iter().map(Into::into).collect(),
                })
                .collect(),
            values,
            problems: problems.into_iter().map(Into::into).collect(),
            correcting: correcting.map(HandoffView::from_core),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum HandoffStateView {
    Pending,
    Delivering,
    Delivered,
    Rejected,
}

impl From<HandoffState> for HandoffStateView {
    fn from(s: HandoffState) -> Self {
        match s {
            HandoffState::Pending => Self::Pending,
            HandoffState::Delivering => Self::Delivering,
            HandoffState::Delivered => Self::Delivered,
            HandoffState::Rejected => Self::Rejected,
        }
    }
}

/// The desk's newest applications and how many there are in all (the
/// list says "20 von 1.859" when it is cut).
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoffListView {
    pub handoffs: Vec<HandoffView>,
    #[ts(type = "number")]
    pub total: u64,
}

/// An application on its way to the portal.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoffView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub call_id: i64,
    pub service: String,
    pub service_title: String,
    pub state: HandoffStateView,
    pub state_label: String,
    pub attempts: u32,
    /// The portal's reference to read out, once delivered.
    pub reference: Option<String>,
    /// The link the citizen finishes with, once delivered.
    pub citizen_link: Option<String>,
    /// The portal's field problems of a rejection.
    pub problems: Vec<FieldProblemView>,
    /// Why the last attempt failed (no personal data, never the token).
    pub last_error: Option<String>,
    /// The portal refuses it for a reason retrying cannot fix.
    pub flagged: bool,
    pub created_at: String,
    /// "25.11. 14:03", Bochum time.
    pub created_label: String,
    /// What the office decided, as the portal said when last asked
    /// (`None`: not asked yet).
    pub portal_state: Option<PortalDecisionView>,
    /// The decision in German, with when it was asked:
    /// "Vom Amt angenommen (Stand 25.11. 14:05)".
    pub portal_state_label: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PortalDecisionView {
    Submitted,
    Accepted,
    Rejected,
}

impl From<PortalDecision> for PortalDecisionView {
    fn from(d: PortalDecision) -> Self {
        match d {
            PortalDecision::Submitted => Self::Submitted,
            PortalDecision::Accepted => Self::Accepted,
            PortalDecision::Rejected => Self::Rejected,
        }
    }
}

impl HandoffView {
    pub fn from_core(h: Handoff) -> Self {
        let local = h.created_at.with_timezone(&hours::TZ);
        let portal_state_label = h.portal_state.map(|d| match h.portal_checked_at {
            Some(at) => format!(
                "{} (Stand {})",
                d.label(),
                at.with_timezone(&hours::TZ).format("%d.%m. %H:%M")
            ),
            None => d.label().to_string(),
        });
        let label = if h.flagged {
            "Übermittlung gestoppt – Teamleitung informiert".to_string()
        } else {
            h.state.label().to_string()
        };
        Self {
            id: h.id.0,
            call_id: h.call_id.0,
            service: h.service.as_str().to_string(),
            service_title: service_title(h.service).to_string(),
            state: h.state.into(),
            state_label: label,
            attempts: h.attempts,
            reference: h.reference,
            citizen_link: h.citizen_link,
            problems: h.problems.into_iter().map(Into::into).collect(),
            last_error: h.last_error,
            flagged: h.flagged,
            created_at: h.created_at.to_rfc3339(),
            created_label: local.format("%d.%m. %H:%M").to_string(),
            portal_state: h.portal_state.map(Into::into),
            portal_state_label,
        }
    }
}

/// Whether this desk sends applications: the portal configured and the
/// delivery worker running.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PortalStatusView {
    pub sending: bool,
    /// Why not, in German (empty when sending).
    pub reason: String,
}

/// Parses a service id from the window.
pub fn service_arg(service: &str) -> Result<handoff::PortalService, super::IpcError> {
    handoff::PortalService::parse(service).ok_or_else(|| super::IpcError {
        code: super::ErrorCode::InvalidInput,
        message: format!("unknown portal service {service:?}"),
        field: Some("service".into()),
    })
}

/// An application supervisors must look at.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StuckHandoffView {
    pub handoff: HandoffView,
    /// The portal refuses it for a reason a retry cannot fix (wrong token,
    /// key conflict); otherwise it is only old.
    pub flagged: bool,
    /// Why it is listed, in German.
    pub label: String,
}

impl StuckHandoffView {
    pub fn from_core(s: handoff::StuckHandoff) -> Self {
        Self {
            flagged: s.reason == handoff::StuckReason::Flagged,
            label: s.label,
            handoff: HandoffView::from_core(s.handoff),
        }
    }
}
