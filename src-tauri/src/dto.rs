//! The boundary: serialisable twins of the core's types, as the window sees
//! them. Only this module knows JSON; ts-rs generates the UI's TypeScript
//! from it (`ui/src/lib/bindings/`), so the UI never retypes a type.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use auskunft::hours::{self, OpenState};
use auskunft::kb::answer::{self, LocationStatus};
use auskunft::kb::search;
use auskunft::kb::{self as core_kb, SectionKey as CoreSectionKey};

/// Error codes the UI chooses its German text by.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum ErrorCode {
    KbUnavailable,
    EntryNotFound,
    IndexFailed,
    InvalidInput,
    StoreFailed,
    Internal,
}

impl From<auskunft::ErrorCode> for ErrorCode {
    fn from(c: auskunft::ErrorCode) -> Self {
        match c {
            auskunft::ErrorCode::KbUnavailable => Self::KbUnavailable,
            auskunft::ErrorCode::EntryNotFound => Self::EntryNotFound,
            auskunft::ErrorCode::IndexFailed => Self::IndexFailed,
            auskunft::ErrorCode::InvalidInput => Self::InvalidInput,
            auskunft::ErrorCode::StoreFailed => Self::StoreFailed,
            auskunft::ErrorCode::Internal => Self::Internal,
        }
    }
}

/// What a failed command rejects with.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<auskunft::Error> for IpcError {
    fn from(e: auskunft::Error) -> Self {
        Self {
            code: e.code().into(),
            message: e.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum EntryKind {
    Service,
    Location,
}

impl From<core_kb::EntryKind> for EntryKind {
    fn from(k: core_kb::EntryKind) -> Self {
        match k {
            core_kb::EntryKind::Service => Self::Service,
            core_kb::EntryKind::Location => Self::Location,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct SnippetPart {
    pub text: String,
    pub hl: bool,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    pub id: String,
    pub kind: EntryKind,
    pub title: String,
    pub summary: String,
    pub snippet: Vec<SnippetPart>,
    pub score: f32,
    pub portal_service: Option<String>,
}

impl From<search::SearchHit> for SearchHit {
    fn from(h: search::SearchHit) -> Self {
        Self {
            id: h.id,
            kind: h.kind.into(),
            title: h.title,
            summary: h.summary,
            snippet: h
                .snippet
                .into_iter()
                .map(|p| SnippetPart {
                    text: p.text,
                    hl: p.hl,
                })
                .collect(),
            score: h.score,
            portal_service: h.portal_service.map(|p| p.as_str().to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct TitleJump {
    pub id: String,
    pub title: String,
    pub kind: EntryKind,
}

impl From<search::TitleJump> for TitleJump {
    fn from(j: search::TitleJump) -> Self {
        Self {
            id: j.id,
            title: j.title,
            kind: j.kind.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SectionKey {
    Unterlagen,
    Kosten,
    Fristen,
    Ablauf,
    Online,
    Hinweise,
    Rechtsgrundlage,
    Leistungen,
    Anfahrt,
    Barrierefreiheit,
    Adresse,
    Oeffnungszeiten,
}

impl From<CoreSectionKey> for SectionKey {
    fn from(k: CoreSectionKey) -> Self {
        match k {
            CoreSectionKey::Unterlagen => Self::Unterlagen,
            CoreSectionKey::Kosten => Self::Kosten,
            CoreSectionKey::Fristen => Self::Fristen,
            CoreSectionKey::Ablauf => Self::Ablauf,
            CoreSectionKey::Online => Self::Online,
            CoreSectionKey::Hinweise => Self::Hinweise,
            CoreSectionKey::Rechtsgrundlage => Self::Rechtsgrundlage,
            CoreSectionKey::Leistungen => Self::Leistungen,
            CoreSectionKey::Anfahrt => Self::Anfahrt,
            CoreSectionKey::Barrierefreiheit => Self::Barrierefreiheit,
            CoreSectionKey::Adresse => Self::Adresse,
            CoreSectionKey::Oeffnungszeiten => Self::Oeffnungszeiten,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct SectionView {
    pub key: SectionKey,
    pub heading: String,
    pub markdown: String,
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpenStateKind {
    Open,
    Closed,
    AppointmentOnly,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct OpenStateView {
    pub kind: OpenStateKind,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct DayHoursView {
    pub day: String,
    pub ranges: Vec<String>,
    pub today: bool,
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Appointment {
    Required,
    Recommended,
    None,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LocationView {
    pub id: String,
    pub title: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub appointment: Appointment,
    pub appointment_label: String,
    pub state: OpenStateView,
    pub week: Vec<DayHoursView>,
}

impl LocationView {
    fn from_status(s: LocationStatus, at: DateTime<Utc>) -> Self {
        let today = at.with_timezone(&hours::TZ).date_naive();
        let kind = match s.state {
            OpenState::Open { .. } => OpenStateKind::Open,
            OpenState::Closed { .. } => OpenStateKind::Closed,
            OpenState::AppointmentOnly => OpenStateKind::AppointmentOnly,
        };
        Self {
            id: s.id,
            title: s.title,
            address: s.address,
            phone: s.phone,
            email: s.email,
            appointment: match s.appointment {
                hours::Appointment::Required => Appointment::Required,
                hours::Appointment::Recommended => Appointment::Recommended,
                hours::Appointment::None => Appointment::None,
            },
            appointment_label: s.appointment.label().to_string(),
            state: OpenStateView {
                kind,
                label: s.label,
            },
            week: s
                .week
                .into_iter()
                .enumerate()
                .map(|(i, (date, plan))| DayHoursView {
                    day: hours::weekday_short(i).to_string(),
                    ranges: plan.hours.iter().map(|r| r.to_string()).collect(),
                    today: date == today,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntryView {
    pub id: String,
    pub kind: EntryKind,
    pub title: String,
    pub summary: String,
    pub sections: Vec<SectionView>,
    pub portal_service: Option<String>,
    pub reviewed: String,
    pub source: String,
    pub unconfirmed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct Answer {
    pub entry: EntryView,
    pub focus: Option<SectionKey>,
    pub locations: Vec<LocationView>,
}

impl Answer {
    /// The window's view of a core answer computed at `at`.
    pub fn from_core(a: answer::Answer, at: DateTime<Utc>) -> Self {
        let e = a.entry;
        Self {
            entry: EntryView {
                id: e.id,
                kind: e.kind.into(),
                title: e.title,
                summary: e.summary,
                sections: e
                    .sections
                    .into_iter()
                    .map(|s| SectionView {
                        key: s.key.into(),
                        heading: s.heading,
                        markdown: s.markdown,
                    })
                    .collect(),
                portal_service: e.portal_service.map(|p| p.as_str().to_string()),
                reviewed: e.reviewed.format("%d.%m.%Y").to_string(),
                source: e.source,
                unconfirmed: e.unconfirmed,
            },
            focus: a.focus.map(Into::into),
            locations: a
                .locations
                .into_iter()
                .map(|l| LocationView::from_status(l, at))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub entries: u32,
    pub kb_problems: u32,
    pub data_dir: String,
}
