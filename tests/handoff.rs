//! The portal handoff over real HTTP against portal-sim (issue 5):
//! submitting writes one transaction; exactly once under faults, delays
//! beyond the timeout and a restart of the portal; an outage loses
//! nothing; a rejected application is corrected and delivered with the
//! same key; two desks on one store never send a row twice; a wrong token
//! is flagged for supervisors and never shown.

use std::time::{Duration, Instant};

use auskunft::ErrorCode;
use auskunft::cases::Outcome;
use auskunft::handoff::{DeliveryHandle, HandoffState, PortalService, Step, StuckReason, example};
use chrono::Utc;
use serde_json::json;

use crate::handoff_support::{
    Sim, TOKEN, assert_exactly_once, fast, open_desk, portal_desk, submit_many, total_attempts,
    wait_until, write_portal_settings,
};
use crate::store_support::{audits, count, fingerprint};

#[tokio::test]
async fn submitting_validates_first_and_writes_one_transaction() {
    let (desk, _data) = portal_desk("http://127.0.0.1:9", TOKEN).await;
    let store = desk.cases().unwrap();
    let call = desk.start_call().await.unwrap();
    let before = fingerprint(store).await;

    // Invalid: every field's problem, code INVALID_INPUT, nothing written.
    let mut data = example(PortalService::KfzWiederzulassung);
    data["iban"] = json!("DE89370400440532013001");
    data["evb"] = json!("ABC");
    let e = desk
        .submit_handoff(call, PortalService::KfzWiederzulassung, &data)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let fields: Vec<String> = e.problems().into_iter().map(|p| p.field).collect();
    assert!(fields.contains(&"iban".to_string()), "{fields:?}");
    assert!(fields.contains(&"evb".to_string()), "{fields:?}");
    assert!(e.field().is_some());
    assert_eq!(
        desk.check_handoff(PortalService::KfzWiederzulassung, &data)
            .len(),
        fields.len()
    );
    assert_eq!(
        fingerprint(store).await,
        before,
        "a refused form writes nothing"
    );
    let e = desk
        .submit_handoff(
            auskunft::cases::CallId(999),
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("call_id"));
    assert_eq!(fingerprint(store).await, before);

    // Valid: the row, the call's outcome and contact, the audit row.
    let h = desk
        .submit_handoff(
            call,
            PortalService::Wunschkennzeichen,
            &example(PortalService::Wunschkennzeichen),
        )
        .await
        .unwrap();
    assert_eq!(h.state, HandoffState::Pending);
    assert_eq!(h.attempts, 0);
    assert_eq!(h.idempotency_key.len(), 36);
    assert_eq!(h.data.as_ref().unwrap()["plate"], "BO-EM 1964");
    let c = desk.call(call).await.unwrap();
    assert_eq!(c.outcome, Some(Outcome::PortalHandoff));
    assert_eq!(c.caller.phone.as_deref(), Some("0234 123456"));
    assert_eq!(c.caller.name.as_deref(), Some("Erika Mustermann"));
    assert_eq!(audits(store, "handoff.create", h.id.0).await, 1);
    assert_eq!(desk.handoffs_of_call(call).await.unwrap(), vec![h.clone()]);
    assert_eq!(desk.handoff(h.id).await.unwrap(), h);

    // A chosen outcome stays; the key is new per application.
    desk.set_outcome(call, Outcome::Answered).await.unwrap();
    let second = desk
        .submit_handoff(
            call,
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap();
    assert_ne!(second.idempotency_key, h.idempotency_key);
    assert_eq!(
        desk.call(call).await.unwrap().outcome,
        Some(Outcome::Answered)
    );
    // Nobody signed in: refused.
    let mut other = open_desk(_data.path()).await;
    other.sign_out().unwrap();
    let e = other
        .submit_handoff(
            call,
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotSignedIn);
    assert_eq!(count(store, "SELECT COUNT(*) FROM handoff_outbox").await, 2);
}

/// 500 applications; first a portal that answers later than the client
/// waits (it stores what it does not fail or drop, the client times out),
/// with 30 % 503s, 10 % lost replies and 5 % drops; then, restarted on the
/// same port with the same store, the same faults without the delay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_under_faults_timeouts_and_a_restart() {
    const N: usize = 500;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("portal.json");
    let store = store.to_str().unwrap();
    let faults = [
        "--fail-rate",
        "0.3",
        "--lost-reply-rate",
        "0.1",
        "--drop-rate",
        "0.05",
        "--store",
        store,
    ];
    let mut slow = faults.to_vec();
    slow.extend(["--delay-ms", "900", "--seed", "1"]);
    let mut sim = Sim::start(&slow);
    let (desk, _data) = portal_desk(&sim.url, TOKEN).await;
    submit_many(&desk, N).await;

    let mut worker = desk.delivery_worker(fast(400)).unwrap();
    // Step until requests have timed out while the portal stored what they
    // carried (the answer comes after 900 ms, the desk waits 400 ms).
    let phase = Instant::now();
    let mut timeouts = 0;
    let stored_meanwhile = loop {
        if let Step::Attempts(a) = worker.step().await.unwrap() {
            timeouts += a.len();
        }
        if timeouts > 0 {
            let stored = sim.applications().await.len();
            if stored > 0 {
                break stored;
            }
        }
        assert!(
            phase.elapsed() < Duration::from_secs(60),
            "no timeouts against the slow portal: {timeouts} timed out"
        );
    };
    assert!(
        desk.handoffs(u32::MAX)
            .await
            .unwrap()
            .iter()
            .all(|h| h.state != HandoffState::Delivered),
        "nothing can be confirmed while every answer comes too late"
    );

    let mut quick = faults.to_vec();
    quick.extend(["--seed", "2"]);
    sim.restart(&quick);
    let report = worker.until_empty().await.unwrap();
    assert_eq!(report.flagged_left, 0);
    assert_exactly_once(&desk, &sim, N).await;
    let attempts = total_attempts(&desk).await;
    eprintln!(
        "exactly once: {N} applications, {attempts} attempts ({timeouts} timed out against \
         the slow portal, which stored {stored_meanwhile}), {} retries after the restart",
        report.retried
    );
    assert!(
        attempts > N as u64 + 100,
        "the faults were exercised: {attempts}"
    );
}

/// The portal goes down while the desk's worker runs (and more
/// applications are submitted meanwhile), then comes back on the same
/// address with its store: nothing is lost, nothing doubled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("portal.json");
    let args = ["--store", store.to_str().unwrap()];
    let mut sim = Sim::start(&args);
    let (desk, _data) = portal_desk(&sim.url, TOKEN).await;
    submit_many(&desk, 60).await;
    let handle = DeliveryHandle::spawn(desk.delivery_worker(fast(300)).unwrap());

    let delivered = async |desk: &auskunft::Desk| {
        desk.handoffs(u32::MAX)
            .await
            .unwrap()
            .iter()
            .filter(|h| h.state == HandoffState::Delivered)
            .count()
    };
    let long = Duration::from_secs(120);
    wait_until("the first batch delivered", long, async || {
        (delivered(&desk).await >= 60).then_some(())
    })
    .await;
    sim.kill();
    submit_many(&desk, 40).await;
    // Every one of the 40 tried against the dead portal at least once.
    let waiting = wait_until("each queued row tried once", long, async || {
        let rows = desk.handoffs(u32::MAX).await.unwrap();
        let open: Vec<_> = rows.into_iter().filter(|h| h.is_open()).collect();
        let tried = open
            .iter()
            .all(|h| h.attempts >= 1 && h.last_error.is_some());
        tried.then_some(open)
    })
    .await;
    assert_eq!(waiting.len(), 40, "queued while the portal is down");
    assert!(
        waiting.iter().all(|h| !h.flagged),
        "failed, kept, not flagged: {:?}",
        waiting.first()
    );

    sim.restart(&args);
    wait_until("all delivered after the outage", long, async || {
        (delivered(&desk).await >= 100).then_some(())
    })
    .await;
    handle.stop().await;
    assert_exactly_once(&desk, &sim, 100).await;
}

/// The portal refuses data the desk accepted (its rules changed, or the
/// row was edited): rejected with the portal's field problems, corrected
/// by the agent, delivered with the same key.
#[tokio::test]
async fn rejected_then_corrected_is_delivered_with_the_same_key() {
    let sim = Sim::start(&[]);
    let (desk, _data) = portal_desk(&sim.url, TOKEN).await;
    let call = desk.start_call().await.unwrap();
    let h = desk
        .submit_handoff(
            call,
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap();
    // Stands in for a portal whose rules differ from the desk's.
    sqlx::query(
        "UPDATE handoff_outbox SET body = json_set(body, '$.data.vin', 'WVWZZZ1JZXW00000O') \
         WHERE id = $1",
    )
    .bind(h.id.0)
    .execute(desk.cases().unwrap().pool())
    .await
    .unwrap();
    let report = desk.deliver_until_empty(fast(2000)).await.unwrap();
    assert_eq!(report.rejected, 1);
    let rejected = desk.handoff(h.id).await.unwrap();
    assert_eq!(rejected.state, HandoffState::Rejected);
    assert_eq!(rejected.last_status, Some(422));
    assert_eq!(rejected.problems.len(), 1, "{:?}", rejected.problems);
    assert_eq!(rejected.problems[0].field, "vin", "no data. prefix");
    assert!(!rejected.problems[0].message.is_empty());
    assert_eq!(rejected.data.as_ref().unwrap()["vin"], "WVWZZZ1JZXW00000O");
    assert!(sim.applications().await.is_empty());
    let e = desk.retry_handoff(h.id).await.unwrap_err();
    assert_eq!(e.field(), Some("handoff_id"));

    // The correction is validated on the desk like a submission.
    let e = desk
        .correct_handoff(h.id, &json!({"plate": "BO-EM 64"}))
        .await;
    assert_eq!(e.unwrap_err().code(), ErrorCode::InvalidInput);
    let corrected = desk
        .correct_handoff(h.id, &example(PortalService::KfzAbmeldung))
        .await
        .unwrap();
    assert_eq!(corrected.state, HandoffState::Pending);
    assert_eq!(corrected.idempotency_key, h.idempotency_key);
    assert!(corrected.problems.is_empty());
    let store = desk.cases().unwrap();
    assert_eq!(audits(store, "handoff.rejected", h.id.0).await, 1);
    assert_eq!(audits(store, "handoff.correct", h.id.0).await, 1);

    desk.deliver_until_empty(fast(2000)).await.unwrap();
    let delivered = desk.handoff(h.id).await.unwrap();
    assert_eq!(delivered.state, HandoffState::Delivered);
    assert_eq!(delivered.idempotency_key, h.idempotency_key);
    assert!(delivered.reference.as_deref().unwrap().starts_with("MB-"));
    assert!(delivered.citizen_link.is_some());
    assert_eq!(audits(store, "handoff.delivered", h.id.0).await, 1);
    let portal = sim.applications().await;
    assert_eq!(portal.len(), 1);
    assert_eq!(portal[0]["idempotency_key"], h.idempotency_key.as_str());
    // Delivered is final.
    let e = desk
        .correct_handoff(h.id, &example(PortalService::KfzAbmeldung))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("handoff_id"));
}

/// Two desks (two pools, two workers) drain one store at once: the
/// portal holds each application once and no row was even sent twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desks_on_one_store_never_send_a_row_twice() {
    const N: usize = 300;
    let sim = Sim::start(&[]);
    let (desk, data) = portal_desk(&sim.url, TOKEN).await;
    submit_many(&desk, N).await;
    let other = open_desk(data.path()).await;
    let (a, b) = tokio::join!(
        desk.deliver_until_empty(fast(2000)),
        other.deliver_until_empty(fast(2000))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.delivered + b.delivered, N as u64);
    assert!(
        a.delivered > 0 && b.delivered > 0,
        "both worked: {a:?} {b:?}"
    );
    assert_eq!(total_attempts(&desk).await, N as u64, "one attempt per row");
    assert_exactly_once(&desk, &sim, N).await;
}

/// A wrong token: 401, kept pending, flagged for supervisors with a label
/// that says what to check, and the token shows nowhere. Fixed and
/// retried, it is delivered.
#[tokio::test]
async fn a_wrong_token_is_flagged_and_never_shown() {
    const WRONG: &str = "wrong-SECRET-token-77e1";
    let sim = Sim::start(&[]);
    let (desk, data) = portal_desk(&sim.url, WRONG).await;
    let call = desk.start_call().await.unwrap();
    let h = desk
        .submit_handoff(
            call,
            PortalService::Bewohnerparkausweis,
            &example(PortalService::Bewohnerparkausweis),
        )
        .await
        .unwrap();
    let report = desk.deliver_until_empty(fast(2000)).await.unwrap();
    assert_eq!(report.flagged_left, 1);
    let flagged = desk.handoff(h.id).await.unwrap();
    assert_eq!(flagged.state, HandoffState::Pending);
    assert!(flagged.flagged);
    assert_eq!(flagged.last_status, Some(401));
    let stuck = desk.stuck_handoffs(Utc::now()).await.unwrap();
    assert_eq!(stuck.len(), 1);
    assert_eq!(stuck[0].reason, StuckReason::Flagged);
    assert!(stuck[0].label.contains("Token"), "{}", stuck[0].label);

    let shown = format!(
        "{flagged:?} {stuck:?} {:?} {:?} {:?}",
        desk.settings(),
        desk.portal_config().unwrap(),
        desk.delivery_worker(fast(100)).unwrap()
    );
    assert!(!shown.contains(WRONG), "{shown}");
    assert!(!shown.contains(TOKEN));

    // Not old yet: a young pending row is not listed as stuck.
    let young = desk
        .submit_handoff(
            call,
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap();
    let stuck = desk.stuck_handoffs(Utc::now()).await.unwrap();
    assert!(stuck.iter().all(|s| s.handoff.id != young.id));
    let later = Utc::now() + chrono::Duration::minutes(31);
    let stuck = desk.stuck_handoffs(later).await.unwrap();
    let old = stuck.iter().find(|s| s.handoff.id == young.id).unwrap();
    assert_eq!(old.reason, StuckReason::Old);
    assert!(old.label.starts_with("Seit 31 Min."), "{}", old.label);
    assert!(old.label.ends_with("(0 Versuche)."), "{}", old.label);
    // The supervisors' list: flagged first, then the old ones (the window
    // shows it in this order); the desk's list: newest first.
    assert_eq!(
        stuck
            .iter()
            .map(|s| (s.handoff.id, s.reason))
            .collect::<Vec<_>>(),
        vec![(h.id, StuckReason::Flagged), (young.id, StuckReason::Old)]
    );
    let newest: Vec<_> = desk
        .handoffs(10)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(newest, vec![young.id, h.id]);

    // The token is fixed in the settings; retry makes it due at once.
    write_portal_settings(data.path(), &sim.url, TOKEN);
    let fixed = open_desk(data.path()).await;
    let again = fixed.retry_handoff(h.id).await.unwrap();
    assert!(again.next_attempt_at <= Utc::now());
    let report = fixed.deliver_until_empty(fast(2000)).await.unwrap();
    assert_eq!(report.flagged_left, 0);
    assert_eq!(
        fixed.handoff(h.id).await.unwrap().state,
        HandoffState::Delivered
    );
    assert!(!fixed.handoff(h.id).await.unwrap().flagged);
    assert_eq!(sim.applications().await.len(), 2);
}

/// Retention: a rejected application's data goes with its call's personal
/// data; it can no longer be corrected then.
#[tokio::test]
async fn retention_clears_rejected_applications_of_anonymised_calls() {
    let sim = Sim::start(&[]);
    let (desk, _data) = portal_desk(&sim.url, TOKEN).await;
    let call = desk.start_call().await.unwrap();
    let h = desk
        .submit_handoff(
            call,
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap();
    sqlx::query("UPDATE handoff_outbox SET body = json_set(body, '$.data.vin', 'X') WHERE id = $1")
        .bind(h.id.0)
        .execute(desk.cases().unwrap().pool())
        .await
        .unwrap();
    desk.deliver_until_empty(fast(2000)).await.unwrap();
    assert!(desk.handoff(h.id).await.unwrap().data.is_some());
    let report = desk
        .cases()
        .unwrap()
        .run_retention(90, Utc::now() + chrono::Duration::days(100), false)
        .await
        .unwrap();
    assert_eq!(report.calls, 1);
    let cleared = desk.handoff(h.id).await.unwrap();
    assert_eq!(cleared.state, HandoffState::Rejected);
    assert!(cleared.data.is_none() && cleared.problems.is_empty());
    let e = desk
        .correct_handoff(h.id, &example(PortalService::KfzAbmeldung))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("call_id"));
}

#[tokio::test]
async fn the_handoff_futures_are_send_for_the_desktop_shell() {
    // Tauri runs async commands on a multi-threaded runtime.
    fn send<T: Send>(_: &T) {}
    let (desk, _data) = portal_desk("http://127.0.0.1:9", TOKEN).await;
    let data = example(PortalService::KfzAbmeldung);
    let id = auskunft::handoff::HandoffId(1);
    let call = auskunft::cases::CallId(1);
    send(&desk.submit_handoff(call, PortalService::KfzAbmeldung, &data));
    send(&desk.correct_handoff(id, &data));
    send(&desk.handoff(id));
    send(&desk.handoffs_of_call(call));
    send(&desk.handoffs(10));
    send(&desk.retry_handoff(id));
    send(&desk.stuck_handoffs(Utc::now()));
    send(&desk.deliver_until_empty(crate::handoff_support::fast(100)));
    let handle = desk.start_delivery_worker().unwrap();
    handle.stop().await;
}
