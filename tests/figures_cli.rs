//! The figures as files and on the command line: CSV for German Excel
//! (BOM, `;`, dd.mm.yyyy, decimal comma), the `stats` CLI contract, the
//! aggregates of the demo seed against the raw calls, and the query plans
//! the figures rely on.

use auskunft::cases::CaseStore;
use auskunft::stats::{Period, parse_date};

use crate::common::{auskunft_bytes as auskunft, shipped_kb};
use crate::figures::{hand_built, week};
use crate::figures_support::desk_with_store_on;

fn lines(csv: &str) -> Vec<&str> {
    csv.split("\r\n").collect()
}

/// The rows of the CSV section whose heading row starts with `heading`,
/// up to the blank line that ends it.
fn section_rows(rows: &[&str], heading: &str) -> usize {
    let head = rows
        .iter()
        .position(|l| l.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}"));
    rows[head + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .count()
}

#[tokio::test]
async fn figures_csv_is_made_for_german_excel() {
    let (desk, _data) = desk_with_store_on(crate::backends::Backend::Sqlite, &shipped_kb()).await;
    hand_built(&desk).await;
    let csv = desk.export_figures_csv(week()).await.expect("csv");
    assert!(csv.starts_with('\u{feff}'), "UTF-8 byte-order mark first");
    assert!(
        !csv.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    let l = lines(&csv);
    assert_eq!(
        l[0],
        "\u{feff}Kennzahlen ServiceCenter 115 Bochum;23.11.2026 – 29.11.2026;23.11.2026;29.11.2026"
    );
    for expected in [
        "Kennzahl;Wert;Ziel",
        "Anrufe;11;",
        "Beendete Anrufe;10;",
        "Erstlösungsquote (%);66,7;65,0",
        "Bearbeitungszeit Durchschnitt (Sekunden);197,0;",
        "Bearbeitungszeit Median (Sekunden);165,0;",
        "Beantwortet;4;40,0",
        "Datum;Wochentag;Anrufe;Beendet;Erstlösungsquote (%);Bearbeitungszeit Durchschnitt (Sekunden)",
        "23.11.2026;Mo;5;5;75,0;246,0",
        "24.11.2026;Di;2;2;;",
        "Stunde;Mo;Di;Mi;Do;Fr;Sa;So;Summe",
        "09:00;2;0;0;0;1;0;0;3",
        "Personalausweis beantragen;personalausweis;3;66,7",
        "Bürgerbüro Wattenscheid Parkplatz;3;2;25.11.2026 14:01",
    ] {
        assert!(l.contains(&expected), "missing line {expected:?} in\n{csv}");
    }
}

#[tokio::test]
async fn the_call_list_is_anonymised_csv_for_german_excel() {
    let (desk, _data) = desk_with_store_on(crate::backends::Backend::Sqlite, &shipped_kb()).await;
    hand_built(&desk).await;
    let csv = desk.export_calls_csv(week()).await.expect("csv");
    let l = lines(&csv);
    assert_eq!(
        l[0],
        "\u{feff}Nr.;Datum;Wochentag;Beginn;Ende;Dauer (Sekunden);Ergebnis;Beim Erstkontakt gelöst;\
         Themen;Themen-IDs;Weitergeleitet an;Fällig;Erledigt"
    );
    // 11 calls, oldest first, then the empty string after the last CRLF.
    assert_eq!(l.len(), 1 + 11 + 1, "{csv}");
    assert_eq!(
        l[1],
        "1;23.11.2026;Mo;08:15;08:20;300;Beantwortet;ja;Personalausweis beantragen;personalausweis;;;"
    );
    assert_eq!(
        l[2],
        "2;23.11.2026;Mo;08:40;08:42;120;Weitergeleitet;nein;Hund anmelden (Hundesteuer);\
         hund-anmelden;Steueramt (Steuerabteilung, Hundesteuer, Grundsteuer);25.11.2026 12:42;24.11.2026 15:00"
    );
    assert_eq!(l[3], "3;23.11.2026;Mo;09:05;09:06;60;Abgebrochen;;;;;;");
    assert_eq!(
        l[4],
        "4;23.11.2026;Mo;09:30;09:40;600;Verwiesen;ja;Personalausweis beantragen, \
         Reisepass beantragen (auch Express);personalausweis, reisepass;;;"
    );
    assert_eq!(
        l[10],
        "10;27.11.2026;Fr;17:59;;;nicht beendet;;Hund anmelden (Hundesteuer);hund-anmelden;;;"
    );
    assert_eq!(l[11], "11;28.11.2026;Sa;11:00;11:00;30;Beantwortet;ja;;;;;");
}

#[test]
fn stats_cli_contract() {
    let d = tempfile::tempdir().expect("tmp");
    let (code, out, err) = auskunft(
        d.path(),
        &[
            "demo",
            "seed",
            "--calls",
            "3000",
            "--days",
            "40",
            "--seed",
            "5",
            "--until",
            "2026-11-25T15:00:00+01:00",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(String::from_utf8_lossy(&out).starts_with("seeded 3000 calls"));

    let range = ["--from", "2026-10-20", "--to", "01.11.2026"];
    let (code, out, err) = auskunft(d.path(), &[&["stats", "--json"][..], &range].concat());
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    for key in [
        "calls",
        "fcr",
        "aht_seconds",
        "by_outcome",
        "by_hour",
        "top_topics",
        "knowledge_gaps",
        "forwards",
        "handoffs",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    assert_eq!(json["from"], "2026-10-20");
    assert_eq!(json["to"], "2026-11-01");
    assert_eq!(json["by_hour"].as_array().map(Vec::len), Some(24));
    assert_eq!(json["by_day"].as_array().map(Vec::len), Some(12));
    assert_eq!(json["fcr_target"], 0.65);
    let calls = json["calls"].as_u64().expect("calls");
    assert!(calls > 500, "{json}");
    let fcr = json["fcr"].as_f64().expect("fcr");
    assert!((0.6..0.8).contains(&fcr), "{fcr}");
    assert!(
        json["knowledge_gaps"]["searches"]
            .as_array()
            .is_some_and(|g| !g.is_empty())
    );
    assert!(json.get("per_agent").is_none());

    // Text for people.
    let (code, out, _) = auskunft(d.path(), &[&["stats"][..], &range].concat());
    assert_eq!(code, 0);
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        text.starts_with("Kennzahlen 20.10.2026 – 31.10.2026"),
        "{text}"
    );
    assert!(text.contains("Erstlösungsquote: "), "{text}");

    // CSV of the figures and the call list: BOM, ';', one line per call.
    let (code, out, _) = auskunft(d.path(), &[&["stats", "--csv"][..], &range].concat());
    assert_eq!(code, 0);
    let csv = String::from_utf8(out).expect("UTF-8");
    assert!(csv.starts_with("\u{feff}Kennzahlen ServiceCenter 115 Bochum;20.10.2026 – 31.10.2026"));
    let (code, out, _) = auskunft(d.path(), &[&["stats", "--calls-csv"][..], &range].concat());
    assert_eq!(code, 0);
    let list = String::from_utf8(out).expect("UTF-8");
    assert!(list.starts_with("\u{feff}Nr.;Datum;"));
    assert_eq!(list.matches("\r\n").count() as u64, calls + 1);

    // Errors name the option; formats exclude each other.
    let (code, _, err) = auskunft(d.path(), &["stats", "--from", "2026-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("from:"), "{err}");
    let (code, _, err) = auskunft(
        d.path(),
        &["stats", "--from", "2026-11-02", "--to", "2026-11-01"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("to:"), "{err}");
    let (code, _, _) = auskunft(d.path(), &["stats", "--json", "--csv"]);
    assert_eq!(code, 2);

    // --help documents the period, the formats and the call list.
    let (code, out, _) = auskunft(d.path(), &["stats", "--help"]);
    assert_eq!(code, 0);
    let help = String::from_utf8(out).expect("UTF-8");
    for word in [
        "--calls-csv",
        "--csv",
        "--json",
        "NOT counted",
        "dd.mm.yyyy",
        "per_agent_figures",
    ] {
        assert!(help.contains(word), "{word} missing from\n{help}");
    }
}

/// Runs one SQL query that returns a single number.
async fn number(store: &CaseStore, sql: &str, a: i64, b: i64) -> f64 {
    sqlx::query_scalar::<_, f64>(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(a)
        .bind(b)
        .fetch_one(store.pool())
        .await
        .expect(sql)
}

#[tokio::test]
async fn seeded_figures_equal_the_raw_calls_and_use_the_indexes() {
    let d = tempfile::tempdir().expect("tmp");
    let (code, _, err) = auskunft(
        d.path(),
        &[
            "demo",
            "seed",
            "--calls",
            "6000",
            "--days",
            "70",
            "--seed",
            "9",
            "--until",
            "2026-11-25T15:00:00+01:00",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut desk = auskunft::Desk::open(auskunft::DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: d.path().to_path_buf(),
    })
    .expect("desk");
    desk.open_store().await.expect("store");
    let store = desk.cases().expect("store").clone();
    let october = Period::month_of(parse_date("d", "2026-10-01").expect("date"));
    let now = crate::common::at("2026-11-25T15:00:00+01:00");
    let f = desk.figures_at(october, now).await.expect("figures");
    let (a, b) = october.ms_range();
    let raw = |sql: &'static str| number(&store, sql, a, b);
    assert_eq!(
        f.calls as f64,
        raw("SELECT COUNT(*) * 1.0 FROM calls WHERE started_at >= $1 AND started_at < $2").await
    );
    let hits = raw(
        "SELECT COUNT(*) * 1.0 FROM calls WHERE started_at >= $1 AND started_at < $2 \
         AND outcome IN ('answered', 'portal_handoff', 'referred') AND ended_at IS NOT NULL",
    )
    .await;
    let of = raw(
        "SELECT COUNT(*) * 1.0 FROM calls WHERE started_at >= $1 AND started_at < $2 \
         AND outcome <> 'dropped' AND ended_at IS NOT NULL",
    )
    .await;
    let rate = f.first_contact.expect("shown");
    assert_eq!((rate.hits as f64, rate.of as f64), (hits, of));
    let aht = raw("SELECT AVG((ended_at - started_at) / 1000.0) FROM calls \
         WHERE started_at >= $1 AND started_at < $2 AND ended_at IS NOT NULL")
    .await;
    let h = f.handling.expect("shown");
    assert!((h.average_seconds.unwrap_or(0.0) - aht).abs() < 1e-6);
    // The median of whole seconds, from the sorted calls.
    let n = f.ended as i64;
    let mut secs: Vec<i64> = sqlx::query_scalar(
        "SELECT (ended_at - started_at) / 1000 FROM calls \
         WHERE started_at >= $1 AND started_at < $2 AND ended_at IS NOT NULL ORDER BY 1",
    )
    .bind(a)
    .bind(b)
    .fetch_all(store.pool())
    .await
    .expect("durations");
    assert_eq!(secs.len() as i64, n);
    secs.sort_unstable();
    let median = (secs[(secs.len() - 1) / 2] + secs[secs.len() / 2]) as f64 / 2.0;
    assert_eq!(h.median_seconds, Some(median));
    // The busiest topic, counted from the raw topics.
    let top = &f.top_topics[0];
    let raw_top: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM call_topics t JOIN calls c ON c.id = t.call_id \
         WHERE c.started_at >= $1 AND c.started_at < $2 AND t.entry_id = $3",
    )
    .bind(a)
    .bind(b)
    .bind(&top.entry_id)
    .fetch_one(store.pool())
    .await
    .expect("topic");
    assert_eq!(top.calls as i64, raw_top);
    // The days add up to the period.
    assert_eq!(f.days.iter().map(|d| d.calls).sum::<u64>(), f.calls);
    // Issue 15: the gaps are cut at TOP_GAPS, and the figures say of how
    // many (the distinct normalised texts of the raw gap searches).
    let texts: Vec<String> = sqlx::query_scalar(
        "SELECT query FROM search_log WHERE (opened_entry_id IS NULL OR result_count = 0) \
         AND at >= $1 AND at < $2",
    )
    .bind(a)
    .bind(b)
    .fetch_all(store.pool())
    .await
    .expect("gap searches");
    let keys: std::collections::BTreeSet<String> = texts
        .iter()
        .map(|t| auskunft::stats::gap_key(t))
        .filter(|k| !k.is_empty())
        .collect();
    assert_eq!(f.search_gaps_total, keys.len() as u64);
    assert!(f.search_gaps_total > auskunft::stats::TOP_GAPS as u64);
    assert_eq!(f.search_gaps.len(), auskunft::stats::TOP_GAPS);
    // The rest of the cut list is in the export: the CSV holds every gap.
    let csv = desk.export_figures_csv(october).await.expect("csv");
    let rows = lines(&csv);
    let gap_rows = section_rows(&rows, "Wissenslücke (Suche);");
    assert_eq!(gap_rows as u64, f.search_gaps_total);
    // Overdue forwards likewise: the window lists the oldest
    // OVERDUE_LISTED, the CSV every one its "überfällig (jetzt)" counts.
    assert!(f.forwards.overdue_now > auskunft::stats::OVERDUE_LISTED as u64);
    assert_eq!(f.forwards.overdue.len(), auskunft::stats::OVERDUE_LISTED);
    let overdue_now: u64 = rows
        .iter()
        .find_map(|l| l.strip_prefix("Weiterleitungen überfällig (jetzt);"))
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .expect("overdue count");
    assert!(overdue_now >= f.forwards.overdue_now);
    let overdue_rows = section_rows(&rows, "Überfällige Weiterleitung;");
    assert_eq!(overdue_rows as u64, overdue_now);
    // October is over on 25 November: no day of it is partial.
    assert!(!f.is_partial() && f.days.iter().all(|d| !d.partial));

    // The plans: aggregates by primary key, searches and forwards by their
    // indexes, and no statement scans the calls or the search log.
    let mut c = store.pool().acquire().await.expect("connection");
    let plans = auskunft::stats::query_plans(&mut c, &october)
        .await
        .expect("plans");
    let plan = |name: &str| {
        plans
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    };
    for (name, index) in [
        ("hours", "SEARCH stats_hours USING PRIMARY KEY"),
        ("durations", "SEARCH stats_durations USING PRIMARY KEY"),
        ("topics", "SEARCH stats_topic_days USING PRIMARY KEY"),
        ("team", "USING COVERING INDEX calls_agent_started_at"),
        ("team_by_day", "USING COVERING INDEX calls_agent_started_at"),
        ("gaps", "SEARCH search_log USING INDEX search_log_gaps"),
        (
            "forwards",
            "SEARCH forwards USING COVERING INDEX forwards_created",
        ),
        ("forwards_open", "forwards_status_due"),
        ("overdue", "SEARCH forwards USING INDEX forwards_status_due"),
        ("per_agent", "SEARCH calls USING INDEX calls_started_at"),
    ] {
        assert!(plan(name).contains(index), "{name}: {}", plan(name));
    }
    for (name, p) in &plans {
        for scan in [
            "SCAN calls",
            "SCAN c ",
            "SCAN search_log",
            "SCAN forwards",
            "SCAN stats_",
        ] {
            assert!(!format!("{p} ").contains(scan), "{name} scans: {p}");
        }
    }
}

/// Regression: `stats --from 01.11.26` read the year 26. Two-digit years
/// are refused naming the option; ISO and TT.MM.JJJJ still work.
#[test]
fn stats_refuses_two_digit_years_and_reads_both_forms() {
    let d = tempfile::tempdir().expect("tmp");
    for (from, to) in [("01.11.26", "01.12.2026"), ("2026-11-01", "26-12-01")] {
        let (code, out, err) = auskunft(d.path(), &["stats", "--json", "--from", from, "--to", to]);
        assert_eq!(code, 2, "{from} {to}: {}", String::from_utf8_lossy(&out));
        let option = if from.len() == 8 { "from:" } else { "to:" };
        assert!(
            err.contains(option) && err.contains("four digits") && err.contains("TT.MM.JJJJ"),
            "{err}"
        );
    }
    let (code, out, err) = auskunft(
        d.path(),
        &[
            "stats",
            "--json",
            "--from",
            "01.11.2026",
            "--to",
            "2026-12-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("2026-11-01"), Some("2026-12-01"))
    );
}
