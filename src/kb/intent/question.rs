//! The form of a question: yes/no ("kann ich …", "… möglich") or
//! asked with a question word.

use crate::kb::analysis::{fold, words};

use super::cues::{matches_at, matches_word};

/// First words that make a question a yes/no question.
const YES_NO_OPENERS: &[&str] = &[
    "kann", "konnen", "darf", "durfen", "muss", "mussen", "brauch*", "benotig*", "geht", "gibt",
    "ist", "sind", "bekomm*", "krieg*", "hab*", "soll*", "wird", "werden", "gilt", "can", "do",
    "does", "is", "are", "must", "may",
];

/// Openers in the first person singular: without "ich" after them they
/// tell, with the subject left out as in a note ("brauche nen neuen
/// perso", "hab die PIN vergessen"); "brauche ich …" asks.
const FIRST_PERSON: &[&str] = &["brauche", "benotige", "bekomme", "kriege", "habe", "hab"];

/// Subjects after an inverted verb ("muss *ich*", "kann *man*").
const SUBJECTS: &[&str] = &[
    "ich", "man", "wir", "du", "er", "sie", "der", "die", "das", "mein*", "i", "we", "you",
];

/// Personal pronouns: a subject before its verb makes a statement.
const PRONOUNS: &[&str] = &["ich", "wir", "du", "er", "sie", "man", "i", "we", "you"];

/// Question words: a clause with one before its verb asks something
/// other than yes or no ("was muss ich mitbringen").
pub(super) const W_WORDS: &[&str] = &[
    "was", "wann", "wo", "wie", "wer", "wen", "wem", "welch*", "warum", "wieso", "weshalb",
    "woher", "wohin", "what", "when", "where", "how", "who", "which",
];

/// Whether a folded word is a question word ([`W_WORDS`]).
pub(in crate::kb) fn is_question_word(word: &str) -> bool {
    W_WORDS.iter().any(|w| matches_word(w, word))
}

/// Words that make a statement a yes/no question wherever they stand
/// ("kirchenaustritt im bürgerbüro möglich", "biotonne plastiktüte
/// erlaubt", "geht das").
const YES_NO_MARKERS: &[&[&str]] = &[
    &["moglich"],
    &["erlaubt"],
    &["zulassig"],
    &["geht", "das"],
    &["gehts"],
    &["is", "it", "possible"],
];

/// Whether a clause asks yes or no: it opens with a verb ("kann ich …"),
/// has a marker ("… möglich"), or has an inverted verb and subject with
/// no question word before them ("ziehe innerhalb bochum um muss ich den
/// hund abmelden"; not "was muss ich mitbringen").
pub(super) fn is_yes_no_clause(clause: &str) -> bool {
    let w: Vec<String> = words(clause).map(|w| fold(w.text)).collect();
    let is = |table: &[&str], word: &str| table.iter().any(|p| matches_word(p, word));
    // A first-person verb without "ich" after it tells ([`FIRST_PERSON`]).
    let tells =
        |i: usize| FIRST_PERSON.contains(&w[i].as_str()) && w.get(i + 1).is_none_or(|n| n != "ich");
    if w.first().is_some_and(|first| is(YES_NO_OPENERS, first)) && !tells(0) {
        return true;
    }
    if YES_NO_MARKERS
        .iter()
        .any(|m| (0..w.len()).any(|i| matches_at(m, &w[i..])))
    {
        return true;
    }
    for i in 1..w.len() {
        if is(W_WORDS, &w[i - 1]) {
            return false;
        }
        // "ich hab meinen ausweis verloren" tells: the subject stands
        // before the verb, so "hab meinen" is no inversion.
        let told = i >= 2 && is(PRONOUNS, &w[i - 2]);
        if is(YES_NO_OPENERS, &w[i - 1]) && is(SUBJECTS, &w[i]) && !told && !tells(i - 1) {
            return true;
        }
    }
    false
}
