//! Scoring a plan with tantivy: each group as a disjunction of its terms,
//! the groups combined with a coordination factor over what each entry
//! covers.

use std::collections::{HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EnableScoring, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument, Term};

use crate::kb::index::{FIELD_WEIGHTS, SearchIndex};

use super::plan::Plan;
use super::terms::{Group, weight};

/// Share of the weaker alternatives of a word in its score (dis-max tie
/// breaker): the best reading of the word counts, the others barely.
const ALTERNATIVE_TIE: f32 = 0.5;

/// Share of a word's coverage that an entry matching only the generic
/// part of the typed compound gets: "büchereiausweis für kinder" must not
/// count as fully answered by the Kinderreisepass because its title says
/// "Ausweis".
const GENERIC_COVER: f32 = 0.25;

/// Share of a word's coverage that an entry matching only parts of a
/// typed compound gets when the knowledge base knows the whole compound:
/// "bürgergeld" is the Bürgergeld's word, and the Elterngeld, which
/// shares only its "geld", answers it in part.
const PART_COVER: f32 = 0.5;

/// Share of a word's coverage that an entry matching only a correction
/// two edits away gets: such a correction of a long word is a guess, and
/// as often another word ("schwester", which no entry has, is two edits
/// from "schwerer"): the Krankentransport must not count as answering
/// the sister in "darf meine schwester die sterbeurkunde bestellen".
const DISTANT_COVER: f32 = 0.5;

/// How many candidates each group contributes before combining.
const GROUP_DEPTH: usize = 100;

/// Scores each group with tantivy and combines them: the sum of group
/// scores (each times its weight) times the weighted share of groups
/// matched (squared, so that matching two of two words clearly beats one
/// of two).
pub(super) fn rank(
    index: &SearchIndex,
    plan: &Plan,
    limit: usize,
) -> tantivy::Result<Vec<(String, f32)>> {
    let searcher = index.searcher();
    let mut combined: HashMap<DocAddress, (f32, f32)> = HashMap::new();
    // Topic words first: they choose the entries. An aspect word ("welche
    // unterlagen") or a circumstance then scores only the entries they
    // found: it says what about the topic is asked, not which entry is
    // meant (issue 14), and "unterlagen" matching nearly every entry
    // would otherwise be scored across the whole index for a top list
    // that ties. Without topic words the first aspect word is searched
    // everywhere, and the others at the entries it found.
    let (topic, others): (Vec<&Group>, Vec<&Group>) =
        plan.groups.iter().partition(|g| g.is_topic());
    let search_all = |g: &Group| {
        searcher.search(
            &group_query(index, g),
            &TopDocs::with_limit(GROUP_DEPTH).order_by_score(),
        )
    };
    for g in topic {
        add_group(index, &searcher, g, search_all(g)?, &mut combined)?;
    }
    let mut found: Vec<DocAddress> = combined.keys().copied().collect();
    for g in others {
        if found.is_empty() {
            add_group(index, &searcher, g, search_all(g)?, &mut combined)?;
            found = combined.keys().copied().collect();
        } else {
            let top = score_only(index, &searcher, g, &found)?;
            add_group(index, &searcher, g, top, &mut combined)?;
        }
    }
    // Coverage is weighted too: an entry that misses an aspect word loses
    // less than one that misses a topic word.
    let n: f32 = plan.groups.iter().map(|g| g.weight).sum();
    let mut scored: Vec<(DocAddress, f32)> = combined
        .into_iter()
        .map(|(addr, (sum, matched))| {
            let cover = matched / n;
            (addr, sum * cover * cover)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(limit);
    let mut out = Vec::with_capacity(scored.len());
    for (addr, score) in scored {
        let doc: TantivyDocument = searcher.doc(addr)?;
        if let Some(id) = doc.get_first(index.fields.id).and_then(|v| v.as_str()) {
            out.push((id.to_string(), score));
        }
    }
    Ok(out)
}

/// Adds a group's scores and how much of the word each entry covers to
/// the entries' running sums.
fn add_group(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    g: &Group,
    top: Vec<(f32, DocAddress)>,
    combined: &mut HashMap<DocAddress, (f32, f32)>,
) -> tantivy::Result<()> {
    let ranked: Vec<DocAddress> = top.iter().map(|(_, a)| *a).collect();
    let cover = Coverage::of(index, searcher, g, &ranked)?;
    for (score, addr) in top {
        let share = cover.share(&addr);
        let e = combined.entry(addr).or_insert((0.0, 0.0));
        e.0 += score * g.weight;
        e.1 += g.weight * share;
    }
    Ok(())
}

/// How much of a word each entry answers: in full by the word itself (its
/// stem, a synonym, a close typo's correction), in part by the parts of a
/// compound the knowledge base knows whole ([`PART_COVER`]) or by a
/// correction two edits away ([`DISTANT_COVER`]), barely by the generic
/// part alone ([`GENERIC_COVER`]).
struct Coverage {
    /// Entries matching by a term that answers the word in full; `None`
    /// when every match counts in full (the word has only such terms).
    full: Option<HashSet<DocAddress>>,
    /// Entries matching by a specific part of the typed compound.
    part: HashSet<DocAddress>,
    /// Entries matching by a distant correction.
    distant: HashSet<DocAddress>,
}

/// What kind of answer to the typed word a term of its group is.
#[derive(PartialEq)]
enum TermKind {
    Full,
    Part,
    Generic,
    Distant,
}

impl Coverage {
    /// The coverage of the entries `docs` (those the group ranked).
    fn of(
        index: &SearchIndex,
        searcher: &tantivy::Searcher,
        g: &Group,
        docs: &[DocAddress],
    ) -> tantivy::Result<Self> {
        // A term reached another way at full weight (the typed word's own
        // stem, a synonym) is no part.
        let kind = |t: &String| {
            let w = g.terms.get(t).copied().unwrap_or(0.0);
            if g.generic.contains(t) && w < weight::PART {
                TermKind::Generic
            } else if g.parts.contains(t) && w <= weight::PART {
                TermKind::Part
            } else if g.distant.contains(t) && w <= weight::FUZZY2 {
                TermKind::Distant
            } else {
                TermKind::Full
            }
        };
        let terms =
            |k: TermKind| -> Vec<&String> { g.terms.keys().filter(|t| kind(t) == k).collect() };
        if g.terms.keys().all(|t| kind(t) == TermKind::Full) {
            return Ok(Self {
                full: None,
                part: HashSet::new(),
                distant: HashSet::new(),
            });
        }
        Ok(Self {
            full: Some(holding(index, searcher, &terms(TermKind::Full), docs)?),
            part: holding(index, searcher, &terms(TermKind::Part), docs)?,
            distant: holding(index, searcher, &terms(TermKind::Distant), docs)?,
        })
    }

    fn share(&self, addr: &DocAddress) -> f32 {
        let Some(full) = &self.full else {
            return 1.0;
        };
        if full.contains(addr) {
            return 1.0;
        }
        // Matched by something less than the word: the best of what.
        let by =
            |set: &HashSet<DocAddress>, share: f32| if set.contains(addr) { share } else { 0.0 };
        by(&self.part, PART_COVER)
            .max(by(&self.distant, DISTANT_COVER))
            .max(GENERIC_COVER)
    }
}

/// The documents of `docs` by segment, each segment's in ascending order,
/// as postings are read.
fn by_segment(docs: &[DocAddress]) -> HashMap<u32, Vec<u32>> {
    let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in docs {
        out.entry(d.segment_ord).or_default().push(d.doc_id);
    }
    for ids in out.values_mut() {
        ids.sort_unstable();
    }
    out
}

/// The scores the group's query ([`group_query`]) gives the documents of
/// `docs` that it matches, computed term by term: each term's postings are
/// sought at just those documents. (Seeking tantivy's union of the terms
/// would refill its window of thousands of documents at every step: no
/// faster than scoring them all.)
fn score_only(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    g: &Group,
    docs: &[DocAddress],
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    // One weight per alternative and field, with the boost term_query
    // gives it.
    let mut weights = Vec::new();
    for (alt, (term, w)) in g.terms.iter().enumerate() {
        for (tq, boost) in field_terms(index, term, *w) {
            weights.push((alt, tq.weight(scoring)?, boost));
        }
    }
    let mut out = Vec::new();
    let mut alt_scores = vec![0.0f32; g.terms.len()];
    for (segment_ord, ids) in by_segment(docs) {
        let reader = searcher.segment_reader(segment_ord);
        let mut scorers = Vec::new();
        for (alt, weight, boost) in &weights {
            let scorer = weight.scorer(reader, *boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push((*alt, scorer));
            }
        }
        for id in ids {
            alt_scores.fill(0.0);
            let mut matched = false;
            for (alt, scorer) in &mut scorers {
                if scorer.doc() < id {
                    scorer.seek(id);
                }
                if scorer.doc() == id {
                    // The fields of one alternative add up.
                    alt_scores[*alt] += scorer.score();
                    matched = true;
                }
            }
            if matched {
                // Dis-max over the alternatives, as DisjunctionMaxQuery.
                let max = alt_scores.iter().copied().fold(0.0, f32::max);
                let sum: f32 = alt_scores.iter().sum();
                out.push((
                    max + (sum - max) * ALTERNATIVE_TIE,
                    DocAddress::new(segment_ord, id),
                ));
            }
        }
    }
    Ok(out)
}

/// Which of `docs` hold any of `terms` (in any field): a look into each
/// term's postings at just those documents, not a collection of every
/// document a common term matches.
fn holding(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    terms: &[&String],
    docs: &[DocAddress],
) -> tantivy::Result<HashSet<DocAddress>> {
    let mut out = HashSet::new();
    if terms.is_empty() || docs.is_empty() {
        return Ok(out);
    }
    for (segment_ord, ids) in by_segment(docs) {
        let inverted = searcher
            .segment_reader(segment_ord)
            .inverted_index(index.fields.all)?;
        for t in terms {
            let term = Term::from_field_text(index.fields.all, t);
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            for &id in &ids {
                if postings.doc() < id {
                    postings.seek(id);
                }
                if postings.doc() == id {
                    out.insert(DocAddress::new(segment_ord, id));
                }
            }
        }
    }
    Ok(out)
}

/// A group's query. Alternatives of one word compete (dis-max): "abmel…"
/// completing to abmelden, abmeldung and abmeldebescheinigung must not
/// score three times. Fields of one alternative add up, weighted.
fn group_query(index: &SearchIndex, g: &Group) -> DisjunctionMaxQuery {
    let alternatives: Vec<Box<dyn Query>> = g
        .terms
        .iter()
        .map(|(term, w)| term_query(index, term, *w))
        .collect();
    DisjunctionMaxQuery::with_tie_breaker(alternatives, ALTERNATIVE_TIE)
}

/// One term in every ranked field, each field with its weight, all times
/// `w`; the fields add up.
fn term_query(index: &SearchIndex, term: &str, w: f32) -> Box<dyn Query> {
    let fields: Vec<(Occur, Box<dyn Query>)> = field_terms(index, term, w)
        .map(|(tq, boost)| {
            let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(tq), boost));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(fields))
}

/// The term in each ranked field with that field's boost times `w`: what
/// [`term_query`] adds up and [`score_only`] scores one by one.
fn field_terms<'a>(
    index: &'a SearchIndex,
    term: &'a str,
    w: f32,
) -> impl Iterator<Item = (TermQuery, f32)> + 'a {
    index
        .fields
        .ranked
        .iter()
        .zip(FIELD_WEIGHTS)
        .map(move |(field, (_, fw))| {
            let t = Term::from_field_text(*field, term);
            (TermQuery::new(t, IndexRecordOption::WithFreqs), fw * w)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::search::plan::plan;
    use crate::kb::search::tests::shipped;

    #[test]
    fn scoring_chosen_entries_gives_the_scores_a_search_gives() {
        let (kb, index) = shipped();
        let searcher = index.searcher();
        let every: Vec<DocAddress> = searcher
            .segment_readers()
            .iter()
            .enumerate()
            .flat_map(|(s, r)| (0..r.max_doc()).map(move |d| DocAddress::new(s as u32, d)))
            .collect();
        let mut groups = 0;
        for q in [
            "welche unterlagen brauche ich für die ummeldung",
            "personalausweis verloren was kostet",
            "anwohnerparkausweis beantr",
            "hundesteuer für zwei hunde",
        ] {
            for g in &plan(&kb, &index, q).groups {
                let searched = searcher
                    .search(
                        &group_query(&index, g),
                        &TopDocs::with_limit(every.len()).order_by_score(),
                    )
                    .unwrap();
                let scored = score_only(&index, &searcher, g, &every).unwrap();
                assert!(!searched.is_empty(), "{q}: a group matches nothing");
                // The same entries match, with the same scores.
                let by_addr: HashMap<DocAddress, f32> =
                    scored.iter().map(|(s, a)| (*a, *s)).collect();
                assert_eq!(by_addr.len(), searched.len(), "{q}: matches differ");
                for (score, addr) in &searched {
                    let mine = by_addr[addr];
                    assert!(
                        (mine - score).abs() <= 1e-4 * score.abs().max(1.0),
                        "{q}: {mine} vs {score}"
                    );
                }
                groups += 1;
            }
        }
        assert!(groups >= 8, "only {groups} groups compared");
    }
}
