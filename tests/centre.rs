//! The centre: many desks on one store. Written once for both backends
//! where a single desk can meet the situation too (two windows on one
//! file), PostgreSQL-only where only a server can (twenty processes, the
//! change feed, the server's clock, a server restart).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use auskunft::cases::{
    Backend, CallerContact, CaseStore, NewForward, Outcome, ReplyChannel, RequestKey, Role,
};
use auskunft::{Desk, DeskConfig, ErrorCode};

use crate::backends::{data_for, postgres_configured, use_store_url};
use crate::common::shipped_kb;
use crate::handoff_support::{Sim, TOKEN, submit_many, write_portal_settings};
use crate::store_support::{SUPERVISOR_PASSWORD, count};

/// A desk on the data folder `data` (whose settings name its store), signed
/// in as `name` with `role`.
async fn desk_on(data: &Path, name: &str, role: Role) -> Desk {
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.to_path_buf(),
    })
    .expect("desk opens");
    desk.open_store().await.expect("store opens");
    desk.sign_in_transient_with(name, role, Some(SUPERVISOR_PASSWORD))
        .await
        .expect("sign-in");
    desk
}

/// Polls `check` until it holds or `limit` passes.
async fn eventually(limit: Duration, mut check: impl AsyncFnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn by_phone() -> NewForward {
    NewForward {
        office_id: "steueramt".into(),
        question: "Rückruf zur Hundesteuer".into(),
        channel: ReplyChannel::Phone,
        caller: CallerContact {
            name: Some("Erika Mustermann".into()),
            phone: Some("0234 910-0".into()),
            ..CallerContact::default()
        },
    }
}

// ---- both backends --------------------------------------------------

/// Two colleagues click "Erledigt" on one forward at the same moment: it is
/// closed once, and the second is told who was first.
async fn two_colleagues_close_one_forward_once(backend: Backend) {
    let data = data_for(backend).await;
    let anna = desk_on(data.path(), "Anna K.", Role::Agent).await;
    let ben = desk_on(data.path(), "Ben L.", Role::Agent).await;
    let call = anna.start_call().await.expect("call");
    let forward = anna.forward(call, &by_phone()).await.expect("forward");
    anna.end_call(call, None).await.expect("end");
    let (a, b) = tokio::join!(
        anna.mark_forward_done(forward.id),
        ben.mark_forward_done(forward.id)
    );
    let (a, b) = (a.expect("anna"), b.expect("ben"));
    assert!(a.first ^ b.first, "exactly one closes it: {a:?} {b:?}");
    let (winner, loser) = if a.first { (a, b) } else { (b, a) };
    assert_eq!(loser.by, winner.by);
    assert_eq!(loser.at, winner.at);
    assert!(loser.notice().expect("notice").contains(&winner.by));
    let store = anna.cases().expect("store");
    assert_eq!(
        count(
            store,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'forward.done'"
        )
        .await,
        1
    );
    // Both desks see the centre's list without it.
    for desk in [&anna, &ben] {
        let open = desk.open_forwards(chrono::Utc::now()).await.expect("open");
        assert!(open.is_empty(), "{open:?}");
    }
}

/// The retention period and the per-agent switch are the centre's: one
/// value in the store, changed by a supervisor with an audit row, read by
/// every desk; an agent cannot change them and a nonsense period is
/// refused.
async fn centre_settings_live_in_the_store(backend: Backend) {
    let data = data_for(backend).await;
    let lead = desk_on(data.path(), "Teamleitung", Role::Supervisor).await;
    let agent = desk_on(data.path(), "Agentin", Role::Agent).await;
    assert_eq!(
        lead.centre_settings().await.expect("read").retention_days,
        90
    );
    let refused = agent.set_retention_days(30).await.expect_err("agent");
    assert_eq!(refused.code(), ErrorCode::Forbidden, "{refused}");
    let refused = lead.set_retention_days(2).await.expect_err("too short");
    assert_eq!(refused.field(), Some("retention_days"));
    lead.set_retention_days(30).await.expect("supervisor");
    // The other desk reads the centre's value, not a file of its own.
    assert_eq!(
        agent.centre_settings().await.expect("read").retention_days,
        30
    );
    let report = agent.run_retention(true).await.expect("dry run");
    let cut = chrono::Utc::now() - chrono::Duration::days(30);
    assert!((report.cutoff - cut).num_seconds().abs() < 60, "{report:?}");
    let store = lead.cases().expect("store");
    assert_eq!(
        count(
            store,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'centre.setting' \
             AND detail = 'retention_days=30'"
        )
        .await,
        1
    );
}

/// A value a desk file carried from before the centre store is imported
/// once; a store that has a value keeps it.
async fn a_desk_files_old_values_are_imported_once(backend: Backend) {
    let data = data_for(backend).await;
    let mut settings = auskunft::cases::DeskSettings::load(data.path()).expect("settings");
    settings.retention_days = 45;
    settings.save(data.path()).expect("save");
    let desk = desk_on(data.path(), "Agentin", Role::Agent).await;
    assert_eq!(
        desk.centre_settings().await.expect("read").retention_days,
        45
    );
    // A second desk with another value in its file does not override it.
    let other = tempfile::tempdir().expect("tmp");
    if let auskunft::cases::StoreLocation::Server(url) = desk.cases().expect("store").location() {
        use_store_url(other.path(), url);
    } else {
        // A copy of the SQLite file (closed first, so the WAL is in it).
        desk.cases().expect("store").close().await;
        std::fs::copy(
            data.path().join(auskunft::cases::STORE_FILE),
            other.path().join(auskunft::cases::STORE_FILE),
        )
        .expect("copy store");
    }
    let mut s2 = auskunft::cases::DeskSettings::load(other.path()).expect("settings");
    s2.retention_days = 60;
    s2.save(other.path()).expect("save");
    let second = desk_on(other.path(), "Ben", Role::Agent).await;
    assert_eq!(
        second.centre_settings().await.expect("read").retention_days,
        45
    );
}

/// A store migrated by a newer desk release is refused with a message that
/// says so, and nothing in it is changed.
async fn a_store_newer_than_the_desk_is_refused(backend: Backend) {
    let data = data_for(backend).await;
    let desk = desk_on(data.path(), "Agentin", Role::Agent).await;
    let store = desk.cases().expect("store").clone();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from a newer release', TRUE, $1, 1)",
    )
    .bind(vec![0_u8; 48])
    .execute(store.pool())
    .await
    .expect("pretend a newer migration");
    let location = store.location().clone();
    store.close().await;
    drop(desk);
    let e = CaseStore::open_at(&location)
        .await
        .expect_err("newer schema");
    assert_eq!(e.code(), ErrorCode::StoreFailed);
    let text = e.to_string();
    assert!(
        text.contains("newer than this desk knows") && text.contains("9999"),
        "{text}"
    );
}

/// Several desks opening a brand-new store at the same moment: the schema
/// is created once and every desk works.
async fn desks_migrating_a_new_store_at_once(backend: Backend) {
    let data = data_for(backend).await;
    let mut opens = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let dir = data.path().to_path_buf();
        opens.spawn(async move {
            let mut desk = Desk::open(DeskConfig {
                kb_dir: shipped_kb(),
                data_dir: dir,
            })
            .expect("desk");
            desk.open_store().await.map(|()| desk)
        });
    }
    while let Some(d) = opens.join_next().await {
        let mut desk = d.expect("task").expect("every desk opens the store");
        desk.sign_in_transient("Agentin", Role::Agent)
            .await
            .expect("sign-in");
        let call = desk.start_call().await.expect("call");
        desk.end_call(call, Some(Outcome::Answered))
            .await
            .expect("end");
    }
}

/// Two desks signed in as the same person (a second PC, a restarted
/// window): one agent, both desks' calls are theirs.
async fn two_desks_signed_in_as_the_same_agent(backend: Backend) {
    let data = data_for(backend).await;
    let first = desk_on(data.path(), "Anna K.", Role::Agent).await;
    let (a, b) = tokio::join!(
        desk_on(data.path(), "Anna K.", Role::Agent),
        desk_on(data.path(), " Anna K. ", Role::Agent)
    );
    let ids: BTreeSet<i64> = [&first, &a, &b]
        .iter()
        .map(|d| d.agent().expect("signed in").id.0)
        .collect();
    assert_eq!(ids.len(), 1, "one agent: {ids:?}");
    let (x, y) = tokio::join!(a.start_call(), b.start_call());
    let (x, y) = (x.expect("call a"), y.expect("call b"));
    a.end_call(x, Some(Outcome::Answered)).await.expect("end a");
    b.end_call(y, Some(Outcome::Referred)).await.expect("end b");
    let mine = first.recent_calls(10).await.expect("recent");
    assert_eq!(mine.len(), 2, "{mine:?}");
    let store = first.cases().expect("store");
    assert_eq!(count(store, "SELECT COUNT(*) FROM agents").await, 1);
}

/// Two `demo seed` runs at once on one store: both finish (no UNIQUE
/// error half-way), every call is there once, and the figures add up.
async fn two_seeds_at_once_both_finish(backend: Backend) {
    let data = data_for(backend).await;
    let seed = |s: &str| {
        Command::new(env!("CARGO_BIN_EXE_auskunft"))
            .arg("--kb")
            .arg(shipped_kb())
            .arg("--data")
            .arg(data.path())
            .args([
                "demo",
                "seed",
                "--calls",
                "3000",
                "--days",
                "5",
                "--seed",
                s,
                // A fixed end, so the days hold service hours whatever
                // day the tests run.
                "--until",
                "2026-11-25T15:00:00+01:00",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("auskunft starts")
    };
    let (one, two) = (seed("1"), seed("2"));
    for child in [one, two] {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut desk = desk_on(data.path(), "Teamleitung", Role::Supervisor).await;
    let store = desk.cases().expect("store");
    assert_eq!(count(store, "SELECT COUNT(*) FROM calls").await, 6000);
    assert_eq!(
        count(store, "SELECT CAST(SUM(calls) AS BIGINT) FROM stats_hours").await,
        6000
    );
    let kept = crate::figures_support::aggregates(store).await;
    auskunft::stats::rebuild(store).await.expect("rebuild");
    assert_eq!(kept, crate::figures_support::aggregates(store).await);
    // A desk's next call gets an id past the seeded ones.
    desk.sign_in_transient("Anna K.", Role::Agent)
        .await
        .expect("sign-in");
    let call = desk.start_call().await.expect("call");
    assert!(call.0 > 6000, "{call}");
}

/// Calls ended in the store.
async fn ended_calls(store: &CaseStore) -> i64 {
    count(
        store,
        "SELECT COUNT(*) FROM calls WHERE ended_at IS NOT NULL",
    )
    .await
}

/// `demo centre`: simulated desks log whole calls into the store and the
/// run reports them; on PostgreSQL a probe also times the server's floor
/// for one durable write, and each probe is a real committed change.
async fn the_centre_simulation_logs_calls_and_times_the_floor(backend: Backend) {
    let data = data_for(backend).await;
    let out = Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data.path())
        .args([
            "demo",
            "centre",
            "--desks",
            "3",
            "--minutes",
            "30",
            "--speed",
            "600",
        ])
        .output()
        .expect("auskunft runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout.lines().last().unwrap_or_default();
    let field = |name: &str| -> String {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} missing: {line}"))
            .to_string()
    };
    let calls: i64 = field("calls").parse().expect("calls");
    assert!(calls > 0, "{line}");
    assert_eq!(field("failures"), "0", "{line}");
    // start, a topic, notes, end at least; a second topic, a forward or a
    // handoff add one each.
    let per_call: f64 = field("writes_per_call").parse().expect("writes");
    assert!((4.0..=6.0).contains(&per_call), "{line}");
    // One write is a part of a call: its median lies below the call's,
    // above nothing.
    let ms = |name: &str| -> f64 { field(name).parse().expect(name) };
    assert!(ms("step_p50_ms") > 0.0, "{line}");
    assert!(ms("step_p50_ms") < ms("write_p50_ms"), "{line}");
    assert!(ms("step_p99_ms") >= ms("step_p50_ms"), "{line}");
    let desk = desk_on(data.path(), "Teamleitung", Role::Supervisor).await;
    let store = desk.cases().expect("store");
    assert_eq!(ended_calls(store).await, calls);
    match backend {
        Backend::Sqlite => assert_eq!(field("commit_floor_p50_ms"), "n/a", "{line}"),
        Backend::Postgres => {
            let probes: i64 = field("floor_probes").parse().expect("probes");
            assert!(probes > 0, "{line}");
            let p50: f64 = field("commit_floor_p50_ms").parse().expect("p50");
            let p99: f64 = field("commit_floor_p99_ms").parse().expect("p99");
            assert!(p50 > 0.0 && p99 >= p50, "{line}");
            assert_eq!(
                count(store, "SELECT COALESCE(MAX(probes), 0) FROM store_probe").await,
                probes
            );
        }
    }
}

on_both_backends!(
    the_centre_simulation_logs_calls_and_times_the_floor,
    two_desks_signed_in_as_the_same_agent,
    two_seeds_at_once_both_finish,
    two_colleagues_close_one_forward_once,
    centre_settings_live_in_the_store,
    a_desk_files_old_values_are_imported_once,
    a_store_newer_than_the_desk_is_refused,
    desks_migrating_a_new_store_at_once,
);

// ---- PostgreSQL only --------------------------------------------------

/// A data folder whose desk uses a fresh database on the run's cluster.
async fn centre_data() -> Option<tempfile::TempDir> {
    if !postgres_configured() {
        return None;
    }
    Some(data_for(Backend::Postgres).await)
}

/// Another desk's forward reaches this desk's change feed within about a
/// second, by the server's notification, not by polling.
#[tokio::test]
async fn the_change_feed_hears_another_desks_forward() {
    let Some(data) = centre_data().await else {
        return;
    };
    let mine = desk_on(data.path(), "Anna K.", Role::Agent).await;
    let other = desk_on(data.path(), "Ben L.", Role::Agent).await;
    let feed = mine
        .cases()
        .expect("store")
        .watch_changes()
        .expect("a centre store has a feed");
    // The feed starts by reporting "everything" once it listens.
    let start = feed.wait_past(0, Duration::from_secs(10)).await;
    assert!(start.seq >= 1, "the feed connected");
    let seen = start.seq;
    let call = other.start_call().await.expect("call");
    other.forward(call, &by_phone()).await.expect("forward");
    let after = feed.wait_past(seen, Duration::from_secs(5)).await;
    let mut tables = after.since(seen);
    if !tables.iter().any(|t| t == "forwards") {
        // Calls and forwards may arrive as separate notifications.
        let later = feed.wait_past(after.seq, Duration::from_secs(5)).await;
        tables = later.since(seen);
    }
    assert!(tables.iter().any(|t| t == "forwards"), "{tables:?}");
    // A SQLite store has no feed: its only desk refreshes itself.
    let local = tempfile::tempdir().expect("tmp");
    let solo = desk_on(local.path(), "Solo", Role::Agent).await;
    assert!(solo.cases().expect("store").watch_changes().is_none());
    feed.stop();
}

/// A desk whose clock is two hours off writes the server's time.
#[tokio::test]
async fn times_come_from_the_server_not_the_desks_clock() {
    let Some(data) = centre_data().await else {
        return;
    };
    let desk = desk_on(data.path(), "Anna K.", Role::Agent).await;
    let store = desk.cases().expect("store").clone();
    store.skew_local_clock_for_tests(2 * 3600 * 1000);
    let call = desk.start_call().await.expect("call");
    let started = store.call(call).await.expect("call").started_at;
    let server: i64 = sqlx::query_scalar("SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)")
        .fetch_one(store.pool())
        .await
        .expect("server time");
    let off = (started.timestamp_millis() - server).abs();
    assert!(
        off < 60_000,
        "started {started} is {off} ms from the server's clock"
    );
}

/// Retention runs at one desk at a time: while another session holds the
/// centre's retention lock, a desk's run does nothing and says so.
#[tokio::test]
async fn retention_runs_at_one_desk_at_a_time() {
    let Some(data) = centre_data().await else {
        return;
    };
    let desk = desk_on(data.path(), "Teamleitung", Role::Supervisor).await;
    let store = desk.cases().expect("store").clone();
    let mut holder = store.pool().acquire().await.expect("connection");
    let key: i64 = 0x4155_534B_0000_0001;
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut *holder)
        .await
        .expect("lock");
    assert!(got);
    let busy = desk.run_retention(false).await.expect("run");
    assert!(busy.busy && busy.calls == 0, "{busy:?}");
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(key)
        .execute(&mut *holder)
        .await
        .expect("unlock");
    drop(holder);
    let ran = desk.run_retention(false).await.expect("run");
    assert!(!ran.busy, "{ran:?}");
}

fn log_calls(data: &Path, agent: &str, n: u32) -> Child {
    Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data)
        .args([
            "dev",
            "log-calls",
            "--agent",
            agent,
            "--count",
            &n.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("auskunft starts")
}

/// Twenty desks (processes) log calls at once into one store: nothing is
/// lost, nobody fails, and the aggregates the writes kept equal a rebuild
/// from the calls.
#[tokio::test]
async fn twenty_desks_logging_at_once_keep_the_figures_exact() {
    let Some(data) = centre_data().await else {
        return;
    };
    const DESKS: u32 = 20;
    const CALLS: u32 = 15;
    let mut children: Vec<Child> = (0..DESKS)
        .map(|i| log_calls(data.path(), &format!("Desk {i:02}"), CALLS))
        .collect();
    let mut ended = BTreeSet::new();
    for child in &mut children {
        let out = child.stdout.take().expect("stdout");
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(id) = line.strip_prefix("ended ") {
                ended.insert(id.trim().parse::<i64>().expect("id"));
            }
        }
        let status = child.wait().expect("wait");
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            std::io::Read::read_to_string(&mut e, &mut err).ok();
        }
        assert!(status.success(), "a desk failed: {err}");
    }
    assert_eq!(ended.len(), (DESKS * CALLS) as usize);
    let desk = desk_on(data.path(), "Teamleitung", Role::Supervisor).await;
    let store = desk.cases().expect("store");
    assert_eq!(ended_calls(store).await, i64::from(DESKS * CALLS));
    assert_eq!(
        count(store, "SELECT CAST(SUM(calls) AS BIGINT) FROM stats_hours").await,
        i64::from(DESKS * CALLS)
    );
    let kept = crate::figures_support::aggregates(store).await;
    auskunft::stats::rebuild(store).await.expect("rebuild");
    assert_eq!(kept, crate::figures_support::aggregates(store).await);
}

fn deliver(data: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data)
        .args(["handoff", "deliver", "--until-empty"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("auskunft starts")
}

/// Five delivery workers (processes) on one outbox, against a portal that
/// fails, drops connections and loses replies: every application is
/// delivered exactly once.
#[tokio::test]
async fn five_workers_deliver_each_application_exactly_once() {
    let Some(data) = centre_data().await else {
        return;
    };
    let sim = Sim::start(&[
        "--fail-rate",
        "0.1",
        "--drop-rate",
        "0.05",
        "--lost-reply-rate",
        "0.1",
        "--seed",
        "7",
    ]);
    write_portal_settings(data.path(), &sim.url, TOKEN);
    let desk = desk_on(data.path(), "Anna K.", Role::Agent).await;
    const N: usize = 120;
    submit_many(&desk, N).await;
    let mut workers: Vec<Child> = (0..5).map(|_| deliver(data.path())).collect();
    for w in &mut workers {
        let status = w.wait().expect("wait");
        let mut err = String::new();
        if let Some(mut e) = w.stderr.take() {
            std::io::Read::read_to_string(&mut e, &mut err).ok();
        }
        assert!(status.success(), "worker failed: {err}");
    }
    crate::handoff_support::assert_exactly_once(&desk, &sim, N).await;
}

/// SIGKILL of a desk in the middle of its writes: whatever it committed is
/// whole (every call with its audit rows, every ended call with its end),
/// and the next desk works on.
#[tokio::test]
async fn a_killed_desk_leaves_nothing_half_written() {
    let Some(data) = centre_data().await else {
        return;
    };
    let seed = std::env::var("AUSKUNFT_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(1..1000));
    eprintln!("kill moments from seed {seed} (AUSKUNFT_TEST_SEED to replay)");
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut acknowledged = BTreeSet::new();
    for round in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_auskunft"))
            .arg("--kb")
            .arg(shipped_kb())
            .arg("--data")
            .arg(data.path())
            .args([
                "dev",
                "log-calls",
                "--agent",
                &format!("Kill {round}"),
                "--forever",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start");
        let out = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ended ")?.trim().parse::<i64>().ok())
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(400 + rng.u64(0..600)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        acknowledged.extend(reader.join().expect("reader"));
    }
    let desk = desk_on(data.path(), "Nachher", Role::Agent).await;
    let store = desk.cases().expect("store");
    for id in &acknowledged {
        let call = store
            .call(auskunft::cases::CallId(*id))
            .await
            .expect("acknowledged call");
        assert!(
            call.ended_at.is_some() && call.topics.len() == 2,
            "{call:?}"
        );
    }
    for (what, sql) in [
        (
            "calls without their start audit row",
            "SELECT COUNT(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM audit_log a \
             WHERE a.action = 'call.start' AND a.record_id = c.id)",
        ),
        (
            "ended calls without their end audit row",
            "SELECT COUNT(*) FROM calls c WHERE c.ended_at IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM audit_log a WHERE a.action = 'call.end' AND a.record_id = c.id)",
        ),
        (
            "forwards without their audit row",
            "SELECT COUNT(*) FROM forwards f WHERE NOT EXISTS (SELECT 1 FROM audit_log a \
             WHERE a.action = 'forward.create' AND a.record_id = f.id)",
        ),
        (
            "calls counted apart from the aggregates",
            "SELECT ABS((SELECT COUNT(*) FROM calls) - \
             (SELECT CAST(COALESCE(SUM(calls), 0) AS BIGINT) FROM stats_hours))",
        ),
    ] {
        assert_eq!(count(store, sql).await, 0, "{what}");
    }
    let call = desk.start_call().await.expect("the store works on");
    desk.end_call(call, Some(Outcome::Answered))
        .await
        .expect("end");
}

/// Runs `scripts/pg-cluster.sh` with `args`; its output (the admin URL
/// after `start`).
fn pg_cluster(script: &Path, args: &[&str]) -> String {
    let out = Command::new(script)
        .args(args)
        .output()
        .expect("pg-cluster.sh runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The server goes away in the middle of a call (a restart of its own
/// cluster): the desk says so with a coded error, keeps what it has, and
/// the same write goes through once the server is back — once.
#[tokio::test]
async fn a_server_restart_mid_call_loses_nothing() {
    if !postgres_configured() {
        return;
    }
    // A cluster of its own: restarting the run's shared one would disturb
    // the other tests.
    let cluster = tempfile::tempdir().expect("tmp");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-cluster.sh");
    let run = |args: &[&str]| pg_cluster(&script, args);
    let dir = cluster.path().to_str().expect("utf-8 path");
    let admin = run(&["start", dir, "--fast"]);
    let data = tempfile::tempdir().expect("tmp");
    use_store_url(data.path(), &admin);
    let desk = desk_on(data.path(), "Anna K.", Role::Agent).await;
    let call = desk.start_call().await.expect("call");
    desk.add_topic(call, "hund-anmelden").await.expect("topic");
    run(&["stop", dir]);
    let e = desk
        .save_notes(call, "Rückruf erbeten")
        .await
        .expect_err("the server is down");
    assert_eq!(e.code(), ErrorCode::StoreFailed, "{e}");
    assert!(!e.to_string().contains("postgres://"), "{e}");
    run(&["start", dir, "--fast"]);
    let back = eventually(Duration::from_secs(20), async || {
        desk.save_notes(call, "Rückruf erbeten").await.is_ok()
    })
    .await;
    assert!(back, "the desk writes again once the server is back");
    // A restart while a write is on its way: the desk sends it again by
    // itself once the server is back (within RESEND_WINDOW), once.
    run(&["stop", dir]);
    let restart = std::thread::spawn({
        let (script, dir) = (script.clone(), dir.to_string());
        move || {
            std::thread::sleep(Duration::from_millis(1500));
            pg_cluster(&script, &["start", &dir, "--fast"]);
        }
    });
    // An opened entry (topic and search row), as the window sends it.
    desk.note_opened(
        Some(call),
        "reisepass",
        Some("pass"),
        Some(5),
        &RequestKey::fresh(),
    )
    .await
    .expect("the opening goes through once the server is back");
    restart.join().expect("restarted");
    let ended = desk
        .end_call(call, Some(Outcome::Answered))
        .await
        .expect("end");
    assert_eq!(ended.notes.as_deref(), Some("Rückruf erbeten"));
    assert_eq!(
        ended.topics,
        vec!["hund-anmelden".to_string(), "reisepass".to_string()]
    );
    let store = desk.cases().expect("store");
    assert_eq!(count(store, "SELECT COUNT(*) FROM calls").await, 1);
    assert_eq!(count(store, "SELECT COUNT(*) FROM search_log").await, 1);
    // A restart while the desk is idle leaves its pooled connections dead.
    // A write that is never sent again by itself (a search log) still goes
    // through at its first try, and so does the read after it: the pool
    // checks a connection before handing it out.
    let at = store.now().await;
    run(&["stop", dir]);
    run(&["start", dir, "--fast"]);
    store
        .log_search(None, None, "hund anmelden", 3, None, at)
        .await
        .expect("the first write after an idle restart goes through");
    assert_eq!(count(store, "SELECT COUNT(*) FROM search_log").await, 2);
    store.close().await;
    run(&["stop", dir]);
}

/// A desk whose store cannot be opened at start (here: its database is not
/// created yet, as on a server still being set up) opens it on its own
/// once it can; a login the server refuses is not tried again (a directory
/// may lock the person's account after a few wrong tries).
#[tokio::test]
async fn a_store_unreachable_at_start_is_opened_once_it_can_be() {
    if !postgres_configured() {
        return;
    }
    let name = format!("later_{}_{}", std::process::id(), fastrand::u32(..));
    let url = crate::backends::database_url(&name);
    let data = tempfile::tempdir().expect("tmp");
    use_store_url(data.path(), &url);
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    let e = desk.open_store().await.expect_err("no such database yet");
    assert_eq!(e.code(), ErrorCode::StoreFailed, "{e}");
    assert!(desk.store_problem().is_some());
    let e = desk.start_call().await.expect_err("no store");
    assert!(e.to_string().contains("tries again"), "{e}");
    assert!(
        !desk.search("hund anmelden", 3).is_empty(),
        "search goes on"
    );

    let location = desk.store_to_reopen().expect("worth trying again").clone();
    let reopening = tokio::spawn(async move {
        let mut failures = 0;
        let store =
            auskunft::cases::reopen_when_reachable(&location, Duration::from_millis(400), |_| {
                failures += 1
            })
            .await;
        (store, failures)
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let admin = std::env::var(crate::backends::ADMIN_ENV).expect("admin url");
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("admin");
    sqlx::Executor::execute(
        &mut conn,
        sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")),
    )
    .await
    .expect("create database");
    let (store, failures) = tokio::time::timeout(Duration::from_secs(20), reopening)
        .await
        .expect("opened within 20 s")
        .expect("task");
    let store = store.expect("opened");
    assert!(failures >= 1, "it was tried while the database was missing");
    desk.attach_opened(store).await.expect("attach");
    assert!(desk.store_problem().is_none());
    desk.sign_in("Anna K.", Role::Agent).await.expect("sign in");
    let call = desk.start_call().await.expect("the call log works now");
    desk.end_call(call, Some(Outcome::Dropped))
        .await
        .expect("end");

    // A wrong password: not worth trying again, and said at once.
    let mut wrong = url::Url::parse(&url).expect("url");
    wrong.set_password(Some("falsch")).expect("password");
    wrong.set_username("nobody_here").expect("user");
    let location = auskunft::cases::StoreLocation::Server(wrong.to_string());
    let refused = tokio::time::timeout(
        Duration::from_secs(10),
        auskunft::cases::reopen_when_reachable(&location, Duration::from_millis(200), |e| {
            panic!("a refused login is not tried again: {e}")
        }),
    )
    .await
    .expect("gives up at once");
    let e = refused.expect_err("refused");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
}

/// A portal application written while its call is being ended in another
/// transaction (the end holds the call's row): the application waits for the end and then leaves the
/// ended call's outcome alone. Before the outbox used the store's locked
/// call state, it read the call as still running and overwrote the
/// outcome `answered` with `portal_handoff` after the end committed,
/// which the figures (counted at the end) never saw.
#[tokio::test]
async fn an_application_during_the_end_of_its_call_leaves_the_outcome_of_the_end() {
    if !postgres_configured() {
        return;
    }
    let data = data_for(Backend::Postgres).await;
    let desk = desk_on(data.path(), "Anna K.", Role::Agent).await;
    let call = desk.start_call().await.expect("call");
    let auskunft::cases::StoreLocation::Server(url) =
        desk.cases().expect("store").location().clone()
    else {
        panic!("a server store");
    };
    let mut other = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .expect("second connection");
    sqlx::Executor::execute(&mut other, "BEGIN")
        .await
        .expect("begin");
    sqlx::query(
        "UPDATE calls SET ended_at = started_at + 1000, outcome = 'answered' WHERE id = $1",
    )
    .bind(call.0)
    .execute(&mut other)
    .await
    .expect("the end, not yet committed");
    let service = auskunft::handoff::PortalService::Wunschkennzeichen;
    let form = auskunft::handoff::example(service);
    let submitting = desk.submit_handoff(call, service, &form);
    let commit_later = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        sqlx::Executor::execute(&mut other, "COMMIT")
            .await
            .expect("commit");
    };
    let (submitted, ()) = tokio::join!(submitting, commit_later);
    submitted.expect("the application is written");
    let ended = desk.call(call).await.expect("call");
    assert_eq!(ended.outcome, Some(Outcome::Answered));
}
