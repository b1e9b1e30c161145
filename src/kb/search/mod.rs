//! From typed words to ranked entries with highlighted snippets.
//!
//! The query is planned into groups, one per word the agent typed (or
//! synonym phrase), each with weighted alternatives: the word itself and
//! its stem, global synonyms, compound parts, prefix completions of the
//! last word, and typo corrections found in the index's own vocabulary.
//! Each group is scored by tantivy (BM25 with field weights) and the
//! groups are combined with a coordination factor, so entries that answer
//! every word of the query come before entries that answer one word loudly.
//!
//! Here: the entry points (`search`, `try_search`, `explain`) and the
//! order of the steps. The steps, each in its own module:
//! - `plan`: the groups, one per typed word or phrase, weighed by the
//!   word's role, and the groups a query implies;
//! - `roles`: which words are not the topic (an office in general, whose
//!   it is, who wants it, a time or circumstance of the caller's story);
//! - `terms`: one word's alternatives (stem, synonyms, compound parts,
//!   separable forms, prefix completions, typo corrections);
//! - `score`: tantivy scoring of the groups and their coordination;
//! - `rerank`: adjustments after scoring (names, offices, section bonus,
//!   priors);
//! - `jump`: the fuzzy title jump.

mod jump;
mod plan;
mod rerank;
mod roles;
mod score;
mod terms;

pub use jump::{TitleJump, jump};

pub use super::analysis::{osa_distance, typo_budget};
use super::index::SearchIndex;
use super::intent::Aspect;
use super::snippet::Highlights;
pub use super::snippet::SnippetPart;
use super::{EntryKind, KnowledgeBase, PortalService};

use plan::plan;
use rerank::{
    apply_name_bonus, apply_section_bonus, apply_service_prior, put_errand_office_first,
    put_named_first,
};
use score::rank;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Entry id.
    pub id: String,
    /// Service or location.
    pub kind: EntryKind,
    /// Title.
    pub title: String,
    /// Read-aloud summary.
    pub summary: String,
    /// The best matching line with highlights.
    pub snippet: Vec<SnippetPart>,
    /// Relevance score (higher is better; only comparable within a query).
    pub score: f32,
    /// The portal service, if any.
    pub portal_service: Option<PortalService>,
}

/// Searches the knowledge base. Never fails: any text gives results or
/// none; index errors are logged and yield no results. (`Desk::search`
/// goes further: it falls back to an index in memory.)
pub fn search(
    kb: &KnowledgeBase,
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> Vec<SearchHit> {
    try_search(kb, index, query, limit).unwrap_or_else(|e| {
        tracing::error!(error = %e, "search failed");
        Vec::new()
    })
}

/// [`search`], with tantivy's errors returned, so the caller can tell a
/// failing index from a query that matches nothing.
pub fn try_search(
    kb: &KnowledgeBase,
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> tantivy::Result<Vec<SearchHit>> {
    let limit = limit.clamp(1, 100);
    let plan = plan(kb, index, query);
    if plan.groups.is_empty() {
        return Ok(Vec::new());
    }
    // Rank a few more than asked, so the priors below can reorder.
    let mut ranked = rank(index, &plan, limit * 2)?;
    let hl = Highlights::new(
        plan.groups
            .iter()
            .map(|g| g.terms.keys().map(String::as_str)),
    );
    let focus = plan.understanding.aspect.and_then(Aspect::section);
    apply_section_bonus(kb, index, &plan, &hl, focus, &mut ranked);
    apply_name_bonus(kb, &plan.understanding, &mut ranked);
    apply_service_prior(kb, &mut ranked, plan.understanding.aspect);
    put_errand_office_first(kb, &plan.understanding, &mut ranked);
    put_named_first(kb, query, &mut ranked);
    ranked.truncate(limit);
    Ok(ranked
        .into_iter()
        .filter_map(|(id, score)| {
            let e = kb.entries.get(&id)?;
            Some(SearchHit {
                id: e.id.clone(),
                kind: e.kind,
                title: e.title.clone(),
                summary: e.summary.clone(),
                snippet: index.snippets.snippet(e, &hl, &index.dictionary, focus),
                score,
                portal_service: e.portal_service,
            })
        })
        .collect())
}

/// The query plan as editors can read it. Behind `auskunft search
/// --explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The agents' abbreviations read in the query.
    pub abbreviations: Vec<super::Expansion>,
    /// The aspect the query asks about, if any.
    pub aspect: Option<Aspect>,
    /// The phrases taken as aspect words, with their aspect.
    pub cues: Vec<(String, Aspect)>,
    /// One per typed word (or synonym phrase): its weight in ranking and
    /// the terms searched for it with their weights, best first.
    pub groups: Vec<(f32, Vec<(String, f32)>)>,
}

/// Explains how `query` is searched.
pub fn explain(kb: &KnowledgeBase, index: &SearchIndex, query: &str) -> Explanation {
    let plan = plan(kb, index, query);
    Explanation {
        abbreviations: kb.abbreviations.found(query),
        aspect: plan.understanding.aspect,
        cues: plan.understanding.cues,
        groups: plan
            .groups
            .into_iter()
            .map(|g| {
                let mut terms: Vec<(String, f32)> = g.terms.into_iter().collect();
                terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                (g.weight, terms)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::analysis::stem;

    #[test]
    fn osa_counts_a_transposition_as_one() {
        assert_eq!(osa_distance("ausweis", "auswies"), 1);
        assert_eq!(osa_distance("personalausweiss", "personalausweis"), 1);
        assert_eq!(osa_distance("hund", "hund"), 0);
        assert_eq!(osa_distance("", "abc"), 3);
    }

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typo_budget("hund"), 0);
        assert_eq!(typo_budget("pass"), 0);
        assert_eq!(typo_budget("kfzaa"), 1);
        assert_eq!(typo_budget("anmelden"), 1);
        assert_eq!(typo_budget("anmeldung"), 2);
    }

    /// The shipped knowledge base, indexed in memory.
    pub(super) fn shipped() -> (KnowledgeBase, SearchIndex) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge-base");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let kb = KnowledgeBase::load(&dir, today).unwrap();
        let index = SearchIndex::build_in_ram(&kb, kb.dictionary().clone());
        (kb, index)
    }

    /// The weight `explain` gives `term` in the group of the typed word
    /// at `word` (0 when the group lacks it).
    fn weight_of(e: &Explanation, word: usize, term: &str) -> f32 {
        e.groups[word]
            .1
            .iter()
            .find(|(t, _)| t == term)
            .map_or(0.0, |(_, w)| *w)
    }

    #[test]
    fn a_finished_last_word_the_entries_have_is_completed_only_weakly() {
        let (kb, index) = shipped();
        // "tür" is a word of the entries ("an der Haustür"): its
        // completion "türkei" is a guess, not what was typed.
        let e = explain(&kb, &index, "parkplatz vor der tür");
        let last = e.groups.len() - 1;
        assert_eq!(weight_of(&e, last, "tur"), 1.0);
        assert_eq!(weight_of(&e, last, "turkei"), 0.5);
        // A start no entry has is still completed at the prefix weight:
        // the agent is typing "kinderg…".
        let e = explain(&kb, &index, "kinderg");
        assert_eq!(weight_of(&e, 0, "kindergeld"), 0.8);
    }

    #[test]
    fn a_country_named_in_english_is_abroad() {
        let (kb, index) = shipped();
        let e = explain(&kb, &index, "driving licence from india");
        let india = e
            .groups
            .iter()
            .position(|(_, terms)| terms.iter().any(|(t, _)| t == "india"))
            .expect("a group for india");
        assert_eq!(weight_of(&e, india, "ausland"), 0.7);
    }

    #[test]
    fn a_one_word_name_in_another_form_calls_its_entry() {
        let (kb, _index) = shipped();
        // "Mädchenname" is a synonym of the name change alone; the typed
        // plural form meets it by the stem.
        assert_eq!(
            kb.named_by_stem(&stem("madchennamen")),
            [("namensaenderung".to_string(), true)]
        );
        // A verb among the names is no noun ("heiraten").
        assert!(
            kb.named_by_stem(&stem("heiraten"))
                .iter()
                .all(|(_, noun)| !noun)
        );
    }
}
