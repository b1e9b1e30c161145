//! What the supervisor view shows, as the core computes it. Plain data:
//! the CLI builds its JSON and CSV from these types, the desktop shell its
//! DTOs; neither computes a figure of its own. German labels the window
//! shows (outcomes, weekdays, entry titles, due times) are filled in here.

use chrono::{DateTime, NaiveDate, Utc};

use super::period::Period;
use crate::cases::{AgentId, CallId, ForwardId, Outcome};

/// The 115 service promise: 65 % of questions settled at first contact.
pub const FCR_TARGET: f64 = 0.65;

/// Fewest different agents a period (or a day) must have had calls from
/// before its quality figures (first-contact rate, handling times,
/// outcomes) are shown: with fewer, the team's figures would be one
/// person's. Five, as staff-council agreements on reporting usually ask.
pub const MIN_TEAM: u64 = 5;

/// Fewest calls counting for the first-contact rate (all ended calls but
/// dropped ones) before the rate is judged against [`FCR_TARGET`]: below,
/// one call moves it by more than three points, and "nicht erreicht" on
/// the first eight calls of a morning says nothing about the day.
pub const MIN_JUDGED: u64 = 30;

/// Topics listed.
pub const TOP_TOPICS: usize = 10;

/// Knowledge-gap searches listed.
pub const TOP_GAPS: usize = 20;

/// Overdue forwards listed (the oldest first).
pub const OVERDUE_LISTED: usize = 20;

/// Why quality figures are missing, for the window and the CLI.
pub const WITHHELD_NOTE: &str = "Weniger als 5 Beschäftigte haben in diesem Zeitraum Anrufe \
     angenommen: Erstlösungsquote, Bearbeitungszeiten und Ergebnisse werden zum Schutz der \
     Beschäftigten nicht angezeigt (§ 72 LPVG NRW).";

/// German weekday abbreviations, Monday first (rows of the heatmap).
pub const WEEKDAYS_SHORT: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

/// A share: `hits` out of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    /// The calls (or forwards) that count as hits.
    pub hits: u64,
    /// Out of these.
    pub of: u64,
}

impl Rate {
    /// The share in [0, 1]; `None` when there is nothing to share out.
    pub fn value(&self) -> Option<f64> {
        (self.of > 0).then(|| self.hits as f64 / self.of as f64)
    }
}

/// Ended calls by outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutcomeCounts([u64; 5]);

impl OutcomeCounts {
    fn slot(outcome: Outcome) -> usize {
        Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0)
    }

    /// Adds `n` calls with `outcome`.
    pub fn add(&mut self, outcome: Outcome, n: u64) {
        self.0[Self::slot(outcome)] += n;
    }

    /// Calls with `outcome`.
    pub fn get(&self, outcome: Outcome) -> u64 {
        self.0[Self::slot(outcome)]
    }

    /// All ended calls.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// First-contact resolution: calls whose outcome
    /// [settles the request](Outcome::is_first_contact) out of those that
    /// [count for the rate](Outcome::counts_for_first_contact), i.e.
    /// (answered + portal_handoff + referred) / (all ended calls except
    /// dropped). The only place the rate is computed.
    pub fn first_contact(&self) -> Rate {
        let mut rate = Rate::default();
        for o in Outcome::ALL {
            if o.counts_for_first_contact() {
                rate.of += self.get(*o);
                if o.is_first_contact() {
                    rate.hits += self.get(*o);
                }
            }
        }
        rate
    }
}

/// All figures of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The period.
    pub period: Period,
    /// "Now" for the figures that describe the present (open, overdue,
    /// pending) and for what is stale.
    pub now: DateTime<Utc>,
    /// Calls started in the period, ended or not.
    pub calls: u64,
    /// Of those, ended.
    pub ended: u64,
    /// Different agents who took calls in the period.
    pub team_size: u64,
    /// Whether the quality figures below are withheld because fewer than
    /// [`MIN_TEAM`] agents took calls ([`WITHHELD_NOTE`] says why).
    pub withheld: bool,
    /// First-contact resolution (`None` when withheld).
    pub first_contact: Option<Rate>,
    /// Handling times of ended calls (`None` when withheld).
    pub handling: Option<Handling>,
    /// Ended calls by outcome, every outcome in the window's order (empty
    /// when withheld).
    pub outcomes: Vec<OutcomeFigure>,
    /// Every day of the period, in order.
    pub days: Vec<DayFigures>,
    /// Calls by Berlin hour of the day (0–23).
    pub by_hour: [u64; 24],
    /// Calls by Berlin weekday (Monday first) and hour.
    pub heatmap: [[u64; 24]; 7],
    /// The most frequent topics.
    pub top_topics: Vec<TopicFigure>,
    /// Searches that found nothing or from which nothing was opened,
    /// grouped by normalised text, the most frequent first (at most
    /// [`TOP_GAPS`]).
    pub search_gaps: Vec<SearchGap>,
    /// How many such groups there are in all.
    pub search_gaps_total: u64,
    /// How many different topics the period's calls had (of which
    /// `top_topics` are the first).
    pub topics_total: u64,
    /// Entries used in the period whose review is older than 12 months.
    pub stale_entries: Vec<StaleEntry>,
    /// Forwards with the 24-service-hour promise.
    pub forwards: ForwardFigures,
    /// Portal handoffs.
    pub handoffs: HandoffFigures,
    /// Figures per agent: `None` unless switched on in the settings
    /// (`per_agent_figures`, LPVG NRW § 72).
    pub per_agent: Option<Vec<AgentFigures>>,
}

impl Figures {
    /// The first-contact rate against [`FCR_TARGET`]: `Some(true)` when
    /// met, `None` when there is no rate.
    /// `None` when there is no rate, or when fewer than [`MIN_JUDGED`]
    /// calls count for it (the base is too small for a verdict).
    pub fn first_contact_met(&self) -> Option<bool> {
        self.first_contact
            .filter(|r| r.of >= MIN_JUDGED)
            .and_then(|r| r.value())
            .map(|v| v >= FCR_TARGET)
    }

    /// Why the first-contact rate is shown without a verdict, in German:
    /// its base is below [`MIN_JUDGED`] calls. `None` when it is judged
    /// (or withheld, or there are no calls at all).
    pub fn first_contact_note(&self) -> Option<String> {
        let rate = self.first_contact?;
        (rate.of > 0 && rate.of < MIN_JUDGED).then(|| {
            format!(
                "Noch keine Bewertung: erst ab {MIN_JUDGED} Anrufen (ohne Abbrüche) mit dem Ziel \
                 verglichen, bisher {}.",
                rate.of
            )
        })
    }

    /// Whether the period has not ended at `now` (today is in it): its
    /// figures are those so far.
    pub fn is_partial(&self) -> bool {
        self.days.iter().any(|d| d.partial)
            || self
                .days
                .last()
                .is_some_and(|d| d.date > self.now.with_timezone(&crate::hours::TZ).date_naive())
    }

    /// What the window says of a period that is still running, in
    /// German: "Stand 04.12.2026, 11:09 – der Zeitraum läuft noch."
    pub fn partial_note(&self) -> Option<String> {
        self.is_partial().then(|| {
            let now = self.now.with_timezone(&crate::hours::TZ);
            let what = if self.days.len() == 1 {
                "der Tag"
            } else {
                "der Zeitraum"
            };
            format!(
                "Stand {}, {} Uhr – {what} läuft noch.",
                now.format("%d.%m.%Y"),
                now.format("%H:%M")
            )
        })
    }
}

/// Handling time (end minus start) of ended calls, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Handling {
    /// Average; `None` without ended calls.
    pub average_seconds: Option<f64>,
    /// Median of the whole seconds (the mean of the two middle ones for an
    /// even count); `None` without ended calls.
    pub median_seconds: Option<f64>,
}

/// One outcome's share of the ended calls.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeFigure {
    /// The outcome.
    pub outcome: Outcome,
    /// Its German label.
    pub label: &'static str,
    /// Ended calls with it.
    pub calls: u64,
    /// Share of all ended calls.
    pub share: Option<f64>,
}

/// One day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayFigures {
    /// The Berlin calendar day.
    pub date: NaiveDate,
    /// "Mo 02.11." for chart axes.
    pub label: String,
    /// Calls started that day.
    pub calls: u64,
    /// Of those, ended.
    pub ended: u64,
    /// Whether this day's quality figures are withheld (fewer than
    /// [`MIN_TEAM`] agents that day).
    pub withheld: bool,
    /// The day had begun but not ended at the figures' `now` (today): its
    /// figures are those so far.
    pub partial: bool,
    /// First-contact resolution of the day (`None` when withheld).
    pub first_contact: Option<Rate>,
    /// Average handling time in seconds (`None` when withheld or no
    /// ended call).
    pub average_handling_seconds: Option<f64>,
}

/// A topic (knowledge-base entry) of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicFigure {
    /// The entry id.
    pub entry_id: String,
    /// Its title from the knowledge base (the id if it is gone).
    pub title: String,
    /// Calls with this topic.
    pub calls: u64,
    /// First-contact resolution of those calls (`None` when withheld).
    pub first_contact: Option<Rate>,
}

/// Failed searches with one normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchGap {
    /// The text as agents typed it most often.
    pub text: String,
    /// The normalised text the searches were grouped by (words, folded).
    pub key: String,
    /// Searches in the group.
    pub searches: u64,
    /// Of those, searches that found nothing at all.
    pub no_results: u64,
    /// The latest of them.
    pub latest_at: DateTime<Utc>,
}

/// An entry used in the period that is overdue for review.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleEntry {
    /// The entry id.
    pub entry_id: String,
    /// Its title.
    pub title: String,
    /// When it was last reviewed.
    pub reviewed: NaiveDate,
    /// Calls in the period with it as a topic.
    pub calls: u64,
}

/// Forwards and the 24-service-hour promise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ForwardFigures {
    /// Forwards written in the period.
    pub created: u64,
    /// Of those, answered in time (done no later than due) out of those
    /// that can be judged now (done, or open past their due time); open
    /// ones not yet due are not judged.
    pub on_time: Rate,
    /// Open now (any period).
    pub open_now: u64,
    /// Open and past their due time now (any period).
    pub overdue_now: u64,
    /// The oldest overdue ones, earliest due first (at most
    /// [`OVERDUE_LISTED`], all of them in the CSV export); the first is the
    /// oldest.
    pub overdue: Vec<OverdueForward>,
}

/// An overdue forward as the supervisor's table lists it: no question and
/// no contact, only what following it up with the office needs.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueForward {
    /// The forward.
    pub id: ForwardId,
    /// Its call.
    pub call_id: CallId,
    /// The office (location entry id).
    pub office_id: String,
    /// The office's title (its id if the entry is gone).
    pub office_title: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// "überfällig seit Montag, 10:30".
    pub due_label: String,
}

/// Portal handoffs from the outbox.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HandoffFigures {
    /// Whether the store has the handoff outbox yet; without it every list
    /// is empty.
    pub available: bool,
    /// Handoffs written in the period by service and current state.
    pub groups: Vec<HandoffGroup>,
    /// Not yet delivered now (pending or delivering, any period).
    pub pending_now: u64,
    /// The oldest of those.
    pub oldest_pending: Option<PendingHandoff>,
}

/// Handoffs of one service in one state.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoffGroup {
    /// The service's contract identifier.
    pub service: String,
    /// Its German name.
    pub service_label: String,
    /// The state (pending, delivering, delivered, rejected).
    pub state: String,
    /// Its German name.
    pub state_label: String,
    /// How many.
    pub count: u64,
    /// When the oldest of them was written.
    pub oldest_at: DateTime<Utc>,
}

/// A handoff still waiting for the portal.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingHandoff {
    /// The outbox id.
    pub id: i64,
    /// The service's contract identifier.
    pub service: String,
    /// Its German name.
    pub service_label: String,
    /// The state.
    pub state: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// One agent's figures (only when switched on).
#[derive(Debug, Clone, PartialEq)]
pub struct AgentFigures {
    /// The agent.
    pub agent_id: AgentId,
    /// The name.
    pub name: String,
    /// Calls started in the period.
    pub calls: u64,
    /// Of those, ended.
    pub ended: u64,
    /// First-contact resolution.
    pub first_contact: Rate,
    /// Average handling time in seconds.
    pub average_handling_seconds: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_contact_counts_referrals_and_ignores_dropped_calls() {
        let mut c = OutcomeCounts::default();
        c.add(Outcome::Answered, 5);
        c.add(Outcome::PortalHandoff, 1);
        c.add(Outcome::Referred, 1);
        c.add(Outcome::Forwarded, 3);
        c.add(Outcome::Dropped, 4);
        assert_eq!(c.total(), 14);
        assert_eq!(c.first_contact(), Rate { hits: 7, of: 10 });
        assert_eq!(Rate::default().value(), None);
    }

    fn figures(of: u64, hits: u64) -> Figures {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 4, 10, 9, 0)
            .single()
            .expect("now");
        Figures {
            period: Period::day(day),
            now,
            calls: of,
            ended: of,
            team_size: 5,
            withheld: false,
            first_contact: Some(Rate { hits, of }),
            handling: None,
            outcomes: Vec::new(),
            days: vec![DayFigures {
                date: day,
                label: "Fr 04.12.".into(),
                calls: of,
                ended: of,
                withheld: false,
                partial: true,
                first_contact: Some(Rate { hits, of }),
                average_handling_seconds: None,
            }],
            by_hour: [0; 24],
            heatmap: [[0; 24]; 7],
            top_topics: Vec::new(),
            search_gaps: Vec::new(),
            search_gaps_total: 0,
            topics_total: 0,
            stale_entries: Vec::new(),
            forwards: ForwardFigures::default(),
            handoffs: HandoffFigures::default(),
            per_agent: None,
        }
    }

    /// Issue 15: "Heute" said "nicht erreicht" in red on eight calls.
    #[test]
    fn the_target_is_judged_only_on_enough_calls() {
        let few = figures(8, 4);
        assert_eq!(few.first_contact_met(), None);
        assert_eq!(
            few.first_contact_note().as_deref(),
            Some(
                "Noch keine Bewertung: erst ab 30 Anrufen (ohne Abbrüche) mit dem Ziel verglichen, \
                 bisher 8."
            )
        );
        let just_enough = figures(MIN_JUDGED, 10);
        assert_eq!(just_enough.first_contact_met(), Some(false));
        assert_eq!(just_enough.first_contact_note(), None);
        assert_eq!(figures(MIN_JUDGED, 20).first_contact_met(), Some(true));
        assert_eq!(figures(0, 0).first_contact_note(), None);
    }

    #[test]
    fn a_running_day_is_marked_partial() {
        let today = figures(8, 4);
        assert!(today.is_partial());
        assert_eq!(
            today.partial_note().as_deref(),
            Some("Stand 04.12.2026, 11:09 Uhr – der Tag läuft noch.")
        );
        let mut over = figures(8, 4);
        over.days[0].partial = false;
        over.now += chrono::Duration::days(1);
        assert!(!over.is_partial());
        assert_eq!(over.partial_note(), None);
    }

    #[test]
    fn the_withheld_note_names_the_threshold() {
        assert!(WITHHELD_NOTE.contains(&format!("Weniger als {MIN_TEAM} ")));
    }
}
