//! Answers: the best entry for a question, the section the question is
//! about, and the state of each responsible office at a given time.

use chrono::{DateTime, NaiveDate, Utc};

use super::intent::{Aspect, evidence_in};
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

/// The section that answers `aspect` in `entry`: the aspect's own
/// section if the entry has it (the offices' cards for address and hours),
/// otherwise the section whose text says most about it ("wer darf …" is
/// answered where the entry says who is "berechtigt"), otherwise none.
pub fn focus_for(entry: &Entry, aspects: &[Aspect], has_locations: bool) -> Option<SectionKey> {
    aspects
        .iter()
        .find_map(|a| focus_for_aspect(entry, *a, has_locations))
}

fn focus_for_aspect(entry: &Entry, aspect: Aspect, has_locations: bool) -> Option<SectionKey> {
    match aspect.section() {
        Some(k @ (SectionKey::Adresse | SectionKey::Oeffnungszeiten)) => {
            return has_locations.then_some(k);
        }
        Some(k) if entry.section(k).is_some() => return Some(k),
        _ => {}
    }
    let mut best: Option<(SectionKey, usize)> = None;
    for s in &entry.sections {
        let n = evidence_in(&s.markdown, aspect);
        if n > 0 && best.is_none_or(|(_, b)| n > b) {
            best = Some((s.key, n));
        }
    }
    // Who may apply is a special case of the service: where no section
    // says it in so many words, the notes are the place to look.
    best.map(|(k, _)| k).or_else(|| {
        (aspect == Aspect::WhoMay && entry.section(SectionKey::Hinweise).is_some())
            .then_some(SectionKey::Hinweise)
    })
}

/// Builds the answer for `entry`, focusing the section that answers
/// `aspect` (see [`focus_for`]), with location states at `at`.
pub fn answer_for(
    kb: &KnowledgeBase,
    entry: &Entry,
    aspects: &[Aspect],
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
    let focus = focus_for(entry, aspects, !locations.is_empty());
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
    use crate::kb::intent::understand;
    use crate::kb::{Section, parse_entry};

    fn entry_with(sections: &[(SectionKey, &str)]) -> Entry {
        let (e, problems) = parse_entry(
            std::path::Path::new("services/x.md"),
            "+++\nid = \"x\"\nkind = \"service\"\ntitle = \"X\"\nsummary = \"Kurz.\"\n\
             reviewed = 2026-12-01\nsource = \"https://www.bochum.de/x\"\n+++\n",
        );
        let Some(mut e) = e else {
            panic!("{problems:?}")
        };
        e.sections = sections
            .iter()
            .map(|(key, text)| Section {
                key: *key,
                heading: key.as_str().into(),
                markdown: (*text).into(),
            })
            .collect();
        e
    }

    #[test]
    fn the_aspects_own_section_comes_first_then_the_one_that_says_it() {
        let e = entry_with(&[
            (SectionKey::Unterlagen, "- Ausweis"),
            (SectionKey::Hinweise, "- Berechtigt sind Eltern und Kinder."),
        ]);
        let focus = |q: &str, offices: bool| focus_for(&e, &understand(q).aspects, offices);
        assert_eq!(
            focus("was muss ich mitbringen", false),
            Some(SectionKey::Unterlagen)
        );
        assert_eq!(
            focus("wer darf die urkunde bestellen", false),
            Some(SectionKey::Hinweise)
        );
        // No Kosten section and nothing about fees: no focus, not a wrong one.
        assert_eq!(focus("was kostet das", false), None);
        assert_eq!(focus("wo ist das amt", false), None);
        assert_eq!(focus("wo ist das amt", true), Some(SectionKey::Adresse));
        assert_eq!(focus("hund anmelden", true), None);
    }
}
