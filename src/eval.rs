//! Relevance evaluation over `query<TAB>id|id` files, and answer
//! evaluation over `question<TAB>id|id<TAB>section` files (is the right
//! entry first, and does `ask` open the section the question is about?).

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::kb::SectionKey;

/// One line of an evaluation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Line number in the file.
    pub line: usize,
    /// What the agent typed.
    pub query: String,
    /// Ids any of which counts as right.
    pub accepted: Vec<String>,
}

/// One line of an answers file: a relevance case and the section the
/// question asks about (`None` for "-": nothing in particular).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerCase {
    /// The question and the accepted entries.
    pub case: Case,
    /// The section `ask` should open.
    pub section: Option<SectionKey>,
}

/// The two kinds of evaluation file, told apart by their lines' fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalFile {
    /// `query<TAB>ids`: ranking.
    Relevance(Vec<Case>),
    /// `question<TAB>ids<TAB>section`: ranking and section.
    Answers(Vec<AnswerCase>),
}

/// Reads an evaluation file of either kind; `#` starts a comment line.
/// Every line of a file must have the same number of fields.
pub fn read_file(path: &Path) -> Result<EvalFile> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut relevance = Vec::new();
    let mut answers = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_end_matches(['\r', '\n']);
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let at = || format!("{}:{}", path.display(), i + 1);
        let fields: Vec<&str> = t.split('\t').collect();
        let case = |q: &str, ids: &str| Case {
            line: i + 1,
            query: q.trim().to_string(),
            accepted: ids
                .split('|')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        };
        match fields.as_slice() {
            [q, ids] if answers.is_empty() => relevance.push(case(q, ids)),
            [q, ids, section] if relevance.is_empty() => {
                let section =
                    match section.trim() {
                        "-" => None,
                        s => Some(SectionKey::parse(s).ok_or_else(|| {
                            Error::invalid(&at(), format!("unknown section {s:?}"))
                        })?),
                    };
                answers.push(AnswerCase {
                    case: case(q, ids),
                    section,
                });
            }
            [_, _] | [_, _, _] => {
                return Err(Error::invalid(
                    &at(),
                    "mixes query<TAB>ids and question<TAB>ids<TAB>section lines",
                ));
            }
            _ => {
                return Err(Error::invalid(
                    &at(),
                    "expected query<TAB>ids or question<TAB>ids<TAB>section",
                ));
            }
        }
    }
    Ok(if answers.is_empty() {
        EvalFile::Relevance(relevance)
    } else {
        EvalFile::Answers(answers)
    })
}

/// Reads a relevance file (`query<TAB>ids`).
pub fn read_cases(path: &Path) -> Result<Vec<Case>> {
    match read_file(path)? {
        EvalFile::Relevance(cases) => Ok(cases),
        EvalFile::Answers(_) => Err(Error::invalid(
            &path.display().to_string(),
            "is an answers file (question<TAB>ids<TAB>section), not query<TAB>ids",
        )),
    }
}

/// An answer whose entry or section was not the expected one.
#[derive(Debug, Clone)]
pub struct AnswerMiss {
    /// The case.
    pub case: AnswerCase,
    /// The entry `ask` chose, if any.
    pub entry: Option<String>,
    /// The section it opened.
    pub section: Option<SectionKey>,
}

/// How often `ask` chose the right entry, the right section, and both.
#[derive(Debug, Clone)]
pub struct AnswerReport {
    /// Share with an accepted entry.
    pub entry: f64,
    /// Share with the expected section (including "none").
    pub section: f64,
    /// Share with both right.
    pub both: f64,
    /// Number of cases.
    pub n: usize,
    /// The cases with something wrong.
    pub misses: Vec<AnswerMiss>,
}

impl std::fmt::Display for AnswerReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "entry={:.3} section={:.3} both={:.3} n={}",
            self.entry, self.section, self.both, self.n
        )
    }
}

/// Asks every question through [`Desk::ask`] at `at`.
pub fn evaluate_answers(desk: &Desk, cases: &[AnswerCase], at: DateTime<Utc>) -> AnswerReport {
    let (mut entry_ok, mut section_ok, mut both_ok) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for c in cases {
        let answer = desk.ask(&c.case.query, at);
        let entry = answer.as_ref().map(|a| a.entry.id.clone());
        let section = answer.as_ref().and_then(|a| a.focus);
        let e = entry
            .as_ref()
            .is_some_and(|id| c.case.accepted.contains(id));
        let s = section == c.section;
        entry_ok += usize::from(e);
        section_ok += usize::from(s);
        both_ok += usize::from(e && s);
        if !(e && s) {
            misses.push(AnswerMiss {
                case: c.clone(),
                entry,
                section,
            });
        }
    }
    let n = cases.len().max(1) as f64;
    AnswerReport {
        entry: entry_ok as f64 / n,
        section: section_ok as f64 / n,
        both: both_ok as f64 / n,
        n: cases.len(),
        misses,
    }
}

/// A case whose first result was not accepted.
#[derive(Debug, Clone)]
pub struct Miss {
    /// The case.
    pub case: Case,
    /// The rank of the first accepted id (1-based), if in the top 10.
    pub rank: Option<usize>,
    /// The top three ids returned.
    pub got: Vec<String>,
}

/// Recall and MRR over a set of cases.
#[derive(Debug, Clone)]
pub struct Report {
    /// Share with an accepted id first.
    pub recall_at_1: f64,
    /// Share with an accepted id in the top three.
    pub recall_at_3: f64,
    /// Mean reciprocal rank over the top ten.
    pub mrr: f64,
    /// Number of cases.
    pub n: usize,
    /// The cases not answered first.
    pub misses: Vec<Miss>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "recall@1={:.3} recall@3={:.3} mrr={:.3} n={}",
            self.recall_at_1, self.recall_at_3, self.mrr, self.n
        )
    }
}

/// Runs every case through [`Desk::search`].
pub fn evaluate(desk: &Desk, cases: &[Case]) -> Report {
    let (mut r1, mut r3, mut rr) = (0usize, 0usize, 0f64);
    let mut misses = Vec::new();
    for c in cases {
        let hits = desk.search(&c.query, 10);
        let rank = hits
            .iter()
            .position(|h| c.accepted.contains(&h.id))
            .map(|p| p + 1);
        match rank {
            Some(1) => r1 += 1,
            _ => misses.push(Miss {
                case: c.clone(),
                rank,
                got: hits.iter().take(3).map(|h| h.id.clone()).collect(),
            }),
        }
        if rank.is_some_and(|r| r <= 3) {
            r3 += 1;
        }
        if let Some(r) = rank {
            rr += 1.0 / r as f64;
        }
    }
    let n = cases.len().max(1) as f64;
    Report {
        recall_at_1: r1 as f64 / n,
        recall_at_3: r3 as f64 / n,
        mrr: rr / n,
        n: cases.len(),
        misses,
    }
}
