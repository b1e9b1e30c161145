//! The knowledge base: entry files, their validation, the German search
//! index and the answers built from it.

pub mod analysis;
pub mod answer;
mod entry;
pub mod index;
pub mod live;
mod parse;
mod problem;
pub mod search;
pub mod snippet;
mod synonyms;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};

pub use entry::{Entry, EntryKind, LocationInfo, PortalService, Section, SectionKey, SourceRef};
pub use parse::parse_entry;
pub use problem::{Problem, Severity};
pub use synonyms::{SynonymMatch, Synonyms};

use crate::error::{Error, Result};

/// Folders of the knowledge base that hold entries.
const ENTRY_DIRS: [&str; 2] = ["services", "locations"];

/// Months after which an entry counts as stale.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// All usable entries of a knowledge-base folder, plus every problem found.
/// A broken file is skipped and reported; it never stops the rest.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    /// The folder.
    pub root: PathBuf,
    /// Usable entries by id, sorted.
    pub entries: BTreeMap<String, Entry>,
    /// Global synonyms.
    pub synonyms: Synonyms,
    /// Errors and warnings, in file order.
    pub problems: Vec<Problem>,
}

impl KnowledgeBase {
    /// Loads and validates the folder. `today` decides which entries are
    /// stale. Fails only if the folder itself cannot be read.
    pub fn load(root: &Path, today: NaiveDate) -> Result<Self> {
        let meta = std::fs::metadata(root).map_err(|source| Error::KbUnavailable {
            path: root.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(Error::KbUnavailable {
                path: root.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            });
        }
        let mut kb = KnowledgeBase {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut files = Vec::new();
        for dir in ENTRY_DIRS {
            let dir = root.join(dir);
            let Ok(read) = std::fs::read_dir(&dir) else {
                continue;
            };
            for item in read.flatten() {
                let p = item.path();
                if p.extension().is_some_and(|e| e == "md") {
                    files.push(p);
                }
            }
        }
        files.sort();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in files {
            let text = match std::fs::read(&path).map(String::from_utf8) {
                Ok(Ok(t)) => t,
                Ok(Err(_)) => {
                    kb.error(&path, 1, "the file is not valid UTF-8".into());
                    continue;
                }
                Err(e) => {
                    kb.error(&path, 1, format!("cannot read: {e}"));
                    continue;
                }
            };
            let (entry, problems) = parse_entry(&path, &text);
            kb.problems.extend(problems);
            let Some(entry) = entry else { continue };
            let folder_kind = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str());
            let expected = match entry.kind {
                EntryKind::Service => "services",
                EntryKind::Location => "locations",
            };
            if folder_kind != Some(expected) {
                kb.error(
                    &path,
                    1,
                    format!("a {} entry belongs in {expected}/", entry.kind.as_str()),
                );
                continue;
            }
            if let Some(first) = seen.get(&entry.id) {
                kb.error(
                    &path,
                    1,
                    format!("id {:?} is already used by {}", entry.id, first.display()),
                );
                continue;
            }
            seen.insert(entry.id.clone(), path.clone());
            kb.entries.insert(entry.id.clone(), entry);
        }
        kb.check_links();
        kb.check_freshness(today);
        let (synonyms, problems) = Synonyms::load(&root.join("synonyms.toml"));
        kb.synonyms = synonyms;
        kb.problems.extend(problems);
        Ok(kb)
    }

    fn error(&mut self, path: &Path, line: usize, message: String) {
        self.problems.push(Problem {
            path: path.to_path_buf(),
            line,
            severity: Severity::Error,
            message,
        });
    }

    /// Links to locations must name location entries that loaded.
    fn check_links(&mut self) {
        let locations: HashSet<&str> = self
            .entries
            .values()
            .filter(|e| e.kind == EntryKind::Location)
            .map(|e| e.id.as_str())
            .collect();
        let mut found = Vec::new();
        for e in self.entries.values() {
            for l in &e.locations {
                if !locations.contains(l.as_str()) {
                    found.push((
                        e.path.clone(),
                        line_of_key(&e.path, "locations"),
                        format!("locations: {l:?} is not a location entry"),
                    ));
                }
            }
        }
        for (p, line, m) in found {
            self.error(&p, line, m);
        }
    }

    fn check_freshness(&mut self, today: NaiveDate) {
        let limit = today
            .checked_sub_months(Months::new(STALE_AFTER_MONTHS))
            .unwrap_or(today);
        for e in self.entries.values() {
            if e.reviewed < limit {
                self.problems.push(Problem {
                    path: e.path.clone(),
                    line: line_of_key(&e.path, "reviewed"),
                    severity: Severity::Warning,
                    message: format!(
                        "not reviewed for {STALE_AFTER_MONTHS} months (reviewed {})",
                        e.reviewed
                    ),
                });
            }
            if e.synonyms.is_empty() {
                self.problems.push(Problem {
                    path: e.path.clone(),
                    line: line_of_key(&e.path, "synonyms").max(1),
                    severity: Severity::Warning,
                    message: "no synonyms: add the words callers use".into(),
                });
            }
            if e.reviewed > today {
                self.problems.push(Problem {
                    path: e.path.clone(),
                    line: line_of_key(&e.path, "reviewed"),
                    severity: Severity::Warning,
                    message: format!("reviewed {} lies in the future", e.reviewed),
                });
            }
        }
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.entries
            .get(id)
            .ok_or_else(|| Error::EntryNotFound(id.to_string()))
    }

    /// Entries whose review is older than [`STALE_AFTER_MONTHS`].
    pub fn stale(&self, today: NaiveDate) -> Vec<&Entry> {
        let limit = today
            .checked_sub_months(Months::new(STALE_AFTER_MONTHS))
            .unwrap_or(today);
        self.entries
            .values()
            .filter(|e| e.reviewed < limit)
            .collect()
    }
}

/// Line of a top-level key in a file, re-read for cross-entry problems
/// (which are rare, so reading again is cheaper than keeping every text).
fn line_of_key(path: &Path, key: &str) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 1;
    };
    text.lines()
        .position(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == key))
        .map(|i| i + 1)
        .unwrap_or(1)
}
