//! The knowledge base: entry files, their validation, the German search
//! index and the answers built from it.

mod abbreviations;
mod amounts;
pub mod analysis;
pub mod answer;
mod closures;
mod entry;
mod guard;
pub mod index;
pub mod intent;
pub mod live;
mod moving;
mod parse;
mod places;
mod problem;
pub mod search;
pub mod snippet;
mod synonyms;
pub mod typos;
pub mod watch;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};

pub use abbreviations::{Abbreviations, Expansion};
pub use entry::{Entry, EntryKind, LocationInfo, PortalService, Section, SectionKey, SourceRef};
pub use parse::parse_entry;
pub use problem::{Problem, Severity};
pub use synonyms::{SynonymMatch, Synonyms};

use crate::error::{Error, Result};
use crate::hours::Appointment;

/// Folders of the knowledge base that hold entries.
const ENTRY_DIRS: [&str; 2] = ["services", "locations"];

/// Months after which an entry counts as stale, unless `kb check
/// --max-age-months` says otherwise.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// Above this an entry file gets a warning. Entries have 2–4 KB; at 200 KB
/// a text is far beyond what an agent can use during a call, and more
/// likely a pasted web page or a mistake.
pub const WARN_FILE_BYTES: u64 = 200 * 1024;

/// Above this an entry file is refused (an error, the file is skipped),
/// and no more than this is read: a huge file (a PDF or a log renamed to
/// `.md`, a link to a device) must not stall or swell every desk's start.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// What a load checks beyond the files themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Months after the last review until an entry counts as stale.
    pub stale_after_months: u32,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            stale_after_months: STALE_AFTER_MONTHS,
        }
    }
}

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
    /// Agents' abbreviations, written out before a query is read.
    pub abbreviations: Abbreviations,
    /// Errors and warnings: the folders' first, then in file order.
    pub problems: Vec<Problem>,
    /// What the load checked with (the stale age).
    pub options: CheckOptions,
    /// Stems most entries use (see [`KnowledgeBase::common_stems`]),
    /// worked out on first use.
    common: std::sync::OnceLock<HashSet<String>>,
    /// The entries' names of several words, as stems, by entry (see
    /// [`KnowledgeBase::named_phrases`]), worked out on first use.
    phrases: std::sync::OnceLock<HashMap<String, Vec<Vec<String>>>>,
    /// Every name of each entry (title, its head, synonyms) as the stems
    /// that carry meaning (see [`KnowledgeBase::full_names`]), worked out
    /// on first use.
    full: std::sync::OnceLock<HashMap<String, Vec<Vec<String>>>>,
    /// Each entry's title, and its title with its synonyms, as stems (see
    /// [`KnowledgeBase::title_stems`], [`KnowledgeBase::name_stems`]),
    /// worked out on first use.
    names: std::sync::OnceLock<HashMap<String, [HashSet<String>; 2]>>,
    /// The entries' names as typed, folded, with the entries that carry
    /// each (see [`KnowledgeBase::named_exactly`]), worked out on first use.
    exact: std::sync::OnceLock<HashMap<String, Vec<String>>>,
    /// The entries' one-word names by stem, each with whether it is a noun
    /// (see [`KnowledgeBase::named_by_stem`]), worked out on first use.
    one_word: std::sync::OnceLock<HashMap<String, Vec<(String, bool)>>>,
    /// Every word editors wrote ([`KnowledgeBase::dictionary`]), worked
    /// out on first use.
    vocabulary: std::sync::OnceLock<analysis::CompoundDictionary>,
}

/// What one entry folder held.
struct EntryDir {
    /// `services` or `locations`.
    name: &'static str,
    /// Why it could not be read, if it could not.
    missing: Option<std::io::Error>,
    /// Its `.md` files.
    files: usize,
}

impl EntryDir {
    fn describe(&self) -> String {
        match (&self.missing, self.files) {
            (Some(_), _) => format!("{}/ is missing", self.name),
            (None, 0) => format!("{}/ has no .md file", self.name),
            (None, n) => format!("{}/ has {n} .md file{}, none usable", self.name, plural(n)),
        }
    }
}

/// Share of the entries above which a stem is common (see
/// [`KnowledgeBase::common_stems`]): "bochum" and "stadt" are, "termin"
/// (three entries in five) is still a detail ("ohne Termin").
const COMMON_SHARE: f32 = 0.75;

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl KnowledgeBase {
    /// Stems found in more than [`COMMON_SHARE`] of the entries ("bochum",
    /// "stadt"): a question's word that nearly every entry has says nothing
    /// about which section answers it.
    pub fn common_stems(&self) -> &HashSet<String> {
        self.common.get_or_init(|| {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for e in self.entries.values() {
                let mut text = format!("{}\n{}\n", e.title, e.summary);
                for s in &e.sections {
                    text.push_str(&s.markdown);
                    text.push('\n');
                }
                let stems: HashSet<String> = analysis::folded_and_stemmed(&text)
                    .into_iter()
                    .map(|(_, s)| s)
                    .collect();
                for s in stems {
                    *counts.entry(s).or_default() += 1;
                }
            }
            let floor = self.entries.len() as f32 * COMMON_SHARE;
            counts
                .into_iter()
                .filter(|(_, n)| *n as f32 > floor)
                .map(|(s, _)| s)
                .collect()
        })
    }

    /// Whether a folded word (or its stem) is one editors wrote in some
    /// entry or in the synonym and language files: such a word is meant as
    /// typed, never a typo of a cue word.
    pub fn knows(&self, folded: &str) -> bool {
        self.dictionary().knows(folded) || self.synonyms.has_word(folded)
    }

    /// Works out the tables that are otherwise worked out at the first
    /// search (the dictionary, the common stems, the entries' names), so
    /// that the first question of the day is as quick as the others. A
    /// search meanwhile waits for the table it needs, never builds it
    /// twice.
    pub fn prepare(&self) {
        self.dictionary();
        self.common_stems();
        self.named_phrases("");
        self.named_exactly("");
        self.name_stems("");
    }

    /// The compound dictionary: every word editors wrote in an entry,
    /// worked out once for the index and for [`knows`](Self::knows) (at
    /// 10,000 entries it takes about a second).
    pub fn dictionary(&self) -> &analysis::CompoundDictionary {
        self.vocabulary.get_or_init(|| index::dictionary_of(self))
    }

    /// What a question asks beyond its topic ([`intent::understand`]),
    /// reading a mistyped cue word the knowledge base does not know as the
    /// cue ("reisepass gebüren", "perso mitbrigen").
    pub fn understand(&self, query: &str) -> intent::Understanding {
        intent::understand_with(&self.abbreviations.expand(query), &|w| self.knows(w))
    }

    /// The entries whose title or one of whose synonyms is `query` word for
    /// word (folded: case, umlauts and punctuation aside). Editors write a
    /// synonym as the words agents type for that entry; typed whole, it
    /// says which entry is meant even where a word of it is a stop word
    /// the ranking cannot see ("Führerschein beantragen" is the first
    /// licence, not the exchange that says "Führerschein" more often).
    pub fn named_exactly(&self, query: &str) -> &[String] {
        let by_name = self.exact.get_or_init(|| {
            let mut out: HashMap<String, Vec<String>> = HashMap::new();
            for e in self.entries.values() {
                let head = title_head(&e.title);
                for name in std::iter::once(&e.title).chain(&e.synonyms).chain(&head) {
                    let key = analysis::folded_phrase(name);
                    if key.is_empty() {
                        continue;
                    }
                    let ids = out.entry(key).or_default();
                    if !ids.contains(&e.id) {
                        ids.push(e.id.clone());
                    }
                }
            }
            out
        });
        by_name
            .get(&analysis::folded_phrase(query))
            .map_or(&[], Vec::as_slice)
    }

    /// The entries with a one-word name (title or synonym) of the stem
    /// `stem`, each with whether that name is a noun (capitalised): the
    /// typed word in another form ("Sterbeurkunden", "Mädchennamen") calls
    /// the entry by the name as well as the name's own form does.
    pub fn named_by_stem(&self, stem: &str) -> &[(String, bool)] {
        let by_stem = self.one_word.get_or_init(|| {
            let mut out: HashMap<String, Vec<(String, bool)>> = HashMap::new();
            for e in self.entries.values() {
                for name in std::iter::once(&e.title).chain(&e.synonyms) {
                    let mut stems = analysis::folded_and_stemmed(name);
                    if stems.len() != 1 {
                        continue;
                    }
                    let Some((_, s)) = stems.pop() else {
                        continue;
                    };
                    let noun = name.starts_with(char::is_uppercase);
                    let ids = out.entry(s).or_default();
                    match ids.iter_mut().find(|(id, _)| *id == e.id) {
                        Some((_, n)) => *n |= noun,
                        None => ids.push((e.id.clone(), noun)),
                    }
                }
            }
            out
        });
        by_stem.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The stems of an entry's title: a question whose topic words all
    /// stand in one title names that entry.
    pub fn title_stems(&self, entry: &str) -> Option<&HashSet<String>> {
        self.stems_of_names(entry).map(|[title, _]| title)
    }

    /// The stems of an entry's title and synonyms: what the entry is
    /// about, so every section of it speaks of those words.
    pub fn name_stems(&self, entry: &str) -> Option<&HashSet<String>> {
        self.stems_of_names(entry).map(|[_, all]| all)
    }

    /// One table for both: the title's stems, and those of every name.
    fn stems_of_names(&self, entry: &str) -> Option<&[HashSet<String>; 2]> {
        let stems = |name: &str| -> Vec<String> {
            analysis::folded_and_stemmed(name)
                .into_iter()
                .map(|(_, s)| s)
                .collect()
        };
        self.names
            .get_or_init(|| {
                self.entries
                    .values()
                    .map(|e| {
                        let title: HashSet<String> = stems(&e.title).into_iter().collect();
                        let mut all = title.clone();
                        all.extend(e.synonyms.iter().flat_map(|n| stems(n)));
                        (e.id.clone(), [title, all])
                    })
                    .collect()
            })
            .get(entry)
    }

    /// Every name of an entry (its title, the title's head, its synonyms)
    /// as the stems that carry meaning: a question that has all the stems
    /// of one of them calls the entry by that name ("Standesamt",
    /// "Zulassungsstelle"), where one word shared with a name ("stelle" of
    /// "Kfz-Stelle", "wattenscheid" of "Bürgerbüro Wattenscheid") does not.
    pub fn full_names(&self, entry: &str) -> &[Vec<String>] {
        let by_entry = self.full.get_or_init(|| {
            let common = self.common_stems();
            let mut out: HashMap<String, Vec<Vec<String>>> = HashMap::new();
            for e in self.entries.values() {
                let head = title_head(&e.title);
                for name in std::iter::once(&e.title).chain(&head).chain(&e.synonyms) {
                    let stems = content_stems(name, common);
                    if !stems.is_empty() {
                        out.entry(e.id.clone()).or_default().push(stems);
                    }
                }
            }
            out
        });
        by_entry.get(entry).map_or(&[], Vec::as_slice)
    }

    /// The entries' synonyms of two or more words ("neue Wohnung",
    /// "Klassenfahrt Zuschuss"), by entry, as stems, stop words and
    /// [`common_stems`](Self::common_stems) left out: a question that has
    /// all of a name's words, in any order, names that entry. Kept by
    /// entry so that a search looks only at the entries it ranked.
    pub fn named_phrases(&self, entry: &str) -> &[Vec<String>] {
        let by_entry = self.phrases.get_or_init(|| {
            // "Umzug in Bochum" is one word's name: "bochum" says nothing.
            let common = self.common_stems();
            let mut out: HashMap<String, Vec<Vec<String>>> = HashMap::new();
            for e in self.entries.values() {
                for name in &e.synonyms {
                    let stems = content_stems(name, common);
                    if stems.len() >= 2 {
                        out.entry(e.id.clone()).or_default().push(stems);
                    }
                }
            }
            out
        });
        by_entry.get(entry).map_or(&[], Vec::as_slice)
    }

    /// After a reload: entries whose file is now broken (an error skipped
    /// them) keep the version `previous` had, so a publishing mistake never
    /// takes an answer away from the agents. Each one gets a warning for
    /// the editors beside the file's error. Returns the ids kept.
    pub fn keep_last_good(&mut self, previous: &KnowledgeBase) -> Vec<String> {
        let mut kept = Vec::new();
        for (id, old) in &previous.entries {
            if self.entries.contains_key(id) {
                continue;
            }
            let broken = self
                .problems
                .iter()
                .any(|p| p.severity == Severity::Error && p.path == old.path);
            if !broken {
                continue;
            }
            self.entries.insert(id.clone(), old.clone());
            self.problems.push(Problem {
                path: old.path.clone(),
                line: 0,
                severity: Severity::Warning,
                message: format!(
                    "the desks keep answering with the last good version of {id} until this file \
                     is fixed"
                ),
            });
            kept.push(id.clone());
        }
        kept
    }

    /// Loads and validates the folder with the default checks. `today`
    /// decides which entries are stale. Fails only if the folder itself
    /// cannot be read.
    pub fn load(root: &Path, today: NaiveDate) -> Result<Self> {
        Self::load_with(root, today, CheckOptions::default())
    }

    /// [`KnowledgeBase::load`] with the given checks.
    pub fn load_with(root: &Path, today: NaiveDate, options: CheckOptions) -> Result<Self> {
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
            options,
            ..Default::default()
        };
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for name in ENTRY_DIRS {
            let mut dir = EntryDir {
                name,
                missing: None,
                files: 0,
            };
            match std::fs::read_dir(root.join(name)) {
                Ok(read) => {
                    for item in read.flatten() {
                        let p = item.path();
                        if p.extension().is_some_and(|e| e == "md") {
                            files.push(p);
                            dir.files += 1;
                        }
                    }
                }
                Err(e) => dir.missing = Some(e),
            }
            dirs.push(dir);
        }
        files.sort();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in files {
            let Some(text) = kb.read_entry_file(&path) else {
                continue;
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
        let folder_problems = kb.check_folders(&dirs);
        kb.check_links();
        kb.check_offices_have_hours();
        kb.check_freshness(today);
        // The folders' problems first: one missing folder explains what
        // follows, and must not be buried under it.
        kb.problems.splice(0..0, folder_problems);
        let (mut synonyms, problems) = Synonyms::load(&root.join("synonyms.toml"));
        kb.problems.extend(problems);
        kb.problems
            .extend(synonyms.add_languages(&root.join("languages.toml")));
        kb.synonyms = synonyms;
        let (abbreviations, problems) = Abbreviations::load(&root.join("abbreviations.toml"));
        kb.problems.extend(problems);
        kb.abbreviations = abbreviations;
        kb.join_city_closures(&root.join("closures.toml"), today);
        let names = kb.name_words();
        kb.check_foreign_words(&root.join("languages.toml"), &names);
        kb.check_abbreviations(&root.join("abbreviations.toml"), &names);
        Ok(kb)
    }

    /// Loads the city's closures and gives them to every office that
    /// follows them; warns the editors in December while the coming
    /// season's closure is not entered (only if an office follows them).
    fn join_city_closures(&mut self, path: &Path, today: NaiveDate) {
        let (city, problems) = closures::load(path);
        self.problems.extend(problems);
        let city = std::sync::Arc::new(city);
        let mut followed = false;
        for e in self.entries.values_mut() {
            if let Some(info) = e.location.as_mut().filter(|i| i.city_closures) {
                info.schedule.city = Some(city.clone());
                followed = true;
            }
        }
        if followed {
            self.problems
                .extend(closures::season_warning(path, &city, today));
        }
    }

    /// Reads an entry file as text, reading no more than
    /// [`MAX_FILE_BYTES`]; `None` (and an error) when it is too big, not
    /// UTF-8 or unreadable.
    fn read_entry_file(&mut self, path: &Path) -> Option<String> {
        let mut bytes = Vec::new();
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
        if let Err(e) = read {
            self.error(path, 1, format!("cannot read: {e}"));
            return None;
        }
        let size = bytes.len() as u64;
        if size > MAX_FILE_BYTES {
            self.error(
                path,
                1,
                format!(
                    "the file is larger than {} KB: not loaded (an entry is a page or two of text)",
                    MAX_FILE_BYTES / 1024
                ),
            );
            return None;
        }
        if size > WARN_FILE_BYTES {
            self.problems.push(Problem {
                path: path.to_path_buf(),
                line: 1,
                severity: Severity::Warning,
                message: format!(
                    "the file has {} KB; above {} KB an entry is too long to use during a call: shorten or split it",
                    size / 1024,
                    WARN_FILE_BYTES / 1024
                ),
            });
        }
        match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                self.error(path, 1, "the file is not valid UTF-8".into());
                None
            }
        }
    }

    /// Problems of the folders, each reported once: an empty folder
    /// (typically a wrong `--kb`), and no location entry at all (the folder
    /// is missing, or none of its files loads), when every link to an
    /// office would fail: one error of `locations/`, counting the links,
    /// instead of one per link.
    fn check_folders(&self, dirs: &[EntryDir]) -> Vec<Problem> {
        let folder_error = |path: PathBuf, message: String| Problem {
            path,
            line: 0,
            severity: Severity::Error,
            message,
        };
        if self.entries.is_empty() {
            let why: Vec<String> = dirs.iter().map(EntryDir::describe).collect();
            return vec![folder_error(
                self.root.clone(),
                format!(
                    "no entries ({}): is this the knowledge-base folder?",
                    why.join(", ")
                ),
            )];
        }
        // Only `locations/` is checked on its own: services link into it,
        // while a base of offices alone still answers office questions.
        if self.entries.values().any(|e| e.kind == EntryKind::Location) {
            return Vec::new();
        }
        let missing = dirs
            .iter()
            .any(|d| d.name == "locations" && d.missing.is_some());
        let linking: Vec<&Entry> = self
            .entries
            .values()
            .filter(|e| !e.locations.is_empty())
            .collect();
        let links: usize = linking.iter().map(|e| e.locations.len()).sum();
        let what = if missing {
            "the folder is missing"
        } else {
            "no location entry loaded"
        };
        let message = if links > 0 {
            format!(
                "{what}: {links} link{} of {} service{} to offices cannot be checked",
                plural(links),
                linking.len(),
                plural(linking.len())
            )
        } else if missing {
            format!("{what} (every office is a file locations/<id>.md)")
        } else {
            // An empty locations/ nobody links to breaks nothing.
            return Vec::new();
        };
        vec![folder_error(self.root.join("locations"), message)]
    }

    fn error(&mut self, path: &Path, line: usize, message: String) {
        self.problems.push(Problem {
            path: path.to_path_buf(),
            line,
            severity: Severity::Error,
            message,
        });
    }

    /// Adds a warning for `path` at each (line, message).
    fn warn(&mut self, path: &Path, found: Vec<(usize, String)>) {
        for (line, message) in found {
            self.problems.push(Problem {
                path: path.to_path_buf(),
                line,
                severity: Severity::Warning,
                message,
            });
        }
    }

    /// Every folded word of the titles and synonyms, with the first entry
    /// that names itself with it: the words agents type for an entry,
    /// which neither a foreign word nor an abbreviation may take over.
    /// Titles and synonyms only, which keeps loading cheap on large bases.
    fn name_words(&self) -> HashMap<String, String> {
        let mut german: HashMap<String, String> = HashMap::new();
        for e in self.entries.values() {
            let texts =
                std::iter::once(e.title.as_str()).chain(e.synonyms.iter().map(String::as_str));
            for t in texts {
                for w in analysis::words(t) {
                    german
                        .entry(analysis::fold(w.text))
                        .or_insert_with(|| e.id.clone());
                }
            }
        }
        german
    }

    /// A word of another language that is also a German word of the
    /// titles or synonyms ("baby", "portal") would send German questions
    /// astray: "ausweis für baby" searched as "geburt".
    fn check_foreign_words(&mut self, path: &Path, german: &HashMap<String, String>) {
        let found: Vec<(usize, String)> = self
            .synonyms
            .foreign_words()
            .filter_map(|(line, word, means)| {
                german.get(word).map(|id| {
                    (
                        line,
                        format!(
                            "`{word}` is also a German word here (title or synonyms of {id}): German questions \
                             with it would be searched as {means} too; drop it from `says`"
                        ),
                    )
                })
            })
            .collect();
        self.warn(path, found);
    }

    /// A short form that is also a word of an entry's name ("pass" of
    /// Reisepass) would take that word away from the entry: the search
    /// reads it as the long form only.
    fn check_abbreviations(&mut self, path: &Path, german: &HashMap<String, String>) {
        let mut found: Vec<(usize, String)> = self
            .abbreviations
            .short_forms()
            .filter_map(|(short, line, long)| {
                german.get(short).map(|id| {
                    (
                        line,
                        format!(
                            "`{short}` is also a word of the title or synonyms of {id}: every question with it \
                             would be searched as \"{long}\"; drop it from `short`"
                        ),
                    )
                })
            })
            .collect();
        found.sort();
        self.warn(path, found);
    }

    /// Links to locations must name location entries that loaded. (With
    /// no location entry at all, [`Self::check_folders`] reports the
    /// folder instead.)
    fn check_links(&mut self) {
        let locations: HashSet<&str> = self
            .entries
            .values()
            .filter(|e| e.kind == EntryKind::Location)
            .map(|e| e.id.as_str())
            .collect();
        if locations.is_empty() {
            return;
        }
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

    /// An office a service sends callers to must say when they can come:
    /// without `[hours]` the desk answers "Nur nach Terminvereinbarung",
    /// which is true only for `appointment = "required"`. Checked once per
    /// office, naming the services that use it.
    fn check_offices_have_hours(&mut self) {
        let mut used_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for e in self.entries.values() {
            for l in &e.locations {
                used_by.entry(l.as_str()).or_default().push(e.id.as_str());
            }
        }
        let mut found = Vec::new();
        for (id, services) in used_by {
            let Some(office) = self.entries.get(id) else {
                continue;
            };
            let Some(info) = &office.location else {
                continue;
            };
            if info.schedule.has_hours() || info.appointment == Appointment::Required {
                continue;
            }
            found.push(Problem {
                path: office.path.clone(),
                line: line_of_key(&office.path, "appointment"),
                severity: Severity::Warning,
                message: format!(
                    "no opening hours and appointment = {:?}: the desk cannot say when the office is open (used by {}); add [hours] or set appointment = \"required\"",
                    info.appointment.as_str(),
                    services.join(", ")
                ),
            });
        }
        self.problems.extend(found);
    }

    fn check_freshness(&mut self, today: NaiveDate) {
        let limit = self.stale_limit(today);
        let months = self.options.stale_after_months;
        for e in self.entries.values() {
            if e.reviewed < limit {
                self.problems.push(Problem {
                    path: e.path.clone(),
                    line: line_of_key(&e.path, "reviewed"),
                    severity: Severity::Warning,
                    message: format!("not reviewed for {months} months (reviewed {})", e.reviewed),
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

    /// The one rule for "stale": reviewed before this day. An age reaching
    /// before the calendar's start (`--max-age-months 99999999`) makes
    /// nothing stale.
    fn stale_limit(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(Months::new(self.options.stale_after_months))
            .unwrap_or(NaiveDate::MIN)
    }

    /// Entries whose review is older than the stale age
    /// ([`CheckOptions::stale_after_months`]), the oldest first.
    pub fn stale(&self, today: NaiveDate) -> Vec<&Entry> {
        let limit = self.stale_limit(today);
        let mut stale: Vec<&Entry> = self
            .entries
            .values()
            .filter(|e| e.reviewed < limit)
            .collect();
        stale.sort_by(|a, b| a.reviewed.cmp(&b.reviewed).then(a.id.cmp(&b.id)));
        stale
    }

    /// How many entries list facts nobody could confirm (`unconfirmed`).
    pub fn unconfirmed_entries(&self) -> usize {
        self.entries
            .values()
            .filter(|e| !e.unconfirmed.is_empty())
            .count()
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

/// The stems of a name that carry meaning: no stop words, no stems most
/// entries use ("Umzug in Bochum" is one word's name).
fn content_stems(name: &str, common: &HashSet<String>) -> Vec<String> {
    analysis::folded_and_stemmed(name)
        .into_iter()
        .filter(|(f, s)| {
            !analysis::is_stop_word(f) && !analysis::is_stop_word(s) && !common.contains(s)
        })
        .map(|(_, s)| s)
        .collect()
}

/// The name a title starts with, when the title says more: "Standesamt
/// Bochum" is the Standesamt, "Familienkasse (Kindergeld,
/// Kinderzuschlag)" the Familienkasse, "Bürgerbüro Querenburg (Stadtbezirk
/// Süd) – geschlossen" the Bürgerbüro Querenburg. Agents type the office's
/// name without the city it is in or the explanation editors add.
pub(crate) fn title_head(title: &str) -> Option<String> {
    let cut = [" (", " – ", " - "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()
        .unwrap_or(title.len());
    let mut head = title[..cut].trim();
    for city in [" der Stadt Bochum", " Bochum"] {
        if let Some(h) = head.strip_suffix(city) {
            head = h.trim_end();
        }
    }
    (head != title && !head.is_empty()).then(|| head.to_string())
}

#[cfg(test)]
mod title_head_tests {
    use super::title_head;

    #[test]
    fn a_title_head_drops_the_city_and_the_explanation() {
        assert_eq!(
            title_head("Standesamt Bochum").as_deref(),
            Some("Standesamt")
        );
        assert_eq!(
            title_head("Familienkasse (Kindergeld, Kinderzuschlag)").as_deref(),
            Some("Familienkasse")
        );
        assert_eq!(
            title_head("Bürgerbüro Querenburg (Stadtbezirk Süd) – geschlossen").as_deref(),
            Some("Bürgerbüro Querenburg")
        );
        assert_eq!(
            title_head("Wahlbüro der Stadt Bochum (Wahlamt)").as_deref(),
            Some("Wahlbüro")
        );
        // A title that is its own head adds no name.
        assert_eq!(title_head("Bürgerbüro Wattenscheid"), None);
    }
}
