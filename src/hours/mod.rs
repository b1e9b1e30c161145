//! Opening hours: weekly tables, exceptions by date, NRW public holidays,
//! the city administration's closures,
//! all in Europe/Berlin local time across daylight-saving changes.

mod closures;
mod holidays;
mod schedule;
mod service_calendar;

pub use closures::{CityClosures, Closure, UNANNOUNCED_CAUTION};
pub use holidays::{easter_sunday, nrw_holiday, nrw_holidays};
pub use schedule::{
    Appointment, DayPlan, ExceptionDate, OpenState, Schedule, ScheduleException, TimeRange,
    WEEKDAY_KEYS, parse_range, weekday_short, when_in_words,
};
pub use service_calendar::{
    CALLBACK_SERVICE_HOURS, add_service_hours, is_service_day, is_service_time,
};

/// The time zone every office of the city keeps.
pub const TZ: chrono_tz::Tz = chrono_tz::Europe::Berlin;
