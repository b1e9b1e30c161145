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

/// Reads an answers file (`question<TAB>ids<TAB>section`).
pub fn read_answers(path: &Path) -> Result<Vec<AnswerCase>> {
    match read_file(path)? {
        EvalFile::Answers(cases) => Ok(cases),
        EvalFile::Relevance(_) => Err(Error::invalid(
            &path.display().to_string(),
            "is a relevance file (query<TAB>ids), not question<TAB>ids<TAB>section",
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
    let got: Vec<Answered> = cases.iter().map(|c| answered(desk, c, at)).collect();
    let pairs: Vec<(&AnswerCase, &Answered)> = cases.iter().zip(&got).collect();
    judge_answers(&pairs)
}

/// The entry `ask` chose (if any) and the section it opened.
pub type Answered = (Option<String>, Option<SectionKey>);

/// What [`Desk::ask`] answers to a case's question at `at`.
fn answered(desk: &Desk, c: &AnswerCase, at: DateTime<Utc>) -> Answered {
    let answer = desk.ask(&c.case.query, at);
    (
        answer.as_ref().map(|a| a.entry.id.clone()),
        answer.as_ref().and_then(|a| a.focus),
    )
}

/// Judges each answer by its case: the shares of right entries, sections
/// and both, and the misses.
fn judge_answers(pairs: &[(&AnswerCase, &Answered)]) -> AnswerReport {
    let (mut entry_ok, mut section_ok, mut both_ok) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for (c, (entry, section)) in pairs {
        let e = entry
            .as_ref()
            .is_some_and(|id| c.case.accepted.contains(id));
        let s = *section == c.section;
        entry_ok += usize::from(e);
        section_ok += usize::from(s);
        both_ok += usize::from(e && s);
        if !(e && s) {
            misses.push(AnswerMiss {
                case: (*c).clone(),
                entry: entry.clone(),
                section: *section,
            });
        }
    }
    let n = pairs.len().max(1) as f64;
    AnswerReport {
        entry: entry_ok as f64 / n,
        section: section_ok as f64 / n,
        both: both_ok as f64 / n,
        n: pairs.len(),
        misses,
    }
}

/// What two people's answer keys for the same questions say together, and
/// how the desk's answers compare with each: an agreed key is the measure
/// of the search, a question the keys disagree on measures the writers.
#[derive(Debug, Clone)]
pub struct TwoKeyReport {
    /// Share of questions on which the keys agree: an entry both accept
    /// and the same section.
    pub keys_agree: f64,
    /// The desk on the questions the keys agree on (entries both accept,
    /// the agreed section); its misses are the ones both writers call wrong.
    pub consensus: AnswerReport,
    /// Share of all questions where the desk's answer is right by either key.
    pub either: f64,
    /// The questions the keys disagree on, with the desk's answer.
    pub disputed: Vec<Disputed>,
    /// Number of questions.
    pub n: usize,
}

/// A question two keys answer differently.
#[derive(Debug, Clone)]
pub struct Disputed {
    /// The first key's line.
    pub first: AnswerCase,
    /// The second key's line for the same question.
    pub second: AnswerCase,
    /// The entry `ask` chose, if any.
    pub entry: Option<String>,
    /// The section it opened.
    pub section: Option<SectionKey>,
}

impl std::fmt::Display for TwoKeyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "keys_agree={:.3} consensus: entry={:.3} section={:.3} both={:.3} n={} · either_key both={:.3} n={}",
            self.keys_agree,
            self.consensus.entry,
            self.consensus.section,
            self.consensus.both,
            self.consensus.n,
            self.either,
            self.n
        )
    }
}

/// Pairs each question of `first` with the same question in `second`.
/// Both keys must hold the same questions (each once): a question only one
/// key has is an error naming it and its line (in the file `names` gives
/// for each key), since the figures would not compare.
pub fn pair_keys(
    first: &[AnswerCase],
    second: &[AnswerCase],
    names: (&str, &str),
) -> Result<Vec<(AnswerCase, AnswerCase)>> {
    let mut by_question: std::collections::HashMap<&str, &AnswerCase> =
        std::collections::HashMap::new();
    for c in second {
        if by_question.insert(c.case.query.as_str(), c).is_some() {
            return Err(Error::invalid(
                &format!("{}:{}", names.1, c.case.line),
                format!("the question {:?} stands twice", c.case.query),
            ));
        }
    }
    let mut pairs = Vec::with_capacity(first.len());
    for c in first {
        let Some(other) = by_question.remove(c.case.query.as_str()) else {
            return Err(Error::invalid(
                &format!("{}:{}", names.0, c.case.line),
                format!("the question {:?} is not in {}", c.case.query, names.1),
            ));
        };
        pairs.push((c.clone(), other.clone()));
    }
    if let Some(c) = by_question.values().min_by_key(|c| c.case.line) {
        return Err(Error::invalid(
            &format!("{}:{}", names.1, c.case.line),
            format!("the question {:?} is not in {}", c.case.query, names.0),
        ));
    }
    Ok(pairs)
}

/// The agreed line of two keys, if they agree: the entries both accept and
/// their common section.
fn agreed(first: &AnswerCase, second: &AnswerCase) -> Option<AnswerCase> {
    let both: Vec<String> = first
        .case
        .accepted
        .iter()
        .filter(|id| second.case.accepted.contains(id))
        .cloned()
        .collect();
    (!both.is_empty() && first.section == second.section).then(|| AnswerCase {
        case: Case {
            accepted: both,
            ..first.case.clone()
        },
        section: first.section,
    })
}

/// Judges the desk's answers (`got`, one per pair, in order) against two
/// keys: see [`TwoKeyReport`].
pub fn judge_two_keys(pairs: &[(AnswerCase, AnswerCase)], got: &[Answered]) -> TwoKeyReport {
    let mut either = 0usize;
    let mut agreed_keys = Vec::new();
    let mut disputed = Vec::new();
    for ((first, second), answer @ (entry, section)) in pairs.iter().zip(got) {
        let right_by = |c: &AnswerCase| {
            entry
                .as_ref()
                .is_some_and(|id| c.case.accepted.contains(id))
                && *section == c.section
        };
        either += usize::from(right_by(first) || right_by(second));
        match agreed(first, second) {
            Some(key) => agreed_keys.push((key, answer)),
            None => disputed.push(Disputed {
                first: first.clone(),
                second: second.clone(),
                entry: entry.clone(),
                section: *section,
            }),
        }
    }
    let consensus: Vec<(&AnswerCase, &Answered)> = agreed_keys
        .iter()
        .map(|(key, answer)| (key, *answer))
        .collect();
    TwoKeyReport {
        keys_agree: agreed_keys.len() as f64 / pairs.len().max(1) as f64,
        consensus: judge_answers(&consensus),
        either: either as f64 / pairs.len().max(1) as f64,
        disputed,
        n: pairs.len(),
    }
}

/// Asks every question of two keys once through [`Desk::ask`] at `at`
/// and judges the answers by both ([`judge_two_keys`]).
pub fn evaluate_two_keys(
    desk: &Desk,
    pairs: &[(AnswerCase, AnswerCase)],
    at: DateTime<Utc>,
) -> TwoKeyReport {
    let got: Vec<Answered> = pairs.iter().map(|(c, _)| answered(desk, c, at)).collect();
    judge_two_keys(pairs, &got)
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
        let hits = desk.search(&c.query, crate::desk::LIST_LENGTH);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: usize, q: &str, ids: &[&str], section: Option<SectionKey>) -> AnswerCase {
        AnswerCase {
            case: Case {
                line: n,
                query: q.to_string(),
                accepted: ids.iter().map(|s| s.to_string()).collect(),
            },
            section,
        }
    }

    #[test]
    fn two_keys_must_hold_the_same_questions() {
        let a = vec![line(1, "q1", &["x"], None), line(2, "q2", &["y"], None)];
        let b = vec![line(1, "q2", &["y"], None), line(2, "q1", &["x"], None)];
        let names = ("one.tsv", "two.tsv");
        let pairs = pair_keys(&a, &b, names).unwrap();
        assert_eq!(
            pairs[0].1.case.query, "q1",
            "paired by question, not by line"
        );
        let short = vec![line(7, "q1", &["x"], None)];
        let e = pair_keys(&a, &short, names).unwrap_err().to_string();
        assert!(
            e.contains("one.tsv:2") && e.contains("\"q2\" is not in two.tsv"),
            "{e}"
        );
        let e = pair_keys(&short, &a, names).unwrap_err().to_string();
        assert!(
            e.contains("two.tsv:2") && e.contains("\"q2\" is not in one.tsv"),
            "{e}"
        );
        let twice = vec![line(1, "q1", &["x"], None), line(2, "q1", &["x"], None)];
        let e = pair_keys(&a, &twice, names).unwrap_err().to_string();
        assert!(e.contains("twice") && e.contains("two.tsv:2"), "{e}");
    }

    #[test]
    fn the_desk_is_measured_on_what_both_keys_agree_on() {
        let kosten = Some(SectionKey::Kosten);
        let ablauf = Some(SectionKey::Ablauf);
        let first = vec![
            line(1, "agreed, right", &["a"], kosten),
            // Agreed on "b" only: the first key's "a" is not agreed.
            line(2, "agreed on b", &["a", "b"], kosten),
            line(3, "disputed section", &["c"], None),
            line(4, "disputed entry", &["d"], ablauf),
        ];
        let second = vec![
            line(1, "agreed, right", &["a"], kosten),
            line(2, "agreed on b", &["b"], kosten),
            line(3, "disputed section", &["c"], ablauf),
            line(4, "disputed entry", &["e"], ablauf),
        ];
        let pairs = pair_keys(&first, &second, ("first", "second")).unwrap();
        let got = vec![
            (Some("a".to_string()), kosten),
            (Some("a".to_string()), kosten),
            (Some("c".to_string()), ablauf),
            (None, None),
        ];
        let r = judge_two_keys(&pairs, &got);
        assert_eq!(r.n, 4);
        assert_eq!(r.keys_agree, 0.5);
        assert_eq!(r.consensus.n, 2);
        assert_eq!(
            r.consensus.both, 0.5,
            "the answer \"a\" is not agreed for line 2"
        );
        assert_eq!(r.consensus.section, 1.0);
        assert_eq!(r.consensus.misses.len(), 1);
        assert_eq!(
            r.consensus.misses[0].case.case.accepted,
            vec!["b".to_string()]
        );
        assert_eq!(
            r.either, 0.75,
            "lines 1, 2 (the first key accepts a) and 3 (by the second)"
        );
        let disputed: Vec<&str> = r
            .disputed
            .iter()
            .map(|d| d.first.case.query.as_str())
            .collect();
        assert_eq!(disputed, ["disputed section", "disputed entry"]);
    }
}
