//! Migration 0003 on a store that already holds calls: its one-off SQL
//! backfill (the Berlin day from the EU daylight-saving rule) must give
//! exactly the aggregates that the Rust code (chrono-tz) computes, for
//! calls at Berlin midnight and around every clock change of several years.

use std::path::Path;

use auskunft::cases::CaseStore;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::figures_support::aggregates;

/// The last Sunday of `month` in `year`, at 01:00 UTC: the EU clock change.
fn switch(year: i32, month: u32) -> DateTime<Utc> {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .expect("date")
        .pred_opt()
        .expect("date");
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().expect("date");
    }
    Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("time"))
}

/// Instants where the Berlin day or hour is easy to get wrong.
fn tricky_instants() -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    for year in 2019..=2030 {
        for month in [3, 10] {
            let s = switch(year, month);
            for minutes in [
                -121,
                -61,
                -1,
                0,
                1,
                59,
                61,
                121,
                22 * 60 + 59,
                23 * 60,
                23 * 60 + 1,
            ] {
                out.push(s + Duration::minutes(minutes));
            }
            // Berlin midnights the day before and after the change.
            for hours in [-26, -25, -2, 21, 22, 23] {
                out.push(s + Duration::hours(hours) - Duration::milliseconds(1));
                out.push(s + Duration::hours(hours));
            }
        }
        // New Year: midnight in Berlin is 23:00 UTC.
        let ny = Utc
            .with_ymd_and_hms(year, 12, 31, 23, 0, 0)
            .single()
            .expect("ny");
        out.push(ny - Duration::milliseconds(1));
        out.push(ny);
    }
    out
}

/// Creates a store at migration 0002, as the last release left it.
async fn store_before_figures(path: &Path) {
    let dir = tempfile::tempdir().expect("tmp");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for file in ["0001_case_store.sql", "0002_retention_index.sql"] {
        std::fs::copy(src.join(file), dir.path().join(file)).expect("copy migration");
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true),
        )
        .await
        .expect("pool");
    let migrator = sqlx::migrate::Migrator::new(dir.path())
        .await
        .expect("migrator");
    migrator.run(&pool).await.expect("0001 and 0002");
    sqlx::query("INSERT INTO agents (id, name, role, created_at) VALUES (1, 'A', 'agent', 0)")
        .execute(&pool)
        .await
        .expect("agent");
    let outcomes = [
        "answered",
        "forwarded",
        "dropped",
        "referred",
        "portal_handoff",
    ];
    let topics = ["reisepass", "personalausweis", "hund-anmelden"];
    for (i, t) in tricky_instants().into_iter().enumerate() {
        let started = t.timestamp_millis();
        let ended = (i % 7 != 0).then_some(started + 1_000 * (i as i64 % 900));
        let outcome = (i % 11 != 0 || ended.is_some()).then_some(outcomes[i % 5]);
        sqlx::query(
            "INSERT INTO calls (id, agent_id, started_at, ended_at, outcome) VALUES ($1, 1, $2, $3, $4)",
        )
        .bind(i as i64 + 1)
        .bind(started)
        .bind(ended)
        .bind(outcome)
        .execute(&pool)
        .await
        .expect("call");
        for (p, topic) in topics.iter().take(i % 3 + 1).enumerate() {
            sqlx::query(
                "INSERT INTO call_topics (call_id, position, entry_id, added_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(i as i64 + 1)
            .bind(p as i64 + 1)
            .bind(topic)
            .bind(started)
            .execute(&pool)
            .await
            .expect("topic");
        }
    }
    pool.close().await;
}

#[tokio::test]
async fn the_migration_backfill_equals_the_rust_rebuild_around_every_clock_change() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("old.sqlite3");
    store_before_figures(&path).await;
    // Opening with this release applies 0003, which backfills.
    let store = CaseStore::open(&path).await.expect("open migrates");
    let backfilled = aggregates(&store).await;
    assert!(backfilled.iter().any(|r| r.starts_with("durations:")));
    let calls = auskunft::stats::rebuild(&store).await.expect("rebuild");
    assert_eq!(calls as usize, tricky_instants().len());
    assert_eq!(aggregates(&store).await, backfilled);
}
