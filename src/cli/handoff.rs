//! The portal handoff commands: `handoff example|submit|deliver|list|retry`
//! and `bench handoff`. Like the call-log commands, each runs on a small
//! tokio runtime of its own.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Args;
use serde_json::Value;

use auskunft::cases::{CallId, DeskSettings, Outcome, Role};
use auskunft::handoff::client::PortalClient;
use auskunft::handoff::worker::Attempt;
use auskunft::handoff::{
    DeliveryConfig, HandoffId, HandoffState, PortalService, PortalSettings, PortalToken, example,
};
use auskunft::{Desk, DeskConfig, Error};

use super::output;

/// The agent the CLI signs in as when no one is signed in at this desk.
pub const CLI_AGENT: &str = "Kommandozeile";

/// Delivery tuning for tests and benchmarks (hidden in --help).
#[derive(Debug, Clone, Args)]
pub struct Tuning {
    /// Request timeout in milliseconds.
    #[arg(long, hide = true)]
    timeout_ms: Option<u64>,
    /// Requests in flight at once.
    #[arg(long, hide = true)]
    concurrency: Option<usize>,
    /// First retry delay in milliseconds.
    #[arg(long, hide = true)]
    backoff_ms: Option<u64>,
    /// Longest retry delay in milliseconds.
    #[arg(long, hide = true)]
    max_backoff_ms: Option<u64>,
    /// Lease length in milliseconds.
    #[arg(long, hide = true)]
    lease_ms: Option<u64>,
}

impl Tuning {
    fn config(&self) -> DeliveryConfig {
        let ms = Duration::from_millis;
        let mut c = match self.timeout_ms {
            Some(t) => DeliveryConfig::with_timeout(ms(t)),
            None => DeliveryConfig::default(),
        };
        if let Some(n) = self.concurrency {
            c.concurrency = n.max(1);
        }
        if let Some(b) = self.backoff_ms {
            c.base_backoff = ms(b);
        }
        if let Some(m) = self.max_backoff_ms {
            c.max_backoff = ms(m);
            c.flagged_backoff = c.flagged_backoff.min(ms(m).max(c.max_backoff));
        }
        if let Some(l) = self.lease_ms {
            c.lease = ms(l);
        }
        c
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    // Multi-threaded: the requests in flight and SQLite's work overlap.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// The service named on the command line; clap's value parser, so an
/// unknown name is a usage error (exit 2) like any other.
pub fn parse_service(name: &str) -> Result<PortalService, String> {
    PortalService::parse(name.trim()).ok_or_else(|| {
        let names: Vec<&str> = PortalService::ALL.iter().map(|s| s.as_str()).collect();
        format!(
            "unknown service {}; one of {}",
            auskunft::error::quote(name),
            names.join(", ")
        )
    })
}

async fn open_desk(config: &DeskConfig) -> anyhow::Result<Desk> {
    auskunft::logging::init(&config.data_dir);
    let kb = config.kb_dir.display().to_string();
    let mut desk =
        Desk::open(config.clone()).with_context(|| format!("opening the desk over {kb}"))?;
    desk.open_store().await.context("opening the case store")?;
    Ok(desk)
}

/// `handoff example SERVICE`: the data of a valid application, as JSON.
pub fn example_cmd(s: PortalService) -> anyhow::Result<ExitCode> {
    outln!("{}", serde_json::to_string_pretty(&example(s))?)?;
    Ok(ExitCode::SUCCESS)
}

/// The largest application `handoff submit` reads: the largest form's data
/// is a few kilobytes, and without a cap `- < /dev/zero` grew without end.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// The application's JSON from a file or, for `-`, standard input. Reads
/// at most [`MAX_INPUT_BYTES`] + 1 bytes: one more tells a file of exactly
/// the cap from a larger one. `Err` says what is wrong with the input
/// (exit 1, like invalid fields).
fn read_input(path: &Path) -> Result<Value, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        (
            "standard input".to_string(),
            read_capped(std::io::stdin().lock()),
        )
    } else {
        let name = path.display().to_string();
        let bytes = std::fs::File::open(path).and_then(read_capped);
        (name, bytes)
    };
    let bytes = bytes.map_err(|e| format!("reading the application from {name}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{name} holds more than {} MiB; an application is a few kilobytes of JSON",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        format!("{name} is not JSON ({e}); `auskunft handoff example SERVICE` shows the form")
    })
}

fn read_capped(input: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `handoff submit SERVICE FILE|- [--call ID] [--agent NAME]`.
pub fn submit_cmd(
    config: &DeskConfig,
    s: PortalService,
    input: &Path,
    call: Option<i64>,
    agent: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let data = match read_input(input) {
        Ok(data) => data,
        Err(why) => {
            note!("auskunft: {why}; nothing was written");
            return Ok(ExitCode::from(super::EXIT_REFUSED));
        }
    };
    runtime()?.block_on(async {
        let mut desk = open_desk(config).await?;
        // Validate before anything is written, a new call included.
        let problems = desk.check_handoff(s, &data);
        if !problems.is_empty() {
            return invalid(&problems);
        }
        match (agent, desk.agent()) {
            (Some(a), _) => {
                desk.sign_in_transient(a, Role::Agent).await?;
            }
            (None, Some(_)) => {}
            (None, None) => {
                desk.sign_in_transient(CLI_AGENT, Role::Agent).await?;
            }
        }
        let (call, own_call) = match call {
            Some(id) => (CallId(id), false),
            None => (desk.start_call().await?, true),
        };
        let submitted = desk.submit_handoff(call, s, &data).await;
        let h = match submitted {
            Ok(h) => h,
            Err(e @ Error::InvalidForm(_)) => return invalid(&e.problems()),
            Err(e) => return Err(e.into()),
        };
        if own_call {
            desk.end_call(call, Some(Outcome::PortalHandoff)).await?;
        }
        desk.cases()?.close().await;
        outln!("{}", h.id)?;
        note!(
            "queued application {} ({}) for call {} with key {}; `auskunft handoff deliver` sends it",
            h.id,
            s.as_str(),
            call,
            h.idempotency_key
        );
        Ok(ExitCode::SUCCESS)
    })
}

fn invalid(problems: &[auskunft::handoff::FieldProblem]) -> anyhow::Result<ExitCode> {
    for p in problems {
        if p.field.is_empty() {
            outln!("{}", p.message)?;
        } else {
            outln!("{}: {}", p.field, p.message)?;
        }
    }
    note!("{} invalid field(s); nothing was written", problems.len());
    Ok(ExitCode::from(super::EXIT_REFUSED))
}

/// `handoff deliver [--until-empty]`: prints `delivered ID REFERENCE`,
/// `rejected ID`, `retry ID` and `flagged ID STATUS` as attempts are
/// recorded. The loops are the worker's own (`Worker::until_empty_with`,
/// `Worker::run_with`); the CLI only prints what they report.
pub fn deliver_cmd(
    config: &DeskConfig,
    until_empty: bool,
    tuning: &Tuning,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let desk = open_desk(config).await?;
        let mut worker = desk.delivery_worker(tuning.config())?;
        let mut out = std::io::stdout().lock();
        if until_empty {
            let report = worker
                .until_empty_with(async |attempts| print_attempts(&desk, attempts, &mut out).await)
                .await?;
            desk.cases()?.close().await;
            note!(
                "delivered {}, rejected {}, retried {} times in {:.1} s",
                report.delivered,
                report.rejected,
                report.retried,
                report.elapsed.as_secs_f64()
            );
            if report.flagged_left > 0 {
                note!(
                    "{} application(s) flagged: the portal refuses them for a reason a retry \
                     cannot fix; see `auskunft handoff list --stuck`, then `auskunft handoff \
                     retry ID`",
                    report.flagged_left
                );
                return Ok(ExitCode::from(3));
            }
            return Ok(ExitCode::SUCCESS);
        }
        // Until interrupted: Ctrl-C stops the loop, which then records
        // what is in flight.
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            match tokio::signal::ctrl_c().await {
                Ok(()) => {}
                Err(e) => note!("auskunft: waiting for Ctrl-C: {e}"),
            }
            // The loop may have ended already; then nobody listens.
            stop.send(true).ok();
        });
        worker
            .run_with(stopped, async |attempts| {
                print_attempts(&desk, attempts, &mut out).await
            })
            .await?;
        desk.cases()?.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

/// One line per attempt, flushed at once (a script, or the crash test,
/// reads them while the command runs).
async fn print_attempts(
    desk: &Desk,
    attempts: &[(HandoffId, Attempt)],
    out: &mut impl Write,
) -> auskunft::Result<()> {
    for (id, a) in attempts {
        let line = match a {
            Attempt::Delivered => {
                let h = desk.handoff(*id).await?;
                format!("delivered {id} {}", h.reference.as_deref().unwrap_or("-"))
            }
            Attempt::Rejected => format!("rejected {id}"),
            Attempt::Retry(_) => format!("retry {id}"),
            Attempt::Flagged(status) => format!("flagged {id} {status}"),
            Attempt::LeaseLost => format!("lease-lost {id}"),
        };
        writeln!(out, "{line}").map_err(stdout_error)?;
    }
    out.flush().map_err(stdout_error)
}

fn stdout_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<standard output>"),
        source,
    }
}

/// `handoff list [--json] [--limit N] [--stuck]`.
pub fn list_cmd(
    config: &DeskConfig,
    json: bool,
    limit: u32,
    stuck: bool,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let desk = open_desk(config).await?;
        if stuck {
            let rows = desk.stuck_handoffs(Utc::now()).await?;
            output::print_stuck_handoffs(&rows, json)?;
        } else {
            let rows = desk.handoffs(limit).await?;
            output::print_handoffs(&rows, json)?;
        }
        desk.cases()?.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

/// `handoff retry ID`.
pub fn retry_cmd(config: &DeskConfig, id: i64) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let desk = open_desk(config).await?;
        let h = desk.retry_handoff(HandoffId(id)).await?;
        desk.cases()?.close().await;
        outln!("{}\t{}\tdue now", h.id, h.state)?;
        Ok(ExitCode::SUCCESS)
    })
}

/// `handoff status ID`: the office's decision as the portal says it now.
pub fn status_cmd(config: &DeskConfig, id: i64) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let desk = open_desk(config).await?;
        let h = desk.check_portal_decision(HandoffId(id)).await?;
        desk.cases()?.close().await;
        let decision = h.portal_state.map_or("unknown", |d| d.as_str());
        outln!("{}\t{decision}", h.id)?;
        Ok(ExitCode::SUCCESS)
    })
}

// ---- bench -----------------------------------------------------------

/// A portal-sim child for the benchmark, killed on drop.
struct SimChild {
    child: Child,
    url: String,
}

impl Drop for SimChild {
    fn drop(&mut self) {
        if self.child.kill().is_ok() && self.child.wait().is_err() {
            note!("portal-sim did not exit");
        }
    }
}

/// portal-sim next to this executable (cargo puts both in
/// `target/<profile>/`), else on the PATH.
fn portal_sim_binary() -> PathBuf {
    let name = format!("portal-sim{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

fn start_sim(token: &str) -> anyhow::Result<SimChild> {
    let bin = portal_sim_binary();
    let mut child = Command::new(&bin)
        .args(["--listen", "127.0.0.1:0"])
        .env("PORTAL_SIM_TOKEN", token)
        .env("RUST_LOG", "portal_sim=warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| {
            format!(
                "starting {} (build it with `cargo build -p portal-sim`, or set {} and {})",
                bin.display(),
                auskunft::handoff::client::PORTAL_URL_ENV,
                auskunft::handoff::client::PORTAL_TOKEN_ENV
            )
        })?;
    let stdout = child.stdout.take().context("portal-sim's stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .context("reading portal-sim's address")?;
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .map(str::to_string);
    let sim = SimChild {
        child,
        url: url.unwrap_or_default(),
    };
    if sim.url.is_empty() {
        bail!("portal-sim did not say where it listens (first line {line:?})");
    }
    Ok(sim)
}

/// `bench handoff [--n N]`: a desk of its own in `<data>/bench-handoff/`,
/// N applications queued, then drained into a local portal-sim without
/// faults (started from next to this executable unless the portal
/// environment variables name one); checks that the portal holds each
/// exactly once.
pub fn bench_cmd(
    config: &DeskConfig,
    n: usize,
    workers: usize,
    tuning: &Tuning,
) -> anyhow::Result<ExitCode> {
    let dir = config.data_dir.join("bench-handoff");
    auskunft::bench::fresh_scratch_dir(&dir)?;
    let bench = DeskConfig {
        kb_dir: config.kb_dir.clone(),
        data_dir: dir.clone(),
    };
    let external = std::env::var(auskunft::handoff::client::PORTAL_URL_ENV).is_ok();
    let token = match std::env::var(auskunft::handoff::client::PORTAL_TOKEN_ENV) {
        Ok(t) if external => t,
        _ => format!("bench-{}", uuid::Uuid::new_v4().simple()),
    };
    let sim = if external {
        None
    } else {
        Some(start_sim(&token)?)
    };
    let url = match &sim {
        Some(s) => s.url.clone(),
        None => std::env::var(auskunft::handoff::client::PORTAL_URL_ENV)?,
    };
    // The benchmark desk's own settings name the portal (the environment,
    // if set, names the same one).
    let settings = DeskSettings {
        portal: PortalSettings {
            url: Some(url),
            token: Some(PortalToken::new(token)),
            ..PortalSettings::default()
        },
        ..DeskSettings::default()
    };
    settings.save(&dir)?;
    let config = tuning.config();
    runtime()?.block_on(async {
        let mut desk = Desk::open(bench).context("opening the benchmark desk")?;
        desk.open_store().await?;
        let client = PortalClient::new(&desk.portal_config()?, config.request_timeout, 1)?;
        let before = client.count_applications().await?;
        desk.sign_in_transient("Benchmark", Role::Agent).await?;
        let services = PortalService::ALL;
        let queued = Instant::now();
        let call = desk.start_call().await?;
        for i in 0..n {
            let s = services[i % services.len()];
            desk.submit_handoff(call, s, &example(s)).await?;
        }
        let queue_time = queued.elapsed();
        desk.end_call(call, Some(Outcome::PortalHandoff)).await?;
        // The workers share the desk's pool and claim with SKIP LOCKED, as
        // separate desks or services do; each stops when it finds nothing
        // left to claim.
        let desk = std::sync::Arc::new(desk);
        let draining = Instant::now();
        let mut running = tokio::task::JoinSet::new();
        for _ in 0..workers {
            let (desk, config) = (std::sync::Arc::clone(&desk), config.clone());
            running.spawn(async move { desk.deliver_until_empty(config).await });
        }
        let (mut delivered_now, mut retried) = (0, 0);
        while let Some(done) = running.join_next().await {
            let report = done.context("a delivery worker stopped")??;
            delivered_now += report.delivered;
            retried += report.retried;
        }
        let drain_time = draining.elapsed();
        let rows = desk.handoffs(u32::try_from(n).unwrap_or(u32::MAX)).await?;
        let delivered = rows
            .iter()
            .filter(|h| h.state == HandoffState::Delivered)
            .count();
        let mut refs: Vec<&str> = rows.iter().filter_map(|h| h.reference.as_deref()).collect();
        refs.sort_unstable();
        refs.dedup();
        let distinct = refs.len();
        desk.cases()?.close().await;
        let new_at_portal = client.count_applications().await?.saturating_sub(before);
        drop(sim);
        outln!(
            "queued {n} applications in {:.1} s ({:.0}/s); delivered {} in {:.2} s: \
             {:.0} deliveries/s ({} retries, {workers} worker(s), concurrency {} each)",
            queue_time.as_secs_f64(),
            n as f64 / queue_time.as_secs_f64().max(1e-9),
            delivered_now,
            drain_time.as_secs_f64(),
            delivered_now as f64 / drain_time.as_secs_f64().max(1e-9),
            retried,
            config.concurrency
        )?;
        outln!(
            "outbox: {delivered}/{n} delivered, {distinct} distinct references; \
             portal: {new_at_portal} new applications"
        )?;
        if delivered != n || distinct != n || new_at_portal != n as u64 {
            bail!("lost or doubled applications: see the counts above");
        }
        anyhow::Ok(ExitCode::SUCCESS)
    })
}
