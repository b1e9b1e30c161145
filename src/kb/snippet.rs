//! Snippets: the line of an entry that matches most query words, with
//! every matching word highlighted — also words matched through a synonym,
//! a compound part or a typo correction.
//!
//! Analysing an entry's lines (fold, stem, split) costs far more than
//! ranking, so each entry's analysed lines are computed once, on first
//! display, and kept for the life of the index. Each word keeps only the
//! 64-bit hashes of its forms (folded, stem, compound parts), so matching
//! a line is a few integer lookups per word; strings are hashed once per
//! query, on the query's side.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};

use super::analysis::{CompoundDictionary, fold, stem, words};
use super::{Entry, SectionKey};

/// Snippet length in characters, about one line of the result list.
pub const SNIPPET_CHARS: usize = 160;

/// A part of a snippet, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether it matched the query.
    pub hl: bool,
}

/// FNV-1a: short keys, no adversary (the keys are the query's own terms),
/// several times faster than SipHash for the lookups per word.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The FNV-1a hash of a term: the key words and highlights meet on.
fn term_key(term: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(term.as_bytes());
    h.finish()
}

/// Keys are already hashes: pass them through.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The query's terms (by [`term_key`]), each with the bit set of the
/// query words (groups) it stands for. A 64-bit collision between two
/// terms could only highlight a wrong word; it cannot lose a result.
pub struct Highlights {
    masks: HashMap<u64, u32, BuildHasherDefault<Identity>>,
}

impl Highlights {
    /// From the terms of each group, in group order (at most 32 groups
    /// count; the query planner keeps at most 12 words).
    pub fn new<'a, I, T>(groups: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: IntoIterator<Item = &'a str>,
    {
        let mut masks: HashMap<u64, u32, BuildHasherDefault<Identity>> = HashMap::default();
        for (gi, terms) in groups.into_iter().enumerate().take(32) {
            for t in terms {
                *masks.entry(term_key(t)).or_insert(0) |= 1 << gi;
            }
        }
        Self { masks }
    }

    fn mask(&self, w: &AnalysedWord) -> u32 {
        w.keys
            .iter()
            .fold(0, |m, k| m | self.masks.get(k).copied().unwrap_or(0))
    }
}

#[derive(Debug)]
struct AnalysedWord {
    start: usize,
    end: usize,
    /// [`term_key`]s of the folded word, its stem and its compound parts.
    keys: Vec<u64>,
}

#[derive(Debug)]
struct AnalysedLine {
    text: String,
    /// The section the line belongs to; `None` for the summary.
    section: Option<SectionKey>,
    words: Vec<AnalysedWord>,
}

/// Analysed lines per entry id, filled on first display.
#[derive(Debug, Default)]
pub struct SnippetCache {
    lines: Mutex<HashMap<String, Arc<Vec<AnalysedLine>>>>,
}

impl SnippetCache {
    fn lines_of(&self, e: &Entry, dict: &CompoundDictionary) -> Arc<Vec<AnalysedLine>> {
        if let Some(l) = self.lock().get(&e.id) {
            return Arc::clone(l);
        }
        // Analyse outside the lock: two threads may both analyse a new
        // entry, which is harmless; holding the lock would serialise
        // every search behind it.
        let analysed = Arc::new(analyse(e, dict));
        self.lock().insert(e.id.clone(), Arc::clone(&analysed));
        analysed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<AnalysedLine>>>> {
        // A panic elsewhere while holding the lock leaves a usable map.
        self.lines.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The query's groups (bit set) that words of `e`'s section `key`
    /// match: whether the section that answers the question speaks of the
    /// topic.
    pub fn section_mask(
        &self,
        e: &Entry,
        hl: &Highlights,
        dict: &CompoundDictionary,
        key: SectionKey,
    ) -> u32 {
        self.lines_of(e, dict)
            .iter()
            .filter(|l| l.section == Some(key))
            .flat_map(|l| l.words.iter())
            .fold(0, |m, w| m | hl.mask(w))
    }

    /// The snippet of `e` for the query's highlights: the line matching
    /// most query words; on a tie, a line of the `focus` section (the
    /// fee line for "was kostet …").
    pub fn snippet(
        &self,
        e: &Entry,
        hl: &Highlights,
        dict: &CompoundDictionary,
        focus: Option<SectionKey>,
    ) -> Vec<SnippetPart> {
        let lines = self.lines_of(e, dict);
        // ((groups matched, in focus), line index, highlighted byte spans)
        type Best = ((u32, bool), usize, Vec<(usize, usize)>);
        let mut best: Option<Best> = None;
        for (li, line) in lines.iter().enumerate() {
            let mut groups = 0u32;
            let mut spans = Vec::new();
            for w in &line.words {
                let m = hl.mask(w);
                if m != 0 {
                    groups |= m;
                    spans.push((w.start, w.end));
                }
            }
            let rank = (
                groups.count_ones(),
                focus.is_some() && line.section == focus,
            );
            if rank.0 > 0 && best.as_ref().is_none_or(|b| rank > b.0) {
                best = Some((rank, li, spans));
            }
        }
        match best {
            Some((_, li, spans)) => cut(&lines[li].text, &spans),
            None => cut(&e.summary, &[]),
        }
    }
}

fn analyse(e: &Entry, dict: &CompoundDictionary) -> Vec<AnalysedLine> {
    let mut texts: Vec<(String, Option<SectionKey>)> = vec![(e.summary.clone(), None)];
    for s in &e.sections {
        texts.extend(
            s.markdown
                .lines()
                .map(clean_line)
                .filter(|l| !l.is_empty())
                .map(|l| (l, Some(s.key))),
        );
    }
    texts
        .into_iter()
        .map(|(text, section)| {
            let words = words(&text)
                .map(|w| {
                    let folded = fold(w.text);
                    let stemmed = stem(&folded);
                    let mut keys = vec![term_key(&folded)];
                    if stemmed != folded {
                        keys.push(term_key(&stemmed));
                    }
                    for p in dict.split(&folded).unwrap_or_default() {
                        keys.push(term_key(&p));
                    }
                    AnalysedWord {
                        start: w.start,
                        end: w.end,
                        keys,
                    }
                })
                .collect();
            AnalysedLine {
                text,
                section,
                words,
            }
        })
        .collect()
}

/// Strips list markers and emphasis from a Markdown line.
fn clean_line(l: &str) -> String {
    let t = l.trim();
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .unwrap_or(t);
    let t = match t.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => t,
    };
    t.trim().replace("**", "")
}

/// Cuts `line` to a window around the first highlight and splits it into
/// parts.
fn cut(line: &str, spans: &[(usize, usize)]) -> Vec<SnippetPart> {
    let start = match spans.first() {
        Some(&(s, _)) if s > SNIPPET_CHARS / 2 => {
            let from = floor_char(line, s - SNIPPET_CHARS / 3);
            line[from..].find(' ').map(|i| from + i + 1).unwrap_or(from)
        }
        _ => 0,
    };
    let end = if line.len() - start > SNIPPET_CHARS {
        let to = floor_char(line, start + SNIPPET_CHARS);
        line[..to].rfind(' ').filter(|&i| i > start).unwrap_or(to)
    } else {
        line.len()
    };
    let mut parts = Vec::new();
    if start > 0 {
        parts.push(SnippetPart {
            text: "…".into(),
            hl: false,
        });
    }
    let mut pos = start;
    for &(s, e) in spans.iter().filter(|(s, e)| *s >= start && *e <= end) {
        if s > pos {
            parts.push(SnippetPart {
                text: line[pos..s].to_string(),
                hl: false,
            });
        }
        parts.push(SnippetPart {
            text: line[s..e].to_string(),
            hl: true,
        });
        pos = e;
    }
    if pos < end {
        parts.push(SnippetPart {
            text: line[pos..end].to_string(),
            hl: false,
        });
    }
    if end < line.len() {
        parts.push(SnippetPart {
            text: "…".into(),
            hl: false,
        });
    }
    parts
}

/// The largest char boundary at or before `i`.
fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_long_lines_around_the_match() {
        let line = format!("{} Hundesteuer {}", "wort ".repeat(60), "ende ".repeat(60));
        let s = line.find("Hundesteuer").unwrap();
        let parts = cut(&line, &[(s, s + "Hundesteuer".len())]);
        assert_eq!(parts.first().map(|p| p.text.as_str()), Some("…"));
        assert!(parts.iter().any(|p| p.hl && p.text == "Hundesteuer"));
        let total: usize = parts.iter().map(|p| p.text.chars().count()).sum();
        assert!(total <= SNIPPET_CHARS + 4, "{total}");
    }

    #[test]
    fn cutting_never_splits_a_character() {
        let line = "ä".repeat(200);
        let parts = cut(&line, &[(300, 302)]);
        assert!(parts.iter().all(|p| !p.text.is_empty()));
    }
}
