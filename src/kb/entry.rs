//! The entry model: what an editor's file means once parsed.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::hours::{Appointment, Schedule};

/// Weekday names as callers say them, Monday first.
const WEEKDAY_NAMES: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

/// Service article or office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// An article about a procedure.
    Service,
    /// An office with address and hours.
    Location,
}

impl EntryKind {
    /// The front-matter value.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Service => "service",
            EntryKind::Location => "location",
        }
    }
}

/// The five "Mein Bochum" portal services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortalService {
    /// Civil-status certificates.
    Personenstandsurkunde,
    /// Personalised number plate.
    Wunschkennzeichen,
    /// Residents' parking permit.
    Bewohnerparkausweis,
    /// De-registering a vehicle.
    KfzAbmeldung,
    /// Re-registering a vehicle.
    KfzWiederzulassung,
}

impl PortalService {
    /// All services, in the portal's order.
    pub const ALL: [PortalService; 5] = [
        PortalService::Personenstandsurkunde,
        PortalService::Wunschkennzeichen,
        PortalService::Bewohnerparkausweis,
        PortalService::KfzAbmeldung,
        PortalService::KfzWiederzulassung,
    ];

    /// The contract's identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            PortalService::Personenstandsurkunde => "personenstandsurkunde",
            PortalService::Wunschkennzeichen => "wunschkennzeichen",
            PortalService::Bewohnerparkausweis => "bewohnerparkausweis",
            PortalService::KfzAbmeldung => "kfz-abmeldung",
            PortalService::KfzWiederzulassung => "kfz-wiederzulassung",
        }
    }

    /// Parses the contract's identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The section an answer can be about. Body sections come from the
/// Markdown headings; `Adresse` and `Oeffnungszeiten` are answered from the
/// linked locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKey {
    /// Documents to bring.
    Unterlagen,
    /// Fees.
    Kosten,
    /// Deadlines and processing times.
    Fristen,
    /// Steps.
    Ablauf,
    /// What works online.
    Online,
    /// Special cases.
    Hinweise,
    /// Laws.
    Rechtsgrundlage,
    /// What an office offers.
    Leistungen,
    /// How to get there.
    Anfahrt,
    /// Accessibility.
    Barrierefreiheit,
    /// Address of the responsible office.
    Adresse,
    /// Opening hours of the responsible office.
    Oeffnungszeiten,
}

impl SectionKey {
    /// Headings allowed in the body, with their key.
    pub const BODY: [(&'static str, SectionKey); 10] = [
        ("Unterlagen", SectionKey::Unterlagen),
        ("Kosten", SectionKey::Kosten),
        ("Fristen", SectionKey::Fristen),
        ("Ablauf", SectionKey::Ablauf),
        ("Online", SectionKey::Online),
        ("Hinweise", SectionKey::Hinweise),
        ("Rechtsgrundlage", SectionKey::Rechtsgrundlage),
        ("Leistungen", SectionKey::Leistungen),
        ("Anfahrt", SectionKey::Anfahrt),
        ("Barrierefreiheit", SectionKey::Barrierefreiheit),
    ];

    /// Every key: the body sections, then the two answered by locations.
    pub const ALL: [SectionKey; 12] = [
        SectionKey::Unterlagen,
        SectionKey::Kosten,
        SectionKey::Fristen,
        SectionKey::Ablauf,
        SectionKey::Online,
        SectionKey::Hinweise,
        SectionKey::Rechtsgrundlage,
        SectionKey::Leistungen,
        SectionKey::Anfahrt,
        SectionKey::Barrierefreiheit,
        SectionKey::Adresse,
        SectionKey::Oeffnungszeiten,
    ];

    /// Parses the stable identifier of [`SectionKey::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Stable lowercase identifier (JSON, UI).
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKey::Unterlagen => "unterlagen",
            SectionKey::Kosten => "kosten",
            SectionKey::Fristen => "fristen",
            SectionKey::Ablauf => "ablauf",
            SectionKey::Online => "online",
            SectionKey::Hinweise => "hinweise",
            SectionKey::Rechtsgrundlage => "rechtsgrundlage",
            SectionKey::Leistungen => "leistungen",
            SectionKey::Anfahrt => "anfahrt",
            SectionKey::Barrierefreiheit => "barrierefreiheit",
            SectionKey::Adresse => "adresse",
            SectionKey::Oeffnungszeiten => "oeffnungszeiten",
        }
    }

    /// The heading for a body section key.
    pub fn from_heading(h: &str) -> Option<SectionKey> {
        Self::BODY
            .iter()
            .find(|(name, _)| *name == h)
            .map(|(_, k)| *k)
    }
}

/// One `## Heading` section of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Which section.
    pub key: SectionKey,
    /// The heading as written.
    pub heading: String,
    /// The Markdown below the heading.
    pub markdown: String,
}

/// Office data of a location entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationInfo {
    /// Postal address.
    pub address: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Appointment rule.
    pub appointment: Appointment,
    /// Whether the office closes when the city administration does
    /// (`city_closures`; the days are in closures.toml).
    pub city_closures: bool,
    /// Opening hours (with the city's closures once the base is loaded).
    pub schedule: Schedule,
}

/// A parsed knowledge-base entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Unique id, equal to the file stem.
    pub id: String,
    /// Service or location.
    pub kind: EntryKind,
    /// Title.
    pub title: String,
    /// Read-aloud short answer.
    pub summary: String,
    /// The short answer in plain English, for callers who understand
    /// English better than German (optional; shown under the German one).
    pub summary_en: Option<String>,
    /// Words callers use for this entry.
    pub synonyms: Vec<String>,
    /// Ids of responsible locations.
    pub locations: Vec<String>,
    /// The portal service, if the entry is one.
    pub portal_service: Option<PortalService>,
    /// LeiKa key, empty if unknown.
    pub leika: String,
    /// Last review.
    pub reviewed: NaiveDate,
    /// The first source's URL (for a one-line display).
    pub source: String,
    /// Every page the facts come from, with the date each was read.
    pub sources: Vec<SourceRef>,
    /// Values the editor could not confirm.
    pub unconfirmed: Vec<String>,
    /// Body sections in file order.
    pub sections: Vec<Section>,
    /// Office data, for locations.
    pub location: Option<LocationInfo>,
    /// The file it came from.
    pub path: PathBuf,
    /// blake3 of the file bytes, to update the index incrementally.
    pub hash: String,
}

impl Entry {
    /// The section with this key, if the body has it.
    pub fn section(&self, key: SectionKey) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The body as plain searchable text (headings and sections).
    pub fn body_text(&self) -> String {
        let mut s = String::new();
        for sec in &self.sections {
            s.push_str(&sec.heading);
            s.push('\n');
            s.push_str(&sec.markdown);
            s.push('\n');
        }
        if let Some(loc) = &self.location {
            // The structured office data is content too: "öffnungszeiten
            // bürgerbüro mitte" should match an office that has hours,
            // and the street should find its office.
            s.push_str(&format!("Adresse: {}\n", loc.address));
            // Callers ask for an office's number in their words ("ordnungsamt
            // anrufen nummer"): an office with a phone says them.
            if !loc.phone.trim().is_empty() {
                s.push_str(&format!("Telefonnummer zum Anrufen: {}\n", loc.phone));
            }
            if loc.schedule.has_hours() {
                s.push_str("Öffnungszeiten:");
                for (day, ranges) in WEEKDAY_NAMES.iter().zip(&loc.schedule.weekly) {
                    if !ranges.is_empty() {
                        let r: Vec<String> = ranges.iter().map(|r| r.to_string()).collect();
                        s.push_str(&format!(" {day} {}", r.join(", ")));
                    }
                }
                s.push('\n');
            }
        }
        s
    }
}

/// A page an entry's facts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// The page's address.
    pub url: String,
    /// When an editor read it, if recorded.
    pub read: Option<NaiveDate>,
}
