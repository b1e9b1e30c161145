//! The query plan: one group of weighted alternatives per typed word or
//! synonym phrase, with the weight of the word's role, plus the groups a
//! query implies (a move's direction, a residence, the centre asked).

use crate::kb::KnowledgeBase;
use crate::kb::analysis::{fold, is_stop_word, stated_age, stem, words};
use crate::kb::index::SearchIndex;
use crate::kb::intent::{Aspect, Understanding, is_question_word};
use crate::kb::moving;
use crate::kb::places;
use crate::kb::synonyms::SynonymMatch;

use super::roles::{
    CHILD_UNTIL, OFFICE_WORDS, PERSONS, QUALIFIERS, in_time_clause, is_appointment_purpose,
    is_beneficiary, is_infant_age, is_only_had, is_who_wants,
};
use super::terms::{
    Group, SEPARABLE, add_parts, add_word, doc_freq, joined_verb_forms, known_term,
    separable_forms, sole_correction, weight,
};

/// Most words searched in one query (each is a group of expansions); the
/// 200 characters kept bound the rest.
const MAX_GROUPS: usize = 12;

/// Weight of a word that says what the caller wants to know about the
/// topic ("mitbringen", "kostet", "frist"): enough to prefer, among
/// entries on the topic, the one that speaks of it; too little to carry
/// an entry that matches only it. See [`super::intent`]. A word nearly
/// every entry has ("bochum" in "register a car in bochum", see
/// `KnowledgeBase::common_stems`) weighs the same: the one entry on the
/// topic that happens not to say "Bochum" must not lose by it.
const ASPECT_WEIGHT: f32 = 0.3;

/// Weight of a word in a time clause ("nach der Hochzeit", "seit dem
/// Umzug"): it says when the caller's matter arose, the words before or
/// after it what the matter is. "doppelname nach der hochzeit" asks about
/// the name, not the wedding.
const CIRCUMSTANCE_WEIGHT: f32 = 0.6;

/// The query plan: groups of weighted alternatives, and what the query
/// asks about its topic.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) groups: Vec<Group>,
    pub(super) understanding: Understanding,
}

impl Plan {
    /// Bit set of the topic groups (not aspect words), as in [`Highlights`].
    pub(super) fn topic_mask(&self) -> u32 {
        self.groups
            .iter()
            .take(32)
            .enumerate()
            .filter(|(_, g)| g.is_topic())
            .fold(0, |m, (i, _)| m | 1 << i)
    }
}

pub(super) fn plan(kb: &KnowledgeBase, index: &SearchIndex, query: &str) -> Plan {
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
        // Another language's word with an ending the file does not list
        // ("ehliyetimi" for "ehliyet"), where the typed word is no word
        // of the entries and matched nothing else.
        // Computed once: the matcher asks for every listed phrase.
        let open_at: Vec<bool> = (0..all.len())
            .map(|k| {
                !is_stop_word(&all[k])
                    && !found
                        .iter()
                        .any(|f| (f.start..f.start + f.len).contains(&k))
                    && !known_term(index, &all[k])
            })
            .collect();
        let open = |k: usize| open_at.get(k).copied().unwrap_or(false);
        let inflected: Vec<SynonymMatch> = kb
            .synonyms
            .find_inflected(&all, &open)
            .into_iter()
            .filter(|m| !overlaps(m, &found))
            .collect();
        found.extend(inflected);
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
            || is_beneficiary(&all, from)
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
        if places::is_country(w) {
            g.add(places::ABROAD, weight::PART);
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
            // The joined verb's synonyms, as the typed infinitive's:
            // "wir ziehen um" is "umziehen", and so the entries' "Umzug".
            for t in separable_synonyms(kb, p, w) {
                g.add(stem(&t), weight::SYNONYM * weight::INFIX);
                g.add(t, weight::SYNONYM * weight::INFIX);
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

/// The one-word synonyms (`synonyms.toml`) of a separable verb joined
/// with its particle: "ziehen … um" → "umziehen" → "umzug", "ummelden".
/// All three forms of [`joined_verb_forms`]: "wir ziehen … um", "er
/// zieht … um" and "ich ziehe … um" (the "-e" form moved no evaluation
/// set; "ich ziehe nächste woche um" found the Abmeldung's "ziehen").
fn separable_synonyms(kb: &KnowledgeBase, p: &str, w: &str) -> Vec<String> {
    let [typed, from_t, from_e] = joined_verb_forms(p, w);
    let mut out: Vec<String> = Vec::new();
    for form in [typed, from_t, from_e] {
        for m in kb.synonyms.find(std::slice::from_ref(&form)) {
            if m.foreign {
                continue;
            }
            for alt in m.alternatives {
                if let [one] = alt.as_slice()
                    && !out.contains(one)
                {
                    out.push(one.clone());
                }
            }
        }
    }
    out
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
/// "hundesteuer", "platz für die kita" → "kitaplatz", "geld fürs kind"
/// → "kindergeld". The purpose joins as written, as its stem, or with a
/// linking "s", "e", "n", "er" or "en".
fn purpose_compound(all: &[String], at: usize, index: &SearchIndex) -> Option<String> {
    let head = all.get(at)?;
    // "fuer", "fuers": callers' keyboards without umlauts.
    if !matches!(
        String::as_str(all.get(at + 1)?),
        "fur" | "furs" | "fuer" | "fuers"
    ) || head.chars().count() < 4
    {
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
        // "geld fürs kind" → "kindergeld", "ausweis für frauen" → …
        format!("{base}er{head}"),
        format!("{base}en{head}"),
    ]
    .into_iter()
    .find(|j| doc_freq(&searcher, index, j) > 0 || doc_freq(&searcher, index, &stem(j)) > 0)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn you_asked_where_or_when_is_the_centre() {
        let w = |q: &str| -> Vec<String> { q.split(' ').map(String::from).collect() };
        assert!(addressed_centre(&w("wo sitzt ihr"), Some(Aspect::Address)).is_some());
        assert!(addressed_centre(&w("wann habt ihr auf"), Some(Aspect::Hours)).is_some());
        assert!(addressed_centre(&w("kann ich bei euch einen ausweis beantragen"), None).is_none());
        assert!(addressed_centre(&w("wo ist das standesamt"), Some(Aspect::Address)).is_none());
    }
}
