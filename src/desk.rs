//! `Desk`: the one façade that the CLI, the desktop shell and the tests
//! call. Everything an agent can do goes through here.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::hours::TZ;
use crate::kb::answer::{Answer, LocationStatus, answer_for, detect_focus, location_status};
use crate::kb::index::{OpenOutcome, SearchIndex};
use crate::kb::search::{SearchHit, TitleJump, jump, search};
use crate::kb::{Entry, KnowledgeBase, Problem};

/// Where the desk reads and writes.
#[derive(Debug, Clone)]
pub struct DeskConfig {
    /// The knowledge-base folder.
    pub kb_dir: PathBuf,
    /// The data folder (index, store, logs).
    pub data_dir: PathBuf,
}

impl DeskConfig {
    /// The index folder inside the data folder.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }
}

/// The desk: knowledge base and index, opened once, used for every call.
#[derive(Debug)]
pub struct Desk {
    config: DeskConfig,
    kb: KnowledgeBase,
    index: SearchIndex,
    index_outcome: OpenOutcome,
}

impl Desk {
    /// Opens the knowledge base and its index. Broken entry files are
    /// skipped (see [`Desk::problems`]); a broken index is rebuilt. Fails
    /// only if the knowledge-base folder cannot be read.
    pub fn open(config: DeskConfig) -> Result<Self> {
        let today = Utc::now().with_timezone(&TZ).date_naive();
        let kb = KnowledgeBase::load(&config.kb_dir, today)?;
        for p in &kb.problems {
            tracing::warn!(problem = %p, "knowledge base");
        }
        let (index, index_outcome) = SearchIndex::open(&config.index_dir(), &kb);
        tracing::info!(entries = kb.entries.len(), outcome = ?index_outcome, "desk opened");
        Ok(Self {
            config,
            kb,
            index,
            index_outcome,
        })
    }

    /// Re-reads the knowledge-base folder and updates the index (editors
    /// saved files). Keeps the old state if the folder cannot be read.
    pub fn reload(&mut self) -> Result<OpenOutcome> {
        let today = Utc::now().with_timezone(&TZ).date_naive();
        let kb = KnowledgeBase::load(&self.config.kb_dir, today)?;
        let (index, outcome) = SearchIndex::open(&self.config.index_dir(), &kb);
        self.kb = kb;
        self.index = index;
        self.index_outcome = outcome.clone();
        Ok(outcome)
    }

    /// The configuration.
    pub fn config(&self) -> &DeskConfig {
        &self.config
    }

    /// The loaded knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// Problems found while loading the knowledge base.
    pub fn problems(&self) -> &[Problem] {
        &self.kb.problems
    }

    /// How the index was opened.
    pub fn index_outcome(&self) -> &OpenOutcome {
        &self.index_outcome
    }

    /// Search as the agent types.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        search(&self.kb, &self.index, query, limit)
    }

    /// Quick jump to a title.
    pub fn jump(&self, query: &str, limit: usize) -> Vec<TitleJump> {
        jump(&self.kb, query, limit)
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.kb.entry(id)
    }

    /// Opens an entry as an answer at `at` (no focus).
    pub fn open_entry(&self, id: &str, at: DateTime<Utc>) -> Result<Answer> {
        let e = self.kb.entry(id)?;
        Ok(answer_for(&self.kb, e, None, at))
    }

    /// Answers a question: the best entry, the section asked about and the
    /// offices' state at `at`. `None` when nothing matches.
    pub fn ask(&self, question: &str, at: DateTime<Utc>) -> Option<Answer> {
        let best = self.search(question, 1).into_iter().next()?;
        let entry = self.kb.entries.get(&best.id)?;
        Some(answer_for(&self.kb, entry, detect_focus(question), at))
    }

    /// The state of a location at `at`.
    pub fn hours(&self, id: &str, at: DateTime<Utc>) -> Result<LocationStatus> {
        let e = self.kb.entry(id)?;
        location_status(e, at)
            .ok_or_else(|| crate::error::Error::invalid("id", format!("{id:?} is not a location")))
    }
}

/// The default knowledge-base folder: `AUSKUNFT_KB`, else the shipped
/// `knowledge-base/` next to the executable's workspace.
pub fn default_kb_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("AUSKUNFT_KB") {
        return PathBuf::from(p);
    }
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge-base");
    if shipped.is_dir() {
        return shipped;
    }
    PathBuf::from("knowledge-base")
}

/// The default data folder: `AUSKUNFT_DATA`, else the user's data folder
/// (`~/.local/share/auskunft` on Linux).
pub fn default_data_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("AUSKUNFT_DATA") {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("de", "Stadt Bochum", "auskunft")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".auskunft"))
}
