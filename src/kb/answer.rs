//! Answers: the best entry for a question, the section the question is
//! about, and the state of each responsible office at a given time.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::analysis::{
    CompoundDictionary, fold, folded_and_stemmed, is_point_in_time, is_stop_word, stem,
    suspended_compounds, words,
};
use super::intent::{Aspect, Understanding, evidence_among, evidence_in};
use super::{Entry, EntryKind, KnowledgeBase, SectionKey, places};
use crate::hours::{Appointment, DayPlan, OpenState, Schedule, TZ, weekday_short};

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
    /// The other day the question asked about ("morgen", "am 29.12."),
    /// if it named one and the office keeps hours.
    pub asked: Option<AskedDay>,
}

/// How an office's day looks that a question asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedDay {
    /// The day.
    pub date: NaiveDate,
    /// Its hours and the reason it differs from the week, if it does.
    pub plan: DayPlan,
    /// German text for the desk: "Di, 29.12.: 08:00–13:00",
    /// "Do, 24.12.: geschlossen (Heiligabend)".
    pub label: String,
}

impl AskedDay {
    fn of(schedule: &Schedule, date: NaiveDate) -> Self {
        let plan = schedule.day(date);
        let hours = if plan.hours.is_empty() {
            "geschlossen".to_string()
        } else {
            plan.hours
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let weekday = weekday_short(date.weekday().num_days_from_monday() as usize);
        let mut label = format!("{weekday}, {}: {hours}", date.format("%d.%m."));
        if let Some(note) = &plan.note {
            label = format!("{label} ({note})");
        }
        Self { date, plan, label }
    }
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

/// The section a question is about in `entry`.
///
/// The aspects named by cues come first, strongest first: an aspect's own
/// section if the entry has it (the offices' cards for address and hours),
/// otherwise the section whose text says most about it ("wer darf …" is
/// answered where the entry says who is "berechtigt"). Within that choice
/// the question's own detail words, the ones that are neither topic nor
/// cue ("als EU-Bürger", "mein türkischer Pass behalten"), count for the
/// section that contains them: the right section is where the answer
/// lives. Without a cue a yes/no question opens the section that holds
/// one of its words, leaning to the notes on a tie, where entries keep
/// their special cases ("Trauzeugen sind freiwillig"); with none of its
/// words in a section it asks whether at all ("muss er sich abmelden",
/// "braucht der eine genehmigung"), and the summary says that. (Until
/// the twenty-first session such questions opened the notes: measured
/// on all answers sets, the summary won 8 questions on the newer and
/// blind sets and lost 5 on the three oldest.)
pub fn focus_for(
    entry: &Entry,
    u: &Understanding,
    has_locations: bool,
    common: &HashSet<String>,
    dict: &CompoundDictionary,
) -> Option<SectionKey> {
    let details = detail_stems(entry, u, common);
    // Each section's words, analysed once for every comparison below,
    // with its suspended compounds written out: "Blindenführ- und
    // Assistenzhunde" speaks of the "blindenführhund" a caller names.
    let sections: Vec<(SectionKey, Vec<(String, String)>)> = entry
        .sections
        .iter()
        .filter(|s| s.key != SectionKey::Rechtsgrundlage)
        .map(|s| (s.key, words_with_suspended(&s.markdown, dict)))
        .collect();
    for (i, &asked) in u.aspects.iter().enumerate() {
        let aspect = match asked {
            // "wann" at an office asks for its hours; for a service, when
            // it happens or must be done: its dates and deadlines.
            Aspect::When | Aspect::Today if entry.kind == EntryKind::Location => Aspect::Hours,
            // "heute" at a service dates the caller's story.
            Aspect::Today => continue,
            // An entry whose title or summary says when ("Abfuhrkalender:
            // wann wird die Tonne geleert?") answers "wann" as a whole:
            // its deadlines are a detail of it.
            Aspect::When if says_when(entry) => continue,
            Aspect::When => Aspect::Deadline,
            // Without offices to show, "wo" is answered where the entry
            // gives addresses ("Jobcenter-Standorte: … Universitätsstraße
            // 74a"), else where it says where to go: its procedure.
            Aspect::Address if !has_locations => {
                if let Some(k) = best_section(entry, &sections, Some((asked, 1.0)), &details, false)
                {
                    return Some(k);
                }
                Aspect::Procedure
            }
            // "wie hoch ist das Elterngeld" asks what a benefit pays, not
            // its fee, when the fees name no amount and the question no
            // fee.
            Aspect::Cost if fees_name_no_amount(entry) && !names_a_fee(u) => Aspect::Amount,
            a => a,
        };
        if let Some(k @ (SectionKey::Adresse | SectionKey::Oeffnungszeiten)) = aspect.section() {
            if has_locations {
                return Some(k);
            }
            continue;
        }
        let strength = u.evidence.get(i).copied().unwrap_or(1.0);
        if let Some(k) = best_section(
            entry,
            &sections,
            Some((aspect, strength)),
            &details,
            u.yes_no,
        ) {
            return Some(k);
        }
    }
    if u.yes_no {
        let mut details = details;
        details.extend(named_beyond_summary(entry, u, &sections));
        return best_section(entry, &sections, None, &details, true);
    }
    // A topic with detail words and no question ("pin rücksetzbrief
    // bestellen"): the section that holds the details, unless the summary
    // already speaks of them ("gebrauchtwagen gekauft der ist noch
    // angemeldet" is the summary's own case).
    // Only details that point at one section count here: a word typed with
    // five letters or more (or a number) that the summary does not have
    // and exactly one section has ("haus" is in "Hausnummer" anywhere;
    // "kinder", stemmed "kind", is long enough as typed).
    let summary = folded_and_stemmed(&entry.summary);
    let beyond: Vec<String> = details
        .into_iter()
        .filter(|d| {
            d.chars().count() >= 5
                || is_number(d)
                || u.words
                    .iter()
                    .any(|w| stem(w) == *d && w.chars().count() >= 5)
        })
        .filter(|d| u.w_question || !holds(&summary, d))
        .filter(|d| sections.iter().filter(|(_, w)| holds(w, d)).count() == 1)
        .collect();
    best_section(entry, &sections, None, &beyond, false)
}

/// Typed words that name the entry by a one-word synonym the title and
/// the summary do not have, where exactly one section speaks of them:
/// "brauchen wir trauzeugen" finds the marriage by its synonym
/// "Trauzeugen", and the notes ("Trauzeugen sind freiwillig") answer it.
fn named_beyond_summary(
    entry: &Entry,
    u: &Understanding,
    sections: &[(SectionKey, Vec<(String, String)>)],
) -> Vec<String> {
    let summary = folded_and_stemmed(&format!("{} {}", entry.title, entry.summary));
    let synonyms: Vec<String> = one_word_synonyms(entry).map(|s| stem(&fold(s))).collect();
    u.words
        .iter()
        .enumerate()
        .filter(|(i, w)| !u.is_aspect_word(*i) && !is_stop_word(w))
        .map(|(_, w)| stem(w))
        .filter(|s| s.len() >= 4 && synonyms.iter().any(|t| t == s))
        .filter(|s| !holds(&summary, s))
        .filter(|s| sections.iter().filter(|(_, w)| holds(w, s)).count() == 1)
        .collect()
}

/// The entry's synonyms of one word ("Trauzeugen"): names of its topic,
/// where a longer synonym's words can be a detail ("blauer Parkausweis").
fn one_word_synonyms(entry: &Entry) -> impl Iterator<Item = &str> {
    entry
        .synonyms
        .iter()
        .filter(|s| words(s).nth(1).is_none())
        .map(String::as_str)
}

/// Whether the entry's fees (if any) name no amount of money: "Der
/// Antrag ist kostenlos."
fn fees_name_no_amount(entry: &Entry) -> bool {
    entry
        .section(SectionKey::Kosten)
        .is_none_or(|k| evidence_in(&k.markdown, Aspect::Amount) == 0)
}

/// Whether the question names a fee ("was kostet", "gebühr", "zahlen"),
/// not just a size ("wie hoch", "wie viel").
fn names_a_fee(u: &Understanding) -> bool {
    u.cues.iter().any(|(phrase, a)| {
        *a == Aspect::Cost
            && !matches!(
                phrase.as_str(),
                "wie hoch" | "wie viel" | "wieviel" | "hohe"
            )
    })
}

/// Whether the entry's title or summary speaks of when (the word "wann").
fn says_when(entry: &Entry) -> bool {
    [entry.title.as_str(), entry.summary.as_str()]
        .iter()
        .any(|t| words(t).any(|w| fold(w.text) == "wann"))
}

/// What a section's own heading is worth, over its cue's evidence: "was
/// kostet" (evidence 2) keeps the fees unless two more of the question's
/// words stand elsewhere.
const OWN_SECTION: f32 = 1.0;
/// What each of the question's detail words found in a section is worth.
const DETAIL_WORD: f32 = 1.0;
/// The notes' lean for yes/no and who-may questions: it breaks ties.
const NOTES_LEAN: f32 = 0.5;
/// The notes' share of a tie between details without a cue: less than any
/// detail word, so only a tie is broken.
const TIE_TO_NOTES: f32 = 0.1;

fn best_section(
    entry: &Entry,
    sections: &[(SectionKey, Vec<(String, String)>)],
    aspect: Option<(Aspect, f32)>,
    details: &[String],
    yes_no: bool,
) -> Option<SectionKey> {
    let own = aspect
        .and_then(|(a, _)| a.section())
        .filter(|k| entry.section(*k).is_some());
    // Not an age question: its answer is wherever the entry names the
    // age ("bis welches alter": "bis zum 18. Geburtstag" in the deadlines),
    // and the notes must not win a tie by their lean.
    let leans_to_notes = yes_no || aspect.is_some_and(|(a, _)| a.about_rules() && a != Aspect::Age);
    let mut best: Option<(SectionKey, f32)> = None;
    let mut aspect_has_say = own.is_some();
    for (key, words) in sections {
        let mut score = 0.0;
        if let Some((a, strength)) = aspect {
            if own == Some(*key) {
                score += OWN_SECTION + strength;
            } else if own.is_none() && !(*key == SectionKey::Kosten && a.about_rules()) {
                let n = evidence_among(words, a) as f32;
                aspect_has_say |= n > 0.0;
                score += n;
            }
        }
        score += DETAIL_WORD * details.iter().filter(|d| holds(words, d)).count() as f32;
        if leans_to_notes && *key == SectionKey::Hinweise {
            score += NOTES_LEAN;
        }
        // Whether a fee is due at all in the caller's special case ("hund
        // aus dem tierheim, muss ich da steuer zahlen"): the fees give the
        // general rate, the notes that name the case give the exception,
        // as much the question's own place as the fees. Only for fees:
        // the same for every aspect lost a question on two blind sets.
        if yes_no
            && aspect.is_some_and(|(a, _)| a == Aspect::Cost)
            && *key == SectionKey::Hinweise
            && details.iter().any(|d| holds(words, d))
        {
            score += OWN_SECTION;
        }
        // Without a cue, details that stand in several sections as often
        // are a special case the notes keep ("oma bettlägerig … ausweis
        // abgelaufen": the notes for the bedridden, the documents for an
        // expired card).
        if aspect.is_none() && !yes_no && *key == SectionKey::Hinweise {
            score += TIE_TO_NOTES;
        }
        // An age is a time limit of a life ("Ausweispflicht ab 16
        // Jahren"): where the deadlines name it too, they win the tie.
        if aspect.is_some_and(|(a, _)| a == Aspect::Age) && *key == SectionKey::Fristen {
            score += NOTES_LEAN;
        }
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((*key, score));
        }
    }
    let (key, score) = best?;
    match aspect {
        // Who may, a proxy or an age, without a word on it: the notes are
        // the place to look (the lean has chosen them).
        Some((a, _)) if a.about_rules() => (score > 0.0).then_some(key),
        Some(_) => (aspect_has_say && score > 0.0).then_some(key),
        // Without a cue, a section that holds one of the question's
        // details (a yes/no question's ties lean to the notes); none
        // leaves the summary to answer.
        None => (score >= DETAIL_WORD).then_some(key),
    }
}

/// The question's detail words as stems: not cue words, not stop words,
/// not words nearly every entry has (`common`: "Bochum", "Stadt"), and
/// not the entry's topic: the words of its title and its one-word
/// synonyms. The words of longer synonyms can be the detail asked about
/// ("blauer Parkausweis", "Daueraufenthalt EU").
fn detail_stems(entry: &Entry, u: &Understanding, common: &HashSet<String>) -> Vec<String> {
    let one_word = one_word_synonyms(entry);
    let stems_of = |texts: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        texts
            .flat_map(|t| words(t).map(|w| stem(&fold(w.text))).collect::<Vec<_>>())
            .collect()
    };
    let topic = stems_of(&mut std::iter::once(entry.title.as_str()).chain(one_word));
    // The entry's own request verbs ("Urkunde bestellen"): with them the
    // caller names the service, not a detail of it.
    let mut requests = stems_of(
        &mut std::iter::once(entry.title.as_str()).chain(entry.synonyms.iter().map(String::as_str)),
    );
    requests.retain(|s| REQUEST_VERBS.iter().any(|v| s.starts_with(v)));
    let mut out: Vec<String> = Vec::new();
    // The places the caller names, as the entries call them: "nach
    // amerika" is "im Ausland", "ziehe nach dortmund" a move "innerhalb
    // Deutschlands". Abroad only where the title and summary do not speak
    // of it: there it is the topic ("Wegzug ins Ausland", "Gäste aus dem
    // Ausland"), not a detail one section answers (measured: without this,
    // two questions on two sets lost their summary). A move within the
    // country is the exception of the entries on moving away, which their
    // notes keep, even where the summary names the country.
    if let Some(place) = places::entry_word(&u.words) {
        let said = || folded_and_stemmed(&format!("{} {}", entry.title, entry.summary));
        if place != places::ABROAD || !holds(&said(), place) {
            out.push(place.to_string());
        }
    }
    for (i, w) in u.words.iter().enumerate() {
        // A point in time ("nächsten Monat") dates the caller's matter;
        // it does not say which part of the entry answers it.
        if u.is_aspect_word(i) || is_stop_word(w) || is_point_in_time(&u.words, i) {
            continue;
        }
        let s = stem(w);
        if s.len() < 2
            || requests.contains(&s)
            || common.contains(&s)
            || topic.iter().any(|t| same_word(t, &s))
            || out.contains(&s)
        {
            continue;
        }
        out.push(s);
    }
    out
}

/// Verbs that ask for a service ("geburtsurkunde bestellen"). Where the
/// entry names itself with one ("Urkunde bestellen"), the typed verb is
/// part of the topic, not a detail that opens the section where the verb
/// happens to stand again; elsewhere it can be the detail ("PIN-
/// Rücksetzbrief bestellen": ordering it has stopped).
const REQUEST_VERBS: &[&str] = &["bestell", "beantrag", "anford", "anfrag"];

/// A text's words folded and stemmed, followed by its suspended
/// compounds written out ([`suspended_compounds`]).
fn words_with_suspended(text: &str, dict: &CompoundDictionary) -> Vec<(String, String)> {
    let mut out = folded_and_stemmed(text);
    for (_, whole) in suspended_compounds(text, dict) {
        let s = stem(&whole);
        out.push((whole, s));
    }
    out
}

/// Numbers ("16" in "mein sohn ist 16") match only themselves: "16"
/// must not find "160 Euro".
fn is_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

/// Stems naming the same word, allowing a word's longer form to stand for
/// it ("einburg" in "einburger") and a compound for its head ("ausweis"
/// in "personalausweis") once it is long enough to be a word.
fn same_word(a: &str, b: &str) -> bool {
    a == b
        || (a.len().min(b.len()) >= 5
            && (a.starts_with(b) || b.starts_with(a) || a.ends_with(b) || b.ends_with(a)))
}

/// Whether the analysed words of a text hold the detail `d` (as a word,
/// or the start of a compound for stems of four letters or more).
fn holds(words: &[(String, String)], d: &str) -> bool {
    words.iter().any(|(f, s)| {
        s == d || (d.len() >= 4 && !is_number(d) && (f.starts_with(d) || s.starts_with(d)))
    })
}

/// Builds the answer for `entry`, focusing the section that answers
/// `aspect` (see [`focus_for`]), with location states at `at`.
pub fn answer_for(
    kb: &KnowledgeBase,
    entry: &Entry,
    question: &Understanding,
    at: DateTime<Utc>,
) -> Answer {
    // The day the question names, unless it is today (the state says it).
    let today = at.with_timezone(&TZ).date_naive();
    let asked = question
        .day
        .and_then(|d| d.resolve(today))
        .filter(|d| *d != today);
    let locations: Vec<LocationStatus> = match entry.kind {
        EntryKind::Location => location_status(entry, at, asked).into_iter().collect(),
        EntryKind::Service => entry
            .locations
            .iter()
            .filter_map(|id| kb.entries.get(id))
            .filter_map(|l| location_status(l, at, asked))
            .collect(),
    };
    // Words nearly every entry has, and the typed words a synonym group
    // ties to the entry's title: neither is a detail of the question.
    let mut not_details = kb.common_stems().clone();
    not_details.extend(title_by_synonym(kb, entry, question));
    let focus = focus_for(
        entry,
        question,
        !locations.is_empty(),
        &not_details,
        kb.dictionary(),
    );
    Answer {
        entry: entry.clone(),
        focus,
        locations,
    }
}

/// Stems of the typed words that a global synonym group makes one of the
/// entry's title words: "perso" is the "Ausweis" of "Online-Ausweisfunktion",
/// so "pin vom perso vergessen" names the entry and asks nothing of the
/// section that lists the Personalausweis among the documents.
fn title_by_synonym(kb: &KnowledgeBase, entry: &Entry, u: &Understanding) -> Vec<String> {
    let title: Vec<String> = words(&entry.title).map(|w| stem(&fold(w.text))).collect();
    let mut out = Vec::new();
    for w in &u.words {
        let ties = kb.synonyms.find(std::slice::from_ref(w)).iter().any(|m| {
            m.alternatives.iter().any(|a| {
                a.len() == 1 && {
                    let alt = stem(&a[0]);
                    title.iter().any(|t| same_word(t, &alt))
                }
            })
        });
        if ties {
            out.push(stem(w));
        }
    }
    out
}

/// The card of a location entry at `at`, with the day `asked` about if
/// the question named one; `None` for services.
pub fn location_status(
    e: &Entry,
    at: DateTime<Utc>,
    asked: Option<NaiveDate>,
) -> Option<LocationStatus> {
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
    // The day the state speaks of (today when open, the day it opens when
    // closed) may be one the city has not yet said whether it closes.
    let local_today = at.with_timezone(&TZ).date_naive();
    let day = match &state {
        OpenState::Open { .. } => Some(local_today),
        OpenState::Closed { next_open } => next_open.map(|t| t.date_naive()),
        OpenState::AppointmentOnly => None,
    };
    let mut label = state.label(at);
    // Closed all day for a reason (a holiday, the city's closure): the
    // agent reads why without opening the week. An office seen only by
    // appointment is closed on such a day too.
    let today = info.schedule.day(local_today);
    if let (OpenState::Closed { .. } | OpenState::AppointmentOnly, true, Some(note)) =
        (&state, today.hours.is_empty(), today.note.as_deref())
    {
        label = format!("{label} · heute: {note}");
    }
    if let Some(caution) = day.and_then(|d| info.schedule.caution(d)) {
        label = format!("{label} · {caution}");
    }
    Some(LocationStatus {
        id: e.id.clone(),
        title: e.title.clone(),
        address: info.address.clone(),
        phone: info.phone.clone(),
        email: info.email.clone(),
        appointment: info.appointment,
        label,
        state,
        week: info.schedule.week_of(at),
        asked: asked
            .filter(|_| info.schedule.has_hours())
            .map(|d| AskedDay::of(&info.schedule, d)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::intent::understand;
    use crate::kb::{Section, parse_entry};

    /// No compound dictionary: the tests' texts write their compounds whole.
    fn no_dict() -> CompoundDictionary {
        CompoundDictionary::default()
    }

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
        let focus = |q: &str, offices: bool| {
            focus_for(&e, &understand(q), offices, &HashSet::new(), &no_dict())
        };
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

    #[test]
    fn fees_graded_by_age_do_not_answer_an_age_question() {
        let e = entry_with(&[
            (
                SectionKey::Kosten,
                "- Nach Alter gestaffelt: 0 bis 5 und 6 bis 11 Jahre.",
            ),
            (SectionKey::Fristen, "- Bis zum 18. Geburtstag."),
        ]);
        let u = understand("bis welches alter");
        assert_eq!(
            focus_for(&e, &u, false, &HashSet::new(), &no_dict()),
            Some(SectionKey::Fristen)
        );
    }

    #[test]
    fn an_age_question_opens_where_the_age_stands_without_leaning_to_the_notes() {
        let e = entry_with(&[
            (SectionKey::Fristen, "- Bis zum 18. Geburtstag."),
            (
                SectionKey::Hinweise,
                "- Kinder von 0 bis 11 Jahren: unabhängig vom Einkommen.",
            ),
        ]);
        let u = understand("bis welches alter");
        assert_eq!(
            focus_for(&e, &u, false, &HashSet::new(), &no_dict()),
            Some(SectionKey::Fristen)
        );
        // Who may still leans to the notes.
        let e = entry_with(&[
            (SectionKey::Unterlagen, "- Nachweis, wer berechtigt ist"),
            (SectionKey::Hinweise, "- Berechtigt sind Eltern."),
        ]);
        assert_eq!(
            focus_for(
                &e,
                &understand("wer darf das"),
                false,
                &HashSet::new(),
                &no_dict()
            ),
            Some(SectionKey::Hinweise)
        );
    }

    #[test]
    fn a_detail_counts_by_its_typed_length_not_its_stem() {
        let e = entry_with(&[
            (SectionKey::Unterlagen, "- Berechtigungsnachweis"),
            (
                SectionKey::Hinweise,
                "- Abends dürfen bis zu drei Kinder mitfahren.",
            ),
        ]);
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        // "kinder" stems to "kind", four letters, but was typed with six.
        assert_eq!(focus("ticket kinder mitnehmen"), Some(SectionKey::Hinweise));
        assert_eq!(focus("ticket kind"), None);
    }

    #[test]
    fn a_synonym_the_summary_lacks_is_a_yes_no_questions_detail() {
        let mut e = entry_with(&[
            (SectionKey::Unterlagen, "- Ausweise beider Partner"),
            (SectionKey::Hinweise, "- Trauzeugen sind freiwillig."),
        ]);
        e.synonyms = vec!["Hochzeit".into(), "Trauzeugen".into()];
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(focus("brauchen wir trauzeugen"), Some(SectionKey::Hinweise));
        // The entry's name alone asks whether at all.
        assert_eq!(focus("brauchen wir eine hochzeit"), None);
        // Once the summary speaks of it, the summary answers.
        e.summary = "Kurz. Trauzeugen braucht es nicht.".into();
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(focus("brauchen wir trauzeugen"), None);
    }

    #[test]
    fn a_word_nearly_every_entry_has_is_no_detail() {
        let e = entry_with(&[
            (SectionKey::Unterlagen, "- Formular der Stadt Bochum"),
            (
                SectionKey::Hinweise,
                "- Bei einem Umzug innerhalb Deutschlands nur am neuen Ort anmelden.",
            ),
        ]);
        // (A move to another town is a detail of the notes: see
        // `a_named_place_is_what_the_entry_calls_it`.)
        let u = understand("muss ich mich in bochum abmelden");
        let common: HashSet<String> = ["bochum".to_string()].into();
        // Without a word of its own in a section, a yes/no question is
        // the summary's ("muss ich mich abmelden" at all).
        assert_eq!(focus_for(&e, &u, false, &common, &no_dict()), None);
        assert_eq!(
            focus_for(&e, &u, false, &HashSet::new(), &no_dict()),
            Some(SectionKey::Unterlagen)
        );
    }

    #[test]
    fn a_detail_the_summary_has_opens_its_section_only_when_asked() {
        let mut e = entry_with(&[
            (SectionKey::Unterlagen, "- Nachweis der Tätigkeit"),
            (
                SectionKey::Hinweise,
                "- Voraussetzung: mindestens fünf Stunden pro Woche.",
            ),
        ]);
        e.summary = "Wer sich fünf Stunden pro Woche engagiert, bekommt die Karte.".into();
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        // A topic with the summary's own detail: the summary answers it.
        assert_eq!(focus("karte fünf stunden"), None);
        // A question about it: the section that holds the rule.
        assert_eq!(
            focus("wie viele stunden muss man machen"),
            Some(SectionKey::Hinweise)
        );
    }

    #[test]
    fn when_is_a_deadline_at_a_service_and_where_without_offices_its_procedure() {
        let e = entry_with(&[
            (SectionKey::Fristen, "- Innerhalb von zwei Wochen."),
            (
                SectionKey::Ablauf,
                "1. Antrag bei der Elterngeldstelle stellen.",
            ),
        ]);
        let focus = |q: &str, offices: bool| {
            focus_for(&e, &understand(q), offices, &HashSet::new(), &no_dict())
        };
        assert_eq!(
            focus("wann kann ich das machen", true),
            Some(SectionKey::Fristen)
        );
        assert_eq!(
            focus("wann ist das amt geöffnet", true),
            Some(SectionKey::Oeffnungszeiten)
        );
        assert_eq!(focus("wo beantragen", false), Some(SectionKey::Ablauf));
        assert_eq!(focus("wo beantragen", true), Some(SectionKey::Adresse));
        // "heute" at a service dates the story; with an opening word it
        // asks for the office's hours.
        assert_eq!(focus("tonne heute stehen lassen", true), None);
        assert_eq!(
            focus("heute geöffnet", true),
            Some(SectionKey::Oeffnungszeiten)
        );
    }

    #[test]
    fn an_entry_that_says_when_answers_a_bare_wann_as_a_whole() {
        let mut e = entry_with(&[
            (
                SectionKey::Fristen,
                "- Restmüll: in der Regel alle vierzehn Tage.",
            ),
            (SectionKey::Ablauf, "1. Adresse eingeben."),
        ]);
        let focus =
            |e: &Entry, q: &str| focus_for(e, &understand(q), true, &HashSet::new(), &no_dict());
        assert_eq!(
            focus(&e, "wann kommt die müllabfuhr"),
            Some(SectionKey::Fristen)
        );
        e.title = "Abfuhrkalender: wann wird die Tonne geleert?".into();
        assert_eq!(focus(&e, "wann kommt die müllabfuhr"), None);
        // A deadline asked in so many words still opens the deadlines.
        assert_eq!(
            focus(&e, "bis wann muss ich das melden"),
            Some(SectionKey::Fristen)
        );
    }

    #[test]
    fn the_questions_own_words_choose_among_the_sections() {
        let e = entry_with(&[
            (
                SectionKey::Unterlagen,
                "- Nationalpass und bisheriger Titel",
            ),
            (SectionKey::Kosten, "- Der Antrag ist kostenlos."),
            (
                SectionKey::Ablauf,
                "1. Persönlich erscheinen; eine Vertretung ist nicht möglich.",
            ),
            (
                SectionKey::Hinweise,
                "- EU-Bürger brauchen keinen Titel.\n- Höchstens 1.800 Euro im Monat.",
            ),
        ]);
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        // A bare "braucht" asks for documents, but the question's own
        // words stand in the notes.
        assert_eq!(
            focus("braucht man als eu bürger einen titel"),
            Some(SectionKey::Hinweise)
        );
        assert_eq!(focus("was brauche ich"), Some(SectionKey::Unterlagen));
        // Someone else for the caller: where the entry speaks of it.
        assert_eq!(
            focus("darf meine frau das für mich beantragen"),
            Some(SectionKey::Ablauf)
        );
        // What a benefit pays is not its fee.
        assert_eq!(
            focus("wie viel bekommt man ungefähr"),
            Some(SectionKey::Hinweise)
        );
        assert_eq!(
            focus("wie viel kostet der antrag"),
            Some(SectionKey::Kosten)
        );
        // Without a cue, a yes/no question opens the section that holds
        // one of its words and otherwise none (the summary says whether);
        // a topic alone opens nothing, a detail typed long enough that
        // only one section has ("bürger", stemmed "burg") opens that
        // section.
        assert_eq!(focus("kann mein sohn mit 15 alleine hin"), None);
        assert_eq!(
            focus("kann meine frau das persönlich abholen"),
            Some(SectionKey::Ablauf)
        );
        assert_eq!(focus("titel"), None);
        assert_eq!(focus("titel eu bürger"), Some(SectionKey::Hinweise));
    }

    #[test]
    fn without_offices_wo_opens_the_section_with_the_addresses() {
        let e = entry_with(&[
            (SectionKey::Ablauf, "1. Antrag beim Jobcenter abgeben."),
            (
                SectionKey::Hinweise,
                "- Standorte: Mitte (Universitätsstraße 74a), Wattenscheid.",
            ),
        ]);
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(focus("jobcenter adresse"), Some(SectionKey::Hinweise));
        // No address anywhere: where the entry says where to go.
        let e = entry_with(&[
            (SectionKey::Ablauf, "1. Antrag beim Amt abgeben."),
            (SectionKey::Hinweise, "- Gilt ein Jahr."),
        ]);
        assert_eq!(
            focus_for(
                &e,
                &understand("wo ist das"),
                false,
                &HashSet::new(),
                &no_dict()
            ),
            Some(SectionKey::Ablauf)
        );
    }

    #[test]
    fn how_high_asks_the_amount_where_the_fees_name_none() {
        let e = entry_with(&[
            (SectionKey::Kosten, "- Der Antrag ist kostenlos."),
            (
                SectionKey::Hinweise,
                "- Mindestens 300 und höchstens 1.800 Euro im Monat.",
            ),
        ]);
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(
            focus("wie hoch ist das elterngeld"),
            Some(SectionKey::Hinweise)
        );
        // A fee named stays with the fees.
        assert_eq!(focus("was kostet der antrag"), Some(SectionKey::Kosten));
        // Fees with an amount answer "wie hoch" themselves.
        let e = entry_with(&[
            (SectionKey::Kosten, "- 120 Euro im Jahr."),
            (SectionKey::Hinweise, "- Höchstens 600 Euro."),
        ]);
        assert_eq!(
            focus_for(
                &e,
                &understand("wie hoch ist die steuer"),
                false,
                &HashSet::new(),
                &no_dict()
            ),
            Some(SectionKey::Kosten)
        );
    }

    #[test]
    fn a_compound_head_and_the_entrys_own_request_verb_are_topic() {
        let mut e = entry_with(&[
            (SectionKey::Unterlagen, "- Bisheriger Ausweis"),
            (
                SectionKey::Hinweise,
                "- Gefundene Ausweise nimmt das Bürgerbüro; Urkunden bestellen Sie online.",
            ),
        ]);
        e.title = "Personalausweis oder Urkunde verloren".into();
        e.synonyms = vec!["Urkunde bestellen".into()];
        let focus =
            |e: &Entry, q: &str| focus_for(e, &understand(q), false, &HashSet::new(), &no_dict());
        // "ausweis" is the head of the title's "Personalausweis".
        assert_eq!(focus(&e, "ich hab meinen ausweis verloren"), None);
        assert_eq!(focus(&e, "geburtsurkunde bestellen"), None);
        // Without the verb among the entry's own words it is a detail.
        e.synonyms.clear();
        assert_eq!(
            focus(&e, "geburtsurkunde bestellen"),
            Some(SectionKey::Hinweise)
        );
    }

    #[test]
    fn an_age_named_in_two_sections_opens_the_deadlines() {
        let e = entry_with(&[
            (
                SectionKey::Unterlagen,
                "- Unter 16 Jahren: Eltern kommen mit.",
            ),
            (SectionKey::Fristen, "- Ausweispflicht ab 16 Jahren."),
        ]);
        assert_eq!(
            focus_for(
                &e,
                &understand("ab wie viel jahren muss man einen ausweis haben"),
                false,
                &HashSet::new(),
                &no_dict()
            ),
            Some(SectionKey::Fristen)
        );
    }

    #[test]
    fn whether_a_fee_is_due_in_a_special_case_opens_the_notes() {
        let mut e = entry_with(&[
            (SectionKey::Kosten, "- Erster Hund: 156 Euro im Jahr."),
            (
                SectionKey::Hinweise,
                "- Hund aus dem Tierheim: zwölf Monate befreit.",
            ),
        ]);
        e.title = "Hund anmelden".into();
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(
            focus("hund aus dem tierheim muss ich da steuer zahlen"),
            Some(SectionKey::Hinweise)
        );
        // The fee itself, or a yes/no question without the case, keeps them.
        assert_eq!(focus("was kostet der hund"), Some(SectionKey::Kosten));
        assert_eq!(focus("muss ich steuer zahlen"), Some(SectionKey::Kosten));
    }

    #[test]
    fn a_named_place_is_what_the_entry_calls_it() {
        let mut e = entry_with(&[
            (SectionKey::Unterlagen, "- Personalausweis"),
            (
                SectionKey::Hinweise,
                "- Wer im Ausland ist, wendet sich an die Botschaft.\n\
                 - Bei einem Umzug innerhalb Deutschlands meldet man sich nicht ab.",
            ),
        ]);
        e.title = "Abmelden".into();
        let focus =
            |e: &Entry, q: &str| focus_for(e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(
            focus(&e, "ich bin gerade in spanien, brauche ich einen neuen"),
            Some(SectionKey::Hinweise)
        );
        assert_eq!(
            focus(&e, "ich ziehe nach dortmund, muss ich mich abmelden"),
            Some(SectionKey::Hinweise)
        );
        // An entry whose summary is about abroad has it as its topic.
        e.summary = "Abmelden muss sich, wer ins Ausland zieht.".into();
        assert_eq!(
            focus(&e, "ich bin gerade in spanien, brauche ich einen neuen"),
            None
        );
    }

    #[test]
    fn a_suspended_compound_in_a_section_is_the_whole_word() {
        let mut e = entry_with(&[
            (SectionKey::Kosten, "- Erster Hund: 156 Euro im Jahr."),
            (
                SectionKey::Hinweise,
                "- Befreit sind Blindenführ- und Assistenzhunde.",
            ),
        ]);
        e.title = "Hund anmelden (Hundesteuer)".into();
        let dict = CompoundDictionary::from_texts(["Hund Hunde Assistenzhunde"]);
        let u = understand("blindenführhund bekommen, steuer?");
        assert_eq!(
            focus_for(&e, &u, false, &HashSet::new(), &dict),
            Some(SectionKey::Hinweise)
        );
        // Without knowing the list's head, the text says no such word.
        assert_eq!(focus_for(&e, &u, false, &HashSet::new(), &no_dict()), None);
    }

    #[test]
    fn a_point_in_time_opens_no_section() {
        let e = entry_with(&[
            (
                SectionKey::Kosten,
                "- Vorläufiger Ausweis: 10 Euro, drei Monate gültig.",
            ),
            (SectionKey::Unterlagen, "- Der alte Ausweis"),
        ]);
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(focus("perso läuft nächsten monat ab"), None);
        // The same word as the matter itself still opens its section.
        assert_eq!(focus("perso drei monate"), Some(SectionKey::Kosten));
    }

    #[test]
    fn details_tied_between_sections_open_the_notes() {
        let mut e = entry_with(&[
            (
                SectionKey::Unterlagen,
                "- Bisheriger Ausweis, auch abgelaufen",
            ),
            (SectionKey::Hinweise, "- Wer bettlägerig ist, wird befreit."),
        ]);
        e.title = "Personalausweis".into();
        let focus = |q: &str| focus_for(&e, &understand(q), false, &HashSet::new(), &no_dict());
        assert_eq!(
            focus("oma bettlägerig ausweis abgelaufen"),
            Some(SectionKey::Hinweise)
        );
        assert_eq!(focus("ausweis abgelaufen"), Some(SectionKey::Unterlagen));
    }
}
