//! Knowledge gaps: what agents searched for without finding an answer, and
//! the entries they relied on that nobody has reviewed for a year.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::Row;

use super::figures::{SearchGap, StaleEntry};
use super::keys::instant;
use super::sql;
use super::values::TopicSums;
use crate::hours::TZ;
use crate::kb::KnowledgeBase;
use crate::kb::analysis::{fold, words};

/// The text failed searches are grouped by: the words, folded (case,
/// umlaut spellings, ß), joined by one space. "Bürgerbüro  Wattenscheid!"
/// and "buergerbuero wattenscheid" are one gap. Empty when the text has no
/// word at all.
pub fn gap_key(query: &str) -> String {
    words(query)
        .map(|w| fold(w.text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One group while reading.
struct Group {
    text: String,
    text_count: u64,
    searches: u64,
    no_results: u64,
    latest: i64,
}

/// Searches of `[m0, m1)` that found nothing or from which no entry was
/// opened, grouped by [`gap_key`], the most frequent first (ties: the most
/// recent first), at most `listed` of them (all for `None`); and how many
/// groups there are.
pub(crate) async fn search_gaps(
    c: &mut AnyConnection,
    m0: i64,
    m1: i64,
    listed: Option<usize>,
) -> Result<(Vec<SearchGap>, u64), sqlx::Error> {
    let rows = sqlx::query(sql::GAPS)
        .bind(m0)
        .bind(m1)
        .fetch_all(&mut *c)
        .await?;
    let mut groups: HashMap<String, Group> = HashMap::new();
    for r in rows {
        let text: String = r.try_get(0)?;
        let count = u64::try_from(r.try_get::<i64, _>(1)?).unwrap_or(0);
        let no_results = u64::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0);
        let latest: i64 = r.try_get(3)?;
        let key = gap_key(&text);
        if key.is_empty() {
            continue;
        }
        let g = groups.entry(key).or_insert_with(|| Group {
            text: text.clone(),
            text_count: 0,
            searches: 0,
            no_results: 0,
            latest,
        });
        g.searches += count;
        g.no_results += no_results;
        g.latest = g.latest.max(latest);
        // Show the spelling typed most often (ties: the first in text
        // order, so the figure does not change from one reading to the
        // next).
        if count > g.text_count || (count == g.text_count && text < g.text) {
            g.text = text;
            g.text_count = count;
        }
    }
    let mut gaps: Vec<SearchGap> = groups
        .into_iter()
        .map(|(key, g)| SearchGap {
            text: g.text,
            key,
            searches: g.searches,
            no_results: g.no_results,
            latest_at: instant(g.latest),
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.searches
            .cmp(&a.searches)
            .then(b.latest_at.cmp(&a.latest_at))
            .then(a.key.cmp(&b.key))
    });
    let total = gaps.len() as u64;
    if let Some(listed) = listed {
        gaps.truncate(listed);
    }
    Ok((gaps, total))
}

/// Entries that were topics in the period and whose last review is older
/// than the knowledge base's stale age at `now` (its own rule, 12 months
/// on the desk), the most used
/// first.
pub(crate) fn stale_entries(
    kb: &KnowledgeBase,
    topics: &HashMap<String, TopicSums>,
    now: DateTime<Utc>,
) -> Vec<StaleEntry> {
    let today = now.with_timezone(&TZ).date_naive();
    let mut stale: Vec<StaleEntry> = kb
        .stale(today)
        .into_iter()
        .filter_map(|e| {
            let calls = topics.get(&e.id).map(|t| t.calls).unwrap_or(0);
            (calls > 0).then(|| StaleEntry {
                entry_id: e.id.clone(),
                title: e.title.clone(),
                reviewed: e.reviewed,
                calls,
            })
        })
        .collect();
    stale.sort_by(|a, b| b.calls.cmp(&a.calls).then(a.entry_id.cmp(&b.entry_id)));
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_keys_fold_spellings_and_punctuation() {
        assert_eq!(
            gap_key("Bürgerbüro  Wattenscheid!"),
            "burgerburo wattenscheid"
        );
        assert_eq!(
            gap_key("buergerbuero wattenscheid"),
            "burgerburo wattenscheid"
        );
        assert_eq!(gap_key("E-Scooter"), "e scooter");
        assert_eq!(gap_key(" ?! "), "");
    }
}
