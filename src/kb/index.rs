//! The tantivy index of the knowledge base, on disk in the data folder.
//!
//! Analysis is ours (see [`super::analysis`]): documents are added as
//! pre-tokenised text, so indexing, querying and snippets share one chain
//! and tantivy's own tokenizers never run. The index records its schema
//! version, the compound dictionary's fingerprint and a content hash per
//! entry; opening compares those with the files and either patches the
//! index (delete by id + add) or rebuilds it.
//!
//! Opening also checks the files: tantivy's checksum of every segment file
//! and a few probe queries (entries must be found by their own title
//! terms), so a damaged file is rebuilt at open instead of making searches
//! panic or find nothing. Rebuilding deletes only the files tantivy and the
//! desk write; a folder holding anything else is left alone and the index
//! lives in memory for the run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{PreTokenizedString, Token as TvToken};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::analysis::{
    CompoundDictionary, fold, index_terms, is_stop_word, suspended_compounds, words,
};
use super::guard::guarded;
use super::snippet::SnippetCache;
use super::typos::TypoTable;
use super::{Entry, KnowledgeBase};
use crate::error::{Error, Result};

/// Bump when the schema or the analysis chain changes: an index of another
/// version is rebuilt on open.
pub const SCHEMA_VERSION: u32 = 20;

const META_FILE: &str = "auskunft-index.json";
const META_TMP: &str = "auskunft-index.json.tmp";
const WRITER_MEMORY: usize = 50_000_000;

/// Entries the self-check at open probes, spread over the knowledge base:
/// enough to touch every part of a small index, few enough to stay within
/// milliseconds for ten thousand entries.
const PROBES: usize = 32;

/// Files of the index folder that are not segment files: the desk's meta
/// (and its temporary twin) and tantivy's own bookkeeping.
const BOOKKEEPING_FILES: [&str; 6] = [
    META_FILE,
    META_TMP,
    "meta.json",
    ".managed.json",
    ".tantivy-meta.lock",
    ".tantivy-writer.lock",
];

/// The fields searched, with their ranking weight: title over synonyms over
/// summary over body.
pub const FIELD_WEIGHTS: [(&str, f32); 5] = [
    ("title", 4.0),
    ("synonyms", 3.0),
    ("summary", 1.6),
    ("body", 1.0),
    // Parts of compounds from all of the above ("reisepass" in
    // "Kinderreisepass"): found, but below a whole-word match.
    ("parts", 1.2),
];

/// Analysis per distinct word as written: `None` for a stop word, else the
/// whole-word terms and the compound-part terms.
type TermCache = HashMap<String, Option<(Vec<String>, Vec<String>)>>;

/// Handles to the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Entry id (stored, exact).
    pub id: Field,
    /// Ranked text fields, in [`FIELD_WEIGHTS`] order.
    pub ranked: [Field; 5],
    /// Union of all terms: the vocabulary for fuzzy and prefix expansion.
    pub all: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    // Frequencies but no positions: there are no phrase queries, and the
    // index stays small.
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let ranked = FIELD_WEIGHTS.map(|(name, _)| b.add_text_field(name, text.clone()));
    let all = b.add_text_field(
        "all",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    (b.build(), Fields { id, ranked, all })
}

/// What the index holds, written next to it after each commit.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct IndexMeta {
    schema_version: u32,
    dictionary: String,
    entries: BTreeMap<String, String>,
}

/// How the index came to be on open (for logs and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenOutcome {
    /// Nothing changed since the last run.
    Reused,
    /// Some entries were replaced, added or removed.
    Updated {
        /// Entries (re)indexed.
        changed: usize,
        /// Entries deleted.
        removed: usize,
    },
    /// Built from scratch, with the reason.
    Rebuilt(String),
    /// The folder could not be used; the index lives in memory this run.
    InMemory(String),
}

/// The open index with its reader.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// Field handles.
    pub fields: Fields,
    /// The compound dictionary the index was built with.
    pub dictionary: CompoundDictionary,
    dir: Option<PathBuf>,
    /// Analysed entry lines for snippets, filled on first display.
    pub snippets: SnippetCache,
    /// The vocabulary by deletion neighbourhood for typo corrections,
    /// worked out at the first search that needs it or ahead
    /// ([`SearchIndex::typos`]). An index is not written once it is in
    /// use (only while it is opened or built), so its vocabulary is fixed.
    typos: OnceLock<TypoTable>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` for the knowledge base, updating or
    /// rebuilding as needed, and checks it (see the module comment). If
    /// the folder cannot be used at all, the index is built in memory so
    /// the desk still starts; the outcome says so and why. A panic inside
    /// tantivy counts as an unusable index, never reaches the caller.
    pub fn open(dir: &Path, kb: &KnowledgeBase) -> (Self, OpenOutcome) {
        let dictionary = kb.dictionary().clone();
        let first = match guarded(|| Self::open_on_disk(dir, kb, &dictionary)) {
            Ok(Ok(r)) => return r,
            Ok(Err(e)) => e,
            Err(panic) => Error::index(dir, panic),
        };
        tracing::warn!(error = %first, "index unusable, rebuilding");
        match Self::rebuild_on_disk(dir, kb, dictionary.clone()) {
            Ok(idx) => (
                idx,
                OpenOutcome::Rebuilt(format!("previous index unusable: {first}")),
            ),
            Err(e) => {
                tracing::error!(error = %e, "index folder unusable, using memory");
                (
                    Self::build_in_ram(kb, dictionary),
                    OpenOutcome::InMemory(format!("{e}; the index is kept in memory this run")),
                )
            }
        }
    }

    /// Deletes what the desk and tantivy wrote in `dir` (never anything
    /// else), builds the index there afresh and checks it. Panics inside
    /// tantivy come back as errors.
    pub(crate) fn rebuild_on_disk(
        dir: &Path,
        kb: &KnowledgeBase,
        dictionary: CompoundDictionary,
    ) -> Result<Self> {
        guarded(|| {
            clear_dir(dir)?;
            let idx = Self::build_on_disk(dir, kb, dictionary)?;
            idx.self_check(&kb.entries.values().collect::<Vec<_>>())?;
            Ok(idx)
        })
        .unwrap_or_else(|panic| Err(Error::index(dir, panic)))
    }

    /// Whether this index lives in memory (nothing on disk to rebuild).
    pub fn is_in_memory(&self) -> bool {
        self.dir.is_none()
    }

    /// Builds an index in memory (benchmarks, read-only data folders).
    pub fn build_in_ram(kb: &KnowledgeBase, dictionary: CompoundDictionary) -> Self {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        // A RAM directory cannot fail to lock or write; errors here would be
        // bugs, so they degrade to an empty index rather than a panic.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .expect("a RAM index always has a reader");
        let mut idx = SearchIndex {
            index,
            reader,
            fields,
            dictionary,
            dir: None,
            snippets: SnippetCache::default(),
            typos: OnceLock::new(),
        };
        if let Err(e) = idx.write(kb.entries.values(), &[], true) {
            tracing::error!(error = %e, "building the in-memory index failed");
        }
        idx
    }

    fn open_on_disk(
        dir: &Path,
        kb: &KnowledgeBase,
        dictionary: &CompoundDictionary,
    ) -> Result<(Self, OpenOutcome)> {
        let meta: Option<IndexMeta> = std::fs::read(dir.join(META_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let stale = match &meta {
            None => Err("no index yet".to_string()),
            Some(m) if m.schema_version != SCHEMA_VERSION => Err(format!(
                "schema version {} → {SCHEMA_VERSION}",
                m.schema_version
            )),
            Some(m) if m.dictionary != dictionary.fingerprint() => {
                Err("vocabulary changed (compounds may split differently)".to_string())
            }
            Some(m) => Ok(m),
        };
        let meta = match stale {
            Ok(m) => m,
            Err(reason) => {
                let idx = Self::rebuild_on_disk(dir, kb, dictionary.clone())?;
                return Ok((idx, OpenOutcome::Rebuilt(reason)));
            }
        };
        let index = Index::open_in_dir(dir).map_err(|e| Error::index(dir, e))?;
        let (schema, fields) = schema();
        if index.schema() != schema {
            return Err(Error::index(dir, "schema differs from this version's"));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(dir, e))?;
        let mut idx = SearchIndex {
            index,
            reader,
            fields,
            dictionary: dictionary.clone(),
            dir: Some(dir.to_path_buf()),
            snippets: SnippetCache::default(),
            typos: OnceLock::new(),
        };
        // Verify that the committed documents match the meta: a torn write
        // shows up here rather than as missing results later.
        let docs = idx.reader.searcher().num_docs() as usize;
        if docs != meta.entries.len() {
            return Err(Error::index(
                dir,
                format!("{docs} documents but meta lists {}", meta.entries.len()),
            ));
        }
        let (changed, unchanged): (Vec<&Entry>, Vec<&Entry>) = kb
            .entries
            .values()
            .partition(|e| meta.entries.get(&e.id) != Some(&e.hash));
        // Probe what the index should already hold, before writing to it.
        idx.self_check(&unchanged)?;
        let removed: Vec<String> = meta
            .entries
            .keys()
            .filter(|id| !kb.entries.contains_key(*id))
            .cloned()
            .collect();
        if changed.is_empty() && removed.is_empty() {
            return Ok((idx, OpenOutcome::Reused));
        }
        let outcome = OpenOutcome::Updated {
            changed: changed.len(),
            removed: removed.len(),
        };
        idx.write(changed.into_iter(), &removed, false)?;
        idx.save_meta(kb)?;
        Ok((idx, outcome))
    }

    fn build_on_disk(
        dir: &Path,
        kb: &KnowledgeBase,
        dictionary: CompoundDictionary,
    ) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| Error::index(dir, e))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema).map_err(|e| Error::index(dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(dir, e))?;
        let mut idx = SearchIndex {
            index,
            reader,
            fields,
            dictionary,
            dir: Some(dir.to_path_buf()),
            snippets: SnippetCache::default(),
            typos: OnceLock::new(),
        };
        idx.write(kb.entries.values(), &[], true)?;
        idx.save_meta(kb)?;
        Ok(idx)
    }

    /// Replaces `entries` (delete by id + add) and deletes `removed`, in
    /// one commit.
    fn write<'a>(
        &mut self,
        entries: impl Iterator<Item = &'a Entry>,
        removed: &[String],
        fresh: bool,
    ) -> Result<()> {
        let dir = self.dir.clone().unwrap_or_default();
        // One thread gives one segment for a fresh build: fewer term
        // dictionaries to walk when expanding fuzzy and prefix terms.
        let mut writer: IndexWriter = self
            .index
            .writer_with_num_threads(1, WRITER_MEMORY)
            .map_err(|e| Error::index(&dir, e))?;
        let mut cache = HashMap::new();
        for id in removed {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        for e in entries {
            if !fresh {
                writer.delete_term(Term::from_field_text(self.fields.id, &e.id));
            }
            let doc = self.document(e, &mut cache);
            writer
                .add_document(doc)
                .map_err(|e| Error::index(&dir, e))?;
        }
        writer.commit().map_err(|e| Error::index(&dir, e))?;
        // An update leaves the replaced documents deleted in the old
        // segment, and they still count in the term statistics that rank
        // (until a merge the policy may never start): the same knowledge
        // base then ranked a few near ties unlike a fresh build. Merging
        // into one segment makes an edited index rank as a rebuilt one.
        let segments = self
            .index
            .searchable_segment_ids()
            .map_err(|e| Error::index(&dir, e))?;
        if segments.len() > 1 {
            writer
                .merge(&segments)
                .wait()
                .map_err(|e| Error::index(&dir, e))?;
        }
        writer
            .wait_merging_threads()
            .map_err(|e| Error::index(&dir, e))?;
        self.reader.reload().map_err(|e| Error::index(&dir, e))?;
        Ok(())
    }

    fn document(&self, e: &Entry, cache: &mut TermCache) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.id, &e.id);
        let texts = [
            e.title.clone(),
            e.synonyms.join(" · "),
            e.summary.clone(),
            e.body_text(),
        ];
        let mut all_tokens = Vec::new();
        let mut part_tokens = Vec::new();
        let [title, synonyms, summary, body, parts] = self.fields.ranked;
        for (field, text) in [title, synonyms, summary, body].into_iter().zip(texts) {
            let (whole, compound_parts) = self.pre_tokenize(&text, cache);
            all_tokens.extend(whole.tokens.iter().cloned());
            all_tokens.extend(compound_parts.iter().cloned());
            part_tokens.extend(compound_parts);
            doc.add_pre_tokenized_text(field, whole);
        }
        doc.add_pre_tokenized_text(
            parts,
            PreTokenizedString {
                text: String::new(),
                tokens: part_tokens,
            },
        );
        doc.add_pre_tokenized_text(
            self.fields.all,
            PreTokenizedString {
                text: String::new(),
                tokens: all_tokens,
            },
        );
        doc
    }

    /// The whole-word tokens of a text (as its field's content) and the
    /// compound-part tokens (for the parts field).
    fn pre_tokenize(
        &self,
        text: &str,
        cache: &mut TermCache,
    ) -> (PreTokenizedString, Vec<TvToken>) {
        let mut whole = Vec::new();
        let mut parts = Vec::new();
        let mut pos = 0;
        // "Geburts- oder Eheurkunde" also says "Geburtsurkunde": the
        // completed compound stands at the suspended word's position.
        let completed = suspended_compounds(text, &self.dictionary);
        for w in words(text) {
            if let Some((_, c)) = completed.iter().find(|(at, _)| *at == w.start) {
                let (c_terms, p_terms) = index_terms(c, &self.dictionary);
                let token = |term: String| TvToken {
                    offset_from: w.start,
                    offset_to: w.end,
                    position: pos,
                    text: term,
                    position_length: 1,
                };
                whole.extend(c_terms.into_iter().map(token));
                parts.extend(p_terms.into_iter().map(token));
            }
            // Analysis per distinct word, not per occurrence: stemming and
            // splitting dominate the build time otherwise.
            let terms = cache.entry(w.text.to_string()).or_insert_with(|| {
                let folded = fold(w.text);
                if is_stop_word(&folded) {
                    return None;
                }
                Some(index_terms(&folded, &self.dictionary))
            });
            let Some((w_terms, p_terms)) = terms else {
                continue;
            };
            let token = |term: &String| TvToken {
                offset_from: w.start,
                offset_to: w.end,
                position: pos,
                text: term.clone(),
                position_length: 1,
            };
            whole.extend(w_terms.iter().map(token));
            parts.extend(p_terms.iter().map(token));
            pos += 1;
        }
        let whole = PreTokenizedString {
            text: text.to_string(),
            tokens: whole,
        };
        (whole, parts)
    }

    fn save_meta(&self, kb: &KnowledgeBase) -> Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let meta = IndexMeta {
            schema_version: SCHEMA_VERSION,
            dictionary: self.dictionary.fingerprint(),
            entries: kb
                .entries
                .values()
                .map(|e| (e.id.clone(), e.hash.clone()))
                .collect(),
        };
        let path = dir.join(META_FILE);
        let tmp = dir.join(META_TMP);
        let bytes = serde_json::to_vec_pretty(&meta).map_err(|e| Error::index(dir, e))?;
        // Write-then-rename, so a crash leaves the old meta or the new one.
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(())
    }

    /// Checks that the index answers for what it holds: tantivy's CRC32
    /// footer of every segment file, then each probed entry must be found
    /// (exactly once, with its id read back from the store) by some of its
    /// own terms in every field, its title terms among them. A damaged
    /// postings file would make searches panic, a damaged term dictionary
    /// would make them find nothing; both fail here. Call inside
    /// [`guarded`]: a damaged file may panic tantivy.
    fn self_check(&self, entries: &[&Entry]) -> Result<()> {
        let dir = self.dir.clone().unwrap_or_default();
        let damaged = self
            .index
            .validate_checksum()
            .map_err(|e| Error::index(&dir, e))?;
        if let Some(file) = damaged.iter().min() {
            return Err(Error::index(
                &dir,
                format!(
                    "{} damaged file(s), e.g. {} (checksum differs)",
                    damaged.len(),
                    file.display()
                ),
            ));
        }
        let searcher = self.reader.searcher();
        let mut cache = HashMap::new();
        let step = entries.len().div_ceil(PROBES).max(1);
        for e in entries.iter().step_by(step) {
            for (field, term) in self.probe_terms(e, &mut cache) {
                if !self.probe(&searcher, &e.id, field, &term)? {
                    let name = self.index.schema().get_field_name(field).to_string();
                    return Err(Error::index(
                        &dir,
                        format!(
                            "entry {:?} is not found by its own {name} term {term:?}",
                            e.id
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether `id:<id> AND <field>:<term>` finds exactly one document and
    /// the store gives back that id.
    fn probe(
        &self,
        searcher: &tantivy::Searcher,
        id: &str,
        field: Field,
        term: &str,
    ) -> Result<bool> {
        let dir = self.dir.clone().unwrap_or_default();
        let must = |field: Field, text: &str| -> (Occur, Box<dyn Query>) {
            let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic);
            (Occur::Must, Box::new(q))
        };
        let q = BooleanQuery::new(vec![must(self.fields.id, id), must(field, term)]);
        let hits = searcher
            .search(&q, &TopDocs::with_limit(2).order_by_score())
            .map_err(|e| Error::index(&dir, e))?;
        let [(_, addr)] = hits.as_slice() else {
            return Ok(false);
        };
        let doc: TantivyDocument = searcher.doc(*addr).map_err(|e| Error::index(&dir, e))?;
        Ok(doc.get_first(self.fields.id).and_then(|v| v.as_str()) == Some(id))
    }

    /// Terms an entry is indexed under, per field: every title word's, and
    /// the first, middle and last word's of the synonyms, summary and body,
    /// each in its own field, its compound parts in `parts`, and all of
    /// them in `all`. Only these few words are analysed, so the check
    /// stays cheap for long articles.
    fn probe_terms(&self, e: &Entry, cache: &mut TermCache) -> Vec<(Field, String)> {
        let [title, synonyms, summary, body, parts] = self.fields.ranked;
        let texts = [
            (title, e.title.clone()),
            (synonyms, e.synonyms.join(" · ")),
            (summary, e.summary.clone()),
            (body, e.body_text()),
        ];
        let mut probes = Vec::new();
        for (field, text) in texts {
            let all: Vec<&str> = words(&text).map(|w| w.text).collect();
            let chosen = if field == title || all.len() <= 3 {
                all
            } else {
                vec![all[0], all[all.len() / 2], all[all.len() - 1]]
            };
            let (whole, compound_parts) = self.pre_tokenize(&chosen.join(" "), cache);
            for t in whole.tokens {
                probes.push((self.fields.all, t.text.clone()));
                probes.push((field, t.text));
            }
            for t in compound_parts {
                probes.push((self.fields.all, t.text.clone()));
                probes.push((parts, t.text));
            }
        }
        probes.sort_unstable();
        probes.dedup();
        probes
    }

    /// A searcher over the current commit.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The vocabulary of the catch-all field by deletion neighbourhood
    /// ([`TypoTable`]), worked out once (about 0.1 s at 10,000 entries).
    /// A segment whose terms cannot be read adds none; the automaton walk
    /// it replaces skipped such a segment the same way.
    pub fn typos(&self) -> &TypoTable {
        self.typos.get_or_init(|| {
            let searcher = self.searcher();
            let mut terms: Vec<String> = Vec::new();
            for seg in searcher.segment_readers() {
                let Ok(inv) = seg.inverted_index(self.fields.all) else {
                    continue;
                };
                let Ok(mut stream) = inv.terms().stream() else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(t) = std::str::from_utf8(stream.key()) {
                        terms.push(t.to_string());
                    }
                }
            }
            // One segment streams its terms in order; several are merged.
            terms.sort_unstable();
            terms.dedup();
            TypoTable::new(terms.iter().map(String::as_str))
        })
    }

    /// Number of indexed entries.
    pub fn len(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The compound dictionary of a knowledge base: every word editors wrote.
pub(super) fn dictionary_of(kb: &KnowledgeBase) -> CompoundDictionary {
    let texts: Vec<String> = kb
        .entries
        .values()
        .map(|e| {
            format!(
                "{}\n{}\n{}\n{}",
                e.title,
                e.synonyms.join("\n"),
                e.summary,
                e.body_text()
            )
        })
        .collect();
    CompoundDictionary::from_texts(texts.iter().map(String::as_str))
}

/// Deletes the files the desk and tantivy write in the index folder, and
/// only those: the folder may be one a user chose (`--data ~/somefolder`),
/// so anything else in it (another file, a subfolder, a link) stops the
/// clearing before a single file is deleted, with an error naming it.
fn clear_dir(dir: &Path) -> Result<()> {
    let listing = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Error::index(
                dir,
                format!("cannot be read as a folder ({e}); nothing there was deleted"),
            ));
        }
    };
    let mut ours = Vec::new();
    for item in listing {
        let item = item.map_err(|e| Error::index(dir, e))?;
        let is_file = item.file_type().is_ok_and(|t| t.is_file());
        let name = item.file_name();
        match name.to_str() {
            Some(n) if is_file && is_index_file(n) => ours.push(item.path()),
            _ => {
                return Err(Error::index(
                    dir,
                    format!(
                        "the folder holds {:?}, which the desk did not write; nothing there was \
                         deleted (move it away, or choose another data folder)",
                        name.to_string_lossy()
                    ),
                ));
            }
        }
    }
    for path in ours {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(&path, e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether a file name in the index folder is one the desk or tantivy
/// writes: the bookkeeping files, tantivy's temporary files of an atomic
/// write (the tempfile crate's `.tmp` + six characters), and segment files
/// (`<32 hex digits>.<component>`, deletes as `<uuid>.<opstamp>.del`).
pub(crate) fn is_index_file(name: &str) -> bool {
    if BOOKKEEPING_FILES.contains(&name) {
        return true;
    }
    if let Some(rest) = name.strip_prefix(".tmp") {
        return rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    let Some((uuid, component)) = name.split_once('.') else {
        return false;
    };
    let is_uuid = uuid.len() == 32 && uuid.bytes().all(|b| b.is_ascii_hexdigit());
    let is_component = matches!(
        component,
        "idx" | "pos" | "term" | "store" | "store.temp" | "fast" | "fieldnorm"
    ) || component
        .strip_suffix(".del")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    is_uuid && is_component
}

#[cfg(test)]
mod tests {
    use super::is_index_file;

    #[test]
    fn only_the_files_the_desk_and_tantivy_write_count_as_index_files() {
        for ours in [
            "auskunft-index.json",
            "auskunft-index.json.tmp",
            "meta.json",
            ".managed.json",
            ".tantivy-writer.lock",
            ".tantivy-meta.lock",
            ".tmpA1b2C3",
            "23390cd6750d4b61ba2bdf99428f17b3.idx",
            "23390cd6750d4b61ba2bdf99428f17b3.store.temp",
            "23390cd6750d4b61ba2bdf99428f17b3.12.del",
        ] {
            assert!(is_index_file(ours), "{ours}");
        }
        for theirs in [
            "notizen.txt",
            "meta.json.bak",
            ".tmp",
            ".tmpfile-of-mine",
            "23390cd6750d4b61ba2bdf99428f17b3.docx",
            "23390cd6750d4b61ba2bdf99428f17b3.del",
            "2339.idx",
            "",
        ] {
            assert!(!is_index_file(theirs), "{theirs}");
        }
    }
}
