//! The tantivy index of the knowledge base, on disk in the data folder.
//!
//! Analysis is ours (see [`super::analysis`]): documents are added as
//! pre-tokenised text, so indexing, querying and snippets share one chain
//! and tantivy's own tokenizers never run. The index records its schema
//! version, the compound dictionary's fingerprint and a content hash per
//! entry; opening compares those with the files and either patches the
//! index (delete by id + add) or rebuilds it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, Token as TvToken};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::analysis::{CompoundDictionary, fold, index_terms, is_stop_word, words};
use super::snippet::SnippetCache;
use super::{Entry, KnowledgeBase};
use crate::error::{Error, Result};

/// Bump when the schema or the analysis chain changes: an index of another
/// version is rebuilt on open.
pub const SCHEMA_VERSION: u32 = 3;

const META_FILE: &str = "auskunft-index.json";
const WRITER_MEMORY: usize = 50_000_000;

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
    /// rebuilding as needed. If the folder cannot be used at all, the index
    /// is built in memory so the desk still starts; the outcome says so.
    pub fn open(dir: &Path, kb: &KnowledgeBase) -> (Self, OpenOutcome) {
        let dictionary = dictionary_of(kb);
        match Self::open_on_disk(dir, kb, &dictionary) {
            Ok(r) => r,
            Err(first) => {
                tracing::warn!(error = %first, "index unusable, rebuilding");
                // One clean retry: wipe the folder and build again.
                let retry = std::fs::remove_dir_all(dir)
                    .or_else(|e| {
                        if e.kind() == std::io::ErrorKind::NotFound {
                            Ok(())
                        } else {
                            Err(e)
                        }
                    })
                    .map_err(|e| Error::index(dir, e))
                    .and_then(|_| Self::build_on_disk(dir, kb, dictionary.clone()));
                match retry {
                    Ok(idx) => (
                        idx,
                        OpenOutcome::Rebuilt(format!("previous index unusable: {first}")),
                    ),
                    Err(e) => {
                        tracing::error!(error = %e, "index folder unusable, using memory");
                        (
                            Self::build_in_ram(kb, dictionary),
                            OpenOutcome::InMemory(e.to_string()),
                        )
                    }
                }
            }
        }
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
                if dir.exists() {
                    std::fs::remove_dir_all(dir).map_err(|e| Error::index(dir, e))?;
                }
                let idx = Self::build_on_disk(dir, kb, dictionary.clone())?;
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
        let changed: Vec<&Entry> = kb
            .entries
            .values()
            .filter(|e| meta.entries.get(&e.id) != Some(&e.hash))
            .collect();
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
        for w in words(text) {
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
        let tmp = dir.join(format!("{META_FILE}.tmp"));
        let bytes = serde_json::to_vec_pretty(&meta).map_err(|e| Error::index(dir, e))?;
        // Write-then-rename, so a crash leaves the old meta or the new one.
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(())
    }

    /// A searcher over the current commit.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
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
pub fn dictionary_of(kb: &KnowledgeBase) -> CompoundDictionary {
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
