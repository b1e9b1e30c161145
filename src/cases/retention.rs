//! Retention (GDPR Art. 5(1)(e)): a configurable number of days after a
//! call ended, its personal data is removed — caller name, phone, e-mail,
//! address, the notes, and its forwards' reply contact and question (free
//! text like the notes, which may name people), and the data of its
//! rejected portal applications. Topics, outcomes, times,
//! offices and channels stay, so the figures survive.
//!
//! A call that never ended (the desk died during it) counts from its start,
//! so its data does not stay forever. Anonymised calls are marked
//! (`anonymised_at`) and can no longer be changed. The search texts agents
//! typed are emptied after the same period (they can hold a caller's
//! name), and a portal application rejected after its call was anonymised
//! loses its data at the next run.
//!
//! In a centre every desk starts the daily job; on PostgreSQL a session
//! advisory lock lets one run at a time and the others skip
//! (`RetentionReport::busy`). The lock goes with the session, so a desk
//! that dies mid-run frees it.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use sqlx::{AssertSqlSafe, Row};

use super::audit::audit;
use super::db::Backend;
use super::fail::store_error;
use super::model::{from_ms, to_ms};
use super::store::CaseStore;
use crate::error::Result;

/// Days a call's personal data is kept by default.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;

/// The advisory lock key of the retention job ("AUSK" and 1).
const RETENTION_LOCK: i64 = 0x4155_534B_0000_0001;

/// Calls per transaction: small enough that a desk waiting for the write
/// lock meanwhile waits well under a second, large enough to be quick.
const BATCH: usize = 2_000;

/// Which calls are due: not yet anonymised, and ended (or, never ended,
/// started) before the cut-off `$1`. Written so that both branches use the
/// partial index `calls_retention_due` (migration 0002).
const DUE: &str = "anonymised_at IS NULL AND \
     (ended_at < $1 OR (ended_at IS NULL AND started_at < $1))";

/// What a retention run anonymised, or would anonymise in a dry run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionReport {
    /// Calls that ended before this instant are due.
    pub cutoff: DateTime<Utc>,
    /// Nothing was changed.
    pub dry_run: bool,
    /// Calls marked anonymised.
    pub calls: u64,
    /// Of those, calls whose notes were removed.
    pub with_notes: u64,
    /// Of those, calls whose caller contact was removed.
    pub with_contact: u64,
    /// Forwards whose question and reply contact were removed.
    pub forwards: u64,
    /// Search texts emptied.
    pub searches: u64,
    /// Another desk was running retention; this run did nothing.
    pub busy: bool,
}

impl fmt::Display for RetentionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.busy {
            return write!(f, "retention is running at another desk; nothing done here");
        }
        let verb = if self.dry_run {
            "would anonymise"
        } else {
            "anonymised"
        };
        write!(
            f,
            "{verb} {} calls that ended before {} (notes: {}, caller contact: {}), {} forwards, \
             {} search texts",
            self.calls,
            self.cutoff
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            self.with_notes,
            self.with_contact,
            self.forwards,
            self.searches
        )
    }
}

const HAS_CONTACT: &str = "(caller_name IS NOT NULL OR caller_phone IS NOT NULL \
     OR caller_email IS NOT NULL OR caller_address IS NOT NULL)";

impl CaseStore {
    /// Anonymises the personal data of calls that ended more than `days`
    /// days before `now`. With `dry_run` only counts. Runs in batches, each
    /// one transaction with its own audit row, so desks keep working.
    pub async fn run_retention(
        &self,
        days: u32,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<RetentionReport> {
        let cutoff = now - Duration::days(i64::from(days));
        let cut = to_ms(cutoff);
        let mut report = RetentionReport {
            cutoff: from_ms(cut),
            dry_run,
            calls: 0,
            with_notes: 0,
            with_contact: 0,
            forwards: 0,
            searches: 0,
            busy: false,
        };
        if dry_run {
            let action = "counting calls due for anonymisation";
            let row = sqlx::query(AssertSqlSafe(format!(
                "SELECT COUNT(*), \
                 COALESCE(SUM(CASE WHEN notes IS NOT NULL THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN {HAS_CONTACT} THEN 1 ELSE 0 END), 0) \
                 FROM calls WHERE {DUE}"
            )))
            .bind(cut)
            .fetch_one(self.pool())
            .await
            .map_err(|e| store_error(action, &e))?;
            let forwards: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM forwards \
                 WHERE (question IS NOT NULL OR reply_to IS NOT NULL) \
                 AND call_id IN (SELECT id FROM calls WHERE {DUE})"
            )))
            .bind(cut)
            .fetch_one(self.pool())
            .await
            .map_err(|e| store_error(action, &e))?;
            let get = |i: usize| -> Result<u64> {
                let v: i64 = row.try_get(i).map_err(|e| store_error(action, &e))?;
                Ok(u64::try_from(v).unwrap_or(0))
            };
            report.calls = get(0)?;
            report.with_notes = get(1)?;
            report.with_contact = get(2)?;
            report.forwards = u64::try_from(forwards).unwrap_or(0);
            let searches: i64 = sqlx::query_scalar(SEARCHES_DUE_COUNT)
                .bind(cut)
                .fetch_one(self.pool())
                .await
                .map_err(|e| store_error(action, &e))?;
            report.searches = u64::try_from(searches).unwrap_or(0);
            return Ok(report);
        }
        // One desk at a time in a centre (see the module).
        let mut lock = None;
        if self.backend() == Backend::Postgres {
            let action = "taking the retention lock";
            let mut conn = self
                .pool()
                .acquire()
                .await
                .map_err(|e| store_error(action, &e))?;
            let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                .bind(RETENTION_LOCK)
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| store_error(action, &e))?;
            if !got {
                report.busy = true;
                return Ok(report);
            }
            lock = Some(conn);
        }
        let result = self.anonymise(&mut report, cut, cutoff, now).await;
        if let Some(mut conn) = lock {
            // Unlocked on the connection that took it; if this fails the
            // lock still ends with the session.
            if let Err(e) = sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(RETENTION_LOCK)
                .execute(&mut *conn)
                .await
            {
                tracing::warn!(error = %e, "retention lock not released; it ends with the session");
                conn.close_on_drop();
            }
        }
        result?;
        tracing::info!(
            calls = report.calls,
            forwards = report.forwards,
            searches = report.searches,
            days,
            "retention run"
        );
        Ok(report)
    }

    /// The batches of a retention run (the lock, if any, is held).
    async fn anonymise(
        &self,
        report: &mut RetentionReport,
        cut: i64,
        cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let stamp = to_ms(now);
        // Two passes, each in the order of the partial index, so that every
        // statement of a batch names exactly the same calls (a LIMIT without
        // a total order need not) and no pass sorts: ended calls by end,
        // then calls that never ended by start.
        let passes = [
            "anonymised_at IS NULL AND ended_at < $1 ORDER BY ended_at, started_at, id",
            "anonymised_at IS NULL AND ended_at IS NULL AND started_at < $1 ORDER BY started_at, id",
        ];
        for pass in passes {
            loop {
                let batch = self
                    .write("anonymising old calls", async |c| {
                        // The batch is named by a subquery rather than an id list,
                        // so no statement grows with the batch. Inside the write
                        // transaction nothing else changes the set between the
                        // statements; the calls are updated last, because that
                        // takes them out of the set.
                        let batch = format!("SELECT id FROM calls WHERE {pass} LIMIT {BATCH}");
                        let counts = sqlx::query(AssertSqlSafe(format!(
                            "SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0), \
                         COALESCE(SUM(CASE WHEN notes IS NOT NULL THEN 1 ELSE 0 END), 0), \
                         COALESCE(SUM(CASE WHEN {HAS_CONTACT} THEN 1 ELSE 0 END), 0) \
                         FROM calls WHERE id IN ({batch})"
                        )))
                        .bind(cut)
                        .fetch_one(&mut *c)
                        .await?;
                        let n: i64 = counts.try_get(0)?;
                        if n == 0 {
                            return Ok(None);
                        }
                        let (first, last): (i64, i64) = (counts.try_get(1)?, counts.try_get(2)?);
                        let with_notes: i64 = counts.try_get(3)?;
                        let with_contact: i64 = counts.try_get(4)?;
                        let forwards = sqlx::query(AssertSqlSafe(format!(
                            "UPDATE forwards SET question = NULL, reply_to = NULL \
                         WHERE call_id IN ({batch}) \
                         AND (question IS NOT NULL OR reply_to IS NOT NULL)"
                        )))
                        .bind(cut)
                        .execute(&mut *c)
                        .await?
                        .rows_affected();
                        // A rejected portal application keeps the citizen's data
                        // for a correction; once its call is anonymised nobody
                        // corrects it. (Delivered ones dropped it on delivery;
                        // pending ones keep it until the portal has them.)
                        sqlx::query(AssertSqlSafe(format!(
                            "UPDATE handoff_outbox SET body = NULL, problems = '[]' \
                         WHERE call_id IN ({batch}) AND state = 'rejected' AND body IS NOT NULL"
                        )))
                        .bind(cut)
                        .execute(&mut *c)
                        .await?;
                        let calls = sqlx::query(AssertSqlSafe(format!(
                        "UPDATE calls SET notes = NULL, caller_name = NULL, caller_phone = NULL, \
                         caller_email = NULL, caller_address = NULL, anonymised_at = $2 \
                         WHERE id IN ({batch})"
                    )))
                    .bind(cut)
                    .bind(stamp)
                    .execute(&mut *c)
                    .await?
                    .rows_affected();
                        let detail = format!(
                            "{calls} calls {first}..={last} ended before {}, {forwards} forwards",
                            cutoff.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                        );
                        audit(
                            c,
                            stamp,
                            None,
                            "retention.anonymise",
                            "calls",
                            None,
                            Some(&detail),
                        )
                        .await?;
                        Ok(Some((calls, with_notes, with_contact, forwards)))
                    })
                    .await?;
                let Some((calls, with_notes, with_contact, forwards)) = batch else {
                    break;
                };
                report.calls += calls;
                report.with_notes += u64::try_from(with_notes).unwrap_or(0);
                report.with_contact += u64::try_from(with_contact).unwrap_or(0);
                report.forwards += forwards;
            }
        }
        report.searches = self.empty_search_texts(cut, stamp).await?;
        self.drop_rejected_data(stamp).await?;
        Ok(())
    }

    /// Empties search texts typed before the cut-off, in batches through
    /// the partial index of texts not yet emptied.
    async fn empty_search_texts(&self, cut: i64, stamp: i64) -> Result<u64> {
        let mut total = 0;
        loop {
            let n = self
                .write("emptying old search texts", async |c| {
                    let n = sqlx::query(AssertSqlSafe(format!(
                        "UPDATE search_log SET query = '' WHERE id IN \
                         (SELECT id FROM search_log WHERE query <> '' AND at < $1 \
                         ORDER BY at LIMIT {BATCH})"
                    )))
                    .bind(cut)
                    .execute(&mut *c)
                    .await?
                    .rows_affected();
                    if n > 0 {
                        let detail = format!("{n} search texts");
                        audit(
                            c,
                            stamp,
                            None,
                            "retention.searches",
                            "search_log",
                            None,
                            Some(&detail),
                        )
                        .await?;
                    }
                    Ok(n)
                })
                .await?;
            total += n;
            if n == 0 {
                return Ok(total);
            }
        }
    }

    /// A portal application the portal rejected after its call was
    /// anonymised still holds the citizen's data; nobody will correct it.
    async fn drop_rejected_data(&self, stamp: i64) -> Result<()> {
        self.write("dropping data of rejected applications", async |c| {
            let n = sqlx::query(
                "UPDATE handoff_outbox SET body = NULL, problems = '[]' \
                 WHERE state = 'rejected' AND body IS NOT NULL \
                 AND call_id IN (SELECT id FROM calls WHERE anonymised_at IS NOT NULL)",
            )
            .execute(&mut *c)
            .await?
            .rows_affected();
            if n > 0 {
                let detail = format!("{n} rejected applications");
                audit(
                    c,
                    stamp,
                    None,
                    "retention.handoffs",
                    "handoff_outbox",
                    None,
                    Some(&detail),
                )
                .await?;
            }
            Ok(())
        })
        .await
    }
}

/// Search texts due for emptying (dry run).
const SEARCHES_DUE_COUNT: &str = "SELECT COUNT(*) FROM search_log WHERE query <> '' AND at < $1";

/// Runs retention now and then once a day, for as long as the runtime
/// lives (the desktop shell starts it at start-up). Failures are logged
/// and retried the next day; they never stop the desk.
/// The retention period is the centre's setting as the store holds it at
/// each run.
pub fn spawn_daily_retention(store: CaseStore) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every_day = tokio::time::interval(std::time::Duration::from_secs(24 * 60 * 60));
        loop {
            every_day.tick().await;
            let run = async {
                let days = store.centre_settings().await?.retention_days;
                store.run_retention(days, Utc::now(), false).await
            };
            if let Err(e) = run.await {
                tracing::error!(code = e.code().as_str(), error = %e, "retention failed");
            }
        }
    })
}
