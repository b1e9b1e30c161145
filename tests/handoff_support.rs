//! Shared set-up for the portal handoff tests: portal-sim as a child
//! process on 127.0.0.1 (port 0, or the same port again after a restart),
//! a desk whose settings name it, and the checks that prove exactly once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use auskunft::cases::{DeskSettings, Role};
use auskunft::handoff::{DeliveryConfig, HandoffState, PortalSettings, PortalToken};
use auskunft::{Desk, DeskConfig};
use serde_json::Value;

use crate::common::shipped_kb;

/// The token portal-sim expects; distinctive, so a test can look for it
/// in logs and output.
pub const TOKEN: &str = "tok-SECRET-4f1d9c2e-never-print-me";

/// portal-sim's binary: `target/<profile>/portal-sim`, next to the
/// directory of this test binary (`target/<profile>/deps/`). It is built
/// once per test run with `cargo build -p portal-sim`, which is a no-op
/// when `cargo test --workspace` (CI) has built it already and makes a
/// plain `cargo test -p auskunft` work too.
pub fn portal_sim_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("test binary path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>/deps/<test>")
            .to_path_buf();
        let bin = profile_dir.join(format!("portal-sim{}", std::env::consts::EXE_SUFFIX));
        let target_dir = profile_dir.parent().expect("target dir").to_path_buf();
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut build = Command::new(cargo);
        build
            .args(["build", "-j2", "-p", "portal-sim", "--bin", "portal-sim"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if release {
            build.arg("--release");
        }
        let status = build.status();
        match status {
            Ok(s) if s.success() => {}
            // Offline or locked: an existing binary still serves.
            other if bin.is_file() => eprintln!("building portal-sim: {other:?}; using {bin:?}"),
            other => panic!("portal-sim could not be built ({other:?}) and {bin:?} is missing"),
        }
        bin
    })
}

/// An HTTP client for asking portal-sim directly (no proxy: it is local).
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// A running portal-sim.
pub struct Sim {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The port it listens on (stays the same across [`Sim::restart`]).
    pub port: u16,
}

impl Sim {
    /// Starts portal-sim on a free port with `args` after the address and
    /// token.
    pub fn start(args: &[&str]) -> Sim {
        Sim::start_on(0, args)
    }

    /// Starts portal-sim on `port` (0: any free one).
    pub fn start_on(port: u16, args: &[&str]) -> Sim {
        let mut child = Command::new(portal_sim_bin())
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(args)
            .env("PORTAL_SIM_TOKEN", TOKEN)
            .env("RUST_LOG", "portal_sim=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("portal-sim starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port");
        Sim {
            child,
            _stdout: stdout,
            url,
            port,
        }
    }

    /// Kills it hard (SIGKILL), as an outage would.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill portal-sim");
        self.child.wait().expect("wait for portal-sim");
    }

    /// Starts it again on the same port with `args`, retrying while the
    /// port is still being released.
    pub fn restart(&mut self, args: &[&str]) {
        self.kill();
        let port = self.port;
        let mut tries = 0;
        let next = loop {
            match std::panic::catch_unwind(|| Sim::start_on(port, args)) {
                Ok(sim) => break sim,
                Err(_) if tries < 20 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => std::panic::resume_unwind(e),
            }
        };
        *self = next;
    }

    /// `GET /v1/applications`: every application the portal holds.
    pub async fn applications(&self) -> Vec<Value> {
        let list: Value = http()
            .get(format!("{}/v1/applications", self.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("GET /v1/applications")
            .json()
            .await
            .expect("JSON");
        let items = list["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(list["total"].as_u64(), Some(items.len() as u64));
        items
    }

    /// One application with its data (`GET /v1/applications/{id}`).
    pub async fn application(&self, id: &str) -> Value {
        http()
            .get(format!("{}/v1/applications/{id}", self.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("GET /v1/applications/{id}")
            .json()
            .await
            .expect("JSON")
    }

    /// The office's decision on application `portal_id`, set through
    /// portal-sim's extra route (`PUT /sim/applications/{id}/state`).
    pub async fn decide(&self, portal_id: &str, state: &str) {
        let status = http()
            .put(format!("{}/sim/applications/{portal_id}/state", self.url))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({"state": state}))
            .send()
            .await
            .expect("PUT /sim/applications/{id}/state")
            .status();
        assert_eq!(status, 200, "portal-sim refused the decision");
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if self.child.kill().is_ok() {
            self.child.wait().ok();
        }
    }
}

/// Writes settings naming the portal into `data`.
pub fn write_portal_settings(data: &Path, url: &str, token: &str) {
    DeskSettings {
        portal: PortalSettings {
            url: Some(url.to_string()),
            token: Some(PortalToken::new(token)),
            ..PortalSettings::default()
        },
        ..DeskSettings::default()
    }
    .save(data)
    .expect("settings saved");
}

/// A desk over the shipped knowledge base whose settings name the portal
/// at `url`, with its store open and "Test Agentin" signed in.
pub async fn portal_desk(url: &str, token: &str) -> (Desk, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    write_portal_settings(data.path(), url, token);
    let desk = open_desk(data.path()).await;
    (desk, data)
}

/// Another desk on the same data folder (a second desk on one store).
pub async fn open_desk(data: &Path) -> Desk {
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.to_path_buf(),
    })
    .expect("desk opens");
    desk.open_store().await.expect("store opens");
    desk.sign_in("Test Agentin", Role::Agent)
        .await
        .expect("sign-in");
    desk
}

/// Quick retries for tests: short timeout and backoffs.
pub fn fast(timeout_ms: u64) -> DeliveryConfig {
    DeliveryConfig {
        base_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(300),
        flagged_backoff: Duration::from_secs(3600),
        lease: Duration::from_millis(timeout_ms * 3),
        idle_poll: Duration::from_millis(100),
        ..DeliveryConfig::with_timeout(Duration::from_millis(timeout_ms))
    }
}

/// Submits `n` valid applications, round robin over the services, each on
/// a call of its own.
pub async fn submit_many(desk: &Desk, n: usize) -> Vec<auskunft::handoff::Handoff> {
    let services = auskunft::handoff::PortalService::ALL;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let call = desk.start_call().await.expect("call");
        let s = services[i % services.len()];
        out.push(
            desk.submit_handoff(call, s, &auskunft::handoff::example(s))
                .await
                .expect("valid example"),
        );
    }
    out
}

/// Exactly once, checked from both sides: every outbox row is delivered,
/// the portal holds exactly one application per key and no other, and
/// each row's reference is the portal's for its key.
pub async fn assert_exactly_once(desk: &Desk, sim: &Sim, n: usize) {
    let rows = desk.handoffs(u32::MAX).await.expect("list");
    assert_eq!(rows.len(), n, "outbox rows");
    let not_delivered: Vec<_> = rows
        .iter()
        .filter(|h| h.state != HandoffState::Delivered)
        .map(|h| (h.id, h.state, h.last_error.clone()))
        .collect();
    assert!(not_delivered.is_empty(), "not delivered: {not_delivered:?}");
    let portal = sim.applications().await;
    let by_key: BTreeMap<String, &Value> = portal
        .iter()
        .map(|a| (a["idempotency_key"].as_str().expect("key").to_string(), a))
        .collect();
    assert_eq!(portal.len(), n, "applications at the portal");
    assert_eq!(by_key.len(), n, "one application per key");
    let keys: BTreeSet<&str> = rows.iter().map(|h| h.idempotency_key.as_str()).collect();
    assert_eq!(keys.len(), n, "one key per row");
    for h in &rows {
        let at_portal = by_key
            .get(&h.idempotency_key)
            .unwrap_or_else(|| panic!("row {} ({}) not at the portal", h.id, h.idempotency_key));
        assert_eq!(
            h.reference.as_deref(),
            at_portal["reference"].as_str(),
            "row {}",
            h.id
        );
        assert!(h.data.is_none(), "delivered rows keep no personal data");
    }
}

/// Polls `check` every 20 ms until it gives a value and returns it; fails
/// naming `what` after `limit`. Tests wait for a state, never for a time:
/// a slow machine only makes them slower, a fast one never waits longer
/// than needed.
pub async fn wait_until<T>(
    what: &str,
    limit: Duration,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited {limit:?} for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Attempts summed over the outbox.
pub async fn total_attempts(desk: &Desk) -> u64 {
    desk.handoffs(u32::MAX)
        .await
        .expect("list")
        .iter()
        .map(|h| u64::from(h.attempts))
        .sum()
}
