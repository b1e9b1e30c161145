//! Numbers, durations and dates as German readers see them: the one place
//! for how the window's labels, the command line's reports and the CSV
//! export write a share, a handling time, a date or an instant. (The CSV
//! writes numbers bare for Excel but with the same decimal comma and date
//! forms; see `stats::csv`.)

use chrono::{DateTime, NaiveDate, Utc};

use crate::hours::TZ;

/// What stands where there is no value (no calls, a withheld figure).
pub const NONE: &str = "–";

/// A number with `digits` places and a decimal comma: 71.26, 1 -> "71,3".
pub fn decimal(x: f64, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', ",")
}

/// A share 0..1 in per cent with one place: 0.7126 -> "71,3 %"; [`NONE`]
/// without a share.
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(
        || NONE.to_string(),
        |v| format!("{} %", decimal(v * 100.0, 1)),
    )
}

/// A handling time in minutes and seconds: 245 s -> "4:05 min"; [`NONE`]
/// without calls.
pub fn minutes(seconds: Option<f64>) -> String {
    seconds.map_or_else(
        || NONE.to_string(),
        |s| {
            let s = s.round().max(0.0) as u64;
            format!("{}:{:02} min", s / 60, s % 60)
        },
    )
}

/// dd.mm.yyyy.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// dd.mm.yyyy HH:MM in Bochum's time, whatever the machine's zone.
pub fn date_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&TZ).format("%d.%m.%Y %H:%M").to_string()
}

/// HH:MM in Bochum's time: how far a running day has come.
pub fn clock(t: DateTime<Utc>) -> String {
    t.with_timezone(&TZ).format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn german_forms() {
        assert_eq!(decimal(71.26, 1), "71,3");
        assert_eq!(percent(Some(0.7126)), "71,3 %");
        assert_eq!(percent(Some(1.0)), "100,0 %");
        assert_eq!(percent(None), "–");
        assert_eq!(minutes(Some(245.4)), "4:05 min");
        assert_eq!(minutes(Some(59.6)), "1:00 min");
        assert_eq!(minutes(None), "–");
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).expect("date");
        assert_eq!(date(d), "09.03.2026");
        // 23:30 UTC on 28 March is 00:30 in Bochum (CET), 29 March.
        let t = Utc
            .with_ymd_and_hms(2026, 3, 28, 23, 30, 0)
            .single()
            .expect("instant");
        assert_eq!(date_time(t), "29.03.2026 00:30");
        assert_eq!(clock(t), "00:30");
    }
}
