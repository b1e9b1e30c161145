//! `auskunft bench stats`: how long all figures take for a month and for a
//! year of the store in the data folder, in process and through the CLI
//! (process start, knowledge base, store, figures, JSON), with the query
//! plans the figures rely on.

use std::fmt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Months, Utc};

use super::period::Period;
use super::read::FigureOptions;
use crate::Desk;
use crate::error::{Error, Result};
use crate::hours::TZ;

/// Timings of one period.
#[derive(Debug, Clone)]
pub struct PeriodTimes {
    /// "month" or "year".
    pub name: &'static str,
    /// The period.
    pub period: Period,
    /// Calls in it.
    pub calls: u64,
    /// Median of the in-process runs.
    pub in_process: Duration,
    /// Median of the CLI runs (`auskunft stats --json`), process start
    /// included; `None` when not measured.
    pub cli: Option<Duration>,
}

/// What `bench stats` found.
#[derive(Debug, Clone)]
pub struct StatsBenchReport {
    /// Calls in the store.
    pub store_calls: u64,
    /// Runs per measurement.
    pub runs: usize,
    /// The month, then the year.
    pub periods: Vec<PeriodTimes>,
    /// `(statement, plan)` for the year.
    pub plans: Vec<(&'static str, String)>,
}

impl fmt::Display for StatsBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(
            f,
            "store: {} calls; medians of {} runs",
            self.store_calls, self.runs
        )?;
        for p in &self.periods {
            write!(
                f,
                "{} {}..{} ({} calls): in-process p50={:.1}ms",
                p.name,
                p.period.from(),
                p.period.to(),
                p.calls,
                ms(p.in_process)
            )?;
            if let Some(cli) = p.cli {
                write!(f, " cli p50={:.1}ms (process start included)", ms(cli))?;
            }
            writeln!(f)?;
        }
        writeln!(f, "query plans:")?;
        for (name, plan) in &self.plans {
            writeln!(f, "  {name}: {plan}")?;
        }
        Ok(())
    }
}

/// The last full calendar month before `now`'s month, and the twelve full
/// months before `now`'s month.
pub fn bench_periods(now: DateTime<Utc>) -> (Period, Period) {
    let today = now.with_timezone(&TZ).date_naive();
    let this_month = Period::month_of(today);
    let first = this_month.from();
    let month = Period::month_of(first.pred_opt().unwrap_or(first));
    let year_from = first
        .checked_sub_months(Months::new(12))
        .unwrap_or(first)
        .with_day(1)
        .unwrap_or(first);
    let year = Period::new(year_from, first).unwrap_or(month);
    (month, year)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Measures the figures of the month and the year before `now` on the
/// desk's open store, `runs` times each (after one warm-up). With `cli`
/// (the `auskunft` binary and its global arguments), also the whole CLI.
pub async fn run_stats_bench(
    desk: &Desk,
    now: DateTime<Utc>,
    runs: usize,
    cli: Option<(PathBuf, Vec<String>)>,
) -> Result<StatsBenchReport> {
    let store = desk.cases()?;
    let store_calls: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM calls")
        .fetch_one(store.pool())
        .await
        .map_err(|e| crate::cases::fail::store_error("counting calls", &e))?;
    let (month, year) = bench_periods(now);
    let mut periods = Vec::new();
    for (name, period) in [("month", month), ("year", year)] {
        let options = FigureOptions::default();
        let warm = super::compute(store, desk.kb(), period, now, options).await?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            super::compute(store, desk.kb(), period, now, options).await?;
            times.push(t.elapsed());
        }
        let cli_time = match &cli {
            Some((exe, global)) => Some(cli_median(exe, global, &period, runs)?),
            None => None,
        };
        periods.push(PeriodTimes {
            name,
            period,
            calls: warm.calls,
            in_process: median(times),
            cli: cli_time,
        });
    }
    let mut c = store
        .pool()
        .acquire()
        .await
        .map_err(|e| crate::cases::fail::store_error("reading query plans", &e))?;
    let plans = super::query_plans(&mut c, &year)
        .await
        .map_err(|e| crate::cases::fail::store_error("reading query plans", &e))?;
    Ok(StatsBenchReport {
        store_calls: u64::try_from(store_calls).unwrap_or(0),
        runs: runs.max(1),
        periods,
        plans,
    })
}

/// Runs `auskunft stats --json` for `period` `runs` times; the median wall
/// time, process start to exit.
fn cli_median(exe: &PathBuf, global: &[String], period: &Period, runs: usize) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let status = Command::new(exe)
            .args(global)
            .args(["stats", "--json", "--from"])
            .arg(period.from().to_string())
            .arg("--to")
            .arg(period.to().to_string())
            .stdout(Stdio::null())
            .status()
            .map_err(|e| Error::io(exe, e))?;
        times.push(t.elapsed());
        if !status.success() {
            return Err(Error::invalid(
                "bench",
                format!("{} stats exited with {status}", exe.display()),
            ));
        }
    }
    Ok(median(times))
}
