//! The delivery worker: claims due outbox rows with a lease, sends each to
//! the portal with its Idempotency-Key, and records what came back.
//!
//! [`Worker::step`] is one turn of the loop and returns a closed [`Step`]:
//! the attempts it recorded, each a closed [`Attempt`], or
//! [`Step::EmptyQueue`]. No failure drops an application: 5xx, timeouts
//! and dropped connections put the row back as pending with a backoff; a
//! store failure while recording leaves the row leased, and the outcome is
//! recorded on the next step (or, if this worker dies, the lease runs out
//! and another worker sends the same key again, which the portal answers
//! with the same application).
//!
//! Requests run concurrently (up to [`DeliveryConfig::concurrency`]); the
//! outcomes that are ready are recorded together in one transaction, so a
//! commit's fsync is shared by many deliveries.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::client::PortalClient;
use super::outbox::{self, Claimed, Delivery, HandoffId, Outcome, QueueState};
use crate::cases::CaseStore;
use crate::error::Result;

/// How the worker sends and retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryConfig {
    /// A request's whole time, connecting included.
    pub request_timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// The first retry's delay; it doubles with every attempt.
    pub base_backoff: Duration,
    /// The longest delay between two attempts of a row.
    pub max_backoff: Duration,
    /// The delay after an answer a retry cannot fix (401, 409, …): long,
    /// because a person must act; `retry_handoff` makes it due at once.
    pub flagged_backoff: Duration,
    /// How long a claim holds a row. Longer than a request can take, so a
    /// live worker always records before its lease runs out; a dead
    /// worker's rows wait this long before another worker sends them.
    pub lease: Duration,
    /// How often an idle worker looks for rows other desks wrote.
    pub idle_poll: Duration,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig::with_timeout(Duration::from_secs(10))
    }
}

impl DeliveryConfig {
    /// The defaults around a request timeout: the lease is twice the
    /// timeout plus five seconds.
    pub fn with_timeout(request_timeout: Duration) -> Self {
        DeliveryConfig {
            request_timeout,
            concurrency: 16,
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
            flagged_backoff: Duration::from_secs(15 * 60),
            lease: request_timeout * 2 + Duration::from_secs(5),
            idle_poll: Duration::from_secs(2),
        }
    }

    /// The delay before attempt `attempts + 1`: exponential from
    /// `base_backoff`, capped at `max_backoff`, with "equal jitter" (a
    /// random point in the upper half) so that rows failed together do not
    /// come back together; at least the portal's `Retry-After`, itself
    /// capped at `max_backoff`.
    pub fn backoff(&self, attempts: u32, retry_after: Option<Duration>) -> Duration {
        let exponent = attempts.saturating_sub(1).min(30);
        let full = self
            .base_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let jittered = full.mul_f64(0.5 + fastrand::f64() * 0.5);
        match retry_after {
            Some(r) => jittered.max(r.min(self.max_backoff)),
            None => jittered,
        }
    }
}

/// What one attempt came to, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The portal has it.
    Delivered,
    /// The portal refused its data (422); waiting for the agent.
    Rejected,
    /// Failed for now; due again after this delay.
    Retry(Duration),
    /// The portal refused it for a reason a retry cannot fix; shown to
    /// supervisors, retried after the long delay.
    Flagged(u16),
    /// The lease had run out and another worker owns the row now; it sends
    /// the same key, so nothing is lost or doubled.
    LeaseLost,
}

/// One turn of the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Attempts finished and were recorded (none when woken to claim).
    Attempts(Vec<(HandoffId, Attempt)>),
    /// Nothing due and nothing in flight.
    EmptyQueue,
}

/// Counts of a [`Worker::until_empty`] run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Applications the portal confirmed.
    pub delivered: u64,
    /// Applications the portal rejected (422).
    pub rejected: u64,
    /// Attempts that failed and were rescheduled.
    pub retried: u64,
    /// Attempts answered with a status a retry cannot fix.
    pub flagged_attempts: u64,
    /// Flagged applications still pending at the end (need a person).
    pub flagged_left: u64,
    /// Wall time.
    pub elapsed: Duration,
}

/// Consecutive store failures `until_empty` rides out before giving up.
const MAX_STORE_FAILURES: u32 = 5;

/// A delivery worker over one store and one portal.
#[derive(Debug)]
pub struct Worker {
    store: CaseStore,
    client: PortalClient,
    config: DeliveryConfig,
    owner: String,
    inflight: JoinSet<(Claimed, Delivery)>,
    /// Which row each running task sends, so a task that died still has
    /// its row recorded as a retry.
    tasks: HashMap<tokio::task::Id, Claimed>,
    /// Outcomes whose recording failed, recorded with the next ones.
    unrecorded: Vec<Outcome>,
    wake: Option<Arc<Notify>>,
}

impl Worker {
    /// A worker with a lease owner name of its own (process id and a
    /// random part, so two workers of one process differ too).
    pub fn new(store: CaseStore, client: PortalClient, config: DeliveryConfig) -> Self {
        let random = uuid::Uuid::new_v4().simple().to_string();
        Worker {
            store,
            client,
            owner: format!("desk-{}-{}", std::process::id(), &random[..8]),
            config: DeliveryConfig {
                concurrency: config.concurrency.max(1),
                ..config
            },
            inflight: JoinSet::new(),
            tasks: HashMap::new(),
            unrecorded: Vec::new(),
            wake: None,
        }
    }

    /// Lets `wake` interrupt the wait for answers so new rows are claimed
    /// at once (the desk notifies it on submit, correct and retry).
    pub fn with_wake(mut self, wake: Arc<Notify>) -> Self {
        self.wake = Some(wake);
        self
    }

    /// The lease owner name this worker writes into claimed rows.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Requests in flight.
    pub fn in_flight(&self) -> usize {
        self.inflight.len()
    }

    fn spawn(&mut self, claimed: Claimed) {
        let client = self.client.clone();
        let row = claimed.clone();
        let handle = self.inflight.spawn(async move {
            let delivery = client.submit(&row.key, &row.body).await;
            (row, delivery)
        });
        self.tasks.insert(handle.id(), claimed);
    }

    /// One turn: tops up the requests in flight with newly claimed rows
    /// (when half of them are done), waits for at least one answer, and
    /// records every answer that is there.
    pub async fn step(&mut self) -> Result<Step> {
        self.step_inner(true).await
    }

    #[tracing::instrument(name = "handoff_step", skip_all, fields(owner = %self.owner))]
    async fn step_inner(&mut self, claim: bool) -> Result<Step> {
        let room = self.config.concurrency - self.inflight.len().min(self.config.concurrency);
        if claim && room >= self.config.concurrency.div_ceil(2) {
            let claimed = outbox::claim(
                &self.store,
                &self.owner,
                self.store.now().await,
                self.config.lease,
                room,
            )
            .await?;
            if !claimed.is_empty() {
                tracing::debug!(rows = claimed.len(), "claimed");
            }
            for c in claimed {
                self.spawn(c);
            }
        }
        if self.inflight.is_empty() {
            if !self.unrecorded.is_empty() {
                return self.record(Vec::new()).await;
            }
            return Ok(Step::EmptyQueue);
        }
        let first = match &self.wake {
            Some(wake) if claim && room > 0 => {
                tokio::select! {
                    r = self.inflight.join_next_with_id() => r,
                    () = wake.notified() => return Ok(Step::Attempts(Vec::new())),
                }
            }
            _ => self.inflight.join_next_with_id().await,
        };
        let mut finished = Vec::new();
        finished.extend(first);
        while let Some(r) = self.inflight.try_join_next_with_id() {
            finished.push(r);
        }
        let now = self.store.now().await;
        let mut outcomes = Vec::with_capacity(finished.len());
        for r in finished {
            let (row, delivery) = match r {
                Ok((task, (row, delivery))) => {
                    self.tasks.remove(&task);
                    (row, delivery)
                }
                Err(e) => {
                    // The sending task panicked or was cancelled: the row
                    // is retried like any failure, never dropped.
                    let Some(row) = self.tasks.remove(&e.id()) else {
                        continue;
                    };
                    let delivery = Delivery::Retry {
                        error: "internal error while sending".to_string(),
                        status: None,
                        retry_after: None,
                    };
                    (row, delivery)
                }
            };
            outcomes.push(self.outcome(&row, delivery, now));
        }
        self.record(outcomes).await
    }

    fn outcome(&self, row: &Claimed, delivery: Delivery, now: DateTime<Utc>) -> Outcome {
        let delay = match &delivery {
            Delivery::Retry { retry_after, .. } => self.config.backoff(row.attempts, *retry_after),
            Delivery::Flagged { .. } => self.config.flagged_backoff,
            Delivery::Delivered { .. } | Delivery::Rejected { .. } => Duration::ZERO,
        };
        let next = now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
        Outcome {
            id: row.id,
            delivery,
            next_attempt_at: next,
        }
    }

    async fn record(&mut self, mut outcomes: Vec<Outcome>) -> Result<Step> {
        outcomes.append(&mut self.unrecorded);
        let now = self.store.now().await;
        let recorded = match outbox::record(&self.store, &self.owner, &outcomes, now).await {
            Ok(ids) => ids,
            Err(e) => {
                // The rows stay leased by this worker; the next step tries
                // again with these outcomes (or the lease runs out).
                tracing::warn!(
                    rows = outcomes.len(),
                    code = e.code().as_str(),
                    "recording failed"
                );
                self.unrecorded = outcomes;
                return Err(e);
            }
        };
        let mut attempts = Vec::with_capacity(outcomes.len());
        for o in outcomes {
            let id = o.id.0;
            let attempt = if !recorded.contains(&o.id) {
                tracing::warn!(handoff = id, "lease lost; another worker owns the row");
                Attempt::LeaseLost
            } else {
                match &o.delivery {
                    Delivery::Delivered { .. } => {
                        tracing::info!(handoff = id, status = 201, "delivered");
                        Attempt::Delivered
                    }
                    Delivery::Rejected { problems } => {
                        tracing::info!(
                            handoff = id,
                            status = 422,
                            problems = problems.len(),
                            "rejected"
                        );
                        Attempt::Rejected
                    }
                    Delivery::Retry { status, .. } => {
                        let after = (o.next_attempt_at - Utc::now())
                            .to_std()
                            .unwrap_or_default();
                        tracing::info!(
                            handoff = id,
                            status = status.unwrap_or(0),
                            after_ms = after.as_millis() as u64,
                            "retry"
                        );
                        Attempt::Retry(after)
                    }
                    Delivery::Flagged { status, .. } => {
                        tracing::warn!(handoff = id, status = *status, "flagged for supervisors");
                        Attempt::Flagged(*status)
                    }
                }
            };
            attempts.push((o.id, attempt));
        }
        Ok(Step::Attempts(attempts))
    }

    /// Runs steps until nothing is pending or being sent (waiting out
    /// backoffs and other workers' leases), then reports. Flagged rows are
    /// not waited for: they need a person, and are counted in the report.
    pub async fn until_empty(&mut self) -> Result<DeliveryReport> {
        self.until_empty_with(async |_| Ok(())).await
    }

    /// [`Worker::until_empty`], handing every step's recorded attempts to
    /// `seen` as they come (the CLI prints them). The one drain loop: the
    /// desk, the CLI and the benchmark all run this. An error of `seen`
    /// ends the run with that error; rows in flight stay leased and are
    /// sent again with their key.
    pub async fn until_empty_with(
        &mut self,
        mut seen: impl AsyncFnMut(&[(HandoffId, Attempt)]) -> Result<()>,
    ) -> Result<DeliveryReport> {
        let started = Instant::now();
        let mut report = DeliveryReport::default();
        let mut failures = 0;
        loop {
            let step = match self.step().await {
                Ok(s) => {
                    failures = 0;
                    s
                }
                Err(e) if failures < MAX_STORE_FAILURES => {
                    failures += 1;
                    tracing::warn!(code = e.code().as_str(), failures, "step failed; again");
                    tokio::time::sleep(Duration::from_millis(200 * u64::from(failures))).await;
                    continue;
                }
                Err(e) => return Err(e),
            };
            match step {
                Step::Attempts(attempts) => {
                    tally(&mut report, &attempts);
                    seen(&attempts).await?;
                }
                Step::EmptyQueue => {
                    let q = outbox::queue_state(&self.store).await?;
                    if q.is_settled() {
                        report.flagged_left = q.flagged;
                        report.elapsed = started.elapsed();
                        return Ok(report);
                    }
                    tokio::time::sleep(wait_for(&q, Duration::from_secs(1))).await;
                }
            }
        }
    }

    /// The loop of the desk's background task: steps while there is work,
    /// sleeps until the next row is due (or the desk wakes it, or
    /// `idle_poll` passes, for rows other desks wrote), until `stop` turns
    /// true; then it finishes the requests in flight and records them.
    pub async fn run(self, stop: watch::Receiver<bool>) {
        if let Err(e) = self.run_with(stop, async |_| Ok(())).await {
            tracing::warn!(code = e.code().as_str(), "delivery worker ended");
        }
    }

    /// [`Worker::run`], handing every step's recorded attempts (those
    /// recorded while stopping included) to `seen`: `auskunft handoff
    /// deliver` prints them. An error of `seen` stops the loop like `stop`
    /// does and is returned once the requests in flight are recorded.
    pub async fn run_with(
        mut self,
        mut stop: watch::Receiver<bool>,
        mut seen: impl AsyncFnMut(&[(HandoffId, Attempt)]) -> Result<()>,
    ) -> Result<()> {
        tracing::info!(owner = %self.owner, "delivery worker started");
        let mut outcome = Ok(());
        while !*stop.borrow() {
            match self.step().await {
                Ok(Step::Attempts(attempts)) => {
                    if let Err(e) = seen(&attempts).await {
                        outcome = Err(e);
                        break;
                    }
                }
                Ok(Step::EmptyQueue) => {
                    let wait = match outbox::queue_state(&self.store).await {
                        Ok(q) => wait_for(&q, self.config.idle_poll),
                        Err(e) => {
                            tracing::warn!(code = e.code().as_str(), "reading the queue failed");
                            self.config.idle_poll
                        }
                    };
                    let wake = self.wake.clone().unwrap_or_default();
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        () = wake.notified() => {}
                        _ = stop.changed() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(code = e.code().as_str(), "delivery step failed");
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_secs(1)) => {}
                        _ = stop.changed() => {}
                    }
                }
            }
        }
        let finished = self.finish_with(&mut seen).await;
        tracing::info!(owner = %self.owner, "delivery worker stopped");
        outcome.and(finished)
    }

    /// Waits for the requests in flight and records them, claiming
    /// nothing new. What cannot be recorded stays leased and is sent again
    /// once the lease runs out.
    pub async fn finish(&mut self) {
        // `finish_with` fails only through `seen`, and this one never does;
        // a warning still beats dropping a Result.
        if let Err(e) = self.finish_with(&mut async |_| Ok(())).await {
            tracing::warn!(code = e.code().as_str(), "finishing failed");
        }
    }

    /// [`Worker::finish`], handing the attempts recorded to `seen`; its
    /// first error is returned after everything in flight is recorded.
    async fn finish_with(
        &mut self,
        seen: &mut impl AsyncFnMut(&[(HandoffId, Attempt)]) -> Result<()>,
    ) -> Result<()> {
        let mut outcome = Ok(());
        while !self.inflight.is_empty() || !self.unrecorded.is_empty() {
            match self.step_inner(false).await {
                Ok(Step::Attempts(attempts)) => {
                    if let Err(e) = seen(&attempts).await
                        && outcome.is_ok()
                    {
                        outcome = Err(e);
                    }
                }
                Ok(Step::EmptyQueue) => {}
                Err(e) => {
                    tracing::warn!(code = e.code().as_str(), "recording on stop failed");
                    break;
                }
            }
        }
        outcome
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Dropping the JoinSet aborts requests still running; their rows
        // stay leased and are sent again (same key) when the lease ends.
        if !self.inflight.is_empty() {
            tracing::debug!(
                rows = self.inflight.len(),
                "worker dropped with requests in flight"
            );
        }
    }
}

fn tally(report: &mut DeliveryReport, attempts: &[(HandoffId, Attempt)]) {
    for (_, a) in attempts {
        match a {
            Attempt::Delivered => report.delivered += 1,
            Attempt::Rejected => report.rejected += 1,
            Attempt::Retry(_) => report.retried += 1,
            Attempt::Flagged(_) => report.flagged_attempts += 1,
            Attempt::LeaseLost => {}
        }
    }
}

/// How long to sleep before the next row is due, at most `cap` and at
/// least a few milliseconds (so a clock step cannot make a busy loop).
fn wait_for(q: &QueueState, cap: Duration) -> Duration {
    let until = q
        .next_due
        .map(|t| (t - Utc::now()).to_std().unwrap_or_default())
        .unwrap_or(cap);
    until.clamp(Duration::from_millis(5), cap.max(Duration::from_millis(5)))
}

/// The desk's running worker: stop it to let requests in flight finish.
#[derive(Debug)]
pub struct DeliveryHandle {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl DeliveryHandle {
    /// Spawns `worker.run` on the current tokio runtime.
    pub fn spawn(worker: Worker) -> Self {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(worker.run(stopped));
        DeliveryHandle { stop, task }
    }

    /// Asks the worker to stop and waits until it has recorded the
    /// requests in flight.
    pub async fn stop(self) {
        // The worker may have ended already (runtime shutting down); then
        // there is nobody to tell.
        if self.stop.send(true).is_err() {
            tracing::debug!("delivery worker already gone");
        }
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "delivery worker ended abnormally");
        }
    }

    /// Whether the task has ended.
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let c = DeliveryConfig {
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            ..DeliveryConfig::default()
        };
        for _ in 0..100 {
            let first = c.backoff(1, None);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = c.backoff(3, None);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = c.backoff(40, None);
            assert!(late >= Duration::from_secs(1) && late <= Duration::from_secs(2));
            let polite = c.backoff(1, Some(Duration::from_secs(1)));
            assert!(polite >= Duration::from_secs(1));
            assert!(c.backoff(1, Some(Duration::from_secs(3600))) <= Duration::from_secs(2));
        }
        assert!(c.lease > c.request_timeout * 2);
    }
}
