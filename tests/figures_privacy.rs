//! The figures and the staff: figures per agent only when switched on in
//! the settings (LPVG NRW § 72), team figures that never show one person,
//! and exports without personal data.

use std::path::Path;
use std::process::Command;

use auskunft::cases::{Outcome, PER_AGENT_FIGURES_REASON, Role};
use auskunft::stats::{MIN_TEAM, Rate};
use auskunft::{Desk, DeskConfig, ErrorCode};

use crate::backends::Backend;
use crate::common::{at, shipped_kb};
use crate::figures::{NOW, hand_built, week};
use crate::figures_support::{agents, call, desk_with_store_on};
use crate::store_support::SUPERVISOR_PASSWORD;

fn stats_json(kb: &Path, data: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--kb")
        .arg(kb)
        .arg("--data")
        .arg(data)
        .args([
            "stats",
            "--json",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-30",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

async fn per_agent_figures_are_absent_until_a_supervisor_switches_them_on(backend: Backend) {
    let kb = shipped_kb();
    let (mut desk, data) = desk_with_store_on(backend, &kb).await;
    hand_built(&desk).await;

    // Off by default: in the core, in the CLI's JSON (no key at all) and
    // in its CSV.
    assert!(!desk.per_agent_figures().await.expect("switch"));
    let f = desk.figures_at(week(), at(NOW)).await.expect("figures");
    assert!(f.per_agent.is_none());
    let json = stats_json(&kb, data.path());
    assert!(json.get("per_agent").is_none(), "{json}");
    assert!(json.get("calls").is_some());
    let csv = desk.export_figures_csv(week()).await.expect("csv");
    assert!(!csv.contains("Agentin"), "{csv}");

    // An agent cannot switch them on; nobody signed in cannot either.
    assert_eq!(
        desk.set_per_agent_figures(true)
            .await
            .expect_err("nobody")
            .code(),
        ErrorCode::NotSignedIn
    );
    desk.sign_in("Agentin 1", Role::Agent)
        .await
        .expect("sign in");
    let e = desk.set_per_agent_figures(true).await.expect_err("agent");
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    assert!(!desk.per_agent_figures().await.expect("switch"));

    // A supervisor can; the setting is saved for the next start, and the
    // window has the reason to show next to the switch.
    desk.sign_in_with("Teamleitung", Role::Supervisor, Some(SUPERVISOR_PASSWORD))
        .await
        .expect("sign in");
    desk.set_per_agent_figures(true).await.expect("switch on");
    assert!(PER_AGENT_FIGURES_REASON.contains("§ 72 LPVG NRW"));
    let f = desk.figures_at(week(), at(NOW)).await.expect("figures");
    let per_agent = f.per_agent.expect("per agent");
    // Agentin 1 took calls 1, 7 and 9: answered, forwarded, forwarded;
    // 300, 240 and 200 s.
    let a1 = per_agent
        .iter()
        .find(|a| a.name == "Agentin 1")
        .expect("A1");
    assert_eq!((a1.calls, a1.ended), (3, 3));
    assert_eq!(a1.first_contact, Rate { hits: 1, of: 3 });
    assert!((a1.average_handling_seconds.unwrap_or(0.0) - 740.0 / 3.0).abs() < 1e-9);
    assert_eq!(per_agent.len(), 5, "only agents with calls in the period");
    let json = stats_json(&kb, data.path());
    assert_eq!(json["per_agent"].as_array().map(Vec::len), Some(5));

    // Reopened, the desk keeps the setting.
    let mut again = Desk::open(DeskConfig {
        kb_dir: kb.clone(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk");
    again.open_store().await.expect("store");
    assert!(again.per_agent_figures().await.expect("switch"));
    // The switch is a centre setting: its audit row names the supervisor.
    let store = again.cases().expect("store");
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log a JOIN agents g ON g.id = a.agent_id \
         WHERE a.action = 'centre.setting' AND a.detail = 'per_agent_figures=on' \
         AND g.name = 'Teamleitung'",
    )
    .fetch_one(store.pool())
    .await
    .expect("audit");
    assert_eq!(audited, 1);
}

async fn a_team_smaller_than_five_shows_volume_but_no_quality_figures(backend: Backend) {
    use Outcome::*;
    let (desk, _data) = desk_with_store_on(backend, &shipped_kb()).await;
    let store = desk.cases().expect("store");
    let a = agents(store, 2).await;
    call(
        store,
        a[0],
        "2026-11-23T08:00:00+01:00",
        100,
        Some(Answered),
        &["reisepass"],
    )
    .await;
    call(
        store,
        a[1],
        "2026-11-23T09:00:00+01:00",
        200,
        Some(Forwarded),
        &["reisepass"],
    )
    .await;
    let f = desk.figures_at(week(), at(NOW)).await.expect("figures");
    assert!(MIN_TEAM == 5 && f.team_size == 2 && f.withheld);
    assert_eq!((f.calls, f.ended), (2, 2));
    assert_eq!(f.by_hour[8] + f.by_hour[9], 2);
    assert!(f.first_contact.is_none() && f.handling.is_none() && f.outcomes.is_empty());
    assert!(f.days.iter().all(|d| d.first_contact.is_none()));
    assert_eq!(f.top_topics[0].calls, 2);
    assert_eq!(f.top_topics[0].first_contact, None);
    let csv = desk.export_figures_csv(week()).await.expect("csv");
    assert!(csv.contains("Weniger als 5 Beschäftigte"), "{csv}");
}

async fn the_aggregates_hold_no_agent_and_the_call_list_no_person(backend: Backend) {
    let (desk, _data) = desk_with_store_on(backend, &shipped_kb()).await;
    hand_built(&desk).await;
    let store = desk.cases().expect("store");
    for table in ["stats_hours", "stats_topic_days", "stats_durations"] {
        let sql = match backend {
            Backend::Sqlite => "SELECT name FROM pragma_table_info($1)",
            Backend::Postgres => {
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
                 WHERE table_name = $1"
            }
        };
        let columns: Vec<String> = sqlx::query_scalar(sql)
            .bind(table)
            .fetch_all(store.pool())
            .await
            .expect("columns");
        assert!(!columns.is_empty(), "{table}");
        assert!(
            columns.iter().all(|c| !c.contains("agent")),
            "{table}: {columns:?}"
        );
    }
    let csv = desk.export_calls_csv(week()).await.expect("calls csv");
    for personal in ["Mustermann", "0234", "Notiz", "vertraulich", "Agentin"] {
        assert!(!csv.contains(personal), "{personal} in {csv}");
    }
}

on_both_backends!(
    per_agent_figures_are_absent_until_a_supervisor_switches_them_on,
    a_team_smaller_than_five_shows_volume_but_no_quality_figures,
    the_aggregates_hold_no_agent_and_the_call_list_no_person,
);
