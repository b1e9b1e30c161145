//! The handoff CLI contract (`auskunft handoff example|submit|deliver|
//! list|retry`, `bench handoff`) and the crash test: the delivering
//! process is killed in the middle, twice, and started again.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::shipped_kb;
use crate::handoff_support::{Sim, TOKEN, assert_exactly_once, open_desk, submit_many};

fn auskunft(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_auskunft"));
    cmd.arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data)
        .env_remove("AUSKUNFT_PORTAL_URL")
        .env_remove("AUSKUNFT_PORTAL_TOKEN");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("auskunft runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const FAST: [&str; 8] = [
    "--timeout-ms",
    "400",
    "--backoff-ms",
    "20",
    "--max-backoff-ms",
    "300",
    "--lease-ms",
    "1500",
];

#[test]
fn example_is_accepted_by_submit_as_is_and_invalid_data_names_each_field() {
    let data = tempfile::tempdir().unwrap();
    for service in auskunft::handoff::PortalService::ALL {
        let out = run(auskunft(data.path()).args(["handoff", "example", service.as_str()]));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let file = data.path().join(format!("{}.json", service.as_str()));
        std::fs::write(&file, &out.stdout).unwrap();
        let out = run(auskunft(data.path())
            .args(["handoff", "submit", service.as_str()])
            .arg(&file));
        assert!(out.status.success(), "{service:?}: {}", text(&out.stderr));
        let id: i64 = text(&out.stdout)
            .trim()
            .parse()
            .expect("prints the outbox id");
        assert!(id >= 1);
    }
    // `-` reads standard input; --input is the issue's spelling.
    let mut child = auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung", "-", "--call", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let example = serde_json::to_string(&auskunft::handoff::example(
        auskunft::handoff::PortalService::KfzAbmeldung,
    ))
    .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(example.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = data.path().join("kfz-abmeldung.json");
    let out = run(auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung", "--input"])
        .arg(&file));
    assert!(out.status.success(), "{}", text(&out.stderr));

    let bad = data.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"plate": "BO-0 1", "vin": "WVWZZZ1JZXW00000O", "zb1_security_code": "X7K2M9P"}"#,
    )
    .unwrap();
    let out = run(auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung"])
        .arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for field in ["plate:", "vin:", "seal_codes:"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(field)),
            "{field} in {stdout}"
        );
    }
    let out = run(auskunft(data.path()).args(["handoff", "list", "--json"]));
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 7, "invalid data wrote nothing");
    for key in ["id", "service", "state", "reference", "attempts"] {
        assert!(rows[0].get(key).is_some(), "{key}");
    }
    assert_eq!(rows[0]["state"], "pending");
    assert!(
        rows[0].get("data").is_none(),
        "no personal data in the list"
    );

    let out = run(auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung"])
        .arg(&bad)
        .arg("--call")
        .arg("1"));
    assert_eq!(out.status.code(), Some(1));
    let out = run(auskunft(data.path()).args(["handoff", "example", "hundesteuer"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(auskunft(data.path()).args(["handoff", "retry", "1"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("1\tpending"));
    let out = run(auskunft(data.path()).args(["handoff", "retry", "99"]));
    assert_eq!(out.status.code(), Some(2));
    // Without a portal configured, deliver says what to set.
    let out = run(auskunft(data.path()).args(["handoff", "deliver", "--until-empty"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("AUSKUNFT_PORTAL_URL"),
        "{}",
        text(&out.stderr)
    );
}

/// Deliver, kill it hard in the middle (twice), start again: every
/// application is at the portal exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_delivering_process_loses_and_doubles_nothing() {
    const N: usize = 500;
    let sim = Sim::start(&[
        "--fail-rate",
        "0.3",
        "--lost-reply-rate",
        "0.1",
        "--drop-rate",
        "0.05",
        "--seed",
        "5",
    ]);
    let data = tempfile::tempdir().unwrap();
    let desk = open_desk(data.path()).await;
    submit_many(&desk, N).await;

    let deliver = |extra: &[&str]| {
        let mut cmd = auskunft(data.path());
        cmd.args(["handoff", "deliver"])
            .args(FAST)
            .args(extra)
            .env("AUSKUNFT_PORTAL_URL", &sim.url)
            .env("AUSKUNFT_PORTAL_TOKEN", TOKEN)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    };
    for kill_after in [150, 150] {
        let mut child = deliver(&[]).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut delivered = 0;
        let started = Instant::now();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if line.starts_with("delivered ") {
                delivered += 1;
            }
            if delivered >= kill_after || started.elapsed() > Duration::from_secs(60) {
                break;
            }
        }
        // SIGKILL: no shutdown handler runs, leases stay behind.
        child.kill().unwrap();
        child.wait().unwrap();
        let leased: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM handoff_outbox WHERE state = 'delivering'")
                .fetch_one(desk.cases().unwrap().pool())
                .await
                .unwrap();
        eprintln!("killed after {delivered} deliveries with {leased} rows leased");
    }
    let out = deliver(&["--until-empty"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_exactly_once(&desk, &sim, N).await;
}

/// The token never appears in what the CLI prints or logs, even with a
/// wrong token at debug level; the flagged application makes
/// `deliver --until-empty` exit 3 and shows in `list --stuck`.
#[test]
fn the_token_never_appears_in_output_or_logs() {
    const WRONG: &str = "wrong-SECRET-cli-token-5b2";
    let sim = Sim::start(&[]);
    let data = tempfile::tempdir().unwrap();
    let example = data.path().join("a.json");
    let out = run(auskunft(data.path()).args(["handoff", "example", "kfz-abmeldung"]));
    std::fs::write(&example, out.stdout).unwrap();
    let out = run(auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung"])
        .arg(&example));
    assert!(out.status.success());
    let mut seen = String::new();
    for (token, code) in [(WRONG, 3), (TOKEN, 0)] {
        let out = run(auskunft(data.path())
            .args(["handoff", "deliver", "--until-empty"])
            .args(FAST)
            .env("AUSKUNFT_PORTAL_URL", &sim.url)
            .env("AUSKUNFT_PORTAL_TOKEN", token)
            .env("AUSKUNFT_LOG", "debug"));
        assert_eq!(out.status.code(), Some(code), "{}", text(&out.stderr));
        seen.push_str(&text(&out.stdout));
        seen.push_str(&text(&out.stderr));
        if token == WRONG {
            let out = run(auskunft(data.path()).args(["handoff", "list", "--stuck", "--json"]));
            let stuck: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(stuck[0]["reason"], "flagged");
            assert_eq!(stuck[0]["last_status"], 401);
            seen.push_str(&text(&out.stdout));
            let out = run(auskunft(data.path()).args(["handoff", "retry", "1"]));
            assert!(out.status.success());
        }
    }
    let out = run(auskunft(data.path()).args(["handoff", "list"]));
    seen.push_str(&text(&out.stdout));
    assert!(
        text(&out.stdout).contains("delivered"),
        "{}",
        text(&out.stdout)
    );
    let log = std::fs::read_to_string(data.path().join("logs").join("auskunft.log")).unwrap();
    assert!(log.contains("delivered"), "the log has the deliveries");
    seen.push_str(&log);
    assert!(!seen.contains(WRONG) && !seen.contains(TOKEN), "{seen}");
}

#[test]
fn bench_handoff_drains_into_a_local_portal_sim() {
    // Builds portal-sim next to the auskunft binary if needed.
    crate::handoff_support::portal_sim_bin();
    let data = tempfile::tempdir().unwrap();
    let out = run(auskunft(data.path()).args(["bench", "handoff", "--n", "200"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("deliveries/s"), "{stdout}");
    assert!(
        stdout.contains("200/200 delivered, 200 distinct references; portal: 200 new"),
        "{stdout}"
    );
    // Several workers on the one outbox: still each application once.
    let out = run(auskunft(data.path()).args(["bench", "handoff", "--n", "200", "--workers", "3"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("3 worker(s)"), "{stdout}");
    assert!(
        stdout.contains("200/200 delivered, 200 distinct references; portal: 200 new"),
        "{stdout}"
    );
}

/// Waits for a child with a deadline; kills it when the deadline passes.
fn wait_with_deadline(mut child: std::process::Child, limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            child.kill().expect("kill");
            let out = child.wait_with_output().expect("wait");
            panic!(
                "still running after {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Regression: `handoff submit SERVICE - < /dev/zero` read without end.
/// Input is capped at 1 MiB: exactly the cap is read, one byte more is
/// refused (exit 1, saying so), and an endless stream stops at the cap.
#[test]
fn submit_reads_at_most_a_mebibyte() {
    const MIB: usize = 1024 * 1024;
    let data = tempfile::tempdir().unwrap();
    let child = auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_with_deadline(child, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("standard input holds more than 1 MiB"),
        "{}",
        text(&out.stderr)
    );

    // An endless pipe: what the command took is the cap + 1 byte, plus at
    // most what the pipe itself buffers (64 KiB by default, 1 MiB at most).
    let mut child = auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 8192];
        let mut written = 0usize;
        while written < 64 * MIB && stdin.write_all(&chunk).is_ok() {
            written += chunk.len();
        }
        written
    });
    let out = wait_with_deadline(child, Duration::from_secs(30));
    let written = writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(written <= 2 * MIB + 8192, "{written} bytes went in");

    // A file of exactly the cap is read (JSON padded with spaces) ...
    let example = serde_json::to_string(&auskunft::handoff::example(
        auskunft::handoff::PortalService::KfzAbmeldung,
    ))
    .unwrap();
    let file = data.path().join("padded.json");
    let mut padded = example.into_bytes();
    padded.resize(MIB, b' ');
    std::fs::write(&file, &padded).unwrap();
    let out = run(auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung"])
        .arg(&file));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // ... one byte more is not.
    padded.push(b' ');
    std::fs::write(&file, &padded).unwrap();
    let out = run(auskunft(data.path())
        .args(["handoff", "submit", "kfz-abmeldung"])
        .arg(&file));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("holds more than 1 MiB"),
        "{}",
        text(&out.stderr)
    );
}

/// Regression: input that was not JSON exited 2, invalid fields 1. Now
/// every refused application exits 1 with nothing written, usage errors
/// (clap's, an unknown service among them) exit 2, and `--help` says so.
#[test]
fn submit_exit_codes_are_one_for_bad_input_and_two_for_usage() {
    let data = tempfile::tempdir().unwrap();
    let not_json = data.path().join("not.json");
    std::fs::write(&not_json, "plate=BO-AB 123").unwrap();
    let invalid = data.path().join("invalid.json");
    std::fs::write(&invalid, r#"{"plate": "BO-0 1"}"#).unwrap();
    let binary = data.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    let missing = data.path().join("missing.json");
    for (file, says) in [
        (&not_json, "is not JSON"),
        (&binary, "is not JSON"),
        (&missing, "reading the application from"),
        (&invalid, "invalid field(s); nothing was written"),
    ] {
        let out = run(auskunft(data.path())
            .args(["handoff", "submit", "kfz-abmeldung"])
            .arg(file));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{file:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(&file.display().to_string()) || file == &invalid,
            "names the file: {}",
            text(&out.stderr)
        );
    }
    for args in [
        &["handoff", "submit", "hundesteuer", "x.json"][..],
        &["handoff", "submit", "kfz-abmeldung"][..],
        &[
            "handoff",
            "submit",
            "kfz-abmeldung",
            "x.json",
            "--frobnicate",
        ][..],
    ] {
        let out = run(auskunft(data.path()).args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = run(auskunft(data.path()).args(["handoff", "list", "--json"]));
    assert_eq!(text(&out.stdout).trim(), "[]", "nothing was written");
    let out = run(auskunft(data.path()).args(["handoff", "submit", "--help"]));
    let help = text(&out.stdout);
    for line in [
        "Exit codes:",
        "1  the application was refused",
        "2  usage errors",
    ] {
        assert!(help.contains(line), "{line} in {help}");
    }
}
