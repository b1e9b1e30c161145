//! The call log through the desk, on both backends (a real SQLite file
//! and a real PostgreSQL database): a whole call,
//! forwards with due times and the overdue flag, and invalid input that
//! gets a coded error and changes nothing.

use auskunft::cases::{
    CallId, CallerContact, ForwardId, MAX_NAME, NewForward, Outcome, ReplyChannel, RequestKey, Role,
};
use auskunft::{Desk, DeskConfig, ErrorCode};
use chrono::{Duration, Utc};

use crate::backends::{Backend, data_for};
use crate::common::{at, shipped_kb};
use crate::store_support::{SUPERVISOR_PASSWORD, audits, count, fingerprint, signed_in_desk_on};

fn by_phone(office: &str, phone: Option<&str>) -> NewForward {
    NewForward {
        office_id: office.into(),
        question: "Wann kommt der Bescheid?".into(),
        channel: ReplyChannel::Phone,
        caller: CallerContact {
            name: Some("Erika Mustermann".into()),
            phone: phone.map(Into::into),
            email: Some("erika@example.org".into()),
            address: Some("Hauptstraße 1, 44787 Bochum".into()),
        },
    }
}

/// Asserts a coded error whose message starts with the field's name.
fn refused<T: std::fmt::Debug>(r: auskunft::Result<T>, code: ErrorCode, field: &str) {
    let e = r.expect_err("must be refused");
    assert_eq!(e.code(), code, "{e}");
    assert!(
        e.to_string().starts_with(&format!("{field}:")),
        "expected the field {field:?} first: {e}"
    );
}

async fn invalid_input_gets_a_coded_error_and_changes_nothing(backend: Backend) {
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let call = desk.start_call().await.expect("start");
    desk.add_topic(call, "hund-anmelden").await.expect("topic");
    let before = fingerprint(&store).await;

    // Unknown outcome (as the window or a script sends it, as text).
    refused(Outcome::parse("solved"), ErrorCode::InvalidInput, "outcome");
    // Ending without an outcome.
    refused(
        desk.end_call(call, None).await,
        ErrorCode::InvalidInput,
        "outcome",
    );
    // "forwarded" without a forward.
    refused(
        desk.end_call(call, Some(Outcome::Forwarded)).await,
        ErrorCode::InvalidInput,
        "outcome",
    );
    // A forward by phone without a number, and with a number that is none.
    refused(
        desk.forward(call, &by_phone("steueramt", None)).await,
        ErrorCode::InvalidInput,
        "phone",
    );
    refused(
        desk.forward(call, &by_phone("steueramt", Some("bitte zurückrufen")))
            .await,
        ErrorCode::InvalidInput,
        "phone",
    );
    // A forward to an unknown office, and to a service that is no office.
    refused(
        desk.forward(call, &by_phone("gibt-es-nicht", Some("0234 910-0")))
            .await,
        ErrorCode::InvalidInput,
        "office",
    );
    refused(
        desk.forward(call, &by_phone("hund-anmelden", Some("0234 910-0")))
            .await,
        ErrorCode::InvalidInput,
        "office",
    );
    // E-mail and post need their address.
    let mut mail = by_phone("steueramt", None);
    mail.channel = ReplyChannel::Email;
    mail.caller.email = Some("erika.example.org".into());
    refused(
        desk.forward(call, &mail).await,
        ErrorCode::InvalidInput,
        "email",
    );
    let mut post = by_phone("steueramt", None);
    post.channel = ReplyChannel::Post;
    post.caller.address = None;
    refused(
        desk.forward(call, &post).await,
        ErrorCode::InvalidInput,
        "address",
    );
    // An empty question.
    let mut empty = by_phone("steueramt", Some("0234 910-0"));
    empty.question = "  ".into();
    refused(
        desk.forward(call, &empty).await,
        ErrorCode::InvalidInput,
        "question",
    );
    // A topic that is no entry; a call that does not exist.
    assert_eq!(
        desk.add_topic(call, "gibt-es-nicht")
            .await
            .expect_err("unknown entry")
            .code(),
        ErrorCode::EntryNotFound
    );
    refused(
        desk.end_call(CallId(9_999), Some(Outcome::Answered)).await,
        ErrorCode::InvalidInput,
        "call_id",
    );
    refused(
        desk.save_notes(CallId(9_999), "x").await,
        ErrorCode::InvalidInput,
        "call_id",
    );
    refused(
        desk.mark_forward_done(ForwardId(9_999)).await,
        ErrorCode::InvalidInput,
        "forward_id",
    );
    refused(
        desk.log_search(Some(call), "   ", 0, None).await,
        ErrorCode::InvalidInput,
        "query",
    );
    refused(
        desk.save_notes(call, &"x".repeat(20_001)).await,
        ErrorCode::InvalidInput,
        "notes",
    );

    assert_eq!(
        fingerprint(&store).await,
        before,
        "a refused change wrote something"
    );

    // The table itself refuses what the code would never send.
    let raw = sqlx::query("UPDATE calls SET outcome = 'solved' WHERE id = $1")
        .bind(call.0)
        .execute(store.pool())
        .await;
    assert!(raw.is_err(), "CHECK constraint on outcome");
    let raw = sqlx::query("UPDATE calls SET ended_at = started_at WHERE id = $1")
        .bind(call.0)
        .execute(store.pool())
        .await;
    assert!(raw.is_err(), "an ended call needs an outcome");
    let raw = sqlx::query("DELETE FROM audit_log")
        .execute(store.pool())
        .await;
    assert!(raw.is_err(), "the audit log is append-only");
    assert_eq!(fingerprint(&store).await, before);
}

async fn without_sign_in_or_store_the_desk_says_so(backend: Backend) {
    let data = data_for(backend).await;
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    assert_eq!(
        desk.start_call().await.expect_err("no store").code(),
        ErrorCode::StoreFailed
    );
    desk.open_store().await.expect("store");
    assert_eq!(
        desk.start_call()
            .await
            .expect_err("nobody signed in")
            .code(),
        ErrorCode::NotSignedIn
    );
    refused(
        desk.sign_in("  ", Role::Agent).await,
        ErrorCode::InvalidInput,
        "name",
    );
    // A name is at most MAX_NAME characters (not bytes) and has no control
    // characters; the window shows the refusal next to its name field.
    refused(
        desk.sign_in(&"ä".repeat(MAX_NAME + 1), Role::Agent).await,
        ErrorCode::InvalidInput,
        "name",
    );
    refused(
        desk.sign_in("Petra\u{7}Schulz", Role::Agent).await,
        ErrorCode::InvalidInput,
        "name",
    );
    let longest = "ä".repeat(MAX_NAME);
    let agent = desk.sign_in(&longest, Role::Agent).await.expect("longest");
    assert_eq!(agent.name, longest);
}

/// An audit row as read back: action, table, record id, detail, agent.
type AuditRow = (String, String, Option<i64>, Option<String>, Option<i64>);

async fn a_whole_call_with_a_forward(backend: Backend) {
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let call = desk.start_call().await.expect("start");

    // Topics in the order opened; opening one again changes nothing; the
    // agent can remove one.
    assert!(desk.add_topic(call, "hund-anmelden").await.expect("a"));
    assert!(desk.add_topic(call, "personalausweis").await.expect("b"));
    assert!(!desk.add_topic(call, "hund-anmelden").await.expect("again"));
    assert!(
        desk.remove_topic(call, "hund-anmelden")
            .await
            .expect("remove")
    );
    assert!(
        !desk
            .remove_topic(call, "hund-anmelden")
            .await
            .expect("gone")
    );
    assert!(desk.add_topic(call, "steueramt").await.expect("c"));
    desk.save_notes(call, "Ausweis verloren, ")
        .await
        .expect("notes");
    desk.save_notes(call, "Ausweis verloren, fragt nach Gebühr")
        .await
        .expect("notes again");

    let now = Utc::now();
    let (due, label) = desk.forward_due(now);
    assert!(
        due > now + Duration::hours(24),
        "24 service hours are more than a day"
    );
    assert!(label.starts_with("bis "), "{label}");
    let forward = desk
        .forward(call, &by_phone("steueramt", Some("0234 910-0")))
        .await
        .expect("forward");
    assert_eq!(forward.reply_to.as_deref(), Some("0234 910-0"));

    // The forward chose the outcome, so ending asks nothing more.
    let ended = desk.end_call(call, None).await.expect("end");
    assert_eq!(ended.outcome, Some(Outcome::Forwarded));
    assert_eq!(ended.topics, vec!["personalausweis", "steueramt"]);
    assert_eq!(
        ended.notes.as_deref(),
        Some("Ausweis verloren, fragt nach Gebühr")
    );
    // Only the contact the channel needs, and the name, were kept.
    assert_eq!(ended.caller.phone.as_deref(), Some("0234 910-0"));
    assert_eq!(ended.caller.name.as_deref(), Some("Erika Mustermann"));
    assert_eq!(ended.caller.email, None);
    assert_eq!(ended.caller.address, None);
    refused(
        desk.end_call(call, Some(Outcome::Answered)).await,
        ErrorCode::InvalidInput,
        "call_id",
    );

    let recent = desk.recent_calls(10).await.expect("recent");
    assert_eq!(recent.first().map(|c| c.id), Some(call));

    let open = desk.open_forwards(Utc::now()).await.expect("open");
    assert_eq!(open.len(), 1);
    assert!(!open[0].overdue);
    assert_eq!(
        open[0].office_title,
        "Steueramt (Steuerabteilung, Hundesteuer, Grundsteuer)"
    );
    let done = desk.mark_forward_done(forward.id).await.expect("done");
    assert!(done.first && done.notice().is_none(), "{done:?}");
    // Again (a colleague's click a moment later): not closed twice, and
    // told who was first.
    let again = desk.mark_forward_done(forward.id).await.expect("again");
    assert!(!again.first);
    assert_eq!((again.by.as_str(), again.at), ("Test Agentin", done.at));
    let notice = again.notice().expect("notice");
    assert!(notice.contains("Test Agentin"), "{notice}");
    assert_eq!(audits(&store, "forward.done", forward.id.0).await, 1);
    assert!(
        desk.open_forwards(Utc::now())
            .await
            .expect("open")
            .is_empty()
    );

    desk.log_search(Some(call), "perso verloren", 4, Some("personalausweis"))
        .await
        .expect("search log");
    assert_eq!(
        desk.log_search(None, "x", 1, Some("gibt-es-nicht"))
            .await
            .expect_err("unknown entry")
            .code(),
        ErrorCode::EntryNotFound
    );

    // Every change has its audit row, in the same transaction.
    assert_eq!(audits(&store, "call.start", call.0).await, 1);
    assert_eq!(audits(&store, "call.topic_add", call.0).await, 3);
    assert_eq!(audits(&store, "call.topic_remove", call.0).await, 1);
    assert_eq!(audits(&store, "call.notes", call.0).await, 2);
    assert_eq!(audits(&store, "call.end", call.0).await, 1);
    assert_eq!(audits(&store, "forward.create", forward.id.0).await, 1);
    assert_eq!(audits(&store, "forward.done", forward.id.0).await, 1);
    // Each row says what it records, by whom, in the order written; the
    // same on both backends (PostgreSQL sends a change and its audit row
    // as one statement, SQLite as two).
    let trail: Vec<AuditRow> = sqlx::query_as(
        "SELECT action, record_table, record_id, detail, agent_id FROM audit_log \
         WHERE action LIKE 'call.%' OR action LIKE 'forward.%' OR action = 'search.log' \
         ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .expect("audit trail");
    let agent = desk.agent().expect("signed in").id.0;
    let row = |action: &str, table: &str, record: i64, detail: Option<&str>| {
        (
            action.to_string(),
            table.to_string(),
            Some(record),
            detail.map(str::to_string),
            Some(agent),
        )
    };
    let search: i64 = count(&store, "SELECT MAX(id) FROM search_log").await;
    let c = call.0;
    assert_eq!(
        trail,
        vec![
            row("call.start", "calls", c, None),
            row("call.topic_add", "calls", c, Some("hund-anmelden")),
            row("call.topic_add", "calls", c, Some("personalausweis")),
            row("call.topic_remove", "calls", c, Some("hund-anmelden")),
            row("call.topic_add", "calls", c, Some("steueramt")),
            row("call.notes", "calls", c, None),
            row("call.notes", "calls", c, None),
            row(
                "forward.create",
                "forwards",
                forward.id.0,
                Some("steueramt")
            ),
            row("call.end", "calls", c, Some("forwarded")),
            row("forward.done", "forwards", forward.id.0, None),
            row("search.log", "search_log", search, None),
        ]
    );
    // The audit log holds no personal data.
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%0234%' \
             OR detail LIKE '%Gebühr%' OR detail LIKE '%Mustermann%'"
        )
        .await,
        0
    );
}

async fn open_forwards_are_sorted_by_due_time_with_overdue_marked(backend: Backend) {
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let agent = desk.agent().expect("signed in").id;
    let mut forwards = Vec::new();
    // Written Monday 09:00 → due Wednesday 13:00 (9 + 10 + 5 hours);
    // Friday 17:00 → due Wednesday 11:00 (1 + 10 + 10 + 3); Tuesday 16:00
    // → due Friday 10:00 (2 + 10 + 10 + 2).
    for written in [
        "2026-11-30T09:00:00+01:00",
        "2026-11-27T17:00:00+01:00",
        "2026-12-01T16:00:00+01:00",
    ] {
        let call = store.start_call(agent, at(written)).await.expect("call");
        let f = store
            .forward(
                agent,
                call,
                &by_phone("steueramt", Some("02 34")),
                at(written),
            )
            .await;
        // "02 34" has too few digits: the store checks contact data too.
        assert_eq!(f.expect_err("short number").code(), ErrorCode::InvalidInput);
        let f = store
            .forward(
                agent,
                call,
                &by_phone("steueramt", Some("0234 910-0")),
                at(written),
            )
            .await
            .expect("forward");
        forwards.push(f);
    }
    let now = at("2026-12-02T12:00:00+01:00");
    let open = desk.open_forwards(now).await.expect("open");
    let got: Vec<(i64, bool, &str)> = open
        .iter()
        .map(|o| (o.forward.id.0, o.overdue, o.due_label.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (forwards[1].id.0, true, "überfällig seit heute, 11:00"),
            (forwards[0].id.0, false, "bis heute, 13:00"),
            (forwards[2].id.0, false, "bis Freitag, 10:00"),
        ]
    );
}

/// Issue 15: the open-forwards panel listed every forward of the store
/// (741 on a seeded one). The desk lists what this agent must act on (the
/// forwards the agent wrote), the first `limit` of them, and the counts of
/// both its own and the centre's, so the window can say "2 von 3" and
/// offer the rest.
async fn the_open_forward_list_is_the_agents_own_with_counts_of_both(backend: Backend) {
    use auskunft::cases::{ForwardCounts, ForwardScope};
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let me = desk.agent().expect("signed in").id;
    let colleague = store
        .sign_in(
            "Kollegin Demir",
            Role::Agent,
            at("2026-11-23T08:00:00+01:00"),
        )
        .await
        .expect("colleague")
        .id;
    // Mine: two overdue (due Wednesday 11:00, Thursday 09:00) and one not
    // yet due; the colleague's: one overdue, one not due.
    let mut mine = Vec::new();
    for (agent, written) in [
        (me, "2026-11-27T17:00:00+01:00"),
        (colleague, "2026-11-26T10:00:00+01:00"),
        (me, "2026-11-30T17:00:00+01:00"),
        (me, "2026-12-02T09:00:00+01:00"),
        (colleague, "2026-12-02T10:00:00+01:00"),
    ] {
        let call = store.start_call(agent, at(written)).await.expect("call");
        let f = store
            .forward(
                agent,
                call,
                &by_phone("steueramt", Some("0234 910-0")),
                at(written),
            )
            .await
            .expect("forward");
        if agent == me {
            mine.push(f.id);
        }
    }
    let now = at("2026-12-03T12:00:00+01:00");
    let list = desk
        .open_forward_list(now, ForwardScope::Mine, 2)
        .await
        .expect("list");
    assert_eq!(
        list.forwards
            .iter()
            .map(|o| o.forward.id)
            .collect::<Vec<_>>(),
        mine[..2],
        "the agent's own, earliest due first, at most the limit"
    );
    assert!(list.forwards.iter().all(|o| o.overdue));
    assert_eq!(
        list.mine,
        ForwardCounts {
            open: 3,
            overdue: 2
        }
    );
    assert_eq!(
        list.all,
        ForwardCounts {
            open: 5,
            overdue: 3
        }
    );
    assert_eq!(list.not_listed(), 1);

    let all = desk
        .open_forward_list(now, ForwardScope::All, 10)
        .await
        .expect("all");
    assert_eq!(all.forwards.len(), 5);
    assert_eq!(all.not_listed(), 0);
    assert_eq!(all.counts(), all.all);
    // Earliest due first across writers: the colleague's Thursday forward
    // (due Friday 10:00) comes first.
    assert!(!mine.contains(&all.forwards[0].forward.id));

    // Done forwards drop out of list and counts.
    desk.mark_forward_done(mine[0]).await.expect("done");
    let list = desk
        .open_forward_list(now, ForwardScope::Mine, 2)
        .await
        .expect("list");
    assert_eq!(
        list.mine,
        ForwardCounts {
            open: 2,
            overdue: 1
        }
    );
    assert_eq!(list.all.open, 4);
}

async fn sign_in_is_remembered_and_a_known_name_takes_the_new_role(backend: Backend) {
    let (mut desk, dir) = signed_in_desk_on(backend).await;
    let anna = desk.sign_in("Anna K.", Role::Agent).await.expect("anna");
    if backend == Backend::Sqlite {
        // A desk's own file: Teamleitung only with the supervisor password.
        let refused = desk
            .sign_in(" Anna K. ", Role::Supervisor)
            .await
            .expect_err("no password");
        assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");
    }
    let again = desk
        .sign_in_with(" Anna K. ", Role::Supervisor, Some(SUPERVISOR_PASSWORD))
        .await
        .expect("again");
    assert_eq!(again.id, anna.id);
    assert_eq!(again.role, Role::Supervisor);
    drop(desk);

    let mut reopened = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: dir.path().to_path_buf(),
    })
    .expect("desk");
    reopened.open_store().await.expect("store");
    assert_eq!(reopened.agent().map(|a| a.name.as_str()), Some("Anna K."));
    // On a desk's own file the remembered person comes back as an agent:
    // Teamleitung asks for the password again after a restart. The
    // store's owner (PostgreSQL here) is the administrator and keeps it.
    let expected = match backend {
        Backend::Sqlite => Role::Agent,
        Backend::Postgres => Role::Supervisor,
    };
    assert_eq!(reopened.agent().map(|a| a.role), Some(expected));
    let names: Vec<String> = reopened
        .agents()
        .await
        .expect("agents")
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, vec!["Anna K.", "Test Agentin"]);
    reopened.sign_out().expect("sign out");
    assert!(reopened.agent().is_none());
}

#[test]
fn desk_futures_can_cross_threads() {
    // The desktop shell runs commands on a multi-threaded runtime, which
    // needs the desk's futures to be Send.
    fn send<T: Send>(_: &T) {}
    let data = tempfile::tempdir().expect("tmp");
    let desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    send(&desk.start_call());
    send(&desk.end_call(CallId(1), None));
    send(&desk.forward(CallId(1), &by_phone("steueramt", None)));
    send(&desk.open_forwards(Utc::now()));
    send(&desk.run_retention(true));
}

/// A write whose answer was lost (the connection broke at COMMIT) is sent
/// again under the same request key: the call and the forward exist once,
/// counted once, audited once; ending again as it ended is the same end.
async fn a_write_sent_again_under_its_key_is_written_once(backend: Backend) {
    let (desk, _dir) = signed_in_desk_on(backend).await;
    let store = desk.cases().expect("store").clone();
    let start_key = RequestKey::fresh();
    let call = desk.start_call_keyed(&start_key).await.expect("start");
    let again = desk
        .start_call_keyed(&start_key)
        .await
        .expect("start again");
    assert_eq!(again, call, "the same key is the same call");
    assert_eq!(count(&store, "SELECT COUNT(*) FROM calls").await, 1);
    assert_eq!(audits(&store, "call.start", call.0).await, 1);
    let running: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(calls), 0) AS BIGINT) FROM stats_hours WHERE outcome = ''",
    )
    .fetch_one(store.pool())
    .await
    .expect("running calls");
    assert_eq!(running, 1, "counted once");

    let forward_key = RequestKey::fresh();
    let new = by_phone("steueramt", Some("0234 910-0"));
    let first = desk
        .forward_keyed(call, &new, &forward_key)
        .await
        .expect("forward");
    let second = desk
        .forward_keyed(call, &new, &forward_key)
        .await
        .expect("again");
    assert_eq!(second.id, first.id);
    assert_eq!(second.reply_to, first.reply_to);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM forwards").await, 1);
    assert_eq!(audits(&store, "forward.create", first.id.0).await, 1);
    // A new key is a new forward (a second office for the same call).
    let other = desk.forward(call, &new).await.expect("second forward");
    assert_ne!(other.id, first.id);

    // An opened entry's write sent again (the window resends it after the
    // store was away): one topic, one search row, one audit row each; a
    // new key is a new opening.
    let open_key = RequestKey::fresh();
    for _ in 0..2 {
        desk.note_opened(
            Some(call),
            "hund-anmelden",
            Some("hund"),
            Some(4),
            &open_key,
        )
        .await
        .expect("noted");
    }
    let topics = "SELECT COUNT(*) FROM call_topics WHERE entry_id = 'hund-anmelden'";
    assert_eq!(count(&store, topics).await, 1);
    let searches = "SELECT COUNT(*) FROM search_log WHERE opened_entry_id = 'hund-anmelden'";
    assert_eq!(count(&store, searches).await, 1);
    let search_audits = "SELECT COUNT(*) FROM audit_log WHERE action = 'search.log'";
    assert_eq!(count(&store, search_audits).await, 1);
    desk.note_opened(
        Some(call),
        "hund-anmelden",
        Some("hund"),
        Some(4),
        &RequestKey::fresh(),
    )
    .await
    .expect("noted anew");
    assert_eq!(count(&store, topics).await, 1, "a topic is there once");
    assert_eq!(
        count(&store, searches).await,
        2,
        "a new opening is a new search"
    );

    let ended = desk
        .end_call(call, Some(Outcome::Forwarded))
        .await
        .expect("end");
    let again = desk
        .end_call(call, Some(Outcome::Forwarded))
        .await
        .expect("end again");
    assert_eq!(again.ended_at, ended.ended_at);
    assert_eq!(audits(&store, "call.end", call.0).await, 1);
    refused(
        desk.end_call(call, Some(Outcome::Answered)).await,
        ErrorCode::InvalidInput,
        "call_id",
    );
    let handled: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(calls), 0) AS BIGINT) FROM stats_hours WHERE outcome <> ''",
    )
    .fetch_one(store.pool())
    .await
    .expect("ended calls");
    assert_eq!(handled, 1, "the end counted once");

    // The key of one agent's call is not another agent's.
    let mut colleague = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: _dir.path().to_path_buf(),
    })
    .expect("desk");
    colleague.attach_store(store.clone()).await.expect("attach");
    colleague
        .sign_in_transient("Tom B.", Role::Agent)
        .await
        .expect("sign in");
    refused(
        colleague.start_call_keyed(&start_key).await,
        ErrorCode::InvalidInput,
        "request_key",
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM calls").await, 1);
    // An agent the store does not know (the foreign key says so).
    refused(
        store
            .start_call(auskunft::cases::AgentId(999_999), Utc::now())
            .await,
        ErrorCode::InvalidInput,
        "agent_id",
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM calls").await, 1);
}

on_both_backends!(
    a_write_sent_again_under_its_key_is_written_once,
    invalid_input_gets_a_coded_error_and_changes_nothing,
    without_sign_in_or_store_the_desk_says_so,
    a_whole_call_with_a_forward,
    open_forwards_are_sorted_by_due_time_with_overdue_marked,
    the_open_forward_list_is_the_agents_own_with_counts_of_both,
    sign_in_is_remembered_and_a_known_name_takes_the_new_role,
);

/// The store file and the log are the owner's only (they hold callers'
/// data until retention), and an empty store file left from a truncation
/// is refused instead of silently becoming a new store.
#[cfg(unix)]
#[tokio::test]
async fn the_store_and_log_are_private_and_an_emptied_store_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().expect("tmp");
    auskunft::logging::init(data.path());
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    desk.open_store().await.expect("store");
    desk.sign_in("Anna K.", Role::Agent).await.expect("sign in");
    let call = desk.start_call().await.expect("call");
    desk.end_call(call, Some(Outcome::Answered))
        .await
        .expect("end");
    let store = data.path().join(auskunft::cases::STORE_FILE);
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("file").permissions().mode() & 0o777;
    assert_eq!(mode(&store), 0o600);
    let wal = data
        .path()
        .join(format!("{}-wal", auskunft::cases::STORE_FILE));
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
    desk.cases().expect("store").close().await;

    // An emptied store file, an hour old: refused, and left as it is.
    let other = tempfile::tempdir().expect("tmp");
    let empty = other.path().join(auskunft::cases::STORE_FILE);
    let f = std::fs::File::create(&empty).expect("create");
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .expect("age it");
    drop(f);
    let e = auskunft::cases::CaseStore::open(&empty)
        .await
        .expect_err("an emptied store");
    assert_eq!(e.code(), ErrorCode::StoreFailed);
    assert!(e.to_string().contains("0 bytes"), "{e}");
    assert_eq!(std::fs::metadata(&empty).expect("still there").len(), 0);
}
