//! Relevance evaluation over `query<TAB>id|id` files.

use std::path::Path;

use crate::desk::Desk;
use crate::error::{Error, Result};

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

/// Reads an evaluation file; `#` starts a comment line.
pub fn read_cases(path: &Path) -> Result<Vec<Case>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_end();
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let Some((q, ids)) = t.split_once('\t') else {
            return Err(Error::invalid(
                &format!("{}:{}", path.display(), i + 1),
                "expected query<TAB>ids",
            ));
        };
        out.push(Case {
            line: i + 1,
            query: q.to_string(),
            accepted: ids
                .split('|')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        });
    }
    Ok(out)
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
