//! The day a question asks about: "hat das bürgerbüro morgen auf", "am
//! samstag", "am 29.12.", "am 2. januar", "an heiligabend". The office's
//! card answers for now; a caller who asks about another day needs that
//! day's hours, which may lie beyond the week the card shows.
//!
//! Read from the typed text (dates keep their dots there), as a reference
//! that the answer resolves against the instant it is asked at.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::hours::is_service_day;
use crate::kb::analysis::fold;

/// A day named in a question, before it is placed in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRef {
    /// Days from today: "heute" 0, "morgen" 1, "übermorgen" 2.
    Offset(u8),
    /// The next such weekday after today ("am samstag").
    Weekday(Weekday),
    /// "zwischen den jahren": the first working day between Christmas and
    /// New Year, the day that shows whether the office closes then.
    BetweenTheYears,
    /// A day of the year ("29.12.", "2. januar", "heiligabend"); with a
    /// year if one was written.
    Date {
        /// Day of month.
        day: u32,
        /// Month 1–12.
        month: u32,
        /// The year, if given.
        year: Option<i32>,
    },
}

impl DayRef {
    /// The date it names, seen from `today`: a weekday is the next one
    /// after today, a day without a year the next one from today on.
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            DayRef::Offset(n) => today.checked_add_days(Days::new(n.into())),
            DayRef::Weekday(w) => (1..=7)
                .filter_map(|n| today.checked_add_days(Days::new(n)))
                .find(|d| d.weekday() == w),
            DayRef::BetweenTheYears => {
                // Within the days themselves, the next working one from
                // today on; otherwise the coming season's first.
                let (from, end) = if today.month() == 1 && today.day() <= 2 {
                    (today, NaiveDate::from_ymd_opt(today.year(), 1, 2)?)
                } else {
                    let start = NaiveDate::from_ymd_opt(today.year(), 12, 27)?;
                    (
                        start.max(today),
                        NaiveDate::from_ymd_opt(today.year() + 1, 1, 2)?,
                    )
                };
                from.iter_days()
                    .take_while(|d| *d <= end)
                    .find(|d| is_service_day(*d))
            }
            DayRef::Date {
                day,
                month,
                year: Some(y),
            } => NaiveDate::from_ymd_opt(y, month, day),
            DayRef::Date {
                day,
                month,
                year: None,
            } => {
                let this = NaiveDate::from_ymd_opt(today.year(), month, day);
                match this {
                    Some(d) if d >= today => Some(d),
                    _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day),
                }
            }
        }
    }
}

const WEEKDAYS: [(&str, Weekday); 15] = [
    ("montag", Weekday::Mon),
    ("dienstag", Weekday::Tue),
    ("mittwoch", Weekday::Wed),
    ("donnerstag", Weekday::Thu),
    ("freitag", Weekday::Fri),
    ("samstag", Weekday::Sat),
    ("sonnabend", Weekday::Sat),
    ("sonntag", Weekday::Sun),
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Month names and their common short forms, folded ("märz" → "marz").
const MONTHS: [(&str, u32); 24] = [
    ("januar", 1),
    ("jan", 1),
    ("februar", 2),
    ("feb", 2),
    ("marz", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("juni", 6),
    ("jun", 6),
    ("juli", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("dezember", 12),
    ("dez", 12),
];

/// Words before a date: "am 29.12", "bis 2.1", "vom 24.12".
const DATE_PREPOSITIONS: [&str; 9] = [
    "am", "ab", "bis", "vom", "zum", "den", "seit", "nach", "vor",
];

/// Days with a name of their own that callers ask about.
const NAMED: [(&str, u32, u32); 3] = [
    ("heiligabend", 24, 12),
    ("silvester", 31, 12),
    ("neujahr", 1, 1),
];

/// The first day the question names, if any. Plural weekdays
/// ("samstags") ask about every such day, which the week table answers;
/// they name none.
pub fn day_ref(question: &str) -> Option<DayRef> {
    let tokens: Vec<String> = question
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '?' | '!' | ';' | '(' | ')'))
        .filter(|t| !t.is_empty())
        .map(fold)
        .collect();
    let bare: Vec<&str> = tokens.iter().map(|t| t.trim_end_matches('.')).collect();
    if bare
        .windows(3)
        .any(|w| w == ["zwischen", "den", "jahren"] || w == ["between", "the", "years"])
    {
        return Some(DayRef::BetweenTheYears);
    }
    for (i, t) in tokens.iter().enumerate() {
        let (word, next) = (bare[i], bare.get(i + 1).copied());
        let after_preposition = i
            .checked_sub(1)
            .and_then(|p| bare.get(p))
            .is_some_and(|p| DATE_PREPOSITIONS.contains(p));
        if let Some(d) = numeric_date(word, t.ends_with('.') || after_preposition, next) {
            return Some(d);
        }
        let found = match word {
            "heute" | "today" => Some(DayRef::Offset(0)),
            "morgen" | "tomorrow" => Some(DayRef::Offset(1)),
            "ubermorgen" => Some(DayRef::Offset(2)),
            w => WEEKDAYS
                .iter()
                .find(|(name, _)| *name == w)
                .map(|(_, d)| DayRef::Weekday(*d))
                .or_else(|| {
                    NAMED
                        .iter()
                        .find(|(name, _, _)| *name == w)
                        .map(|&(_, day, month)| DayRef::Date {
                            day,
                            month,
                            year: None,
                        })
                }),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// "29.12.", "29.12", "29.12.2026", "29.12.26", or "29." / "29" before a
/// month name ("29. dezember"). A bare number is no date ("2 hunde").
///
/// "29.12" without the closing dot is a date only after a word that
/// introduces one ("am 29.12", "ab 2.1"): alone it may be a decimal
/// ("anhänger 3.5 tonnen").
fn numeric_date(word: &str, marked: bool, next: Option<&str>) -> Option<DayRef> {
    // "um 8.10 uhr" is a time.
    if next == Some("uhr") {
        return None;
    }
    let parts: Vec<&str> = word.split('.').collect();
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let valid = |day: u32, month: u32| NaiveDate::from_ymd_opt(2024, month, day).is_some();
    match parts.as_slice() {
        [d, m] => {
            let (day, month) = (number(d)?, number(m)?);
            if !marked {
                return None;
            }
            valid(day, month).then_some(DayRef::Date {
                day,
                month,
                year: None,
            })
        }
        [d, m, y] => {
            let (day, month) = (number(d)?, number(m)?);
            let year: i32 = match y.len() {
                2 => 2000 + y.parse::<i32>().ok()?,
                4 => y.parse().ok()?,
                _ => return None,
            };
            valid(day, month).then_some(DayRef::Date {
                day,
                month,
                year: Some(year),
            })
        }
        [d] => {
            let day = number(d)?;
            // "2. januar", and "2 januar" typed without the dot.
            let month = MONTHS.iter().find(|(name, _)| Some(*name) == next)?.1;
            valid(day, month).then_some(DayRef::Date {
                day,
                month,
                year: None,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The date `question` names, asked on Monday 7 December 2026.
    fn on_monday(question: &str) -> Option<NaiveDate> {
        day_ref(question).and_then(|r| r.resolve(d("2026-12-07")))
    }

    #[test]
    fn relative_days_and_weekdays() {
        assert_eq!(
            on_monday("hat das bürgerbüro heute auf"),
            Some(d("2026-12-07"))
        );
        assert_eq!(
            on_monday("hat das bürgerbüro morgen auf?"),
            Some(d("2026-12-08"))
        );
        assert_eq!(on_monday("übermorgen geöffnet"), Some(d("2026-12-09")));
        assert_eq!(
            on_monday("ist das amt am samstag offen"),
            Some(d("2026-12-12"))
        );
        // The weekday of today means next week's.
        assert_eq!(on_monday("am montag"), Some(d("2026-12-14")));
        assert_eq!(on_monday("open on friday?"), Some(d("2026-12-11")));
    }

    #[test]
    fn dates_with_and_without_a_year_and_named_days() {
        assert_eq!(on_monday("hat es am 29.12. auf"), Some(d("2026-12-29")));
        assert_eq!(on_monday("am 29.12 offen"), Some(d("2026-12-29")));
        assert_eq!(on_monday("geöffnet am 2. januar"), Some(d("2027-01-02")));
        assert_eq!(on_monday("geöffnet am 2 jan"), Some(d("2027-01-02")));
        assert_eq!(on_monday("am 30.12.2026?"), Some(d("2026-12-30")));
        assert_eq!(on_monday("am 5.1.27"), Some(d("2027-01-05")));
        assert_eq!(on_monday("an heiligabend offen"), Some(d("2026-12-24")));
        assert_eq!(on_monday("silvester geöffnet"), Some(d("2026-12-31")));
        // A day already past this year is next year's.
        assert_eq!(on_monday("am 1.12."), Some(d("2027-12-01")));
    }

    #[test]
    fn between_the_years_is_its_first_working_day() {
        // 2026: Sunday 27, Monday 28 December.
        assert_eq!(
            on_monday("habt ihr zwischen den jahren offen"),
            Some(d("2026-12-28"))
        );
        let on = |q: &str, today: &str| day_ref(q).and_then(|r| r.resolve(d(today)));
        // Asked within the days: the next working one from today on.
        assert_eq!(
            on("zwischen den jahren auf?", "2026-12-29"),
            Some(d("2026-12-29"))
        );
        assert_eq!(
            on("zwischen den jahren auf?", "2026-01-01"),
            Some(d("2026-01-02"))
        );
        // On New Year's Day 2027 (a Friday) no working day is left.
        assert_eq!(on("zwischen den jahren auf?", "2027-01-01"), None);
        // 2025: Saturday 27, Monday 29 December.
        assert_eq!(
            on("zwischen den jahren geöffnet", "2025-11-20"),
            Some(d("2025-12-29"))
        );
    }

    #[test]
    fn numbers_times_and_plural_weekdays_name_no_day() {
        for q in [
            "wie viel kostet es für 2 hunde",
            "samstags geöffnet",
            "bis 16.30 uhr",
            "ist um 8.00 offen",
            "hat es um 8.10 uhr schon auf",
            "führerschein für anhänger 3.5 tonnen",
            "miete 12.3 prozent höher",
            "am 31.02.",
            "hundesteuer 2026",
            "guten morgens",
        ] {
            assert_eq!(day_ref(q), None, "{q}");
        }
    }
}
