//! Global synonyms (knowledge-base/synonyms.toml): groups of words and
//! phrases callers use for the same thing, applied to every query; and the
//! words of other languages (knowledge-base/languages.toml), which lead one
//! way only: "dog" is searched as "hund", "hund" is not searched as "dog".

use std::collections::HashMap;
use std::path::Path;

use super::analysis::{fold, words};
use super::problem::{Problem, Severity};

/// A phrase as folded words.
type Phrase = Vec<String>;

/// One group: equivalent phrases, or (from a language file) phrases that
/// stand for German ones.
#[derive(Debug, Clone)]
struct Group {
    /// Phrases a query may contain.
    phrases: Vec<Phrase>,
    /// What they stand for; empty for a group of equivalents, whose
    /// alternatives are its other phrases.
    means: Vec<Phrase>,
    /// Line of the group's header in its file.
    line: usize,
    /// Whether its phrases are of a language that inflects by endings
    /// (tr, ar, ru, uk, pl: "ehliyetimi" is "ehliyet" with "my", "shkolu"
    /// is "shkola" as an object), so a typed word may differ in its end.
    inflected: bool,
}

/// Synonym groups, looked up by folded word sequences.
#[derive(Debug, Default, Clone)]
pub struct Synonyms {
    groups: Vec<Group>,
    /// First folded word of a phrase → (group, phrase index).
    by_first: HashMap<String, Vec<(usize, usize)>>,
    /// The same for the phrases of inflected groups, by the first three
    /// letters of their first word: an ending changes no word's start.
    inflected_by_start: HashMap<String, Vec<(usize, usize)>>,
}

/// Languages a `[[word]]` of languages.toml may name: those the centre's
/// callers speak most after German (ISO 639-1).
pub const LANGUAGES: [&str; 6] = ["en", "tr", "ar", "ru", "uk", "pl"];

/// A synonym match in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymMatch {
    /// Index of the first query word matched.
    pub start: usize,
    /// Number of query words matched.
    pub len: usize,
    /// The other phrases of the group, as folded word sequences.
    pub alternatives: Vec<Vec<String>>,
    /// Whether the matched words are another language's (languages.toml):
    /// then they stand only for their German `means`.
    pub foreign: bool,
}

impl Synonyms {
    /// Loads the file; a missing file means no global synonyms. Problems
    /// are reported with the line of the group.
    pub fn load(path: &Path) -> (Self, Vec<Problem>) {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Self::default(), Vec::new());
            }
            Err(e) => {
                return (
                    Self::default(),
                    vec![problem(path, 1, format!("cannot read: {e}"))],
                );
            }
        };
        Self::parse(path, &text)
    }

    /// Parses the text of synonyms.toml.
    pub fn parse(path: &Path, text: &str) -> (Self, Vec<Problem>) {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(default)]
            group: Vec<Written>,
        }
        #[derive(serde::Deserialize)]
        struct Written {
            words: Vec<String>,
        }
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => return (Self::default(), vec![toml_problem(path, text, &e)]),
        };
        let header_lines = header_lines(text, "[[group]]");
        let mut problems = Vec::new();
        let mut groups = Vec::new();
        for (gi, g) in file.group.into_iter().enumerate() {
            let phrases = phrases_of(&g.words);
            if phrases.len() < 2 {
                let line = header_lines.get(gi).copied().unwrap_or(1);
                problems.push(problem(
                    path,
                    line,
                    "a synonym group needs at least two words".into(),
                ));
                continue;
            }
            groups.push(Group {
                inflected: false,
                phrases,
                means: Vec::new(),
                line: header_lines.get(gi).copied().unwrap_or(1),
            });
        }
        let mut out = Self::default();
        for g in groups {
            out.push(g);
        }
        (out, problems)
    }

    /// Adds the words of languages.toml; a missing file adds nothing.
    /// Problems name the line of the `[[word]]`.
    pub fn add_languages(&mut self, path: &Path) -> Vec<Problem> {
        match std::fs::read_to_string(path) {
            Ok(text) => self.add_languages_text(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => vec![problem(path, 1, format!("cannot read: {e}"))],
        }
    }

    /// Parses the text of languages.toml into one-way groups.
    pub fn add_languages_text(&mut self, path: &Path, text: &str) -> Vec<Problem> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            #[serde(default)]
            word: Vec<Word>,
        }
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Word {
            lang: String,
            says: Vec<String>,
            means: Vec<String>,
        }
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => return vec![toml_problem(path, text, &e)],
        };
        let header_lines = header_lines(text, "[[word]]");
        let mut problems = Vec::new();
        // Where each caller's phrase was first given: a second block with it
        // is an editor's slip (two meanings, or the same twice), reported
        // so the two can be merged.
        let mut first_given: HashMap<Phrase, usize> = HashMap::new();
        for (wi, w) in file.word.into_iter().enumerate() {
            let line = header_lines.get(wi).copied().unwrap_or(1);
            if !LANGUAGES.contains(&w.lang.as_str()) {
                problems.push(problem(
                    path,
                    line,
                    format!(
                        "lang = \"{}\" is not one of {}",
                        w.lang,
                        LANGUAGES.join(", ")
                    ),
                ));
                continue;
            }
            let (says, means) = (phrases_of(&w.says), phrases_of(&w.means));
            for (phrase, written) in says.iter().zip(&w.says) {
                match first_given.get(phrase) {
                    // Spellings that fold alike in one word ("sürücü",
                    // "surucu") are the same phrase written twice on purpose.
                    Some(&earlier) if earlier == line => {}
                    Some(&earlier) => problems.push(Problem {
                        severity: Severity::Warning,
                        ..problem(
                            path,
                            line,
                            format!(
                                "`{written}` is already given in the word at line {earlier}; merge the two \
                                 (a caller's phrase is searched as every meaning given for it)"
                            ),
                        )
                    }),
                    None => {
                        first_given.insert(phrase.clone(), line);
                    }
                }
            }
            if says.is_empty() || means.is_empty() {
                problems.push(problem(
                    path,
                    line,
                    "a word needs `says` (the caller's words) and `means` (the German search words)"
                        .into(),
                ));
                continue;
            }
            self.push(Group {
                phrases: says,
                means,
                line,
                inflected: w.lang != "en",
            });
        }
        problems
    }

    /// The one-word `says` of languages.toml with the line of their
    /// `[[word]]` and what they mean: for the check that none of them is
    /// also a German word of the knowledge base.
    pub fn foreign_words(&self) -> impl Iterator<Item = (usize, &str, String)> {
        self.groups
            .iter()
            .filter(|g| !g.means.is_empty())
            .flat_map(|g| {
                let means: Vec<String> = g.means.iter().map(|m| m.join(" ")).collect();
                let means = means.join(", ");
                g.phrases
                    .iter()
                    .filter(|p| p.len() == 1)
                    .map(move |p| (g.line, p[0].as_str(), means.clone()))
            })
    }

    fn push(&mut self, g: Group) {
        let gi = self.groups.len();
        for (pi, p) in g.phrases.iter().enumerate() {
            self.by_first
                .entry(p[0].clone())
                .or_default()
                .push((gi, pi));
            if g.inflected {
                self.inflected_by_start
                    .entry(start_of(&p[0]))
                    .or_default()
                    .push((gi, pi));
            }
        }
        self.groups.push(g);
    }

    /// Whether a folded word stands in any phrase of any group (a German
    /// synonym, or a caller's word of another language: "office").
    pub fn has_word(&self, folded: &str) -> bool {
        self.groups
            .iter()
            .any(|g| g.phrases.iter().any(|p| p.iter().any(|w| w == folded)))
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Finds synonym phrases in a folded word sequence, longest first at
    /// each position, without overlaps.
    pub fn find(&self, query: &[String]) -> Vec<SynonymMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < query.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (len, group, phrase)
            if let Some(cands) = self.by_first.get(&query[i]) {
                for &(gi, pi) in cands {
                    let p = &self.groups[gi].phrases[pi];
                    if query[i..].starts_with(p) && best.is_none_or(|b| p.len() > b.0) {
                        best = Some((p.len(), gi, pi));
                    }
                }
            }
            match best {
                Some((len, gi, pi)) => {
                    let g = &self.groups[gi];
                    let alternatives = if g.means.is_empty() {
                        g.phrases
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != pi)
                            .map(|(_, p)| p.clone())
                            .collect()
                    } else {
                        g.means.clone()
                    };
                    out.push(SynonymMatch {
                        start: i,
                        len,
                        alternatives,
                        foreign: !g.means.is_empty(),
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

impl Synonyms {
    /// Another inflecting language's phrases ([`Group::inflected`]) met by
    /// typed words that differ from them only in their ends, at positions
    /// `open` allows (words no entry has): "ehliyetimi kaybettim",
    /// "zapisat v shkolu". Longest first at each position, without
    /// overlaps, like [`Synonyms::find`]; only where a word differs (the
    /// exact ones `find` has).
    pub fn find_inflected(
        &self,
        query: &[String],
        open: &dyn Fn(usize) -> bool,
    ) -> Vec<SynonymMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < query.len() {
            let mut best: Option<(usize, usize)> = None; // (len, group)
            let candidates = self
                .inflected_by_start
                .get(&start_of(&query[i]))
                .map_or(&[][..], Vec::as_slice);
            for &(gi, pi) in candidates {
                let p = &self.groups[gi].phrases[pi];
                let len = p.len();
                let Some(typed) = query.get(i..i + len) else {
                    continue;
                };
                let fits = typed
                    .iter()
                    .zip(p)
                    .enumerate()
                    .all(|(k, (t, w))| t == w || (open(i + k) && same_but_ending(t, w)));
                if fits && typed != p.as_slice() && best.is_none_or(|b| len > b.0) {
                    best = Some((len, gi));
                }
            }
            match best {
                Some((len, gi)) => {
                    out.push(SynonymMatch {
                        start: i,
                        len,
                        alternatives: self.groups[gi].means.clone(),
                        foreign: true,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The first three letters of a word: the key of inflected phrases.
fn start_of(w: &str) -> String {
    w.chars().take(3).collect()
}

/// Whether the typed word `t` is the listed word `w` with another ending:
/// `w` with a suffix of up to five letters ("ehliyet" → "ehliyetimi"),
/// `w` short of up to two final letters ("prava" → "prav"), or both
/// sharing all but `w`'s last letter with up to three letters after, where
/// that letter is an ending ([`replaced_ending`]: "shkola" → "shkolu",
/// "vatandaslik" → "vatandasligina"; "rebenok" is no such pair). Words of
/// four letters or more only: shorter ones are too often another word.
fn same_but_ending(t: &str, w: &str) -> bool {
    let (tn, wn) = (t.chars().count(), w.chars().count());
    if tn < 4 || wn < 4 || t == w {
        return false;
    }
    let common = t.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
    let ending_replaced = matches!(
        (w.chars().last(), t.chars().nth(common)),
        (Some(listed), Some(typed)) if replaced_ending(listed, typed)
    );
    (common == wn && tn - wn <= 5)
        || (common == tn && wn - tn <= 2)
        || (common + 1 == wn && common >= 4 && tn <= wn + 3 && ending_replaced)
}

/// Whether a listed word's last letter `listed` may stand as `typed` in an
/// inflected form: a final vowel is an ending ("shkola" → "shkolu"), and a
/// Turkish final k, t, p softens before a vowel ("vatandaşlık" →
/// "vatandaşlığı", folded "k" → "g"). Any other final consonant is the
/// stem's: "ukral" (stole) is not "ukrainu" (Ukraine).
fn replaced_ending(listed: char, typed: char) -> bool {
    matches!(listed, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
        || matches!((listed, typed), ('k', 'g') | ('t', 'd') | ('p', 'b'))
}

/// Folded word sequences of the written phrases, empty ones dropped.
fn phrases_of(written: &[String]) -> Vec<Phrase> {
    written
        .iter()
        .map(|w| words(w).map(|x| fold(x.text)).collect::<Vec<_>>())
        .filter(|p: &Phrase| !p.is_empty())
        .collect()
}

/// The 1-based lines of a TOML file's `header` (`[[group]]`), in order:
/// the n-th array element was written under the n-th of them.
pub(super) fn header_lines(text: &str, header: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .map(|(i, _)| i + 1)
        .collect()
}

/// A file that is not valid TOML, at the line of the error.
pub(super) fn toml_problem(path: &Path, text: &str, e: &toml::de::Error) -> Problem {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(1);
    problem(path, line, format!("TOML: {}", e.message().trim()))
}

pub(super) fn problem(path: &Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        severity: Severity::Error,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_words_match_longest_first() {
        let (s, p) = Synonyms::parse(
            Path::new("synonyms.toml"),
            "[[group]]\nwords = [\"abmelden\", \"außer Betrieb setzen\", \"stilllegen\"]\n",
        );
        assert!(p.is_empty());
        let q: Vec<String> = ["auto", "ausser", "betrieb", "setzen"]
            .map(String::from)
            .to_vec();
        let m = s.find(&q);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].len), (1, 3));
        assert_eq!(
            m[0].alternatives,
            vec![vec!["abmelden".to_string()], vec!["stilllegen".to_string()]]
        );
    }

    #[test]
    fn an_inflected_ending_is_the_listed_word() {
        assert!(same_but_ending("ehliyetimi", "ehliyet"), "a suffix");
        assert!(same_but_ending("shkolu", "shkola"), "another ending");
        assert!(same_but_ending("prav", "prava"), "a shorter ending");
        assert!(
            !same_but_ending("ehliyet", "ehliyet"),
            "the same word is `find`'s"
        );
        assert!(!same_but_ending("pass", "passport"), "far shorter");
        assert!(!same_but_ending("kar", "kart"), "under four letters");
        assert!(
            !same_but_ending("ukrainu", "ukral"),
            "a final consonant is the stem's"
        );
        assert!(
            same_but_ending("vatandasligina", "vatandaslik"),
            "a Turkish k softened before a vowel"
        );
    }

    #[test]
    fn an_inflecting_languages_word_is_met_with_another_ending_only_where_open() {
        let mut s = Synonyms::default();
        let p = s.add_languages_text(
            Path::new("languages.toml"),
            "[[word]]\nlang = \"tr\"\nsays = [\"ehliyet\"]\nmeans = [\"führerschein\"]\n\n\
             [[word]]\nlang = \"pl\"\nsays = [\"prawo jazdy\"]\nmeans = [\"führerschein\"]\n\n\
             [[word]]\nlang = \"en\"\nsays = [\"licence\"]\nmeans = [\"führerschein\"]\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let q = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        let found = s.find_inflected(&q("ehliyetimi kaybettim"), &|_| true);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].len), (0, 1));
        assert_eq!(
            found[0].alternatives,
            vec![vec!["fuhrerschein".to_string()]]
        );
        // A phrase's words each may end otherwise.
        let found = s.find_inflected(&q("zgubione prawa jazdy"), &|_| true);
        assert_eq!((found[0].start, found[0].len), (1, 2));
        // Not where the typed word is the entries' own, and never English.
        assert!(s.find_inflected(&q("ehliyetimi"), &|_| false).is_empty());
        assert!(s.find_inflected(&q("licences"), &|_| true).is_empty());
    }

    #[test]
    fn other_languages_lead_to_german_one_way() {
        let mut s = Synonyms::default();
        let p = s.add_languages_text(
            Path::new("languages.toml"),
            "[[word]]\nlang = \"en\"\nsays = [\"dog\", \"dogs\"]\nmeans = [\"hund\"]\n\n\
             [[word]]\nlang = \"en\"\nsays = [\"birth certificate\"]\nmeans = [\"geburtsurkunde\"]\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let q = |words: &[&str]| s.find(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        let m = q(&["register", "dogs"]);
        assert_eq!((m[0].start, m[0].len), (1, 1));
        assert_eq!(m[0].alternatives, vec![vec!["hund".to_string()]]);
        let m = q(&["birth", "certificate"]);
        assert_eq!(m[0].alternatives, vec![vec!["geburtsurkunde".to_string()]]);
        assert!(
            q(&["hund"]).is_empty(),
            "German words are not translated back"
        );
    }

    #[test]
    fn a_language_word_without_meaning_or_language_is_reported_at_its_line() {
        let mut s = Synonyms::default();
        let p = s.add_languages_text(
            Path::new("languages.toml"),
            "[[word]]\nlang = \"en\"\nsays = [\"dog\"]\nmeans = []\n\n[[word]]\nlang = \"xx\"\nsays = [\"a\"]\nmeans = [\"b\"]\n",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!((p[0].line, p[1].line), (1, 6));
        assert!(p[1].message.contains("xx"), "{}", p[1].message);
        assert!(s.is_empty());
    }

    #[test]
    fn a_phrase_given_twice_is_a_warning_at_the_second() {
        let mut s = Synonyms::default();
        let p = s.add_languages_text(
            Path::new("languages.toml"),
            "[[word]]\nlang = \"en\"\nsays = [\"blue card\"]\nmeans = [\"blaue karte\"]\n\n\
             [[word]]\nlang = \"en\"\nsays = [\"eu card\", \"Blue  Card\", \"eu-card\"]\nmeans = [\"aufenthaltstitel\"]\n",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].line, p[0].severity), (6, Severity::Warning));
        assert!(
            p[0].message.contains("Blue  Card") && p[0].message.contains("line 1"),
            "{}",
            p[0].message
        );
        // Both words still load: a warning loses nothing.
        assert!(!s.is_empty());
    }

    #[test]
    fn broken_file_reports_the_line() {
        let (_, p) = Synonyms::parse(Path::new("s.toml"), "[[group]]\nwords = [\"a\"\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].line >= 2, "{:?}", p[0]);
    }
}
