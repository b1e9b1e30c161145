//! The whole handoff request: `{service, applicant_mode, assurance_level,
//! data}`. portal-sim reads requests with [`parse_request`]; the desk
//! builds them with [`Application::by_phone`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::fields::Checker;
use super::{FieldProblem, Form, PortalService, read, today_in_bochum};
use crate::error::quote;

/// How the applicant is known to the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantMode {
    /// Not identified: what the desk sends for data taken on the phone.
    Anonymous,
    /// A registered portal account (Servicekonto).
    Registered,
    /// Identified with the eID of the ID card.
    Eid,
}

/// eIDAS level of assurance of the applicant's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssuranceLevel {
    /// Self-declared (phone, anonymous).
    Low,
    /// Verified account.
    Substantial,
    /// eID.
    High,
}

const MODES: [(&str, ApplicantMode); 3] = [
    ("anonymous", ApplicantMode::Anonymous),
    ("registered", ApplicantMode::Registered),
    ("eid", ApplicantMode::Eid),
];

const LEVELS: [(&str, AssuranceLevel); 3] = [
    ("low", AssuranceLevel::Low),
    ("substantial", AssuranceLevel::Substantial),
    ("high", AssuranceLevel::High),
];

impl ApplicantMode {
    /// The levels of assurance this mode can reach: an anonymous
    /// applicant cannot claim more than `low`, an eID is never `low`.
    fn allows(self, level: AssuranceLevel) -> bool {
        match self {
            ApplicantMode::Anonymous => level == AssuranceLevel::Low,
            ApplicantMode::Registered => level != AssuranceLevel::High,
            ApplicantMode::Eid => level != AssuranceLevel::Low,
        }
    }
}

/// A valid handoff request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// How the applicant is known.
    pub applicant_mode: ApplicantMode,
    /// How sure the identity is.
    pub assurance_level: AssuranceLevel,
    /// The service's data.
    pub form: Form,
}

impl Application {
    /// An application taken on the phone: anonymous, assurance `low`.
    pub fn by_phone(form: Form) -> Self {
        Application {
            applicant_mode: ApplicantMode::Anonymous,
            assurance_level: AssuranceLevel::Low,
            form,
        }
    }

    /// The service.
    pub fn service(&self) -> PortalService {
        self.form.service()
    }

    /// The request body of `POST /v1/applications`.
    pub fn to_body(&self) -> serde_json::Result<Value> {
        Ok(json!({
            "service": self.service().as_str(),
            "applicant_mode": self.applicant_mode,
            "assurance_level": self.assurance_level,
            "data": self.form.to_data()?,
        }))
    }
}

/// Reads a whole request body; problem paths are relative to the body
/// (`service`, `data.vin`, …).
pub fn parse_request(body: &Value) -> Result<Application, Vec<FieldProblem>> {
    parse_request_on(body, today_in_bochum())
}

/// [`parse_request`] with an explicit "today".
pub fn parse_request_on(body: &Value, today: NaiveDate) -> Result<Application, Vec<FieldProblem>> {
    if !body.is_object() {
        return Err(vec![FieldProblem::new(
            "",
            "Die Anfrage muss ein JSON-Objekt sein.",
        )]);
    }
    let mut c = Checker::default();
    let keys = ["service", "applicant_mode", "assurance_level", "data"];
    let Some(o) = c.object(Some(body), "", "Anfrage", &keys) else {
        return Err(c.into_problems());
    };
    let service = c.field(o, "", "service", "Dienst", |t| {
        PortalService::parse(t).ok_or_else(|| {
            let names: Vec<&str> = PortalService::ALL.iter().map(|s| s.as_str()).collect();
            format!(
                "Den Dienst {} gibt es nicht; möglich: {}.",
                quote(t),
                names.join(", ")
            )
        })
    });
    let mode = c.choice(o, "", "applicant_mode", "Art der Antragstellung", &MODES);
    let level = c.choice(o, "", "assurance_level", "Vertrauensniveau", &LEVELS);
    if let (Some(mode), Some(level)) = (mode, level)
        && !mode.allows(level)
    {
        c.report(
            "assurance_level",
            "Dieses Vertrauensniveau passt nicht zur Art der Antragstellung (anonym: low; Servicekonto: low oder substantial; eID: substantial oder high).",
        );
    }
    let form = match (service, o.get("data")) {
        (_, None | Some(Value::Null)) => {
            c.report("data", "Antragsdaten fehlen.");
            None
        }
        (Some(service), Some(data)) => match read::form(service, data, today) {
            Ok(form) => Some(form),
            Err(problems) => {
                for p in problems {
                    let field = if p.field == "data" {
                        p.field
                    } else {
                        format!("data.{}", p.field)
                    };
                    c.report(field, p.message);
                }
                None
            }
        },
        // Without a known service the data cannot be read; the service's
        // problem is already reported.
        (None, Some(_)) => None,
    };
    match (mode, level, form) {
        (Some(applicant_mode), Some(assurance_level), Some(form)) if c.is_clean() => {
            Ok(Application {
                applicant_mode,
                assurance_level,
                form,
            })
        }
        _ => Err(c.into_problems()),
    }
}
