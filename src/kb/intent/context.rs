//! Where a cue counts: the words around it that make it ask ("wie lange
//! … dauert") or not (a street named "… straße", a deadline already
//! missed, a number that is a count, not a payment), and clause bounds.

use crate::kb::analysis::{count_of, words};

use super::cues::{matches_at, matches_word};
use super::question::W_WORDS;

/// "wie lang dürfen die äste sein", "wie hoch darf die hecke sein": a size
/// with "sein" at the clause's end asks what is allowed, not a duration
/// or a fee.
pub(super) fn asks_a_size(phrase: &[&str], clause_last: &str) -> bool {
    const SIZES: &[&str] = &[
        "lang", "lange", "hoch", "gross", "breit", "schwer", "dick", "tief",
    ];
    phrase.len() == 2
        && phrase[0] == "wie"
        && SIZES.contains(&phrase[1])
        && matches!(clause_last, "sein" | "werden")
}

/// "wie lange darf ich …", "wie oft darf man …": the question asks for a
/// span or a count; the "darf" after it is the permission that span is
/// about, not who may. ("wann darf ich" and "wie viel darf ich" stay
/// who-may: measured, they lost two blind answers.)
pub(super) fn after_how_long(folded: &[String], i: usize) -> bool {
    folded[i] == "darf"
        && i.checked_sub(1)
            .is_some_and(|j| matches!(folded[j].as_str(), "lange" | "lang" | "oft"))
}

/// "bis 3 uhr gefeiert", "um 10 uhr einen termin": a time of day in the
/// caller's story, not a question when ("wie viel uhr" is its own cue).
pub(super) fn after_a_number(folded: &[String], i: usize) -> bool {
    i.checked_sub(1)
        .is_some_and(|j| count_of(&folded[j]).is_some())
}

/// Units after a number that make it no age ("die tonne ist 60 liter").
pub(super) const MEASURES: &[&str] = &[
    "euro", "liter", "prozent", "cm", "meter", "kg", "km", "uhr", "minute", "stunde", "tag",
    "woche", "monat", "stuck", "mal",
];

/// Adverbs of time between a verb and an age: "wird bald 16", "ist
/// jetzt 16", "ist erst 15".
pub(super) const AGE_ADVERBS: &[&str] = &[
    "bald",
    "jetzt",
    "schon",
    "erst",
    "gerade",
    "bereits",
    "nun",
    "demnachst",
];

/// A number that can be a person's age.
pub(super) fn is_age(w: &str) -> bool {
    count_of(w).is_some_and(|n| (1..=99).contains(&n))
}

/// A past participle: "geleert", "gekommen", "abgeholt", "umgezogen"
/// ("ge" at the start or after a separable prefix, ending in t or en).
pub fn is_participle(w: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "", "ab", "an", "auf", "aus", "ein", "mit", "um", "vor", "zu", "weg", "zuruck",
    ];
    w.chars().count() >= 6
        && (w.ends_with('t') || w.ends_with("en"))
        && PREFIXES
            .iter()
            .any(|p| w.strip_prefix(p).is_some_and(|r| r.starts_with("ge")))
}

/// Numerals before "zahlen" make it the noun ("WAT und vier Zahlen"), and
/// a "nicht" after it someone else's failure to pay ("Vater zahlt
/// nicht"): neither asks what the caller pays.
pub(super) fn not_a_payment(folded: &[String], i: usize) -> bool {
    const NUMERALS: &[&str] = &[
        "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "paar",
    ];
    let w = folded[i].as_str();
    if !w.starts_with("zahl") {
        return false;
    }
    let after_numeral = i > 0
        && (NUMERALS.contains(&folded[i - 1].as_str())
            || folded[i - 1].chars().all(|c| c.is_ascii_digit()));
    // "zahlt nicht", "zahlt keinen unterhalt", "zahlt seit monaten nix".
    let refused = folded.iter().skip(i + 1).take(3).any(|n| {
        matches!(
            n.as_str(),
            "nicht" | "nichts" | "nix" | "nie" | "kein" | "keine" | "keinen"
        )
    });
    after_numeral || refused
}

/// Whether the cue of `len` words at `i` names a thing to change: a German
/// verb after it ("adresse sperren lassen", "anschrift ändern") or a word
/// before it ("change address", "neue adresse") makes the
/// address the caller's topic, not a question where something is.
pub(super) fn is_changed(folded: &[String], i: usize, len: usize) -> bool {
    const CHANGE_VERBS: &[&str] = &[
        "andern",
        "andert",
        "geandert",
        "sperren",
        "sperrt",
        "gesperrt",
        "ummelden",
        "melden",
        "mitteilen",
        "angeben",
        "eintragen",
        "berichtigen",
        "korrigieren",
        "loschen",
        "aktualisieren",
    ];
    // "neue adresse", "alte anschrift": the address that changes.
    const CHANGING: &[&str] = &[
        "change", "changed", "update", "new", "block", "hide", "neue", "neuen", "neuer", "alte",
        "alten", "alter",
    ];
    let after = folded.get(i + len).map(String::as_str);
    let before = i.checked_sub(1).map(|j| folded[j].as_str());
    after.is_some_and(|w| CHANGE_VERBS.contains(&w))
        || before.is_some_and(|w| CHANGING.contains(&w))
}

/// Whether the documents word at `i` names the paper the caller wants,
/// by what it proves: "einen nachweis, wo ich wohne", "nachweis dass ich
/// nichts angestellt habe". That is the certificate asked for (the
/// Meldebescheinigung, the Führungszeugnis), not the documents some other
/// service wants. ("Papier" stays a documents word: as a topic it finds
/// the Fahrzeugpapiere and the Papierführerschein.)
pub(super) fn names_a_proof(folded: &[String], i: usize) -> bool {
    folded[i] == "nachweis"
        && folded
            .get(i + 1)
            .is_some_and(|n| matches!(n.as_str(), "dass" | "wo" | "uber" | "von" | "daruber"))
}

/// Whether the clause from `i` to `end` says a deadline was missed
/// ("frist verpasst", "zu spät … versäumt"): the caller knows the deadline
/// and asks what follows, which entries tell in their notes, so the
/// deadline word does not ask for the Fristen.
pub(super) fn is_missed(folded: &[String], i: usize, end: usize) -> bool {
    const MISSED: &[&str] = &[
        "verpasst",
        "versaumt",
        "verschlafen",
        "verpennt",
        "uberschritten",
        "missed",
    ];
    folded
        .get(i..=end)
        .is_some_and(|clause| clause.iter().any(|w| MISSED.contains(&w.as_str())))
}

/// "innerhalb von/einer/eines": a deadline only before a span of time.
pub(super) fn is_within(phrase: &[&str]) -> bool {
    phrase.len() == 2 && phrase[0] == "innerhalb"
}

/// Whether a time span follows at `from` ("innerhalb von *zwei wochen*",
/// "innerhalb eines *monats*"), not a place ("innerhalb von bochum
/// umgezogen"): a number or a unit of time within the next two words.
pub(super) fn spans_time(folded: &[String], from: usize) -> bool {
    const SPAN: &[&str] = &[
        "ein*", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "zehn", "vierzehn",
        "tag*", "woche*", "monat*", "jahr*", "stunde*", "frist*", "wenig*", "kurz*", "14",
    ];
    folded
        .iter()
        .skip(from)
        .take(2)
        .any(|w| w.chars().all(|c| c.is_ascii_digit()) || SPAN.iter().any(|p| matches_word(p, w)))
}

/// The index (in [`words`] order) of the last word of each clause.
pub(super) fn clause_ends(query: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut seen = 0;
    for clause in query.split([',', ';', '.', '?', '!']) {
        let n = words(clause).count();
        if n > 0 {
            seen += n;
            ends.push(seen - 1);
        }
    }
    ends
}

/// Where a cue matched: its words in a row at the position looked at, or
/// all but its verb there and the verb at the clause's end.
#[derive(Debug, Clone, Copy)]
pub(super) enum Placed {
    Here,
    VerbAt(usize),
}

/// Whether a phrase placed at `i` ends at the clause's last word `end`,
/// after a topic: alone ("wie", "straße") it asks nothing.
pub(super) fn ends_clause(phrase: &[&str], placed: Placed, i: usize, end: usize) -> bool {
    i > 0
        && match placed {
            Placed::Here => i + phrase.len() - 1 == end,
            Placed::VerbAt(at) => at == end,
        }
}

/// Whether the clause of word `i` tells what the caller does ("ich",
/// "wir"): its particle at the end is the caller's verb ("ich höre mit
/// meinem kiosk auf" is "aufhören", "wir machen den laden zu" closing a
/// business), not an office's opening ("wann hat das amt auf",
/// "bürgerbüro zu?").
pub(super) fn callers_own_clause(folded: &[String], ends: &[usize], i: usize) -> bool {
    let end = clause_end(ends, i).min(folded.len() - 1);
    let start = ends.iter().rev().find(|&&e| e < i).map_or(0, |&e| e + 1);
    let clause = &folded[start..=end];
    clause.iter().any(|w| matches!(w.as_str(), "ich" | "wir"))
        && !clause.iter().any(|w| {
            matches!(
                w.as_str(),
                "hat" | "haben" | "hatte" | "hatten" | "macht" | "ist" | "sind" | "wann"
            )
        })
}

/// Whether "straße" at `i` ends a street's name: after an adjective in -er
/// ("havkenscheider straße", "castroper straße"), not after a place's
/// name ("bürgerbüro wattenscheid straße").
pub(super) fn names_a_street(phrase: &[&str], folded: &[String], i: usize) -> bool {
    phrase == ["strasse"] && i.checked_sub(1).is_some_and(|j| folded[j].ends_with("er"))
}

/// How `phrase` matches at `i` (`end`: the clause's last word), if at all.
/// A verb already taken by another cue is not taken again.
pub(super) fn placed(
    phrase: &[&str],
    folded: &[String],
    i: usize,
    end: usize,
    taken: &[bool],
) -> Option<Placed> {
    match bracketed(phrase, folded, i, end) {
        Some(at) if !taken[at] => Some(Placed::VerbAt(at)),
        _ if matches_at(phrase, &folded[i..]) => Some(Placed::Here),
        _ => None,
    }
}

/// Most words between a question's opening and its verb at the clause's
/// end that still make one phrase ("was muss ich *zum termin im
/// bürgerbüro* mitbringen").
const BRACKET_GAP: usize = 4;

/// The German verb bracket: "was muss ich zum amt mitnehmen" is the cue
/// "was muss ich mitnehmen" with the verb moved to the clause's end. A
/// phrase of three or more words that opens with a question word ("bis
/// wann" too) matches when all but its last word stand at `i` and the last
/// is the clause's last word, at most [`BRACKET_GAP`] words later. Returns
/// that word's position. Contiguous phrases are matched as they are, not
/// here.
fn bracketed(phrase: &[&str], folded: &[String], i: usize, end: usize) -> Option<usize> {
    let n = phrase.len();
    if n < 3 {
        return None;
    }
    // "bis wann … erreichbar": a preposition before the question word
    // opens the question as well.
    let opening = if phrase[0] == "bis" {
        phrase[1]
    } else {
        phrase[0]
    };
    if !W_WORDS.iter().any(|w| matches_word(w, opening)) {
        return None;
    }
    let open = i + n - 1;
    let gap = end.checked_sub(open)?;
    ((1..=BRACKET_GAP).contains(&gap)
        && matches_at(&phrase[..n - 1], &folded[i..])
        && matches_word(phrase[n - 1], &folded[end]))
    .then_some(end)
}

/// The position of the last word of the clause that word `i` stands in.
pub(super) fn clause_end(ends: &[usize], i: usize) -> usize {
    ends.iter().copied().find(|e| *e >= i).unwrap_or(i)
}
