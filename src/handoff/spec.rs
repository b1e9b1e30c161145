//! The five forms as the window shows them: sections, fields with German
//! labels, choices, which fields show only for some choices, and which
//! fact of the call pre-fills a field.
//!
//! Why declarative: the window renders any form from this one description,
//! so a new field is one line here (and one in the reader) instead of a new
//! Svelte component per service. The window edits flat text values keyed
//! by the field's dotted path (`holder.address.street`); [`FormSpec::to_data`]
//! turns them into the contract's nested `data` object, and
//! [`FormSpec::values_of`] turns a stored `data` back into values for a
//! correction. Validation stays in `read` — the spec never judges a value,
//! except that a German date (`12.08.1964`) becomes the contract's ISO date.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{FieldProblem, PortalService, zones};

/// The window's values: dotted path → what the agent typed (checkboxes
/// `"true"`/`"false"`).
pub type FormValues = BTreeMap<String, String>;

/// How a field is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines (purpose, legal interest).
    LongText,
    /// A date, typed as `TT.MM.JJJJ` (ISO is accepted too).
    Date,
    /// A whole number.
    Number,
    /// One of the options.
    Choice(Vec<Choice>),
    /// Yes or no; sent as a JSON boolean.
    Checkbox,
}

/// One option of a choice: what is sent and what the agent sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The contract's value.
    pub value: String,
    /// German label.
    pub label: String,
}

/// A field is shown (and sent) only while the field at `path` has one of
/// `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The controlling field (a choice).
    pub path: String,
    /// The values that show the field.
    pub values: Vec<String>,
}

/// What the call may already know, to pre-fill a field with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// The caller's given names.
    GivenNames,
    /// The caller's surname.
    Surname,
    /// The caller's whole name.
    FullName,
    /// Street of the caller's address.
    Street,
    /// House number.
    HouseNumber,
    /// Postal code.
    PostalCode,
    /// City.
    City,
    /// Telephone number.
    Phone,
    /// E-mail address.
    Email,
    /// A number plate named in the call.
    Plate,
    /// A vehicle identification number named in the call.
    Vin,
    /// An IBAN named in the call.
    Iban,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Dotted path inside the contract's `data`, e.g. `event.date`.
    pub path: String,
    /// German label.
    pub label: String,
    /// How it is edited.
    pub kind: FieldKind,
    /// The reader requires it (an empty optional field is not sent).
    pub required: bool,
    /// A short German example or rule shown under the field.
    pub hint: Option<String>,
    /// Shown only under this condition.
    pub shown_when: Option<Condition>,
    /// Pre-filled from this fact of the call.
    pub fact: Option<Fact>,
    /// The value a new form starts with.
    pub default: Option<String>,
}

/// A group of fields under a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    /// German heading.
    pub title: String,
    /// Its fields, in order.
    pub fields: Vec<FieldSpec>,
}

/// A service's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSpec {
    /// The service.
    pub service: PortalService,
    /// German title, e.g. "Wunschkennzeichen reservieren".
    pub title: String,
    /// One sentence for the agent: what happens after sending.
    pub intro: String,
    /// Sections in order.
    pub sections: Vec<SectionSpec>,
}

/// The German name of a service, for titles and lists.
pub fn service_title(service: PortalService) -> &'static str {
    match service {
        PortalService::Personenstandsurkunde => "Personenstandsurkunde",
        PortalService::Wunschkennzeichen => "Wunschkennzeichen",
        PortalService::Bewohnerparkausweis => "Bewohnerparkausweis",
        PortalService::KfzAbmeldung => "Kfz-Abmeldung",
        PortalService::KfzWiederzulassung => "Kfz-Wiederzulassung",
    }
}

// ---------------------------------------------------------------- building blocks

fn field(path: &str, label: &str, kind: FieldKind) -> FieldSpec {
    FieldSpec {
        path: path.to_string(),
        label: label.to_string(),
        kind,
        required: true,
        hint: None,
        shown_when: None,
        fact: None,
        default: None,
    }
}

impl FieldSpec {
    fn optional(mut self) -> Self {
        self.required = false;
        self
    }
    fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_string());
        self
    }
    fn when(mut self, path: &str, values: &[&str]) -> Self {
        self.shown_when = Some(Condition {
            path: path.to_string(),
            values: values.iter().map(|v| (*v).to_string()).collect(),
        });
        self
    }
    fn fact(mut self, fact: Fact) -> Self {
        self.fact = Some(fact);
        self
    }
    fn default(mut self, value: &str) -> Self {
        self.default = Some(value.to_string());
        self
    }
}

fn text(path: &str, label: &str) -> FieldSpec {
    field(path, label, FieldKind::Text)
}

fn choice(path: &str, label: &str, options: &[(&str, &str)]) -> FieldSpec {
    field(
        path,
        label,
        FieldKind::Choice(
            options
                .iter()
                .map(|(value, label)| Choice {
                    value: (*value).to_string(),
                    label: (*label).to_string(),
                })
                .collect(),
        ),
    )
}

fn section(title: &str, fields: Vec<FieldSpec>) -> SectionSpec {
    SectionSpec {
        title: title.to_string(),
        fields,
    }
}

/// Given names and surname under `prefix`, pre-filled from the caller.
fn name_fields(prefix: &str) -> Vec<FieldSpec> {
    vec![
        text(&format!("{prefix}.given_names"), "Vorname(n)").fact(Fact::GivenNames),
        text(&format!("{prefix}.surname"), "Familienname").fact(Fact::Surname),
    ]
}

/// A postal address under `prefix`; the city starts as Bochum.
fn address_fields(prefix: &str) -> Vec<FieldSpec> {
    vec![
        text(&format!("{prefix}.street"), "Straße").fact(Fact::Street),
        text(&format!("{prefix}.house_number"), "Hausnummer")
            .hint("z. B. 12, 12a oder 3-5")
            .fact(Fact::HouseNumber),
        text(&format!("{prefix}.postal_code"), "Postleitzahl").fact(Fact::PostalCode),
        text(&format!("{prefix}.city"), "Ort")
            .fact(Fact::City)
            .default("Bochum"),
    ]
}

fn contact_fields() -> Vec<FieldSpec> {
    vec![
        text("contact.phone", "Telefonnummer")
            .optional()
            .hint("Telefon oder E-Mail: mindestens eins")
            .fact(Fact::Phone),
        text("contact.email", "E-Mail-Adresse")
            .optional()
            .fact(Fact::Email),
    ]
}

fn with(mut fields: Vec<FieldSpec>, more: impl IntoIterator<Item = FieldSpec>) -> Vec<FieldSpec> {
    fields.extend(more);
    fields
}

const BOCHUM_PLATE_HINT: &str = "BO oder WAT, z. B. BO-AB 123 (E/H am Ende möglich)";

// ---------------------------------------------------------------- the five forms

/// The form of `service`.
pub fn form_spec(service: PortalService) -> FormSpec {
    let (title, intro, sections) = match service {
        PortalService::Personenstandsurkunde => personenstandsurkunde(),
        PortalService::Wunschkennzeichen => wunschkennzeichen(),
        PortalService::Bewohnerparkausweis => bewohnerparkausweis(),
        PortalService::KfzAbmeldung => kfz_abmeldung(),
        PortalService::KfzWiederzulassung => kfz_wiederzulassung(),
    };
    FormSpec {
        service,
        title: title.to_string(),
        intro: intro.to_string(),
        sections,
    }
}

type Parts = (&'static str, &'static str, Vec<SectionSpec>);

fn personenstandsurkunde() -> Parts {
    let others = [
        "spouse_or_partner",
        "parent",
        "child",
        "grandparent",
        "grandchild",
        "other",
    ];
    (
        "Personenstandsurkunde beantragen",
        "Nur für Ereignisse, die in Bochum beurkundet wurden. Die Bürgerin oder der Bürger erhält eine Vorgangsnummer und einen Link zum Bezahlen.",
        vec![
            section(
                "Urkunde",
                vec![
                    choice(
                        "kind",
                        "Urkundenart",
                        &[
                            ("geburt", "Geburtsurkunde"),
                            ("ehe", "Eheurkunde"),
                            ("lebenspartnerschaft", "Lebenspartnerschaftsurkunde"),
                            ("sterbe", "Sterbeurkunde"),
                        ],
                    ),
                    field("copies", "Anzahl", FieldKind::Number)
                        .hint("1 bis 10")
                        .default("1"),
                    field("purpose", "Verwendungszweck", FieldKind::LongText)
                        .hint("z. B. Rentenantrag, Eheschließung"),
                ],
            ),
            section(
                "Person im Register",
                with(
                    name_fields("person"),
                    [text("person.birth_name", "Geburtsname")
                        .hint("derselbe wie der Familienname, wenn er sich nie geändert hat")],
                ),
            ),
            section(
                "Ereignis",
                vec![
                    field("event.date", "Datum", FieldKind::Date).hint("TT.MM.JJJJ"),
                    text("event.place", "Ort")
                        .hint("Bochum oder ein Bochumer Stadtteil")
                        .default("Bochum"),
                ],
            ),
            section(
                "Antragsteller (§ 62 PStG)",
                with(
                    vec![
                        choice(
                            "applicant.relation",
                            "Verhältnis zur Person",
                            &[
                                ("self", "Person selbst"),
                                ("spouse_or_partner", "Ehegatte oder Lebenspartner"),
                                ("parent", "Elternteil"),
                                ("child", "Kind"),
                                ("grandparent", "Großelternteil"),
                                ("grandchild", "Enkelkind"),
                                ("other", "Andere Person (rechtliches Interesse)"),
                            ],
                        )
                        .default("self"),
                    ],
                    name_fields("applicant.name")
                        .into_iter()
                        .map(|f| f.when("applicant.relation", &others))
                        .chain([field(
                            "applicant.legal_interest",
                            "Rechtliches Interesse",
                            FieldKind::LongText,
                        )
                        .when("applicant.relation", &["other"])]),
                ),
            ),
            section(
                "Zustellung",
                with(
                    vec![
                        choice(
                            "delivery.method",
                            "Zustellart",
                            &[("post", "Per Post"), ("pickup", "Abholung im Standesamt")],
                        )
                        .default("post"),
                    ],
                    address_fields("delivery.address")
                        .into_iter()
                        .map(|f| f.when("delivery.method", &["post"])),
                ),
            ),
        ],
    )
}

fn vehicle_types() -> FieldSpec {
    choice(
        "vehicle_type",
        "Fahrzeugart",
        &[
            ("pkw", "Pkw"),
            ("motorrad", "Motorrad"),
            ("lkw", "Lkw"),
            ("anhaenger", "Anhänger"),
            ("wohnmobil", "Wohnmobil"),
        ],
    )
    .default("pkw")
}

fn wunschkennzeichen() -> Parts {
    (
        "Wunschkennzeichen reservieren",
        "Die Reservierung gilt bis zur Zulassung; die Vorgangsnummer bitte zur Zulassung mitbringen lassen.",
        vec![
            section(
                "Kennzeichen",
                vec![
                    text("plate", "Wunschkennzeichen")
                        .hint(BOCHUM_PLATE_HINT)
                        .fact(Fact::Plate),
                    vehicle_types(),
                ],
            ),
            section(
                "Halterin oder Halter",
                with(name_fields("holder.name"), address_fields("holder.address")),
            ),
            section("Kontakt", contact_fields()),
        ],
    )
}

fn bewohnerparkausweis() -> Parts {
    let zone_choices: Vec<(String, String)> = zones::zones()
        .unwrap_or(&[])
        .iter()
        .map(|z| (z.id.clone(), z.name.clone()))
        .collect();
    let options: Vec<(&str, &str)> = zone_choices
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    (
        "Bewohnerparkausweis beantragen",
        "Nur für Bochumer Anschriften innerhalb der gewählten Zone; der Ausweis wird nach Zahlung zugeschickt.",
        vec![
            section(
                "Zone und Anschrift",
                with(
                    vec![choice("zone", "Bewohnerparkzone", &options)],
                    address_fields("address"),
                ),
            ),
            section("Bewohnerin oder Bewohner", name_fields("resident")),
            section(
                "Fahrzeug",
                vec![
                    text("plate", "Kennzeichen")
                        .hint("z. B. BO-AB 123 (auch auswärtige Kennzeichen)")
                        .fact(Fact::Plate),
                    choice(
                        "vehicle_holder.kind",
                        "Halter",
                        &[
                            ("self", "Bewohner ist selbst Halter"),
                            ("keeper_consent", "Anderer Halter mit Einverständnis"),
                        ],
                    )
                    .default("self"),
                    text("vehicle_holder.keeper_name", "Name des Halters")
                        .when("vehicle_holder.kind", &["keeper_consent"]),
                    field(
                        "vehicle_holder.consent_confirmed",
                        "Schriftliches Einverständnis des Halters liegt vor",
                        FieldKind::Checkbox,
                    )
                    .when("vehicle_holder.kind", &["keeper_consent"])
                    .default("false"),
                ],
            ),
            section("Kontakt", contact_fields()),
        ],
    )
}

fn kfz_abmeldung() -> Parts {
    (
        "Fahrzeug abmelden",
        "Die Abmeldung schließt die Bürgerin oder der Bürger über den Link mit dem Online-Ausweis (eID) ab.",
        vec![
            section(
                "Fahrzeug",
                vec![
                    text("plate", "Kennzeichen")
                        .hint("z. B. BO-AB 123")
                        .fact(Fact::Plate),
                    text("vin", "Fahrzeug-Identifizierungsnummer (FIN)")
                        .hint("17 Zeichen, ohne I, O und Q; Feld E der Zulassungsbescheinigung Teil I")
                        .fact(Fact::Vin),
                    text("zb1_security_code", "Sicherheitscode Zulassungsbescheinigung Teil I")
                        .hint("7 Zeichen unter der freigerubbelten Fläche"),
                ],
            ),
            section(
                "Stempelplaketten",
                vec![
                    text("seal_codes.front", "Plakettencode vorne")
                        .optional()
                        .hint("3 Zeichen; Motorräder und Anhänger haben keine vordere Plakette"),
                    text("seal_codes.rear", "Plakettencode hinten").hint("3 Zeichen"),
                ],
            ),
        ],
    )
}

fn kfz_wiederzulassung() -> Parts {
    (
        "Fahrzeug wieder zulassen",
        "Die Bürgerin oder der Bürger erhält eine Vorgangsnummer; die Kfz-Steuer wird per SEPA-Lastschrift eingezogen.",
        vec![
            section(
                "Fahrzeug",
                vec![
                    text("vin", "Fahrzeug-Identifizierungsnummer (FIN)")
                        .hint("17 Zeichen, ohne I, O und Q")
                        .fact(Fact::Vin),
                    text("zb2_number", "Nummer der Zulassungsbescheinigung Teil II")
                        .hint("z. B. AB1234567"),
                    text("evb", "eVB-Nummer").hint("7 Zeichen, von der Versicherung"),
                ],
            ),
            section(
                "Kennzeichen",
                vec![
                    choice(
                        "plate.mode",
                        "Kennzeichen",
                        &[
                            ("wish", "Wunschkennzeichen"),
                            ("reserved", "Bereits reserviertes Kennzeichen"),
                        ],
                    )
                    .default("wish"),
                    text("plate.plate", "Kennzeichen")
                        .hint(BOCHUM_PLATE_HINT)
                        .fact(Fact::Plate),
                    text("plate.reservation_number", "Reservierungsnummer")
                        .when("plate.mode", &["reserved"]),
                ],
            ),
            section(
                "Kfz-Steuer (SEPA-Lastschrift)",
                vec![
                    text("iban", "IBAN")
                        .hint("DE + 20 Ziffern")
                        .fact(Fact::Iban),
                    text("account_holder", "Kontoinhaber").fact(Fact::FullName),
                ],
            ),
            section("Kontakt", contact_fields()),
        ],
    )
}

// ---------------------------------------------------------------- values ↔ data

impl FormSpec {
    /// Every field, section by section.
    pub fn fields(&self) -> impl Iterator<Item = &FieldSpec> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The field at `path`.
    pub fn field(&self, path: &str) -> Option<&FieldSpec> {
        self.fields().find(|f| f.path == path)
    }

    /// Whether `field` is shown with these values.
    pub fn is_shown(&self, field: &FieldSpec, values: &FormValues) -> bool {
        field.shown_when.as_ref().is_none_or(|c| {
            let current = values
                .get(&c.path)
                .map(String::as_str)
                .or_else(|| self.field(&c.path).and_then(|f| f.default.as_deref()))
                .unwrap_or("");
            c.values.iter().any(|v| v == current)
        })
    }

    /// A new form's values: every default.
    pub fn defaults(&self) -> FormValues {
        self.fields()
            .filter_map(|f| Some((f.path.clone(), f.default.clone()?)))
            .collect()
    }

    /// The contract's `data` from the window's values: shown, non-empty
    /// fields only, nested by path; numbers and checkboxes typed, German
    /// dates as ISO. Values the spec cannot type (a date that is no date)
    /// come back as problems; everything else is left to the reader.
    pub fn to_data(&self, values: &FormValues) -> (Value, Vec<FieldProblem>) {
        let mut data = Map::new();
        let mut problems = Vec::new();
        for f in self.fields() {
            if !self.is_shown(f, values) {
                continue;
            }
            let Some(raw) = values.get(&f.path) else {
                continue;
            };
            let text = raw.trim();
            if text.is_empty() && f.kind != FieldKind::Checkbox {
                continue;
            }
            let value = match &f.kind {
                FieldKind::Number => text
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(text.to_string())),
                FieldKind::Checkbox => Value::Bool(text == "true"),
                FieldKind::Date => match iso_date(text) {
                    Some(iso) => Value::String(iso),
                    None => {
                        problems.push(FieldProblem::new(
                            f.path.clone(),
                            format!(
                                "{}: bitte als TT.MM.JJJJ angeben, z. B. 17.05.1990.",
                                f.label
                            ),
                        ));
                        continue;
                    }
                },
                _ => Value::String(raw.clone()),
            };
            insert(&mut data, &f.path, value);
        }
        (Value::Object(data), problems)
    }

    /// The window's values of a stored `data` (for a correction): every
    /// field's value by path, dates as `TT.MM.JJJJ`, and choices that
    /// control hidden fields as they were.
    pub fn values_of(&self, data: &Value) -> FormValues {
        let mut values = self.defaults();
        for f in self.fields() {
            let Some(value) = lookup(data, &f.path) else {
                continue;
            };
            let text = match value {
                Value::String(s) if f.kind == FieldKind::Date => {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .map(|d| d.format("%d.%m.%Y").to_string())
                        .unwrap_or_else(|_| s.clone())
                }
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            values.insert(f.path.clone(), text);
        }
        values
    }

    /// Puts each problem next to a field the window shows: its own field
    /// when shown, else the first shown field inside the group it names
    /// (`contact` → `contact.phone`); a problem with no such field keeps
    /// an empty path and is shown above the form. Paths of a whole request
    /// (`data.vin`) are accepted too.
    pub fn anchor(&self, problems: Vec<FieldProblem>, values: &FormValues) -> Vec<FieldProblem> {
        problems
            .into_iter()
            .map(|p| {
                let path = p.field.strip_prefix("data.").unwrap_or(&p.field);
                let group = format!("{path}.");
                let shown = |f: &&FieldSpec| self.is_shown(f, values);
                let target = self
                    .fields()
                    .filter(shown)
                    .find(|f| f.path == path)
                    .or_else(|| {
                        self.fields()
                            .filter(shown)
                            .find(|f| f.path.starts_with(&group))
                    });
                FieldProblem::new(
                    target.map_or_else(String::new, |f| f.path.clone()),
                    p.message,
                )
            })
            .collect()
    }
}

/// `12.08.1964`, `12.8.1964` or `1964-08-12` as ISO; `None` otherwise.
/// Impossible days are left to the reader only in ISO form, which names
/// the day (`31.02.2020` is reported here, like any unreadable date).
fn iso_date(text: &str) -> Option<String> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%d.%m.%Y") {
        // chrono accepts two-digit years as year 64 AD; a register date has four.
        if text.rsplit('.').next().is_some_and(|y| y.len() == 4) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
        return None;
    }
    let iso_shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    iso_shaped.then(|| text.to_string())
}

fn insert(data: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            data.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let child = data
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(child) = child {
                insert(child, rest, value);
            }
        }
    }
}

fn lookup<'v>(data: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(data, |value, key| value.get(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::{example, validate};

    #[test]
    fn every_example_round_trips_through_the_windows_values() {
        for service in PortalService::ALL {
            let spec = form_spec(service);
            let data = example(service);
            let values = spec.values_of(&data);
            let (back, problems) = spec.to_data(&values);
            assert!(problems.is_empty(), "{service:?}: {problems:?}");
            assert_eq!(back, data, "{service:?}");
        }
    }

    #[test]
    fn every_field_the_reader_knows_is_in_the_spec_and_no_other() {
        // A field the spec lacks could never be filled in the window; one
        // the reader lacks would always be rejected as unknown. Every
        // option of every choice is tried, so conditional fields count.
        for service in PortalService::ALL {
            let spec = form_spec(service);
            let mut filled = FormValues::new();
            for f in spec.fields() {
                filled.insert(f.path.clone(), "x".into());
            }
            let mut variants = vec![spec.defaults()];
            for f in spec.fields() {
                if let FieldKind::Choice(options) = &f.kind {
                    for o in options {
                        let mut v = spec.defaults();
                        v.insert(f.path.clone(), o.value.clone());
                        variants.push(v);
                    }
                }
            }
            for choices in variants {
                let mut values = filled.clone();
                for f in spec.fields() {
                    if matches!(f.kind, FieldKind::Choice(_)) {
                        match choices.get(&f.path) {
                            Some(v) => values.insert(f.path.clone(), v.clone()),
                            None => values.remove(&f.path),
                        };
                    }
                }
                let (data, _) = spec.to_data(&values);
                let unknown: Vec<_> = validate(service, &data)
                    .into_iter()
                    .filter(|p| p.message.starts_with("Unbekanntes Feld"))
                    .collect();
                assert!(unknown.is_empty(), "{service:?} {choices:?}: {unknown:?}");
            }
        }
    }

    #[test]
    fn hidden_fields_are_not_sent() {
        let spec = form_spec(PortalService::Personenstandsurkunde);
        let mut values = spec.values_of(&example(PortalService::Personenstandsurkunde));
        values.insert("delivery.method".into(), "pickup".into());
        values.insert("applicant.legal_interest".into(), "Erbschaft".into());
        let (data, _) = spec.to_data(&values);
        assert_eq!(data["delivery"], serde_json::json!({"method": "pickup"}));
        assert!(data["applicant"].get("legal_interest").is_none());
        assert!(validate(PortalService::Personenstandsurkunde, &data).is_empty());
    }

    #[test]
    fn german_dates_become_iso_and_bad_ones_are_named() {
        assert_eq!(iso_date("12.08.1964").as_deref(), Some("1964-08-12"));
        assert_eq!(iso_date("1.8.1964").as_deref(), Some("1964-08-01"));
        assert_eq!(iso_date("1964-08-12").as_deref(), Some("1964-08-12"));
        for bad in ["12.08.64", "31.02.2020", "gestern", "12/08/1964"] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
        let spec = form_spec(PortalService::Personenstandsurkunde);
        let mut values = spec.values_of(&example(PortalService::Personenstandsurkunde));
        assert_eq!(values["event.date"], "12.08.1964");
        values.insert("event.date".into(), "12.08.64".into());
        let (_, problems) = spec.to_data(&values);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "event.date");
        assert!(problems[0].message.contains("TT.MM.JJJJ"));
    }

    #[test]
    fn problems_are_anchored_to_shown_fields() {
        let spec = form_spec(PortalService::Wunschkennzeichen);
        let values = spec.defaults();
        let anchored = spec.anchor(
            vec![
                FieldProblem::new("contact", "Telefon oder E-Mail"),
                FieldProblem::new("data.plate", "Kennzeichen falsch"),
                FieldProblem::new("holder", "Halter fehlt"),
                FieldProblem::new("nonsense", "?"),
            ],
            &values,
        );
        let fields: Vec<&str> = anchored.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            ["contact.phone", "plate", "holder.name.given_names", ""]
        );
    }

    #[test]
    fn conditions_follow_defaults_and_choices() {
        let spec = form_spec(PortalService::Bewohnerparkausweis);
        let keeper = spec.field("vehicle_holder.keeper_name").unwrap();
        let mut values = spec.defaults();
        assert!(!spec.is_shown(keeper, &values));
        values.insert("vehicle_holder.kind".into(), "keeper_consent".into());
        assert!(spec.is_shown(keeper, &values));
        let zones = match &spec.field("zone").unwrap().kind {
            FieldKind::Choice(options) => options.len(),
            other => panic!("zone is {other:?}"),
        };
        assert!(zones >= 3, "zones come from parkzonen.toml: {zones}");
    }
}
