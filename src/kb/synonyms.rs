//! Global synonyms (knowledge-base/synonyms.toml): groups of words and
//! phrases callers use for the same thing, applied to every query.

use std::collections::HashMap;
use std::path::Path;

use super::analysis::{fold, words};
use super::problem::{Problem, Severity};

/// Synonym groups, looked up by folded word sequences.
#[derive(Debug, Default, Clone)]
pub struct Synonyms {
    /// Each group as folded word sequences.
    groups: Vec<Vec<Vec<String>>>,
    /// First folded word of a phrase → (group, phrase index).
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

/// A synonym match in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymMatch {
    /// Index of the first query word matched.
    pub start: usize,
    /// Number of query words matched.
    pub len: usize,
    /// The other phrases of the group, as folded word sequences.
    pub alternatives: Vec<Vec<String>>,
}

impl Synonyms {
    /// Loads the file; a missing file means no global synonyms. Problems
    /// are reported with the line of the group.
    pub fn load(path: &Path) -> (Self, Vec<Problem>) {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Self::default(), Vec::new());
            }
            Err(e) => {
                return (
                    Self::default(),
                    vec![problem(path, 1, format!("cannot read: {e}"))],
                );
            }
        };
        Self::parse(path, &text)
    }

    /// Parses the text of synonyms.toml.
    pub fn parse(path: &Path, text: &str) -> (Self, Vec<Problem>) {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(default)]
            group: Vec<Group>,
        }
        #[derive(serde::Deserialize)]
        struct Group {
            words: Vec<String>,
        }
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                    .unwrap_or(1);
                return (
                    Self::default(),
                    vec![problem(path, line, format!("TOML: {}", e.message().trim()))],
                );
            }
        };
        let header_lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[group]]")
            .map(|(i, _)| i + 1)
            .collect();
        let mut problems = Vec::new();
        let mut groups = Vec::new();
        for (gi, g) in file.group.into_iter().enumerate() {
            let phrases: Vec<Vec<String>> = g
                .words
                .iter()
                .map(|w| words(w).map(|x| fold(x.text)).collect::<Vec<_>>())
                .filter(|p: &Vec<String>| !p.is_empty())
                .collect();
            if phrases.len() < 2 {
                let line = header_lines.get(gi).copied().unwrap_or(1);
                problems.push(problem(
                    path,
                    line,
                    "a synonym group needs at least two words".into(),
                ));
                continue;
            }
            groups.push(phrases);
        }
        let mut by_first: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (gi, g) in groups.iter().enumerate() {
            for (pi, p) in g.iter().enumerate() {
                by_first.entry(p[0].clone()).or_default().push((gi, pi));
            }
        }
        (Self { groups, by_first }, problems)
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Finds synonym phrases in a folded word sequence, longest first at
    /// each position, without overlaps.
    pub fn find(&self, query: &[String]) -> Vec<SynonymMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < query.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (len, group, phrase)
            if let Some(cands) = self.by_first.get(&query[i]) {
                for &(gi, pi) in cands {
                    let p = &self.groups[gi][pi];
                    if query[i..].starts_with(p) && best.is_none_or(|b| p.len() > b.0) {
                        best = Some((p.len(), gi, pi));
                    }
                }
            }
            match best {
                Some((len, gi, pi)) => {
                    let alternatives = self.groups[gi]
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != pi)
                        .map(|(_, p)| p.clone())
                        .collect();
                    out.push(SynonymMatch {
                        start: i,
                        len,
                        alternatives,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

fn problem(path: &Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        severity: Severity::Error,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_words_match_longest_first() {
        let (s, p) = Synonyms::parse(
            Path::new("synonyms.toml"),
            "[[group]]\nwords = [\"abmelden\", \"außer Betrieb setzen\", \"stilllegen\"]\n",
        );
        assert!(p.is_empty());
        let q: Vec<String> = ["auto", "ausser", "betrieb", "setzen"]
            .map(String::from)
            .to_vec();
        let m = s.find(&q);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].len), (1, 3));
        assert_eq!(
            m[0].alternatives,
            vec![vec!["abmelden".to_string()], vec!["stilllegen".to_string()]]
        );
    }

    #[test]
    fn broken_file_reports_the_line() {
        let (_, p) = Synonyms::parse(Path::new("s.toml"), "[[group]]\nwords = [\"a\"\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].line >= 2, "{:?}", p[0]);
    }
}
