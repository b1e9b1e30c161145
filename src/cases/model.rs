//! The call log's types: typed ids, the closed enumerations with their
//! stored spellings, the records the store returns, and input checks.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::contact::{Email, Phone};
use crate::error::{Error, Result, quote};
use chrono::Datelike;

use crate::hours::TZ;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// An agent's id in the case store.
    AgentId
);
id_type!(
    /// A call's id in the case store.
    CallId
);
id_type!(
    /// A forward's id in the case store.
    ForwardId
);
id_type!(
    /// A search-log row's id.
    SearchId
);

/// Defines a closed enumeration stored as text, with `as_str`, `ALL`,
/// `FromStr` (an unknown value is `InvalidInput` naming the field) and
/// `Display`. One definition keeps the stored spelling, the CHECK
/// constraint's list and the error message in step.
macro_rules! text_enum {
    (
        $(#[$doc:meta])* $name:ident, $field:literal,
        { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in the order the window offers them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the stored spelling; anything else is `InvalidInput`
            /// naming the field and listing the allowed values.
            pub fn parse(s: &str) -> Result<Self> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(Error::invalid(
                        $field,
                        format!(
                            "{} is not one of {}",
                            quote(other),
                            [$($text),+].join(", ")
                        ),
                    )),
                }
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// What an agent may do: agents take calls, supervisors also see the
    /// figures.
    Role, "role", {
        /// Takes calls.
        Agent = "agent",
        /// Team lead (Teamleitung).
        Supervisor = "supervisor",
        /// Editor of the knowledge base (Redaktion): reads the knowledge
        /// gaps; on the centre's store only.
        Editor = "editor",
    }
);

text_enum!(
    /// How a call ended.
    Outcome, "outcome", {
        /// Answered at first contact.
        Answered = "answered",
        /// Forwarded to an office with the 115 callback promise.
        Forwarded = "forwarded",
        /// An application pre-filled and handed to the "Mein Bochum" portal.
        PortalHandoff = "portal_handoff",
        /// Referred elsewhere (another authority, not the city's matter).
        Referred = "referred",
        /// The caller hung up or the line dropped.
        Dropped = "dropped",
    }
);

text_enum!(
    /// How the caller wants the office's answer to a forward.
    ReplyChannel, "channel", {
        /// A call back.
        Phone = "phone",
        /// An e-mail.
        Email = "email",
        /// A letter.
        Post = "post",
    }
);

text_enum!(
    /// Whether the office has answered a forward.
    ForwardStatus, "status", {
        /// Waiting for the office's answer.
        Open = "open",
        /// The office has answered the caller.
        Done = "done",
    }
);

impl Outcome {
    /// Whether the caller's request was settled in this call, with no
    /// callback owed: answered, handed to the portal (the application is
    /// filed), or referred to the authority that is responsible (telling
    /// the caller who handles it and how to reach them is the answer).
    /// Only a forward leaves the question open, for the 24-service-hour
    /// promise. This and [`Outcome::counts_for_first_contact`] are the one
    /// definition of first-contact resolution (ARCHITECTURE.md, "Figures").
    pub fn is_first_contact(self) -> bool {
        matches!(
            self,
            Outcome::Answered | Outcome::PortalHandoff | Outcome::Referred
        )
    }

    /// Whether the call counts in the first-contact rate's denominator:
    /// every outcome but `dropped`, because a caller who hung up before
    /// asking posed no question that could be settled or left open.
    pub fn counts_for_first_contact(self) -> bool {
        self != Outcome::Dropped
    }

    /// German label for the desk.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Answered => "Beantwortet",
            Outcome::Forwarded => "Weitergeleitet",
            Outcome::PortalHandoff => "An Portal übergeben",
            Outcome::Referred => "Verwiesen",
            Outcome::Dropped => "Abgebrochen",
        }
    }
}

/// An agent (or supervisor) of the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The id.
    pub id: AgentId,
    /// The name chosen at sign-in, unique in the store.
    pub name: String,
    /// Agent or supervisor.
    pub role: Role,
}

/// The caller's contact data: only what a forward or handoff needs, and
/// anonymised by the retention job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallerContact {
    /// The caller's name.
    pub name: Option<String>,
    /// A telephone number.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A postal address.
    pub address: Option<String>,
}

impl CallerContact {
    /// Whether nothing is known (never given, or anonymised).
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.phone.is_none()
            && self.email.is_none()
            && self.address.is_none()
    }
}

/// A call as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The id.
    pub id: CallId,
    /// Who took the call.
    pub agent_id: AgentId,
    /// The agent's name.
    pub agent_name: String,
    /// When the call was taken.
    pub started_at: DateTime<Utc>,
    /// When it ended; `None` while it runs (or if the desk died).
    pub ended_at: Option<DateTime<Utc>>,
    /// The outcome, once chosen.
    pub outcome: Option<Outcome>,
    /// The agent's notes; `None` when empty or anonymised.
    pub notes: Option<String>,
    /// Entry ids in the order they were opened.
    pub topics: Vec<String>,
    /// Contact data for a forward or handoff.
    pub caller: CallerContact,
    /// When the retention job removed the personal data.
    pub anonymised_at: Option<DateTime<Utc>>,
}

impl Call {
    /// Handling time, once ended.
    pub fn duration(&self) -> Option<chrono::Duration> {
        self.ended_at.map(|e| e - self.started_at)
    }
}

/// What the agent enters for a forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewForward {
    /// The responsible office: a location entry id of the knowledge base.
    pub office_id: String,
    /// The caller's question, for the office.
    pub question: String,
    /// How the caller wants the answer.
    pub channel: ReplyChannel,
    /// The contact for that channel (phone needs a number, e-mail an
    /// address, post a name and postal address).
    pub caller: CallerContact,
}

/// Longest question of a forward, in characters.
pub const MAX_QUESTION: usize = 2_000;
/// Longest notes of a call, in characters.
pub const MAX_NOTES: usize = 20_000;
/// Longest agent name, in characters.
pub const MAX_NAME: usize = 80;

impl NewForward {
    /// Checks the fields and returns the cleaned question and the reply
    /// address for the chosen channel. Errors name the field.
    pub(crate) fn check(&self) -> Result<(String, String)> {
        let question = self.question.trim();
        if question.is_empty() {
            return Err(Error::invalid(
                "question",
                "the question for the office is empty",
            ));
        }
        if question.chars().count() > MAX_QUESTION {
            return Err(Error::invalid(
                "question",
                format!("longer than {MAX_QUESTION} characters"),
            ));
        }
        let c = &self.caller;
        let reply_to = match self.channel {
            ReplyChannel::Phone => {
                let phone = nonempty(&c.phone).ok_or_else(|| {
                    Error::invalid("phone", "a forward by phone needs the caller's number")
                })?;
                Phone::parse(phone)
                    .map_err(|why| Error::invalid("phone", why))?
                    .into_string()
            }
            ReplyChannel::Email => {
                let email = nonempty(&c.email).ok_or_else(|| {
                    Error::invalid("email", "a forward by e-mail needs the caller's address")
                })?;
                Email::parse(email)
                    .map_err(|why| Error::invalid("email", why))?
                    .into_string()
            }
            ReplyChannel::Post => {
                let name = nonempty(&c.name).ok_or_else(|| {
                    Error::invalid("name", "a forward by post needs the caller's name")
                })?;
                let address = nonempty(&c.address).ok_or_else(|| {
                    Error::invalid("address", "a forward by post needs a postal address")
                })?;
                if address.chars().count() > 300 {
                    return Err(Error::invalid("address", "longer than 300 characters"));
                }
                format!("{name}, {address}")
            }
        };
        if let Some(name) = nonempty(&c.name)
            && name.chars().count() > 200
        {
            return Err(Error::invalid("name", "longer than 200 characters"));
        }
        Ok((question.to_string(), reply_to))
    }
}

/// The trimmed value if there is one.
pub(crate) fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks an agent's name: 1 to 80 characters after trimming, no control
/// characters.
pub(crate) fn check_agent_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "the name is empty"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            "name",
            format!("longer than {MAX_NAME} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "contains control characters"));
    }
    Ok(name)
}

/// A forward as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    /// The id.
    pub id: ForwardId,
    /// The call it came from.
    pub call_id: CallId,
    /// The office (location entry id).
    pub office_id: String,
    /// The caller's question; `None` once anonymised.
    pub question: Option<String>,
    /// The reply channel.
    pub channel: ReplyChannel,
    /// Number, e-mail or postal address; `None` once anonymised.
    pub reply_to: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Who wrote it.
    pub created_by: AgentId,
    /// 24 service hours after `created_at` on the 115 calendar.
    pub due_at: DateTime<Utc>,
    /// Open or done.
    pub status: ForwardStatus,
    /// When it was marked done.
    pub done_at: Option<DateTime<Utc>>,
    /// Who marked it done.
    pub done_by: Option<AgentId>,
}

impl Forward {
    /// Open and past its due time at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status == ForwardStatus::Open && self.due_at < now
    }
}

/// An open forward as the desk lists it: sorted by due time, with what the
/// window shows computed here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenForward {
    /// The forward.
    pub forward: Forward,
    /// The office's title from the knowledge base (its id if it is gone).
    pub office_title: String,
    /// Past its due time.
    pub overdue: bool,
    /// "bis Donnerstag, 10:30" or "überfällig seit gestern, 14:00".
    pub due_label: String,
}

/// Whose open forwards a desk lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardScope {
    /// Those the signed-in agent wrote: what this agent follows up.
    Mine,
    /// The whole centre's (a forward is everyone's work once its writer
    /// is away).
    All,
}

/// How many forwards are open, and how many of them past their due time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForwardCounts {
    /// Open.
    pub open: u64,
    /// Of those, past their due time.
    pub overdue: u64,
}

/// The open-forwards list of a desk: the first `limit` of one scope,
/// earliest due (so overdue) first, with the counts of both scopes, so the
/// window can say "20 von 741" and offer the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenForwardList {
    /// The scope listed.
    pub scope: ForwardScope,
    /// The first of that scope's open forwards, earliest due first.
    pub forwards: Vec<OpenForward>,
    /// The signed-in agent's own open forwards.
    pub mine: ForwardCounts,
    /// The centre's open forwards.
    pub all: ForwardCounts,
}

impl OpenForwardList {
    /// The counts of the scope listed.
    pub fn counts(&self) -> ForwardCounts {
        match self.scope {
            ForwardScope::Mine => self.mine,
            ForwardScope::All => self.all,
        }
    }

    /// Open forwards of the scope that are not in `forwards`.
    pub fn not_listed(&self) -> u64 {
        self.counts()
            .open
            .saturating_sub(self.forwards.len() as u64)
    }
}

/// German weekday names, Monday first.
const WEEKDAYS: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

/// The due time in words for the forward dialog and the open-forwards
/// list, in Europe/Berlin: "bis heute, 16:00", "bis morgen, 08:30",
/// "bis Donnerstag, 10:30" within a week, "bis Montag, 05.01., 09:00"
/// beyond, and "überfällig seit gestern, 09:00" once past.
pub fn due_in_words(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let local = due.with_timezone(&TZ);
    let day = local.date_naive();
    let today = now.with_timezone(&TZ).date_naive();
    let hm = local.format("%H:%M");
    let weekday = WEEKDAYS[day.weekday().num_days_from_monday() as usize];
    let days = (day - today).num_days();
    let when = match days {
        -1 => format!("gestern, {hm}"),
        0 => format!("heute, {hm}"),
        1 => format!("morgen, {hm}"),
        2..=6 => format!("{weekday}, {hm}"),
        _ => format!("{weekday}, {}, {hm}", day.format("%d.%m.")),
    };
    if due < now {
        format!("überfällig seit {when}")
    } else {
        format!("bis {when}")
    }
}

/// Milliseconds since the Unix epoch, the stored form of an instant.
pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The instant of a stored millisecond value. Values come from
/// [`to_ms`]; one out of chrono's range (only by editing the file by
/// hand) reads as the epoch rather than failing a whole listing.
pub(crate) fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fwd(channel: ReplyChannel, caller: CallerContact) -> NewForward {
        NewForward {
            office_id: "steueramt".into(),
            question: "Frage".into(),
            channel,
            caller,
        }
    }

    #[test]
    fn enums_round_trip_and_unknown_values_name_the_field() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()).unwrap(), *o);
        }
        let e = Outcome::parse("solved").unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidInput);
        assert!(e.to_string().starts_with("outcome: „solved“"), "{e}");
        assert!("email".parse::<ReplyChannel>().is_ok());
        assert!("fax".parse::<ReplyChannel>().is_err());
    }

    #[test]
    fn forward_contact_rules() {
        let none = CallerContact::default();
        let e = fwd(ReplyChannel::Phone, none.clone()).check().unwrap_err();
        assert!(e.to_string().starts_with("phone:"), "{e}");
        let e = fwd(ReplyChannel::Email, none.clone()).check().unwrap_err();
        assert!(e.to_string().starts_with("email:"), "{e}");
        let e = fwd(ReplyChannel::Post, none).check().unwrap_err();
        assert!(e.to_string().starts_with("name:"), "{e}");
        let phone = |p: &str| CallerContact {
            phone: Some(p.into()),
            ..Default::default()
        };
        assert!(
            fwd(ReplyChannel::Phone, phone("0234 / 910-0"))
                .check()
                .is_ok()
        );
        assert!(fwd(ReplyChannel::Phone, phone("12")).check().is_err());
        assert!(fwd(ReplyChannel::Phone, phone("0234 abc")).check().is_err());
        let mail = |m: &str| CallerContact {
            email: Some(m.into()),
            ..Default::default()
        };
        assert!(fwd(ReplyChannel::Email, mail("a@b.de")).check().is_ok());
        for bad in ["a.de", "@b.de", "a@b", "a b@c.de", "a@@b.de"] {
            assert!(
                fwd(ReplyChannel::Email, mail(bad)).check().is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn due_labels() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let now = t("2026-11-24T09:00:00+01:00"); // a Tuesday
        assert_eq!(
            due_in_words(t("2026-11-26T10:30:00+01:00"), now),
            "bis Donnerstag, 10:30"
        );
        assert_eq!(
            due_in_words(t("2026-11-24T16:00:00+01:00"), now),
            "bis heute, 16:00"
        );
        assert_eq!(
            due_in_words(t("2026-11-23T09:00:00+01:00"), now),
            "überfällig seit gestern, 09:00"
        );
        assert_eq!(
            due_in_words(t("2026-11-19T09:00:00+01:00"), now),
            "überfällig seit Donnerstag, 19.11., 09:00"
        );
    }
}

/// What marking a forward done came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardDone {
    /// The forward.
    pub forward: ForwardId,
    /// This desk marked it; `false`: a colleague had already.
    pub first: bool,
    /// Who marked it done (this agent when `first`).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl ForwardDone {
    /// The German sentence the window shows when a colleague was first.
    pub fn notice(&self) -> Option<String> {
        (!self.first).then(|| {
            format!(
                "Schon erledigt: {} hat diese Weiterleitung um {} Uhr als erledigt markiert.",
                self.by,
                self.at.with_timezone(&crate::hours::TZ).format("%H:%M")
            )
        })
    }
}
