//! Adjustments after scoring: an entry named by the query, the office
//! asked where or when open, the section bonus, the priors of services
//! and offices.

use std::collections::HashSet;

use crate::kb::analysis::{is_stop_word, stem};
use crate::kb::index::SearchIndex;
use crate::kb::intent::{Aspect, Understanding, is_participle};
use crate::kb::snippet::Highlights;
use crate::kb::{EntryKind, KnowledgeBase, SectionKey};

use super::plan::Plan;
use super::roles::{in_time_clause, is_negated, names_as_noun};
use super::terms::weight;

/// Most extra score an entry gets when the section the question asks
/// about mentions every topic word ("hundesteuer … zwei hunde" with
/// "wie viel": Hund anmelden's fees speak of two dogs, Hund abmelden's
/// do not).
const SECTION_BONUS: f32 = 0.3;

/// Share of its score a location keeps when the question is not about an
/// office's hours or address. A service answer already shows its offices
/// with their open-now state, so when a service and its office match
/// equally, the service is the more complete answer; "bürgerbüro
/// wattenscheid" still finds the office because no service matches it.
const LOCATION_PRIOR: f32 = 0.8;

/// Share of its score a service keeps when the question asks where or when
/// an office is open: "wo ist das fundbüro" is the office's address, though
/// the service names the office as often.
const SERVICE_PRIOR: f32 = 0.9;

/// Entries whose section for the asked aspect speaks of the topic gain up
/// to [`SECTION_BONUS`]: among entries on the topic, the one that can
/// answer the question comes first. Only body sections count; address and
/// hours are the offices' and handled by the service prior.
pub(super) fn apply_section_bonus(
    kb: &KnowledgeBase,
    index: &SearchIndex,
    plan: &Plan,
    hl: &Highlights,
    focus: Option<SectionKey>,
    ranked: &mut [(String, f32)],
) {
    let Some(key) =
        focus.filter(|k| !matches!(k, SectionKey::Adresse | SectionKey::Oeffnungszeiten))
    else {
        return;
    };
    let topic = plan.topic_mask();
    if topic == 0 {
        return;
    }
    // Each topic group's terms that answer its word in full, looked up in
    // the entries' names below.
    let strong: Vec<(usize, Vec<&str>)> = plan
        .groups
        .iter()
        .take(32)
        .enumerate()
        .filter(|(i, _)| topic & (1 << i) != 0)
        .map(|(i, g)| {
            let terms = g
                .terms
                .iter()
                .filter(|(_, w)| **w >= weight::SYNONYM)
                .map(|(t, _)| t.as_str())
                .collect();
            (i, terms)
        })
        .collect();
    for (id, score) in ranked.iter_mut() {
        let Some(e) = kb.entries.get(id) else {
            continue;
        };
        if !e.sections.iter().any(|s| s.key == key) {
            continue;
        }
        // The entry's own name is the topic of each of its sections: the
        // Bewohnerparkausweis's fees need not repeat "Bewohnerparkausweis"
        // to be about it, while the zones' entry says it in its fees.
        let mut found = index.snippets.section_mask(e, hl, &index.dictionary, key) & topic;
        if found != topic {
            found |= named_mask(kb, &strong, id);
        }
        *score *= 1.0 + SECTION_BONUS * found.count_ones() as f32 / topic.count_ones() as f32;
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// The topic groups (bit set) that one of the entry's names answers in
/// full: the typed word itself, its stem or a synonym standing in the
/// entry's title or synonyms. `strong`: each topic group's index with its
/// terms that answer it in full.
fn named_mask(kb: &KnowledgeBase, strong: &[(usize, Vec<&str>)], id: &str) -> u32 {
    let Some(names) = kb.name_stems(id) else {
        return 0;
    };
    strong
        .iter()
        .filter(|(_, terms)| terms.iter().any(|t| names.contains(*t)))
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// Share an entry gains when the question has all the words of one of its
/// names of several words (a synonym such as "neue Wohnung" or
/// "Klassenfahrt Zuschuss", in any order): the words together name that
/// entry, though each alone is common elsewhere ("wohnung" fills the
/// Wohnberechtigungsschein; "zuschuss" and "wohngeld" the Wohngeld).
const NAME_BONUS: f32 = 0.3;

/// Further share an office called by its own name gains when the question
/// asks where it is or when it is open.
const OFFICE_BONUS: f32 = 1.0;

/// Gives [`NAME_BONUS`] to the entries the question names: by every word of
/// one of their names of several words, or by a title that holds every
/// topic word of the question when there are two or more ("wertstoffhof
/// brandwacht öffnungszeiten" names the Wertstoffhof Brandwacht, though
/// the USB's text says both words as often), or, when the question asks
/// where or when open, an office by one of its names.
pub(super) fn apply_name_bonus(
    kb: &KnowledgeBase,
    u: &Understanding,
    ranked: &mut [(String, f32)],
) {
    let typed: HashSet<String> = u.words.iter().map(|w| stem(w)).collect();
    let common = kb.common_stems();
    let topic: HashSet<String> = u
        .words
        .iter()
        .enumerate()
        .filter(|(i, w)| !u.aspect_words.get(*i).copied().unwrap_or(false) && !is_stop_word(w))
        .map(|(_, w)| stem(w))
        .filter(|s| !is_stop_word(s) && !common.contains(s))
        .collect();
    // Where and when open are the offices' questions: an office called by
    // one of its own names ("wann hat das standesamt geöffnet, ich muss da
    // was abgeben") is the office asked about, though services that send
    // callers there say its name and the caller's errand as well.
    // A word that is one entry's own name and no other's ("sterbeurkunde"
    // of the certificates) names that entry, though the entries around it
    // (the death, the bank's paperwork) say it as often. Not what already
    // happened, which is the caller's story ("nach der hochzeit",
    // "umgezogen").
    let sole_names: HashSet<&str> = u
        .words
        .iter()
        .enumerate()
        .filter(|(i, w)| !u.aspect_words.get(*i).copied().unwrap_or(false) && !is_stop_word(w))
        .filter(|(i, w)| !in_time_clause(&u.words, *i) && !is_participle(w))
        .filter(|(i, _)| !is_negated(&u.words, *i))
        .filter_map(|(_, w)| match kb.named_exactly(w) {
            [one] if names_as_noun(kb, one, w) => Some(one.as_str()),
            [] => match kb.named_by_stem(&stem(w)) {
                [(one, true)] => Some(one.as_str()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    // Going there in person ("kann ich im bürgerbüro weitmar ohne termin
    // vorbeikommen") asks about the office as where and when do.
    let visits = goes_there(&u.words);
    let asks_office = visits
        || matches!(
            u.aspect,
            Some(Aspect::Address | Aspect::Hours | Aspect::When)
        );
    let mut named_any = false;
    for (id, score) in ranked.iter_mut() {
        let office = asks_office
            && kb
                .entries
                .get(id)
                .is_some_and(|e| e.kind == EntryKind::Location)
            && kb
                .name_stems(id)
                .is_some_and(|names| topic.iter().any(|s| names.contains(s)));
        let titled = topic.len() >= 2
            && kb
                .title_stems(id)
                .is_some_and(|title| topic.iter().all(|s| title.contains(s)));
        let named = office
            || sole_names.contains(id.as_str())
            || titled
            || kb
                .named_phrases(id)
                .iter()
                .any(|name| name.iter().all(|s| typed.contains(s)));
        if named {
            *score *= 1.0 + NAME_BONUS;
            named_any = true;
        }
        // Called by a whole name of its own, the office asked where or when
        // open is the answer, though the caller's errand after it
        // ("ich muss da heute noch was abgeben") fills a service's text.
        let called = office
            && (visits || matches!(u.aspect, Some(Aspect::Address | Aspect::Hours)))
            && kb
                .full_names(id)
                .iter()
                .any(|name| name.iter().all(|s| typed.contains(s)));
        if called {
            *score *= 1.0 + OFFICE_BONUS;
        }
    }
    if named_any {
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }
}

/// An entry the query names word for word (its title or a synonym, see
/// [`KnowledgeBase::named_exactly`]) comes first, above an entry that
/// only says the query's words more often, even when the ranking kept too
/// few to hold it; among several so named the ranking decides.
pub(super) fn put_named_first(kb: &KnowledgeBase, query: &str, ranked: &mut Vec<(String, f32)>) {
    let named = kb.named_exactly(query);
    if named.is_empty() {
        return;
    }
    let top = ranked.first().map_or(0.0, |(_, s)| *s);
    for id in named {
        if !ranked.iter().any(|(r, _)| r == id) {
            ranked.push((id.clone(), top));
        }
    }
    // A stable sort keeps the ranking's order within both groups.
    ranked.sort_by_key(|(id, _)| !named.contains(id));
}

/// Words for "the office" a caller uses when they do not know its name
/// and describe it by the errand done there ("das amt, wo man heiratet").
const SOME_OFFICE: &[&str] = &[
    "amt",
    "amter",
    "behorde",
    "dienststelle",
    "buro",
    "stelle",
    "gericht",
    "office",
];

/// A word for an office: one of [`SOME_OFFICE`], or a compound ending in
/// one ("abgabestelle", "familienamt"; an office's own name such as
/// "standesamt" finds that office anyway).
fn is_some_office(w: &str) -> bool {
    SOME_OFFICE.contains(&w)
        || ["amt", "stelle", "buro", "behorde"]
            .iter()
            .any(|end| w.len() > end.len() + 2 && w.ends_with(end))
}

/// Verbs of going to an office in person: "ich will persönlich
/// vorbeikommen", "wo kann ich den antrag persönlich abgeben". Asked where
/// or when open, the caller wants the office, as with a word for one.
const VISIT: &[&str] = &[
    "vorbeikommen",
    "vorbeigehen",
    "vorbeibringen",
    "vorbeischauen",
    "hinbringen",
    "hingehen",
    "hinkommen",
    "einwerfen",
];

/// "In person" and "myself", which make a hand-over a visit ("persönlich
/// abgeben", "selbst hin").
const IN_PERSON: &[&str] = &["personlich", "selbst", "selber"];

/// Whether the question says the caller will go to the office: a verb of
/// going there, or "in person" with a hand-over ("abgeben") or "hin".
fn goes_there(words: &[String]) -> bool {
    let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    has(VISIT) || (has(IN_PERSON) && has(&["abgeben", "abgibt", "hin"]))
}

/// "wo ist das amt, wo man heiratet", "wann hat das amt in querenburg auf,
/// wo man den perso verlängert": asked where or when open, an office
/// described by the errand done there is the office of the service the
/// errand found: its only office, or the one of its offices the question
/// names by a word the others' titles lack. That office comes first; the
/// service follows.
pub(super) fn put_errand_office_first(
    kb: &KnowledgeBase,
    u: &Understanding,
    ranked: &mut Vec<(String, f32)>,
) {
    if !matches!(
        u.aspect,
        Some(Aspect::Address | Aspect::Hours | Aspect::When)
    ) || !(u.words.iter().any(|w| is_some_office(w)) || goes_there(&u.words))
    {
        return;
    }
    let Some(service) = ranked
        .first()
        .and_then(|(id, _)| kb.entries.get(id))
        .filter(|e| e.kind == EntryKind::Service)
    else {
        return;
    };
    let offices: Vec<&String> = service
        .locations
        .iter()
        .filter(|l| kb.entries.contains_key(*l))
        .collect();
    // Words nearly every entry has ("bochum") name no office of several.
    let common = kb.common_stems();
    let typed: HashSet<String> = u
        .words
        .iter()
        .map(|w| stem(w))
        .filter(|s| !common.contains(s))
        .collect();
    let office = match offices.as_slice() {
        [one] => Some((*one).clone()),
        many => {
            // A word of one office's title and of none of the others'
            // ("querenburg"), not their shared "Bürgerbüro".
            let own = |l: &String| {
                kb.title_stems(l).is_some_and(|t| {
                    t.iter().any(|s| {
                        typed.contains(s)
                            && many
                                .iter()
                                .filter(|o| **o != l)
                                .all(|o| kb.title_stems(o).is_none_or(|ot| !ot.contains(s)))
                    })
                })
            };
            match many
                .iter()
                .filter(|l| own(l))
                .collect::<Vec<_>>()
                .as_slice()
            {
                [one] => Some((**one).clone()),
                _ => None,
            }
        }
    };
    let Some(office) = office else {
        return;
    };
    let top = ranked[0].1;
    ranked.retain(|(id, _)| *id != office);
    ranked.insert(0, (office, top));
}

pub(super) fn apply_service_prior(
    kb: &KnowledgeBase,
    ranked: &mut [(String, f32)],
    aspect: Option<Aspect>,
) {
    // Where and when open are the offices' questions: there the service
    // yields to an office named as well as it is.
    let (yields, prior) = match aspect {
        Some(Aspect::Address | Aspect::Hours) => (EntryKind::Service, SERVICE_PRIOR),
        Some(Aspect::When | Aspect::Today) => return,
        _ => (EntryKind::Location, LOCATION_PRIOR),
    };
    for (id, score) in ranked.iter_mut() {
        if kb.entries.get(id).is_some_and(|e| e.kind == yields) {
            *score *= prior;
        }
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
}
