//! Closures of the whole city administration ("zwischen den Jahren"): the
//! city closes its offices for a week or so around New Year and announces
//! the days each December. Editors enter them once, in the knowledge base's
//! `closures.toml`, and every office that follows the city's closures
//! (`city_closures = true`) is closed on them; no office file has to be
//! touched.
//!
//! Until the days are announced the offices' weekly tables would say "open"
//! on 28 December; the city has closed on those days every year for more
//! than a decade. So while a season has no closure entered, its days carry
//! a caution instead of a certainty (see [`CityClosures::caution`]).

use chrono::{Datelike, NaiveDate};

/// Days the city administration is closed, from `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// First closed day.
    pub from: NaiveDate,
    /// Last closed day (inclusive).
    pub to: NaiveDate,
    /// Why, as the desk shows it ("Stadtverwaltung zwischen den Jahren
    /// geschlossen").
    pub note: String,
}

impl Closure {
    fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && from <= self.to
    }
}

/// The closures the editors entered, shared by every office that follows
/// them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CityClosures {
    /// In the order of the file.
    pub closures: Vec<Closure>,
}

/// The caution a day between the years carries while the season's closure
/// is not entered.
pub const UNANNOUNCED_CAUTION: &str =
    "zwischen den Jahren: Schließtage der Stadt noch nicht eingetragen, vor Zusage prüfen";

impl CityClosures {
    /// The closure that covers `date`, if any.
    pub fn closing(&self, date: NaiveDate) -> Option<&Closure> {
        self.closures.iter().find(|c| c.covers(date))
    }

    /// A caution for `date` when it lies between the years and no closure
    /// of that season is entered: the offices are probably closed, but
    /// nobody has said which days.
    pub fn caution(&self, date: NaiveDate) -> Option<&'static str> {
        let (from, to) = season_of(date)?;
        let announced = self.closures.iter().any(|c| c.overlaps(from, to));
        (!announced).then_some(UNANNOUNCED_CAUTION)
    }

    /// Whether the season around `date` (a day of December or January)
    /// has a closure entered. `None` outside the weeks around New Year.
    pub fn season_entered(&self, date: NaiveDate) -> Option<(String, bool)> {
        let year = match date.month() {
            12 => date.year(),
            1 => date.year() - 1,
            _ => return None,
        };
        let (from, to) = season_window(year)?;
        let entered = self.closures.iter().any(|c| c.overlaps(from, to));
        Some((format!("{year}/{:02}", (year + 1) % 100), entered))
    }
}

/// The season "zwischen den Jahren" that contains `date`: 24 December to
/// 2 January (the city has closed from the 24th or 25th to the 1st or
/// 2nd in recent years).
fn season_of(date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let year = match (date.month(), date.day()) {
        (12, d) if d >= 24 => date.year(),
        (1, d) if d <= 2 => date.year() - 1,
        _ => return None,
    };
    season_window(year)
}

fn season_window(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 12, 24)?,
        NaiveDate::from_ymd_opt(year + 1, 1, 2)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn season_2025() -> CityClosures {
        CityClosures {
            closures: vec![Closure {
                from: d("2025-12-24"),
                to: d("2026-01-02"),
                note: "Stadtverwaltung geschlossen".into(),
            }],
        }
    }

    #[test]
    fn a_closure_covers_its_first_and_last_day_only() {
        let c = season_2025();
        assert!(c.closing(d("2025-12-23")).is_none());
        assert_eq!(
            c.closing(d("2025-12-24")).unwrap().note,
            "Stadtverwaltung geschlossen"
        );
        assert!(c.closing(d("2026-01-02")).is_some());
        assert!(c.closing(d("2026-01-03")).is_none());
    }

    #[test]
    fn days_between_the_years_carry_a_caution_until_the_season_is_entered() {
        let c = season_2025();
        // 2025/26 is entered: no caution on any of its days.
        assert_eq!(c.caution(d("2025-12-29")), None);
        assert_eq!(c.caution(d("2026-01-02")), None);
        // 2026/27 is not: its days between the years carry the caution,
        // the days before and after do not.
        assert_eq!(c.caution(d("2026-12-23")), None);
        assert_eq!(c.caution(d("2026-12-24")), Some(UNANNOUNCED_CAUTION));
        assert_eq!(c.caution(d("2026-12-29")), Some(UNANNOUNCED_CAUTION));
        assert_eq!(c.caution(d("2027-01-02")), Some(UNANNOUNCED_CAUTION));
        assert_eq!(c.caution(d("2027-01-04")), None);
        assert_eq!(c.caution(d("2026-07-01")), None);
    }

    #[test]
    fn a_shorter_closure_announces_the_season_too() {
        // 2023/24: 25 December to 1 January. Its season is announced, so
        // 2 January is an ordinary day, not a doubtful one.
        let c = CityClosures {
            closures: vec![Closure {
                from: d("2023-12-25"),
                to: d("2024-01-01"),
                note: String::new(),
            }],
        };
        assert_eq!(c.caution(d("2024-01-02")), None);
        assert!(c.closing(d("2024-01-02")).is_none());
    }

    #[test]
    fn the_season_is_named_in_december_and_january() {
        let c = season_2025();
        assert_eq!(
            c.season_entered(d("2025-12-01")),
            Some(("2025/26".into(), true))
        );
        assert_eq!(
            c.season_entered(d("2026-01-10")),
            Some(("2025/26".into(), true))
        );
        assert_eq!(
            c.season_entered(d("2026-12-07")),
            Some(("2026/27".into(), false))
        );
        assert_eq!(c.season_entered(d("2026-11-30")), None);
    }
}
