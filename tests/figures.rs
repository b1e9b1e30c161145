//! The supervisor's figures on a small data set built by hand, against
//! values worked out by hand (in the comments), on a real SQLite file.
//!
//! The week Monday 23 to Sunday 29 November 2026 (CET, UTC+1), five
//! agents A1–A5. In the period (start, agent, handling time, outcome,
//! topics):
//!
//! | # | start        | agent | secs | outcome        | topics                       |
//! |---|--------------|-------|------|----------------|------------------------------|
//! | 1 | Mo 08:15     | A1    | 300  | answered       | personalausweis              |
//! | 2 | Mo 08:40     | A2    | 120  | forwarded      | hund-anmelden                |
//! | 3 | Mo 09:05     | A3    | 60   | dropped        | –                            |
//! | 4 | Mo 09:30     | A4    | 600  | referred       | personalausweis, reisepass   |
//! | 5 | Mo 11:00     | A5    | 150  | answered       | reisepass                    |
//! | 6 | Di 10:00     | A5    | 180  | portal_handoff | wunschkennzeichen            |
//! | 7 | Di 10:10     | A1    | 240  | forwarded      | personalausweis              |
//! | 8 | Mi 14:00     | A2    | 90   | answered       | reisepass (sperrmuell removed)|
//! | 9 | Fr 09:00     | A1    | 200  | forwarded      | hund-anmelden                |
//! |10 | Fr 17:59     | A4    | –    | (running)      | hund-anmelden                |
//! |11 | Sa 11:00     | A3    | 30   | referred → answered after the end | –         |
//!
//! Outside it: Mo 16.11. 10:00 (A2, forwarded, still open, due Wednesday
//! 18.11. 14:02), So 22.11.
//! 23:59:59 and Mo 30.11. 00:00:00 (A5, answered).
//!
//! By hand: 11 calls, 10 ended; answered 4 (1, 5, 8, 11), forwarded 3
//! (2, 7, 9), portal 1, referred 1, dropped 1. First contact is
//! (4 + 1 + 1) / (10 − 1) = 6/9 = 66.7 %, above 65 %. Handling: sum
//! 1,970 s over 10 is 197.0 s; sorted 30 60 90 120 150 180 200 240 300
//! 600, the median is (150 + 180) / 2 = 165.0 s.

use auskunft::Desk;
use auskunft::cases::Outcome;
use auskunft::stats::{FCR_TARGET, Figures, MIN_JUDGED, Period, Rate, parse_date};
use chrono::{DateTime, Utc};

use crate::backends::Backend;
use crate::common::at;
use crate::figures_support::{agents, aggregates, call, desk_with_store_on, kb_with_a_stale_entry};

/// "Now" for the figures: Friday 27.11.2026, 12:00.
pub const NOW: &str = "2026-11-27T12:00:00+01:00";

/// The week of the data set.
pub fn week() -> Period {
    Period::new(
        parse_date("from", "2026-11-23").expect("date"),
        parse_date("to", "2026-11-30").expect("date"),
    )
    .expect("period")
}

/// Builds the table above in the desk's store.
pub async fn hand_built(desk: &Desk) {
    use Outcome::*;
    let store = desk.cases().expect("store");
    let a = agents(store, 5).await;
    let (a1, a2, a3, a4, a5) = (a[0], a[1], a[2], a[3], a[4]);
    // Outside the period.
    call(
        store,
        a2,
        "2026-11-16T10:00:00+01:00",
        100,
        Some(Forwarded),
        &[],
    )
    .await;
    call(
        store,
        a5,
        "2026-11-22T23:59:59+01:00",
        10,
        Some(Answered),
        &["personalausweis"],
    )
    .await;
    call(
        store,
        a5,
        "2026-11-30T00:00:00+01:00",
        10,
        Some(Answered),
        &["personalausweis"],
    )
    .await;
    let calls = vec![
        call(
            store,
            a1,
            "2026-11-23T08:15:00+01:00",
            300,
            Some(Answered),
            &["personalausweis"],
        )
        .await,
        call(
            store,
            a2,
            "2026-11-23T08:40:00+01:00",
            120,
            Some(Forwarded),
            &["hund-anmelden"],
        )
        .await,
        call(
            store,
            a3,
            "2026-11-23T09:05:00+01:00",
            60,
            Some(Dropped),
            &[],
        )
        .await,
        call(
            store,
            a4,
            "2026-11-23T09:30:00+01:00",
            600,
            Some(Referred),
            &["personalausweis", "reisepass"],
        )
        .await,
        call(
            store,
            a5,
            "2026-11-23T11:00:00+01:00",
            150,
            Some(Answered),
            &["reisepass"],
        )
        .await,
        call(
            store,
            a5,
            "2026-11-24T10:00:00+01:00",
            180,
            Some(PortalHandoff),
            &["wunschkennzeichen"],
        )
        .await,
        call(
            store,
            a1,
            "2026-11-24T10:10:00+01:00",
            240,
            Some(Forwarded),
            &["personalausweis"],
        )
        .await,
        call(
            store,
            a2,
            "2026-11-25T14:00:00+01:00",
            90,
            Some(Answered),
            &["reisepass", "sperrmuell"],
        )
        .await,
        call(
            store,
            a1,
            "2026-11-27T09:00:00+01:00",
            200,
            Some(Forwarded),
            &["hund-anmelden"],
        )
        .await,
        call(
            store,
            a4,
            "2026-11-27T17:59:00+01:00",
            0,
            None,
            &["hund-anmelden"],
        )
        .await,
        call(
            store,
            a3,
            "2026-11-28T11:00:00+01:00",
            30,
            Some(Referred),
            &[],
        )
        .await,
    ];
    // A topic opened by mistake and removed after the end, and an outcome
    // corrected after the end: the aggregates follow both.
    store
        .remove_topic(a2, calls[7], "sperrmuell", at("2026-11-25T14:05:00+01:00"))
        .await
        .expect("remove");
    store
        .set_outcome(a3, calls[10], Answered, at("2026-11-28T11:05:00+01:00"))
        .await
        .expect("correct");
    // Forward of call 2 answered on Tuesday 15:00 (due Wednesday 12:42):
    // on time. Call 7's forward (due Thursday 14:12) stays open: overdue
    // at Friday noon. Call 9's (due Tuesday 1 Dec) is open and not due.
    let f2 = store.forwards_of(calls[1]).await.expect("forwards")[0].id;
    store
        .mark_forward_done(a3, f2, at("2026-11-24T15:00:00+01:00"))
        .await
        .expect("done");
    // Searches: one gap typed three ways, one typed once, one before the
    // period, and a search that opened an entry (no gap).
    let searches: [(&str, u32, Option<&str>, &str, usize); 6] = [
        (
            "Bürgerbüro Wattenscheid Parkplatz",
            0,
            None,
            "2026-11-23T08:20:00+01:00",
            0,
        ),
        (
            "Bürgerbüro Wattenscheid Parkplatz",
            0,
            None,
            "2026-11-24T10:05:00+01:00",
            5,
        ),
        (
            "buergerbuero  wattenscheid, parkplatz!",
            2,
            None,
            "2026-11-25T14:01:00+01:00",
            7,
        ),
        ("taubenplage", 0, None, "2026-11-23T09:31:00+01:00", 3),
        ("taubenplage", 0, None, "2026-11-22T23:00:00+01:00", 0),
        (
            "perso",
            4,
            Some("personalausweis"),
            "2026-11-23T08:16:00+01:00",
            0,
        ),
    ];
    for (query, results, opened, when, call_index) in searches {
        store
            .log_search(
                Some(a1),
                Some(calls[call_index]),
                query,
                results,
                opened,
                at(when),
            )
            .await
            .expect("search");
    }
}

async fn figures_of_the_week(
    backend: Backend,
) -> (Figures, Desk, tempfile::TempDir, tempfile::TempDir) {
    let kb = kb_with_a_stale_entry();
    let (desk, data) = desk_with_store_on(backend, kb.path()).await;
    hand_built(&desk).await;
    let f = desk.figures_at(week(), at(NOW)).await.expect("figures");
    (f, desk, data, kb)
}

fn rate(hits: u64, of: u64) -> Option<Rate> {
    Some(Rate { hits, of })
}

async fn figures_of_a_hand_built_week_equal_the_hand_computed_values(backend: Backend) {
    let (f, _desk, _data, _kb) = figures_of_the_week(backend).await;
    assert_eq!(
        (f.calls, f.ended, f.team_size, f.withheld),
        (11, 10, 5, false)
    );

    // First contact: 6 of 9, against the 65 % target; nine calls are too
    // few for a verdict (issue 15: at least MIN_JUDGED), and the window
    // says why.
    assert_eq!(f.first_contact, rate(6, 9));
    assert_eq!(f.first_contact_met(), None);
    assert!(
        f.first_contact_note()
            .is_some_and(|n| n.contains(&format!("erst ab {MIN_JUDGED} Anrufen"))
                && n.ends_with("bisher 9.")),
        "{:?}",
        f.first_contact_note()
    );
    assert!((f.first_contact.and_then(|r| r.value()).unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(FCR_TARGET, 0.65);

    let h = f.handling.expect("handling");
    assert_eq!(h.average_seconds, Some(197.0));
    assert_eq!(h.median_seconds, Some(165.0));

    let outcomes: Vec<(Outcome, u64)> = f.outcomes.iter().map(|o| (o.outcome, o.calls)).collect();
    assert_eq!(
        outcomes,
        vec![
            (Outcome::Answered, 4),
            (Outcome::Forwarded, 3),
            (Outcome::PortalHandoff, 1),
            (Outcome::Referred, 1),
            (Outcome::Dropped, 1),
        ]
    );
    assert_eq!(f.outcomes[0].label, "Beantwortet");
    assert_eq!(f.outcomes[0].share, Some(0.4));

    // Per day: Monday had all five agents (5 calls: FCR 3 of 4, handling
    // 1,230 s / 5); the other days fewer than five, so their quality
    // figures are withheld while their volume shows.
    let per_day: Vec<(String, u64, u64, bool)> = f
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.calls, d.ended, d.withheld))
        .collect();
    assert_eq!(
        per_day,
        vec![
            ("2026-11-23".into(), 5, 5, false),
            ("2026-11-24".into(), 2, 2, true),
            ("2026-11-25".into(), 1, 1, true),
            ("2026-11-26".into(), 0, 0, false),
            ("2026-11-27".into(), 2, 1, true),
            ("2026-11-28".into(), 1, 1, true),
            ("2026-11-29".into(), 0, 0, false),
        ]
    );
    assert_eq!(f.days[0].label, "Mo 23.11.");
    // Friday noon: that day is running, the week too.
    let partial: Vec<bool> = f.days.iter().map(|d| d.partial).collect();
    assert_eq!(partial, [false, false, false, false, true, false, false]);
    assert_eq!(
        f.partial_note().as_deref(),
        Some("Stand 27.11.2026, 12:00 Uhr – der Zeitraum läuft noch.")
    );
    assert_eq!(f.days[0].first_contact, rate(3, 4));
    assert_eq!(f.days[0].average_handling_seconds, Some(246.0));
    assert_eq!(f.days[1].first_contact, None);
    assert_eq!(f.days[3].first_contact, rate(0, 0));

    // By hour and the weekday × hour heatmap (Berlin time).
    let mut by_hour = [0u64; 24];
    for (h, n) in [(8, 2), (9, 3), (10, 2), (11, 2), (14, 1), (17, 1)] {
        by_hour[h] = n;
    }
    assert_eq!(f.by_hour, by_hour);
    let cells: Vec<(usize, usize, u64)> = f
        .heatmap
        .iter()
        .enumerate()
        .flat_map(|(wd, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(move |(h, n)| (wd, h, *n))
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            (0, 8, 2),
            (0, 9, 2),
            (0, 11, 1),
            (1, 10, 2),
            (2, 14, 1),
            (4, 9, 1),
            (4, 17, 1),
            (5, 11, 1)
        ]
    );

    // Topics with their own first-contact rate: hund-anmelden 3 calls (2
    // forwarded, 1 running: 0 of 2), personalausweis 3 (answered,
    // referred, forwarded: 2 of 3), reisepass 3 (referred, answered,
    // answered: 3 of 3), wunschkennzeichen 1 (portal: 1 of 1); sperrmuell
    // was removed. Ties by id.
    let topics: Vec<(&str, u64, Option<Rate>)> = f
        .top_topics
        .iter()
        .map(|t| (t.entry_id.as_str(), t.calls, t.first_contact))
        .collect();
    assert_eq!(
        topics,
        vec![
            ("hund-anmelden", 3, rate(0, 2)),
            ("personalausweis", 3, rate(2, 3)),
            ("reisepass", 3, rate(3, 3)),
            ("wunschkennzeichen", 1, rate(1, 1)),
        ]
    );
    assert_eq!(f.top_topics[0].title, "Hund anmelden (Hundesteuer)");
    // Every topic of the period is listed, and the window says so.
    assert_eq!(f.topics_total, 4);

    // Knowledge gaps: three spellings of one search are one gap (2 of them
    // found nothing), shown as typed most often; the Sunday search before
    // the period and the search that opened an entry are not gaps.
    let gaps: Vec<(&str, &str, u64, u64, DateTime<Utc>)> = f
        .search_gaps
        .iter()
        .map(|g| {
            (
                g.text.as_str(),
                g.key.as_str(),
                g.searches,
                g.no_results,
                g.latest_at,
            )
        })
        .collect();
    assert_eq!(
        gaps,
        vec![
            (
                "Bürgerbüro Wattenscheid Parkplatz",
                "burgerburo wattenscheid parkplatz",
                3,
                2,
                at("2026-11-25T14:01:00+01:00")
            ),
            (
                "taubenplage",
                "taubenplage",
                1,
                1,
                at("2026-11-23T09:31:00+01:00")
            ),
        ]
    );
    assert_eq!(f.search_gaps_total, 2);
    // Entries used in the period and not reviewed for 12 months.
    let stale: Vec<(&str, u64, String)> = f
        .stale_entries
        .iter()
        .map(|s| (s.entry_id.as_str(), s.calls, s.reviewed.to_string()))
        .collect();
    assert_eq!(stale, vec![("hund-anmelden", 3, "2024-06-01".to_string())]);

    // Forwards: 3 written in the period; judged at Friday noon: call 2's
    // (done in time) and call 7's (open past due), so 1 of 2 on time;
    // call 9's is not due yet. Open now: 7, 9 and the one from 16 Nov;
    // overdue now: that one (the oldest) and 7.
    assert_eq!(f.forwards.created, 3);
    assert_eq!(f.forwards.on_time, Rate { hits: 1, of: 2 });
    assert_eq!((f.forwards.open_now, f.forwards.overdue_now), (3, 2));
    let overdue: Vec<(DateTime<Utc>, &str)> = f
        .forwards
        .overdue
        .iter()
        .map(|o| (o.due_at, o.office_title.as_str()))
        .collect();
    assert_eq!(
        overdue,
        vec![
            (
                at("2026-11-18T14:02:00+01:00"),
                "Steueramt (Steuerabteilung, Hundesteuer, Grundsteuer)"
            ),
            (
                at("2026-11-26T14:12:00+01:00"),
                "Steueramt (Steuerabteilung, Hundesteuer, Grundsteuer)"
            ),
        ]
    );
    assert_eq!(
        f.forwards.overdue[1].due_label,
        "überfällig seit gestern, 14:12"
    );

    // The outbox (migration 0004) is there and empty.
    assert!(f.handoffs.available);
    assert!(f.handoffs.groups.is_empty() && f.handoffs.oldest_pending.is_none());
    // Off by default.
    assert!(f.per_agent.is_none());
}

async fn the_aggregates_kept_by_the_writes_equal_a_rebuild_from_the_calls(backend: Backend) {
    let (_f, desk, _data, _kb) = figures_of_the_week(backend).await;
    let store = desk.cases().expect("store");
    let kept = aggregates(store).await;
    assert!(!kept.is_empty());
    let calls = auskunft::stats::rebuild(store).await.expect("rebuild");
    assert_eq!(calls, 14);
    assert_eq!(aggregates(store).await, kept);
}

async fn handoffs_are_counted_from_the_outbox(backend: Backend) {
    let (desk, _data) = desk_with_store_on(backend, &crate::common::shipped_kb()).await;
    let store = desk.cases().expect("store");
    let agent = store
        .sign_in("Test Agentin", auskunft::cases::Role::Agent, at(NOW))
        .await
        .expect("agent");
    let call = store
        .start_call(agent.id, at("2026-11-20T09:00:00+01:00"))
        .await
        .expect("call");
    let rows = [
        (
            "wunschkennzeichen",
            "delivered",
            "2026-11-23T09:00:00+01:00",
        ),
        (
            "wunschkennzeichen",
            "delivered",
            "2026-11-24T09:00:00+01:00",
        ),
        ("wunschkennzeichen", "pending", "2026-11-25T09:00:00+01:00"),
        ("kfz-abmeldung", "rejected", "2026-11-24T12:00:00+01:00"),
        (
            "personenstandsurkunde",
            "pending",
            "2026-11-20T09:00:00+01:00",
        ),
    ];
    for (i, (service, state, when)) in rows.into_iter().enumerate() {
        // The figures read service, state and created_at; the other
        // columns only satisfy the outbox's checks for each state.
        sqlx::query(
            "INSERT INTO handoff_outbox (call_id, service, idempotency_key, body, state, \
             next_attempt_at, reference, delivered_at, problems, created_at, updated_at) \
             VALUES ($1, $2, $3, CASE WHEN $4 = 'pending' THEN '{}' END, $4, $5, \
             CASE WHEN $4 = 'delivered' THEN $3 END, CASE WHEN $4 = 'delivered' THEN $5 END, \
             CASE WHEN $4 = 'rejected' THEN '[]' END, $5, $5)",
        )
        .bind(call.0)
        .bind(service)
        .bind(format!("key-{i}"))
        .bind(state)
        .bind(at(when).timestamp_millis())
        .execute(store.pool())
        .await
        .expect("row");
    }
    let f = desk.figures_at(week(), at(NOW)).await.expect("figures");
    let h = &f.handoffs;
    assert!(h.available);
    let groups: Vec<(&str, &str, u64, DateTime<Utc>)> = h
        .groups
        .iter()
        .map(|g| (g.service.as_str(), g.state.as_str(), g.count, g.oldest_at))
        .collect();
    assert_eq!(
        groups,
        vec![
            (
                "kfz-abmeldung",
                "rejected",
                1,
                at("2026-11-24T12:00:00+01:00")
            ),
            (
                "wunschkennzeichen",
                "delivered",
                2,
                at("2026-11-23T09:00:00+01:00")
            ),
            (
                "wunschkennzeichen",
                "pending",
                1,
                at("2026-11-25T09:00:00+01:00")
            ),
        ]
    );
    assert_eq!(h.groups[0].service_label, "Kfz-Außerbetriebsetzung");
    assert_eq!(h.groups[0].state_label, "abgelehnt");
    // Pending now: both pending ones, the oldest from before the period.
    assert_eq!(h.pending_now, 2);
    let oldest = h.oldest_pending.as_ref().expect("oldest");
    assert_eq!(
        (oldest.service.as_str(), oldest.created_at),
        ("personenstandsurkunde", at("2026-11-20T09:00:00+01:00"))
    );
}

async fn an_empty_store_gives_empty_figures_not_errors(backend: Backend) {
    let (desk, _data) = desk_with_store_on(backend, &crate::common::shipped_kb()).await;
    let f = desk.figures_at(week(), at(NOW)).await.expect("figures");
    assert_eq!((f.calls, f.ended, f.team_size), (0, 0, 0));
    assert!(f.withheld, "no team: nothing to show");
    assert_eq!(f.days.len(), 7);
    assert!(f.top_topics.is_empty() && f.search_gaps.is_empty());
    assert_eq!(f.forwards.on_time.value(), None);
}

async fn the_figures_futures_are_send_for_the_desktop_shell(backend: Backend) {
    // Tauri runs async commands on a multi-threaded runtime: the futures
    // of the figures must be Send, or the shell cannot call them.
    fn send<T: Send>(_: &T) {}
    let (desk, _data) = desk_with_store_on(backend, &crate::common::shipped_kb()).await;
    let figures = desk.figures(week());
    send(&figures);
    assert!(figures.await.is_ok());
    send(&desk.export_figures_csv(week()));
    send(&desk.export_calls_csv(week()));
}

/// Issue 15: a seeded store showed portal handoffs among the outcomes
/// (about 8 %) while the outbox's figures said there were none, because
/// the seed wrote the outcome without the application. The desk writes
/// both in one transaction; so does the seed now, and the two figures
/// agree.
async fn seeded_portal_outcomes_have_their_applications(backend: Backend) {
    use auskunft::cases::seed::{SeedOptions, seed};
    let (desk, _data) = desk_with_store_on(backend, &crate::common::shipped_kb()).await;
    let store = desk.cases().expect("store");
    let until = at("2026-11-25T15:00:00+01:00");
    let opts = SeedOptions {
        calls: 3_000,
        days: 10,
        seed: 15,
        until,
    };
    let report = seed(store, desk.kb(), &opts, &mut |_, _| {})
        .await
        .expect("seeded");
    assert!(report.portal_handoffs > 0, "{report:?}");
    let period = Period::new(
        parse_date("from", "2026-11-16").expect("date"),
        parse_date("to", "2026-11-26").expect("date"),
    )
    .expect("period");
    let f = desk.figures_at(period, until).await.expect("figures");
    let outcome = f
        .outcomes
        .iter()
        .find(|o| o.outcome == Outcome::PortalHandoff)
        .expect("outcome listed");
    assert_eq!(outcome.calls, report.portal_handoffs);
    let applications: u64 = f.handoffs.groups.iter().map(|g| g.count).sum();
    assert_eq!(
        applications, outcome.calls,
        "every portal outcome has its application: {:?}",
        f.handoffs.groups
    );
    let state = |s: &str| -> u64 {
        f.handoffs
            .groups
            .iter()
            .filter(|g| g.state == s)
            .map(|g| g.count)
            .sum()
    };
    assert_eq!(state("rejected"), report.rejected_handoffs);
    assert_eq!(f.handoffs.pending_now, report.pending_handoffs);
    assert!(
        state("delivered") > state("rejected"),
        "{:?}",
        f.handoffs.groups
    );
    // One application per such call, of the service of the call's first
    // topic, by the call's agent.
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT c.id, h.service, t.entry_id, h.created_by, c.agent_id \
         FROM calls c JOIN handoff_outbox h ON h.call_id = c.id \
         JOIN call_topics t ON t.call_id = c.id AND t.position = 1 \
         WHERE c.outcome = 'portal_handoff'",
    )
    .fetch_all(store.pool())
    .await
    .expect("applications");
    assert_eq!(rows.len() as u64, report.portal_handoffs);
    for (call, service, entry, by, agent) in rows {
        let topic = desk.kb().entries.get(&entry).expect("topic");
        assert_eq!(
            topic.portal_service.map(|p| p.as_str()),
            Some(service.as_str()),
            "call {call}"
        );
        assert_eq!(by, agent, "call {call}");
    }
}

on_both_backends!(
    seeded_portal_outcomes_have_their_applications,
    figures_of_a_hand_built_week_equal_the_hand_computed_values,
    the_aggregates_kept_by_the_writes_equal_a_rebuild_from_the_calls,
    handoffs_are_counted_from_the_outbox,
    an_empty_store_gives_empty_figures_not_errors,
    the_figures_futures_are_send_for_the_desktop_shell,
);
