//! NRW public holidays, computed for any year.

use chrono::{Datelike, Duration, NaiveDate};

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher). Valid for every year of the Gregorian calendar.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The algorithm only yields March or April with a valid day.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// The public holidays of North Rhine-Westphalia in `year`, with their
/// German names, in date order.
pub fn nrw_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let fixed = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(NaiveDate::MIN);
    let mut days = vec![
        (fixed(1, 1), "Neujahr"),
        (easter - Duration::days(2), "Karfreitag"),
        (easter + Duration::days(1), "Ostermontag"),
        (fixed(5, 1), "Tag der Arbeit"),
        (easter + Duration::days(39), "Christi Himmelfahrt"),
        (easter + Duration::days(50), "Pfingstmontag"),
        (easter + Duration::days(60), "Fronleichnam"),
        (fixed(10, 3), "Tag der Deutschen Einheit"),
        (fixed(11, 1), "Allerheiligen"),
        (fixed(12, 25), "1. Weihnachtstag"),
        (fixed(12, 26), "2. Weihnachtstag"),
    ];
    days.sort();
    days
}

/// The holiday's name if `date` is an NRW public holiday.
pub fn nrw_holiday(date: NaiveDate) -> Option<&'static str> {
    nrw_holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_dates_match_the_calendar() {
        for (y, m, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), d(y, m, day), "Easter {y}");
        }
    }

    #[test]
    fn nrw_2026_has_eleven_holidays_on_the_right_days() {
        let got: Vec<NaiveDate> = nrw_holidays(2026).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            got,
            vec![
                d(2026, 1, 1),
                d(2026, 4, 3),
                d(2026, 4, 6),
                d(2026, 5, 1),
                d(2026, 5, 14),
                d(2026, 5, 25),
                d(2026, 6, 4),
                d(2026, 10, 3),
                d(2026, 11, 1),
                d(2026, 12, 25),
                d(2026, 12, 26),
            ]
        );
    }

    #[test]
    fn nrw_2027_holidays() {
        assert_eq!(nrw_holiday(d(2027, 3, 26)), Some("Karfreitag"));
        assert_eq!(nrw_holiday(d(2027, 3, 29)), Some("Ostermontag"));
        assert_eq!(nrw_holiday(d(2027, 5, 6)), Some("Christi Himmelfahrt"));
        assert_eq!(nrw_holiday(d(2027, 5, 17)), Some("Pfingstmontag"));
        assert_eq!(nrw_holiday(d(2027, 5, 27)), Some("Fronleichnam"));
        assert_eq!(nrw_holiday(d(2027, 12, 24)), None);
        assert_eq!(nrw_holidays(2027).len(), 11);
    }
}
