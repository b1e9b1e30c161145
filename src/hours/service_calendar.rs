//! The 115 service calendar: Monday to Friday 08:00–18:00 Europe/Berlin,
//! NRW public holidays closed. It defines "service time" for the callback
//! promise (a forward is answered within 24 service hours), so that working
//! time has exactly one definition in the code.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::{TZ, nrw_holidays};

/// Service starts at 08:00 local time.
const OPENS: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// Service ends at 18:00 local time.
const CLOSES: NaiveTime = match NaiveTime::from_hms_opt(18, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The hours within which the 115 promise answers a forward.
pub const CALLBACK_SERVICE_HOURS: u32 = 24;

/// Holiday look-up that computes each year's list once; `nrw_holiday`
/// rebuilds the list per call, which matters when a long span is walked
/// day by day.
#[derive(Default)]
struct Holidays {
    year: Option<i32>,
    days: Vec<NaiveDate>,
}

impl Holidays {
    fn of_year(&mut self, year: i32) -> &[NaiveDate] {
        if self.year != Some(year) {
            self.year = Some(year);
            self.days = nrw_holidays(year).into_iter().map(|(d, _)| d).collect();
        }
        &self.days
    }

    fn contains(&mut self, date: NaiveDate) -> bool {
        self.of_year(date.year()).contains(&date)
    }
}

/// Whether the 115 centre serves on `date` (a weekday that is no NRW public
/// holiday).
pub fn is_service_day(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5 && !Holidays::default().contains(date)
}

/// Whether `at` falls within service time.
pub fn is_service_time(at: DateTime<Utc>) -> bool {
    let local = at.with_timezone(&TZ).naive_local();
    is_service_day(local.date()) && local.time() >= OPENS && local.time() < CLOSES
}

/// The instant `hours` of service time after `start` on the 115 calendar.
///
/// Time outside service (evenings, nights, weekends, NRW public holidays)
/// does not count, so a forward taken on Friday at 17:00 with 24 hours is
/// due on Wednesday at 11:00. A start outside service time counts from the
/// next opening. The result can be exactly 18:00 when the hours run out at
/// closing time. With `hours == 0` the start is returned unchanged.
///
/// Daylight saving cannot shift the result: service windows lie between
/// 08:00 and 18:00 local time, never across the 02:00/03:00 switch, so
/// wall-clock minutes inside a window are real minutes. Beyond the last
/// instant chrono can represent the result saturates; it never panics.
pub fn add_service_hours(start: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
    if hours == 0 {
        return start;
    }
    let mut remaining = chrono::Duration::hours(i64::from(hours));
    let mut holidays = Holidays::default();
    let mut now = start.with_timezone(&TZ).naive_local();
    loop {
        let date = now.date();
        // Whole years at once: a long span (the input is any u32) would
        // otherwise walk hundreds of millions of days. Strictly greater,
        // so a span ending exactly at a year's last closing time is found
        // by the day walk below.
        if date.ordinal() == 1 && now.time() == NaiveTime::MIN {
            let year = service_time_in_year(date.year(), &mut holidays);
            if remaining > year {
                match NaiveDate::from_ymd_opt(date.year() + 1, 1, 1) {
                    Some(next) => {
                        remaining -= year;
                        now = next.and_time(NaiveTime::MIN);
                        continue;
                    }
                    None => return DateTime::<Utc>::MAX_UTC,
                }
            }
        }
        let serves = date.weekday().num_days_from_monday() < 5 && !holidays.contains(date);
        if serves && now.time() < CLOSES {
            let from = if now.time() < OPENS {
                date.and_time(OPENS)
            } else {
                now
            };
            let available = date.and_time(CLOSES) - from;
            if remaining <= available {
                return to_utc(from + remaining);
            }
            remaining -= available;
        }
        match date.checked_add_days(Days::new(1)) {
            Some(next) => now = next.and_time(NaiveTime::MIN),
            None => return DateTime::<Utc>::MAX_UTC,
        }
    }
}

/// Service time in a whole year: ten hours on each weekday that is no
/// holiday. Counted arithmetically: whole weeks, the days left over, then
/// the holidays that fall on a weekday.
fn service_time_in_year(year: i32, holidays: &mut Holidays) -> chrono::Duration {
    let (Some(first), Some(next)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return chrono::Duration::zero();
    };
    let days = (next - first).num_days();
    let start = i64::from(first.weekday().num_days_from_monday());
    let weekdays = 5 * (days / 7) + (0..days % 7).filter(|i| (start + i) % 7 < 5).count() as i64;
    let closed = holidays
        .of_year(year)
        .iter()
        .filter(|d| d.weekday().num_days_from_monday() < 5)
        .count() as i64;
    chrono::Duration::hours(10 * (weekdays - closed))
}

/// Local wall time to UTC. Service instants lie between 08:00 and 18:00,
/// which exist exactly once on every day of the year in Europe/Berlin.
fn to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match TZ.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // Unreachable for 08:00–18:00; an hour later is the defined
        // answer for a time in a spring-forward gap.
        None => TZ
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> DateTime<Utc> {
        let n = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        TZ.from_local_datetime(&n).unwrap().with_timezone(&Utc)
    }

    fn fmt(t: DateTime<Utc>) -> String {
        t.with_timezone(&TZ).format("%a %Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn zero_hours_is_identity_and_exact_fit_ends_at_closing() {
        let t = local("2026-11-21 23:17");
        assert_eq!(add_service_hours(t, 0), t);
        assert_eq!(
            fmt(add_service_hours(local("2026-11-23 08:00"), 10)),
            "Mon 2026-11-23 18:00"
        );
    }

    #[test]
    fn seconds_are_kept() {
        let t = local("2026-11-23 09:00") + chrono::Duration::seconds(17);
        assert_eq!(
            add_service_hours(t, 1),
            local("2026-11-23 10:00") + chrono::Duration::seconds(17)
        );
    }

    #[test]
    fn whole_years_agree_with_the_day_walk() {
        // 2026 has 261 weekdays, 8 of the 11 holidays fall on one; 2027
        // has 261 and 7.
        let mut h = Holidays::default();
        assert_eq!(
            service_time_in_year(2026, &mut h),
            chrono::Duration::hours(2530)
        );
        assert_eq!(
            service_time_in_year(2027, &mut h),
            chrono::Duration::hours(2540)
        );
        // The year skip and the day walk must agree: this ends on the first
        // service day of 2028 (Monday, 3 January) at 18:00.
        let t = add_service_hours(local("2026-01-01 00:00"), 2530 + 2540 + 10);
        assert_eq!(fmt(t), "Mon 2028-01-03 18:00");
    }

    #[test]
    fn huge_spans_saturate_without_panicking() {
        let t = add_service_hours(local("2026-11-23 09:00"), u32::MAX);
        assert_eq!(t, DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn service_days_and_times() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(is_service_day(d(2026, 11, 23)));
        assert!(!is_service_day(d(2026, 11, 22)), "Sunday");
        assert!(!is_service_day(d(2026, 12, 25)), "Christmas");
        assert!(is_service_time(local("2026-11-23 08:00")));
        assert!(!is_service_time(local("2026-11-23 18:00")));
        assert!(!is_service_time(local("2026-11-23 07:59")));
    }
}
