//! Figures around the calendar's edges: Berlin midnight and daylight
//! saving (days of 23 and 25 hours), weekends and NRW holidays, for the
//! first-contact rate by day and for the 24-service-hour promise.

use auskunft::cases::{AgentId, CaseStore, Outcome};
use auskunft::stats::{Period, Rate, parse_date};
use chrono::{DateTime, Utc};

use crate::backends::Backend;
use crate::common::{at, shipped_kb};
use crate::figures_support::{agents, call, desk_with_store_on};

fn period(from: &str, to: &str) -> Period {
    Period::new(
        parse_date("from", from).expect("from"),
        parse_date("to", to).expect("to"),
    )
    .expect("period")
}

/// Calls at the given instants with the given outcomes, each taken by the
/// next of the agents in turn.
async fn calls(store: &CaseStore, agents: &[AgentId], list: &[(&str, Outcome)]) {
    for (i, (start, outcome)) in list.iter().enumerate() {
        call(
            store,
            agents[i % agents.len()],
            start,
            60,
            Some(*outcome),
            &["reisepass"],
        )
        .await;
    }
}

fn nonzero_cells(heatmap: &[[u64; 24]; 7]) -> Vec<(usize, usize, u64)> {
    heatmap
        .iter()
        .enumerate()
        .flat_map(|(wd, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(move |(h, n)| (wd, h, *n))
        })
        .collect()
}

async fn first_contact_by_day_when_the_clocks_go_forward(backend: Backend) {
    use Outcome::*;
    let (desk, _data) = desk_with_store_on(backend, &shipped_kb()).await;
    let store = desk.cases().expect("store");
    let a = agents(store, 5).await;
    // Saturday 28 March 2026 (CET): 2 of 4 settled (one dropped). The
    // last call, 23:59:59 local, is 22:59:59 UTC: still Saturday.
    calls(
        store,
        &a,
        &[
            ("2026-03-28T08:00:00+01:00", Answered),
            ("2026-03-28T10:00:00+01:00", Answered),
            ("2026-03-28T12:00:00+01:00", Forwarded),
            ("2026-03-28T18:00:00+01:00", Dropped),
            ("2026-03-28T23:59:59+01:00", Forwarded),
        ],
    )
    .await;
    // Sunday 29 March: 02:00 CET becomes 03:00 CEST, a day of 23 hours.
    // 00:30 local is 23:30 UTC on Saturday, yet a Sunday call. 4 of 5.
    calls(
        store,
        &a,
        &[
            ("2026-03-29T00:30:00+01:00", Answered),
            ("2026-03-29T01:59:00+01:00", Referred),
            ("2026-03-29T03:00:00+02:00", PortalHandoff),
            ("2026-03-29T12:00:00+02:00", Forwarded),
            ("2026-03-29T23:59:00+02:00", Answered),
        ],
    )
    .await;
    // Monday 00:00 CEST (22:00 UTC on Sunday) is outside [28, 30).
    calls(store, &a, &[("2026-03-30T00:00:00+02:00", Forwarded)]).await;

    let p = period("2026-03-28", "2026-03-30");
    let (h0, h1) = p.hour_range();
    assert_eq!(h1 - h0, 47, "24 + 23 hours");
    let f = desk
        .figures_at(p, at("2026-04-01T12:00:00+02:00"))
        .await
        .expect("figures");
    assert_eq!(f.calls, 10);
    let days: Vec<(u64, Option<Rate>)> =
        f.days.iter().map(|d| (d.calls, d.first_contact)).collect();
    assert_eq!(
        days,
        vec![
            (5, Some(Rate { hits: 2, of: 4 })),
            (5, Some(Rate { hits: 4, of: 5 })),
        ]
    );
    assert_eq!(f.first_contact, Some(Rate { hits: 6, of: 9 }));
    // Saturday row 5, Sunday row 6; Sunday has no hour 2.
    assert_eq!(
        nonzero_cells(&f.heatmap),
        vec![
            (5, 8, 1),
            (5, 10, 1),
            (5, 12, 1),
            (5, 18, 1),
            (5, 23, 1),
            (6, 0, 1),
            (6, 1, 1),
            (6, 3, 1),
            (6, 12, 1),
            (6, 23, 1),
        ]
    );
    // Monday alone.
    let monday = desk
        .figures_at(
            period("2026-03-30", "2026-03-31"),
            at("2026-04-01T12:00:00+02:00"),
        )
        .await
        .expect("figures");
    assert_eq!(monday.calls, 1);
}

async fn first_contact_by_day_when_the_clocks_go_back(backend: Backend) {
    use Outcome::*;
    let (desk, _data) = desk_with_store_on(backend, &shipped_kb()).await;
    let store = desk.cases().expect("store");
    let a = agents(store, 5).await;
    // Saturday 23:59:59 CEST belongs to Saturday.
    calls(store, &a, &[("2026-10-24T23:59:59+02:00", Answered)]).await;
    // Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET, a day of 25
    // hours; 02:30 happens twice and both count in hour 2.
    calls(
        store,
        &a,
        &[
            ("2026-10-25T00:00:00+02:00", Answered),
            ("2026-10-25T02:30:00+02:00", Answered),
            ("2026-10-25T02:30:00+01:00", Forwarded),
            ("2026-10-25T12:00:00+01:00", Dropped),
            ("2026-10-25T23:59:59+01:00", Answered),
        ],
    )
    .await;
    // Monday 00:00 CET is 23:00 UTC on Sunday, and Monday's.
    calls(store, &a, &[("2026-10-26T00:00:00+01:00", Forwarded)]).await;
    let p = period("2026-10-25", "2026-10-26");
    let (h0, h1) = p.hour_range();
    assert_eq!(h1 - h0, 25);
    let f = desk
        .figures_at(p, at("2026-10-30T12:00:00+01:00"))
        .await
        .expect("figures");
    assert_eq!((f.calls, f.team_size), (5, 5));
    assert_eq!(f.first_contact, Some(Rate { hits: 3, of: 4 }));
    assert_eq!(f.days[0].first_contact, Some(Rate { hits: 3, of: 4 }));
    assert_eq!(
        nonzero_cells(&f.heatmap),
        vec![(6, 0, 1), (6, 2, 2), (6, 12, 1), (6, 23, 1)]
    );
    // The month boundary: 31 October 23:59:59 is October's, 1 November
    // 00:00 November's.
    calls(
        store,
        &a,
        &[
            ("2026-10-31T23:59:59+01:00", Answered),
            ("2026-11-01T00:00:00+01:00", Answered),
        ],
    )
    .await;
    let now = at("2026-11-15T12:00:00+01:00");
    let october = Period::month_of(parse_date("d", "2026-10-10").expect("date"));
    let november = Period::month_of(parse_date("d", "2026-11-10").expect("date"));
    assert_eq!(desk.figures_at(october, now).await.expect("oct").calls, 8);
    assert_eq!(desk.figures_at(november, now).await.expect("nov").calls, 1);
}

/// Writes a forwarded call whose forward is created at `created`, marks it
/// done at `done` (if given) and returns its due time.
async fn forward(
    store: &CaseStore,
    agent: AgentId,
    created: &str,
    done: Option<&str>,
) -> DateTime<Utc> {
    let start = at(created) - chrono::Duration::seconds(120);
    let start = start.to_rfc3339();
    let id = call(store, agent, &start, 300, Some(Outcome::Forwarded), &[]).await;
    let f = store.forwards_of(id).await.expect("forwards").remove(0);
    assert_eq!(f.created_at, at(created));
    if let Some(done) = done {
        store
            .mark_forward_done(agent, f.id, at(done))
            .await
            .expect("done");
    }
    f.due_at
}

async fn the_24_service_hour_promise_around_weekends_holidays_and_daylight_saving(
    backend: Backend,
) {
    let (desk, _data) = desk_with_store_on(backend, &shipped_kb()).await;
    let store = desk.cases().expect("store");
    let a = agents(store, 5).await;
    // Friday 17:00: 1 h Friday, Monday and Tuesday 10 h each, 3 h on
    // Wednesday: due Wednesday 11:00. Answered 10:59 (in time) and 11:01
    // (late).
    let due = forward(
        store,
        a[0],
        "2026-11-27T17:00:00+01:00",
        Some("2026-12-02T10:59:00+01:00"),
    )
    .await;
    assert_eq!(due, at("2026-12-02T11:00:00+01:00"));
    forward(
        store,
        a[1],
        "2026-11-27T17:00:00+01:00",
        Some("2026-12-02T11:01:00+01:00"),
    )
    .await;
    // Maundy Thursday 17:00 (CEST): Good Friday, the weekend and Easter
    // Monday do not count: due Thursday after Easter, 11:00. Answered at
    // exactly the due time (in time) and one second after (late).
    let due = forward(
        store,
        a[2],
        "2026-04-02T17:00:00+02:00",
        Some("2026-04-09T11:00:00+02:00"),
    )
    .await;
    assert_eq!(due, at("2026-04-09T11:00:00+02:00"));
    forward(
        store,
        a[3],
        "2026-04-02T17:00:00+02:00",
        Some("2026-04-09T11:00:01+02:00"),
    )
    .await;
    // Friday before the clocks go forward, 17:00 CET: due Wednesday 11:00
    // CEST (09:00 UTC, not 10:00): answered 10:30 CEST is in time; one
    // left open is overdue by now, and judged late.
    let due = forward(
        store,
        a[4],
        "2026-03-27T17:00:00+01:00",
        Some("2026-04-01T10:30:00+02:00"),
    )
    .await;
    assert_eq!(due, at("2026-04-01T11:00:00+02:00"));
    forward(store, a[0], "2026-03-27T17:00:00+01:00", None).await;
    // Open and not yet due at "now": not judged.
    let now = at("2026-12-10T12:00:00+01:00");
    let due = forward(store, a[1], "2026-12-09T10:00:00+01:00", None).await;
    assert!(due > now);

    let f = desk
        .figures_at(period("2026-03-01", "2026-12-31"), now)
        .await
        .expect("figures");
    assert_eq!(f.forwards.created, 7);
    assert_eq!(f.forwards.on_time, Rate { hits: 3, of: 6 });
    assert_eq!((f.forwards.open_now, f.forwards.overdue_now), (2, 1));
    assert_eq!(
        f.forwards.overdue[0].due_at,
        at("2026-04-01T11:00:00+02:00")
    );
    // Only the forwards written in the period are judged: Easter alone.
    let easter = desk
        .figures_at(period("2026-04-02", "2026-04-03"), now)
        .await
        .expect("figures");
    assert_eq!(easter.forwards.on_time, Rate { hits: 1, of: 2 });
    // Holidays and the weekend hold no calls here; they are days of the
    // period all the same, with zero calls.
    let week = desk
        .figures_at(period("2026-04-02", "2026-04-08"), now)
        .await
        .expect("figures");
    let per_day: Vec<u64> = week.days.iter().map(|d| d.calls).collect();
    assert_eq!(per_day, vec![2, 0, 0, 0, 0, 0]);
}

on_both_backends!(
    first_contact_by_day_when_the_clocks_go_forward,
    first_contact_by_day_when_the_clocks_go_back,
    the_24_service_hour_promise_around_weekends_holidays_and_daylight_saving,
);
