//! The five services' forms: the `data` of a handoff request, typed.
//!
//! Values here are already checked and canonical (plates as `BO-AB 123`,
//! codes upper case, text trimmed); they are made by the form reader
//! ([`super::parse_form`]), which reports every problem with a German
//! message. The serde derives describe the same JSON, so a stored
//! application reads back as it was sent; field names and enum values are
//! the contract in `docs/portal-api.yaml` (add fields, never rename).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PortalService;
use super::codes::{Evb, Iban, SealCode, Vin, Zb1SecurityCode, Zb2Number};
use super::plate::Plate;

/// One application's data, by service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Civil-status certificate.
    Personenstandsurkunde(Personenstandsurkunde),
    /// Reserving a personalised plate.
    Wunschkennzeichen(Wunschkennzeichen),
    /// Residents' parking permit.
    Bewohnerparkausweis(Bewohnerparkausweis),
    /// De-registering a vehicle.
    KfzAbmeldung(KfzAbmeldung),
    /// Re-registering a vehicle.
    KfzWiederzulassung(KfzWiederzulassung),
}

impl Form {
    /// The service this form belongs to.
    pub fn service(&self) -> PortalService {
        match self {
            Form::Personenstandsurkunde(_) => PortalService::Personenstandsurkunde,
            Form::Wunschkennzeichen(_) => PortalService::Wunschkennzeichen,
            Form::Bewohnerparkausweis(_) => PortalService::Bewohnerparkausweis,
            Form::KfzAbmeldung(_) => PortalService::KfzAbmeldung,
            Form::KfzWiederzulassung(_) => PortalService::KfzWiederzulassung,
        }
    }

    /// The form as the contract's `data` object.
    pub fn to_data(&self) -> serde_json::Result<serde_json::Value> {
        match self {
            Form::Personenstandsurkunde(f) => serde_json::to_value(f),
            Form::Wunschkennzeichen(f) => serde_json::to_value(f),
            Form::Bewohnerparkausweis(f) => serde_json::to_value(f),
            Form::KfzAbmeldung(f) => serde_json::to_value(f),
            Form::KfzWiederzulassung(f) => serde_json::to_value(f),
        }
    }
}

/// A person's given names and surname.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonName {
    /// Vornamen.
    pub given_names: String,
    /// Familienname.
    pub surname: String,
}

/// A postal address in Germany.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Straße.
    pub street: String,
    /// Hausnummer, e.g. `12a` or `3-5`.
    pub house_number: String,
    /// Postleitzahl, five digits.
    pub postal_code: String,
    /// Ort.
    pub city: String,
}

/// How the portal reaches the citizen: at least one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Telephone number, as given (`+49 234 …` or `0234 …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

// ---------------------------------------------------------------- personenstandsurkunde

/// Which register entry the certificate is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    /// Geburtsurkunde (register kept 110 years).
    Geburt,
    /// Eheurkunde (80 years).
    Ehe,
    /// Lebenspartnerschaftsurkunde (80 years).
    Lebenspartnerschaft,
    /// Sterbeurkunde (30 years).
    Sterbe,
}

/// The person the register entry is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredPerson {
    /// Vornamen.
    pub given_names: String,
    /// Familienname today.
    pub surname: String,
    /// Geburtsname (the same as `surname` if it never changed).
    pub birth_name: String,
}

/// When and where the birth, marriage, partnership or death was registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Date of the event, `YYYY-MM-DD`.
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    /// Place: Bochum or one of its districts.
    pub place: String,
}

/// The applicant's relation to the person, § 62 PStG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The person themself.
    #[serde(rename = "self")]
    Myself,
    /// Spouse or registered partner.
    SpouseOrPartner,
    /// Parent.
    Parent,
    /// Child.
    Child,
    /// Grandparent.
    Grandparent,
    /// Grandchild.
    Grandchild,
    /// Anyone else: only with a legal interest.
    Other,
}

/// Who asks for the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// Relation to the person in the register.
    pub relation: Relation,
    /// The applicant's name; absent when the relation is `self`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<PersonName>,
    /// The legal interest (rechtliches Interesse), required for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_interest: Option<String>,
}

/// How the certificate reaches the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Delivery {
    /// By post to this address.
    Post {
        /// Where to send it.
        address: Address,
    },
    /// Picked up at the Standesamt.
    Pickup,
}

/// Personenstandsurkunde: a certificate from a Bochum civil register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Personenstandsurkunde {
    /// Which certificate.
    pub kind: CertificateKind,
    /// Whom the entry is about.
    pub person: RegisteredPerson,
    /// When and where.
    pub event: Event,
    /// Number of copies, 1–10.
    pub copies: u8,
    /// What it is for (fees are waived for pension and social insurance).
    pub purpose: String,
    /// Who asks, and by what right.
    pub applicant: Applicant,
    /// Post or pickup.
    pub delivery: Delivery,
}

// ---------------------------------------------------------------- wunschkennzeichen

/// Vehicle type; plate sizes and number ranges differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleType {
    /// Car.
    Pkw,
    /// Motorcycle.
    Motorrad,
    /// Lorry.
    Lkw,
    /// Trailer.
    Anhaenger,
    /// Motorhome.
    Wohnmobil,
}

/// The future vehicle holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    /// Name.
    pub name: PersonName,
    /// Address.
    pub address: Address,
}

/// Wunschkennzeichen: reserve a BO or WAT plate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wunschkennzeichen {
    /// The wished plate (BO or WAT).
    pub plate: Plate,
    /// What it is for.
    pub vehicle_type: VehicleType,
    /// Who will hold the vehicle.
    pub holder: Holder,
    /// How to reach them.
    pub contact: Contact,
}

// ---------------------------------------------------------------- bewohnerparkausweis

/// Whose car it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum VehicleHolder {
    /// The resident is the registered holder (Halter).
    #[serde(rename = "self")]
    Resident,
    /// Someone else holds it (company car, parents' car) and consented to
    /// the resident's permanent use.
    KeeperConsent {
        /// The holder's name.
        keeper_name: String,
        /// The agent confirmed that the written consent exists.
        consent_confirmed: bool,
    },
}

/// Bewohnerparkausweis: residents' parking permit for one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bewohnerparkausweis {
    /// Zone id from `parkzonen.toml`.
    pub zone: String,
    /// The resident.
    pub resident: PersonName,
    /// Where they are registered: inside the zone.
    pub address: Address,
    /// The car's plate (any German plate).
    pub plate: Plate,
    /// Holder or keeper's consent.
    pub vehicle_holder: VehicleHolder,
    /// How to reach them.
    pub contact: Contact,
}

// ---------------------------------------------------------------- kfz-abmeldung

/// Codes under the plates' seals; motorcycles and trailers have only a rear plate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealCodes {
    /// Front plate, if the vehicle has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front: Option<SealCode>,
    /// Rear plate.
    pub rear: SealCode,
}

/// Kfz-Abmeldung (Außerbetriebsetzung); the citizen finishes with eID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KfzAbmeldung {
    /// The vehicle's plate.
    pub plate: Plate,
    /// Vehicle identification number.
    pub vin: Vin,
    /// Security code of the Zulassungsbescheinigung Teil I.
    pub zb1_security_code: Zb1SecurityCode,
    /// Plate seal codes.
    pub seal_codes: SealCodes,
}

// ---------------------------------------------------------------- kfz-wiederzulassung

/// The plate for the re-registered vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlateChoice {
    /// A wished plate, allocated if still free.
    Wish {
        /// BO or WAT plate.
        plate: Plate,
    },
    /// A plate reserved before (e.g. through the Wunschkennzeichen service).
    Reserved {
        /// BO or WAT plate.
        plate: Plate,
        /// The reservation's number.
        reservation_number: String,
    },
}

/// Kfz-Wiederzulassung: put a de-registered vehicle back on the road.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KfzWiederzulassung {
    /// Vehicle identification number.
    pub vin: Vin,
    /// Insurance confirmation.
    pub evb: Evb,
    /// Account for the motor vehicle tax SEPA mandate.
    pub iban: Iban,
    /// Account holder for the mandate.
    pub account_holder: String,
    /// Number of the Zulassungsbescheinigung Teil II.
    pub zb2_number: Zb2Number,
    /// Wished or reserved plate.
    pub plate: PlateChoice,
    /// How to reach the citizen.
    pub contact: Contact,
}

/// `NaiveDate` as `YYYY-MM-DD` (the core's chrono has no serde feature).
mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&date.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(serde::de::Error::custom)
    }
}
