//! The alternatives of one typed word: its stem, synonyms, compound
//! parts, separable verb forms, prefix completions and typo corrections
//! from the index's own vocabulary.

use std::collections::HashMap;

use tantivy::Term;
use tantivy::query::FuzzyTermQuery;

use crate::kb::KnowledgeBase;
use crate::kb::analysis::{is_stop_word, number_value, osa_distance, stem, typo_budget};
use crate::kb::index::SearchIndex;
use crate::kb::typos::MAX_DISTANCE;

/// One typed word (or synonym phrase) and the terms that may stand for it.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// term → weight (max over the ways it was reached).
    pub(super) terms: HashMap<String, f32>,
    /// 1 for a topic word, `plan::ASPECT_WEIGHT` for an aspect word.
    pub(super) weight: f32,
    /// Terms that stand for the generic part of a typed compound only
    /// (with its stem and synonyms): an entry matching nothing else of the
    /// word covers it only by `score::GENERIC_COVER`.
    pub(super) generic: Vec<String>,
    /// Terms that stand for only part of the word: the other parts of a
    /// compound the knowledge base knows whole, and the words of a synonym
    /// phrase one by one. An entry matching nothing else of the word covers
    /// it only by `score::PART_COVER`.
    pub(super) parts: Vec<String>,
    /// Corrections two edits away of a word the index does not know: an
    /// entry matching nothing else of the word covers it only by
    /// `score::DISTANT_COVER`.
    pub(super) distant: Vec<String>,
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
    pub(super) fn is_topic(&self) -> bool {
        self.weight >= 1.0
    }

    pub(super) fn add(&mut self, term: impl Into<String>, w: f32) {
        let e = self.terms.entry(term.into()).or_insert(0.0);
        if w > *e {
            *e = w;
        }
    }
}

/// Separable prefixes that take "zu" in infinitives: "anzumelden".
pub(super) const SEPARABLE: &[&str] = &[
    "ab", "an", "auf", "aus", "bei", "ein", "fest", "her", "hin", "los", "mit", "nach", "um",
    "vor", "weg", "zu", "zuruck", "zusammen",
];

/// Weights of the ways a term can stand for a typed word. Exact beats
/// everything; a synonym is nearly as good; typos are the last resort.
pub(super) mod weight {
    pub const EXACT: f32 = 1.0;
    pub const INFIX: f32 = 0.9;
    pub const SYNONYM: f32 = 0.85;
    /// Share of their weight another language's words keep as typed when
    /// they mean one German word (`languages.toml`; the meaning weighs
    /// [`SYNONYM`]).
    pub const FOREIGN_TYPED: f32 = 0.6;
    pub const PREFIX: f32 = 0.8;
    /// Completions of a last word the entries have as typed: the agent
    /// may still be typing, but more often "tür" is the door, not the
    /// start of "Türkei" ("platz für den lkw vor der tür" found the
    /// foreign driving licence's "Türkei" at 0.8).
    pub const KNOWN_PREFIX: f32 = 0.5;
    pub const PART: f32 = 0.7;
    pub const GENERIC_PART: f32 = 0.35;
    pub const FUZZY1: f32 = 0.55;
    pub const FUZZY2: f32 = 0.35;
}

/// Most alternatives taken from the vocabulary per typed word: enough for
/// prefixes like "anm…", few enough to keep the query small.
const MAX_EXPANSIONS: usize = 16;

/// A compound part is its generic part when it occurs in at least this
/// many times as many entries as the compound's rarest part: "ausweis"
/// (41 entries) of "büchereiausweis" ("bücherei": 4), "antrag" of
/// "führerscheinantrag"; not "haus" (38) of "hausgeburt" ("geburt": 29).
const GENERIC_RATIO: u64 = 2;

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
pub(super) fn sole_correction(index: &SearchIndex, w: &str) -> Option<String> {
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
pub(super) fn add_word(g: &mut Group, w: &str, index: &SearchIndex, prefix: bool) {
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
        let w_prefix = if known {
            weight::KNOWN_PREFIX
        } else {
            weight::PREFIX
        };
        for (term, _) in expand(index, w, 0, true) {
            g.add(term, w_prefix);
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
pub(super) fn separable_forms(p: &str, w: &str, index: &SearchIndex) -> Vec<String> {
    let forms = joined_verb_forms(p, w);
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

/// A separable verb joined with its particle, unstemmed: as typed
/// ("ziehen … um" → "umziehen"), the infinitive of a "-t" form ("läuft …
/// ab" → "ablaufen", "zieht … um" → "umziehen"), and of an "-e" form
/// ("gebe … auf" → "aufgeben"; without that "-e" the particle and "n",
/// which no entry has).
pub(super) fn joined_verb_forms(p: &str, w: &str) -> [String; 3] {
    [
        format!("{p}{w}"),
        format!("{p}{}en", w.strip_suffix('t').unwrap_or(w)),
        format!("{p}{}n", w.strip_suffix('e').map_or("", |_| w)),
    ]
}

/// Whether the index holds `w` as a term.
pub(super) fn known_term(index: &SearchIndex, w: &str) -> bool {
    index
        .searcher()
        .doc_freq(&Term::from_field_text(index.fields.all, w))
        .is_ok_and(|n| n > 0)
}

/// In how many entries a part occurs, as written or as its stem.
pub(super) fn doc_freq(searcher: &tantivy::Searcher, index: &SearchIndex, part: &str) -> u64 {
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
pub(super) fn add_parts(g: &mut Group, w: &str, index: &SearchIndex, kb: &KnowledgeBase) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::search::explain;
    use crate::kb::search::tests::shipped;

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
}
