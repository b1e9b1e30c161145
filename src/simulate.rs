//! `auskunft demo centre`: a whole service centre at work against one
//! store — for demos (the supervisors' dashboard fills up live), and as the
//! load test of the shared store.
//!
//! Each simulated agent is a [`Desk`] of its own (its own pool, as twenty
//! PCs would have) running a loop: wait for the next call (arrivals are a
//! Poisson process, about 1,600 calls a day spread over the agents), take
//! it, open one or two topics weighted like the centre's (ID cards,
//! registration, vehicles first), search, type notes, and end it the way
//! 115 calls end — mostly answered, a fifth forwarded with the callback
//! promise, some handed to the portal, a few referred or dropped. Handling
//! times follow a log-normal distribution around four minutes. `speed`
//! compresses time (10 = ten simulated minutes a minute); every write is
//! real. Each whole call's write time is measured, so the run reports
//! what an agent would feel: the median and p99 of logging a call while
//! the other desks write too. Beside the desks a probe times the server's
//! floor for one durable write ([`commit_floor`]), sent after pauses like
//! the desks' own, so that a call's time can be read against what the
//! server and the machine allow at all.

use std::time::{Duration, Instant};

use crate::cases::CaseStore;
use crate::cases::bench::commit_floor;
use crate::cases::seed::Rng;
use crate::cases::{CallerContact, NewForward, Outcome, ReplyChannel, RequestKey};
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::handoff::{PortalService, example};
use crate::kb::EntryKind;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct CentreOptions {
    /// How long, in simulated minutes.
    pub minutes: f64,
    /// Simulated minutes per real minute.
    pub speed: f64,
    /// Calls a day for the whole centre (Bochum: about 1,600).
    pub calls_per_day: f64,
    /// The generator's seed (each desk derives its own).
    pub seed: u64,
}

impl Default for CentreOptions {
    fn default() -> Self {
        CentreOptions {
            minutes: 10.0,
            speed: 1.0,
            calls_per_day: 1_600.0,
            seed: 115,
        }
    }
}

/// Most desks one simulation runs.
pub const MAX_DESKS: usize = 200;

/// What one desk did.
#[derive(Debug, Clone, Default)]
pub struct DeskRun {
    /// Calls taken and ended.
    pub calls: u64,
    /// Of those, forwarded.
    pub forwarded: u64,
    /// Handed to the portal.
    pub portal: u64,
    /// The time each whole call's writes took (start, topics, notes,
    /// forward or handoff, end, search log), in milliseconds.
    pub write_ms: Vec<f64>,
    /// The time of each single write transaction, in milliseconds.
    pub step_ms: Vec<f64>,
    /// Write transactions of the ended calls (start, each topic, notes,
    /// forward or handoff, end).
    pub writes: u64,
    /// Writes that failed (the message of the first).
    pub failures: u64,
    /// The first failure's message.
    pub first_failure: Option<String>,
}

/// What the centre did.
#[derive(Debug, Clone, Default)]
pub struct CentreReport {
    /// Desks simulated.
    pub desks: usize,
    /// Summed over the desks.
    pub calls: u64,
    /// Forwards written.
    pub forwarded: u64,
    /// Portal applications queued.
    pub portal: u64,
    /// Failed writes.
    pub failures: u64,
    /// The first failure, if any.
    pub first_failure: Option<String>,
    /// Median / p99 of a whole call's writes, milliseconds.
    pub write_p50_ms: f64,
    /// The 99th percentile.
    pub write_p99_ms: f64,
    /// Median / p99 of one write transaction (a call's start, a topic,
    /// the notes, a forward, the end), milliseconds: what the agent waits
    /// for at each step; the steps are minutes apart, so no agent ever
    /// waits for a whole call's sum at once.
    pub step_p50_ms: f64,
    /// The 99th percentile.
    pub step_p99_ms: f64,
    /// Write transactions per ended call, on average.
    pub writes_per_call: f64,
    /// Median / p99 of the probe's durable writes ([`commit_floor`]),
    /// milliseconds; `None` on SQLite.
    pub floor_p50_ms: Option<f64>,
    /// The 99th percentile.
    pub floor_p99_ms: Option<f64>,
    /// How many probes were timed.
    pub floor_samples: usize,
    /// Real time the run took.
    pub elapsed: Duration,
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs the centre: each desk (signed in already) takes calls until the
/// simulated time is over. Desks run concurrently on the current runtime.
pub async fn run_centre(desks: Vec<Desk>, opts: &CentreOptions) -> Result<CentreReport> {
    if desks.is_empty() || desks.len() > MAX_DESKS {
        return Err(Error::invalid(
            "desks",
            format!("between 1 and {MAX_DESKS} desks"),
        ));
    }
    if !(opts.speed.is_finite() && opts.speed > 0.0 && opts.speed <= 10_000.0) {
        return Err(Error::invalid(
            "speed",
            "a number above 0 and at most 10000",
        ));
    }
    if !(opts.minutes.is_finite() && opts.minutes > 0.0 && opts.minutes <= 7.0 * 24.0 * 60.0) {
        return Err(Error::invalid("minutes", "above 0 and at most a week"));
    }
    let started = Instant::now();
    let n = desks.len();
    let until = started + Duration::from_secs_f64(opts.minutes * 60.0 / opts.speed);
    let probe = desks
        .first()
        .and_then(|d| d.cases().ok())
        .cloned()
        .map(|store| tokio::spawn(probe_floor(store, until, opts.seed)));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, desk) in desks.into_iter().enumerate() {
        let opts = opts.clone();
        let seed = opts.seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
        tasks.spawn(async move { run_desk(desk, &opts, n, seed).await });
    }
    let mut report = CentreReport {
        desks: n,
        ..CentreReport::default()
    };
    let mut all_ms = Vec::new();
    let mut step_ms = Vec::new();
    let mut writes = 0_u64;
    while let Some(done) = tasks.join_next().await {
        let run = done.map_err(|e| Error::Store {
            action: "simulating a desk".into(),
            message: e.to_string(),
        })?;
        report.calls += run.calls;
        report.forwarded += run.forwarded;
        report.portal += run.portal;
        writes += run.writes;
        report.failures += run.failures;
        if report.first_failure.is_none() {
            report.first_failure = run.first_failure;
        }
        all_ms.extend(run.write_ms);
        step_ms.extend(run.step_ms);
    }
    all_ms.sort_by(f64::total_cmp);
    report.write_p50_ms = percentile(&all_ms, 50.0);
    report.write_p99_ms = percentile(&all_ms, 99.0);
    step_ms.sort_by(f64::total_cmp);
    report.step_p50_ms = percentile(&step_ms, 50.0);
    report.step_p99_ms = percentile(&step_ms, 99.0);
    if report.calls > 0 {
        report.writes_per_call = writes as f64 / report.calls as f64;
    }
    if let Some(probe) = probe {
        let mut floor = probe.await.unwrap_or_default();
        if !floor.is_empty() {
            floor.sort_by(f64::total_cmp);
            report.floor_p50_ms = Some(percentile(&floor, 50.0));
            report.floor_p99_ms = Some(percentile(&floor, 99.0));
            report.floor_samples = floor.len();
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Times a durable write with nothing in it every 0.5–1.5 s until `until`
/// (milliseconds each). A probe that fails (the server restarting) is
/// skipped: the desks' own failures are what the run reports.
async fn probe_floor(store: CaseStore, until: Instant, seed: u64) -> Vec<f64> {
    let mut rng = Rng(seed ^ 0x5EED_F100);
    let mut out = Vec::new();
    loop {
        tokio::time::sleep(Duration::from_secs_f64(0.5 + rng.unit())).await;
        if Instant::now() >= until {
            return out;
        }
        match commit_floor(&store).await {
            Ok(Some(took)) => out.push(took.as_secs_f64() * 1000.0),
            Ok(None) => return out,
            Err(_) => {}
        }
    }
}

/// The services an agent talks about, weighted: the frequent 115 topics
/// first (their position in this list), the rest evenly.
fn topics(desk: &Desk) -> Vec<(String, f64)> {
    const FREQUENT: [&str; 8] = [
        "personalausweis",
        "reisepass",
        "wohnsitz-ummelden",
        "wohnsitz-anmelden",
        "termin-buergerbuero",
        "kfz-zulassung",
        "hund-anmelden",
        "sperrmuell",
    ];
    let mut out: Vec<(String, f64)> = desk
        .kb()
        .entries
        .values()
        .filter(|e| e.kind == EntryKind::Service)
        .map(|e| {
            let weight = FREQUENT
                .iter()
                .position(|f| *f == e.id)
                .map_or(1.0, |p| 12.0 - p as f64);
            (e.id.clone(), weight)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn pick<'a>(rng: &mut Rng, weighted: &'a [(String, f64)]) -> Option<&'a str> {
    let total: f64 = weighted.iter().map(|(_, w)| w).sum();
    let mut x = rng.unit() * total;
    for (id, w) in weighted {
        if x < *w {
            return Some(id);
        }
        x -= w;
    }
    weighted.last().map(|(id, _)| id.as_str())
}

async fn run_desk(desk: Desk, opts: &CentreOptions, desks: usize, seed: u64) -> DeskRun {
    let mut rng = Rng(seed);
    let mut run = DeskRun::default();
    let topics = topics(&desk);
    let offices: Vec<String> = desk
        .kb()
        .entries
        .values()
        .filter(|e| e.kind == EntryKind::Location && e.location.is_some())
        .map(|e| e.id.clone())
        .collect();
    // Simulated seconds per real second, and the mean gap between one
    // desk's calls (a ten-hour service day).
    let per_desk_per_second = opts.calls_per_day / desks as f64 / (10.0 * 3600.0);
    let end = Instant::now() + Duration::from_secs_f64(opts.minutes * 60.0 / opts.speed);
    let sleep = |sim_seconds: f64| {
        tokio::time::sleep(Duration::from_secs_f64(
            (sim_seconds / opts.speed).clamp(0.0, 3600.0),
        ))
    };
    loop {
        sleep(rng.exp(1.0 / per_desk_per_second.max(1e-9))).await;
        if Instant::now() >= end {
            break;
        }
        let talk = rng.lognormal(200.0, 0.5).clamp(20.0, 1800.0);
        match one_call(&desk, &mut rng, &topics, &offices, talk, &sleep).await {
            Ok((steps, outcome)) => {
                run.calls += 1;
                run.writes += steps.len() as u64;
                run.write_ms.push(steps.iter().sum());
                run.step_ms.extend(steps);
                match outcome {
                    Outcome::Forwarded => run.forwarded += 1,
                    Outcome::PortalHandoff => run.portal += 1,
                    _ => {}
                }
            }
            Err(e) => {
                run.failures += 1;
                if run.first_failure.is_none() {
                    run.first_failure = Some(e.to_string());
                }
            }
        }
    }
    run
}

/// Awaits one write and records how long it took, in milliseconds.
async fn timed<T>(
    steps: &mut Vec<f64>,
    write: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    let at = Instant::now();
    let out = write.await;
    steps.push(at.elapsed().as_secs_f64() * 1000.0);
    out
}

/// One call; returns the milliseconds of each of its write transactions
/// (start, topics, notes, forward or handoff, end) and its outcome.
async fn one_call<F: std::future::Future<Output = ()>>(
    desk: &Desk,
    rng: &mut Rng,
    topics: &[(String, f64)],
    offices: &[String],
    talk_seconds: f64,
    sleep: &impl Fn(f64) -> F,
) -> Result<(Vec<f64>, Outcome)> {
    let mut steps = Vec::with_capacity(6);
    let call = timed(&mut steps, desk.start_call()).await?;
    let first = pick(rng, topics).unwrap_or("personalausweis").to_string();
    let second = (rng.unit() < 0.3)
        .then(|| pick(rng, topics).map(str::to_string))
        .flatten();
    sleep(talk_seconds * 0.3).await;
    // The search itself is the index's work, not the store's: not timed.
    let query = first.replace('-', " ");
    let hits = desk.search(&query, 10).len() as u32;
    // As the window reports an opened entry: topic and search log at once.
    let key = RequestKey::fresh();
    let opened = desk.note_opened(Some(call), &first, Some(&query), Some(hits), &key);
    timed(&mut steps, opened).await?;
    if let Some(second) = &second {
        let key = RequestKey::fresh();
        timed(
            &mut steps,
            desk.note_opened(Some(call), second, None, None, &key),
        )
        .await?;
    }
    timed(&mut steps, desk.save_notes(call, "Anliegen besprochen")).await?;
    sleep(talk_seconds * 0.7).await;
    let roll = rng.unit();
    let outcome = if roll < 0.18 && !offices.is_empty() {
        let office = rng.pick(offices).cloned().unwrap_or_default();
        let forward = NewForward {
            office_id: office,
            question: "Bitte Rückruf zum Anliegen".into(),
            channel: ReplyChannel::Phone,
            caller: CallerContact {
                name: Some("Demo Anrufer".into()),
                phone: Some("0234 910-0".into()),
                ..CallerContact::default()
            },
        };
        timed(&mut steps, desk.forward(call, &forward)).await?;
        Outcome::Forwarded
    } else if roll < 0.24 {
        let service = *rng
            .pick(&PortalService::ALL)
            .unwrap_or(&PortalService::Wunschkennzeichen);
        let form = example(service);
        timed(&mut steps, desk.submit_handoff(call, service, &form)).await?;
        Outcome::PortalHandoff
    } else if roll < 0.28 {
        Outcome::Referred
    } else if roll < 0.30 {
        Outcome::Dropped
    } else {
        Outcome::Answered
    };
    let end = if outcome == Outcome::Forwarded || outcome == Outcome::PortalHandoff {
        None
    } else {
        Some(outcome)
    };
    timed(&mut steps, desk.end_call(call, end)).await?;
    Ok((steps, outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[], 99.0), 0.0);
    }

    #[test]
    fn the_generator_gives_plausible_times() {
        let mut rng = Rng(7);
        let n = 20_000;
        let mean = (0..n).map(|_| rng.exp(60.0)).sum::<f64>() / n as f64;
        assert!((mean - 60.0).abs() < 3.0, "{mean}");
        let mut talk: Vec<f64> = (0..n).map(|_| rng.lognormal(200.0, 0.5)).collect();
        talk.sort_by(f64::total_cmp);
        let median = percentile(&talk, 50.0);
        assert!((median - 200.0).abs() < 10.0, "{median}");
    }
}
