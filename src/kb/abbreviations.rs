//! Abbreviations agents type while the caller talks
//! (knowledge-base/abbreviations.toml): "öffnz" for Öffnungszeiten, "adr"
//! for Adresse, "stva" for Straßenverkehrsamt. A query's abbreviations are
//! written out before anything reads it, so the intent sees "öffnungszeiten"
//! (an hours question) and the search the office's name; nothing else in
//! the search has to know them.
//!
//! Unlike a synonym, an abbreviation replaces the typed word: "bb" is not
//! searched as itself, and a short form is too short to be searched by its
//! letters or corrected as a typo without sending the search astray.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use super::analysis::{fold, words};
use super::problem::Problem;
use super::synonyms::{header_lines, problem, toml_problem};

/// Short forms (folded) and what they stand for.
#[derive(Debug, Default, Clone)]
pub struct Abbreviations {
    /// Folded short form → (long form as written, line of its block).
    long: HashMap<String, (String, usize)>,
}

/// One abbreviation written out in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The word as typed.
    pub typed: String,
    /// What it was read as.
    pub long: String,
}

impl Abbreviations {
    /// Loads the file; a missing file means no abbreviations. Problems
    /// name the line of the `[[abbreviation]]` block.
    pub fn load(path: &Path) -> (Self, Vec<Problem>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Self::default(), Vec::new()),
            Err(e) => (
                Self::default(),
                vec![problem(path, 1, format!("cannot read: {e}"))],
            ),
        }
    }

    /// Parses the text of abbreviations.toml. A block with a problem is
    /// left out whole; the others load.
    pub fn parse(path: &Path, text: &str) -> (Self, Vec<Problem>) {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            #[serde(default)]
            abbreviation: Vec<Written>,
        }
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Written {
            short: Vec<String>,
            long: String,
        }
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => return (Self::default(), vec![toml_problem(path, text, &e)]),
        };
        let header_lines = header_lines(text, "[[abbreviation]]");
        let mut out = Self::default();
        let mut problems = Vec::new();
        let mut blocks = Vec::new();
        for (bi, b) in file.abbreviation.into_iter().enumerate() {
            let line = header_lines.get(bi).copied().unwrap_or(1);
            match checked(&b.short, &b.long) {
                Ok(shorts) => blocks.push((line, shorts, b.long.trim().to_string())),
                Err(message) => problems.push(problem(path, line, message)),
            }
        }
        // A long form that holds a short form would be written out again
        // by the next reader (the intent reads what the search wrote out).
        let shorts: HashMap<String, usize> = blocks
            .iter()
            .flat_map(|(line, shorts, _)| shorts.iter().map(move |s| (s.clone(), *line)))
            .collect();
        for (line, block_shorts, long) in blocks {
            if let Some(w) = words(&long)
                .map(|w| fold(w.text))
                .find(|w| shorts.contains_key(w))
            {
                problems.push(problem(
                    path,
                    line,
                    format!("`long` holds `{w}`, itself a short form here: write it out"),
                ));
                continue;
            }
            for s in block_shorts {
                if let Some((_, first)) = out.long.get(&s) {
                    problems.push(problem(
                        path,
                        line,
                        format!("`{s}` is already the short form in the block at line {first}"),
                    ));
                    continue;
                }
                out.long.insert(s, (long.clone(), line));
            }
        }
        (out, problems)
    }

    /// Number of short forms.
    pub fn len(&self) -> usize {
        self.long.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.long.is_empty()
    }

    /// The short forms (folded) with the line of their block and what
    /// they stand for: for the check against the entries' names.
    pub fn short_forms(&self) -> impl Iterator<Item = (&str, usize, &str)> {
        self.long
            .iter()
            .map(|(s, (long, line))| (s.as_str(), *line, long.as_str()))
    }

    /// The query with its abbreviations written out; everything else
    /// (punctuation, spaces, the other words) as typed. Borrowed when the
    /// query has none.
    pub fn expand<'a>(&self, query: &'a str) -> Cow<'a, str> {
        if self.long.is_empty() {
            return Cow::Borrowed(query);
        }
        let mut out = String::new();
        let mut copied = 0;
        for w in words(query) {
            if let Some((long, _)) = self.long.get(&fold(w.text)) {
                out.push_str(&query[copied..w.start]);
                out.push_str(long);
                copied = w.end;
            }
        }
        if copied == 0 {
            return Cow::Borrowed(query);
        }
        out.push_str(&query[copied..]);
        Cow::Owned(out)
    }

    /// The abbreviations of a query as they were read (for `--explain`).
    pub fn found(&self, query: &str) -> Vec<Expansion> {
        words(query)
            .filter_map(|w| {
                self.long.get(&fold(w.text)).map(|(long, _)| Expansion {
                    typed: w.text.to_string(),
                    long: long.clone(),
                })
            })
            .collect()
    }
}

/// The block's short forms, folded, or what is wrong with it.
fn checked(short: &[String], long: &str) -> Result<Vec<String>, String> {
    if short.is_empty() {
        return Err("an abbreviation needs `short` (what agents type)".into());
    }
    if words(long).next().is_none() {
        return Err("an abbreviation needs `long` (what the short form stands for)".into());
    }
    let mut out = Vec::new();
    for s in short {
        let mut ws = words(s);
        match (ws.next(), ws.next()) {
            (Some(w), None) => {
                let folded = fold(w.text);
                if words(long).any(|l| fold(l.text) == folded) {
                    return Err(format!("`{s}` is a word of its own `long`"));
                }
                out.push(folded);
            }
            _ => {
                return Err(format!(
                    "`{s}` is not one word: a short form is one word as typed (\"öffnz\", \"stva\")"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Abbreviations, Vec<Problem>) {
        Abbreviations::parse(Path::new("abbreviations.toml"), text)
    }

    const SAMPLE: &str = r#"
[[abbreviation]]
short = ["öffnz", "öz"]
long = "öffnungszeiten"

[[abbreviation]]
short = ["bb"]
long = "bürgerbüro"
"#;

    #[test]
    fn a_query_s_short_forms_are_written_out_and_the_rest_kept() {
        let (a, problems) = parsed(SAMPLE);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.len(), 3);
        assert_eq!(
            a.expand("BB Wattenscheid, Öffnz?"),
            "bürgerbüro Wattenscheid, öffnungszeiten?"
        );
        assert_eq!(a.expand("oez bb"), "öffnungszeiten bürgerbüro");
        assert!(matches!(
            a.expand("bürgerbüro öffnungszeiten"),
            Cow::Borrowed(_)
        ));
        // Only whole words: "bbq" and "öze" are not short forms.
        assert_eq!(a.expand("bbq öze"), "bbq öze");
        assert_eq!(
            a.found("bb öz"),
            vec![
                Expansion {
                    typed: "bb".into(),
                    long: "bürgerbüro".into()
                },
                Expansion {
                    typed: "öz".into(),
                    long: "öffnungszeiten".into()
                },
            ]
        );
    }

    #[test]
    fn broken_blocks_are_named_by_line_and_the_others_load() {
        let text = r#"[[abbreviation]]
short = ["adr"]
long = "adresse"

[[abbreviation]]
short = ["tel nr"]
long = "telefonnummer"

[[abbreviation]]
short = ["adr"]
long = "anschrift"

[[abbreviation]]
short = ["bb"]
long = "bb büro"

[[abbreviation]]
short = ["stva"]
long = "  "

[[abbreviation]]
short = ["x"]
long = "adr amt"
"#;
        let (a, problems) = parsed(text);
        let mut lines: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        lines.sort();
        assert_eq!(a.len(), 1, "only `adr` loads: {lines:?}");
        assert_eq!(a.expand("adr"), "adresse");
        assert!(
            lines[0].0 == 5 && lines[0].1.contains("not one word"),
            "{lines:?}"
        );
        assert!(
            lines[1].0 == 9 && lines[1].1.contains("line 1"),
            "{lines:?}"
        );
        assert!(
            lines[2].0 == 13 && lines[2].1.contains("its own `long`"),
            "{lines:?}"
        );
        assert!(
            lines[3].0 == 17 && lines[3].1.contains("needs `long`"),
            "{lines:?}"
        );
        assert!(
            lines[4].0 == 21 && lines[4].1.contains("itself a short form"),
            "{lines:?}"
        );
        assert_eq!(problems.len(), 5);
    }

    #[test]
    fn a_file_that_is_not_toml_is_one_problem_at_its_line() {
        let (a, problems) = parsed("[[abbreviation]]\nshort = [\"adr\"\nlong = \"adresse\"\n");
        assert!(a.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("TOML"), "{problems:?}");
        let (_, problems) =
            parsed("[[abbreviation]]\nshort = [\"adr\"]\nlong = \"a\"\nmeans = \"b\"\n");
        assert_eq!(problems.len(), 1, "an unknown key is named: {problems:?}");
    }
}
