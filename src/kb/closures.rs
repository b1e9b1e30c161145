//! The city administration's closures (knowledge-base/closures.toml): the
//! days around New Year the whole administration is closed, entered once
//! for every office with `city_closures = true` (see
//! [`crate::hours::CityClosures`] for what they do to an office's hours).

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::problem::{Problem, Severity};
use super::synonyms::{header_lines, problem, toml_problem};
use crate::hours::{CityClosures, Closure};

/// The longest closure the file accepts. The city closes for about ten
/// days; a longer span is a mistyped year or month ("2062-01-02").
const MAX_DAYS: i64 = 31;

/// Loads the file; a missing file means no closures. A block with a
/// problem is left out whole (with an error naming its line); the others
/// load.
pub fn load(path: &Path) -> (CityClosures, Vec<Problem>) {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (CityClosures::default(), Vec::new()),
        Err(e) => (
            CityClosures::default(),
            vec![problem(path, 1, format!("cannot read: {e}"))],
        ),
    }
}

/// Parses the text of closures.toml.
pub fn parse(path: &Path, text: &str) -> (CityClosures, Vec<Problem>) {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        closure: Vec<Written>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Written {
        from: toml::Value,
        to: toml::Value,
        note: String,
        // Where the city announced it; for the editors, not the desk.
        #[allow(dead_code)]
        #[serde(default)]
        source: Option<String>,
    }
    let file: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => return (CityClosures::default(), vec![toml_problem(path, text, &e)]),
    };
    let lines = header_lines(text, "[[closure]]");
    let mut out = CityClosures::default();
    let mut lines_of: Vec<usize> = Vec::new();
    let mut problems = Vec::new();
    for (i, w) in file.closure.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let closure = date_of(&w.from, "from").and_then(|from| {
            let to = date_of(&w.to, "to")?;
            checked(from, to, &w.note)
        });
        let closure = closure.and_then(|c| {
            match out
                .closures
                .iter()
                .position(|o| o.from <= c.to && c.from <= o.to)
            {
                Some(j) => Err(format!(
                    "overlaps the closure at line {} ({} to {}): one closure per span of days",
                    lines_of[j], out.closures[j].from, out.closures[j].to
                )),
                None => Ok(c),
            }
        });
        match closure {
            Ok(c) => {
                out.closures.push(c);
                lines_of.push(line);
            }
            Err(message) => problems.push(problem(path, line, message)),
        }
    }
    (out, problems)
}

fn date_of(v: &toml::Value, key: &str) -> Result<NaiveDate, String> {
    let bad = || format!("`{key}` must be a date like 2026-12-24, not {v}");
    match v {
        toml::Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad()),
        toml::Value::Datetime(dt) if dt.time.is_none() => dt
            .date
            .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn checked(from: NaiveDate, to: NaiveDate, note: &str) -> Result<Closure, String> {
    if to < from {
        return Err(format!("`to` {to} lies before `from` {from}"));
    }
    let days = (to - from).num_days() + 1;
    if days > MAX_DAYS {
        return Err(format!(
            "a closure of {days} days ({from} to {to}): more than {MAX_DAYS}, check the dates"
        ));
    }
    if note.trim().is_empty() {
        return Err("`note` is empty: the desk shows it as the reason the office is closed".into());
    }
    Ok(Closure {
        from,
        to,
        note: note.trim().to_string(),
    })
}

/// A warning for the editors from December on, while the coming season
/// "zwischen den Jahren" has no closure entered and offices follow the
/// city: until it is, the desks show those days open with a caution.
pub fn season_warning(path: &Path, closures: &CityClosures, today: NaiveDate) -> Option<Problem> {
    if today.month() != 12 && !(today.month() == 1 && today.day() <= 2) {
        return None;
    }
    let (season, entered) = closures.season_entered(today)?;
    (!entered).then(|| Problem {
        path: path.to_path_buf(),
        line: 1,
        severity: Severity::Warning,
        message: format!(
            "no closure for {season} between the years: once the city announces its closing days, \
             enter them here; until then the desks show the offices open on those days with a caution"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (CityClosures, Vec<String>) {
        let (c, problems) = parse(Path::new("closures.toml"), text);
        (
            c,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.line, p.message))
                .collect(),
        )
    }

    #[test]
    fn closures_load_with_dates_written_either_way() {
        let (c, problems) = parsed(
            "[[closure]]\nfrom = \"2025-12-24\"\nto = 2026-01-02\nnote = \"zu\"\nsource = \"https://x\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.closures.len(), 1);
        assert_eq!(
            c.closures[0].to,
            NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
        );
    }

    #[test]
    fn a_bad_block_is_named_by_its_line_and_the_others_load() {
        let text = "\
[[closure]]
from = \"2025-12-24\"
to = \"2025-12-20\"
note = \"zu\"

[[closure]]
from = \"2025-12-24\"
to = \"2062-01-02\"
note = \"zu\"

[[closure]]
from = \"24.12.2025\"
to = \"2026-01-02\"
note = \"zu\"

[[closure]]
from = \"2024-12-24\"
to = \"2025-01-01\"
note = \" \"

[[closure]]
from = \"2023-12-25\"
to = \"2024-01-01\"
note = \"zu\"

[[closure]]
from = \"2023-12-27\"
to = \"2023-12-29\"
note = \"auch zu\"
";
        let (c, problems) = parsed(text);
        assert_eq!(c.closures.len(), 1, "{problems:?}");
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(
            problems[0].starts_with("1: `to` 2025-12-20 lies before"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].starts_with("6: a closure of 13159 days"),
            "{}",
            problems[1]
        );
        assert!(
            problems[2].starts_with("11: `from` must be a date like 2026-12-24"),
            "{}",
            problems[2]
        );
        assert!(
            problems[3].starts_with("16: `note` is empty"),
            "{}",
            problems[3]
        );
        assert!(
            problems[4].starts_with("26: overlaps the closure at line 21"),
            "{}",
            problems[4]
        );
    }

    #[test]
    fn unknown_fields_and_broken_toml_are_errors_not_panics() {
        let (c, problems) = parsed("[[closure]]\nfrom = \"2025-12-24\"\nuntil = \"2026-01-02\"\n");
        assert!(c.closures.is_empty());
        assert_eq!(problems.len(), 1);
        let (_, problems) = parsed("[[closure]\n");
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn the_editors_are_told_in_december_until_the_season_is_entered() {
        let (c, _) =
            parsed("[[closure]]\nfrom = \"2025-12-24\"\nto = \"2026-01-02\"\nnote = \"zu\"\n");
        let p = Path::new("closures.toml");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(season_warning(p, &c, d("2025-12-07")).is_none());
        assert!(season_warning(p, &c, d("2026-11-30")).is_none());
        let w = season_warning(p, &c, d("2026-12-07")).expect("warning");
        assert!(
            w.message.starts_with("no closure for 2026/27"),
            "{}",
            w.message
        );
        assert!(season_warning(p, &c, d("2027-01-02")).is_some());
        assert!(season_warning(p, &c, d("2027-01-03")).is_none());
    }
}
