//! Values the figures read back from the aggregates, shared by the
//! modules that compute them (the period's figures in `read`, agents,
//! forwards, gaps, the export).

use crate::cases::Outcome;
use crate::kb::KnowledgeBase;

use super::figures::OutcomeCounts;

/// An entry's title, or its id when the knowledge base no longer has it.
pub(crate) fn title(kb: &KnowledgeBase, id: &str) -> String {
    kb.entries
        .get(id)
        .map(|e| e.title.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Milliseconds over `n` calls, in seconds.
pub(crate) fn average_seconds(total_ms: i64, n: u64) -> Option<f64> {
    (n > 0).then(|| total_ms as f64 / 1000.0 / n as f64)
}

/// Reads an outcome as the aggregates store it ('' for running calls).
pub(crate) fn stored_outcome(text: &str) -> Result<Option<Outcome>, sqlx::Error> {
    if text.is_empty() {
        return Ok(None);
    }
    Outcome::parse(text)
        .map(Some)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// One topic's sums.
#[derive(Debug, Clone, Default)]
pub(crate) struct TopicSums {
    /// Calls with the topic, ended or not.
    pub calls: u64,
    /// Ended ones by outcome.
    pub outcomes: OutcomeCounts,
}
