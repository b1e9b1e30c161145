//! The 115 calendar as a table: a forward written at `start` is due 24
//! service hours later (Mon–Fri 08:00–18:00 Europe/Berlin, NRW public
//! holidays closed), across evenings, weekends, Easter, Christmas, the
//! new year and both daylight-saving switches.

use auskunft::hours::add_service_hours;

use crate::common::at;

#[test]
fn due_times_on_the_115_calendar() {
    // (written, service hours, due, why) — times with their offset, so the
    // DST rows show the switch.
    let table = [
        (
            "2026-11-23T10:30:00+01:00",
            24,
            "2026-11-25T14:30:00+01:00",
            "Mon mid-morning: 7.5 + 10 + 6.5",
        ),
        (
            "2026-11-23T08:00:00+01:00",
            10,
            "2026-11-23T18:00:00+01:00",
            "a whole day ends at closing, not next morning",
        ),
        (
            "2026-11-23T18:00:00+01:00",
            1,
            "2026-11-24T09:00:00+01:00",
            "closing time counts as evening",
        ),
        (
            "2026-11-23T19:45:00+01:00",
            24,
            "2026-11-26T12:00:00+01:00",
            "evening: counts from Tue 08:00",
        ),
        (
            "2026-11-24T06:00:00+01:00",
            24,
            "2026-11-26T12:00:00+01:00",
            "early morning: counts from 08:00",
        ),
        (
            "2026-11-27T17:00:00+01:00",
            24,
            "2026-12-02T11:00:00+01:00",
            "Friday late: weekend skipped",
        ),
        (
            "2026-11-28T12:00:00+01:00",
            24,
            "2026-12-02T12:00:00+01:00",
            "Saturday: counts from Monday 08:00",
        ),
        (
            "2026-11-29T23:59:00+01:00",
            1,
            "2026-11-30T09:00:00+01:00",
            "Sunday night",
        ),
        (
            "2026-04-02T15:00:00+02:00",
            24,
            "2026-04-09T09:00:00+02:00",
            "Easter: Good Friday to Easter Monday closed",
        ),
        (
            "2026-04-03T10:00:00+02:00",
            1,
            "2026-04-07T09:00:00+02:00",
            "written on Good Friday",
        ),
        (
            "2026-12-23T12:00:00+01:00",
            24,
            "2026-12-28T16:00:00+01:00",
            "Christmas: the 24th serves, 25th/26th closed",
        ),
        (
            "2026-12-31T10:00:00+01:00",
            24,
            "2027-01-05T14:00:00+01:00",
            "New Year's Day closed",
        ),
        (
            "2026-06-03T17:00:00+02:00",
            2,
            "2026-06-05T09:00:00+02:00",
            "Fronleichnam closed",
        ),
        (
            "2026-03-27T14:00:00+01:00",
            24,
            "2026-03-31T18:00:00+02:00",
            "spring forward on Sunday 29 March",
        ),
        (
            "2026-03-27T14:00:00+01:00",
            14,
            "2026-03-30T18:00:00+02:00",
            "…the Monday after keeps 10 real hours",
        ),
        (
            "2026-10-23T16:00:00+02:00",
            24,
            "2026-10-28T10:00:00+01:00",
            "fall back on Sunday 25 October",
        ),
        (
            "2027-03-25T12:00:00+01:00",
            24,
            "2027-03-31T16:00:00+02:00",
            "Easter 2027 (26 and 29 March) around the DST switch on the 28th",
        ),
    ];
    let mut wrong = Vec::new();
    for (start, hours, due, why) in table {
        let got = add_service_hours(at(start), hours);
        if got != at(due) {
            wrong.push(format!(
                "{start} + {hours}h: expected {due}, got {} ({why})",
                got.with_timezone(&auskunft::hours::TZ).to_rfc3339()
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn service_hours_are_real_hours_across_dst() {
    // 10 service hours on the Monday after each switch are 10 hours of
    // UTC time too: the switch happens at night, outside service time.
    for monday in ["2026-03-30T08:00:00+02:00", "2026-10-26T08:00:00+01:00"] {
        let start = at(monday);
        assert_eq!(
            add_service_hours(start, 10) - start,
            chrono::Duration::hours(10)
        );
    }
}
