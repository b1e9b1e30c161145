//! The call-log CLI contract: `demo seed`, `calls list`, `retention run`,
//! `bench calls`.

use std::path::Path;

use auskunft::cases::CaseStore;
use auskunft::hours::{TZ, is_service_day};
use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::common::{auskunft, shipped_kb};
use crate::store_support::count;

const UNTIL: &str = "2026-11-25T15:00:00+01:00";

fn seed(data: &Path, calls: &str, days: &str, seed: &str) {
    let (code, out, err) = auskunft(
        data,
        &[
            "demo", "seed", "--calls", calls, "--days", days, "--seed", seed, "--until", UNTIL,
        ],
    );
    assert_eq!(code, 0, "{err}");
    // No progress bar when stdout is no terminal: clean lines only.
    assert!(!out.contains('\r'), "{out:?}");
    assert!(out.starts_with(&format!("seeded {calls} calls")), "{out}");
}

fn list_json(data: &Path, limit: &str) -> Vec<serde_json::Value> {
    let (code, out, err) = auskunft(data, &["calls", "list", "--json", "--limit", limit]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON list")
}

#[tokio::test]
async fn demo_seed_is_realistic_and_deterministic() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    let c = tempfile::tempdir().expect("tmp");
    seed(a.path(), "4000", "40", "7");
    seed(b.path(), "4000", "40", "7");
    seed(c.path(), "4000", "40", "8");
    let (la, lb, lc) = (
        list_json(a.path(), "5000"),
        list_json(b.path(), "5000"),
        list_json(c.path(), "5000"),
    );
    assert_eq!(la.len(), 4000);
    assert_eq!(la, lb, "the same seed gives the same calls");
    assert_ne!(la, lc, "another seed gives other calls");

    // Newest first, all in service time, none after the end.
    let until = DateTime::parse_from_rfc3339(UNTIL)
        .expect("rfc")
        .with_timezone(&Utc);
    let starts: Vec<DateTime<Utc>> = la
        .iter()
        .map(|c| {
            DateTime::parse_from_rfc3339(c["started_at"].as_str().expect("started_at"))
                .expect("rfc")
                .with_timezone(&Utc)
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let mut by_weekday = [0u32; 5];
    let mut monday_by_hour = [0u32; 10];
    for s in &starts {
        let local = s.with_timezone(&TZ);
        assert!(*s <= until);
        assert!(is_service_day(local.date_naive()), "{local}");
        assert!((8..18).contains(&local.hour()), "{local}");
        by_weekday[local.weekday().num_days_from_monday() as usize] += 1;
        if local.weekday().num_days_from_monday() == 0 {
            monday_by_hour[(local.hour() - 8) as usize] += 1;
        }
    }
    assert!(
        by_weekday[0] > by_weekday[4],
        "Mondays busier than Fridays: {by_weekday:?}"
    );
    assert!(
        monday_by_hour[1] > monday_by_hour[9],
        "mornings busier: {monday_by_hour:?}"
    );

    let store = CaseStore::open(&a.path().join(auskunft::cases::STORE_FILE))
        .await
        .expect("store");
    // First-contact resolution as ARCHITECTURE.md defines it: settled
    // (answered, portal handoff, referred) over every call but dropped.
    let considered = count(
        &store,
        "SELECT COUNT(*) FROM calls WHERE outcome <> 'dropped'",
    )
    .await as f64;
    let first = count(
        &store,
        "SELECT COUNT(*) FROM calls WHERE outcome IN ('answered', 'portal_handoff', 'referred')",
    )
    .await as f64;
    assert!(
        (0.65..=0.75).contains(&(first / considered)),
        "first contact {}",
        first / considered
    );
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM calls WHERE outcome = 'portal_handoff'"
        )
        .await
            > 0
    );
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM calls WHERE outcome = 'dropped'"
        )
        .await
            > 0
    );
    let until_ms = until.timestamp_millis();
    let overdue: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM forwards WHERE status = 'open' AND due_at < $1")
            .bind(until_ms)
            .fetch_one(store.pool())
            .await
            .expect("overdue");
    let done = count(
        &store,
        "SELECT COUNT(*) FROM forwards WHERE status = 'done'",
    )
    .await;
    assert!(
        overdue > 0 && done > overdue,
        "overdue {overdue}, done {done}"
    );
    assert!(
        count(
            &store,
            "SELECT COUNT(*) FROM search_log WHERE result_count = 0"
        )
        .await
            > 0
    );
    // Every topic is a knowledge-base entry; the busiest topics are the
    // ones a city's 115 centre hears most.
    let kb = auskunft::kb::KnowledgeBase::load(&shipped_kb(), chrono::Utc::now().date_naive())
        .expect("kb");
    let topics: Vec<(String, i64)> = sqlx::query_as(
        "SELECT entry_id, COUNT(*) n FROM call_topics GROUP BY entry_id ORDER BY n DESC",
    )
    .fetch_all(store.pool())
    .await
    .expect("topics");
    assert!(topics.iter().all(|(id, _)| kb.entries.contains_key(id)));
    let top5: Vec<&str> = topics.iter().take(5).map(|(id, _)| id.as_str()).collect();
    assert!(top5.contains(&"personalausweis"), "{top5:?}");
    // Forwards go to offices.
    let offices: Vec<String> = sqlx::query_scalar("SELECT DISTINCT office_id FROM forwards")
        .fetch_all(store.pool())
        .await
        .expect("offices");
    assert!(offices.iter().all(|o| {
        kb.entries
            .get(o)
            .is_some_and(|e| e.kind == auskunft::kb::EntryKind::Location)
    }));
}

#[test]
fn calls_list_text_and_limit() {
    let d = tempfile::tempdir().expect("tmp");
    let (code, out, _) = auskunft(d.path(), &["calls", "list"]);
    assert_eq!((code, out.trim()), (0, "Keine Anrufe."));
    seed(d.path(), "50", "5", "1");
    let (code, out, _) = auskunft(d.path(), &["calls", "list", "--limit", "3"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("50\t"), "{out}");
    assert_eq!(lines[0].split('\t').count(), 6, "{out}");
    let json = list_json(d.path(), "2");
    assert_eq!(json.len(), 2);
    for key in [
        "id",
        "agent",
        "started_at",
        "ended_at",
        "outcome",
        "topics",
        "notes",
    ] {
        assert!(json[0].get(key).is_some(), "missing {key}: {}", json[0]);
    }
}

#[test]
fn retention_run_reports_then_anonymises() {
    let d = tempfile::tempdir().expect("tmp");
    // 200 days back from a fixed end: many calls ended more than 90 days
    // before today.
    seed(d.path(), "2000", "200", "3");
    let (code, dry, err) = auskunft(d.path(), &["retention", "run", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(dry.starts_with("would anonymise "), "{dry}");
    let n: u64 = dry
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(n > 0, "{dry}");
    let (_, run, _) = auskunft(d.path(), &["retention", "run"]);
    assert!(run.starts_with(&format!("anonymised {n} calls")), "{run}");
    let (_, again, _) = auskunft(d.path(), &["retention", "run", "--dry-run"]);
    assert!(again.starts_with("would anonymise 0 calls"), "{again}");
}

#[test]
fn bench_calls_prints_percentiles() {
    let d = tempfile::tempdir().expect("tmp");
    let (code, out, err) = auskunft(d.path(), &["bench", "calls", "--n", "30"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("calls=30 p50="), "{out}");
    assert!(out.contains(" p99="), "{out}");
}

#[test]
fn seed_refuses_a_span_without_service_hours() {
    let d = tempfile::tempdir().expect("tmp");
    // Sunday 2026-11-29, one day: no service hours.
    let (code, _, err) = auskunft(
        d.path(),
        &[
            "demo",
            "seed",
            "--calls",
            "10",
            "--days",
            "1",
            "--until",
            "2026-11-29T12:00:00+01:00",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("days:"), "{err}");
}

/// Regression: `demo seed --days 1000000` panicked (exit 101) and
/// `--calls 5000000000` asked for about 40 GB. Both are refused, naming the
/// option and the bound, before a store is created.
#[test]
fn seed_refuses_counts_beyond_the_bounds() {
    let d = tempfile::tempdir().expect("tmp");
    for (calls, days, says) in [
        ("10", "1000000", "days: 1000000 days; at most 3660"),
        (
            "5000000000",
            "30",
            "calls: 5000000000 calls; at most 10000000",
        ),
        ("10", "0", "days: at least one day"),
    ] {
        let (code, _, err) = auskunft(
            d.path(),
            &[
                "demo", "seed", "--calls", calls, "--days", days, "--until", UNTIL,
            ],
        );
        assert_eq!(code, 2, "{calls} {days}: {err}");
        assert!(err.contains(says), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(
        !d.path().join(auskunft::cases::STORE_FILE).exists(),
        "no store was created"
    );
}

/// The core's entry point refuses the same, for callers other than the
/// CLI, and writes nothing.
#[tokio::test]
async fn seed_entry_point_checks_its_options() {
    use auskunft::cases::seed::{MAX_CALLS, MAX_DAYS, SeedOptions, seed};
    let d = tempfile::tempdir().expect("tmp");
    let store = CaseStore::open(&d.path().join("s.sqlite3"))
        .await
        .expect("store");
    let kb = auskunft::kb::KnowledgeBase::load(
        &shipped_kb(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
    )
    .expect("kb");
    let until = DateTime::parse_from_rfc3339(UNTIL)
        .expect("time")
        .with_timezone(&Utc);
    for (calls, days, field) in [
        (MAX_CALLS + 1, 30, "calls"),
        (10, MAX_DAYS + 1, "days"),
        (10, u32::MAX, "days"),
    ] {
        let opts = SeedOptions {
            calls,
            days,
            seed: 1,
            until,
        };
        let e = seed(&store, &kb, &opts, &mut |_, _| {})
            .await
            .expect_err("refused");
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert_eq!(count(&store, "SELECT COUNT(*) FROM calls").await, 0);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM agents").await, 0);
}

#[test]
fn store_migrate_creates_the_desks_file_and_says_whose_it_is() {
    let d = tempfile::tempdir().expect("tmp");
    let (code, out, err) = auskunft(d.path(), &["store", "migrate"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("up to date; this desk's own file"), "{out}");
    assert!(d.path().join("auskunft.sqlite3").is_file());
    // Twice is harmless: nothing left to apply.
    let (code, again, err) = auskunft(d.path(), &["store", "migrate"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, again);
}

#[test]
fn a_bench_folder_with_someone_elses_files_is_refused_not_deleted() {
    let d = tempfile::tempdir().expect("tmp");
    let foreign = d.path().join("bench-calls");
    std::fs::create_dir_all(&foreign).expect("dir");
    std::fs::write(foreign.join("wichtig.txt"), "nicht löschen").expect("write");
    let (code, _, err) = auskunft(d.path(), &["bench", "calls", "--n", "5"]);
    assert_ne!(code, 0);
    assert!(err.contains("nothing was deleted"), "{err}");
    assert!(foreign.join("wichtig.txt").is_file());
    // Its own folder from an earlier run is cleared and used again.
    let own = tempfile::tempdir().expect("tmp");
    for _ in 0..2 {
        let (code, out, err) = auskunft(own.path(), &["bench", "calls", "--n", "5"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("calls=5 "), "{out}");
    }
}
