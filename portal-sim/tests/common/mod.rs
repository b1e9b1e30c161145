//! Starting portal-sim hermetically: its own process on a free port, its
//! address read from the first stdout line, killed when the test ends.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

pub const TOKEN: &str = "test-token-0123456789";

/// A running portal-sim.
pub struct Sim {
    child: Child,
    // Held so the pipe stays open for the process's lifetime.
    _stdout: BufReader<ChildStdout>,
    pub url: String,
    pub client: reqwest::Client,
}

impl Sim {
    /// Starts portal-sim with `args` after `--listen` and `--token`.
    pub fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal-sim"))
            .args(["--listen", "127.0.0.1:0", "--token", TOKEN])
            .args(args)
            .env("RUST_LOG", "portal_sim=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("portal-sim starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert!(!url.ends_with(":0"), "the real port, not 0: {url}");
        Sim {
            child,
            _stdout: stdout,
            url,
            client: client(Duration::from_secs(10)),
        }
    }

    /// `POST /v1/applications` with the token.
    pub async fn submit(&self, key: &str, body: &Value) -> reqwest::Result<reqwest::Response> {
        self.client
            .post(format!("{}/v1/applications", self.url))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
    }

    /// `GET path` with the token, as JSON, expecting 200.
    pub async fn get(&self, path: &str) -> Value {
        let response = self
            .client
            .get(format!("{}{path}", self.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("GET answers");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON")
    }

    /// Kills the process hard (no shutdown handler runs).
    pub fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        // Already dead after kill(); either way nothing to report.
        if self.child.kill().is_ok() {
            self.child.wait().ok();
        }
    }
}

/// A client for loopback: no proxy, no TLS, bounded waits.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(timeout)
        .build()
        .expect("client")
}

/// A valid request body for `service`, from the desk's own examples.
pub fn body(service: &str) -> Value {
    let service_id = auskunft::handoff::PortalService::parse(service).expect("service");
    json!({
        "service": service,
        "applicant_mode": "anonymous",
        "assurance_level": "low",
        "data": auskunft::handoff::example(service_id),
    })
}

/// Asserts an RFC 7807 answer with `status` and problem `kind`; returns it.
pub async fn expect_problem(response: reqwest::Response, status: u16, kind: &str) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(content_type, "application/problem+json");
    let problem: Value = response.json().await.expect("problem JSON");
    assert_eq!(problem["type"], format!("urn:mein-bochum:problem:{kind}"));
    assert_eq!(problem["status"], status);
    assert!(problem["title"].is_string());
    problem
}
