//! Computing the figures of a period: the aggregates for calls, outcomes,
//! handling times and topics, the team-size guard, then the parts in their
//! own modules. All in one read transaction, so every figure describes the
//! same moment of the store even while desks keep writing.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use sqlx::AnyConnection;
use sqlx::Row;

use super::figures::{
    DayFigures, Figures, Handling, MIN_TEAM, OVERDUE_LISTED, OutcomeCounts, OutcomeFigure,
    TOP_GAPS, TOP_TOPICS, TopicFigure, WEEKDAYS_SHORT,
};
use super::keys::{HOUR_MS, day_number, instant};
use super::period::{Period, midnight_ms};
use super::values::{TopicSums, average_seconds, stored_outcome, title};
use super::{agents, forwards, gaps, handoffs, sql};
use crate::cases::fail::store_error;
use crate::cases::{CaseStore, Outcome};
use crate::error::Result;
use crate::hours::TZ;
use crate::kb::KnowledgeBase;

/// What to compute besides the team figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FigureOptions {
    /// Figures per agent (the `per_agent_figures` setting).
    pub per_agent: bool,
    /// The whole of every cut list: each knowledge gap, not only the
    /// first [`TOP_GAPS`], and each overdue forward, not only the oldest
    /// [`super::OVERDUE_LISTED`]. The CSV export is where the rest of a cut
    /// list is found.
    pub whole_lists: bool,
}

/// Computes every figure of `period` at `now`. Titles and stale entries
/// come from `kb`.
pub async fn compute(
    store: &CaseStore,
    kb: &KnowledgeBase,
    period: Period,
    now: DateTime<Utc>,
    options: FigureOptions,
) -> Result<Figures> {
    let action = "computing the figures";
    let err = |e: sqlx::Error| store_error(action, &e);
    // A read transaction: one snapshot of the WAL for every statement.
    let mut tx = store.pool().begin().await.map_err(err)?;
    let figures = read_all(&mut tx, kb, period, now, options)
        .await
        .map_err(err)?;
    tx.rollback().await.map_err(err)?;
    Ok(figures)
}

async fn read_all(
    c: &mut AnyConnection,
    kb: &KnowledgeBase,
    period: Period,
    now: DateTime<Utc>,
    options: FigureOptions,
) -> Result<Figures, sqlx::Error> {
    let sums = call_sums(c, &period).await?;
    let (m0, m1) = period.ms_range();
    let team_size = count_team(c, m0, m1).await?;
    let withheld = team_size < MIN_TEAM;
    let day_teams = if withheld {
        HashMap::new()
    } else {
        teams_by_day(c, &period, &sums.days).await?
    };
    let handling = handling(c, &period, &sums).await?;
    let topics = topic_sums(c, &period).await?;
    let gaps_listed = (!options.whole_lists).then_some(TOP_GAPS);
    let (search_gaps, search_gaps_total) = gaps::search_gaps(c, m0, m1, gaps_listed).await?;
    let stale_entries = gaps::stale_entries(kb, &topics, now);
    let overdue_listed = (!options.whole_lists).then_some(OVERDUE_LISTED);
    let forwards = forwards::figures(c, kb, m0, m1, now, overdue_listed).await?;
    let handoffs = handoffs::figures(c, m0, m1).await?;
    let per_agent = if options.per_agent {
        Some(agents::figures(c, m0, m1).await?)
    } else {
        None
    };

    let days = sums
        .days
        .iter()
        .zip(period.dates())
        .map(|(d, date)| {
            let day_withheld = withheld
                || day_teams
                    .get(&day_number(date))
                    .is_some_and(|team| *team < MIN_TEAM);
            DayFigures {
                date,
                label: format!(
                    "{} {}",
                    WEEKDAYS_SHORT[date.weekday().num_days_from_monday() as usize],
                    date.format("%d.%m.")
                ),
                calls: d.calls,
                ended: d.outcomes.total(),
                withheld: day_withheld,
                partial: day_is_running(date, now),
                first_contact: (!day_withheld).then(|| d.outcomes.first_contact()),
                average_handling_seconds: if day_withheld {
                    None
                } else {
                    average_seconds(d.handling_ms, d.outcomes.total())
                },
            }
        })
        .collect();

    let topics_total = topics.values().filter(|t| t.calls > 0).count() as u64;
    let mut ranked: Vec<(&String, &TopicSums)> = topics.iter().collect();
    ranked.sort_by(|a, b| b.1.calls.cmp(&a.1.calls).then(a.0.cmp(b.0)));
    let top_topics = ranked
        .into_iter()
        .take(TOP_TOPICS)
        .map(|(id, t)| TopicFigure {
            entry_id: id.clone(),
            title: title(kb, id),
            calls: t.calls,
            first_contact: (!withheld).then(|| t.outcomes.first_contact()),
        })
        .collect();

    let ended = sums.outcomes.total();
    let outcomes = if withheld {
        Vec::new()
    } else {
        Outcome::ALL
            .iter()
            .map(|o| OutcomeFigure {
                outcome: *o,
                label: o.label(),
                calls: sums.outcomes.get(*o),
                share: (ended > 0).then(|| sums.outcomes.get(*o) as f64 / ended as f64),
            })
            .collect()
    };
    Ok(Figures {
        period,
        now,
        calls: sums.calls,
        ended,
        team_size,
        withheld,
        first_contact: (!withheld).then(|| sums.outcomes.first_contact()),
        handling: (!withheld).then_some(handling),
        outcomes,
        days,
        by_hour: sums.by_hour,
        heatmap: sums.heatmap,
        top_topics,
        search_gaps,
        search_gaps_total,
        topics_total,
        stale_entries,
        forwards,
        handoffs,
        per_agent,
    })
}

/// Whether the Berlin day `date` has begun but not ended at `now`.
fn day_is_running(date: chrono::NaiveDate, now: DateTime<Utc>) -> bool {
    let t = now.timestamp_millis();
    let next = date.succ_opt().unwrap_or(date);
    midnight_ms(date) <= t && t < midnight_ms(next)
}

/// Sums of one day.
#[derive(Debug, Clone, Default)]
struct DaySums {
    calls: u64,
    outcomes: OutcomeCounts,
    handling_ms: i64,
}

/// Sums of the period from `stats_hours`.
#[derive(Debug, Clone)]
struct CallSums {
    calls: u64,
    outcomes: OutcomeCounts,
    handling_ms: i64,
    /// One per day of the period, in order.
    days: Vec<DaySums>,
    by_hour: [u64; 24],
    heatmap: [[u64; 24]; 7],
}

/// Reads the period's hours and places each UTC hour in its Berlin day,
/// weekday and hour: the one place daylight saving enters the figures.
async fn call_sums(c: &mut AnyConnection, period: &Period) -> Result<CallSums, sqlx::Error> {
    let (h0, h1) = period.hour_range();
    let rows = sqlx::query(sql::HOURS)
        .bind(h0)
        .bind(h1)
        .fetch_all(&mut *c)
        .await?;
    let mut sums = CallSums {
        calls: 0,
        outcomes: OutcomeCounts::default(),
        handling_ms: 0,
        days: vec![DaySums::default(); period.days() as usize],
        by_hour: [0; 24],
        heatmap: [[0; 24]; 7],
    };
    for r in rows {
        let hour: i64 = r.try_get(0)?;
        let outcome: String = r.try_get(1)?;
        let calls = u64::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0);
        let handling_ms: i64 = r.try_get(3)?;
        let local = instant(hour * HOUR_MS).with_timezone(&TZ);
        let index = (local.date_naive() - period.from()).num_days();
        let Some(day) = usize::try_from(index)
            .ok()
            .and_then(|i| sums.days.get_mut(i))
        else {
            continue;
        };
        let h = local.hour() as usize;
        let wd = local.weekday().num_days_from_monday() as usize;
        sums.calls += calls;
        day.calls += calls;
        sums.by_hour[h] += calls;
        sums.heatmap[wd][h] += calls;
        if let Some(o) = stored_outcome(&outcome)? {
            sums.outcomes.add(o, calls);
            day.outcomes.add(o, calls);
            sums.handling_ms += handling_ms;
            day.handling_ms += handling_ms;
        }
    }
    Ok(sums)
}

/// Average from the hours, median from the histogram.
async fn handling(
    c: &mut AnyConnection,
    period: &Period,
    sums: &CallSums,
) -> Result<Handling, sqlx::Error> {
    let (d0, d1) = period.day_range();
    let rows = sqlx::query(sql::DURATIONS)
        .bind(d0)
        .bind(d1)
        .fetch_all(&mut *c)
        .await?;
    let mut histogram = Vec::with_capacity(rows.len());
    for r in rows {
        let seconds: i64 = r.try_get(0)?;
        let n: i64 = r.try_get(1)?;
        histogram.push((seconds, u64::try_from(n).unwrap_or(0)));
    }
    Ok(Handling {
        average_seconds: average_seconds(sums.handling_ms, sums.outcomes.total()),
        median_seconds: median(&histogram),
    })
}

/// The median of a histogram of `(value, count)` sorted by value: the
/// middle value, or the mean of the two middle ones for an even count.
pub(crate) fn median(histogram: &[(i64, u64)]) -> Option<f64> {
    let n: u64 = histogram.iter().map(|(_, k)| k).sum();
    if n == 0 {
        return None;
    }
    // 1-based ranks of the middle one or two values.
    let (lo, hi) = (n.div_ceil(2), n / 2 + 1);
    let value_at = |rank: u64| {
        let mut seen = 0;
        for (v, k) in histogram {
            seen += k;
            if seen >= rank {
                return *v;
            }
        }
        histogram.last().map(|(v, _)| *v).unwrap_or(0)
    };
    Some((value_at(lo) + value_at(hi)) as f64 / 2.0)
}

async fn topic_sums(
    c: &mut AnyConnection,
    period: &Period,
) -> Result<HashMap<String, TopicSums>, sqlx::Error> {
    let (d0, d1) = period.day_range();
    let rows = sqlx::query(sql::TOPICS)
        .bind(d0)
        .bind(d1)
        .fetch_all(&mut *c)
        .await?;
    let mut topics: HashMap<String, TopicSums> = HashMap::new();
    for r in rows {
        let entry: String = r.try_get(0)?;
        let outcome: String = r.try_get(1)?;
        let calls = u64::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0);
        if calls == 0 {
            continue;
        }
        let t = topics.entry(entry).or_default();
        t.calls += calls;
        if let Some(o) = stored_outcome(&outcome)? {
            t.outcomes.add(o, calls);
        }
    }
    Ok(topics)
}

async fn count_team(c: &mut AnyConnection, m0: i64, m1: i64) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(sql::team(crate::cases::db::Backend::of(c)))
        .bind(m0)
        .bind(m1)
        .fetch_one(&mut *c)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Different agents on each day of the period that had calls, by day
/// number.
async fn teams_by_day(
    c: &mut AnyConnection,
    period: &Period,
    days: &[DaySums],
) -> Result<HashMap<i64, u64>, sqlx::Error> {
    let busy: Vec<_> = period
        .dates()
        .zip(days)
        .filter(|(_, d)| d.calls > 0)
        .map(|(date, _)| {
            let next = date.succ_opt().unwrap_or(date);
            (day_number(date), midnight_ms(date), midnight_ms(next))
        })
        .collect();
    if busy.is_empty() {
        return Ok(HashMap::new());
    }
    let text = sql::team_by_day(crate::cases::db::Backend::of(c), busy.len());
    let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
    for (day, start, end) in &busy {
        q = q.bind(*day).bind(*start).bind(*end);
    }
    let rows = q.fetch_all(&mut *c).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for r in rows {
        let day: i64 = r.try_get(0)?;
        let n: i64 = r.try_get(1)?;
        out.insert(day, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_a_histogram() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[(60, 1)]), Some(60.0));
        assert_eq!(median(&[(60, 1), (120, 1), (300, 1)]), Some(120.0));
        assert_eq!(
            median(&[(60, 1), (120, 1), (300, 1), (600, 1)]),
            Some(210.0)
        );
        assert_eq!(median(&[(60, 3), (120, 1)]), Some(60.0));
        assert_eq!(median(&[(10, 2), (20, 2)]), Some(15.0));
    }
}
