//! `Period`: the days the figures cover, `[from, to)` in Europe/Berlin
//! calendar days, and how the window's period picker and the CLI name them.

use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};

use super::keys::{HOUR_MS, day_number};
use crate::error::{Error, Result};
use crate::hours::TZ;

/// The longest period the figures accept: ten years. Enough for any
/// comparison a supervisor makes, and a bound on the work one request does.
pub const MAX_DAYS: i64 = 3_660;

/// German month names, January first.
const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// Calendar days `[from, to)` in Europe/Berlin: `from` is the first day
/// counted, `to` the first day no longer counted. A call belongs to the
/// period when it *started* within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The days from `from` up to, not including, `to`. Refused when `to`
    /// is not after `from` or the span exceeds [`MAX_DAYS`].
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if to <= from {
            return Err(Error::invalid(
                "to",
                format!(
                    "{to} is not after {from}; the period runs from the first day up to, not including, the last"
                ),
            ));
        }
        let days = (to - from).num_days();
        if days > MAX_DAYS {
            return Err(Error::invalid(
                "to",
                format!("{days} days from {from} to {to}; at most {MAX_DAYS}"),
            ));
        }
        Ok(Self { from, to })
    }

    /// The one day `date`.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            from: date,
            to: date.succ_opt().unwrap_or(date),
        }
    }

    /// Today in Bochum at `now`.
    pub fn today(now: DateTime<Utc>) -> Self {
        Self::day(now.with_timezone(&TZ).date_naive())
    }

    /// The week (Monday to Sunday) containing `now`'s day in Bochum.
    pub fn this_week(now: DateTime<Utc>) -> Self {
        let today = now.with_timezone(&TZ).date_naive();
        let monday = today
            .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
            .unwrap_or(today);
        Self {
            from: monday,
            to: monday.checked_add_days(Days::new(7)).unwrap_or(monday),
        }
    }

    /// The calendar month containing `date`.
    pub fn month_of(date: NaiveDate) -> Self {
        let first = date.with_day(1).unwrap_or(date);
        Self {
            from: first,
            to: first.checked_add_months(Months::new(1)).unwrap_or(first),
        }
    }

    /// The month containing `now`'s day in Bochum (days still to come
    /// included; they hold no calls yet).
    pub fn this_month(now: DateTime<Utc>) -> Self {
        Self::month_of(now.with_timezone(&TZ).date_naive())
    }

    /// The first day counted.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The first day no longer counted.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// The last day counted.
    pub fn last(&self) -> NaiveDate {
        self.to.pred_opt().unwrap_or(self.from)
    }

    /// Number of days.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days()
    }

    /// Every day of the period, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d < to)
    }

    /// The period as UTC milliseconds `[start, end)`: Berlin midnight of
    /// `from` and of `to`.
    pub fn ms_range(&self) -> (i64, i64) {
        (midnight_ms(self.from), midnight_ms(self.to))
    }

    /// The period as UTC hours `[start, end)` (`stats_hours.hour`). Exact,
    /// because Berlin midnight always falls on a whole UTC hour.
    pub fn hour_range(&self) -> (i64, i64) {
        let (a, b) = self.ms_range();
        (a.div_euclid(HOUR_MS), b.div_euclid(HOUR_MS))
    }

    /// The period as day numbers `[start, end)` (`stats_topic_days.day`).
    pub fn day_range(&self) -> (i64, i64) {
        (day_number(self.from), day_number(self.to))
    }

    /// German words for the window's heading: "25.11.2026",
    /// "November 2026", "23.11.2026 – 29.11.2026".
    pub fn label(&self) -> String {
        if self.days() == 1 {
            return crate::present::date(self.from);
        }
        if *self == Self::month_of(self.from) {
            let name = MONTHS[self.from.month0() as usize];
            return format!("{name} {}", self.from.year());
        }
        format!(
            "{} – {}",
            crate::present::date(self.from),
            crate::present::date(self.last())
        )
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {})", self.from, self.to)
    }
}

/// Berlin midnight of `date` in UTC milliseconds. Midnight always exists
/// in Berlin (the clocks change at 02:00 and 03:00).
pub(crate) fn midnight_ms(date: NaiveDate) -> i64 {
    let local = date.and_time(NaiveTime::MIN);
    TZ.from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp_millis())
        .unwrap_or_else(|| local.and_utc().timestamp_millis())
}

/// Reads a date as `2026-11-01` (ISO) or `01.11.2026` (TT.MM.JJJJ);
/// errors name `field`. The year must have four digits: chrono would read
/// `01.11.26` as the year 26, a period nobody meant.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    // ISO puts the year first, the German form last.
    let (year, format) = match (text.split_once('-'), text.rsplit_once('.')) {
        (Some((year, _)), _) => (year, "%Y-%m-%d"),
        (None, Some((_, year))) => (year, "%d.%m.%Y"),
        (None, None) => ("", ""),
    };
    let all_digits = !year.is_empty() && year.bytes().all(|b| b.is_ascii_digit());
    // "0000" or "0999" are four digits but no year of the calls: chrono
    // reads them as year 0 and 999, which no period can hold.
    let four_digits = all_digits && year.len() == 4 && !year.starts_with('0');
    if all_digits && year.len() != 4 {
        return Err(Error::invalid(
            field,
            format!(
                "{} has a {}-digit year; write the year with four digits: \
                 TT.MM.JJJJ (01.11.2026) or 2026-11-01",
                crate::error::quote(text),
                year.len()
            ),
        ));
    }
    four_digits
        .then(|| NaiveDate::parse_from_str(text, format).ok())
        .flatten()
        .ok_or_else(|| {
            Error::invalid(
                field,
                format!(
                    "{} is not a date like 2026-11-01 or 01.11.2026 (TT.MM.JJJJ)",
                    crate::error::quote(text)
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date("x", s).unwrap()
    }

    #[test]
    fn a_year_with_a_leading_zero_is_refused() {
        for text in ["1.1.0000", "0999-01-01", "01.01.0100"] {
            let e = parse_date("from", text).expect_err(text);
            assert_eq!(e.field(), Some("from"), "{text}");
        }
        assert_eq!(d("01.01.1000").to_string(), "1000-01-01");
    }

    #[test]
    fn ranges_follow_berlin_midnight() {
        // March 2026 starts in winter time and ends in summer time.
        let march = Period::month_of(d("2026-03-15"));
        assert_eq!(march.days(), 31);
        let (a, b) = march.ms_range();
        assert_eq!(
            super::super::keys::instant(a).to_rfc3339(),
            "2026-02-28T23:00:00+00:00"
        );
        assert_eq!(
            super::super::keys::instant(b).to_rfc3339(),
            "2026-03-31T22:00:00+00:00"
        );
        let (ha, hb) = march.hour_range();
        assert_eq!(
            hb - ha,
            31 * 24 - 1,
            "one hour less: the clocks went forward"
        );
        assert_eq!(march.label(), "März 2026");
        assert_eq!(Period::day(d("01.11.2026")).label(), "01.11.2026");
        let week = Period::new(d("2026-11-23"), d("2026-11-30")).unwrap();
        assert_eq!(week.label(), "23.11.2026 – 29.11.2026");
        assert_eq!(week.dates().count(), 7);
    }

    #[test]
    fn presets_and_refusals() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T23:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(Period::today(now).from(), d("2026-11-25"));
        assert_eq!(Period::this_week(now).from(), d("2026-11-23"));
        assert_eq!(Period::this_week(now).to(), d("2026-11-30"));
        assert_eq!(Period::this_month(now).to(), d("2026-12-01"));
        let e = Period::new(d("2026-11-02"), d("2026-11-01")).unwrap_err();
        assert_eq!(e.field(), Some("to"));
        assert!(Period::new(d("2000-01-01"), d("2026-01-01")).is_err());
        assert_eq!(
            parse_date("from", "1.13.2026").unwrap_err().field(),
            Some("from")
        );
    }

    #[test]
    fn years_have_four_digits() {
        assert_eq!(d("01.11.2026"), d("2026-11-01"));
        assert_eq!(d(" 1.2.2027 "), d("2027-02-01"));
        for (text, says) in [
            ("01.11.26", "2-digit year"),
            ("26-11-01", "2-digit year"),
            ("1.11.202", "3-digit year"),
            ("01.11.02026", "5-digit year"),
            ("0026-11-01x", "not a date"),
            ("+2026-11-01", "not a date"),
            ("01.11.+026", "not a date"),
            ("2026.11.01", "2-digit year"),
            ("", "not a date"),
            ("morgen", "not a date"),
        ] {
            let e = parse_date("from", text).unwrap_err();
            assert_eq!(e.field(), Some("from"));
            assert!(e.to_string().contains(says), "{text:?}: {e}");
        }
    }
}
