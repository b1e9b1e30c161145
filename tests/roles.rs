//! Who may see what (issue 11), against a real PostgreSQL server: each
//! person signs in with a login of their own, and the server's grants and
//! row-level policies decide, for the desk and for any client that
//! bypasses it (raw SQL with each login's credentials). On a desk's own
//! SQLite file: the supervisor password.

use std::collections::BTreeMap;

use auskunft::cases::{
    CallerContact, CaseStore, CentreSetting, NewForward, Outcome, ReplyChannel, Role, SignInKind,
    StoreLocation,
};
use auskunft::stats::{FigureOptions, Period};
use auskunft::{Desk, DeskConfig, ErrorCode};
use sqlx::{Connection, Executor, PgConnection};

use crate::backends::{fresh_database, postgres_configured, use_store_url};
use crate::common::shipped_kb;
use crate::store_support::SUPERVISOR_PASSWORD;

/// A fresh centre store (migrated by the owner) and its URL without a
/// login, as a centre configures its desks.
struct Centre {
    owner_url: String,
    desk_url: String,
    tag: String,
}

impl Centre {
    async fn new() -> Option<Self> {
        if !postgres_configured() {
            return None;
        }
        let owner_url = fresh_database().await;
        // The owner (the administrator) applies the migrations.
        CaseStore::open_at(&StoreLocation::Server(owner_url.clone()))
            .await
            .expect("owner migrates")
            .close()
            .await;
        let mut u = url::Url::parse(&owner_url).expect("url");
        u.set_username("").expect("no user");
        u.set_password(None).expect("no password");
        let tag = format!("{}_{}", std::process::id(), fastrand::u32(..));
        Some(Centre {
            owner_url,
            desk_url: u.to_string(),
            tag,
        })
    }

    /// Creates a login `name_<tag>` with `password`, member of `group`
    /// (none for `""`); returns the login's name. Login roles are the
    /// cluster's, so each test's logins carry its own tag.
    async fn login(&self, name: &str, group: &str, extra: &str) -> String {
        let login = format!("{name}_{}", self.tag);
        let mut admin = PgConnection::connect(&self.owner_url).await.expect("admin");
        let member = if group.is_empty() {
            String::new()
        } else {
            format!(" IN ROLE {group}")
        };
        admin
            .execute(sqlx::AssertSqlSafe(format!(
                "CREATE ROLE {login} LOGIN PASSWORD 'pw-{login}'{member}{extra}"
            )))
            .await
            .expect("create login");
        admin.close().await.ok();
        login
    }

    fn url_of(&self, login: &str) -> String {
        let mut u = url::Url::parse(&self.desk_url).expect("url");
        u.set_username(login).expect("user");
        u.set_password(Some(&format!("pw-{login}"))).expect("pw");
        u.to_string()
    }

    /// A desk configured with the centre's URL, signed in as `login`.
    async fn desk(&self, login: &str) -> (Desk, tempfile::TempDir) {
        let data = tempfile::tempdir().expect("tmp");
        use_store_url(data.path(), &self.desk_url);
        let mut desk = Desk::open(DeskConfig {
            kb_dir: shipped_kb(),
            data_dir: data.path().to_path_buf(),
        })
        .expect("desk");
        desk.open_store().await.expect("no store opened yet");
        assert_eq!(desk.sign_in_kind(), SignInKind::ServerLogin);
        desk.sign_in_login(login, &format!("pw-{login}"))
            .await
            .expect("sign in");
        (desk, data)
    }

    /// A raw connection as `login`: what a client that bypasses the desk
    /// can do.
    async fn raw(&self, login: &str) -> PgConnection {
        PgConnection::connect(&self.url_of(login))
            .await
            .expect("raw connection")
    }
}

/// What a statement did: rows it returned or changed, or the SQLSTATE it
/// was refused with.
async fn attempt(c: &mut PgConnection, sql: &str) -> Result<u64, String> {
    let trimmed = sql.trim_start().to_ascii_uppercase();
    if trimmed.starts_with("SELECT") {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_all(&mut *c)
            .await
            .map(|rows| rows.len() as u64)
    } else {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected())
    }
    .map_err(|e| match e {
        sqlx::Error::Database(d) => d.code().map(|c| c.to_string()).unwrap_or_default(),
        other => other.to_string(),
    })
}

fn forward_for(question: &str) -> NewForward {
    NewForward {
        office_id: "steueramt".into(),
        question: question.into(),
        channel: ReplyChannel::Phone,
        caller: CallerContact {
            name: Some("Erika Mustermann".into()),
            phone: Some("0234 910-0".into()),
            ..CallerContact::default()
        },
    }
}

/// The table of (role × action) → allowed or refused, as raw SQL with
/// each login's credentials; and the same rules through the desk.
#[tokio::test]
async fn each_role_may_do_what_its_row_says_by_any_sql() {
    let Some(centre) = Centre::new().await else {
        return;
    };
    let anna = centre.login("anna", "auskunft_agent", "").await;
    let ben = centre.login("ben", "auskunft_agent", "").await;
    let lead = centre.login("lead", "auskunft_supervisor", "").await;
    let editor = centre.login("edit", "auskunft_editor", "").await;
    let keeper = centre.login("keep", "auskunft_retention", "").await;

    // Anna logs a call with notes, a caller and a forward; Ben one too.
    let (anna_desk, _a) = centre.desk(&anna).await;
    let (ben_desk, _b) = centre.desk(&ben).await;
    let (lead_desk, _l) = centre.desk(&lead).await;
    assert_eq!(anna_desk.agent().map(|a| a.role), Some(Role::Agent));
    assert_eq!(lead_desk.agent().map(|a| a.role), Some(Role::Supervisor));
    assert_eq!(
        anna_desk.agent().map(|a| a.name.clone()),
        Some(anna.clone())
    );
    let anna_call = anna_desk.start_call().await.expect("call");
    anna_desk
        .save_notes(anna_call, "Notiz Anna: Frau M. ruft wegen Mahnung an")
        .await
        .expect("notes");
    let anna_fwd = anna_desk
        .forward(anna_call, &forward_for("Rückruf Hundesteuer"))
        .await
        .expect("forward");
    anna_desk
        .end_call(anna_call, Some(Outcome::Forwarded))
        .await
        .expect("end");
    let ben_call = ben_desk.start_call().await.expect("call");
    ben_desk
        .save_notes(ben_call, "Notiz Ben")
        .await
        .expect("notes");
    ben_desk
        .end_call(ben_call, Some(Outcome::Answered))
        .await
        .expect("end");
    let anna_id = anna_desk.agent().expect("anna").id.0;
    let ben_id = ben_desk.agent().expect("ben").id.0;
    let lead_id = lead_desk.agent().expect("lead").id.0;

    // (login, statement, expected): Ok(rows) or Err(SQLSTATE).
    let refused = "42501";
    let table: Vec<(&str, String, Result<u64, &str>)> = vec![
        // An agent sees only their own calls: not one other agent's note.
        (&ben, "SELECT notes FROM calls WHERE notes LIKE 'Notiz Anna%'".into(), Ok(0)),
        (&ben, "SELECT id FROM calls".into(), Ok(1)),
        (&ben, format!("SELECT caller_phone FROM calls WHERE agent_id = {anna_id}"), Ok(0)),
        (&ben, format!("UPDATE calls SET notes = 'x' WHERE agent_id = {anna_id}"), Ok(0)),
        (&ben, format!("INSERT INTO calls (agent_id, started_at) VALUES ({anna_id}, 1)"), Err(refused)),
        (&ben, "SELECT * FROM call_facts".into(), Err(refused)),
        (&ben, "DELETE FROM calls".into(), Err(refused)),
        // … reads the centre's forwards and marks them done as themselves.
        (&ben, "SELECT id FROM forwards WHERE status = 'open'".into(), Ok(1)),
        (&ben, format!("UPDATE forwards SET status = 'done', done_at = 1, done_by = {anna_id} \
                        WHERE id = {}", anna_fwd.id.0), Err(refused)),
        (&ben, format!("UPDATE forwards SET question = 'x' WHERE id = {}", anna_fwd.id.0), Err(refused)),
        // … cannot read the audit log or change a centre setting.
        (&ben, "SELECT * FROM audit_log".into(), Err(refused)),
        (&ben, "UPDATE audit_log SET detail = 'x'".into(), Err(refused)),
        (&ben, "INSERT INTO centre_settings (key, value, changed_at) VALUES ('per_agent_figures', 'on', 1)".into(), Err(refused)),
        (&ben, format!("INSERT INTO audit_log (at, agent_id, action, record_table) VALUES (1, {anna_id}, 'x', 'calls')"), Err(refused)),
        (&ben, format!("SELECT query FROM search_log WHERE agent_id = {anna_id}"), Ok(0)),
        // A supervisor reads the audit log but may not change it; sees no
        // agent in the calls' facts while the switch is off, and no note.
        (&lead, "SELECT * FROM audit_log".into(), Ok(u64::MAX)),
        (&lead, "UPDATE audit_log SET detail = 'x'".into(), Err(refused)),
        (&lead, "DELETE FROM audit_log".into(), Err(refused)),
        (&lead, "TRUNCATE audit_log".into(), Err(refused)),
        (&lead, "SELECT id FROM call_facts WHERE agent_id IS NOT NULL".into(), Ok(0)),
        (&lead, "SELECT id FROM call_facts".into(), Ok(2)),
        (&lead, "SELECT notes FROM calls WHERE notes IS NOT NULL".into(), Ok(0)),
        (&lead, "SELECT auskunft_team(0, 9000000000000)".into(), Ok(1)),
        // An editor reads the knowledge gaps, not the calls.
        (&editor, "SELECT query FROM search_log".into(), Ok(0)),
        (&editor, "SELECT * FROM calls".into(), Err(refused)),
        (&editor, "SELECT * FROM forwards".into(), Err(refused)),
        // Retention changes only calls past the period (none are).
        (&keeper, "UPDATE calls SET notes = NULL".into(), Ok(0)),
        (&keeper, "SELECT * FROM audit_log".into(), Err(refused)),
    ];
    let mut failures = Vec::new();
    let mut conns: BTreeMap<String, PgConnection> = BTreeMap::new();
    for (login, sql, expected) in &table {
        if !conns.contains_key(*login) {
            conns.insert(login.to_string(), centre.raw(login).await);
        }
        let c = conns.get_mut(*login).expect("conn");
        let got = attempt(c, sql).await;
        let ok = match (expected, &got) {
            // u64::MAX: allowed, any number of rows.
            (Ok(u64::MAX), Ok(_)) => true,
            (Ok(n), Ok(m)) => n == m,
            (Err(code), Err(got)) => code == got,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{login}: {sql}\n   expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Nobody, not even the owner, changes an audit row: the trigger
    // refuses what the grants would allow the owner.
    let mut owner = PgConnection::connect(&centre.owner_url)
        .await
        .expect("owner");
    let e = attempt(&mut owner, "UPDATE audit_log SET detail = 'x'").await;
    assert_eq!(
        e,
        Err("P0001".to_string()),
        "owner's update of the audit log"
    );

    // Ben marks Anna's forward done as himself: allowed, and named.
    let done = ben_desk.mark_forward_done(anna_fwd.id).await.expect("done");
    assert!(done.first);

    // Through the desk: a supervisor's figures have no per-agent list
    // while the switch is off, even when the figures are asked for one
    // directly from the store (the store gives no agent to group by).
    let store = lead_desk.cases().expect("store");
    let now = store.now().await;
    let today = now.with_timezone(&chrono_tz::Europe::Berlin).date_naive();
    let period = Period::day(today);
    let forced = auskunft::stats::compute(
        store,
        lead_desk.kb(),
        period,
        now,
        FigureOptions {
            per_agent: true,
            whole_lists: false,
        },
    )
    .await
    .expect("figures");
    assert!(
        forced.per_agent.as_ref().is_none_or(|p| p.is_empty()),
        "per-agent figures while the switch is off: {:?}",
        forced.per_agent
    );
    // An agent's desk does not show the team's figures at all.
    let e = ben_desk.figures(period).await.expect_err("agent's figures");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    // An agent's desk cannot switch them on, nor can its store when the
    // desk's check is bypassed: the server refuses.
    let e = ben_desk
        .set_per_agent_figures(true)
        .await
        .expect_err("agent");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let ben_store = ben_desk.cases().expect("store");
    let e = ben_store
        .set_centre_setting(
            Some(auskunft::cases::AgentId(ben_id)),
            CentreSetting::PerAgentFigures(true),
            now,
        )
        .await
        .expect_err("server refuses");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    // Ben cannot read Anna's call through the store either.
    assert!(ben_store.call(anna_call).await.is_err());

    // The supervisor switches them on: the audit log names the supervisor.
    lead_desk
        .set_per_agent_figures(true)
        .await
        .expect("switch on");
    let mut raw_lead = centre.raw(&lead).await;
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'centre.setting' \
         AND detail = 'per_agent_figures=on' AND agent_id = $1",
    )
    .bind(lead_id)
    .fetch_one(&mut raw_lead)
    .await
    .expect("audit");
    assert_eq!(named, 1);
    let f = lead_desk.figures(period).await.expect("figures");
    let names: Vec<String> = f
        .per_agent
        .expect("per-agent figures on")
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert!(names.contains(&anna) && names.contains(&ben), "{names:?}");
    // Even now, no note of another agent: the facts carry none.
    assert_eq!(
        attempt(
            &mut raw_lead,
            "SELECT notes FROM calls WHERE notes IS NOT NULL"
        )
        .await,
        Ok(0)
    );
}

/// A wrong password, an expired one and a login without an Auskunft role:
/// each a clear message, no crash, and the desk still answers questions.
#[tokio::test]
async fn refused_sign_ins_say_why() {
    let Some(centre) = Centre::new().await else {
        return;
    };
    let anna = centre.login("anna", "auskunft_agent", "").await;
    let old = centre
        .login("old", "auskunft_agent", " VALID UNTIL '2020-01-01'")
        .await;
    let stranger = centre.login("stranger", "", "").await;
    let data = tempfile::tempdir().expect("tmp");
    use_store_url(data.path(), &centre.desk_url);
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    desk.open_store().await.expect("waits for a login");
    // Nothing signed in: call actions say so.
    assert_eq!(
        desk.start_call().await.expect_err("nobody").code(),
        ErrorCode::NotSignedIn
    );
    for (login, password, why) in [
        (anna.as_str(), "falsch", "wrong password"),
        (old.as_str(), "pw-placeholder", "expired"),
        (stranger.as_str(), "pw-placeholder", "no role"),
    ] {
        let password = if password == "pw-placeholder" {
            format!("pw-{login}")
        } else {
            password.to_string()
        };
        let e = desk.sign_in_login(login, &password).await.expect_err(why);
        assert_eq!(e.code(), ErrorCode::Forbidden, "{why}: {e}");
        assert!(
            !e.to_string().contains(&password),
            "{why}: password echoed: {e}"
        );
        assert!(desk.agent().is_none());
    }
    // The knowledge base still answers.
    assert!(!desk.search("hund anmelden", 3).is_empty());
    // And the right password signs in.
    let agent = desk
        .sign_in_login(&anna, &format!("pw-{anna}"))
        .await
        .expect("right password");
    assert_eq!(agent.role, Role::Agent);
}

/// The single desk's supervisor password: chosen the first time, wrong
/// ones refused and counted, three wrong tries in a row slow down, the
/// hash never logged or shown.
#[tokio::test]
async fn the_desks_supervisor_password() {
    let data = tempfile::tempdir().expect("tmp");
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    desk.open_store().await.expect("store");
    assert_eq!(desk.sign_in_kind(), SignInKind::DeskPassword);
    let store = desk.cases().expect("store").clone();
    assert!(!store.supervisor_password_set().await.expect("read"));
    // Too short to be chosen.
    let e = desk
        .sign_in_with("Lea", Role::Supervisor, Some("kurz"))
        .await
        .expect_err("short");
    assert_eq!(e.field(), Some("password"));
    // The first switch to Teamleitung chooses it.
    let lea = desk
        .sign_in_with("Lea", Role::Supervisor, Some(SUPERVISOR_PASSWORD))
        .await
        .expect("chosen");
    assert_eq!(lea.role, Role::Supervisor);
    assert!(store.supervisor_password_set().await.expect("read"));
    // Teamleitung reads the desk's figures; an agent signed in does not.
    let today = Period::day(
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Berlin)
            .date_naive(),
    );
    desk.figures(today).await.expect("Teamleitung's figures");
    desk.sign_in("Tom", Role::Agent).await.expect("agent");
    let e = desk.figures(today).await.expect_err("agent's figures");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let e = desk
        .export_calls_csv(today)
        .await
        .expect_err("agent's export");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    // An agent cannot raise their role by signing in under Lea's name.
    let e = desk
        .sign_in("Lea", Role::Supervisor)
        .await
        .expect_err("no password");
    assert_eq!(e.code(), ErrorCode::Forbidden);
    for i in 1..=3 {
        let e = desk
            .sign_in_with("Max", Role::Supervisor, Some("falsches-Passwort"))
            .await
            .expect_err("wrong");
        assert_eq!(e.code(), ErrorCode::Forbidden, "try {i}: {e}");
        assert!(!e.to_string().contains("falsches"), "{e}");
    }
    // The fourth try waits, even with the right password.
    let e = desk
        .sign_in_with("Max", Role::Supervisor, Some(SUPERVISOR_PASSWORD))
        .await
        .expect_err("slowed down");
    assert_eq!(e.code(), ErrorCode::Forbidden);
    assert!(e.to_string().contains("next try is possible in"), "{e}");
    let max = store
        .agent_by_name("Max")
        .await
        .expect("read")
        .expect("max");
    assert_eq!(max.role, Role::Agent, "a refused switch changes nothing");
    // The hash is a PHC string in the store, nowhere in the audit log.
    let hash: String = sqlx::query_scalar("SELECT hash FROM supervisor_password")
        .fetch_one(store.pool())
        .await
        .expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let leaked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%argon2%' OR detail LIKE '%Teamleitung-2026%'",
    )
    .fetch_one(store.pool())
    .await
    .expect("audit");
    assert_eq!(leaked, 0);
    let refused: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'supervisor.refused'")
            .fetch_one(store.pool())
            .await
            .expect("audit");
    assert_eq!(refused, 3);
    // After a restart the remembered name is an agent until the password
    // is given again.
    drop(desk);
    let mut again = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    again.open_store().await.expect("store");
    assert_eq!(again.agent().map(|a| a.role), Some(Role::Agent));
}
