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
    // (After the folder's own error: no entry loaded.)
    assert!(stdout.lines().any(|l| l.starts_with(&want)), "{stdout}");
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

/// The answers set: questions with the entry and the section an agent
/// expects (written from the entries, without looking at the search code).
#[test]
fn answers_open_the_right_entry_at_the_section_asked_about() {
    let last = eval_last_line("answers-dev.tsv");
    assert!(
        last.starts_with("entry=") && last.contains(" both="),
        "{last}"
    );
    assert!(figure(&last, "n") >= 60.0, "{last}");
    assert!(figure(&last, "both") >= 0.95, "{last}");
}

/// Callers who speak English (or a German word spelled by ear): the agent
/// types their words and lands on the German entry.
#[test]
fn english_phrasings_find_the_german_entries() {
    let last = eval_last_line("queries-en-dev.tsv");
    assert!(figure(&last, "n") >= 30.0, "{last}");
    assert!(figure(&last, "recall@3") >= 0.90, "{last}");
}

/// The answers sets written by someone who read the entries but not the
/// search code. `answers.tsv` meets the target (both ≥ 0.95; first
/// run 0.698, 0.858 before the section choice learned detail words) but
/// its misses were read to find causes, as were those of
/// `answers-fresh.tsv` (0.679 at its first run). `answers-blind2.tsv` is
/// only ever measured (0.697 before that work, 0.818 after it, 0.844 after
/// the cue words learned compounds and "wann"/"wo" without a section of
/// their own; fresh was 0.876 then). The guards keep what was reached;
/// English meets its target (recall@3 ≥ 0.90).
#[test]
fn held_out_answers_and_english_phrasings_keep_what_was_reached() {
    let last = eval_last_line("answers.tsv");
    assert!(figure(&last, "n") >= 100.0, "{last}");
    assert!(figure(&last, "both") >= 0.95, "{last}");
    assert!(figure(&last, "entry") >= 0.95, "{last}");
    let last = eval_last_line("answers-fresh.tsv");
    assert!(figure(&last, "n") >= 190.0, "{last}");
    assert!(figure(&last, "both") >= 0.86, "{last}");
    let last = eval_last_line("answers-blind2.tsv");
    assert!(figure(&last, "n") >= 230.0, "{last}");
    assert!(figure(&last, "both") >= 0.83, "{last}");
    // Short agent inputs (0.865 at its first run, 0.944 after its misses
    // were read).
    let last = eval_last_line("answers-blind7.tsv");
    assert!(figure(&last, "n") >= 120.0, "{last}");
    assert!(figure(&last, "both") >= 0.92, "{last}");
    // Situations callers tell (0.535 at its first run; its key says "-"
    // for "what do I do now", where the desk opens the Ablauf).
    let last = eval_last_line("answers-blind8.tsv");
    assert!(figure(&last, "n") >= 120.0, "{last}");
    assert!(figure(&last, "entry") >= 0.87, "{last}");
    assert!(figure(&last, "both") >= 0.55, "{last}");
    // Notes, questions, situations and English, with two keys (0.667 at
    // its first run).
    let last = eval_last_line("answers-blind9.tsv");
    assert!(figure(&last, "n") >= 130.0, "{last}");
    assert!(figure(&last, "entry") >= 0.92, "{last}");
    assert!(figure(&last, "both") >= 0.70, "{last}");
    let last = eval_last_line("queries-en.tsv");
    assert!(figure(&last, "n") >= 50.0, "{last}");
    assert!(figure(&last, "recall@3") >= 0.90, "{last}");
    // Turkish, Arabic, Russian, Ukrainian and Polish words typed by ear,
    // a blind set (0.500 / 0.533 at its first run; 0.783 / 0.850 with the
    // verbs, life events and topics `languages.toml` gained, its misses
    // never read).
    let last = eval_last_line("queries-xlang.tsv");
    assert!(figure(&last, "n") >= 60.0, "{last}");
    assert!(figure(&last, "recall@1") >= 0.75, "{last}");
    assert!(figure(&last, "recall@3") >= 0.82, "{last}");
    // Agents' short inputs written from topics.tsv alone, without the
    // knowledge base (first figures recall@1 0.886 to 0.977).
    for set in [
        "queries-blind12.tsv",
        "queries-blind13.tsv",
        "queries-blind14.tsv",
        "queries-blind15.tsv",
        "queries-blind17.tsv",
        "queries-blind18.tsv",
        "queries-blind19.tsv",
        "queries-blind20.tsv",
        "queries-blind21.tsv",
        "queries-blind24.tsv",
    ] {
        let last = eval_last_line(set);
        assert!(figure(&last, "n") >= 130.0, "{set}: {last}");
        assert!(figure(&last, "recall@1") >= 0.90, "{set}: {last}");
        assert!(figure(&last, "recall@3") >= 0.95, "{set}: {last}");
    }
    // The caller's whole sentence with its story (0.720 at its first run,
    // 0.902 / 0.992 since the seventeenth session).
    let last = eval_last_line("queries-blind22.tsv");
    assert!(figure(&last, "n") >= 130.0, "{last}");
    assert!(figure(&last, "recall@1") >= 0.87, "{last}");
    assert!(figure(&last, "recall@3") >= 0.97, "{last}");
    // Situations told without the service's name (0.470 / 0.795 at its
    // first run, 0.644 / 0.879 at the end of the seventeenth session,
    // 0.667 / 0.894 in the eighteenth, 0.758 / 0.962 in the nineteenth).
    let last = eval_last_line("queries-blind26.tsv");
    assert!(figure(&last, "n") >= 130.0, "{last}");
    assert!(figure(&last, "recall@1") >= 0.73, "{last}");
    assert!(figure(&last, "recall@3") >= 0.93, "{last}");
    // Callers' paraphrases without the entry's name (0.800 / 0.921 at its
    // first run, 0.886 / 0.979 since the twenty-fourth session).
    let last = eval_last_line("queries-para.tsv");
    assert!(figure(&last, "n") >= 140.0, "{last}");
    assert!(figure(&last, "recall@1") >= 0.85, "{last}");
    assert!(figure(&last, "recall@3") >= 0.95, "{last}");
    // The other languages' development set (0.634 / 0.832 at its first
    // run, 0.871 / 1.000 in the twenty-fifth session, 0.901 / 1.000 in the
    // twenty-sixth).
    let last = eval_last_line("queries-xlang-dev.tsv");
    assert!(figure(&last, "n") >= 100.0, "{last}");
    assert!(figure(&last, "recall@1") >= 0.87, "{last}");
    assert!(figure(&last, "recall@3") >= 0.95, "{last}");
}

#[test]
fn a_missing_eval_file_is_named_with_the_reason_said_once() {
    let data = tempfile::tempdir().expect("tmp");
    let file = data.path().join("missing.tsv");
    let (code, _, err) = auskunft(&["eval", file.to_str().expect("utf8")], data.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.tsv"), "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}

#[test]
fn an_answers_file_with_an_unknown_section_names_the_line() {
    let data = tempfile::tempdir().expect("tmp");
    let file = data.path().join("bad.tsv");
    std::fs::write(
        &file,
        "# comment\nhund anmelden\thund-anmelden\t-\nwas kostet ein pass\treisepass\tpreise\n",
    )
    .expect("write");
    let (code, out, err) = auskunft(&["eval", file.to_str().expect("utf8")], data.path());
    assert_ne!(code, 0, "{out}");
    assert!(err.contains("bad.tsv:3") && err.contains("preise"), "{err}");
}

/// Two writers' keys for the same questions: how often they agree does
/// not depend on the search, so it is exact; the desk's figures on the
/// agreed questions are shares, and every disputed question is listed.
#[test]
fn eval_with_a_second_key_measures_the_desk_on_what_both_writers_agree_on() {
    let data = tempfile::tempdir().expect("tmp");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let first = dir.join("answers-blind5.tsv");
    let second = dir.join("answers-blind5-key2.tsv");
    let (code, out, err) = auskunft(
        &[
            "eval",
            first.to_str().expect("utf8"),
            "--second-key",
            second.to_str().expect("utf8"),
        ],
        data.path(),
    );
    assert_eq!(code, 0, "{err}");
    let last = out.lines().last().expect("a line");
    assert!(
        last.starts_with("keys_agree=0.901 consensus: entry="),
        "{last}"
    );
    assert!(
        last.contains(" n=136 ") && last.ends_with(" n=151"),
        "{last}"
    );
    let both = figure(last, "both");
    assert!((0.0..=1.0).contains(&both), "{last}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("disputed\t")).count(),
        151 - 136,
        "{out}"
    );

    // A second key with other questions is refused, naming the question.
    let other = dir.join("answers-blind3.tsv");
    let (code, _, err) = auskunft(
        &[
            "eval",
            first.to_str().expect("utf8"),
            "--second-key",
            other.to_str().expect("utf8"),
        ],
        data.path(),
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("answers-blind5.tsv:") && err.contains("is not in"),
        "{err}"
    );
}

#[test]
fn explain_says_which_words_ask_about_the_topic() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, out, err) = auskunft(
        &[
            "search",
            "--explain",
            "was muss ich mitbringen wenn ich meinen hund anmelde",
        ],
        data.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("asks about: documents") && err.contains("\"was muss ich mitbringen\""),
        "{err}"
    );
    assert!(err.contains("(aspect word) ×0.30: mitbring"), "{err}");
    // The topic (the dog) decides the entry, not the rare word "mitbringen".
    assert!(out.starts_with("hund-anmelden\t"), "{out}");
}

/// Agents' short forms (knowledge-base/abbreviations.toml) are read as
/// what they stand for, by the intent too: "öffnz" asks for the hours, and
/// `--explain` says how each was read.
#[test]
fn abbreviations_are_read_as_their_words_and_explained() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, out, err) = auskunft(&["search", "--explain", "stda öffnz"], data.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("abbreviations: \"stda\" as \"standesamt\", \"öffnz\" as \"öffnungszeiten\""),
        "{err}"
    );
    assert!(err.contains("asks about: hours"), "{err}");
    assert!(out.starts_with("standesamt\t"), "{out}");
    let (code, out, err) = auskunft(&["ask", "--json", "pa unterl"], data.path());
    assert_eq!(code, 0, "{err}");
    let answer: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(answer["id"], "personalausweis", "{out}");
    assert_eq!(answer["focus"], "unterlagen", "{out}");
}

/// Which output goes into a closed pipe.
#[derive(Clone, Copy, PartialEq)]
enum Closed {
    Stdout,
    Stderr,
    Both,
}

/// Runs the real binary with stdout and/or stderr going into a pipe whose
/// reading end is already closed, as after `| head -1` has read its line:
/// every write there fails with EPIPE. Returns the exit code, stdout and
/// stderr (empty when closed).
fn run_into_closed_pipe(
    data: &std::path::Path,
    args: &[&str],
    closed_ones: Closed,
) -> (i32, String, String) {
    let closed = || {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        writer
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_auskunft"));
    cmd.arg("--kb")
        .arg(crate::common::shipped_kb())
        .arg("--data")
        .arg(data)
        .args(args);
    if closed_ones != Closed::Stderr {
        cmd.stdout(closed());
    }
    if closed_ones != Closed::Stdout {
        cmd.stderr(closed());
    }
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Regression: `auskunft calls list | head -1` panicked ("failed printing
/// to stdout: Broken pipe", exit 101). Every command's output now ends
/// quietly with exit 0 when its reader has gone.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, _, err) = auskunft(
        &[
            "demo",
            "seed",
            "--calls",
            "300",
            "--days",
            "7",
            "--until",
            "2026-11-25T12:00:00+01:00",
        ],
        data.path(),
    );
    assert_eq!(code, 0, "{err}");
    let queries = data.path().join("queries.tsv");
    std::fs::write(&queries, "hund anmelden\thund-anmelden\n").expect("write");
    let queries = queries.to_str().expect("utf8");
    let example = data.path().join("example.json");
    let (_, json, _) = auskunft(&["handoff", "example", "kfz-abmeldung"], data.path());
    std::fs::write(&example, json).expect("write");
    let example = example.to_str().expect("utf8");
    let range = ["--from", "2026-11-01", "--to", "2026-12-01"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["calls", "list"],
        vec!["calls", "list", "--json"],
        vec!["kb", "list"],
        vec!["search", "hund"],
        vec!["search", "hund", "--json", "--explain"],
        vec!["search", "qqqqqq"],
        vec!["ask", "was kostet ein reisepass"],
        vec!["ask", "qqqqqq", "--json"],
        vec!["hours", "buergerbuero-wattenscheid", "--json"],
        vec!["eval", queries],
        [&["stats"][..], &range].concat(),
        [&["stats", "--json"][..], &range].concat(),
        [&["stats", "--csv"][..], &range].concat(),
        [&["stats", "--calls-csv"][..], &range].concat(),
        vec!["handoff", "example", "wunschkennzeichen"],
        vec!["handoff", "submit", "kfz-abmeldung", example],
        vec!["handoff", "list"],
        vec!["handoff", "list", "--stuck", "--json"],
        vec!["retention", "run", "--dry-run"],
        // A fixed end: "the last 3 days" from a Monday before 8:00 hold
        // no service hours, and the command rightly refuses.
        vec![
            "demo",
            "seed",
            "--calls",
            "5",
            "--days",
            "3",
            "--until",
            "2026-11-25T12:00:00+01:00",
        ],
        vec!["--help"],
        vec!["stats", "--help"],
    ];
    for args in &commands {
        let (code, _, err) = run_into_closed_pipe(data.path(), args, Closed::Stdout);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
    // Stderr closed as well (`2>&1 | head -1`): still no panic. `kb
    // check` and `handoff submit` write to both.
    for args in [&commands[0], &vec!["kb", "check"], &commands[15]] {
        let (code, _, _) = run_into_closed_pipe(data.path(), args, Closed::Both);
        assert_eq!(code, 0, "{args:?}");
    }
    // Only stderr closed: the messages are dropped, stdout is whole.
    let (code, out, _) = run_into_closed_pipe(data.path(), &["kb", "check"], Closed::Stderr);
    assert_eq!(code, 0);
    assert!(!out.contains("error:"), "{out}");
    let (code, out, _) = run_into_closed_pipe(data.path(), &commands[15], Closed::Stderr);
    assert_eq!(code, 0);
    assert!(out.trim().parse::<i64>().is_ok(), "prints the id: {out}");
}

/// Runs the CLI over the knowledge base `kb` (not the shipped one).
fn kb_cli(kb: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let data = tempfile::tempdir().expect("tmp");
    let out = Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--data")
        .arg(data.path())
        .arg("--kb")
        .arg(kb)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Three services reviewed on the given dates (the first lists an
/// unconfirmed fact) and no locations folder.
fn reviewed_kb(dates: [&str; 3]) -> tempfile::TempDir {
    let kb = tempfile::tempdir().expect("tmp");
    for (id, date) in ["a", "b", "c"].into_iter().zip(dates) {
        let extra = if id == "a" {
            "unconfirmed = [\"Gebühr\"]\n"
        } else {
            ""
        };
        write(
            &kb.path().join(format!("services/{id}.md")),
            &service(id, &id.to_uppercase(), extra, "").replace("2026-11-01", date),
        );
    }
    kb
}

#[test]
fn kb_check_counts_unconfirmed_entries_and_speaks_json() {
    let today = chrono::Utc::now().date_naive().to_string();
    let kb = reviewed_kb([&today, &today, &today]);
    let (code, out, err) = kb_cli(kb.path(), &["kb", "check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("3 entries, 1 errors, 0 warnings\n1 of 3 entries list unconfirmed facts"),
        "{err}"
    );
    let (code, out, _) = kb_cli(kb.path(), &["kb", "check", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["entries"], 3);
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 0);
    assert_eq!(v["unconfirmed_entries"], 1);
    let p = &v["problems"][0];
    assert_eq!(p["path"], kb.path().join("locations").display().to_string());
    assert_eq!(p["line"], serde_json::Value::Null);
    assert_eq!(p["severity"], "error");
    assert!(
        p["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("the folder is missing")),
        "{p}"
    );
}

#[test]
fn kb_stale_lists_oldest_first_and_the_age_is_an_option() {
    let today = chrono::Utc::now().date_naive();
    let months_ago = |m: u32| {
        today
            .checked_sub_months(chrono::Months::new(m))
            .expect("date")
            .to_string()
    };
    let kb = reviewed_kb([&months_ago(14), &months_ago(30), &months_ago(3)]);
    let (code, out, err) = kb_cli(kb.path(), &["kb", "stale"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("{}\tb\tB\n{}\ta\tA\n", months_ago(30), months_ago(14))
    );
    let (_, out, _) = kb_cli(kb.path(), &["kb", "stale", "--max-age-months", "2"]);
    assert_eq!(out.lines().count(), 3, "{out}");
    let (_, out, _) = kb_cli(kb.path(), &["kb", "check", "--max-age-months", "24"]);
    let stale: Vec<&str> = out.lines().filter(|l| l.contains("not reviewed")).collect();
    assert_eq!(stale.len(), 1, "{out}");
    assert!(
        stale[0].contains("services/b.md:7: warning: not reviewed for 24 months"),
        "{out}"
    );
}

/// `config show`: every setting with its value and its layer, the
/// centre's file over the user's, the environment over both, and no
/// secret in the output.
#[test]
fn config_show_reports_the_layers_and_never_a_secret() {
    let dir = tempfile::tempdir().expect("tmp");
    let centre = dir.path().join("centre.toml");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(
        &centre,
        format!(
            "retention_days = 30\nknowledge_base = \"{}\"\n[store]\nurl = \"postgres://desk:pw-s3cret@db.example/auskunft\"\n[portal]\ntoken = \"t0ken-s3cret\"\n",
            crate::common::shipped_kb().display()
        ),
    )
    .expect("write");
    std::fs::write(
        data.join("settings.toml"),
        "agent = \"Anna K.\"\nretention_days = 60\n",
    )
    .expect("write");
    let run = |extra_env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_auskunft"));
        cmd.arg("--data").arg(&data).args(["config", "show"]);
        cmd.env("AUSKUNFT_SYSTEM_SETTINGS", &centre);
        for var in [
            "AUSKUNFT_KB",
            "AUSKUNFT_DATABASE_URL",
            "AUSKUNFT_PORTAL_URL",
            "AUSKUNFT_PORTAL_TOKEN",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf8")
    };
    let out = run(&[]);
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("no {key} in:\n{out}"))
            .to_string()
    };
    let centre_file = format!("# centre file {}", centre.display());
    assert!(
        line("retention_days").starts_with("retention_days = 30")
            && line("retention_days").ends_with(&centre_file),
        "{out}"
    );
    assert!(
        line("agent").contains("Anna K.") && line("agent").contains("# user file"),
        "{out}"
    );
    assert!(line("per_agent_figures").ends_with("# default"), "{out}");
    assert!(
        line("store.url").contains("db.example") && line("store.url").ends_with(&centre_file),
        "{out}"
    );
    assert!(line("portal.token").contains("(set, not shown)"), "{out}");
    assert!(
        line("knowledge_base_folder").ends_with("# settings (knowledge_base)"),
        "{out}"
    );
    assert!(!out.contains("s3cret"), "a secret was printed:\n{out}");
    // The environment wins over both files, and says so.
    let out = run(&[("AUSKUNFT_PORTAL_TOKEN", "env-s3cret")]);
    assert!(
        out.contains("portal.token = (set, not shown)    # environment AUSKUNFT_PORTAL_TOKEN"),
        "{out}"
    );
    assert!(!out.contains("s3cret"), "{out}");
}
