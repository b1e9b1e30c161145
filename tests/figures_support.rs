//! Shared set-up for the figures' tests: a desk whose store the tests fill
//! call by call at explicit instants (Europe/Berlin offsets written out),
//! and a fingerprint of the aggregate tables.

use std::path::Path;

use auskunft::cases::{
    AgentId, CallId, CallerContact, CaseStore, NewForward, Outcome, ReplyChannel, Role,
};
use auskunft::{Desk, DeskConfig};

use crate::backends::Backend;
use sqlx::Row;

use crate::common::{at, shipped_kb};

/// A desk over `kb` with a fresh store on `backend`.
pub async fn desk_with_store_on(backend: Backend, kb: &Path) -> (Desk, tempfile::TempDir) {
    let data = crate::backends::data_for(backend).await;
    let mut desk = Desk::open(DeskConfig {
        kb_dir: kb.to_path_buf(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk opens");
    desk.open_store().await.expect("store opens");
    (desk, data)
}

/// A copy of the shipped knowledge base in which `hund-anmelden` was last
/// reviewed on 2024-06-01 (stale), all else as shipped.
pub fn kb_with_a_stale_entry() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&shipped_kb(), dir.path());
    let file = dir.path().join("services/hund-anmelden.md");
    let text = std::fs::read_to_string(&file).expect("entry");
    let changed: String = text
        .lines()
        .map(|l| {
            if l.starts_with("reviewed = ") {
                "reviewed = 2024-06-01".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, changed + "\n").expect("write");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for item in std::fs::read_dir(from).expect("read dir") {
        let item = item.expect("entry");
        let target = to.join(item.file_name());
        if item.file_type().expect("type").is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), &target).expect("copy");
        }
    }
}

/// Agents "Agentin 1" … "Agentin n".
pub async fn agents(store: &CaseStore, n: usize) -> Vec<AgentId> {
    let mut ids = Vec::with_capacity(n);
    for i in 1..=n {
        let a = store
            .sign_in(
                &format!("Agentin {i}"),
                Role::Agent,
                at("2026-01-05T08:00:00+01:00"),
            )
            .await
            .expect("sign-in");
        ids.push(a.id);
    }
    ids
}

/// A forward to the Steueramt with a caller's contact, as a real one has.
pub fn forward_form() -> NewForward {
    NewForward {
        office_id: "steueramt".into(),
        question: "Frage von Erika Mustermann zur Hundesteuer".into(),
        channel: ReplyChannel::Phone,
        caller: CallerContact {
            name: Some("Erika Mustermann".into()),
            phone: Some("0234 555-0101".into()),
            ..CallerContact::default()
        },
    }
}

/// One whole call: started at `start` (RFC 3339), topics opened, notes,
/// a forward (2 minutes in) when the outcome is `forwarded`, ended after
/// `seconds` with `outcome` (`None`: left running).
pub async fn call(
    store: &CaseStore,
    agent: AgentId,
    start: &str,
    seconds: i64,
    outcome: Option<Outcome>,
    topics: &[&str],
) -> CallId {
    let t0 = at(start);
    let id = store.start_call(agent, t0).await.expect("start");
    for (i, t) in topics.iter().enumerate() {
        let when = t0 + chrono::Duration::seconds(i as i64 + 1);
        store.add_topic(agent, id, t, when).await.expect("topic");
    }
    store
        .save_notes(
            agent,
            id,
            "Notiz: Anruferin Erika Mustermann, vertraulich",
            t0,
        )
        .await
        .expect("notes");
    if outcome == Some(Outcome::Forwarded) {
        store
            .forward(
                agent,
                id,
                &forward_form(),
                t0 + chrono::Duration::seconds(120),
            )
            .await
            .expect("forward");
    }
    if let Some(o) = outcome {
        store
            .end_call(agent, id, Some(o), t0 + chrono::Duration::seconds(seconds))
            .await
            .expect("end");
    }
    id
}

/// Every non-zero row of the aggregate tables, one line each, sorted.
pub async fn aggregates(store: &CaseStore) -> Vec<String> {
    let mut out = Vec::new();
    for (table, sql) in [
        (
            "hours",
            "SELECT hour || ',' || outcome || ',' || calls || ',' || handling_ms \
             FROM stats_hours WHERE calls <> 0",
        ),
        (
            "topics",
            "SELECT day || ',' || entry_id || ',' || outcome || ',' || calls \
             FROM stats_topic_days WHERE calls <> 0",
        ),
        (
            "durations",
            "SELECT day || ',' || seconds || ',' || calls FROM stats_durations WHERE calls <> 0",
        ),
    ] {
        let rows = sqlx::query(sql)
            .fetch_all(store.pool())
            .await
            .expect("aggregate rows");
        for r in rows {
            out.push(format!("{table}:{}", r.get::<String, _>(0)));
        }
    }
    out.sort();
    out
}
