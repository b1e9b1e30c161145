//! The portal's HTTP client: one `POST /v1/applications` with the bearer
//! token and the row's Idempotency-Key, classified into a closed
//! [`Delivery`]. reqwest with rustls (no OpenSSL), HTTP/1.1.
//!
//! The token is a [`PortalToken`]: its `Debug` prints no secret, it has no
//! `Display` and no `Serialize`, its text is reached only through
//! [`PortalToken::expose_secret`], and reqwest marks the `Authorization`
//! header sensitive. Error
//! texts are built here from the status, the problem `type` or the kind of
//! network failure, never from reqwest's messages (they quote the URL).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::FieldProblem;
use super::outbox::{Delivery, PortalDecision};
use crate::error::{Error, Result, quote};

/// The environment variable that overrides the portal URL of the settings.
pub const PORTAL_URL_ENV: &str = "AUSKUNFT_PORTAL_URL";
/// The environment variable that overrides the portal token of the settings.
pub const PORTAL_TOKEN_ENV: &str = "AUSKUNFT_PORTAL_TOKEN";

/// Minutes after which an undelivered application is shown to
/// supervisors, unless the settings say otherwise.
pub const DEFAULT_STUCK_AFTER_MINUTES: u32 = 30;

/// The portal's bearer token, a secret whose every use is explicit:
/// `Debug` shows a placeholder, there is no `Display` and no `Serialize`
/// (so no `{}`, no JSON for the window or a script and no derived `Debug`
/// of a containing struct can carry it), and the text is reached only
/// through [`PortalToken::expose_secret`] — by the `Authorization` header
/// and by the settings file's deliberate serializer
/// (`PortalSettings::token`). It deserializes, so settings can hold it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct PortalToken(String);

impl PortalToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        PortalToken(token.into())
    }

    /// The secret itself. Every caller is a place the token leaves the
    /// desk's memory on purpose; search for this name to review them.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

/// Writes the token into `settings.toml`. `PortalToken` has no
/// `Serialize` on purpose; this is the one deliberate exception: the desk
/// saves its settings (the signed-in name, the per-agent switch) and must
/// keep the token an administrator put in the file, or saving would
/// silently unconfigure the portal. The file is written owner-only (0600);
/// `AUSKUNFT_PORTAL_TOKEN` keeps the token out of files altogether.
fn serialize_token_for_settings<S: Serializer>(
    token: &Option<PortalToken>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    match token {
        Some(token) => serializer.serialize_some(token.expose_secret()),
        None => serializer.serialize_none(),
    }
}

impl fmt::Debug for PortalToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PortalToken(<redacted>)")
    }
}

/// The `[portal]` table of `settings.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortalSettings {
    /// Base URL of the portal backend, e.g. `https://portal.bochum.de`
    /// (`AUSKUNFT_PORTAL_URL` wins).
    pub url: Option<String>,
    /// Bearer token (`AUSKUNFT_PORTAL_TOKEN` wins, and keeps it out of the
    /// file).
    #[serde(
        serialize_with = "serialize_token_for_settings",
        skip_serializing_if = "Option::is_none"
    )]
    pub token: Option<PortalToken>,
    /// A file that holds the token, readable by root or the delivery
    /// service's user only: how a centre keeps the token out of every
    /// settings file (the centre's file is readable by all desks' users).
    /// Wins over `token`; `AUSKUNFT_PORTAL_TOKEN` wins over both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_file: Option<std::path::PathBuf>,
    /// Minutes after which an application not yet delivered is shown to
    /// supervisors.
    pub stuck_after_minutes: u32,
}

impl Default for PortalSettings {
    fn default() -> Self {
        PortalSettings {
            url: None,
            token: None,
            token_file: None,
            stuck_after_minutes: DEFAULT_STUCK_AFTER_MINUTES,
        }
    }
}

/// Where and how to reach the portal, resolved from the environment and
/// the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalConfig {
    /// Base URL without a trailing slash.
    pub url: String,
    /// The bearer token.
    pub token: PortalToken,
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Reads the token from `token_file`. Errors name the file, never its
/// text. A file every user may read is refused: it would hand the token
/// to every account on the desk, which is what the file is there to avoid.
fn read_token_file(path: &std::path::Path) -> Result<PortalToken> {
    let shown = quote(&path.display().to_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| {
            Error::invalid("portal_token_file", format!("{shown} cannot be read: {e}"))
        })?;
        if meta.permissions().mode() & 0o004 != 0 {
            return Err(Error::invalid(
                "portal_token_file",
                format!(
                    "{shown} is readable by every user; make it readable by root (or the \
                     delivery service's user) only, e.g. chmod 600"
                ),
            ));
        }
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid("portal_token_file", format!("{shown} cannot be read: {e}")))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(Error::invalid(
            "portal_token_file",
            format!("{shown} is empty"),
        ));
    }
    Ok(PortalToken(token.to_string()))
}

impl PortalConfig {
    /// The environment (`AUSKUNFT_PORTAL_URL`, `AUSKUNFT_PORTAL_TOKEN`)
    /// over the settings. Errors name the missing or invalid setting.
    pub fn resolve(settings: &PortalSettings) -> Result<Self> {
        let url = env_value(PORTAL_URL_ENV)
            .or_else(|| settings.url.clone())
            .ok_or_else(|| {
                Error::invalid(
                    "portal_url",
                    format!(
                        "no portal configured: set {PORTAL_URL_ENV} or `url` in the [portal] \
                         table of settings.toml"
                    ),
                )
            })?;
        let from_file = match (env_value(PORTAL_TOKEN_ENV), &settings.token_file) {
            (None, Some(path)) => Some(read_token_file(path)?),
            _ => None,
        };
        let token = env_value(PORTAL_TOKEN_ENV)
            .map(PortalToken)
            .or(from_file)
            .or_else(|| settings.token.clone())
            .filter(|t| !t.is_blank())
            .ok_or_else(|| {
                Error::invalid(
                    "portal_token",
                    format!(
                        "no portal token configured: set {PORTAL_TOKEN_ENV}, or `token_file` or \
                         `token` in the [portal] table of settings.toml"
                    ),
                )
            })?;
        Self::new(&url, token)
    }

    /// Checks the URL: `https://…`, or `http://` to this machine only (a
    /// bearer token must not cross a network in clear text).
    pub fn new(url: &str, token: PortalToken) -> Result<Self> {
        let url = url.trim().trim_end_matches('/').to_string();
        // Messages echo the URL so the admin sees the typo, unless it may
        // carry credentials (`user:secret@host`): those never reach a log.
        let shown = if url.contains('@') {
            "the portal URL".to_string()
        } else {
            quote(&url)
        };
        let parsed = reqwest::Url::parse(&url)
            .map_err(|e| Error::invalid("portal_url", format!("{shown} is not a URL: {e}")))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::invalid(
                "portal_url",
                "the URL must not carry credentials; the token goes in the token setting",
            ));
        }
        let loopback = is_loopback(&parsed);
        match parsed.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(Error::invalid(
                    "portal_url",
                    format!(
                        "{shown} uses plain http; the token may only travel over https \
                         (http is accepted for a portal on this machine)"
                    ),
                ));
            }
            other => {
                return Err(Error::invalid(
                    "portal_url",
                    format!("{shown}: scheme {}, expected https", quote(other)),
                ));
            }
        }
        Ok(PortalConfig { url, token })
    }

    fn is_loopback(&self) -> bool {
        reqwest::Url::parse(&self.url)
            .map(|u| is_loopback(&u))
            .unwrap_or(false)
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The portal's HTTP client. Cheap to clone (a connection pool handle).
#[derive(Clone)]
pub struct PortalClient {
    http: reqwest::Client,
    endpoint: String,
    token: PortalToken,
    timeout: Duration,
}

impl fmt::Debug for PortalClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortalClient")
            .field("endpoint", &self.endpoint)
            .field("token", &self.token)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Most bytes of an answer read; the contract's answers are a few hundred.
const MAX_ANSWER: usize = 64 * 1024;

impl PortalClient {
    /// A client for `config` whose every request gives up after `timeout`
    /// (connecting included), keeping up to `pool` idle connections.
    pub fn new(config: &PortalConfig, timeout: Duration, pool: usize) -> Result<Self> {
        let mut builder = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .pool_max_idle_per_host(pool.max(1))
            .user_agent(concat!("auskunft/", env!("CARGO_PKG_VERSION")));
        if config.is_loopback() {
            // A proxy from the environment is never right for this machine.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| Error::Store {
            action: "starting the portal client".into(),
            message: e.to_string(),
        })?;
        Ok(PortalClient {
            http,
            endpoint: format!("{}/v1/applications", config.url),
            token: config.token.clone(),
            timeout,
        })
    }

    /// Sends one application: `body` exactly as stored (every attempt sends
    /// the same bytes) with its key. Never fails: every answer and every
    /// failure is a [`Delivery`].
    pub async fn submit(&self, key: &str, body: &str) -> Delivery {
        let sent = self
            .http
            .post(&self.endpoint)
            .bearer_auth(self.token.expose_secret())
            .header("Idempotency-Key", key)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body.to_string())
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => return self.network_failure(&e),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = match response.bytes().await {
            Ok(b) => b,
            // The status came but the body did not: for a 201 the portal
            // has the application, and the retry replays the answer.
            Err(e) => return self.network_failure(&e),
        };
        let answer: Option<Value> = if bytes.len() <= MAX_ANSWER {
            serde_json::from_slice(&bytes).ok()
        } else {
            None
        };
        classify(status, answer.as_ref(), retry_after)
    }

    /// What the office decided about the application with the portal's
    /// `id` (`GET /v1/applications/{id}`, its `state`).
    pub async fn decision(&self, id: &str) -> Result<PortalDecision> {
        let failed = |message: String| Error::Portal {
            action: "asking for an application's state".into(),
            message,
        };
        // The id is the portal's (a UUID for portal-sim); anything that
        // could leave the path segment is refused rather than encoded.
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(failed(format!("{} is not a portal id", quote(id))));
        }
        let response = self
            .http
            .get(format!("{}/{id}", self.endpoint))
            .bearer_auth(self.token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| match self.network_failure(&e) {
                Delivery::Retry { error, .. } => failed(error),
                _ => failed("no answer".into()),
            })?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(failed(format!("HTTP {status}")));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|_| failed("the answer broke off".into()))?;
        let answer: Option<Value> = if bytes.len() <= MAX_ANSWER {
            serde_json::from_slice(&bytes).ok()
        } else {
            None
        };
        answer
            .as_ref()
            .and_then(|a| a.get("state"))
            .and_then(Value::as_str)
            .and_then(PortalDecision::parse)
            .ok_or_else(|| failed("the answer has no state of the contract".into()))
    }

    /// How many applications the portal holds (`GET /v1/applications`,
    /// its `total`): for checks and the benchmark.
    pub async fn count_applications(&self) -> Result<u64> {
        let failed = |message: String| Error::Store {
            action: "asking the portal how many applications it holds".into(),
            message,
        };
        let response = self
            .http
            .get(format!("{}?limit=0", self.endpoint))
            .bearer_auth(self.token.expose_secret())
            .send()
            .await
            .map_err(|e| match self.network_failure(&e) {
                Delivery::Retry { error, .. } => failed(error),
                _ => failed("no answer".into()),
            })?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(failed(format!("HTTP {status}")));
        }
        let list: Value = response
            .json()
            .await
            .map_err(|_| failed("the answer is not the contract's list".into()))?;
        list.get("total")
            .and_then(Value::as_u64)
            .ok_or_else(|| failed("the answer has no total".into()))
    }

    fn network_failure(&self, e: &reqwest::Error) -> Delivery {
        let error = if e.is_timeout() {
            format!(
                "no answer within {:.1} s (timeout)",
                self.timeout.as_secs_f64()
            )
        } else if e.is_connect() {
            "the portal could not be reached (connection failed)".to_string()
        } else {
            "the connection closed without a complete answer".to_string()
        };
        Delivery::Retry {
            error,
            status: None,
            retry_after: None,
        }
    }
}

/// The problem `type` of an RFC 7807 answer, shortened to its last part.
fn problem_type(answer: Option<&Value>) -> String {
    answer
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        .map(|t| t.rsplit(':').next().unwrap_or(t))
        .filter(|t| t.len() <= 80 && t.chars().all(|c| c.is_ascii_graphic()))
        .map(|t| format!(" ({t})"))
        .unwrap_or_default()
}

/// Maps an answer to what the outbox does with it.
pub(crate) fn classify(
    status: u16,
    answer: Option<&Value>,
    retry_after: Option<Duration>,
) -> Delivery {
    let text = |key: &str| -> Option<String> {
        answer
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    };
    match status {
        201 => match (text("id"), text("reference"), text("citizen_link")) {
            (Some(portal_id), Some(reference), Some(citizen_link)) => Delivery::Delivered {
                portal_id,
                reference,
                citizen_link,
            },
            // Created, but the answer is unreadable: the same key replays it.
            _ => Delivery::Retry {
                error: "HTTP 201 without a readable reference".to_string(),
                status: Some(status),
                retry_after: None,
            },
        },
        422 => Delivery::Rejected {
            problems: field_problems(answer),
        },
        408 | 425 | 429 | 500..=599 => Delivery::Retry {
            error: format!("HTTP {status}{}", problem_type(answer)),
            status: Some(status),
            retry_after,
        },
        _ => Delivery::Flagged {
            error: format!("HTTP {status}{}", problem_type(answer)),
            status,
        },
    }
}

/// The field problems of a 422, with paths relative to the form's data
/// (the portal's `data.vin` is the form's `vin`). A 422 without a readable
/// list still rejects, with one problem for the whole application.
fn field_problems(answer: Option<&Value>) -> Vec<FieldProblem> {
    let listed: Vec<FieldProblem> = answer
        .and_then(|a| a.get("errors"))
        .and_then(Value::as_array)
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| {
                    let field = e.get("field")?.as_str()?;
                    let message = e.get("message")?.as_str()?;
                    let field = field.strip_prefix("data.").unwrap_or(field);
                    Some(FieldProblem::new(field, message))
                })
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        vec![FieldProblem::new(
            "",
            "Das Portal hat den Antrag abgelehnt, ohne die Angaben zu nennen.",
        )]
    } else {
        listed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[cfg(unix)]
    #[test]
    fn the_token_file_is_read_when_only_its_owner_may_read_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal-token");
        std::fs::write(&path, "file-t0ken\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            read_token_file(&path).unwrap().expose_secret(),
            "file-t0ken"
        );
        // The file wins over a token in the settings (unless the
        // environment names one, which this test's environment does not).
        if std::env::var_os(PORTAL_TOKEN_ENV).is_none() {
            let settings = PortalSettings {
                url: Some("http://127.0.0.1:9".into()),
                token: Some(PortalToken::new("settings-t0ken")),
                token_file: Some(path.clone()),
                ..PortalSettings::default()
            };
            let resolved = PortalConfig::resolve(&settings).unwrap();
            assert_eq!(resolved.token.expose_secret(), "file-t0ken");
        }
        // Readable by every user: refused, naming the file, not its text.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_token_file(&path).unwrap_err().to_string();
        assert!(
            e.contains("readable by every user") && e.contains("portal-token"),
            "{e}"
        );
        assert!(!e.contains("file-t0ken"), "{e}");
        // Missing or empty: said so.
        let e = read_token_file(&dir.path().join("none"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot be read"), "{e}");
        std::fs::write(&path, "  \n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let e = read_token_file(&path).unwrap_err().to_string();
        assert!(e.contains("is empty"), "{e}");
    }

    #[test]
    fn answers_map_to_a_closed_outcome() {
        let created = json!({"id": "a", "reference": "MB-2026-000001", "citizen_link": "l"});
        assert!(matches!(
            classify(201, Some(&created), None),
            Delivery::Delivered { .. }
        ));
        assert!(matches!(classify(201, None, None), Delivery::Retry { .. }));
        let problem = json!({"type": "urn:mein-bochum:problem:validation", "errors": [
            {"field": "data.vin", "message": "FIN falsch"},
            {"field": "service", "message": "x"}
        ]});
        match classify(422, Some(&problem), None) {
            Delivery::Rejected { problems } => {
                assert_eq!(problems[0].field, "vin");
                assert_eq!(problems[1].field, "service");
            }
            other => panic!("{other:?}"),
        }
        match classify(422, None, None) {
            Delivery::Rejected { problems } => assert_eq!(problems.len(), 1),
            other => panic!("{other:?}"),
        }
        let unavailable = json!({"type": "urn:mein-bochum:problem:unavailable"});
        match classify(503, Some(&unavailable), Some(Duration::from_secs(1))) {
            Delivery::Retry {
                error, retry_after, ..
            } => {
                assert_eq!(error, "HTTP 503 (unavailable)");
                assert_eq!(retry_after, Some(Duration::from_secs(1)));
            }
            other => panic!("{other:?}"),
        }
        for status in [400, 401, 403, 404, 409, 413] {
            assert!(
                matches!(classify(status, None, None), Delivery::Flagged { .. }),
                "{status}"
            );
        }
        assert!(matches!(classify(429, None, None), Delivery::Retry { .. }));
    }

    #[test]
    fn urls_and_token() {
        let t = || PortalToken::new("s3cret");
        assert!(PortalConfig::new("https://portal.example/", t()).is_ok());
        assert!(PortalConfig::new("http://127.0.0.1:8480", t()).is_ok());
        assert!(PortalConfig::new("http://localhost:8480", t()).is_ok());
        let e = PortalConfig::new("http://portal.example", t()).unwrap_err();
        assert_eq!(e.field(), Some("portal_url"));
        assert!(PortalConfig::new("https://u:p@portal.example", t()).is_err());
        // Credentials in a URL never reach a message, whatever else is wrong.
        for with_secret in [
            "http://u:s3cret@portal.example",
            "ftp://u:s3cret@portal.example",
            "https://u:s3cret@",
            "u:s3cret@portal example",
        ] {
            let e = PortalConfig::new(with_secret, t()).unwrap_err();
            assert!(!e.to_string().contains("s3cret"), "{e}");
        }
        assert!(PortalConfig::new("ftp://portal.example", t()).is_err());
        assert!(PortalConfig::new("kein url", t()).is_err());
        let c = PortalConfig::new("https://portal.example/", t()).unwrap();
        assert_eq!(c.url, "https://portal.example");
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        let client = PortalClient::new(&c, Duration::from_secs(1), 2).unwrap();
        assert!(!format!("{client:?}").contains("s3cret"));
    }
}
