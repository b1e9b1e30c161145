//! The keys of the aggregate tables: the UTC hour a call started in, and
//! the Europe/Berlin calendar day as a day number. One definition, used by
//! every write that keeps the aggregates in step and by every read.

use chrono::{DateTime, NaiveDate, Utc};

use crate::hours::TZ;

/// Milliseconds in an hour.
pub(crate) const HOUR_MS: i64 = 3_600_000;

/// The first day of the day numbers.
const EPOCH_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The UTC hour of an instant in milliseconds: `ms / 3,600,000` (rounded
/// down, also before 1970), as `stats_hours.hour` stores it.
pub(crate) fn hour_of(ms: i64) -> i64 {
    ms.div_euclid(HOUR_MS)
}

/// The day number of a calendar date: days since 1970-01-01.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - EPOCH_DAY).num_days()
}

/// The calendar date of a day number.
pub fn date_of_day(day: i64) -> NaiveDate {
    EPOCH_DAY
        .checked_add_signed(chrono::Duration::days(day))
        .unwrap_or(NaiveDate::MAX)
}

/// The Europe/Berlin calendar day of an instant, as a day number.
pub(crate) fn berlin_day(ms: i64) -> i64 {
    day_number(berlin_date(ms))
}

/// The Europe/Berlin calendar date of an instant.
pub(crate) fn berlin_date(ms: i64) -> NaiveDate {
    instant(ms).with_timezone(&TZ).date_naive()
}

/// The instant of a millisecond value; out of chrono's range it reads as
/// the epoch (only a hand-edited file can hold one).
pub(crate) fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// How a call counts in the aggregates: its outcome once it has ended, ''
/// while it runs.
pub(crate) fn outcome_key(ended: bool, outcome: Option<crate::cases::Outcome>) -> &'static str {
    match (ended, outcome) {
        (true, Some(o)) => o.as_str(),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    #[test]
    fn berlin_days_follow_daylight_saving() {
        // Winter: midnight is 23:00 UTC the day before.
        assert_eq!(
            berlin_date(ms("2026-01-14T22:59:59.999Z")).to_string(),
            "2026-01-14"
        );
        assert_eq!(
            berlin_date(ms("2026-01-14T23:00:00Z")).to_string(),
            "2026-01-15"
        );
        // Summer: 22:00 UTC.
        assert_eq!(
            berlin_date(ms("2026-07-14T22:00:00Z")).to_string(),
            "2026-07-15"
        );
        assert_eq!(date_of_day(day_number(NaiveDate::MIN)), NaiveDate::MIN);
        assert_eq!(
            date_of_day(berlin_day(ms("2026-03-29T12:00:00Z"))).to_string(),
            "2026-03-29"
        );
        assert_eq!(hour_of(-1), -1);
        assert_eq!(hour_of(HOUR_MS), 1);
    }
}
