//! Retention: personal data goes a set number of days after the call
//! ended; topics, outcomes, times and forwards' facts stay for the figures.

use auskunft::ErrorCode;
use auskunft::cases::{CallerContact, NewForward, Outcome, ReplyChannel};
use chrono::Duration;

use crate::backends::Backend;
use crate::common::at;
use crate::store_support::{count, fingerprint, signed_in_desk_on};

async fn personal_data_is_anonymised_after_the_period_and_figures_stay(backend: Backend) {
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let agent = desk.agent().expect("signed in").id;
    let now = at("2026-11-25T12:00:00+01:00");
    let days_ago = |d: i64| now - Duration::days(d);

    // An old forwarded call with notes and a phone number.
    let old = store.start_call(agent, days_ago(100)).await.expect("old");
    store
        .add_topic(agent, old, "hund-anmelden", days_ago(100))
        .await
        .expect("topic");
    store
        .save_notes(agent, old, "Frau Muster, Hund Bello", days_ago(100))
        .await
        .expect("notes");
    let fwd = store
        .forward(
            agent,
            old,
            &NewForward {
                office_id: "steueramt".into(),
                question: "Frau Muster fragt nach dem Steuersatz".into(),
                channel: ReplyChannel::Phone,
                caller: CallerContact {
                    name: Some("Frau Muster".into()),
                    phone: Some("0234 555 123".into()),
                    ..CallerContact::default()
                },
            },
            days_ago(100),
        )
        .await
        .expect("forward");
    store
        .end_call(agent, old, None, days_ago(100) + Duration::minutes(4))
        .await
        .expect("end");
    // An old call the desk never ended (it died): counts from its start.
    let orphan = store.start_call(agent, days_ago(95)).await.expect("orphan");
    store
        .save_notes(agent, orphan, "Rückruf bei Herrn X", days_ago(95))
        .await
        .expect("notes");
    // A recent call: kept as it is.
    let recent = store.start_call(agent, days_ago(10)).await.expect("recent");
    store
        .save_notes(agent, recent, "Herr Y, Ummeldung", days_ago(10))
        .await
        .expect("notes");
    store
        .end_call(agent, recent, Some(Outcome::Answered), days_ago(10))
        .await
        .expect("end");

    let before = fingerprint(&store).await;
    let dry = store.run_retention(90, now, true).await.expect("dry run");
    assert_eq!(
        (dry.calls, dry.with_notes, dry.with_contact, dry.forwards),
        (2, 2, 1, 1),
        "{dry}"
    );
    assert!(
        dry.to_string().starts_with("would anonymise 2 calls"),
        "{dry}"
    );
    assert_eq!(
        fingerprint(&store).await,
        before,
        "a dry run changes nothing"
    );

    let run = store.run_retention(90, now, false).await.expect("run");
    assert_eq!(
        (run.calls, run.with_notes, run.with_contact, run.forwards),
        (2, 2, 1, 1)
    );
    assert!(run.to_string().starts_with("anonymised 2 calls"), "{run}");

    let c = store.call(old).await.expect("old call");
    assert_eq!(c.notes, None);
    assert!(c.caller.is_empty());
    assert!(c.anonymised_at.is_some());
    // What the figures need is still there.
    assert_eq!(c.topics, vec!["hund-anmelden"]);
    assert_eq!(c.outcome, Some(Outcome::Forwarded));
    assert_eq!(c.duration(), Some(Duration::minutes(4)));
    let f = &store.forwards_of(old).await.expect("forwards")[0];
    assert_eq!((f.question.as_deref(), f.reply_to.as_deref()), (None, None));
    assert_eq!(
        (f.id, f.office_id.as_str(), f.channel),
        (fwd.id, "steueramt", ReplyChannel::Phone)
    );
    assert_eq!(f.due_at, fwd.due_at);
    assert_eq!(store.call(orphan).await.expect("orphan").notes, None);
    assert_eq!(
        store.call(recent).await.expect("recent").notes.as_deref(),
        Some("Herr Y, Ummeldung")
    );

    // Nothing personal is left anywhere, including the audit log, which
    // never held any.
    assert_eq!(
        count(
            &store,
            "SELECT (SELECT COUNT(*) FROM calls \
             WHERE notes LIKE '%Muster%' OR caller_phone IS NOT NULL) \
             + (SELECT COUNT(*) FROM forwards WHERE question LIKE '%Muster%') \
             + (SELECT COUNT(*) FROM audit_log \
             WHERE detail LIKE '%Muster%' OR detail LIKE '%0234%')"
        )
        .await,
        0
    );
    // One audit row per batch: one for the ended call, one for the orphan.
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.anonymise'"
        )
        .await,
        2
    );

    // An anonymised call cannot get personal data back.
    let e = store
        .save_notes(agent, old, "neu", now)
        .await
        .expect_err("anonymised");
    assert_eq!(e.code(), ErrorCode::InvalidInput);

    // Running again finds nothing.
    let again = store.run_retention(90, now, false).await.expect("again");
    assert_eq!(again.calls, 0);
}

async fn retention_works_in_batches_over_many_calls(backend: Backend) {
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let agent = desk.agent().expect("signed in").id;
    let now = at("2026-11-25T12:00:00+01:00");
    // More calls than one batch (2,000), each with notes.
    for i in 0..2_100 {
        let t = now - Duration::days(120) + Duration::seconds(i);
        let call = store.start_call(agent, t).await.expect("call");
        store
            .save_notes(agent, call, "Notiz", t)
            .await
            .expect("notes");
    }
    let run = store.run_retention(90, now, false).await.expect("run");
    assert_eq!((run.calls, run.with_notes), (2_100, 2_100));
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.anonymise'"
        )
        .await,
        2
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM calls WHERE notes IS NOT NULL").await,
        0
    );
}

on_both_backends!(
    personal_data_is_anonymised_after_the_period_and_figures_stay,
    retention_works_in_batches_over_many_calls,
);
