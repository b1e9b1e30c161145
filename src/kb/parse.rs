//! Parsing one entry file: TOML front matter between `+++` lines, then
//! Markdown with `## Section` headings.

use std::path::Path;

use chrono::NaiveDate;
use toml::{Table, Value};

use super::amounts;
use super::entry::{Entry, EntryKind, LocationInfo, PortalService, Section, SectionKey, SourceRef};
use super::problem::{Problem, Severity};
use crate::hours::{
    Appointment, ExceptionDate, Schedule, ScheduleException, TimeRange, WEEKDAY_KEYS, parse_range,
};

const DELIMITER: &str = "+++";

/// Keys a front matter may have; anything else is a typo worth reporting.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "kind",
    "title",
    "summary",
    "summary_en",
    "synonyms",
    "locations",
    "portal_service",
    "leika",
    "reviewed",
    "source",
    "sources",
    "unconfirmed",
    "address",
    "phone",
    "email",
    "appointment",
    "holidays_closed",
    "city_closures",
    "hours",
    "exceptions",
];

/// Collects problems with line numbers for one file.
struct Report<'a> {
    path: &'a Path,
    /// Lines of the front matter, starting at file line 2.
    front: Vec<&'a str>,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn push(&mut self, line: usize, severity: Severity, message: impl Into<String>) {
        self.problems.push(Problem {
            path: self.path.to_path_buf(),
            line,
            severity,
            message: message.into(),
        });
    }

    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.push(line, Severity::Error, message);
    }

    /// The file line of `key = ...` inside `[table]` (or at top level),
    /// or the first line when the key is missing.
    fn line_of(&self, table: Option<&str>, key: &str) -> usize {
        let mut current: Option<String> = None;
        for (i, raw) in self.front.iter().enumerate() {
            let line = raw.trim();
            if line.starts_with('[') {
                current = Some(line.trim_matches(['[', ']']).trim().to_string());
                continue;
            }
            if current.as_deref() == table
                && let Some((k, _)) = line.split_once('=')
                && k.trim().trim_matches('"') == key
            {
                return i + 2;
            }
        }
        1
    }

    /// The line of the n-th `[[table]]` header.
    fn line_of_array_table(&self, table: &str, n: usize) -> usize {
        let header = format!("[[{table}]]");
        self.front
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() == header)
            .nth(n)
            .map(|(i, _)| i + 2)
            .unwrap_or(1)
    }
}

/// Parses an entry file. Returns the entry if it is usable and every
/// problem found (errors make the entry unusable; warnings do not).
pub fn parse_entry(path: &Path, text: &str) -> (Option<Entry>, Vec<Problem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut report = Report {
        path,
        front: Vec::new(),
        problems: Vec::new(),
    };
    if lines.first().map(|l| l.trim_end()) != Some(DELIMITER) {
        report.error(
            1,
            "the file must start with a line `+++` (TOML front matter)",
        );
        return (None, report.problems);
    }
    let Some(end) = lines.iter().skip(1).position(|l| l.trim_end() == DELIMITER) else {
        report.error(1, "the front matter is not closed by a line `+++`");
        return (None, report.problems);
    };
    let end = end + 1; // index of the closing line
    report.front = lines[1..end].to_vec();
    let front_text = report.front.join("\n");
    let table: Table = match front_text.parse() {
        Ok(t) => t,
        Err(e) => {
            let e: toml::de::Error = e;
            let line = e
                .span()
                .map(|s| {
                    front_text[..s.start.min(front_text.len())]
                        .matches('\n')
                        .count()
                        + 2
                })
                .unwrap_or(1);
            let msg = e.message().trim().to_string();
            report.error(line, format!("TOML syntax: {msg}"));
            return (None, report.problems);
        }
    };
    let body_start_line = end + 2;
    let body: Vec<&str> = lines[end + 1..].to_vec();
    let entry = build_entry(path, text, &table, &body, body_start_line, &mut report);
    let has_errors = report
        .problems
        .iter()
        .any(|p| p.severity == Severity::Error);
    (entry.filter(|_| !has_errors), report.problems)
}

fn build_entry(
    path: &Path,
    text: &str,
    t: &Table,
    body: &[&str],
    body_line: usize,
    r: &mut Report<'_>,
) -> Option<Entry> {
    for key in t.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            let line = r.line_of(None, key);
            r.error(line, format!("unknown field `{key}`"));
        }
    }
    let id = req_str(t, "id", r)?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || id.is_empty()
    {
        let line = r.line_of(None, "id");
        r.error(line, format!("id {id:?} may only contain a-z, 0-9 and -"));
    } else if id != stem {
        let line = r.line_of(None, "id");
        r.error(
            line,
            format!("id {id:?} differs from the file name {stem:?}"),
        );
    }
    let kind = match req_str(t, "kind", r)?.as_str() {
        "service" => EntryKind::Service,
        "location" => EntryKind::Location,
        other => {
            let line = r.line_of(None, "kind");
            r.error(
                line,
                format!("kind {other:?} is neither \"service\" nor \"location\""),
            );
            return None;
        }
    };
    let title = req_str(t, "title", r);
    let summary = req_str(t, "summary", r);
    let summary_en = Some(opt_str(t, "summary_en", r)).filter(|s| !s.is_empty());
    let sources = sources(t, r);
    let reviewed = req_date(t, "reviewed", r);
    let synonyms = str_list(t, "synonyms", r);
    let locations = str_list(t, "locations", r);
    let unconfirmed = str_list(t, "unconfirmed", r);
    let leika = opt_str(t, "leika", r);
    let portal_service = match opt_str(t, "portal_service", r).as_str() {
        "" => None,
        s => match PortalService::parse(s) {
            Some(p) => Some(p),
            None => {
                let line = r.line_of(None, "portal_service");
                let known: Vec<&str> = PortalService::ALL.iter().map(|p| p.as_str()).collect();
                r.error(
                    line,
                    format!("unknown portal_service {s:?} (known: {})", known.join(", ")),
                );
                None
            }
        },
    };
    let location = match kind {
        EntryKind::Location => Some(location_info(t, r)),
        EntryKind::Service => {
            for key in [
                "address",
                "phone",
                "email",
                "appointment",
                "hours",
                "exceptions",
                "holidays_closed",
                "city_closures",
            ] {
                if t.contains_key(key) {
                    let line = r.line_of(None, key);
                    r.error(
                        line,
                        format!("`{key}` belongs to location entries, not services"),
                    );
                }
            }
            None
        }
    };
    let sections = sections(body, body_line, kind, r);
    if let Some(summary) = &summary {
        summary_fees_in_kosten(summary, "summary", &sections, body, body_line, r);
    }
    // The English summary is read out too: its fees must be the entry's.
    if let Some(summary) = &summary_en {
        summary_fees_in_kosten(summary, "summary_en", &sections, body, body_line, r);
    }
    Some(Entry {
        id,
        kind,
        title: title?,
        summary: summary?,
        summary_en,
        synonyms,
        locations,
        portal_service,
        leika,
        reviewed: reviewed?,
        source: sources.first()?.url.clone(),
        sources,
        unconfirmed,
        sections,
        location: location.flatten(),
        path: path.to_path_buf(),
        hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
    })
}

/// `source = "URL"` (one page) and/or `sources = [{ url = "URL", read =
/// 2026-12-03 }, …]` (each page with the date it was read). At least one
/// is required; `source` comes first when both are given.
fn sources(t: &Table, r: &mut Report<'_>) -> Vec<SourceRef> {
    let mut out = Vec::new();
    if (t.contains_key("source") || !t.contains_key("sources"))
        && let Some(url) = req_str(t, "source", r)
    {
        if !is_web_address(&url) {
            let line = r.line_of(None, "source");
            r.error(line, format!("source {url:?} {NOT_WEB}"));
        }
        out.push(SourceRef { url, read: None });
    }
    match t.get("sources") {
        None => {}
        Some(Value::Array(items)) => {
            let line = r.line_of(None, "sources");
            for item in items {
                let Value::Table(s) = item else {
                    r.error(line, "`sources` must list tables like { url = \"https://…\", read = 2026-12-03 }");
                    continue;
                };
                let url = match s.get("url") {
                    Some(Value::String(u)) if !u.trim().is_empty() => u.trim().to_string(),
                    _ => {
                        r.error(line, "every entry of `sources` needs a non-empty `url`");
                        continue;
                    }
                };
                if !is_web_address(&url) {
                    r.error(line, format!("sources: url {url:?} {NOT_WEB}"));
                }
                let read = match s.get("read") {
                    None => None,
                    Some(Value::Datetime(dt)) if dt.time.is_none() => dt.date.and_then(|d| {
                        NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    }),
                    Some(_) => {
                        r.error(
                            line,
                            format!("`read` of source {url:?} must be a date like 2026-12-03"),
                        );
                        None
                    }
                };
                for key in s.keys() {
                    if key != "url" && key != "read" {
                        r.error(
                            line,
                            format!("unknown key `{key}` in `sources` (url, read)"),
                        );
                    }
                }
                out.push(SourceRef { url, read });
            }
            if items.is_empty() && out.is_empty() {
                r.error(line, "`sources` is empty");
            }
        }
        Some(other) => {
            let line = r.line_of(None, "sources");
            r.error(
                line,
                format!(
                    "`sources` must be a list of tables, not {}",
                    other.type_str()
                ),
            );
        }
    }
    out
}

/// How a source that is no web address is reported.
const NOT_WEB: &str = "is not an http(s) address like \"https://www.bochum.de/…\"";

/// Whether a source is a page an editor can open again to re-check the
/// facts: an http(s) address with a host. A bare "www.bochum.de", a file
/// path or a note like "Telefonat mit dem Amt" is not.
fn is_web_address(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// A fee the read-aloud summary names must be one the `## Kosten` section
/// lists too: when an editor updates one and forgets the other, the agent
/// reads out a price the section contradicts. A warning, because the
/// comparison finds numbers, not meaning.
fn summary_fees_in_kosten(
    summary: &str,
    key: &str,
    sections: &[Section],
    body: &[&str],
    body_line: usize,
    r: &mut Report<'_>,
) {
    let Some(kosten) = sections.iter().find(|s| s.key == SectionKey::Kosten) else {
        return;
    };
    // Every number of the section counts as listed, so that "10 bis 20
    // Euro" covers a summary's "ab 10 Euro".
    let listed = amounts::all_amounts(&kosten.markdown);
    let missing: Vec<String> = amounts::euro_amounts(summary)
        .into_iter()
        .filter(|a| !a.agrees_with(&listed))
        .map(|a| a.value.to_string())
        .collect();
    if missing.is_empty() {
        return;
    }
    let heading_line = body
        .iter()
        .position(|l| {
            l.strip_prefix("## ")
                .is_some_and(|h| h.trim() == kosten.heading)
        })
        .map(|i| body_line + i)
        .unwrap_or(1);
    let named: Vec<String> = amounts::euro_amounts(&kosten.markdown)
        .into_iter()
        .map(|a| a.value.to_string())
        .collect();
    let lists = if named.is_empty() {
        "lists no Euro amount".to_string()
    } else {
        format!("lists only {}", named.join(", "))
    };
    let line = r.line_of(None, key);
    r.push(
        line,
        Severity::Warning,
        format!(
            "{key} says {}, but `## Kosten` (line {heading_line}) {lists}",
            missing.join(", ")
        ),
    );
}

fn req_str(t: &Table, key: &str, r: &mut Report<'_>) -> Option<String> {
    match t.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::String(_)) => {
            let line = r.line_of(None, key);
            r.error(line, format!("`{key}` is empty"));
            None
        }
        Some(other) => {
            let line = r.line_of(None, key);
            r.error(
                line,
                format!("`{key}` must be a string, not {}", other.type_str()),
            );
            None
        }
        None => {
            r.error(1, format!("required field `{key}` is missing"));
            None
        }
    }
}

fn opt_str(t: &Table, key: &str, r: &mut Report<'_>) -> String {
    match t.get(key) {
        None => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => {
            let line = r.line_of(None, key);
            r.error(
                line,
                format!("`{key}` must be a string, not {}", other.type_str()),
            );
            String::new()
        }
    }
}

fn str_list(t: &Table, key: &str, r: &mut Report<'_>) -> Vec<String> {
    match t.get(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                    _ => {
                        let line = r.line_of(None, key);
                        r.error(line, format!("`{key}` must list non-empty strings"));
                    }
                }
            }
            out
        }
        Some(other) => {
            let line = r.line_of(None, key);
            r.error(
                line,
                format!(
                    "`{key}` must be a list of strings, not {}",
                    other.type_str()
                ),
            );
            Vec::new()
        }
    }
}

fn req_date(t: &Table, key: &str, r: &mut Report<'_>) -> Option<NaiveDate> {
    let line = r.line_of(None, key);
    match t.get(key) {
        Some(Value::Datetime(dt)) if dt.time.is_none() => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        Some(Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                r.error(line, format!("`{key}` {s:?} is not a date YYYY-MM-DD"));
                None
            }
        },
        Some(_) => {
            r.error(line, format!("`{key}` must be a date like 2026-11-01"));
            None
        }
        None => {
            r.error(1, format!("required field `{key}` is missing"));
            None
        }
    }
}

fn location_info(t: &Table, r: &mut Report<'_>) -> Option<LocationInfo> {
    let address = req_str(t, "address", r);
    let phone = opt_str(t, "phone", r);
    let email = opt_str(t, "email", r);
    let appointment = match t.get("appointment") {
        Some(Value::String(s)) => Appointment::parse(s).or_else(|| {
            let line = r.line_of(None, "appointment");
            r.error(
                line,
                format!("appointment {s:?} must be required, recommended or none"),
            );
            None
        }),
        Some(_) => {
            let line = r.line_of(None, "appointment");
            r.error(
                line,
                "appointment must be a string: required, recommended or none",
            );
            None
        }
        None => {
            r.error(
                1,
                "required field `appointment` is missing (required, recommended or none)",
            );
            None
        }
    };
    let holidays_closed = opt_bool(t, "holidays_closed", true, r);
    // Whether the office closes with the city administration
    // (closures.toml); the closures themselves join at load.
    let city_closures = opt_bool(t, "city_closures", false, r);
    let mut schedule = Schedule {
        holidays_closed,
        ..Schedule::default()
    };
    match t.get("hours") {
        None => {}
        Some(Value::Table(h)) => {
            for key in h.keys() {
                if !WEEKDAY_KEYS.contains(&key.as_str()) {
                    let line = r.line_of(Some("hours"), key);
                    r.error(
                        line,
                        format!("hours: unknown day `{key}` (use mo di mi do fr sa so)"),
                    );
                }
            }
            for (i, day) in WEEKDAY_KEYS.iter().enumerate() {
                if let Some(v) = h.get(*day) {
                    let line = r.line_of(Some("hours"), day);
                    schedule.weekly[i] = ranges(v, &format!("hours.{day}"), line, r);
                }
            }
        }
        Some(_) => {
            let line = r.line_of(None, "hours");
            r.error(line, "hours must be a table [hours] with keys mo … so");
        }
    }
    match t.get("exceptions") {
        None => {}
        Some(Value::Array(items)) => {
            // One exception per day: with two, which one the desk shows
            // would depend on their order in the file. (A dated one beside
            // a yearly one on the same day is fine: the dated one wins.)
            let mut seen: Vec<(ExceptionDate, usize)> = Vec::new();
            for (n, item) in items.iter().enumerate() {
                let line = r.line_of_array_table("exceptions", n);
                let Some(e) = exception(item, line, r) else {
                    continue;
                };
                if let Some((_, first)) = seen.iter().find(|(d, _)| *d == e.date) {
                    r.error(
                        line,
                        format!(
                            "exceptions: {} is already given at line {first} (one exception per day)",
                            e.date
                        ),
                    );
                    continue;
                }
                seen.push((e.date, line));
                schedule.exceptions.push(e);
            }
        }
        Some(_) => {
            let line = r.line_of(None, "exceptions");
            r.error(line, "exceptions must be written as [[exceptions]] tables");
        }
    }
    Some(LocationInfo {
        address: address?,
        phone,
        email,
        appointment: appointment?,
        city_closures,
        schedule,
    })
}

/// An optional `true`/`false` field; anything else is an error at its line
/// and counts as the default.
fn opt_bool(t: &Table, key: &str, default: bool, r: &mut Report<'_>) -> bool {
    match t.get(key) {
        None => default,
        Some(Value::Boolean(b)) => *b,
        Some(_) => {
            let line = r.line_of(None, key);
            r.error(line, format!("{key} must be true or false"));
            default
        }
    }
}

fn ranges(v: &Value, what: &str, line: usize, r: &mut Report<'_>) -> Vec<TimeRange> {
    let Value::Array(items) = v else {
        r.error(
            line,
            format!("{what} must be a list like [\"08:00-12:00\"]"),
        );
        return Vec::new();
    };
    let mut out: Vec<TimeRange> = Vec::new();
    for item in items {
        let Value::String(s) = item else {
            r.error(
                line,
                format!("{what} must list strings like \"08:00-12:00\""),
            );
            continue;
        };
        match parse_range(s) {
            Ok(range) => {
                if let Some(prev) = out.last()
                    && range.start < prev.end
                {
                    r.error(
                        line,
                        format!("{what}: {s:?} overlaps or precedes the range before it"),
                    );
                    continue;
                }
                out.push(range);
            }
            Err(msg) => r.error(line, format!("{what}: {msg}")),
        }
    }
    out
}

fn exception(v: &Value, line: usize, r: &mut Report<'_>) -> Option<ScheduleException> {
    let Value::Table(t) = v else {
        r.error(line, "an exception must be a table");
        return None;
    };
    let date = match t.get("date") {
        Some(Value::String(s)) => match ExceptionDate::parse(s) {
            Ok(d) => d,
            Err(msg) => {
                r.error(line, format!("exceptions: {msg}"));
                return None;
            }
        },
        Some(Value::Datetime(dt)) => match dt.date {
            Some(d) => match NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()) {
                Some(nd) => ExceptionDate::Once(nd),
                None => {
                    r.error(line, "exceptions: invalid date");
                    return None;
                }
            },
            None => {
                r.error(line, "exceptions: date must be \"MM-DD\" or \"YYYY-MM-DD\"");
                return None;
            }
        },
        _ => {
            r.error(
                line,
                "exceptions: `date` is missing (\"MM-DD\" or \"YYYY-MM-DD\")",
            );
            return None;
        }
    };
    let closed = matches!(t.get("closed"), Some(Value::Boolean(true)));
    let hours = match t.get("hours") {
        Some(v) => ranges(v, "exceptions.hours", line, r),
        None => Vec::new(),
    };
    if closed == t.contains_key("hours") {
        r.error(
            line,
            "an exception needs either `closed = true` or `hours = [...]`",
        );
        return None;
    }
    let note = match t.get("note") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    Some(ScheduleException { date, hours, note })
}

fn sections(body: &[&str], first_line: usize, kind: EntryKind, r: &mut Report<'_>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut current: Option<(SectionKey, String, Vec<&str>)> = None;
    // After an unknown heading its text is skipped silently: one error per
    // mistake, not one per line below it.
    let mut in_unknown = false;
    let allowed: &[SectionKey] = match kind {
        EntryKind::Service => &[
            SectionKey::Unterlagen,
            SectionKey::Kosten,
            SectionKey::Fristen,
            SectionKey::Ablauf,
            SectionKey::Online,
            SectionKey::Hinweise,
            SectionKey::Rechtsgrundlage,
        ],
        EntryKind::Location => &[
            SectionKey::Leistungen,
            SectionKey::Anfahrt,
            SectionKey::Barrierefreiheit,
            SectionKey::Hinweise,
        ],
    };
    let flush = |cur: Option<(SectionKey, String, Vec<&str>)>, out: &mut Vec<Section>| {
        if let Some((key, heading, lines)) = cur {
            out.push(Section {
                key,
                heading,
                markdown: lines.join("\n").trim().to_string(),
            });
        }
    };
    for (i, line) in body.iter().enumerate() {
        let n = first_line + i;
        if let Some(h) = line.strip_prefix("## ") {
            let h = h.trim();
            flush(current.take(), &mut out);
            match SectionKey::from_heading(h) {
                Some(key) if allowed.contains(&key) => {
                    if out.iter().any(|s| s.key == key) {
                        r.error(n, format!("section `## {h}` appears twice"));
                    }
                    current = Some((key, h.to_string(), Vec::new()));
                    in_unknown = false;
                }
                _ => {
                    in_unknown = true;
                    let names: Vec<&str> = allowed.iter().map(|k| heading_of(*k)).collect();
                    r.error(
                        n,
                        format!("unknown section `## {h}` (allowed: {})", names.join(", ")),
                    );
                }
            }
        } else if line.starts_with("# ") {
            r.error(
                n,
                "level-1 headings are not allowed; the title is in the front matter",
            );
        } else if let Some((_, _, lines)) = current.as_mut() {
            lines.push(line);
        } else if !line.trim().is_empty() && !in_unknown {
            r.error(n, "text before the first `## Section` heading");
        }
    }
    flush(current, &mut out);
    out
}

fn heading_of(key: SectionKey) -> &'static str {
    SectionKey::BODY
        .iter()
        .find(|(_, k)| *k == key)
        .map(|(h, _)| *h)
        .unwrap_or("")
}
