//! The boundary: serialisable twins of the core's types, as the window sees
//! them. Only this module knows JSON; ts-rs generates the UI's TypeScript
//! from it (`ui/src/lib/bindings/`), so the UI never retypes a type.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use auskunft::cases;
use auskunft::kb::KnowledgeBase;
use auskunft::stats;

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
    NotSignedIn,
    PortalUnavailable,
    Forbidden,
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
            auskunft::ErrorCode::NotSignedIn => Self::NotSignedIn,
            auskunft::ErrorCode::PortalUnavailable => Self::PortalUnavailable,
            auskunft::ErrorCode::Forbidden => Self::Forbidden,
        }
    }
}

/// What a failed command rejects with.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// The form field an `INVALID_INPUT` is about.
    pub field: Option<String>,
}

impl From<auskunft::Error> for IpcError {
    fn from(e: auskunft::Error) -> Self {
        Self {
            code: e.code().into(),
            field: e.field().map(str::to_string),
            message: e.to_string(),
        }
    }
}

impl IpcError {
    /// An internal error with a message (a bug or a broken invariant).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: message.into(),
            field: None,
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
    /// Why the day differs from the weekly table ("Feiertag: Neujahr",
    /// the city's closure) or that it is still in doubt.
    pub note: Option<String>,
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
    /// The other day the question named ("morgen", "am 29.12."), as the
    /// core words it: "Di, 29.12.: 08:00–13:00".
    pub asked_day: Option<String>,
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
            asked_day: s.asked.map(|a| a.label),
            week: s
                .week
                .into_iter()
                .enumerate()
                .map(|(i, (date, plan))| DayHoursView {
                    day: hours::weekday_short(i).to_string(),
                    ranges: plan.hours.iter().map(|r| r.to_string()).collect(),
                    today: date == today,
                    note: plan.note.clone(),
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
    /// The short answer in plain English, where the editors wrote one.
    pub summary_en: Option<String>,
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
                summary_en: e.summary_en,
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
    /// Set while the case store could not be opened and is tried again:
    /// what the window shows (German). `null` once it is open.
    pub store_problem: Option<String>,
    /// The first [`KbProblemView::MAX`] problems of the knowledge base, for
    /// the editors (the window lists them behind the count).
    pub kb_problem_list: Vec<KbProblemView>,
}

/// One problem of a knowledge-base file, as `auskunft kb check` reports it.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KbProblemView {
    /// The file, relative to the knowledge-base folder.
    pub file: String,
    /// 1-based; 0 for the file or folder as a whole.
    pub line: u32,
    /// An error skips the entry (or keeps its last good version); a
    /// warning is worth a look.
    pub error: bool,
    pub message: String,
}

impl KbProblemView {
    /// Most problems sent to the window (a broken publish can produce
    /// hundreds; `kb check` lists them all).
    pub const MAX: usize = 50;

    pub fn from_core(p: &auskunft::kb::Problem, root: &std::path::Path) -> Self {
        Self {
            file: p
                .path
                .strip_prefix(root)
                .unwrap_or(&p.path)
                .display()
                .to_string(),
            line: u32::try_from(p.line).unwrap_or(u32::MAX),
            error: p.severity == auskunft::kb::Severity::Error,
            message: p.message.clone(),
        }
    }
}

// ---- Call log (issue 4) ----

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Role {
    Agent,
    Supervisor,
    Editor,
}

impl From<Role> for cases::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Agent => cases::Role::Agent,
            Role::Supervisor => cases::Role::Supervisor,
            Role::Editor => cases::Role::Editor,
        }
    }
}

impl From<cases::Role> for Role {
    fn from(r: cases::Role) -> Self {
        match r {
            cases::Role::Agent => Role::Agent,
            cases::Role::Supervisor => Role::Supervisor,
            cases::Role::Editor => Role::Editor,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgentView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub role_label: String,
}

impl From<cases::Agent> for AgentView {
    fn from(a: cases::Agent) -> Self {
        Self {
            id: a.id.0,
            name: a.name,
            role: a.role.into(),
            role_label: match a.role {
                cases::Role::Agent => "Agent".into(),
                cases::Role::Supervisor => "Teamleitung".into(),
                cases::Role::Editor => "Redaktion".into(),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Session {
    pub agent: Option<AgentView>,
    pub agents: Vec<AgentView>,
    pub active_call: Option<CallView>,
    /// What the sign-in dialog asks for.
    pub sign_in_kind: SignInKindView,
}

/// How a person signs in at this desk (see `auskunft::cases::SignInKind`).
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SignInKindView {
    /// Name and role; Teamleitung asks for the desk's supervisor password.
    DeskPassword,
    /// The person's own login and password on the centre's server; the
    /// role comes from the server.
    ServerLogin,
    /// Name and role (the store owner's administration login).
    NameAndRole,
}

impl From<cases::SignInKind> for SignInKindView {
    fn from(k: cases::SignInKind) -> Self {
        match k {
            cases::SignInKind::DeskPassword => Self::DeskPassword,
            cases::SignInKind::ServerLogin => Self::ServerLogin,
            cases::SignInKind::NameAndRole => Self::NameAndRole,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    Answered,
    Forwarded,
    PortalHandoff,
    Referred,
    Dropped,
}

impl From<Outcome> for cases::Outcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Answered => cases::Outcome::Answered,
            Outcome::Forwarded => cases::Outcome::Forwarded,
            Outcome::PortalHandoff => cases::Outcome::PortalHandoff,
            Outcome::Referred => cases::Outcome::Referred,
            Outcome::Dropped => cases::Outcome::Dropped,
        }
    }
}

impl From<cases::Outcome> for Outcome {
    fn from(o: cases::Outcome) -> Self {
        match o {
            cases::Outcome::Answered => Outcome::Answered,
            cases::Outcome::Forwarded => Outcome::Forwarded,
            cases::Outcome::PortalHandoff => Outcome::PortalHandoff,
            cases::Outcome::Referred => Outcome::Referred,
            cases::Outcome::Dropped => Outcome::Dropped,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct OutcomeOption {
    pub outcome: Outcome,
    pub label: String,
    pub key: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TopicView {
    pub entry_id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CallView {
    #[ts(type = "number")]
    pub id: i64,
    pub started_at: String,
    pub started_label: String,
    pub ended_at: Option<String>,
    #[ts(type = "number | null")]
    pub duration_seconds: Option<i64>,
    pub topics: Vec<TopicView>,
    pub outcome: Option<Outcome>,
    pub outcome_label: Option<String>,
    pub notes: String,
    pub outcome_options: Vec<OutcomeOption>,
}

impl CallView {
    /// The window's view of a call; topic titles from the knowledge base
    /// (an entry removed since shows its id).
    pub fn from_core(c: cases::Call, kb: &KnowledgeBase) -> Self {
        let local = c.started_at.with_timezone(&hours::TZ);
        Self {
            id: c.id.0,
            started_at: c.started_at.to_rfc3339(),
            started_label: local.format("%d.%m. %H:%M").to_string(),
            ended_at: c.ended_at.map(|t| t.to_rfc3339()),
            duration_seconds: c.duration().map(|d| d.num_seconds()),
            topics: c
                .topics
                .into_iter()
                .map(|id| TopicView {
                    title: kb
                        .entries
                        .get(&id)
                        .map(|e| e.title.clone())
                        .unwrap_or_else(|| id.clone()),
                    entry_id: id,
                })
                .collect(),
            outcome: c.outcome.map(Into::into),
            outcome_label: c.outcome.map(|o| o.label().to_string()),
            notes: c.notes.unwrap_or_default(),
            outcome_options: cases::Outcome::ALL
                .iter()
                .enumerate()
                .map(|(i, o)| OutcomeOption {
                    outcome: (*o).into(),
                    label: o.label().to_string(),
                    key: (i + 1).to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Channel {
    Phone,
    Email,
    Post,
}

impl From<Channel> for cases::ReplyChannel {
    fn from(c: Channel) -> Self {
        match c {
            Channel::Phone => cases::ReplyChannel::Phone,
            Channel::Email => cases::ReplyChannel::Email,
            Channel::Post => cases::ReplyChannel::Post,
        }
    }
}

impl From<cases::ReplyChannel> for Channel {
    fn from(c: cases::ReplyChannel) -> Self {
        match c {
            cases::ReplyChannel::Phone => Channel::Phone,
            cases::ReplyChannel::Email => Channel::Email,
            cases::ReplyChannel::Post => Channel::Post,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ForwardForm {
    pub office: String,
    pub question: String,
    pub channel: Channel,
    pub contact: String,
    pub caller_name: String,
}

impl ForwardForm {
    /// The core's forward: the one contact field goes where the channel
    /// needs it.
    pub fn into_core(self) -> cases::NewForward {
        let contact = Some(self.contact).filter(|c| !c.trim().is_empty());
        let name = Some(self.caller_name).filter(|c| !c.trim().is_empty());
        let mut caller = cases::CallerContact {
            name,
            ..Default::default()
        };
        match self.channel {
            Channel::Phone => caller.phone = contact,
            Channel::Email => caller.email = contact,
            Channel::Post => caller.address = contact,
        }
        cases::NewForward {
            office_id: self.office,
            question: self.question,
            channel: self.channel.into(),
            caller,
        }
    }

    /// The form field a core field error belongs to.
    pub fn form_field(core_field: &str) -> &str {
        match core_field {
            "phone" | "email" | "address" => "contact",
            "name" => "callerName",
            "office" => "office",
            "question" => "question",
            "channel" => "channel",
            other => other,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DueView {
    pub due_at: String,
    pub due_label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ForwardView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub call_id: i64,
    pub office: String,
    pub office_title: String,
    pub question: String,
    pub channel: Channel,
    pub channel_label: String,
    pub contact: String,
    pub due_at: String,
    pub due_label: String,
    pub overdue: bool,
    pub done: bool,
}

/// Whose open forwards the window lists: the agent's own (the default) or
/// the centre's.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ForwardScopeView {
    #[default]
    Mine,
    All,
}

impl From<ForwardScopeView> for cases::ForwardScope {
    fn from(s: ForwardScopeView) -> Self {
        match s {
            ForwardScopeView::Mine => cases::ForwardScope::Mine,
            ForwardScopeView::All => cases::ForwardScope::All,
        }
    }
}

impl From<cases::ForwardScope> for ForwardScopeView {
    fn from(s: cases::ForwardScope) -> Self {
        match s {
            cases::ForwardScope::Mine => ForwardScopeView::Mine,
            cases::ForwardScope::All => ForwardScopeView::All,
        }
    }
}

/// Open forwards and, of those, the overdue ones.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ForwardCountsView {
    #[ts(type = "number")]
    pub open: u64,
    #[ts(type = "number")]
    pub overdue: u64,
}

impl From<cases::ForwardCounts> for ForwardCountsView {
    fn from(c: cases::ForwardCounts) -> Self {
        Self {
            open: c.open,
            overdue: c.overdue,
        }
    }
}

/// The open-forwards panel: the first forwards of the scope asked for,
/// earliest due first, the counts of the agent's own and of the centre's,
/// and how many of the scope are not in the list.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenForwardListView {
    pub scope: ForwardScopeView,
    pub forwards: Vec<ForwardView>,
    pub mine: ForwardCountsView,
    pub all: ForwardCountsView,
    #[ts(type = "number")]
    pub not_listed: u64,
}

impl OpenForwardListView {
    /// From the core's list.
    pub fn from_core(l: cases::OpenForwardList) -> Self {
        Self {
            scope: l.scope.into(),
            not_listed: l.not_listed(),
            mine: l.mine.into(),
            all: l.all.into(),
            forwards: l.forwards.into_iter().map(ForwardView::from_open).collect(),
        }
    }
}

/// What other desks changed since the window's count `seen`: the new
/// count and the tables (`forwards`, `calls`, `handoff_outbox`,
/// `centre_settings`, or `*` for "anything"). `live: false`: this store
/// tells nothing (a single desk); the window keeps its slow refresh.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoreChangesView {
    pub live: bool,
    #[ts(type = "number")]
    pub seq: u64,
    pub tables: Vec<String>,
}

impl StoreChangesView {
    /// A store without a feed.
    pub fn not_live() -> Self {
        Self {
            live: false,
            seq: 0,
            tables: Vec::new(),
        }
    }

    /// The feed's state after the window's `seen`.
    pub fn from_core(c: &cases::StoreChanges, seen: u64) -> Self {
        Self {
            live: true,
            seq: c.seq,
            tables: c.since(seen),
        }
    }
}

/// What marking a forward done came to: `first` when this desk closed it;
/// otherwise `notice` says in German which colleague had, and when.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ForwardDoneView {
    #[ts(type = "number")]
    pub id: i64,
    pub first: bool,
    pub done_by: String,
    pub done_at: String,
    pub notice: Option<String>,
}

impl ForwardDoneView {
    /// From the core's outcome.
    pub fn from_core(d: cases::ForwardDone) -> Self {
        Self {
            id: d.forward.0,
            first: d.first,
            notice: d.notice(),
            done_by: d.by,
            done_at: d.at.to_rfc3339(),
        }
    }
}

impl ForwardView {
    /// From a forward with its office title and due label.
    pub fn from_open(f: cases::OpenForward) -> Self {
        let fw = f.forward;
        Self {
            id: fw.id.0,
            call_id: fw.call_id.0,
            office: fw.office_id,
            office_title: f.office_title,
            question: fw.question.unwrap_or_default(),
            channel: fw.channel.into(),
            channel_label: match fw.channel {
                cases::ReplyChannel::Phone => "Telefon".into(),
                cases::ReplyChannel::Email => "E-Mail".into(),
                cases::ReplyChannel::Post => "Post".into(),
            },
            contact: fw.reply_to.unwrap_or_default(),
            due_at: fw.due_at.to_rfc3339(),
            due_label: f.due_label,
            overdue: f.overdue,
            done: fw.status == cases::ForwardStatus::Done,
        }
    }
}

// ---- Supervisor figures (issue 6) ----

/// Which period the supervisor picked.
#[derive(Debug, Clone, Copy, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PeriodKind {
    Today,
    Week,
    Month,
    Custom,
}

/// A period as the window sends it; `from`/`to` (inclusive, YYYY-MM-DD)
/// only for `custom`.
#[derive(Debug, Clone, Deserialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct PeriodArg {
    pub kind: PeriodKind,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl PeriodArg {
    /// The core's period at `now` (Europe/Berlin days).
    pub fn resolve(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<stats::Period, auskunft::Error> {
        match self.kind {
            PeriodKind::Today => Ok(stats::Period::today(now)),
            PeriodKind::Week => Ok(stats::Period::this_week(now)),
            PeriodKind::Month => Ok(stats::Period::this_month(now)),
            PeriodKind::Custom => {
                let from = stats::parse_date("from", self.from.as_deref().unwrap_or(""))?;
                let last = stats::parse_date("to", self.to.as_deref().unwrap_or(""))?;
                stats::Period::new(from, last + chrono::Duration::days(1))
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export)]
pub struct RateView {
    #[ts(type = "number")]
    pub hits: u64,
    #[ts(type = "number")]
    pub of: u64,
    pub value: Option<f64>,
    pub label: String,
}

// German forms of numbers and instants: the core's, as the command line
// and the CSV write them.
use auskunft::present::{date_time as local_label, minutes, percent};

impl From<stats::Rate> for RateView {
    fn from(r: stats::Rate) -> Self {
        Self {
            hits: r.hits,
            of: r.of,
            value: r.value(),
            label: percent(r.value()),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutcomeFigureView {
    pub outcome: Outcome,
    pub label: String,
    #[ts(type = "number")]
    pub calls: u64,
    pub share_label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DayView {
    pub date: String,
    pub label: String,
    #[ts(type = "number")]
    pub calls: u64,
    pub withheld: bool,
    /// The day is running (today): its figures are those so far, and its
    /// label says until when.
    pub partial: bool,
    pub first_contact: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TopicFigureView {
    pub entry_id: String,
    pub title: String,
    #[ts(type = "number")]
    pub calls: u64,
    pub first_contact_label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchGapView {
    pub text: String,
    #[ts(type = "number")]
    pub searches: u64,
    #[ts(type = "number")]
    pub no_results: u64,
    pub latest_label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StaleEntryView {
    pub entry_id: String,
    pub title: String,
    pub reviewed_label: String,
    #[ts(type = "number")]
    pub calls: u64,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OverdueForwardView {
    #[ts(type = "number")]
    pub id: i64,
    pub office_title: String,
    pub created_label: String,
    pub due_label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ForwardFiguresView {
    #[ts(type = "number")]
    pub created: u64,
    pub on_time: RateView,
    #[ts(type = "number")]
    pub open_now: u64,
    #[ts(type = "number")]
    pub overdue_now: u64,
    pub overdue: Vec<OverdueForwardView>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoffGroupView {
    pub service_label: String,
    pub state: String,
    pub state_label: String,
    #[ts(type = "number")]
    pub count: u64,
    pub oldest_label: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandoffFiguresView {
    pub available: bool,
    #[ts(type = "number")]
    pub pending_now: u64,
    pub groups: Vec<HandoffGroupView>,
    pub oldest_pending_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgentFigureView {
    pub name: String,
    #[ts(type = "number")]
    pub calls: u64,
    pub first_contact_label: String,
    pub handling_label: String,
}

/// Everything the dashboard shows; numbers for the charts, German labels
/// for the tiles and tables (computed here, never in the UI).
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FiguresView {
    pub period_label: String,
    #[ts(type = "number")]
    pub calls: u64,
    #[ts(type = "number")]
    pub ended: u64,
    pub withheld: bool,
    pub withheld_note: Option<String>,
    pub first_contact: Option<RateView>,
    pub first_contact_target: f64,
    pub first_contact_met: Option<bool>,
    /// Why the rate has no verdict (too few calls), in German.
    pub first_contact_note: Option<String>,
    /// Set while the period is running: "Stand …, … Uhr – der Tag läuft noch."
    pub partial_note: Option<String>,
    pub handling_average_label: String,
    pub handling_median_label: String,
    pub outcomes: Vec<OutcomeFigureView>,
    pub days: Vec<DayView>,
    #[ts(type = "Array<number>")]
    pub by_hour: Vec<u64>,
    #[ts(type = "Array<Array<number>>")]
    pub heatmap: Vec<Vec<u64>>,
    pub weekday_labels: Vec<String>,
    pub top_topics: Vec<TopicFigureView>,
    /// Different topics of the period (`top_topics` are the first).
    #[ts(type = "number")]
    pub topics_total: u64,
    pub search_gaps: Vec<SearchGapView>,
    /// Knowledge gaps of the period in all (`search_gaps` are the first).
    #[ts(type = "number")]
    pub search_gaps_total: u64,
    pub stale_entries: Vec<StaleEntryView>,
    pub forwards: ForwardFiguresView,
    pub handoffs: HandoffFiguresView,
    pub per_agent: Option<Vec<AgentFigureView>>,
    pub per_agent_enabled: bool,
    pub per_agent_label: String,
    pub per_agent_reason: String,
}

impl FiguresView {
    /// The window's view of the core's figures.
    pub fn from_core(f: stats::Figures, per_agent_enabled: bool) -> Self {
        Self {
            period_label: f.period.label(),
            calls: f.calls,
            ended: f.ended,
            withheld: f.withheld,
            withheld_note: f.withheld.then(|| stats::WITHHELD_NOTE.to_string()),
            first_contact_met: f.first_contact_met(),
            first_contact_note: f.first_contact_note(),
            partial_note: f.partial_note(),
            topics_total: f.topics_total,
            search_gaps_total: f.search_gaps_total,
            first_contact: f.first_contact.map(Into::into),
            first_contact_target: stats::FCR_TARGET,
            handling_average_label: minutes(f.handling.as_ref().and_then(|h| h.average_seconds)),
            handling_median_label: minutes(f.handling.as_ref().and_then(|h| h.median_seconds)),
            outcomes: f
                .outcomes
                .into_iter()
                .map(|o| OutcomeFigureView {
                    outcome: o.outcome.into(),
                    label: o.label.to_string(),
                    calls: o.calls,
                    share_label: percent(o.share),
                })
                .collect(),
            days: f
                .days
                .into_iter()
                .map(|d| DayView {
                    date: d.date.to_string(),
                    label: if d.partial {
                        format!("{} (bis {})", d.label, auskunft::present::clock(f.now))
                    } else {
                        d.label
                    },
                    calls: d.calls,
                    withheld: d.withheld,
                    partial: d.partial,
                    first_contact: d.first_contact.and_then(|r| r.value()),
                })
                .collect(),
            by_hour: f.by_hour.to_vec(),
            heatmap: f.heatmap.iter().map(|row| row.to_vec()).collect(),
            weekday_labels: (0..7)
                .map(|i| hours::weekday_short(i).to_string())
                .collect(),
            top_topics: f
                .top_topics
                .into_iter()
                .map(|t| TopicFigureView {
                    first_contact_label: percent(t.first_contact.and_then(|r| r.value())),
                    entry_id: t.entry_id,
                    title: t.title,
                    calls: t.calls,
                })
                .collect(),
            search_gaps: f
                .search_gaps
                .into_iter()
                .map(|g| SearchGapView {
                    latest_label: local_label(g.latest_at),
                    text: g.text,
                    searches: g.searches,
                    no_results: g.no_results,
                })
                .collect(),
            stale_entries: f
                .stale_entries
                .into_iter()
                .map(|s| StaleEntryView {
                    reviewed_label: auskunft::present::date(s.reviewed),
                    entry_id: s.entry_id,
                    title: s.title,
                    calls: s.calls,
                })
                .collect(),
            forwards: ForwardFiguresView {
                created: f.forwards.created,
                on_time: f.forwards.on_time.into(),
                open_now: f.forwards.open_now,
                overdue_now: f.forwards.overdue_now,
                overdue: f
                    .forwards
                    .overdue
                    .into_iter()
                    .map(|o| OverdueForwardView {
                        id: o.id.0,
                        office_title: o.office_title,
                        created_label: local_label(o.created_at),
                        due_label: o.due_label,
                    })
                    .collect(),
            },
            handoffs: HandoffFiguresView {
                available: f.handoffs.available,
                pending_now: f.handoffs.pending_now,
                oldest_pending_label: f
                    .handoffs
                    .oldest_pending
                    .map(|p| format!("{} seit {}", p.service_label, local_label(p.created_at))),
                groups: f
                    .handoffs
                    .groups
                    .into_iter()
                    .map(|g| HandoffGroupView {
                        oldest_label: local_label(g.oldest_at),
                        service_label: g.service_label,
                        state: g.state,
                        state_label: g.state_label,
                        count: g.count,
                    })
                    .collect(),
            },
            per_agent: f.per_agent.map(|list| {
                list.into_iter()
                    .map(|a| AgentFigureView {
                        name: a.name,
                        calls: a.calls,
                        first_contact_label: percent(a.first_contact.value()),
                        handling_label: minutes(a.average_handling_seconds),
                    })
                    .collect()
            }),
            per_agent_enabled,
            per_agent_label: cases::PER_AGENT_FIGURES_LABEL.to_string(),
            per_agent_reason: cases::PER_AGENT_FIGURES_REASON.to_string(),
        }
    }
}

/// Which CSV the supervisor exports.
#[derive(Debug, Clone, Copy, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ExportKind {
    Figures,
    Calls,
}

/// Where an export was saved.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ExportView {
    pub path: String,
}

mod handoff;
mod limits;
pub use handoff::*;
pub use limits::UiLimits;
