//! Answers: the best entry for a question, the section the question is
//! about, and the state of each responsible office at a given time.

use chrono::{DateTime, NaiveDate, Utc};

use super::analysis::{fold, stem, words};
use super::{Entry, EntryKind, KnowledgeBase, SectionKey};
use crate::hours::{Appointment, DayPlan, OpenState};

/// A location's card at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationStatus {
    /// Location id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Appointment rule.
    pub appointment: Appointment,
    /// Open, closed or by appointment.
    pub state: OpenState,
    /// German text of the state relative to the instant asked.
    pub label: String,
    /// The week around the instant, Monday first.
    pub week: Vec<(NaiveDate, DayPlan)>,
}

/// An answer to a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The entry that answers it.
    pub entry: Entry,
    /// The section the question is about, if it names one the entry has
    /// (`Adresse` and `Oeffnungszeiten` are answered by the locations).
    pub focus: Option<SectionKey>,
    /// Responsible locations (or the location itself) with their state.
    pub locations: Vec<LocationStatus>,
}

/// Cue words (folded stems) for each section, checked in order; the first
/// section with a cue in the question wins. Opening hours come before the
/// address because "wann hat … auf" also contains place names.
const CUES: &[(SectionKey, &[&str])] = &[
    (
        SectionKey::Kosten,
        &[
            "kost", "gebuhr", "preis", "teur", "euro", "bezahl", "zahl", "gunstig",
        ],
    ),
    (
        SectionKey::Unterlagen,
        &[
            "unterlag", "dokument", "mitbring", "mitnehm", "papi", "nachweis", "benotig", "brauch",
            "vorleg", "vorzeig",
        ],
    ),
    (
        SectionKey::Fristen,
        &[
            "frist",
            "lang",
            "dau",
            "spatest",
            "bis",
            "zeitraum",
            "wartezeit",
            "bearbeitungszeit",
            "wochen",
        ],
    ),
    (
        SectionKey::Oeffnungszeiten,
        &[
            "wann",
            "offn",
            "geoffnet",
            "off",
            "auf",
            "sprechzeit",
            "uhrzeit",
            "heut",
            "morg",
            "samstag",
            "zu",
        ],
    ),
    (
        SectionKey::Adresse,
        &[
            "wo",
            "adress",
            "anschrift",
            "wohin",
            "find",
            "hinkomm",
            "standort",
            "strass",
        ],
    ),
    (
        SectionKey::Online,
        &["onlin", "internet", "portal", "digital"],
    ),
    (
        SectionKey::Ablauf,
        &["wie", "ablauf", "vorgeh", "schritt", "beantrag"],
    ),
];

/// The section a question asks about, from its words.
pub fn detect_focus(question: &str) -> Option<SectionKey> {
    let stems: Vec<String> = words(question).map(|w| stem(&fold(w.text))).collect();
    let folded: Vec<String> = words(question).map(|w| fold(w.text)).collect();
    for (key, cues) in CUES {
        let hit = cues.iter().any(|c| {
            stems.iter().chain(folded.iter()).any(|s| {
                // Short cues must match whole words ("zu", "wo", "auf");
                // longer ones may be prefixes ("gebuhr" in "gebuhren").
                if c.len() <= 3 {
                    s == c
                } else {
                    s.starts_with(c)
                }
            })
        });
        if hit {
            return Some(*key);
        }
    }
    None
}

/// Builds the answer for `entry`, focusing `focus` if the entry can answer
/// it, with location states at `at`.
pub fn answer_for(
    kb: &KnowledgeBase,
    entry: &Entry,
    focus: Option<SectionKey>,
    at: DateTime<Utc>,
) -> Answer {
    let locations: Vec<LocationStatus> = match entry.kind {
        EntryKind::Location => location_status(entry, at).into_iter().collect(),
        EntryKind::Service => entry
            .locations
            .iter()
            .filter_map(|id| kb.entries.get(id))
            .filter_map(|l| location_status(l, at))
            .collect(),
    };
    let focus = focus.filter(|k| match k {
        SectionKey::Adresse | SectionKey::Oeffnungszeiten => !locations.is_empty(),
        k => entry.section(*k).is_some(),
    });
    Answer {
        entry: entry.clone(),
        focus,
        locations,
    }
}

/// The card of a location entry at `at`; `None` for services.
pub fn location_status(e: &Entry, at: DateTime<Utc>) -> Option<LocationStatus> {
    let info = e.location.as_ref()?;
    let state = if info.schedule.has_hours() || info.appointment == Appointment::None {
        match info.schedule.state_at(at) {
            // No hours and no appointments: the office is closed (e.g. an
            // office shut for renovation), not "by appointment".
            OpenState::AppointmentOnly => OpenState::Closed { next_open: None },
            s => s,
        }
    } else {
        OpenState::AppointmentOnly
    };
    Some(LocationStatus {
        id: e.id.clone(),
        title: e.title.clone(),
        address: info.address.clone(),
        phone: info.phone.clone(),
        email: info.email.clone(),
        appointment: info.appointment,
        label: state.label(at),
        state,
        week: info.schedule.week_of(at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_from_question_words() {
        for (q, want) in [
            ("was kostet ein reisepass", Some(SectionKey::Kosten)),
            (
                "welche unterlagen brauche ich für die hundeanmeldung",
                Some(SectionKey::Unterlagen),
            ),
            (
                "wann hat das bürgerbüro wattenscheid auf",
                Some(SectionKey::Oeffnungszeiten),
            ),
            ("wo ist das standesamt", Some(SectionKey::Adresse)),
            ("bis wann muss ich mich ummelden", Some(SectionKey::Fristen)),
            ("hund anmelden", None),
        ] {
            assert_eq!(detect_focus(q), want, "{q}");
        }
    }
}
