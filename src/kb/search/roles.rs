//! The roles typed words play besides naming a topic: an office in
//! general, which one, whose, who wants it, a time or a circumstance of
//! the caller's story. Each weighs less than a topic word in the plan.

use crate::kb::KnowledgeBase;
use crate::kb::analysis::{count_of, folded_phrase, is_point_in_time, is_stop_word};

/// Words for "an office" callers use for whichever office they mean
/// ("wattenscheid amt öffnungszeiten"): like a word nearly every entry
/// has, they weigh as an aspect word, or the one entry whose text says
/// "Amt für Bürgerservice" outranks the office the other words name. So
/// do the words for whom an office serves ("sprechzeiten für bürger"),
/// or the Bürgerbüros' texts outrank the office asked about. "Stadt" is
/// the city as an office ("wie melden wir das bei der stadt"): the
/// entries saying "nicht die Stadt" outranked the birth's registration.
pub(super) const OFFICE_WORDS: &[&str] = &[
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
pub(super) const QUALIFIERS: &[&str] = &[
    "neu", "neue", "neuen", "neuer", "neues", "neuem", "nachste", "nachsten", "nachster",
    "nachstes", "nachstem", "erste", "erstes", "ersten", "erster", "erstem",
];

/// The people of the caller's story ("meine mutter muss zur dialyse",
/// "mein kollege aus syrien"): who, not what. They weigh as an aspect
/// word, or "Mutter" finds the Unterhaltsvorschuss and "Vater" the
/// Vaterschaft whatever the matter. Not a son or daughter: a child is
/// what the children's entries are about ("tochter 3 jahre pass").
pub(super) const PERSONS: &[&str] = &[
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
    // The same people in English ("my mother want visit me").
    "mother",
    "father",
    "husband",
    "wife",
    "grandmother",
    "grandma",
    "grandfather",
    "grandpa",
    "neighbour",
    "neighbor",
    "friend",
    "colleague",
    "brother",
    "sister",
    "parents",
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
pub(super) fn is_who_wants(words: &[String], i: usize) -> bool {
    const DETERMINERS: &[&str] = &[
        "der", "die", "das", "mein", "meine", "unser", "unsere", "sein", "seine", "ihr", "ihre",
    ];
    const PRONOUNS: &[&str] = &["ich", "wir", "er", "sie", "man"];
    let at = |j: usize| words.get(j).map(String::as_str);
    // The noun phrase's start: a determiner ("mein chef will"), one before
    // a qualifier ("mein neuer chef will"), or the note's first word
    // ("neuer chef will …", "chef will …").
    let starts_phrase = |j: usize| j == 0 || at(j - 1).is_some_and(|d| DETERMINERS.contains(&d));
    let phrase_start = if i >= 1 && at(i - 1).is_some_and(|q| QUALIFIERS.contains(&q)) {
        i - 1
    } else {
        i
    };
    at(i + 1).is_some_and(|v| WANTS.contains(&v))
        && !at(i + 2).is_some_and(|p| PRONOUNS.contains(&p))
        && !is_stop_word(&words[i])
        && starts_phrase(phrase_start)
        && !phrase_start
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
pub(super) fn is_infant_age(words: &[String], i: usize) -> bool {
    const UNITS: &[&str] = &["monat", "monate", "woche", "wochen", "tage"];
    UNITS.contains(&words[i].as_str())
        && i.checked_sub(1)
            .and_then(|j| words.get(j))
            .is_some_and(|n| count_of(n).is_some())
        && words.get(i + 1).is_some_and(|a| a == "alt")
}

/// Whether the word at `i` follows a temporal preposition and an article
/// ("nach der", "vor dem", "seit meiner"), or is part of a point in time
/// ([`is_point_in_time`]). Without the article the preposition more often
/// names a place or goal ("umzug nach bochum").
pub(super) fn in_time_clause(words: &[String], i: usize) -> bool {
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
pub(super) fn is_appointment_purpose(words: &[String], i: usize) -> bool {
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

/// The one a paper is for or whose it is ("geburtsurkunde für meinen
/// sohn", "birth certificate for my son", "geburtsurkunde meiner
/// tochter"): whose, not what. The children's entries still win where
/// the child is the matter ("pass für meine tochter": the Kinderreisepass
/// is about passports for children either way).
pub(super) fn is_beneficiary(words: &[String], i: usize) -> bool {
    const FOR: &[&str] = &["fur", "for"];
    const WHOSE: &[&str] = &[
        "meinen", "meine", "mein", "meinem", "unseren", "unsere", "unser", "unserem", "my", "our",
    ];
    // Genitive: "die urkunde meines sohnes" needs no "für".
    const OF_WHOM: &[&str] = &["meines", "meiner", "unseres", "unserer"];
    const PEOPLE: &[&str] = &[
        "sohn", "sohnes", "tochter", "kind", "kindes", "kinder", "enkel", "enkelin", "son",
        "daughter", "child", "kid", "children",
    ];
    if i == 0 || !PEOPLE.contains(&words[i].as_str()) {
        return false;
    }
    let before = words[i - 1].as_str();
    OF_WHOM.contains(&before)
        || (i >= 2 && WHOSE.contains(&before) && FOR.contains(&words[i - 2].as_str()))
}

/// Whether the word at `i` is what the caller already has, and so not
/// what they need: "wir fliegen nach amerika, ich hab nur den perso" needs
/// the Reisepass. "nur" after a form of "haben", then the word (after an
/// article or a possessive at most).
pub(super) fn is_only_had(words: &[String], i: usize) -> bool {
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
pub(super) fn names_as_noun(kb: &KnowledgeBase, id: &str, w: &str) -> bool {
    kb.entries.get(id).is_some_and(|e| {
        let head = crate::kb::title_head(&e.title);
        std::iter::once(&e.title)
            .chain(&head)
            .chain(&e.synonyms)
            .any(|n| n.starts_with(char::is_uppercase) && folded_phrase(n) == w)
    })
}

/// Whether the word at `i` is what the caller does not do or have: "ohne
/// zu heiraten", "nicht verheiratet", "keine Geburtsurkunde".
pub(super) fn is_negated(words: &[String], i: usize) -> bool {
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

/// The age from which a stated age no longer means a child: 14, the
/// age of criminal responsibility and of the last child-only services.
pub(super) const CHILD_UNTIL: u32 = 14;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::analysis::fold;

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
        // The note's first noun, and one after a qualifier.
        assert!(is_who_wants(&w("chef will meine steuer id"), 0));
        assert!(is_who_wants(&w("neuer chef will meine steuer id"), 1));
        assert!(is_who_wants(&w("mein neuer chef verlangt das"), 2));
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
    fn the_one_a_paper_is_for_is_whose_not_what() {
        let w = |q: &str| -> Vec<String> { q.split(' ').map(fold).collect() };
        assert!(is_beneficiary(&w("geburtsurkunde für meinen sohn"), 3));
        assert!(is_beneficiary(&w("birth certificate for my son"), 4));
        assert!(is_beneficiary(&w("geburtsurkunde meiner tochter"), 2));
        // The child as the matter, or a person not a child.
        assert!(!is_beneficiary(&w("meine tochter braucht einen pass"), 1));
        assert!(!is_beneficiary(&w("kita für meinen mann"), 3));
        assert!(!is_beneficiary(&w("sohn"), 0));
    }
}
