//! `kb check` problems: each kind of error with its exact `path:line`.

use std::path::Path;

use auskunft::kb::{KnowledgeBase, Severity};
use chrono::NaiveDate;

use crate::common::{service, write};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

const LOCATION: &str = "+++
id = \"amt\"
kind = \"location\"
title = \"Amt\"
summary = \"Ein Amt.\"
synonyms = [\"Behörde\"]
address = \"Straße 1, 44787 Bochum\"
appointment = \"none\"
reviewed = 2026-11-01
source = \"https://www.bochum.de/\"

[hours]
mo = [\"08:00-12:00\"]
+++
## Leistungen
- Alles.
";

/// Loads a knowledge base made of the given files and returns its problems
/// as `file:line: severity: message` with paths relative to the root.
fn problems(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("locations/amt.md"), LOCATION);
    for (name, text) in files {
        write(&dir.path().join(name), text);
    }
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    kb.problems
        .iter()
        .map(|p| {
            let rel = p.path.strip_prefix(dir.path()).unwrap_or(Path::new("?"));
            let sev = if p.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            format!("{}:{}: {sev}: {}", rel.display(), p.line, p.message)
        })
        .collect()
}

fn check(files: &[(&str, &str)], expected: &[&str]) {
    let got = problems(files);
    assert_eq!(got, expected, "\ngot:\n{}", got.join("\n"));
}

#[test]
fn a_valid_entry_has_no_problems() {
    check(
        &[(
            "services/a.md",
            &service("a", "A", "locations = [\"amt\"]\n", "## Kosten\n- 5 Euro\n"),
        )],
        &[],
    );
}

#[test]
fn toml_syntax_error_names_the_line() {
    let text = "+++\nid = \"a\"\ntitle = \"unclosed\n+++\n## Kosten\n";
    let got = problems(&[("services/a.md", text)]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("services/a.md:3: error: TOML syntax"),
        "{got:?}"
    );
}

#[test]
fn missing_front_matter() {
    check(
        &[("services/a.md", "## Kosten\n")],
        &["services/a.md:1: error: the file must start with a line `+++` (TOML front matter)"],
    );
    check(
        &[("services/a.md", "+++\nid = \"a\"\n")],
        &["services/a.md:1: error: the front matter is not closed by a line `+++`"],
    );
}

#[test]
fn required_fields_and_wrong_types() {
    let text = "+++\nid = \"a\"\nkind = \"service\"\ntitle = 5\nsummary = \"s\"\nsynonyms = [\"x\"]\nsource = \"u\"\n+++\n";
    check(
        &[("services/a.md", text)],
        &[
            "services/a.md:4: error: `title` must be a string, not integer",
            "services/a.md:1: error: required field `reviewed` is missing",
        ],
    );
}

#[test]
fn id_must_match_the_file_name() {
    check(
        &[("services/b.md", &service("a", "A", "", ""))],
        &["services/b.md:2: error: id \"a\" differs from the file name \"b\""],
    );
}

#[test]
fn duplicate_ids_keep_the_first_file() {
    let got = problems(&[("services/amt.md", &service("amt", "Doppelt", "", ""))]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("services/amt.md:1: error: id \"amt\" is already used by "),
        "{got:?}"
    );
    assert!(got[0].ends_with("locations/amt.md"), "{got:?}");
}

#[test]
fn unknown_location_link_portal_service_and_section() {
    let text = service(
        "a",
        "A",
        "locations = [\"nirgendwo\"]\nportal_service = \"raketenstart\"\n",
        "## Kosten\n- 5 Euro\n## Sonstiges\n- x\n",
    );
    check(
        &[("services/a.md", &text)],
        &[
            "services/a.md:10: error: unknown portal_service \"raketenstart\" (known: personenstandsurkunde, wunschkennzeichen, bewohnerparkausweis, kfz-abmeldung, kfz-wiederzulassung)",
            "services/a.md:14: error: unknown section `## Sonstiges` (allowed: Unterlagen, Kosten, Fristen, Ablauf, Online, Hinweise, Rechtsgrundlage)",
        ],
    );
}

#[test]
fn broken_location_link_is_reported_with_the_line() {
    let text = service(
        "a",
        "A",
        "locations = [\"nirgendwo\"]\n",
        "## Kosten\n- 5 Euro\n",
    );
    check(
        &[("services/a.md", &text)],
        &["services/a.md:9: error: locations: \"nirgendwo\" is not a location entry"],
    );
}

#[test]
fn invalid_hours_are_reported_with_the_line() {
    let text = LOCATION
        .replace("id = \"amt\"", "id = \"amt2\"")
        .replace("mo = [\"08:00-12:00\"]", "mo = [\"08:00-12:00\"]\ndi = [\"12:00-08:00\"]\nxx = [\"08:00-09:00\"]\n\n[[exceptions]]\ndate = \"13-45\"\nclosed = true");
    check(
        &[("locations/amt2.md", &text)],
        &[
            "locations/amt2.md:15: error: hours: unknown day `xx` (use mo di mi do fr sa so)",
            "locations/amt2.md:14: error: hours.di: time range \"12:00-08:00\" ends before it starts",
            "locations/amt2.md:17: error: exceptions: date \"13-45\" is neither MM-DD nor YYYY-MM-DD",
        ],
    );
}

#[test]
fn stale_and_synonym_free_entries_are_warnings() {
    let text = service("a", "A", "", "## Kosten\n- 5 Euro\n")
        .replace("reviewed = 2026-11-01", "reviewed = 2025-01-10")
        .replace("synonyms = [\"x\"]\n", "");
    check(
        &[("services/a.md", &text)],
        &[
            "services/a.md:6: warning: not reviewed for 12 months (reviewed 2025-01-10)",
            "services/a.md:1: warning: no synonyms: add the words callers use",
        ],
    );
}

#[test]
fn a_broken_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("locations/amt.md"), LOCATION);
    write(
        &dir.path().join("services/gut.md"),
        &service("gut", "Gut", "", "## Kosten\n- 1 Euro\n"),
    );
    write(&dir.path().join("services/kaputt.md"), "+++\nid = \n+++\n");
    std::fs::write(dir.path().join("services/binaer.md"), [0xff, 0xfe, 0x00]).expect("write");
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(kb.entries.keys().collect::<Vec<_>>(), ["amt", "gut"]);
    assert_eq!(
        kb.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count(),
        2
    );
}

#[test]
fn the_shipped_knowledge_base_has_no_errors_and_every_eval_id() {
    let kb = KnowledgeBase::load(&crate::common::shipped_kb(), today()).expect("loads");
    let errors: Vec<String> = kb
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let topics = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/topics.tsv"),
    )
    .expect("topics");
    for line in topics
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (id, kind) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""));
        let e = kb
            .entries
            .get(id)
            .unwrap_or_else(|| panic!("entry {id} missing"));
        assert_eq!(e.kind.as_str(), kind, "{id}");
    }
}
