//! Opening hours: weekly tables, exceptions by date, NRW public holidays,
//! all in Europe/Berlin local time across daylight-saving changes.

mod holidays;
mod schedule;

pub use holidays::{easter_sunday, nrw_holiday, nrw_holidays};
pub use schedule::{
    Appointment, DayPlan, ExceptionDate, OpenState, Schedule, ScheduleException, TimeRange,
    WEEKDAY_KEYS, parse_range, weekday_short, when_in_words,
};

/// The time zone every office of the city keeps.
pub const TZ: chrono_tz::Tz = chrono_tz::Europe::Berlin;
