//! A location's schedule and the open/closed state at an instant.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

use std::sync::Arc;

use super::closures::{CityClosures, UNANNOUNCED_CAUTION};
use super::{TZ, nrw_holiday};

/// Keys of the weekly table in the front matter, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = ["mo", "di", "mi", "do", "fr", "sa", "so"];

/// German short names of the weekdays, Monday first.
const WEEKDAY_SHORT: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

/// Whether visitors need an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appointment {
    /// Only with a booked appointment.
    Required,
    /// Walk-in possible, appointment advised.
    Recommended,
    /// No appointment needed.
    None,
}

impl Appointment {
    /// Parses the front-matter value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "required" => Some(Self::Required),
            "recommended" => Some(Self::Recommended),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// The front-matter value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Recommended => "recommended",
            Self::None => "none",
        }
    }

    /// German text for the desk.
    pub fn label(self) -> &'static str {
        match self {
            Self::Required => "Nur mit Termin",
            Self::Recommended => "Termin empfohlen",
            Self::None => "Ohne Termin",
        }
    }
}

/// A time range within one day, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeRange {
    /// Opening time.
    pub start: NaiveTime,
    /// Closing time.
    pub end: NaiveTime,
}

impl std::fmt::Display for TimeRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}–{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// Parses `HH:MM-HH:MM` (a hyphen or en dash), requiring start before end.
pub fn parse_range(s: &str) -> Result<TimeRange, String> {
    let (a, b) = s
        .split_once(['-', '–'])
        .ok_or_else(|| format!("time range {s:?} is not of the form HH:MM-HH:MM"))?;
    let t = |x: &str| {
        NaiveTime::parse_from_str(x.trim(), "%H:%M")
            .map_err(|_| format!("{:?} in {s:?} is not a time HH:MM", x.trim()))
    };
    let (start, end) = (t(a)?, t(b)?);
    if start >= end {
        return Err(format!("time range {s:?} ends before it starts"));
    }
    Ok(TimeRange { start, end })
}

/// The day an exception applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExceptionDate {
    /// Every year on this month and day ("12-24").
    Yearly {
        /// Month 1–12.
        month: u32,
        /// Day of month.
        day: u32,
    },
    /// Only this date ("2026-12-24").
    Once(NaiveDate),
}

impl ExceptionDate {
    /// Parses `MM-DD` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Self, String> {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Self::Once(d));
        }
        let bad = || format!("date {s:?} is neither MM-DD nor YYYY-MM-DD");
        let (m, d) = s.split_once('-').ok_or_else(bad)?;
        let (month, day): (u32, u32) =
            (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        // 2024 is a leap year, so 02-29 is accepted as a yearly date.
        NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
        Ok(Self::Yearly { month, day })
    }

    fn matches(&self, date: NaiveDate) -> bool {
        match *self {
            Self::Yearly { month, day } => date.month() == month && date.day() == day,
            Self::Once(d) => d == date,
        }
    }
}

impl std::fmt::Display for ExceptionDate {
    /// As an editor writes it: `12-24` or `2026-12-24`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Yearly { month, day } => write!(f, "{month:02}-{day:02}"),
            Self::Once(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

/// A dated deviation from the weekly table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleException {
    /// When it applies.
    pub date: ExceptionDate,
    /// The hours of that day; empty means closed.
    pub hours: Vec<TimeRange>,
    /// Why ("Heiligabend").
    pub note: String,
}

/// Weekly hours plus exceptions and the holiday rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schedule {
    /// Ranges per weekday, Monday first; empty = closed.
    pub weekly: [Vec<TimeRange>; 7],
    /// Dated exceptions; they win over holidays and the weekly table.
    pub exceptions: Vec<ScheduleException>,
    /// Whether NRW public holidays close the office.
    pub holidays_closed: bool,
    /// The city's closures, for an office that follows them
    /// (`city_closures = true`); `None` for one that does not.
    pub city: Option<Arc<CityClosures>>,
}

/// What a day looks like and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPlan {
    /// The ranges open that day.
    pub hours: Vec<TimeRange>,
    /// A reason when the day deviates from the weekly table.
    pub note: Option<String>,
}

/// The state of a location at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenState {
    /// Open now, until this local time.
    Open {
        /// Closing time (local).
        until: DateTime<chrono_tz::Tz>,
    },
    /// Closed now; opens next at this local time, if within the horizon.
    Closed {
        /// Next opening (local), `None` if none within 60 days.
        next_open: Option<DateTime<chrono_tz::Tz>>,
    },
    /// The location has no public hours; visits only by appointment.
    AppointmentOnly,
}

/// How far ahead `next_open` looks: long enough for any closure an office
/// announces (holiday weeks), short enough to stay cheap.
const HORIZON_DAYS: i64 = 60;

impl Schedule {
    /// Whether the schedule has any opening at all.
    pub fn has_hours(&self) -> bool {
        self.weekly.iter().any(|d| !d.is_empty())
            || self.exceptions.iter().any(|e| !e.hours.is_empty())
    }

    /// The plan of a local date: the office's dated exception, else the
    /// city's closure, else a yearly exception, else a holiday, else the
    /// weekly table.
    pub fn day(&self, date: NaiveDate) -> DayPlan {
        // A dated exception is more specific than a yearly one on the same
        // day ("closed every 24 December, but on 2026-12-24 open 8–10"), so
        // it wins whichever comes first in the file. Two of the same kind
        // for one day are refused by the parser. The city's closure lies in
        // between: an office's own dated day (the ServiceCenter staffed on
        // 29 December) beats it, and it beats the office's every-year rule.
        let once = |e: &&ScheduleException| matches!(e.date, ExceptionDate::Once(d) if d == date);
        let plan_of = |e: &ScheduleException| DayPlan {
            hours: e.hours.clone(),
            note: Some(e.note.clone()).filter(|n| !n.is_empty()),
        };
        if let Some(e) = self.exceptions.iter().find(once) {
            return plan_of(e);
        }
        if let Some(c) = self.city.as_deref().and_then(|c| c.closing(date)) {
            return DayPlan {
                hours: Vec::new(),
                note: Some(c.note.clone()).filter(|n| !n.is_empty()),
            };
        }
        if let Some(e) = self.exceptions.iter().find(|e| e.date.matches(date)) {
            return plan_of(e);
        }
        if self.holidays_closed
            && let Some(name) = nrw_holiday(date)
        {
            return DayPlan {
                hours: Vec::new(),
                note: Some(format!("Feiertag: {name}")),
            };
        }
        let hours = self.weekly[date.weekday().num_days_from_monday() as usize].clone();
        // An ordinary open day between the years before the city has said
        // whether it closes: open by the table, but not for certain.
        let note = match &self.city {
            Some(c) if !hours.is_empty() => c.caution(date).map(str::to_string),
            _ => None,
        };
        DayPlan { hours, note }
    }

    /// The caution of `date` if its hours are the weekly table's on a day
    /// the city may still close (see [`CityClosures::caution`]).
    pub fn caution(&self, date: NaiveDate) -> Option<&'static str> {
        (self.day(date).note.as_deref() == Some(UNANNOUNCED_CAUTION)).then_some(UNANNOUNCED_CAUTION)
    }

    /// The state at instant `at`.
    pub fn state_at(&self, at: DateTime<Utc>) -> OpenState {
        if !self.has_hours() {
            return OpenState::AppointmentOnly;
        }
        let today = at.with_timezone(&TZ).date_naive();
        for offset in 0..=HORIZON_DAYS {
            let date = today + Duration::days(offset);
            for r in self.day(date).hours {
                // Instants, not wall-clock times, are compared: on the
                // nights the clocks change, local times skip or repeat,
                // and only instants keep "opens at" and "is open" in step.
                let (start, end) = (
                    instant(date.and_time(r.start)),
                    instant(date.and_time(r.end)),
                );
                if start >= end || end <= at {
                    // Over, or wholly inside the spring-forward gap (a
                    // range that never happens).
                    continue;
                }
                return if start <= at {
                    OpenState::Open { until: end }
                } else {
                    OpenState::Closed {
                        next_open: Some(start),
                    }
                };
            }
        }
        OpenState::Closed { next_open: None }
    }

    /// The seven days of the week containing `at` (Monday first), for the
    /// week table on the location card.
    pub fn week_of(&self, at: DateTime<Utc>) -> Vec<(NaiveDate, DayPlan)> {
        let today = at.with_timezone(&TZ).date_naive();
        let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
        (0..7)
            .map(|i| {
                let d = monday + Duration::days(i);
                (d, self.day(d))
            })
            .collect()
    }
}

/// How far past a non-existent local time [`instant`] looks for the clock
/// to exist again; daylight-saving gaps are an hour (tzdb's widest are a
/// few hours, a whole day for a date-line change).
const GAP_SEARCH_MINUTES: i64 = 26 * 60;

/// The instant a local wall-clock time of an office stands for, one rule
/// for openings and closings alike. A time skipped when the clocks go
/// forward (02:00–03:00 on the last Sunday of March) is the first instant
/// after it, 03:00 summer time: an office "opening at 02:30" that night
/// opens when the clock jumps, and one "closing at 02:30" closes then. A
/// time repeated when the clocks go back is its first occurrence: an
/// office closing at 02:30 does not open again when 02:10 comes round a
/// second time.
fn instant(t: NaiveDateTime) -> DateTime<chrono_tz::Tz> {
    match TZ.from_local_datetime(&t) {
        LocalResult::Single(d) => d,
        LocalResult::Ambiguous(first, _) => first,
        // Office times are whole minutes and gaps start and end on whole
        // minutes, so the first minute that exists is the instant the
        // clock jumps to it.
        LocalResult::None => (1..=GAP_SEARCH_MINUTES)
            .find_map(|m| {
                TZ.from_local_datetime(&(t + Duration::minutes(m)))
                    .earliest()
            })
            .unwrap_or_else(|| TZ.from_utc_datetime(&t)),
    }
}

impl OpenState {
    /// German text for the desk, relative to `at` ("Geöffnet bis 16:00",
    /// "Geschlossen – öffnet morgen, 08:00").
    pub fn label(&self, at: DateTime<Utc>) -> String {
        match self {
            OpenState::Open { until } => format!("Geöffnet bis {}", until.format("%H:%M")),
            OpenState::Closed { next_open: Some(t) } => {
                format!("Geschlossen – öffnet {}", when_in_words(*t, at))
            }
            OpenState::Closed { next_open: None } => {
                "Geschlossen – keine Öffnungszeit in den nächsten Wochen".to_string()
            }
            OpenState::AppointmentOnly => "Nur nach Terminvereinbarung".to_string(),
        }
    }

    /// Whether the location is open.
    pub fn is_open(&self) -> bool {
        matches!(self, OpenState::Open { .. })
    }
}

/// "heute, 14:00", "morgen, 08:00", "Mo, 08:00", or "Mo, 05.01., 08:00"
/// beyond this week.
pub fn when_in_words(t: DateTime<chrono_tz::Tz>, at: DateTime<Utc>) -> String {
    let today = at.with_timezone(&TZ).date_naive();
    let day = t.date_naive();
    let hm = t.format("%H:%M");
    let wd = WEEKDAY_SHORT[day.weekday().num_days_from_monday() as usize];
    match (day - today).num_days() {
        0 => format!("heute, {hm}"),
        1 => format!("morgen, {hm}"),
        2..=6 => format!("{wd}, {hm}"),
        _ => format!("{wd}, {}, {hm}", day.format("%d.%m.")),
    }
}

/// German short name of a weekday index (0 = Monday).
pub fn weekday_short(i: usize) -> &'static str {
    WEEKDAY_SHORT[i % 7]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> TimeRange {
        parse_range(s).unwrap()
    }

    fn office() -> Schedule {
        let mut weekly: [Vec<TimeRange>; 7] = Default::default();
        for day in weekly.iter_mut().take(5) {
            *day = vec![r("08:00-12:00"), r("13:00-16:00")];
        }
        Schedule {
            weekly,
            exceptions: vec![ScheduleException {
                date: ExceptionDate::parse("12-24").unwrap(),
                hours: vec![],
                note: "Heiligabend".into(),
            }],
            holidays_closed: true,
            city: None,
        }
    }

    fn berlin(s: &str) -> DateTime<Utc> {
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        TZ.from_local_datetime(&naive)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn state(s: &Schedule, at: &str) -> String {
        let at = berlin(at);
        match s.state_at(at) {
            OpenState::Open { until } => {
                format!("open until {}", until.format("%Y-%m-%d %H:%M %Z"))
            }
            OpenState::Closed { next_open: Some(t) } => {
                format!("closed, next {}", t.format("%Y-%m-%d %H:%M %Z"))
            }
            OpenState::Closed { next_open: None } => "closed".into(),
            OpenState::AppointmentOnly => "appointment".into(),
        }
    }

    #[test]
    fn open_closed_and_lunch_break() {
        let s = office();
        for (at, want) in [
            ("2026-11-25 09:00", "open until 2026-11-25 12:00 CET"),
            ("2026-11-25 12:30", "closed, next 2026-11-25 13:00 CET"),
            ("2026-11-25 16:00", "closed, next 2026-11-26 08:00 CET"),
            ("2026-11-27 17:00", "closed, next 2026-11-30 08:00 CET"),
            ("2026-11-28 10:00", "closed, next 2026-11-30 08:00 CET"),
            ("2026-11-25 07:59", "closed, next 2026-11-25 08:00 CET"),
        ] {
            assert_eq!(state(&s, at), want, "at {at}");
        }
    }

    #[test]
    fn dst_switches_keep_local_hours() {
        let s = office();
        // Spring forward: Sunday 29 March 2026; Monday opens 08:00 CEST.
        assert_eq!(
            state(&s, "2026-03-28 12:00"),
            "closed, next 2026-03-30 08:00 CEST"
        );
        assert_eq!(
            state(&s, "2026-03-30 08:30"),
            "open until 2026-03-30 12:00 CEST"
        );
        // Fall back: Sunday 25 October 2026.
        assert_eq!(
            state(&s, "2026-10-23 16:30"),
            "closed, next 2026-10-26 08:00 CET"
        );
        assert_eq!(
            state(&s, "2026-10-26 15:59"),
            "open until 2026-10-26 16:00 CET"
        );
    }

    /// The office of [`office`] with extra hours on one date.
    fn with_hours_on(date: &str, ranges: &[&str]) -> Schedule {
        let mut s = office();
        s.exceptions.push(ScheduleException {
            date: ExceptionDate::parse(date).unwrap(),
            hours: ranges.iter().map(|x| r(x)).collect(),
            note: String::new(),
        });
        s
    }

    /// Regression: open across the spring-forward gap, the desk said "opens
    /// 03:00" and at 03:00 "closed". Instants are given with their offset,
    /// so the repeated hour in October is unambiguous. Spring forward:
    /// 29 March 2026, 02:00 CET → 03:00 CEST; fall back: 25 October 2026,
    /// 03:00 CEST → 02:00 CET.
    #[test]
    fn hours_around_both_clock_changes() {
        let monday_march = "closed, next 2026-03-30 08:00 CEST";
        let monday_october = "closed, next 2026-10-26 08:00 CET";
        for (date, ranges, at, want) in [
            // Opening inside the gap: opens at 03:00, and is open then.
            (
                "2026-03-29",
                &["02:30-05:00"][..],
                "2026-03-29T01:59:00+01:00",
                "closed, next 2026-03-29 03:00 CEST",
            ),
            (
                "2026-03-29",
                &["02:30-05:00"],
                "2026-03-29T03:00:00+02:00",
                "open until 2026-03-29 05:00 CEST",
            ),
            (
                "2026-03-29",
                &["02:30-05:00"],
                "2026-03-29T04:59:00+02:00",
                "open until 2026-03-29 05:00 CEST",
            ),
            (
                "2026-03-29",
                &["02:00-05:00"],
                "2026-03-29T03:00:00+02:00",
                "open until 2026-03-29 05:00 CEST",
            ),
            // Closing inside the gap: closes when the clock jumps.
            (
                "2026-03-29",
                &["01:00-02:30"],
                "2026-03-29T01:30:00+01:00",
                "open until 2026-03-29 03:00 CEST",
            ),
            (
                "2026-03-29",
                &["01:00-02:30"],
                "2026-03-29T03:00:00+02:00",
                monday_march,
            ),
            // A range wholly inside the gap never happens.
            (
                "2026-03-29",
                &["02:00-02:45"],
                "2026-03-29T01:30:00+01:00",
                monday_march,
            ),
            (
                "2026-03-29",
                &["02:00-02:45"],
                "2026-03-29T03:00:00+02:00",
                monday_march,
            ),
            // Around the gap nothing changes.
            (
                "2026-03-29",
                &["01:00-01:59", "03:00-04:00"],
                "2026-03-29T01:59:00+01:00",
                "closed, next 2026-03-29 03:00 CEST",
            ),
            (
                "2026-03-29",
                &["01:00-01:59", "03:00-04:00"],
                "2026-03-29T03:30:00+02:00",
                "open until 2026-03-29 04:00 CEST",
            ),
            // A repeated time is its first occurrence: opening at 02:30
            // opens the first time the clock shows it and stays open ...
            (
                "2026-10-25",
                &["02:30-04:00"],
                "2026-10-25T02:00:00+02:00",
                "closed, next 2026-10-25 02:30 CEST",
            ),
            (
                "2026-10-25",
                &["02:30-04:00"],
                "2026-10-25T02:45:00+02:00",
                "open until 2026-10-25 04:00 CET",
            ),
            (
                "2026-10-25",
                &["02:30-04:00"],
                "2026-10-25T02:15:00+01:00",
                "open until 2026-10-25 04:00 CET",
            ),
            // ... and closing at 02:30 closes the first time, without
            // opening again when the clock shows 02:10 a second time.
            (
                "2026-10-25",
                &["01:00-02:30"],
                "2026-10-25T02:10:00+02:00",
                "open until 2026-10-25 02:30 CEST",
            ),
            (
                "2026-10-25",
                &["01:00-02:30"],
                "2026-10-25T02:40:00+02:00",
                monday_october,
            ),
            (
                "2026-10-25",
                &["01:00-02:30"],
                "2026-10-25T02:10:00+01:00",
                monday_october,
            ),
            (
                "2026-10-25",
                &["01:00-04:00"],
                "2026-10-25T02:10:00+01:00",
                "open until 2026-10-25 04:00 CET",
            ),
        ] {
            let s = with_hours_on(date, ranges);
            let at_utc = DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc);
            let got = match s.state_at(at_utc) {
                OpenState::Open { until } => {
                    format!("open until {}", until.format("%Y-%m-%d %H:%M %Z"))
                }
                OpenState::Closed { next_open: Some(t) } => {
                    format!("closed, next {}", t.format("%Y-%m-%d %H:%M %Z"))
                }
                other => format!("{other:?}"),
            };
            assert_eq!(got, want, "{ranges:?} on {date} at {at}");
        }
    }

    #[test]
    fn a_dated_exception_beats_the_yearly_one_in_either_order() {
        let dated = ScheduleException {
            date: ExceptionDate::parse("2026-12-24").unwrap(),
            hours: vec![r("08:00-10:00")],
            note: "Notdienst".into(),
        };
        for dated_first in [true, false] {
            let mut s = office();
            if dated_first {
                s.exceptions.insert(0, dated.clone());
            } else {
                s.exceptions.push(dated.clone());
            }
            let day = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
            assert_eq!(
                s.day(day).hours,
                [r("08:00-10:00")],
                "dated first: {dated_first}"
            );
            let next_year = NaiveDate::from_ymd_opt(2027, 12, 24).unwrap();
            assert!(s.day(next_year).hours.is_empty());
        }
    }

    #[test]
    fn holidays_and_exceptions_close_the_office() {
        let s = office();
        // Christmas 2026: 24 (exception), 25 + 26 holidays (Fri, Sat).
        assert_eq!(
            state(&s, "2026-12-24 09:00"),
            "closed, next 2026-12-28 08:00 CET"
        );
        // Every 2026 and 2027 NRW holiday on a weekday is closed all day.
        for year in [2026, 2027] {
            for (date, name) in nrw_holidays_of(year) {
                let plan = s.day(date);
                assert!(plan.hours.is_empty(), "{name} {date} must be closed");
                let at = berlin(&format!("{} 10:00", date.format("%Y-%m-%d")));
                assert!(!s.state_at(at).is_open(), "{name} {date} open?");
            }
        }
        let mut open_on_holidays = office();
        open_on_holidays.holidays_closed = false;
        assert_eq!(
            state(&open_on_holidays, "2026-05-14 09:00"),
            "open until 2026-05-14 12:00 CEST"
        );
    }

    fn nrw_holidays_of(year: i32) -> Vec<(NaiveDate, &'static str)> {
        super::super::nrw_holidays(year)
    }

    #[test]
    fn no_hours_means_appointment_only() {
        assert_eq!(
            state(&Schedule::default(), "2026-11-25 10:00"),
            "appointment"
        );
    }

    #[test]
    fn ranges_and_dates_are_validated() {
        assert!(parse_range("08:00-12:00").is_ok());
        assert!(parse_range("12:00-08:00").is_err());
        assert!(parse_range("8 bis 12").is_err());
        assert!(parse_range("25:00-26:00").is_err());
        assert!(ExceptionDate::parse("02-30").is_err());
        assert!(ExceptionDate::parse("2026-12-24").is_ok());
    }

    #[test]
    fn labels_speak_german() {
        let s = office();
        let at = berlin("2026-11-27 17:00");
        assert_eq!(s.state_at(at).label(at), "Geschlossen – öffnet Mo, 08:00");
        let at = berlin("2026-11-25 09:00");
        assert_eq!(s.state_at(at).label(at), "Geöffnet bis 12:00");
    }

    fn city_office(closures: Vec<super::super::Closure>) -> Schedule {
        let mut s = office();
        s.exceptions.push(ScheduleException {
            date: ExceptionDate::parse("2025-12-30").unwrap(),
            hours: vec![r("10:00-12:00")],
            note: "Notdienst".into(),
        });
        s.city = Some(Arc::new(CityClosures { closures }));
        s
    }

    fn closure_2025() -> super::super::Closure {
        super::super::Closure {
            from: NaiveDate::from_ymd_opt(2025, 12, 24).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            note: "Stadtverwaltung zwischen den Jahren geschlossen".into(),
        }
    }

    #[test]
    fn the_city_closure_closes_the_office_but_not_its_own_dated_day() {
        let s = city_office(vec![closure_2025()]);
        let day = |y, m, d| s.day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        // A Monday in the closure: closed, and the card says why.
        let monday = day(2025, 12, 29);
        assert!(monday.hours.is_empty());
        assert_eq!(
            monday.note.as_deref(),
            Some("Stadtverwaltung zwischen den Jahren geschlossen")
        );
        // The closure beats the office's yearly 24 December rule (same
        // result, the city's reason) ...
        assert_eq!(
            day(2025, 12, 24).note.as_deref(),
            Some("Stadtverwaltung zwischen den Jahren geschlossen")
        );
        // ... and the office's own dated day beats the closure.
        assert_eq!(day(2025, 12, 30).hours, vec![r("10:00-12:00")]);
        // After the closure the weekly table is back.
        assert_eq!(day(2026, 1, 5).hours.len(), 2);
        assert_eq!(day(2026, 1, 5).note, None);
        // Closed on the Monday, it opens for the Notdienst on Tuesday.
        let at = berlin("2025-12-29 09:00");
        assert_eq!(
            s.state_at(at).label(at),
            "Geschlossen – öffnet morgen, 10:00"
        );
        // An office that does not follow the city stays open.
        assert!(office().state_at(at).is_open());
    }

    #[test]
    fn an_unentered_season_leaves_open_days_open_with_a_caution() {
        let s = city_office(vec![closure_2025()]);
        let monday = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        assert_eq!(s.day(monday).hours.len(), 2);
        assert_eq!(s.day(monday).note.as_deref(), Some(UNANNOUNCED_CAUTION));
        assert_eq!(s.caution(monday), Some(UNANNOUNCED_CAUTION));
        // Closed days need no caution: Heiligabend, the holidays, Sunday.
        for d in [24, 25, 27] {
            let date = NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
            assert_eq!(s.caution(date), None, "{date}");
        }
        // Without the city's closures nothing is doubtful.
        assert_eq!(office().caution(monday), None);
        assert!(s.state_at(berlin("2026-12-28 09:00")).is_open());
    }
}
