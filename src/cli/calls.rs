//! The call-log commands: `demo seed`, `calls list`, `retention run`,
//! `bench calls`, and the hidden `dev log-calls` that the crash and
//! concurrency tests run as a child process. They need the async case
//! store, so each runs on a small tokio runtime of its own; the other
//! commands stay synchronous.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Utc};

use auskunft::cases::seed::{SeedOptions, rate, seed};
use auskunft::cases::{
    CallerContact, CaseStore, DeskSettings, NewForward, Outcome, ReplyChannel, Role,
};
use auskunft::{Desk, DeskConfig};

use super::output;

/// A runtime for one command. Current-thread suffices: SQLite work runs
/// on sqlx's own worker threads.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Opens the store the desk would use (the centre's, when configured).
pub(crate) async fn open_store(config: &DeskConfig) -> anyhow::Result<CaseStore> {
    let settings = DeskSettings::load(&config.data_dir)?;
    let location = config.store_location(&settings)?;
    CaseStore::open_at(&location)
        .await
        .with_context(|| format!("opening the case store {location}"))
}

/// `demo seed --calls N [--days D] [--seed S]`.
pub fn demo_seed(
    config: &DeskConfig,
    calls: u64,
    days: u32,
    seed_value: u64,
    until: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let opts = SeedOptions {
        calls,
        days,
        seed: seed_value,
        until: until.unwrap_or_else(Utc::now),
    };
    // Before anything is created: a refused count leaves no store behind.
    opts.check()?;
    auskunft::logging::init(&config.data_dir);
    let today = Utc::now().with_timezone(&auskunft::hours::TZ).date_naive();
    let kb = auskunft::kb::KnowledgeBase::load(&config.kb_dir, today)
        .with_context(|| format!("loading the knowledge base {}", config.kb_dir.display()))?;
    let tty = std::io::stdout().is_terminal();
    let started = Instant::now();
    let (report, location) = runtime()?.block_on(async {
        let store = open_store(config).await?;
        let location = store.location().to_string();
        let mut progress = |done: u64, total: u64| {
            if tty {
                progress_bar(done, total, started);
            }
        };
        let report = seed(&store, &kb, &opts, &mut progress).await;
        store.close().await;
        anyhow::Ok((report?, location))
    })?;
    if tty {
        outln!()?;
    }
    let elapsed = started.elapsed();
    let pct = |n: u64, of: u64| {
        if of == 0 {
            0.0
        } else {
            100.0 * n as f64 / of as f64
        }
    };
    outln!(
        "seeded {} calls over {} days up to {} into {} in {:.1} s ({:.0} calls/s)",
        report.calls,
        days,
        opts.until
            .with_timezone(&auskunft::hours::TZ)
            .format("%Y-%m-%d %H:%M"),
        location,
        elapsed.as_secs_f64(),
        rate(report.calls, elapsed)
    )?;
    outln!(
        "agents={} first_contact={:.1}% portal_handoffs={} forwards={} overdue={} searches={} \
         found_nothing={} handoffs_rejected={} handoffs_pending={}",
        report.agents,
        pct(report.first_contact, report.first_contact_considered),
        report.portal_handoffs,
        report.forwards,
        report.overdue,
        report.searches,
        report.failed_searches,
        report.rejected_handoffs,
        report.pending_handoffs
    )?;
    Ok(())
}

/// A progress bar drawn by hand with a carriage return; only on a
/// terminal, so piped output and scripts see clean lines.
fn progress_bar(done: u64, total: u64, started: Instant) {
    const WIDTH: u64 = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let bar: String = (0..WIDTH)
        .map(|i| if i < filled { '#' } else { ' ' })
        .collect();
    let pct = (done * 100).checked_div(total).unwrap_or(100);
    let mut out = std::io::stdout().lock();
    // A failed write to the terminal only loses the bar.
    if write!(
        out,
        "\r[{bar}] {pct:>3}% {done}/{total} calls {:.1} s",
        started.elapsed().as_secs_f64()
    )
    .and_then(|()| out.flush())
    .is_err()
    {
        tracing::debug!("progress bar not written");
    }
}

/// `calls list [--json] [--limit N]`.
pub fn calls_list(config: &DeskConfig, json: bool, limit: u32) -> anyhow::Result<()> {
    let calls = runtime()?.block_on(async {
        let store = open_store(config).await?;
        let calls = store.recent_calls(None, limit).await;
        store.close().await;
        anyhow::Ok(calls?)
    })?;
    output::print_calls(&calls, json)
}

/// `retention run [--dry-run]`.
pub fn retention_run(config: &DeskConfig, dry_run: bool) -> anyhow::Result<()> {
    auskunft::logging::init(&config.data_dir);
    let (report, days, location) = runtime()?.block_on(async {
        let store = open_store(config).await?;
        let run = async {
            let days = store.centre_settings().await?.retention_days;
            let report = store.run_retention(days, Utc::now(), dry_run).await?;
            Ok::<_, auskunft::Error>((report, days))
        };
        let result = run.await;
        store.close().await;
        let (report, days) = result?;
        anyhow::Ok((report, days, store.location().to_string()))
    })?;
    outln!("{report} (retention {days} days, {location})")?;
    Ok(())
}

/// `bench calls [--n N]`: a desk of its own in `<data>/bench-calls/`
/// (fresh store file, its own settings and index), so the benchmark never
/// touches the real call log or who is signed in.
pub fn bench_calls(config: &DeskConfig, n: usize) -> anyhow::Result<()> {
    let dir = config.data_dir.join("bench-calls");
    auskunft::bench::fresh_scratch_dir(&dir)?;
    let bench = DeskConfig {
        kb_dir: config.kb_dir.clone(),
        data_dir: dir.clone(),
    };
    let mut desk = Desk::open(bench).context("opening the benchmark desk")?;
    let report = runtime()?.block_on(async {
        desk.open_store().await?;
        desk.sign_in("Benchmark", Role::Agent).await?;
        let report = auskunft::cases::bench::run_call_bench(&desk, n).await;
        desk.cases()?.close().await;
        anyhow::Ok(report?)
    })?;
    outln!(
        "{report} on {}",
        dir.join(auskunft::cases::STORE_FILE).display()
    )?;
    Ok(())
}

/// `store migrate`: opens the configured store with the configured login
/// (which applies the migrations when that login owns the store) and says
/// where it is and who the login is there.
pub fn store_migrate(config: &DeskConfig) -> anyhow::Result<()> {
    let settings = auskunft::cases::DeskSettings::load(&config.data_dir)?;
    let location = config.store_location(&settings)?;
    let store = runtime()?.block_on(auskunft::cases::CaseStore::open_at(&location))?;
    let who = match store.access() {
        auskunft::cases::Access::Desk => "this desk's own file".to_string(),
        auskunft::cases::Access::Owner => "the store's owner (migrations applied)".to_string(),
        auskunft::cases::Access::Login { login, role } => {
            format!("login {login} with role {role} (schema checked, not changed)")
        }
        auskunft::cases::Access::Service { login } => {
            format!("service login {login} (schema checked, not changed)")
        }
    };
    runtime()?.block_on(store.close());
    outln!("{location}: up to date; {who}")?;
    Ok(())
}

/// `demo centre`: opens `desks` desks on the configured store (each with
/// its own pool, signed in as "Demo Platz NN"), runs the simulation and
/// prints what the centre did.
pub fn demo_centre(
    config: &DeskConfig,
    desks: usize,
    opts: &auskunft::simulate::CentreOptions,
) -> anyhow::Result<()> {
    auskunft::logging::init(&config.data_dir);
    anyhow::ensure!(
        (1..=auskunft::simulate::MAX_DESKS).contains(&desks),
        "--desks: between 1 and {}",
        auskunft::simulate::MAX_DESKS
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let report = rt.block_on(async {
        let mut opened = Vec::with_capacity(desks);
        for i in 0..desks {
            let mut desk = Desk::open(config.clone()).context("opening a desk")?;
            desk.open_store().await.context("opening the case store")?;
            desk.sign_in_transient(&format!("Demo Platz {:02}", i + 1), Role::Agent)
                .await?;
            opened.push(desk);
        }
        let location = opened
            .first()
            .and_then(|d| d.cases().ok())
            .map(|s| s.location().to_string())
            .unwrap_or_default();
        outln!(
            "{desks} desks on {location}: {} simulated minutes at speed {}",
            opts.minutes,
            opts.speed
        )?;
        anyhow::Ok(auskunft::simulate::run_centre(opened, opts).await?)
    })?;
    let floor = |v: Option<f64>| v.map_or_else(|| "n/a".to_string(), |ms| format!("{ms:.2}"));
    outln!(
        "calls={} forwarded={} portal={} failures={} write_p50_ms={:.2} write_p99_ms={:.2} \
         step_p50_ms={:.2} step_p99_ms={:.2} writes_per_call={:.2} commit_floor_p50_ms={} \
         commit_floor_p99_ms={} floor_probes={} elapsed_s={:.1}",
        report.calls,
        report.forwarded,
        report.portal,
        report.failures,
        report.write_p50_ms,
        report.write_p99_ms,
        report.step_p50_ms,
        report.step_p99_ms,
        report.writes_per_call,
        floor(report.floor_p50_ms),
        floor(report.floor_p99_ms),
        report.floor_samples,
        report.elapsed.as_secs_f64()
    )?;
    if let Some(first) = &report.first_failure {
        note!("first failure: {first}");
    }
    anyhow::ensure!(report.failures == 0, "{} writes failed", report.failures);
    Ok(())
}

/// `dev log-calls`: logs whole calls and prints `ended <id>` after each
/// end's commit has returned. The crash test kills it at random moments
/// and then checks that every printed call is intact.
pub fn dev_log_calls(config: &DeskConfig, agent: &str, count: Option<u64>) -> anyhow::Result<()> {
    let mut desk = Desk::open(config.clone()).context("opening the desk")?;
    runtime()?.block_on(async {
        desk.open_store().await?;
        desk.sign_in(agent, Role::Agent).await?;
        let services: Vec<String> = desk
            .kb()
            .entries
            .values()
            .filter(|e| e.kind == auskunft::kb::EntryKind::Service)
            .map(|e| e.id.clone())
            .collect();
        anyhow::ensure!(
            !services.is_empty(),
            "the knowledge base has no service entries to log calls about"
        );
        let mut out = std::io::stdout().lock();
        let mut i: u64 = 0;
        while count.is_none_or(|n| i < n) {
            let call = desk.start_call().await?;
            let a = &services[(i as usize) % services.len()];
            let b = &services[(i as usize + 7) % services.len()];
            desk.add_topic(call, a).await?;
            desk.add_topic(call, b).await?;
            desk.save_notes(call, &format!("Notiz zu Anruf {call}"))
                .await?;
            let outcome = if i.is_multiple_of(3) {
                desk.forward(
                    call,
                    &NewForward {
                        office_id: "steueramt".into(),
                        question: format!("Rückfrage zu Anruf {call}"),
                        channel: ReplyChannel::Phone,
                        caller: CallerContact {
                            name: Some("Test Anrufer".into()),
                            phone: Some("0234 910-0".into()),
                            ..CallerContact::default()
                        },
                    },
                )
                .await?;
                None
            } else {
                Some(Outcome::Answered)
            };
            desk.end_call(call, outcome).await?;
            desk.log_search(Some(call), a, 3, Some(a)).await?;
            // Printed only after every commit of this call returned; a
            // line-buffered stdout sends it at once.
            writeln!(out, "ended {call}")?;
            out.flush()?;
            i += 1;
        }
        anyhow::Ok(())
    })
}
