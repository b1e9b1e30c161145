//! The index's vocabulary by deletion neighbourhood, for typo corrections
//! without walking the term dictionary.
//!
//! Two words are at most `d` edits apart (insertions, deletions,
//! substitutions, swaps of neighbours) only if deleting at most `d`
//! letters from each gives the same string: an insertion is undone by a
//! deletion on the other side, a substitution or a swap by one deletion
//! on each. So the table keeps, for every term of the vocabulary, the
//! hashes of all strings made by deleting up to [`MAX_DISTANCE`] of its
//! letters; the candidates for a typed word are the terms that share one
//! of the typed word's own deletion strings, and each is then measured
//! ([`super::analysis::osa_within`]). That is the SymSpell idea, here a replacement for
//! tantivy's Levenshtein automaton walk: the walk over the term dictionary
//! with a two-edit automaton was about a quarter of a search's time at
//! 10,000 entries, and building the automaton for each word another tenth.
//!
//! Only the first [`WINDOW`] letters of a word are used for its deletion
//! strings. That keeps the table small (long compounds are common) and
//! loses nothing: two words within `d` edits have first-`WINDOW`-letter
//! windows that also meet after at most `d` deletions each (a letter
//! pushed out of one window by the other word's extra letters counts
//! against those extra letters), so the candidates still include every
//! term within `d`; more of them share a window and are ruled out by the
//! measurement.
//!
//! The table answers exactly what the automaton walk answered (the
//! vocabulary's terms within the distance, in the dictionary's order);
//! a test in `search/terms.rs` compares the two over the shipped knowledge
//! base.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::analysis::osa_within;

/// The largest distance the table answers for: the search's typo budget
/// never asks for more ([`super::analysis::typo_budget`]).
pub const MAX_DISTANCE: u8 = 2;

/// Letters of a word its deletion strings are made from.
const WINDOW: usize = 9;

/// The vocabulary of one index generation and its deletion strings.
#[derive(Default)]
pub struct TypoTable {
    /// The terms, in the order given (the term dictionary's byte order),
    /// back to back in `text`, the `i`th ending at `ends[i]`.
    text: String,
    ends: Vec<u32>,
    /// Each term's length in letters, to rule out most candidates before
    /// measuring them.
    letters: Vec<u16>,
    /// A deletion string's hash → its terms, a range of `postings`.
    slots: HashMap<u64, (u32, u32), BuildHasherDefault<Prehashed>>,
    postings: Vec<u32>,
}

impl std::fmt::Debug for TypoTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypoTable")
            .field("terms", &self.ends.len())
            .field("deletion_strings", &self.slots.len())
            .field("postings", &self.postings.len())
            .finish()
    }
}

impl TypoTable {
    /// The table of `terms`, which must come sorted and without repeats
    /// (as a term dictionary streams them); a term too long to be typed
    /// (over 65,535 letters) is left out.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Self {
        let mut table = TypoTable::default();
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut hashes = Vec::new();
        let mut chars = Vec::new();
        for term in terms {
            chars.clear();
            chars.extend(term.chars());
            let (Ok(letters), Ok(id), Ok(end)) = (
                u16::try_from(chars.len()),
                u32::try_from(table.ends.len()),
                u32::try_from(table.text.len() + term.len()),
            ) else {
                continue;
            };
            table.text.push_str(term);
            table.ends.push(end);
            table.letters.push(letters);
            deletion_hashes(&chars, MAX_DISTANCE, &mut hashes);
            pairs.extend(hashes.iter().map(|&h| (h, id)));
        }
        pairs.sort_unstable();
        table.postings = pairs.iter().map(|&(_, id)| id).collect();
        table
            .slots
            .reserve(pairs.chunk_by(|a, b| a.0 == b.0).count());
        let mut start = 0;
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            // Both fit: `pairs` has fewer entries than the terms' letters
            // times the deletion strings per window, and `ends` fit u32.
            let len = run.len() as u32;
            table.slots.insert(run[0].0, (start, len));
            start += len;
        }
        table
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the table has no terms.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn term(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The terms other than `word` within `distance` edits of it (at most
    /// [`MAX_DISTANCE`]), with their distance, in the table's order; after
    /// `limit` terms the rest are left out, as a dictionary walk that stops
    /// there leaves them.
    pub fn within(&self, word: &str, distance: u8, limit: usize) -> Vec<(&str, u8)> {
        let distance = distance.min(MAX_DISTANCE);
        let chars: Vec<char> = word.chars().collect();
        let mut hashes = Vec::new();
        deletion_hashes(&chars, distance, &mut hashes);
        let mut candidates: Vec<u32> = Vec::new();
        for h in &hashes {
            if let Some(&(start, len)) = self.slots.get(h) {
                candidates
                    .extend_from_slice(&self.postings[start as usize..(start + len) as usize]);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut out = Vec::new();
        let mut other = Vec::new();
        for id in candidates {
            if usize::from(self.letters[id as usize]).abs_diff(chars.len()) > usize::from(distance)
            {
                continue;
            }
            let term = self.term(id);
            if term == word {
                continue;
            }
            other.clear();
            other.extend(term.chars());
            if let Some(d) = osa_within(&chars, &other, usize::from(distance)) {
                out.push((term, d as u8));
                if out.len() >= limit {
                    break;
                }
            }
        }
        out
    }
}

/// The hashes of the strings made by deleting up to `deletions` letters
/// from the first [`WINDOW`] letters of `word` (the window itself among
/// them), without repeats, into `out`.
fn deletion_hashes(word: &[char], deletions: u8, out: &mut Vec<u64>) {
    out.clear();
    let w = &word[..word.len().min(WINDOW)];
    out.push(hash_skipping(w, usize::MAX, usize::MAX));
    if deletions >= 1 {
        for i in 0..w.len() {
            out.push(hash_skipping(w, i, usize::MAX));
        }
    }
    if deletions >= 2 {
        for i in 0..w.len() {
            for j in i + 1..w.len() {
                out.push(hash_skipping(w, i, j));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// FNV-1a over the letters of `w` except those at `skip1` and `skip2`,
/// finished with a multiply-xorshift so that the table's hasher can take
/// it as it is. Only the letters kept go in: "ab" with nothing skipped and
/// "abc" with its "c" skipped are one string and hash alike, as they must.
fn hash_skipping(w: &[char], skip1: usize, skip2: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &c) in w.iter().enumerate() {
        if i == skip1 || i == skip2 {
            continue;
        }
        h = (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A hasher for keys that are hashes already ([`hash_skipping`]).
#[derive(Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; any other input is still spread.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::analysis::osa_distance;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "hund",
            "hudn",
            "hunde",
            "anmeldung",
            "anmledung",
            "ammeldung",
            "anmeldng",
            "ummeldung",
            "führerschein",
            "fuehrerschein",
            "reisepass",
            "reisepas",
            "xyz",
        ];
        for a in words {
            for b in words {
                let full = osa_distance(a, b);
                for max in 0..=3 {
                    let bounded = osa_within(&chars(a), &chars(b), max);
                    assert_eq!(
                        bounded,
                        (full <= max).then_some(full),
                        "{a:?} {b:?} max {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn finds_every_term_within_the_distance_and_no_other() {
        let mut vocabulary = vec![
            "abmeldung",
            "anmeldung",
            "anmeldungen",
            "ausweis",
            "hund",
            "hunde",
            "hundesteuer",
            "hundesteuerbescheid",
            "personalausweis",
            "personalausweise",
            "reisepass",
            "ummeldung",
            "wohnsitz",
            "wohnsitzanmeldung",
            "über",
            "überweisung",
        ];
        vocabulary.sort_unstable();
        let table = TypoTable::new(vocabulary.iter().copied());
        assert_eq!(table.len(), vocabulary.len());
        for typed in [
            "anmledung",
            "anmeldnug",
            "amneldung",
            "hundestuer",
            "hundesteur",
            "personalauswies",
            "personalausweiss",
            "perosnalausweis",
            "reisepas",
            "uber",
            "ueberweisung",
            "wohnsitzanmeldnug",
            "hundesteuerbschied",
            "xxxxxxxxx",
            "hund",
        ] {
            for distance in 1..=MAX_DISTANCE {
                let expected: Vec<(&str, u8)> = vocabulary
                    .iter()
                    .filter(|t| **t != typed)
                    .map(|t| (*t, osa_distance(typed, t)))
                    .filter(|(_, d)| *d <= usize::from(distance))
                    .map(|(t, d)| (t, d as u8))
                    .collect();
                assert_eq!(
                    table.within(typed, distance, usize::MAX),
                    expected,
                    "{typed} within {distance}"
                );
            }
        }
    }

    #[test]
    fn a_difference_past_the_window_is_still_found() {
        // The windows are alike; the words differ at their ends, and by
        // two letters inserted at the start.
        let table = TypoTable::new(["bescheinigungen", "meldebescheinigung"]);
        assert_eq!(
            table.within("bescheinigunxen", 2, 10),
            vec![("bescheinigungen", 1)]
        );
        assert_eq!(
            table.within("bescheinigun", 2, 10),
            Vec::<(&str, u8)>::new(),
            "three letters short"
        );
        assert_eq!(
            table.within("eldebescheinigung", 2, 10),
            vec![("meldebescheinigung", 1)]
        );
        assert_eq!(
            table.within("xymeldebescheinigung", 2, 10),
            vec![("meldebescheinigung", 2)]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(256)))]

        /// Over vocabularies of near words (few letters, umlauts and
        /// lengths around the window), the table finds what measuring every
        /// term finds.
        #[test]
        fn the_table_finds_what_measuring_every_term_finds(
            vocabulary in proptest::collection::btree_set("[aenrsä]{1,13}", 0..40),
            typed in "[aenrsäx]{0,14}",
            distance in 0u8..=MAX_DISTANCE,
        ) {
            let table = TypoTable::new(vocabulary.iter().map(String::as_str));
            let expected: Vec<(&str, u8)> = vocabulary
                .iter()
                .filter(|t| **t != typed)
                .map(|t| (t.as_str(), osa_distance(&typed, t)))
                .filter(|(_, d)| *d <= usize::from(distance))
                .map(|(t, d)| (t, d as u8))
                .collect();
            proptest::prop_assert_eq!(table.within(&typed, distance, usize::MAX), expected);
        }
    }

    #[test]
    fn the_limit_keeps_the_first_terms_in_order() {
        let table = TypoTable::new(["hunda", "hundb", "hundc", "hundd"]);
        assert_eq!(
            table.within("hunde", 1, 2),
            vec![("hunda", 1), ("hundb", 1)]
        );
        assert!(
            table.within("hunde", 0, 10).is_empty(),
            "distance 0 finds only the word itself"
        );
        assert!(
            TypoTable::new(std::iter::empty())
                .within("hund", 2, 10)
                .is_empty()
        );
    }
}
