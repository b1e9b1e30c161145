//! The CLI contract: the forms scripts and checks rely on.

use std::process::Command;

use crate::common::{service, write};

/// The contract tests read `auskunft(args, data)`; the runner lives in
/// `common`.
fn auskunft(args: &[&str], data: &std::path::Path) -> (i32, String, String) {
    crate::common::auskunft(data, args)
}

#[test]
fn kb_check_passes_on_the_shipped_base_and_fails_on_a_broken_one() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, _, err) = auskunft(&["kb", "check"], data.path());
    assert_eq!(code, 0, "{err}");

    let kb = tempfile::tempdir().expect("tmp");
    write(
        &kb.path().join("services/a.md"),
        &service("a", "A", "portal_service = \"x\"\n", ""),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .args(["--data"])
        .arg(data.path())
        .arg("--kb")
        .arg(kb.path())
        .args(["kb", "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let want = format!(
        "{}:9: error: unknown portal_service \"x\"",
        kb.path().join("services/a.md").display()
    );
    assert!(stdout.starts_with(&want), "{stdout}");
}

#[test]
fn kb_list_prints_id_kind_title() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, out, _) = auskunft(&["kb", "list"], data.path());
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l == "hund-anmelden\tservice\tHund anmelden (Hundesteuer)"),
        "{out}"
    );
    assert!(out.lines().all(|l| l.split('\t').count() == 3));
    assert!(out.lines().count() >= 66);
}

#[test]
fn hours_prints_open_or_closed_first_and_json_has_open() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, out, err) = auskunft(
        &[
            "hours",
            "buergerbuero-wattenscheid",
            "--at",
            "2026-11-25T10:00:00+01:00",
        ],
        data.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("open"), "{out}");
    let (_, out, _) = auskunft(
        &[
            "hours",
            "buergerbuero-wattenscheid",
            "--at",
            "2026-11-28T10:00:00+01:00",
            "--json",
        ],
        data.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["open"], serde_json::Value::Bool(false));
    assert_eq!(v["next_open"], "2026-11-30T08:00:00+01:00");
    let (code, _, err) = auskunft(
        &["hours", "buergerbuero-wattenscheid", "--at", "gestern"],
        data.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("RFC 3339"), "{err}");
}

#[test]
fn search_and_ask_json() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, out, _) = auskunft(&["search", "perso", "--json", "--limit", "3"], data.path());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["id"], "personalausweis");
    assert!(v.as_array().is_some_and(|a| a.len() <= 3));
    let (code, out, _) = auskunft(&["ask", "was kostet ein reisepass", "--json"], data.path());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["id"], "reisepass");
    assert_eq!(v["focus"], "kosten");
    assert_eq!(v["section"]["key"], "kosten");
}

/// Runs `auskunft eval` on a file of tests/data and returns its last line
/// and the named figure reader.
fn eval_last_line(file: &str) -> String {
    let data = tempfile::tempdir().expect("tmp");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let (code, out, _) = auskunft(&["eval", file.to_str().expect("utf8")], data.path());
    assert_eq!(code, 0);
    out.lines().last().expect("a line").to_string()
}

fn figure(line: &str, key: &str) -> f64 {
    line.split(' ')
        .find_map(|p| p.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1.0)
}

#[test]
fn eval_prints_the_summary_line_and_meets_the_targets_on_the_dev_set() {
    let last = eval_last_line("queries-dev.tsv");
    assert!(
        last.starts_with("recall@1=") && last.contains(" n="),
        "{last}"
    );
    assert!(figure(&last, "recall@1") >= 0.90, "{last}");
    assert!(figure(&last, "recall@3") >= 0.97, "{last}");
}

/// The held-out set (written without looking at the dev set or the
/// search code) guards against tuning to the dev phrasings.
#[test]
fn held_out_phrasings_meet_the_targets_too() {
    let last = eval_last_line("queries-holdout.tsv");
    assert!(figure(&last, "recall@1") >= 0.90, "{last}");
    assert!(figure(&last, "recall@3") >= 0.97, "{last}");
}
