//! From typed words to ranked entries with highlighted snippets.
//!
//! The query is planned into groups, one per word the agent typed (or
//! synonym phrase), each with weighted alternatives: the word itself and
//! its stem, global synonyms, compound parts, prefix completions of the
//! last word, and typo corrections found in the index's own vocabulary.
//! Each group is scored by tantivy (BM25 with field weights) and the
//! groups are combined with a coordination factor, so entries that answer
//! every word of the query come before entries that answer one word loudly.

use std::collections::{HashMap, HashSet};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EnableScoring, FuzzyTermQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument, Term};

use super::analysis::{
    count_of, fold, folded_phrase, is_point_in_time, is_stop_word, number_value, stated_age, stem,
    words,
};
pub use super::analysis::{osa_distance, typo_budget};
use super::index::{FIELD_WEIGHTS, SearchIndex};
use super::intent::{Aspect, Understanding, is_participle, is_question_word};
use super::moving;
use super::snippet::Highlights;
pub use super::snippet::SnippetPart;
use super::synonyms::SynonymMatch;
use super::typos::MAX_DISTANCE;
use super::{Entry, EntryKind, KnowledgeBase, PortalService, SectionKey};

/// Weights of the ways a term can stand for a typed word. Exact beats
/// everything; a synonym is nearly as good; typos are the last resort.
mod weight {
    pub const EXACT: f32 = 1.0;
    pub const INFIX: f32 = 0.9;
    pub const SYNONYM: f32 = 0.85;
    /// Share of their weight another language's words keep as typed when
    /// they mean one German word (`languages.toml`; the meaning weighs
    /// [`SYNONYM`]).
    pub const FOREIGN_TYPED: f32 = 0.6;
    pub const PREFIX: f32 = 0.8;
    pub const PART: f32 = 0.7;
    pub const GENERIC_PART: f32 = 0.35;
    pub const FUZZY1: f32 = 0.55;
    pub const FUZZY2: f32 = 0.35;
}

/// Most alternatives taken from the vocabulary per typed word: enough for
/// prefixes like "anm…", few enough to keep the query small.
const MAX_EXPANSIONS: usize = 16;

/// Most words searched in one query (each is a group of expansions); the
/// 200 characters kept bound the rest.
const MAX_GROUPS: usize = 12;

/// Share of the weaker alternatives of a word in its score (dis-max tie
/// breaker): the best reading of the word counts, the others barely.
const ALTERNATIVE_TIE: f32 = 0.5;

/// A compound part is its generic part when it occurs in at least this
/// many times as many entries as the compound's rarest part: "ausweis"
/// (41 entries) of "büchereiausweis" ("bücherei": 4), "antrag" of
/// "führerscheinantrag"; not "haus" (38) of "hausgeburt" ("geburt": 29).
const GENERIC_RATIO: u64 = 2;

/// Share of a word's coverage that an entry matching only the generic
/// part of the typed compound gets: "büchereiausweis für kinder" must not
/// count as fully answered by the Kinderreisepass because its title says
/// "Ausweis".
const GENERIC_COVER: f32 = 0.25;

/// Share of a word's coverage that an entry matching only parts of a
/// typed compound gets when the knowledge base knows the whole compound:
/// "bürgergeld" is the Bürgergeld's word, and the Elterngeld, which
/// shares only its "geld", answers it in part.
const PART_COVER: f32 = 0.5;

/// Share of a word's coverage that an entry matching only a correction
/// two edits away gets: such a correction of a long word is a guess, and
/// as often another word ("schwester", which no entry has, is two edits
/// from "schwerer"): the Krankentransport must not count as answering
/// the sister in "darf meine schwester die sterbeurkunde bestellen".
const DISTANT_COVER: f32 = 0.5;

/// How many candidates each group contributes before combining.
const GROUP_DEPTH: usize = 100;

/// Weight of a word that says what the caller wants to know about the
/// topic ("mitbringen", "kostet", "frist"): enough to prefer, among
/// entries on the topic, the one that speaks of it; too little to carry
/// an entry that matches only it. See [`super::intent`]. A word nearly
/// every entry has ("bochum" in "register a car in bochum", see
/// `KnowledgeBase::common_stems`) weighs the same: the one entry on the
/// topic that happens not to say "Bochum" must not lose by it.
const ASPECT_WEIGHT: f32 = 0.3;

/// Words for "an office" callers use for whichever office they mean
/// ("wattenscheid amt öffnungszeiten"): like a word nearly every entry
/// has, they weigh as an aspect word, or the one entry whose text says
/// "Amt für Bürgerservice" outranks the office the other words name. So
/// do the words for whom an office serves ("sprechzeiten für bürger"),
/// or the Bürgerbüros' texts outrank the office asked about. "Stadt" is
/// the city as an office ("wie melden wir das bei der stadt"): the
/// entries saying "nicht die Stadt" outranked the birth's registration.
const OFFICE_WORDS: &[&str] = &[
    "amt",
    "amter",
    "behorde",
    "behorden",
    "dienststelle",
    "stadt",
    "burger",
    "burgerin",
    "burgerinnen",
    "burgern",
];

/// Adjectives that say which one of the thing named, not what it is:
/// "heiratsurkunde verloren, neue" asks for the certificate, and the
/// lost ID card's many "neuen" must not outweigh it; "das nächste amt"
/// is the nearest office, not the passport whose synonym says "nächste
/// Woche"; "mein erstes auto" is a car, not the Erstwohnsitz. They weigh
/// as an aspect word.
const QUALIFIERS: &[&str] = &[
    "neu", "neue", "neuen", "neuer", "neues", "neuem", "nachste", "nachsten", "nachster",
    "nachstes", "nachstem", "erste", "erstes", "ersten", "erster", "erstem",
];

/// The people of the caller's story ("meine mutter muss zur dialyse",
/// "mein kollege aus syrien"): who, not what. They weigh as an aspect
/// word, or "Mutter" finds the Unterhaltsvorschuss and "Vater" the
/// Vaterschaft whatever the matter. Not a son or daughter: a child is
/// what the children's entries are about ("tochter 3 jahre pass").
const PERSONS: &[&str] = &[
    "mutter",
    "vater",
    "mann",
    "frau",
    "ehemann",
    "ehefrau",
    "oma",
    "opa",
    "nachbar",
    "nachbarin",
    "kollege",
    "kollegin",
    "freund",
    "freundin",
    "schwester",
    "bruder",
    "eltern",
    "schwiegermutter",
    "schwiegervater",
];

/// Verbs of wanting something from the caller: the word before them is
/// who wants it ("die rentenkasse will ein papier", "mein arbeitgeber
/// verlangt"), not what the caller asks about.
const WANTS: &[&str] = &[
    "will",
    "wollen",
    "mochte",
    "mochten",
    "verlangt",
    "verlangen",
    "fordert",
    "fordern",
];

/// Whether the word at `i` is the subject right before a verb of wanting
/// ([`WANTS`]): the bank, the employer, the Jobcenter of the caller's
/// story. Only a noun after its article or possessive with no preposition
/// before it ("nach der scheidung will ich" is a time), and not where a
/// pronoun follows the verb (then the verb came second and its subject
/// is the pronoun).
fn is_who_wants(words: &[String], i: usize) -> bool {
    const DETERMINERS: &[&str] = &[
        "der", "die", "das", "mein", "meine", "unser", "unsere", "sein", "seine", "ihr", "ihre",
    ];
    const PRONOUNS: &[&str] = &["ich", "wir", "er", "sie", "man"];
    let at = |j: usize| words.get(j).map(String::as_str);
    at(i + 1).is_some_and(|v| WANTS.contains(&v))
        && !at(i + 2).is_some_and(|p| PRONOUNS.contains(&p))
        && !is_stop_word(&words[i])
        && i.checked_sub(1)
            .and_then(at)
            .is_some_and(|d| DETERMINERS.contains(&d))
        && !i
            .checked_sub(2)
            .and_then(at)
            .is_some_and(|p| PHRASE_PREPOSITIONS.contains(&p))
}

/// Prepositions that put a noun phrase in a clause of its own ("nach der
/// scheidung", "bei der bank").
const PHRASE_PREPOSITIONS: &[&str] = &[
    "nach", "vor", "seit", "bei", "mit", "von", "vom", "zu", "zur", "zum", "in", "an", "auf",
    "fur", "uber", "unter", "aus", "wegen", "ohne", "durch", "gegen",
];

/// "vier monate alt", "6 wochen alt": an age told in months or weeks is a
/// baby's, so a child's (the word at `i` is the month or week).
fn is_infant_age(words: &[String], i: usize) -> bool {
    const UNITS: &[&str] = &["monat", "monate", "woche", "wochen", "tage"];
    UNITS.contains(&words[i].as_str())
        && i.checked_sub(1)
            .and_then(|j| words.get(j))
            .is_some_and(|n| count_of(n).is_some())
        && words.get(i + 1).is_some_and(|a| a == "alt")
}

/// Countries and places abroad callers name, folded. The entries do not
/// list countries; they say "Ausland".
const COUNTRIES: &[&str] = &[
    "afghanistan",
    "agypten",
    "albanien",
    "algerien",
    "amerika",
    "belgien",
    "bosnien",
    "brasilien",
    "bulgarien",
    "china",
    "danemark",
    "england",
    "eritrea",
    "frankreich",
    "ghana",
    "griechenland",
    "grossbritannien",
    "holland",
    "indien",
    "irak",
    "iran",
    "italien",
    "japan",
    "kanada",
    "kasachstan",
    "kosovo",
    "kroatien",
    "libanon",
    "mallorca",
    "marokko",
    "mazedonien",
    "niederlande",
    "nigeria",
    "osterreich",
    "pakistan",
    "polen",
    "portugal",
    "rumanien",
    "russland",
    "schweden",
    "schweiz",
    "serbien",
    "spanien",
    "syrien",
    "thailand",
    "tschechien",
    "tunesien",
    "turkei",
    "ukraine",
    "ungarn",
    "usa",
    "vietnam",
];

/// Weight of a word in a time clause ("nach der Hochzeit", "seit dem
/// Umzug"): it says when the caller's matter arose, the words before or
/// after it what the matter is. "doppelname nach der hochzeit" asks about
/// the name, not the wedding.
const CIRCUMSTANCE_WEIGHT: f32 = 0.6;

/// Whether the word at `i` follows a temporal preposition and an article
/// ("nach der", "vor dem", "seit meiner"), or is part of a point in time
/// ([`is_point_in_time`]). Without the article the preposition more often
/// names a place or goal ("umzug nach bochum").
fn in_time_clause(words: &[String], i: usize) -> bool {
    const PREPOSITIONS: &[&str] = &["nach", "vor", "seit"];
    const ARTICLES: &[&str] = &[
        "der", "dem", "den", "einer", "einem", "meiner", "meinem", "unserer", "unserem",
    ];
    (i >= 2
        && ARTICLES.contains(&words[i - 1].as_str())
        && PREPOSITIONS.contains(&words[i - 2].as_str()))
        || is_point_in_time(words, i)
}

/// Whether the word at `i` says what an appointment the caller wants to
/// cancel or move is for: "termin fürs ausweis machen … wie absagen",
/// "termin für meinen pass verschieben". The appointment is the matter;
/// the passport only its purpose, or the Personalausweis's many "Termin"
/// outweigh the Termin entry. Without a word for cancelling or moving,
/// "was muss ich zum termin für den reisepass mitbringen" is the passport's.
fn is_appointment_purpose(words: &[String], i: usize) -> bool {
    const CHANGE: &[&str] = &["absag", "abzusag", "storn", "verschieb", "umbuch"];
    const FOR: &[&str] = &["fur", "furs", "zum", "zur"];
    let changes = words
        .iter()
        .any(|w| CHANGE.iter().any(|c| w.starts_with(c)));
    if !changes || i == 0 {
        return false;
    }
    // "termin" then "für/zum" within the three words before `i`.
    let from = i.saturating_sub(3);
    let appointment = (from..i).find(|&k| words[k].starts_with("termin"));
    appointment.is_some_and(|t| (t + 1..i).any(|k| FOR.contains(&words[k].as_str())))
}

/// Whether the word at `i` is what the caller already has, and so not
/// what they need: "wir fliegen nach amerika, ich hab nur den perso" needs
/// the Reisepass. "nur" after a form of "haben", then the word (after an
/// article or a possessive at most).
fn is_only_had(words: &[String], i: usize) -> bool {
    const HAVE: &[&str] = &["hab", "habe", "haben", "hat", "hast", "habt"];
    const ARTICLES: &[&str] = &[
        "den", "die", "das", "einen", "eine", "ein", "meinen", "meine", "mein", "seinen", "seine",
        "ihren", "ihre",
    ];
    let nur = match i {
        0 => return false,
        _ if words[i - 1] == "nur" => i - 1,
        _ if i >= 2 && words[i - 2] == "nur" && ARTICLES.contains(&words[i - 1].as_str()) => i - 2,
        _ => return false,
    };
    nur >= 1 && (nur.saturating_sub(2)..nur).any(|k| HAVE.contains(&words[k].as_str()))
}

/// Whether the entry `id` has the folded word `w` as a name written as a
/// noun (capitalised: "Sterbeurkunde", "Hochzeit"). A verb among the names
/// ("abmelden", "heiraten") is what the caller does, which other entries'
/// matters involve too ("die alte wohnung abmelden" is a move in town).
fn names_as_noun(kb: &KnowledgeBase, id: &str, w: &str) -> bool {
    kb.entries.get(id).is_some_and(|e| {
        let head = super::title_head(&e.title);
        std::iter::once(&e.title)
            .chain(&head)
            .chain(&e.synonyms)
            .any(|n| n.starts_with(char::is_uppercase) && folded_phrase(n) == w)
    })
}

/// Whether the word at `i` is what the caller does not do or have: "ohne
/// zu heiraten", "nicht verheiratet", "keine Geburtsurkunde".
fn is_negated(words: &[String], i: usize) -> bool {
    let before = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| words.get(j))
            .map(String::as_str)
    };
    matches!(
        before(1),
        Some("nicht" | "ohne" | "kein" | "keine" | "keinen")
    ) || (before(1) == Some("zu") && before(2) == Some("ohne"))
}

/// Most extra score an entry gets when the section the question asks
/// about mentions every topic word ("hundesteuer … zwei hunde" with
/// "wie viel": Hund anmelden's fees speak of two dogs, Hund abmelden's
/// do not).
const SECTION_BONUS: f32 = 0.3;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Entry id.
    pub id: String,
    /// Service or location.
    pub kind: EntryKind,
    /// Title.
    pub title: String,
    /// Read-aloud summary.
    pub summary: String,
    /// The best matching line with highlights.
    pub snippet: Vec<SnippetPart>,
    /// Relevance score (higher is better; only comparable within a query).
    pub score: f32,
    /// The portal service, if any.
    pub portal_service: Option<PortalService>,
}

/// One typed word (or synonym phrase) and the terms that may stand for it.
#[derive(Debug, Clone)]
struct Group {
    /// term → weight (max over the ways it was reached).
    terms: HashMap<String, f32>,
    /// 1 for a topic word, [`ASPECT_WEIGHT`] for an aspect word.
    weight: f32,
    /// Terms that stand for the generic part of a typed compound only
    /// (with its stem and synonyms): an entry matching nothing else of the
    /// word covers it only by [`GENERIC_COVER`].
    generic: Vec<String>,
    /// Terms that stand for only part of the word: the other parts of a
    /// compound the knowledge base knows whole, and the words of a synonym
    /// phrase one by one. An entry matching nothing else of the word covers
    /// it only by [`PART_COVER`].
    parts: Vec<String>,
    /// Corrections two edits away of a word the index does not know: an
    /// entry matching nothing else of the word covers it only by
    /// [`DISTANT_COVER`].
    distant: Vec<String>,
}

impl Default for Group {
    fn default() -> Self {
        Self {
            terms: HashMap::new(),
            weight: 1.0,
            generic: Vec::new(),
            parts: Vec::new(),
            distant: Vec::new(),
        }
    }
}

impl Group {
    /// A topic word, not an aspect word or a circumstance.
    fn is_topic(&self) -> bool {
        self.weight >= 1.0
    }

    fn add(&mut self, term: impl Into<String>, w: f32) {
        let e = self.terms.entry(term.into()).or_insert(0.0);
        if w > *e {
            *e = w;
        }
    }
}

/// Separable prefixes that take "zu" in infinitives: "anzumelden".
const SEPARABLE: &[&str] = &[
    "ab", "an", "auf", "aus", "bei", "ein", "fest", "her", "hin", "los", "mit", "nach", "um",
    "vor", "weg", "zu", "zuruck", "zusammen",
];

/// The query plan: groups of weighted alternatives, and what the query
/// asks about its topic.
#[derive(Debug, Default)]
struct Plan {
    groups: Vec<Group>,
    understanding: Understanding,
}

impl Plan {
    /// Bit set of the topic groups (not aspect words), as in [`Highlights`].
    fn topic_mask(&self) -> u32 {
        self.groups
            .iter()
            .take(32)
            .enumerate()
            .filter(|(_, g)| g.is_topic())
            .fold(0, |m, (i, _)| m | 1 << i)
    }
}

/// Searches the knowledge base. Never fails: any text gives results or
/// none; index errors are logged and yield no results. (`Desk::search`
/// goes further: it falls back to an index in memory.)
pub fn search(
    kb: &KnowledgeBase,
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> Vec<SearchHit> {
    try_search(kb, index, query, limit).unwrap_or_else(|e| {
        tracing::error!(error = %e, "search failed");
        Vec::new()
    })
}

/// [`search`], with tantivy's errors returned, so the caller can tell a
/// failing index from a query that matches nothing.
pub fn try_search(
    kb: &KnowledgeBase,
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> tantivy::Result<Vec<SearchHit>> {
    let limit = limit.clamp(1, 100);
    let plan = plan(kb, index, query);
    if plan.groups.is_empty() {
        return Ok(Vec::new());
    }
    // Rank a few more than asked, so the priors below can reorder.
    let mut ranked = rank(index, &plan, limit * 2)?;
    let hl = Highlights::new(
        plan.groups
            .iter()
            .map(|g| g.terms.keys().map(String::as_str)),
    );
    let focus = plan.understanding.aspect.and_then(Aspect::section);
    apply_section_bonus(kb, index, &plan, &hl, focus, &mut ranked);
    apply_name_bonus(kb, &plan.understanding, &mut ranked);
    apply_service_prior(kb, &mut ranked, plan.understanding.aspect);
    put_errand_office_first(kb, &plan.understanding, &mut ranked);
    put_named_first(kb, query, &mut ranked);
    ranked.truncate(limit);
    Ok(ranked
        .into_iter()
        .filter_map(|(id, score)| {
            let e = kb.entries.get(&id)?;
            Some(SearchHit {
                id: e.id.clone(),
                kind: e.kind,
                title: e.title.clone(),
                summary: e.summary.clone(),
                snippet: index.snippets.snippet(e, &hl, &index.dictionary, focus),
                score,
                portal_service: e.portal_service,
            })
        })
        .collect())
}

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
fn apply_section_bonus(
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
fn apply_name_bonus(kb: &KnowledgeBase, u: &Understanding, ranked: &mut [(String, f32)]) {
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
    let asks_office = matches!(
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
            && matches!(u.aspect, Some(Aspect::Address | Aspect::Hours))
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
fn put_named_first(kb: &KnowledgeBase, query: &str, ranked: &mut Vec<(String, f32)>) {
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

/// "wo ist das amt, wo man heiratet", "wann hat das amt in querenburg auf,
/// wo man den perso verlängert": asked where or when open, an office
/// described by the errand done there is the office of the service the
/// errand found: its only office, or the one of its offices the question
/// names by a word the others' titles lack. That office comes first; the
/// service follows.
fn put_errand_office_first(kb: &KnowledgeBase, u: &Understanding, ranked: &mut Vec<(String, f32)>) {
    if !matches!(
        u.aspect,
        Some(Aspect::Address | Aspect::Hours | Aspect::When)
    ) || !u.words.iter().any(|w| is_some_office(w))
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
    let typed: HashSet<String> = u.words.iter().map(|w| stem(w)).collect();
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

fn apply_service_prior(kb: &KnowledgeBase, ranked: &mut [(String, f32)], aspect: Option<Aspect>) {
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

/// The query plan as editors can read it. Behind `auskunft search
/// --explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The agents' abbreviations read in the query.
    pub abbreviations: Vec<super::Expansion>,
    /// The aspect the query asks about, if any.
    pub aspect: Option<Aspect>,
    /// The phrases taken as aspect words, with their aspect.
    pub cues: Vec<(String, Aspect)>,
    /// One per typed word (or synonym phrase): its weight in ranking and
    /// the terms searched for it with their weights, best first.
    pub groups: Vec<(f32, Vec<(String, f32)>)>,
}

/// Explains how `query` is searched.
pub fn explain(kb: &KnowledgeBase, index: &SearchIndex, query: &str) -> Explanation {
    let plan = plan(kb, index, query);
    Explanation {
        abbreviations: kb.abbreviations.found(query),
        aspect: plan.understanding.aspect,
        cues: plan.understanding.cues,
        groups: plan
            .groups
            .into_iter()
            .map(|g| {
                let mut terms: Vec<(String, f32)> = g.terms.into_iter().collect();
                terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                (g.weight, terms)
            })
            .collect(),
    }
}

fn plan(kb: &KnowledgeBase, index: &SearchIndex, query: &str) -> Plan {
    // Bound the work on pasted novels: agents type a few words.
    let query: String = query.chars().take(200).collect();
    // "bb wat öffnz": agents' short forms are read as what they stand for.
    let query = kb.abbreviations.expand(&query).into_owned();
    let typing = !query.ends_with(char::is_whitespace);
    // Callers tell a story before the topic ("ich bin in essen geboren,
    // wohne aber in bochum, wo bekomme ich die geburtsurkunde"): stop
    // words cost nothing, so the bound is on the words searched.
    let all: Vec<String> = words(&query).map(|w| fold(w.text)).collect();
    // A slip with one close correction ("ummeldng" → "ummeldung") brings
    // that word's synonyms too, as the typed word would.
    let corrected: Vec<String> = all
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let typing_it = typing && k + 1 == all.len();
            (!typing_it)
                .then(|| sole_correction(index, w))
                .flatten()
                .unwrap_or_else(|| w.clone())
        })
        .collect();
    let synonyms = {
        let mut found = kb.synonyms.find(&all);
        let overlaps = |m: &SynonymMatch, found: &[SynonymMatch]| {
            found
                .iter()
                .any(|f| m.start < f.start + f.len && f.start < m.start + m.len)
        };
        // Only where the typed words matched nothing: another language's
        // words ("passport") are no German slips.
        let extra: Vec<SynonymMatch> = kb
            .synonyms
            .find(&corrected)
            .into_iter()
            .filter(|m| {
                !m.foreign
                    && (m.start..m.start + m.len).any(|k| corrected[k] != all[k])
                    && !overlaps(m, &found)
            })
            .collect();
        found.extend(extra);
        found.sort_by_key(|m| m.start);
        found
    };
    // "von herne nach bochum": the direction of a move says which
    // registration; the places are not searched.
    let moved = moving::read(&all);
    let mut plan = Plan {
        understanding: kb.understand(&query),
        ..Plan::default()
    };
    // A word (or synonym phrase) counts as an aspect word when all its
    // words were taken as aspect words.
    let aspect_words = plan.understanding.aspect_words.clone();
    let common = kb.common_stems();
    let weight_of = |from: usize, len: usize| {
        let all_aspect = (from..from + len).all(|i| aspect_words.get(i).copied().unwrap_or(false));
        let all_common = (from..from + len).all(|i| {
            all.get(i).is_some_and(|w| {
                common.contains(&stem(w))
                    || OFFICE_WORDS.contains(&w.as_str())
                    || (len == 1 && QUALIFIERS.contains(&w.as_str()))
                    || (len == 1 && PERSONS.contains(&w.as_str()))
            })
        });
        let wants = len == 1 && is_who_wants(&all, from);
        if all_aspect || all_common || wants {
            ASPECT_WEIGHT
        } else if in_time_clause(&all, from)
            || is_appointment_purpose(&all, from)
            || is_only_had(&all, from)
        {
            CIRCUMSTANCE_WEIGHT
        } else {
            1.0
        }
    };
    // Particles a separable verb left at its clause's end: the note's last
    // word ("wandere nach kanada aus") or one before a question word ("ich
    // gebe mein geschäft auf wo muss ich das melden").
    let clause_particles: Vec<usize> = (0..all.len())
        .filter(|&k| SEPARABLE.contains(&all[k].as_str()))
        .filter(|&k| {
            (k + 1 == all.len() && all.len() > 2)
                || all.get(k + 1).is_some_and(|n| is_question_word(n))
        })
        .collect();
    let mut i = 0;
    while i < all.len() && plan.groups.len() < MAX_GROUPS {
        let is_last = i + 1 == all.len();
        // A one-word synonym that makes a known compound with the next
        // word is that compound's start: "ausweis app" is the AusweisApp,
        // not any Ausweis.
        let starts_compound =
            |m: &&SynonymMatch| m.len == 1 && joined_compound(&all, i, &synonyms, index).is_some();
        // A phrase of the move the query tells ("nach bochum gezogen") is
        // the move's direction, searched once below: counted again as a
        // phrase it outweighed what the caller asks about the move ("…,
        // brauche ich ein neues kennzeichen fürs auto").
        let tells_the_move = |m: &&SynonymMatch| {
            moved.as_ref().is_some_and(|mv| {
                (m.start..m.start + m.len)
                    .filter(|&k| !is_stop_word(&all[k]))
                    .all(|k| mv.covered.contains(&k))
            })
        };
        if let Some(m) = synonyms
            .iter()
            .find(|m| m.start == i)
            .filter(|m| !starts_compound(m) && !tells_the_move(m))
        {
            // A phrase counts as the words it stands for: "gewerbe
            // anmelden" is two topic words, not one, or "ich fang nächsten
            // monat an" outweighs it with three stray words.
            let mut words_in_phrase = all[i..i + m.len]
                .iter()
                .filter(|w| !is_stop_word(w))
                .count()
                .max(1);
            // Another language's phrase counts as the German words it
            // means: "id card" is one word, "personalausweis", or it
            // outweighs "lost" and the typed "id" finds the Steuer-ID.
            // The content words of each meaning, counted once for both
            // rules of another language's phrase.
            let meanings: Vec<usize> = m
                .alternatives
                .iter()
                .map(|a| a.iter().filter(|w| !is_stop_word(w)).count())
                .collect();
            if m.foreign {
                let meant = meanings.iter().copied().max().unwrap_or(1);
                words_in_phrase = words_in_phrase.min(meant.max(1));
            }
            let mut g = Group {
                weight: weight_of(i, m.len) * words_in_phrase as f32,
                ..Group::default()
            };
            // Another language's words are searched as typed too, but below
            // what they mean: the typed "id" of "id card" would otherwise
            // find the Steuer-ID by its title before the Personalausweis.
            let mut typed = Group::default();
            for w in &all[i..i + m.len] {
                if !is_stop_word(w) {
                    add_word(&mut typed, w, index, is_last && typing && m.len == 1);
                }
            }
            // Only where the meaning is one whole word: a meaning of
            // several words ("steuer-id") weighs each part less than the
            // typed words, and those stay as they are.
            let scale = if m.foreign && meanings.contains(&1) {
                weight::FOREIGN_TYPED
            } else {
                1.0
            };
            for (term, w) in typed.terms {
                g.add(term, w * scale);
            }
            for alt in &m.alternatives {
                // One word of a longer alternative is only part of it:
                // "straße" alone from "loch in der straße" must not find
                // every street.
                let content: Vec<&String> = alt.iter().filter(|w| !is_stop_word(w)).collect();
                // A synonym that is the typed compound's own head ("pass"
                // for "reisepass") is broader than what was typed: it
                // counts as the compound's generic part, or "reisepass für
                // erwachsene" finds the library card's "Bochum-Pass".
                if let [one] = content.as_slice()
                    && is_head_of(one, &all[i..i + m.len])
                {
                    g.add((*one).clone(), weight::GENERIC_PART);
                    g.add(stem(one), weight::GENERIC_PART);
                    g.generic.extend([(*one).clone(), stem(one)]);
                    continue;
                }
                let w_alt = weight::SYNONYM / content.len().max(1) as f32;
                // (Not for another language's words: their German meaning
                // of several words is the translation itself.)
                let several = content.len() > 1 && !m.foreign;
                for w in content {
                    g.add(w.clone(), w_alt);
                    g.add(stem(w), w_alt);
                    // An entry with one word of it answers the phrase in
                    // part: "polizei" of "polizeiliches Führungszeugnis".
                    if several {
                        g.parts.extend([w.clone(), stem(w)]);
                    }
                }
            }
            if m.len == 1
                && let Some(joined) = purpose_compound(&all, i, index)
            {
                g.add(stem(&joined), weight::INFIX);
                g.add(joined, weight::INFIX);
            }
            if !g.terms.is_empty() {
                plan.groups.push(g);
            }
            i += m.len;
            continue;
        }
        let w = &all[i];
        i += 1;
        if is_stop_word(w) {
            // A verb too common to search ("mache") with its particle at
            // the clause's end is the entries' verb: "mache den laden zu"
            // is "zumachen".
            // Only a verb's form: "an … der" must not make "ander".
            let verb_like = w.chars().count() >= 4 && (w.ends_with('e') || w.ends_with('t'));
            let joined = clause_particles
                .iter()
                .find(|&&k| k >= i)
                .filter(|_| verb_like)
                .map_or_else(Vec::new, |&k| separable_forms(&all[k], w, index));
            if !joined.is_empty() {
                let mut g = Group {
                    weight: weight_of(i - 1, 1),
                    ..Group::default()
                };
                for t in joined {
                    g.add(t, weight::INFIX);
                }
                plan.groups.push(g);
            }
            continue;
        }
        if moved.as_ref().is_some_and(|m| m.covered.contains(&(i - 1))) {
            continue;
        }
        if let Some(g) = split_compound(&all, i - 1, &synonyms, index, kb) {
            let mut g = g;
            g.weight *= weight_of(i - 1, 2);
            plan.groups.push(g);
            i += 1;
            continue;
        }
        let mut g = Group {
            weight: weight_of(i - 1, 1),
            ..Group::default()
        };
        add_word(&mut g, w, index, is_last && typing);
        // "unsere dreijährige", "für den 2 jährigen": a young age is a
        // child, as the entries say.
        let before = (i >= 2).then(|| all[i - 2].as_str());
        if stated_age(w, before).is_some_and(|age| age < CHILD_UNTIL) || is_infant_age(&all, i - 1)
        {
            g.add("kind", weight::SYNONYM);
        }
        // "nach mallorca", "aus syrien", "in polen gekauft": a country is
        // abroad, which is what the entries say ("im Ausland verloren",
        // "Auto aus dem Ausland").
        if COUNTRIES.contains(&w.as_str()) {
            g.add("ausland", weight::PART);
        }
        // The particle a separable verb left at its clause's end ("wandere
        // nach kanada aus"), or right after it ("wandere aus nach
        // spanien"): with it the verb is the entries' word ("auswandern").
        let next = all
            .get(i)
            .map(String::as_str)
            .filter(|p| SEPARABLE.contains(p));
        let particle = clause_particles
            .iter()
            .find(|&&k| k > i)
            .map(|&k| all[k].as_str());
        for p in particle.into_iter().chain(next) {
            for joined in separable_forms(p, w, index) {
                g.add(joined, weight::INFIX);
            }
        }
        // "ausweis fürs parken" is the Parkausweis, "steuer für den hund"
        // the Hundesteuer: German says a thing's purpose by a compound
        // that the caller may say with "für".
        if let Some(joined) = purpose_compound(&all, i - 1, index) {
            g.add(stem(&joined), weight::INFIX);
            g.add(joined, weight::INFIX);
        }
        add_parts(&mut g, w, index, kb);
        plan.groups.push(g);
    }
    if let Some(g) = implied_residence(&all) {
        plan.groups.push(g);
    }
    if let Some(g) = addressed_centre(&all, plan.understanding.aspect) {
        plan.groups.push(g);
    }
    if let Some(m) = moved {
        let mut g = Group {
            weight: MOVE_WEIGHT,
            ..Group::default()
        };
        for t in m.direction.terms() {
            g.add(*t, weight::EXACT);
        }
        plan.groups.push(g);
    }
    plan
}

/// Whether `alt` is the head of the one typed word: "pass" of "reisepass"
/// (a strictly shorter end of it, long enough to be a word).
fn is_head_of(alt: &str, typed: &[String]) -> bool {
    match typed {
        [w] => alt.len() >= 4 && w.len() > alt.len() && w.ends_with(alt),
        _ => false,
    }
}

/// A compound typed as two words ("rasen mähen", "personal ausweis",
/// "kita platz", "zulassung stelle"): when the two words written together
/// (with or without a linking "s") are a word of the knowledge base, they
/// are searched as one group of two words' weight, the compound in full
/// and each word as a part of it, so "rasen" alone (or "raten" by a typo)
/// no longer outweighs the entry that has the whole "Rasenmähen".
fn split_compound(
    all: &[String],
    at: usize,
    synonyms: &[SynonymMatch],
    index: &SearchIndex,
    kb: &KnowledgeBase,
) -> Option<Group> {
    let joined = joined_compound(all, at, synonyms, index)?;
    let (first, second) = (&all[at], &all[at + 1]);
    let mut g = Group {
        weight: 2.0,
        ..Group::default()
    };
    g.add(stem(&joined), weight::EXACT);
    g.add(joined, weight::EXACT);
    for word in [first, second] {
        let mut part = Group::default();
        add_word(&mut part, word, index, false);
        add_parts(&mut part, word, index, kb);
        for (term, w) in part.terms {
            g.add(term, w * weight::PART);
        }
    }
    Some(g)
}

/// The known compound that words `at` and `at + 1` make written together,
/// if they do: the cheap test of [`split_compound`].
fn joined_compound(
    all: &[String],
    at: usize,
    synonyms: &[SynonymMatch],
    index: &SearchIndex,
) -> Option<String> {
    let (first, second) = (all.get(at)?, all.get(at + 1)?);
    if is_stop_word(second)
        || synonyms.iter().any(|m| m.start == at + 1)
        || first.chars().count() < 3
        || second.chars().count() < 3
    {
        return None;
    }
    // With the linking "s" too: "zulassung stelle" is the
    // "Zulassungsstelle", "geburt urkunde" the "Geburtsurkunde".
    let searcher = index.searcher();
    [format!("{first}{second}"), format!("{first}s{second}")]
        .into_iter()
        .find(|j| doc_freq(&searcher, index, j) > 0)
}

/// Words between "für" and the purpose it names ("für den hund", "fürs
/// kind" has none): articles and possessives.
const PURPOSE_FILLERS: &[&str] = &[
    "den", "die", "das", "dem", "der", "einen", "eine", "ein", "meinen", "meine", "mein",
    "unseren", "unsere", "unser", "seinen", "seine", "ihren", "ihre",
];

/// The known compound of the purpose after "für" and the word `at` before
/// it: "ausweis fürs parken" → "parkausweis", "steuer für den hund" →
/// "hundesteuer", "platz für die kita" → "kitaplatz". The purpose joins
/// as written, as its stem, or with a linking "s", "e" or "n".
fn purpose_compound(all: &[String], at: usize, index: &SearchIndex) -> Option<String> {
    let head = all.get(at)?;
    if !matches!(String::as_str(all.get(at + 1)?), "fur" | "furs") || head.chars().count() < 4 {
        return None;
    }
    let purpose: &String = all
        .get(at + 2..)?
        .iter()
        .find(|w| !PURPOSE_FILLERS.contains(&String::as_str(w)))?;
    if is_stop_word(purpose) || purpose.chars().count() < 3 {
        return None;
    }
    let base = stem(purpose);
    let searcher = index.searcher();
    [
        format!("{purpose}{head}"),
        format!("{base}{head}"),
        format!("{purpose}s{head}"),
        format!("{base}s{head}"),
        format!("{base}e{head}"),
        format!("{purpose}n{head}"),
    ]
    .into_iter()
    .find(|j| doc_freq(&searcher, index, j) > 0 || doc_freq(&searcher, index, &stem(j)) > 0)
}

/// The age from which a stated age no longer means a child: 14, the
/// age of criminal responsibility and of the last child-only services.
const CHILD_UNTIL: u32 = 14;

/// Weight of the registration a move's direction implies
/// ([`moving::read`]): a typed word's, since it stands for the moving word
/// it replaces.
const MOVE_WEIGHT: f32 = 1.0;

/// Weight of the residence implied by a reflexive registration verb: half
/// a typed word, so a named object ("gewerbe", "hund") still decides.
const IMPLIED_WEIGHT: f32 = 0.5;

/// "ich muss mich ummelden": in German a person who registers *themself*
/// (reflexive pronoun with an/ab/ummelden) registers their residence, so
/// the query also looks for "Wohnsitz", or "kann ich mich online
/// ummelden" lands on the business re-registration, whose title has the
/// verb too.
fn implied_residence(words: &[String]) -> Option<Group> {
    const SELF: &[&str] = &["mich", "uns", "sich"];
    const REGISTER: &[&str] = &[
        "anmeld", "abmeld", "ummeld", "anzumeld", "abzumeld", "umzumeld",
    ];
    let reflexive = words.iter().any(|w| SELF.contains(&w.as_str()));
    let registers = words
        .iter()
        .any(|w| REGISTER.iter().any(|v| w.starts_with(v)));
    (reflexive && registers).then(|| {
        let mut g = Group {
            weight: IMPLIED_WEIGHT,
            ..Group::default()
        };
        g.add("wohnsitz", weight::EXACT);
        g
    })
}

/// "wo sitzt ihr eigentlich", "wann seid ihr erreichbar": a caller who
/// asks the agent where or when "ihr" are asks for the ServiceCenter they
/// are talking to. Only with an office's question (where, when open):
/// "kann ich bei euch einen ausweis beantragen" means the city.
fn addressed_centre(words: &[String], aspect: Option<Aspect>) -> Option<Group> {
    const YOU: &[&str] = &["ihr", "euch", "euer", "eure", "seid", "habt"];
    let asks_office = matches!(aspect, Some(Aspect::Address | Aspect::Hours | Aspect::When));
    (asks_office && words.iter().any(|w| YOU.contains(&w.as_str()))).then(|| {
        // A topic word: the office asked about.
        let mut g = Group::default();
        g.add(stem("servicecenter"), weight::EXACT);
        g.add("servicecenter", weight::EXACT);
        g
    })
}

/// The singular of a plural in "s" after a vowel or "y" ("fotos" →
/// "foto", "handys" → "handy") or after an abbreviation without vowels
/// ("pkws" → "pkw"), and such a plural of a word ending in one of those
/// vowels ("kita" → "kitas"). Not after "e" or a consonant of a word: the
/// stemmer handles "-es" and "-s" there ("hauses", "amts").
fn s_plural_partners(w: &str) -> Vec<String> {
    const VOWELS: &[char] = &['a', 'i', 'o', 'u', 'y'];
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    if n < 3 || !chars.iter().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if chars[n - 1] == 's' {
        let base: String = chars[..n - 1].iter().collect();
        let before = chars[n - 2];
        let no_vowel = !base.chars().any(|c| "aeiouyäöü".contains(c));
        if VOWELS.contains(&before) || no_vowel {
            out.push(base);
        }
    } else if VOWELS.contains(&chars[n - 1]) {
        out.push(format!("{w}s"));
    }
    out
}

/// The one word one edit away from `w`, when the index has neither `w`
/// nor its stem and has exactly one such neighbour: a slip that can
/// only be meant one way.
fn sole_correction(index: &SearchIndex, w: &str) -> Option<String> {
    if w.chars().count() < 5
        || w.chars().any(|c| c.is_ascii_digit())
        || is_stop_word(w)
        || known_term(index, w)
        || known_term(index, &stem(w))
    {
        return None;
    }
    match expand(index, w, 1, false).as_slice() {
        [(only, 1)] => Some(only.clone()),
        _ => None,
    }
}

/// The word itself, its stem, a "zu" infinitive's base, prefix
/// completions while typing, and typo corrections.
fn add_word(g: &mut Group, w: &str, index: &SearchIndex, prefix: bool) {
    // Whether an entry has the word as typed: what it may stand for
    // besides itself (participle, compound start, guesses) depends on it.
    let known = known_term(index, w);
    g.add(w, weight::EXACT);
    // "sechzehn" is the entries' "16".
    if let Some(n) = number_value(w) {
        g.add(n.to_string(), weight::SYNONYM);
    }
    // A stem that is a stop word says nothing ("nächsten" → "nach").
    let s = stem(w);
    if !is_stop_word(&s) {
        g.add(s, weight::EXACT);
    }
    // The other number of a word whose plural is its singular and "s"
    // ("Fotos", "Kitas", "Omas", "Handys", "Pkws"): the stemmer keeps that
    // "s", so "passfotos" met the entries' "Passfoto" only as a typo.
    for other in s_plural_partners(w) {
        if known_term(index, &other) {
            g.add(stem(&other), weight::EXACT);
            g.add(other, weight::EXACT);
        }
    }
    // The infix of a separable verb's infinitive ("anzumelden") and of
    // its participle ("umgetauscht", "abgeholt"): without it the word
    // meets the entries' "anmelden", "umtauschen".
    for p in SEPARABLE {
        for infix in ["zu", "ge"] {
            if let Some(rest) = w.strip_prefix(p).and_then(|r| r.strip_prefix(infix))
                && rest.len() >= 4
            {
                let base = format!("{p}{rest}");
                g.add(stem(&base), weight::INFIX);
                // A weak participle's ending: "umtauscht" → "umtausch".
                if infix == "ge" {
                    g.add(stem(base.trim_end_matches('t')), weight::INFIX);
                }
                g.add(base, weight::INFIX);
            }
        }
    }
    // A participle the entries do not write ("geheiratet", "gekauft")
    // stands for its verb, as the entries write it ("heiraten", "kaufen").
    if let Some(verb) = w
        .strip_prefix("ge")
        .filter(|v| v.ends_with('t') && v.len() >= 5)
        && !known
    {
        g.add(stem(verb.trim_end_matches('t')), weight::INFIX);
        // A verb that starts with "ge" itself keeps it: "genehmigt" is
        // "genehmigen", not "nehmigen".
        let own = stem(w.trim_end_matches('t'));
        if known_term(index, &own) {
            g.add(own, weight::INFIX);
        }
    }
    // A diminutive the entries do not write ("häuschen", "hündchen")
    // stands for its word.
    if let Some(base) = w.strip_suffix("chen").filter(|b| b.chars().count() >= 3)
        && !known
        && known_term(index, &stem(base))
    {
        g.add(stem(base), weight::INFIX);
    }
    if w.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    let budget = typo_budget(w);
    if prefix && w.chars().count() >= 3 {
        for (term, _) in expand(index, w, 0, true) {
            g.add(term, weight::PREFIX);
        }
        // A typed word the vocabulary knows is not a mistyped start: its
        // completions are the ones above ("meldebescheinigung" →
        // "…en"), and the typo corrections below still run.
        if budget > 0 && !known {
            for (term, _) in expand(index, w, 1, true) {
                g.add(term, weight::FUZZY1 * 0.9);
            }
        }
    } else if w.chars().count() >= 4 && !known {
        // A finished word no entry has alone may open an entry's compound
        // ("hecke" of "Heckenschnitt"): the compound answers it in part,
        // as a compound's parts do.
        for (term, _) in expand(index, w, 0, true) {
            g.add(term.clone(), weight::PART);
            g.parts.push(term);
        }
    }
    if budget > 0 {
        let corrections = expand(index, w, budget, false);
        let guessed = budget > 1 && corrections.iter().any(|(_, d)| *d > 1) && !known;
        for (term, d) in corrections {
            // A word the entries have is seldom a slip: its neighbours
            // ("tragen" → "prägen") weigh as far guesses.
            let wgt = match d {
                0 => weight::EXACT,
                1 if !known => weight::FUZZY1,
                _ => weight::FUZZY2,
            };
            // The one close correction of a word no entry has stands for
            // its word family, as a typed word does: "ummeldng" →
            // "ummeldung" also meets the entries' "ummelden" by the stem.
            // (Not for a known word's neighbours: "ummeldung" would reach
            // every "abmelden" through "abmeldung".)
            if d == 1 && !known {
                let family = stem(&term);
                if family != term && !is_stop_word(&family) {
                    g.add(family, wgt);
                }
            }
            if guessed && d > 1 {
                g.distant.push(term.clone());
            }
            g.add(term, wgt);
        }
    }
}

/// The stems the index knows of a separable verb joined with its
/// particle: the verb as typed ("gebe … auf" → "aufgebe") or its
/// infinitive ("läuft … ab" → "ablaufen", "gebe … auf" → "aufgeben"), as
/// the entries write the infinitive or the noun.
fn separable_forms(p: &str, w: &str, index: &SearchIndex) -> Vec<String> {
    let forms = [
        format!("{p}{w}"),
        format!("{p}{}en", w.strip_suffix('t').unwrap_or(w)),
        format!("{p}{}n", w.strip_suffix('e').map_or("", |_| w)),
    ];
    let mut out: Vec<String> = Vec::new();
    for joined in forms
        .iter()
        .filter(|f| f.len() > p.len() + 2)
        .map(|f| stem(f))
    {
        if known_term(index, &joined) && !out.contains(&joined) {
            out.push(joined);
        }
    }
    out
}

/// Whether the index holds `w` as a term.
fn known_term(index: &SearchIndex, w: &str) -> bool {
    index
        .searcher()
        .doc_freq(&Term::from_field_text(index.fields.all, w))
        .is_ok_and(|n| n > 0)
}

/// In how many entries a part occurs, as written or as its stem.
fn doc_freq(searcher: &tantivy::Searcher, index: &SearchIndex, part: &str) -> u64 {
    [part.to_string(), stem(part)]
        .iter()
        .map(|t| {
            searcher
                .doc_freq(&Term::from_field_text(index.fields.all, t))
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
}

/// The index of a compound's generic part, if one part is clearly more
/// common than another ([`GENERIC_RATIO`]): the word that many entries
/// share ("ausweis", "antrag", "karte"), whether head or modifier, while
/// the rarer part says which of them is meant.
fn generic_part(doc_freqs: &[u64]) -> Option<usize> {
    let min = *doc_freqs.iter().min()?;
    let (at, max) = doc_freqs
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (doc_freqs.len() > 1 && *max > GENERIC_RATIO.saturating_mul(min)).then_some(at)
}

/// Compound parts of the typed word, and their global synonyms:
/// "anwohnerparkausweis" → anwohner (→ bewohner), parkausweis. The
/// generic part ("ausweis" of "büchereiausweis") and its synonyms weigh
/// half a part and are marked, so an entry has to match the specific
/// part (or the whole word) for the word to count as answered.
fn add_parts(g: &mut Group, w: &str, index: &SearchIndex, kb: &KnowledgeBase) {
    let Some(parts) = index.dictionary.split(w) else {
        // A compound whose start no entry has still names its kind by its
        // head: a "Schäferhund" is a Hund, a "Kiosk­laden" a Laden.
        if let Some(head) = unknown_compound_head(w, index) {
            g.add(stem(&head), weight::PART);
            g.add(head, weight::PART);
        }
        return;
    };
    let searcher = index.searcher();
    let doc_freqs: Vec<u64> = parts
        .iter()
        .map(|p| doc_freq(&searcher, index, p))
        .collect();
    let generic = generic_part(&doc_freqs);
    let whole_known = doc_freq(&searcher, index, w) > 0;
    for (i, p) in parts.into_iter().enumerate() {
        // A part that is a stop word says nothing: the "nach" of
        // "nachnamen" found "Name nach der Heirat".
        if is_stop_word(&p) {
            continue;
        }
        let is_generic = generic == Some(i);
        let pw = if is_generic {
            weight::GENERIC_PART
        } else {
            weight::PART
        };
        let mut terms = vec![stem(&p)];
        for m in kb.synonyms.find(std::slice::from_ref(&p)) {
            for alt in m.alternatives.iter().filter(|a| a.len() == 1) {
                g.add(stem(&alt[0]), pw * weight::SYNONYM);
                g.add(alt[0].clone(), pw * weight::SYNONYM);
                terms.push(stem(&alt[0]));
                terms.push(alt[0].clone());
            }
        }
        g.add(stem(&p), pw);
        terms.push(p.clone());
        g.add(p, pw);
        if is_generic {
            g.generic.extend(terms);
        } else if whole_known {
            g.parts.extend(terms);
        }
    }
}

/// The known head of a word no entry has, long enough to be a word of its
/// own, after a start of three letters or more.
fn unknown_compound_head(w: &str, index: &SearchIndex) -> Option<String> {
    if w.chars().count() < 8 || known_term(index, w) || known_term(index, &stem(w)) {
        return None;
    }
    let head = index.dictionary.head_of(w)?;
    (head.len() >= 4 && w.len() - head.len() >= 3).then_some(head)
}

/// Terms of the vocabulary within `distance` of `word` (as a prefix if
/// asked), with their distance, closest and shortest first.
fn expand(index: &SearchIndex, word: &str, distance: u8, prefix: bool) -> Vec<(String, u8)> {
    let searcher = index.searcher();
    let mut found: HashMap<String, u8> = HashMap::new();
    // Completions need no automaton: they are the dictionary's range
    // from the word to its last extension (no UTF-8 byte is 0xFF). Building
    // a Levenshtein automaton, even for distance 0, costs more than the walk.
    if prefix && distance == 0 {
        let mut end = word.as_bytes().to_vec();
        end.push(0xFF);
        for seg in searcher.segment_readers() {
            let Ok(inv) = seg.inverted_index(index.fields.all) else {
                continue;
            };
            if let Ok(mut stream) = inv.terms().range().ge(word).lt(&end).into_stream() {
                while stream.advance() && collect_term(stream.key(), word, &mut found, |_| 0) {}
            }
        }
        return closest(found);
    }
    // Corrections come from the deletion table: the same terms as the
    // automaton walk below, in a fraction of its time (see typos.rs).
    if !prefix && distance <= MAX_DISTANCE {
        let found = index
            .typos()
            .within(word, distance, MAX_EXPANSIONS * 8 + 1)
            .into_iter()
            .map(|(t, d)| (t.to_string(), d))
            .collect();
        return closest(found);
    }
    closest(walk_automaton(index, word, distance, prefix))
}

/// Terms of the vocabulary within `distance` of `word` (as a prefix if
/// asked) by walking the term dictionary with a Levenshtein automaton.
fn walk_automaton(
    index: &SearchIndex,
    word: &str,
    distance: u8,
    prefix: bool,
) -> HashMap<String, u8> {
    let searcher = index.searcher();
    let mut found: HashMap<String, u8> = HashMap::new();
    let term = Term::from_field_text(index.fields.all, word);
    let q = if prefix {
        FuzzyTermQuery::new_prefix(term, distance, true)
    } else {
        FuzzyTermQuery::new(term, distance, true)
    };
    let Ok(automaton) = q.automaton() else {
        return found;
    };
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(index.fields.all) else {
            continue;
        };
        let distance = |t: &str| {
            if prefix {
                0
            } else {
                osa_distance(word, t).min(u8::MAX as usize) as u8
            }
        };
        if let Ok(mut stream) = inv.terms().search(&automaton).into_stream() {
            while stream.advance() && collect_term(stream.key(), word, &mut found, distance) {}
        }
    }
    found
}

/// Adds a streamed term other than `word` with its distance; false once
/// enough are found, so a short prefix does not walk the whole vocabulary.
fn collect_term(
    key: &[u8],
    word: &str,
    found: &mut HashMap<String, u8>,
    distance: impl Fn(&str) -> u8,
) -> bool {
    if let Ok(t) = std::str::from_utf8(key)
        && t != word
    {
        found.entry(t.to_string()).or_insert_with(|| distance(t));
    }
    found.len() <= MAX_EXPANSIONS * 8
}

/// The expansions found, closest and shortest first, at most
/// [`MAX_EXPANSIONS`].
fn closest(found: HashMap<String, u8>) -> Vec<(String, u8)> {
    let mut v: Vec<(String, u8)> = found.into_iter().collect();
    v.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then(a.0.len().cmp(&b.0.len()))
            .then(a.0.cmp(&b.0))
    });
    v.truncate(MAX_EXPANSIONS);
    v
}

/// Scores each group with tantivy and combines them: the sum of group
/// scores (each times its weight) times the weighted share of groups
/// matched (squared, so that matching two of two words clearly beats one
/// of two).
fn rank(index: &SearchIndex, plan: &Plan, limit: usize) -> tantivy::Result<Vec<(String, f32)>> {
    let searcher = index.searcher();
    let mut combined: HashMap<DocAddress, (f32, f32)> = HashMap::new();
    // Topic words first: they choose the entries. An aspect word ("welche
    // unterlagen") or a circumstance then scores only the entries they
    // found: it says what about the topic is asked, not which entry is
    // meant (issue 14), and "unterlagen" matching nearly every entry
    // would otherwise be scored across the whole index for a top list
    // that ties. Without topic words the first aspect word is searched
    // everywhere, and the others at the entries it found.
    let (topic, others): (Vec<&Group>, Vec<&Group>) =
        plan.groups.iter().partition(|g| g.is_topic());
    let search_all = |g: &Group| {
        searcher.search(
            &group_query(index, g),
            &TopDocs::with_limit(GROUP_DEPTH).order_by_score(),
        )
    };
    for g in topic {
        add_group(index, &searcher, g, search_all(g)?, &mut combined)?;
    }
    let mut found: Vec<DocAddress> = combined.keys().copied().collect();
    for g in others {
        if found.is_empty() {
            add_group(index, &searcher, g, search_all(g)?, &mut combined)?;
            found = combined.keys().copied().collect();
        } else {
            let top = score_only(index, &searcher, g, &found)?;
            add_group(index, &searcher, g, top, &mut combined)?;
        }
    }
    // Coverage is weighted too: an entry that misses an aspect word loses
    // less than one that misses a topic word.
    let n: f32 = plan.groups.iter().map(|g| g.weight).sum();
    let mut scored: Vec<(DocAddress, f32)> = combined
        .into_iter()
        .map(|(addr, (sum, matched))| {
            let cover = matched / n;
            (addr, sum * cover * cover)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(limit);
    let mut out = Vec::with_capacity(scored.len());
    for (addr, score) in scored {
        let doc: TantivyDocument = searcher.doc(addr)?;
        if let Some(id) = doc.get_first(index.fields.id).and_then(|v| v.as_str()) {
            out.push((id.to_string(), score));
        }
    }
    Ok(out)
}

/// Adds a group's scores and how much of the word each entry covers to
/// the entries' running sums.
fn add_group(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    g: &Group,
    top: Vec<(f32, DocAddress)>,
    combined: &mut HashMap<DocAddress, (f32, f32)>,
) -> tantivy::Result<()> {
    let ranked: Vec<DocAddress> = top.iter().map(|(_, a)| *a).collect();
    let cover = Coverage::of(index, searcher, g, &ranked)?;
    for (score, addr) in top {
        let share = cover.share(&addr);
        let e = combined.entry(addr).or_insert((0.0, 0.0));
        e.0 += score * g.weight;
        e.1 += g.weight * share;
    }
    Ok(())
}

/// How much of a word each entry answers: in full by the word itself (its
/// stem, a synonym, a close typo's correction), in part by the parts of a
/// compound the knowledge base knows whole ([`PART_COVER`]) or by a
/// correction two edits away ([`DISTANT_COVER`]), barely by the generic
/// part alone ([`GENERIC_COVER`]).
struct Coverage {
    /// Entries matching by a term that answers the word in full; `None`
    /// when every match counts in full (the word has only such terms).
    full: Option<HashSet<DocAddress>>,
    /// Entries matching by a specific part of the typed compound.
    part: HashSet<DocAddress>,
    /// Entries matching by a distant correction.
    distant: HashSet<DocAddress>,
}

/// What kind of answer to the typed word a term of its group is.
#[derive(PartialEq)]
enum TermKind {
    Full,
    Part,
    Generic,
    Distant,
}

impl Coverage {
    /// The coverage of the entries `docs` (those the group ranked).
    fn of(
        index: &SearchIndex,
        searcher: &tantivy::Searcher,
        g: &Group,
        docs: &[DocAddress],
    ) -> tantivy::Result<Self> {
        // A term reached another way at full weight (the typed word's own
        // stem, a synonym) is no part.
        let kind = |t: &String| {
            let w = g.terms.get(t).copied().unwrap_or(0.0);
            if g.generic.contains(t) && w < weight::PART {
                TermKind::Generic
            } else if g.parts.contains(t) && w <= weight::PART {
                TermKind::Part
            } else if g.distant.contains(t) && w <= weight::FUZZY2 {
                TermKind::Distant
            } else {
                TermKind::Full
            }
        };
        let terms =
            |k: TermKind| -> Vec<&String> { g.terms.keys().filter(|t| kind(t) == k).collect() };
        if g.terms.keys().all(|t| kind(t) == TermKind::Full) {
            return Ok(Self {
                full: None,
                part: HashSet::new(),
                distant: HashSet::new(),
            });
        }
        Ok(Self {
            full: Some(holding(index, searcher, &terms(TermKind::Full), docs)?),
            part: holding(index, searcher, &terms(TermKind::Part), docs)?,
            distant: holding(index, searcher, &terms(TermKind::Distant), docs)?,
        })
    }

    fn share(&self, addr: &DocAddress) -> f32 {
        let Some(full) = &self.full else {
            return 1.0;
        };
        if full.contains(addr) {
            return 1.0;
        }
        // Matched by something less than the word: the best of what.
        let by =
            |set: &HashSet<DocAddress>, share: f32| if set.contains(addr) { share } else { 0.0 };
        by(&self.part, PART_COVER)
            .max(by(&self.distant, DISTANT_COVER))
            .max(GENERIC_COVER)
    }
}

/// The documents of `docs` by segment, each segment's in ascending order,
/// as postings are read.
fn by_segment(docs: &[DocAddress]) -> HashMap<u32, Vec<u32>> {
    let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in docs {
        out.entry(d.segment_ord).or_default().push(d.doc_id);
    }
    for ids in out.values_mut() {
        ids.sort_unstable();
    }
    out
}

/// The scores the group's query ([`group_query`]) gives the documents of
/// `docs` that it matches, computed term by term: each term's postings are
/// sought at just those documents. (Seeking tantivy's union of the terms
/// would refill its window of thousands of documents at every step: no
/// faster than scoring them all.)
fn score_only(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    g: &Group,
    docs: &[DocAddress],
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    // One weight per alternative and field, with the boost term_query
    // gives it.
    let mut weights = Vec::new();
    for (alt, (term, w)) in g.terms.iter().enumerate() {
        for (tq, boost) in field_terms(index, term, *w) {
            weights.push((alt, tq.weight(scoring)?, boost));
        }
    }
    let mut out = Vec::new();
    let mut alt_scores = vec![0.0f32; g.terms.len()];
    for (segment_ord, ids) in by_segment(docs) {
        let reader = searcher.segment_reader(segment_ord);
        let mut scorers = Vec::new();
        for (alt, weight, boost) in &weights {
            let scorer = weight.scorer(reader, *boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push((*alt, scorer));
            }
        }
        for id in ids {
            alt_scores.fill(0.0);
            let mut matched = false;
            for (alt, scorer) in &mut scorers {
                if scorer.doc() < id {
                    scorer.seek(id);
                }
                if scorer.doc() == id {
                    // The fields of one alternative add up.
                    alt_scores[*alt] += scorer.score();
                    matched = true;
                }
            }
            if matched {
                // Dis-max over the alternatives, as DisjunctionMaxQuery.
                let max = alt_scores.iter().copied().fold(0.0, f32::max);
                let sum: f32 = alt_scores.iter().sum();
                out.push((
                    max + (sum - max) * ALTERNATIVE_TIE,
                    DocAddress::new(segment_ord, id),
                ));
            }
        }
    }
    Ok(out)
}

/// Which of `docs` hold any of `terms` (in any field): a look into each
/// term's postings at just those documents, not a collection of every
/// document a common term matches.
fn holding(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    terms: &[&String],
    docs: &[DocAddress],
) -> tantivy::Result<HashSet<DocAddress>> {
    let mut out = HashSet::new();
    if terms.is_empty() || docs.is_empty() {
        return Ok(out);
    }
    for (segment_ord, ids) in by_segment(docs) {
        let inverted = searcher
            .segment_reader(segment_ord)
            .inverted_index(index.fields.all)?;
        for t in terms {
            let term = Term::from_field_text(index.fields.all, t);
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            for &id in &ids {
                if postings.doc() < id {
                    postings.seek(id);
                }
                if postings.doc() == id {
                    out.insert(DocAddress::new(segment_ord, id));
                }
            }
        }
    }
    Ok(out)
}

/// A group's query. Alternatives of one word compete (dis-max): "abmel…"
/// completing to abmelden, abmeldung and abmeldebescheinigung must not
/// score three times. Fields of one alternative add up, weighted.
fn group_query(index: &SearchIndex, g: &Group) -> DisjunctionMaxQuery {
    let alternatives: Vec<Box<dyn Query>> = g
        .terms
        .iter()
        .map(|(term, w)| term_query(index, term, *w))
        .collect();
    DisjunctionMaxQuery::with_tie_breaker(alternatives, ALTERNATIVE_TIE)
}

/// One term in every ranked field, each field with its weight, all times
/// `w`; the fields add up.
fn term_query(index: &SearchIndex, term: &str, w: f32) -> Box<dyn Query> {
    let fields: Vec<(Occur, Box<dyn Query>)> = field_terms(index, term, w)
        .map(|(tq, boost)| {
            let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(tq), boost));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(fields))
}

/// The term in each ranked field with that field's boost times `w`: what
/// [`term_query`] adds up and [`score_only`] scores one by one.
fn field_terms<'a>(
    index: &'a SearchIndex,
    term: &'a str,
    w: f32,
) -> impl Iterator<Item = (TermQuery, f32)> + 'a {
    index
        .fields
        .ranked
        .iter()
        .zip(FIELD_WEIGHTS)
        .map(move |(field, (_, fw))| {
            let t = Term::from_field_text(*field, term);
            (TermQuery::new(t, IndexRecordOption::WithFreqs), fw * w)
        })
}

/// A quick-jump candidate: an entry whose title fuzzily matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleJump {
    /// Entry id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Service or location.
    pub kind: EntryKind,
}

/// Quick jump to a title: skim-style fuzzy matching (characters in order,
/// gaps allowed) on folded text on both sides, so "bgbwat" or "buergerb
/// watt" find "Bürgerbüro Wattenscheid".
pub fn jump(kb: &KnowledgeBase, query: &str, limit: usize) -> Vec<TitleJump> {
    let q: String = fold(query.trim())
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(64)
        .collect();
    if q.is_empty() {
        return Vec::new();
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let asked: Vec<String> = words(query).map(|w| fold(w.text)).collect();
    let mut scored: Vec<(i64, &Entry)> = kb
        .entries
        .values()
        .filter_map(|e| {
            let title: Vec<String> = words(&e.title).map(|w| fold(w.text)).collect();
            // Several words typed: each must be one of the title's words
            // (by its start, or its letters in order), or the letters of
            // "hund anmelden" scattered over "Kita-Platz suchen und
            // anmelden" would offer the Kita. One word ("bgbwat") may
            // still run across the title's words.
            if asked.len() > 1 {
                let each: Option<Vec<i64>> = asked
                    .iter()
                    .map(|a| word_score(&matcher, &title, a))
                    .collect();
                return each.map(|scores| (scores.iter().sum(), e));
            }
            matcher.fuzzy_match(&title.join(" "), &q).map(|s| (s, e))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.title.len().cmp(&b.1.title.len())));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, e)| TitleJump {
            id: e.id.clone(),
            title: e.title.clone(),
            kind: e.kind,
        })
        .collect()
}

/// How well the typed word `asked` stands for one of the title's words, if
/// it does: it starts like that word and its letters come in order within
/// it ("bgbuero" names "buergerbuero"; "hund" does not name
/// "schulanmeldung"), or it shares the word's first four letters (the
/// whole word when shorter: "anmeldung" names "anmelden"). The best such
/// word counts.
fn word_score(matcher: &SkimMatcherV2, title: &[String], asked: &str) -> Option<i64> {
    let head: String = asked.chars().take(4).collect();
    let first = asked.chars().next()?;
    title
        .iter()
        .filter(|word| word.starts_with(first))
        .filter_map(|word| {
            matcher.fuzzy_match(word, asked).or_else(|| {
                word.starts_with(&head)
                    .then(|| matcher.fuzzy_match(word, &head))
                    .flatten()
            })
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa_counts_a_transposition_as_one() {
        assert_eq!(osa_distance("ausweis", "auswies"), 1);
        assert_eq!(osa_distance("personalausweiss", "personalausweis"), 1);
        assert_eq!(osa_distance("hund", "hund"), 0);
        assert_eq!(osa_distance("", "abc"), 3);
    }

    #[test]
    fn the_generic_part_is_the_clearly_more_common_one() {
        // "büchereiausweis": bücherei in 4 entries, ausweis in 41.
        assert_eq!(generic_part(&[4, 41]), Some(1));
        // "führerscheinantrag": the modifier is the specific part.
        assert_eq!(generic_part(&[7, 49]), Some(1));
        // "kindergeld"-like: the modifier may be the generic part.
        assert_eq!(generic_part(&[30, 5]), Some(0));
        // "hausgeburt": haus 38, geburt 29 — neither is clearly generic.
        assert_eq!(generic_part(&[38, 29]), None);
        assert_eq!(generic_part(&[3, 3]), None);
        assert_eq!(generic_part(&[9]), None);
        assert_eq!(generic_part(&[]), None);
        assert_eq!(generic_part(&[0, u64::MAX]), Some(1));
        assert_eq!(generic_part(&[2, 10, 10]), Some(1));
    }

    #[test]
    fn a_word_after_ohne_nicht_or_kein_is_negated() {
        let w = |q: &str| q.split(' ').map(str::to_string).collect::<Vec<_>>();
        let q = w("sorgerecht ohne zu heiraten");
        assert!(is_negated(&q, 3));
        assert!(!is_negated(&q, 0));
        assert!(is_negated(&w("nicht verheiratet"), 1));
        assert!(is_negated(&w("keine geburtsurkunde"), 1));
        assert!(
            !is_negated(&w("zu heiraten"), 1),
            "zu alone negates nothing"
        );
        assert!(!is_negated(&w("heiraten"), 0));
    }

    #[test]
    fn a_word_after_a_temporal_preposition_and_article_is_a_circumstance() {
        let w = |q: &str| q.split(' ').map(str::to_string).collect::<Vec<_>>();
        let q = w("doppelname nach der hochzeit");
        assert!(in_time_clause(&q, 3));
        assert!(!in_time_clause(&q, 0));
        assert!(
            !in_time_clause(&q, 2),
            "the article follows only the preposition"
        );
        assert!(in_time_clause(&w("seit meinem umzug"), 2));
        assert!(
            !in_time_clause(&w("umzug nach bochum"), 2),
            "a place, no article"
        );
        assert!(!in_time_clause(&w("der hund"), 1), "no preposition");
        assert!(!in_time_clause(&w("hochzeit"), 0));
        // A point in time, both its words.
        let q = w("wir ziehen nachste woche um");
        assert!(in_time_clause(&q, 2) && in_time_clause(&q, 3));
        assert!(in_time_clause(&w("letzten monat geheiratet"), 1));
        assert!(
            !in_time_clause(&w("wie viele wochen"), 2),
            "a span asked for"
        );
        assert!(!in_time_clause(&w("diesel fahrzeug"), 0));
        // After "das" the phrase is the thing asked about.
        let q = w("ist das letzte jahr im kindergarten beitragsfrei");
        assert!(!in_time_clause(&q, 2) && !in_time_clause(&q, 3));
        assert!(in_time_clause(&w("fur die nachsten wochen"), 3));
        // A month dates the matter.
        assert!(in_time_clause(&w("heiraten im juli standesamt"), 2));
        assert!(!in_time_clause(&w("heiraten im juli standesamt"), 3));
    }

    #[test]
    fn an_age_in_months_or_weeks_is_a_babys() {
        let w = |q: &str| q.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(is_infant_age(&w("unser baby ist vier monate alt"), 4));
        assert!(is_infant_age(&w("sie ist 6 wochen alt"), 3));
        assert!(!is_infant_age(&w("vier monate her"), 1), "a span, no age");
        assert!(!is_infant_age(&w("monate alt"), 0), "no number");
    }

    #[test]
    fn the_one_who_wants_a_paper_is_not_the_topic() {
        let w = |q: &str| q.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(is_who_wants(&w("die rentenkasse will ein papier"), 1));
        assert!(is_who_wants(&w("mein arbeitgeber verlangt das"), 1));
        assert!(
            !is_who_wants(&w("nach der scheidung will ich meinen namen"), 2),
            "a time clause, and the verb's subject is the pronoun"
        );
        assert!(
            !is_who_wants(&w("gebrauchtwagen gekauft will ihn fahren"), 1),
            "no article: not a subject"
        );
        assert!(!is_who_wants(&w("die bank"), 1), "no verb after it");
    }

    #[test]
    fn what_an_appointment_to_cancel_is_for_is_its_purpose() {
        let w = |q: &str| -> Vec<String> { q.split(' ').map(fold).collect() };
        let q = w("hab morgen einen termin fürs ausweis machen wie absagen");
        assert!(is_appointment_purpose(&q, 5));
        assert!(!is_appointment_purpose(&q, 3));
        let q = w("termin für meinen pass verschieben");
        assert!(is_appointment_purpose(&q, 3));
        // Without cancelling or moving, the passport is the matter.
        let q = w("was muss ich zum termin für den reisepass mitbringen");
        assert!(!is_appointment_purpose(&q, 7));
    }

    #[test]
    fn what_the_caller_only_has_is_not_what_they_need() {
        let w = |q: &str| -> Vec<String> { q.split(' ').map(fold).collect() };
        let q = w("ich hab nur den perso");
        assert!(is_only_had(&q, 4));
        assert!(is_only_had(&w("habe nur perso"), 2));
        assert!(!is_only_had(&w("nur den perso"), 2));
        assert!(!is_only_had(&w("ich brauche nur den perso"), 4));
    }

    #[test]
    fn you_asked_where_or_when_is_the_centre() {
        let w = |q: &str| -> Vec<String> { q.split(' ').map(String::from).collect() };
        assert!(addressed_centre(&w("wo sitzt ihr"), Some(Aspect::Address)).is_some());
        assert!(addressed_centre(&w("wann habt ihr auf"), Some(Aspect::Hours)).is_some());
        assert!(addressed_centre(&w("kann ich bei euch einen ausweis beantragen"), None).is_none());
        assert!(addressed_centre(&w("wo ist das standesamt"), Some(Aspect::Address)).is_none());
    }

    #[test]
    fn an_s_plural_after_a_vowel_pairs_with_its_singular() {
        assert_eq!(s_plural_partners("fotos"), vec!["foto"]);
        assert_eq!(s_plural_partners("handys"), vec!["handy"]);
        assert_eq!(s_plural_partners("pkws"), vec!["pkw"]);
        assert_eq!(s_plural_partners("kita"), vec!["kitas"]);
        // The stemmer's own cases, and words too short to tell.
        for w in ["hauses", "amts", "kurs", "ausweise", "as", "s", "", "16s"] {
            assert!(s_plural_partners(w).is_empty(), "{w}");
        }
        // In the search: the plural typed meets the singular written.
        let (kb, index) = shipped();
        let group = &explain(&kb, &index, "passfotos").groups[0].1;
        assert!(
            group.iter().any(|(t, w)| t == "passfoto" && *w == 1.0),
            "{group:?}"
        );
    }

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typo_budget("hund"), 0);
        assert_eq!(typo_budget("pass"), 0);
        assert_eq!(typo_budget("kfzaa"), 1);
        assert_eq!(typo_budget("anmelden"), 1);
        assert_eq!(typo_budget("anmeldung"), 2);
    }

    /// The shipped knowledge base, indexed in memory.
    fn shipped() -> (KnowledgeBase, SearchIndex) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge-base");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let kb = KnowledgeBase::load(&dir, today).unwrap();
        let index = SearchIndex::build_in_ram(&kb, kb.dictionary().clone());
        (kb, index)
    }

    #[test]
    fn completions_from_the_term_range_are_the_prefix_automatons() {
        let (_kb, index) = shipped();
        let searcher = index.searcher();
        // Words as the search passes them, folded. "a" has more completions
        // than the bound: both walks stream the dictionary in order, so
        // they stop at the same term.
        for word in ["a", "anmeld", "fuhr", "hund", "personalausw", "zzzq"] {
            let automaton =
                FuzzyTermQuery::new_prefix(Term::from_field_text(index.fields.all, word), 0, true)
                    .automaton()
                    .unwrap();
            let mut found = HashMap::new();
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(index.fields.all).unwrap();
                let mut stream = inv.terms().search(&automaton).into_stream().unwrap();
                while stream.advance() && collect_term(stream.key(), word, &mut found, |_| 0) {}
            }
            if word == "a" {
                assert!(found.len() > MAX_EXPANSIONS * 8, "\"a\" reaches the bound");
            }
            let by_automaton = closest(found);
            assert_eq!(expand(&index, word, 0, true), by_automaton, "{word}");
            if word != "zzzq" {
                assert!(!by_automaton.is_empty(), "{word} completes to something");
            }
        }
    }

    #[test]
    fn corrections_from_the_deletion_table_are_the_automatons() {
        let (_kb, index) = shipped();
        let searcher = index.searcher();
        let mut vocabulary = Vec::new();
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(index.fields.all).unwrap();
            let mut stream = inv.terms().stream().unwrap();
            while stream.advance() {
                vocabulary.push(String::from_utf8(stream.key().to_vec()).unwrap());
            }
        }
        assert_eq!(
            index.typos().len(),
            vocabulary.len(),
            "one segment, every term"
        );
        // Words of the vocabulary and slips of them: a letter dropped,
        // doubled, swapped with the next, replaced, and two of these.
        let mut rng = crate::bench::Rng::new(14);
        let slip = |w: &str, rng: &mut crate::bench::Rng| -> String {
            let mut c: Vec<char> = w.chars().collect();
            if c.len() < 2 {
                return w.to_string();
            }
            let i = rng.below(c.len() - 1);
            match rng.below(4) {
                0 => {
                    c.remove(i);
                }
                1 => c.insert(i, c[i]),
                2 => c.swap(i, i + 1),
                _ => c[i] = *rng.pick(&['e', 'n', 'ä', 's', 'x']),
            }
            c.into_iter().collect()
        };
        let mut compared = 0;
        let mut corrected = 0;
        for w in vocabulary.iter().step_by(5) {
            let once = slip(w, &mut rng);
            let twice = slip(&once, &mut rng);
            for typed in [w.clone(), once, twice] {
                for distance in 1..=MAX_DISTANCE {
                    let by_automaton = closest(walk_automaton(&index, &typed, distance, false));
                    let by_table = expand(&index, &typed, distance, false);
                    assert_eq!(by_table, by_automaton, "{typed:?} within {distance}");
                    compared += 1;
                    corrected += usize::from(!by_table.is_empty());
                }
            }
        }
        assert!(compared > 5000, "compared {compared}");
        assert!(
            corrected > compared / 2,
            "most slips have corrections: {corrected} of {compared}"
        );
    }

    #[test]
    fn a_typo_s_one_close_correction_brings_its_stem() {
        let (kb, index) = shipped();
        let terms = |q: &str| -> Vec<String> {
            explain(&kb, &index, q).groups[0]
                .1
                .iter()
                .map(|(t, _)| t.clone())
                .collect()
        };
        // "ummeldng" is no entry's word; its correction "ummeldung" stands
        // for "ummelden" too, by the stem.
        let typo = terms("ummeldng");
        assert!(typo.contains(&"ummeldung".to_string()), "{typo:?}");
        assert!(typo.contains(&"ummeld".to_string()), "{typo:?}");
        // A known word's neighbours bring no stems: "ummeldung" stays
        // away from "abmeld".
        let known = terms("ummeldung");
        assert!(!known.contains(&"abmeld".to_string()), "{known:?}");
        // A known word is seldom a slip: its neighbours one letter away
        // weigh as far guesses ("tragen" is no "prägen").
        let weights = &explain(&kb, &index, "tragen").groups[0].1;
        let pragen = weights.iter().find(|(t, _)| t == "pragen");
        assert_eq!(pragen.map(|(_, w)| *w), Some(weight::FUZZY2), "{weights:?}");
    }

    #[test]
    fn a_separable_verb_meets_its_infinitive() {
        let (kb, index) = shipped();
        // "läuft … ab" is "ablaufen", which the entries write as "Ablauf".
        let groups = explain(&kb, &index, "mein visum läuft in sechs wochen ab").groups;
        let lauft = groups
            .iter()
            .find(|(_, terms)| terms.iter().any(|(t, _)| t == "lauft"))
            .expect("a group for läuft");
        assert!(lauft.1.iter().any(|(t, _)| t == "ablauf"), "{lauft:?}");
        // A verb too common to search meets the entries' verb with its
        // particle; an article does not ("an … der" is no "ander").
        let terms = |q: &str| -> Vec<String> {
            explain(&kb, &index, q)
                .groups
                .into_iter()
                .flat_map(|(_, t)| t.into_iter().map(|(t, _)| t))
                .collect()
        };
        assert!(terms("ich mache meinen laden zu").contains(&"zumach".to_string()));
        assert!(!terms("er fängt mit der fahrschule an was nun").contains(&stem("ander")));
        // Time words are the story's, not its topic.
        assert!(
            !explain(&kb, &index, "visum läuft bald ab")
                .groups
                .iter()
                .any(|(_, terms)| terms.iter().any(|(t, _)| t == "bald"))
        );
    }

    #[test]
    fn a_one_word_name_in_another_form_calls_its_entry() {
        let (kb, _index) = shipped();
        // "Mädchenname" is a synonym of the name change alone; the typed
        // plural form meets it by the stem.
        assert_eq!(
            kb.named_by_stem(&stem("madchennamen")),
            [("namensaenderung".to_string(), true)]
        );
        // A verb among the names is no noun ("heiraten").
        assert!(
            kb.named_by_stem(&stem("heiraten"))
                .iter()
                .all(|(_, noun)| !noun)
        );
    }

    #[test]
    fn scoring_chosen_entries_gives_the_scores_a_search_gives() {
        let (kb, index) = shipped();
        let searcher = index.searcher();
        let every: Vec<DocAddress> = searcher
            .segment_readers()
            .iter()
            .enumerate()
            .flat_map(|(s, r)| (0..r.max_doc()).map(move |d| DocAddress::new(s as u32, d)))
            .collect();
        let mut groups = 0;
        for q in [
            "welche unterlagen brauche ich für die ummeldung",
            "personalausweis verloren was kostet",
            "anwohnerparkausweis beantr",
            "hundesteuer für zwei hunde",
        ] {
            for g in &plan(&kb, &index, q).groups {
                let searched = searcher
                    .search(
                        &group_query(&index, g),
                        &TopDocs::with_limit(every.len()).order_by_score(),
                    )
                    .unwrap();
                let scored = score_only(&index, &searcher, g, &every).unwrap();
                assert!(!searched.is_empty(), "{q}: a group matches nothing");
                // The same entries match, with the same scores.
                let by_addr: HashMap<DocAddress, f32> =
                    scored.iter().map(|(s, a)| (*a, *s)).collect();
                assert_eq!(by_addr.len(), searched.len(), "{q}: matches differ");
                for (score, addr) in &searched {
                    let mine = by_addr[addr];
                    assert!(
                        (mine - score).abs() <= 1e-4 * score.abs().max(1.0),
                        "{q}: {mine} vs {score}"
                    );
                }
                groups += 1;
            }
        }
        assert!(groups >= 8, "only {groups} groups compared");
    }
}
