//! Crash and concurrency, with real processes on a real file.
//!
//! Crash: `auskunft dev log-calls --forever` logs whole calls and prints
//! `ended <id>` after each call's last commit returned; it is killed with
//! SIGKILL twenty times: half the rounds at a random moment from start-up
//! on, half a random moment after its first call was acknowledged (so they
//! land in call logging however fast or slow the machine is). Afterwards
//! every printed call is intact, nothing half-written is visible (no call
//! without its audit row, no topic, note, end or forward without theirs,
//! no forward without its call), the file passes `PRAGMA integrity_check`
//! and opens cleanly. The moments come from a seed that is printed;
//! `AUSKUNFT_CRASH_SEED=<seed>` replays them.
//!
//! Two desks: two processes and two pools write to one file at once;
//! nothing is lost and nobody sees "database is locked".

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use auskunft::cases::{AgentId, CaseStore, Role};
use chrono::Utc;

use crate::common::shipped_kb;
use crate::store_support::{audits, count};

fn log_calls(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_auskunft"));
    cmd.arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data)
        .args(["dev", "log-calls"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Reads `ended <id>` lines until the child's stdout closes.
fn read_ended(child: &mut Child) -> std::thread::JoinHandle<Vec<i64>> {
    read_ended_telling(child, None)
}

/// [`read_ended`], also sending each id to `tell` as it is read.
fn read_ended_telling(
    child: &mut Child,
    tell: Option<mpsc::Sender<i64>>,
) -> std::thread::JoinHandle<Vec<i64>> {
    let stdout = child.stdout.take().expect("piped stdout");
    std::thread::spawn(move || {
        let mut ids = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(id) = line
                .strip_prefix("ended ")
                .and_then(|n| n.trim().parse().ok())
            {
                if let Some(tell) = &tell {
                    // The test may have stopped listening; the id is kept.
                    tell.send(id).ok();
                }
                ids.push(id);
            }
        }
        ids
    })
}

/// The seed of the kill moments: `AUSKUNFT_CRASH_SEED` to replay a run,
/// else the clock.
fn crash_seed() -> u64 {
    let seed = match std::env::var("AUSKUNFT_CRASH_SEED") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("AUSKUNFT_CRASH_SEED={s:?} is not a number")),
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x2545_F491_4F6C_DD1D),
    };
    // xorshift never leaves 0.
    seed | 1
}

/// A small generator for kill moments: varied per run, reproducible from
/// the printed seed, and no dependency.
struct Moments(u64);

impl Moments {
    fn below_ms(&mut self, n: u64) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(self.0 % n)
    }
}

/// Everything the invariant "a call, its events … in one transaction"
/// promises, checked over the whole file.
async fn assert_nothing_half_written(store: &CaseStore) {
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(store.pool())
        .await
        .expect("foreign key check");
    assert!(fk.is_empty(), "rows without their parent: {fk:?}");
    let checks: [(&str, &'static str); 7] = [
        (
            "a call without its start audit",
            "SELECT COUNT(*) FROM calls c WHERE (SELECT COUNT(*) FROM audit_log a \
             WHERE a.action = 'call.start' AND a.record_id = c.id) <> 1",
        ),
        (
            "a start audit without its call",
            "SELECT COUNT(*) FROM audit_log a WHERE a.action = 'call.start' \
             AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = a.record_id)",
        ),
        (
            "a topic without its audit",
            "SELECT COUNT(*) FROM call_topics t WHERE NOT EXISTS (SELECT 1 FROM audit_log a \
             WHERE a.action = 'call.topic_add' AND a.record_id = t.call_id \
             AND a.detail = t.entry_id)",
        ),
        (
            "notes without their audit",
            "SELECT COUNT(*) FROM calls c WHERE c.notes IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM audit_log a WHERE a.action = 'call.notes' AND a.record_id = c.id)",
        ),
        (
            "an end without its audit (or an audit without its end)",
            "SELECT COUNT(*) FROM calls c WHERE (c.ended_at IS NOT NULL) <> EXISTS \
             (SELECT 1 FROM audit_log a WHERE a.action = 'call.end' AND a.record_id = c.id)",
        ),
        (
            "a forward without its audit (or an audit without its forward)",
            "SELECT (SELECT COUNT(*) FROM forwards f WHERE NOT EXISTS (SELECT 1 FROM audit_log a \
             WHERE a.action = 'forward.create' AND a.record_id = f.id)) \
             + (SELECT COUNT(*) FROM audit_log a WHERE a.action = 'forward.create' \
             AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.id = a.record_id))",
        ),
        (
            "a forward without its call's contact",
            "SELECT COUNT(*) FROM forwards f JOIN calls c ON c.id = f.call_id \
             WHERE f.reply_channel = 'phone' AND c.caller_phone IS NULL \
             AND c.anonymised_at IS NULL",
        ),
    ];
    for (what, sql) in checks {
        assert_eq!(count(store, sql).await, 0, "{what}");
    }
}

/// A call that `dev log-calls` reported as ended is whole.
async fn assert_intact(store: &CaseStore, id: i64) {
    let call = store
        .call(auskunft::cases::CallId(id))
        .await
        .unwrap_or_else(|e| panic!("call {id} was acknowledged but is missing: {e}"));
    assert!(call.ended_at.is_some(), "call {id} lost its end");
    assert_eq!(call.topics.len(), 2, "call {id} topics");
    assert_eq!(
        call.notes,
        Some(format!("Notiz zu Anruf {id}")),
        "call {id} notes"
    );
    let forwards = store.forwards_of(call.id).await.expect("forwards");
    match call.outcome {
        Some(auskunft::cases::Outcome::Forwarded) => assert_eq!(forwards.len(), 1, "call {id}"),
        Some(auskunft::cases::Outcome::Answered) => assert!(forwards.is_empty(), "call {id}"),
        other => panic!("call {id} has outcome {other:?}"),
    }
    assert_eq!(
        audits(store, "call.end", id).await,
        1,
        "call {id} end audit"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_survive_sigkill_at_random_moments() {
    let data = tempfile::tempdir().expect("tmp");
    // Build the index and the store once, so that the kills land in call
    // logging rather than in the first start-up.
    let warm = log_calls(data.path(), &["--count", "1"])
        .output()
        .expect("warm-up run");
    assert!(
        warm.status.success(),
        "{}",
        String::from_utf8_lossy(&warm.stderr)
    );

    let seed = crash_seed();
    println!("kill moments seed: {seed} (replay: AUSKUNFT_CRASH_SEED={seed})");
    let mut moments = Moments(seed);
    let mut acknowledged = BTreeSet::new();
    let kills = 20;
    for round in 0..kills {
        let mut child = log_calls(data.path(), &["--forever"])
            .spawn()
            .expect("child starts");
        let (tell, told) = mpsc::channel();
        let reader = read_ended_telling(&mut child, Some(tell));
        if round % 2 == 0 {
            // Any moment from start-up on: opening, migrating, a call.
            std::thread::sleep(moments.below_ms(400));
        } else {
            // Once calls flow, wherever in a call the moment falls. The
            // wait is for a state, not a speed: the deadline only catches
            // a desk that logs nothing at all.
            if let Err(e) = told.recv_timeout(Duration::from_secs(120)) {
                child.kill().ok();
                panic!("round {round} (seed {seed}): no call acknowledged: {e}");
            }
            std::thread::sleep(moments.below_ms(300));
        }
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("reaped");
        assert!(
            !status.success(),
            "round {round}: the child must die by the signal"
        );
        let ids = reader.join().expect("reader");
        acknowledged.extend(ids);
    }
    println!("{kills} kills, {} calls acknowledged", acknowledged.len());

    let store = CaseStore::open(&data.path().join(auskunft::cases::STORE_FILE))
        .await
        .expect("the file opens cleanly after the crashes");
    assert_nothing_half_written(&store).await;
    for id in &acknowledged {
        assert_intact(&store, *id).await;
    }
    // And the desk goes on working on it.
    let agent = store
        .sign_in("Nach dem Absturz", Role::Agent, Utc::now())
        .await
        .expect("sign in");
    let call = store.start_call(agent.id, Utc::now()).await.expect("start");
    store
        .end_call(
            agent.id,
            call,
            Some(auskunft::cases::Outcome::Dropped),
            Utc::now(),
        )
        .await
        .expect("end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desk_processes_write_one_file_without_loss_or_lock_errors() {
    let data = tempfile::tempdir().expect("tmp");
    let warm = log_calls(data.path(), &["--count", "1"])
        .output()
        .expect("warm-up run");
    assert!(
        warm.status.success(),
        "{}",
        String::from_utf8_lossy(&warm.stderr)
    );

    let per_desk = 40;
    let started = Instant::now();
    let mut children: Vec<Child> = ["Desk A", "Desk B"]
        .iter()
        .map(|agent| {
            log_calls(
                data.path(),
                &["--count", &per_desk.to_string(), "--agent", agent],
            )
            .spawn()
            .expect("desk starts")
        })
        .collect();
    let readers: Vec<_> = children.iter_mut().map(read_ended).collect();
    for child in &mut children {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            std::io::Read::read_to_string(&mut e, &mut stderr).expect("stderr");
        }
        let status = child.wait().expect("desk ends");
        assert!(status.success(), "a desk failed: {stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    let mut all = BTreeSet::new();
    for r in readers {
        let ids = r.join().expect("reader");
        assert_eq!(ids.len(), per_desk, "each desk logged all its calls");
        all.extend(ids);
    }
    assert_eq!(all.len(), 2 * per_desk, "ids are unique across desks");
    println!(
        "two desks: {} calls in {:?}",
        2 * per_desk,
        started.elapsed()
    );

    let store = CaseStore::open(&data.path().join(auskunft::cases::STORE_FILE))
        .await
        .expect("opens");
    assert_nothing_half_written(&store).await;
    for id in &all {
        assert_intact(&store, *id).await;
    }
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM calls").await,
        2 * per_desk as i64 + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pools_on_one_call_lose_no_update() {
    let data = tempfile::tempdir().expect("tmp");
    let path = data.path().join(auskunft::cases::STORE_FILE);
    // Both open a new file at once: the migration must not race.
    let (a, b) = tokio::join!(CaseStore::open(&path), CaseStore::open(&path));
    let (a, b) = (a.expect("pool A"), b.expect("pool B"));
    let now = Utc::now();
    let anna = a.sign_in("Anna", Role::Agent, now).await.expect("anna");
    let ben = b.sign_in("Ben", Role::Agent, now).await.expect("ben");
    let call = a.start_call(anna.id, now).await.expect("call");

    // Both desks add topics to the same call and start calls of their own,
    // all at once: every position is taken exactly once.
    let per_desk = 40;
    let desk = |store: CaseStore, agent: AgentId, prefix: &'static str| {
        tokio::spawn(async move {
            for i in 0..per_desk {
                store
                    .add_topic(agent, call, &format!("{prefix}-{i}"), Utc::now())
                    .await?;
                let own = store.start_call(agent, Utc::now()).await?;
                store
                    .end_call(
                        agent,
                        own,
                        Some(auskunft::cases::Outcome::Answered),
                        Utc::now(),
                    )
                    .await?;
            }
            Ok::<(), auskunft::Error>(())
        })
    };
    let (ra, rb) = tokio::join!(desk(a.clone(), anna.id, "a"), desk(b.clone(), ben.id, "b"));
    ra.expect("task A").expect("desk A: no lock error");
    rb.expect("task B").expect("desk B: no lock error");

    let positions: Vec<i64> =
        sqlx::query_scalar("SELECT position FROM call_topics WHERE call_id = $1 ORDER BY position")
            .bind(call.0)
            .fetch_all(a.pool())
            .await
            .expect("positions");
    assert_eq!(positions, (1..=2 * per_desk as i64).collect::<Vec<_>>());
    assert_eq!(
        count(&a, "SELECT COUNT(*) FROM calls").await,
        2 * per_desk as i64 + 1
    );
    assert_nothing_half_written(&a).await;

    // Both mark the same forwards done at once: each is closed once, by
    // one of them, and the other is told it is already done.
    let mut forwards = Vec::new();
    for _ in 0..10 {
        let f = a
            .forward(
                anna.id,
                call,
                &auskunft::cases::NewForward {
                    office_id: "steueramt".into(),
                    question: "Frage".into(),
                    channel: auskunft::cases::ReplyChannel::Phone,
                    caller: auskunft::cases::CallerContact {
                        phone: Some("0234 910-0".into()),
                        ..Default::default()
                    },
                },
                Utc::now(),
            )
            .await
            .expect("forward");
        forwards.push(f.id);
    }
    let close = |store: CaseStore, agent| {
        let forwards = forwards.clone();
        tokio::spawn(async move {
            let mut closed = 0;
            for f in forwards {
                let done = store
                    .mark_forward_done(agent, f, Utc::now())
                    .await
                    .expect("mark done");
                if done.first {
                    closed += 1;
                }
            }
            closed
        })
    };
    let (ca, cb) = tokio::join!(close(a.clone(), anna.id), close(b.clone(), ben.id));
    assert_eq!(ca.expect("A") + cb.expect("B"), 10);
    assert_eq!(
        count(
            &a,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'forward.done'"
        )
        .await,
        10
    );
}
