//! The quick jump: titles matched fuzzily as the agent types.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::kb::analysis::{fold, words};
use crate::kb::{Entry, EntryKind, KnowledgeBase};

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
