//! Mistyped cue words read as the cue ("gebüren" for "gebühren").

use std::collections::HashMap;

use crate::kb::analysis::{osa_distance, typo_budget};

use super::cues::{CUES, matches_word};

/// The cue word a mistyped word stands for, if it is one: see
/// [`understand_with`]. Only cue words of five letters or more are
/// guessed, with their own typo budget and their first letter as typed;
/// for a pattern of a word's start ("gebuhr+", "dauer*") the typed word's
/// start is compared and its rest kept, so "geburen" reads as "gebuhren".
pub(super) fn corrected(word: &str, known: &dyn Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let first = *chars.first()?;
    if typo_budget(word) == 0 {
        return None;
    }
    let candidates = GUESSABLE.get(&first)?;
    if candidates.iter().any(|g| matches_word(g.pattern, word)) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for g in candidates {
        // Where the typed word's part that stands for the cue word may
        // end: one letter more or less for a word's start.
        let ends = if g.open {
            g.len.saturating_sub(1)..=(g.len + 1).min(chars.len())
        } else if chars.len().abs_diff(g.len) <= g.budget {
            chars.len()..=chars.len()
        } else {
            continue;
        };
        for end in ends {
            let head: String = chars[..end].iter().collect();
            let d = osa_distance(&head, g.literal);
            if d == 0 || d > g.budget || best.as_ref().is_some_and(|(b, _)| *b <= d) {
                continue;
            }
            let rest: String = chars[end..].iter().collect();
            // A word that goes on past an open cue's start is read as
            // that cue only for one slip: two edits there make another
            // compound ("telefonservice" is no "telefonnr…").
            if g.open && !rest.is_empty() && d > 1 {
                continue;
            }
            let fixed = format!("{}{rest}", g.literal);
            if matches_word(g.pattern, &fixed) {
                best = Some((d, fixed));
            }
        }
    }
    // Asked last: most words are near no cue word at all.
    best.filter(|_| !known(word)).map(|(_, w)| w)
}

/// A cue word that a typo may stand for.
struct Guessable {
    /// The table's pattern ("gebuhr+").
    pattern: &'static str,
    /// Its letters without the pattern's mark ("gebuhr").
    literal: &'static str,
    /// Its length in letters.
    len: usize,
    /// Whether it is a word's start (`*` or `+`).
    open: bool,
    /// Its typo budget, by its own length.
    budget: usize,
}

/// The cue words of five letters or more, by first letter, worked out once.
static GUESSABLE: std::sync::LazyLock<HashMap<char, Vec<Guessable>>> =
    std::sync::LazyLock::new(|| {
        let mut by_first: HashMap<char, Vec<Guessable>> = HashMap::new();
        for &pattern in CUES.iter().flat_map(|c| c.phrase.iter()) {
            let (literal, open) = match (pattern.strip_suffix('*'), pattern.strip_suffix('+')) {
                (Some(l), _) | (_, Some(l)) => (l, true),
                _ => (pattern, false),
            };
            let budget = usize::from(typo_budget(literal));
            let Some(first) = literal.chars().next() else {
                continue;
            };
            let list = by_first.entry(first).or_default();
            if budget > 0 && !list.iter().any(|g| g.pattern == pattern) {
                list.push(Guessable {
                    pattern,
                    literal,
                    len: literal.chars().count(),
                    open,
                    budget,
                });
            }
        }
        by_first
    });
