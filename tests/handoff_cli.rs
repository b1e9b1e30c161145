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
}
