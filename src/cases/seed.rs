//! `auskunft demo seed`: realistic demo data for the call log, ending now.
//!
//! What makes it realistic: calls only in service time (Mon–Fri 8–18, no
//! NRW holidays), Monday mornings busiest and Friday afternoons quiet;
//! topics weighted like a city's 115 centre (ID cards, passports,
//! appointments and moving first), taken from the knowledge base's own
//! entries; a first-contact rate around 70 % (about a third of the
//! questions forwarded); forwards to the topic's
//! office with the 24-service-hour due time, most done, some overdue;
//! portal handoffs for the portal's services, each with its application in
//! the outbox as the desk writes it (delivered, a few rejected, the newest
//! still waiting), so the outcomes and the outbox's figures agree; searches
//! for each topic plus
//! some that found nothing (the knowledge gaps). Calls go to the agent
//! free first, as an ACD would route them.
//!
//! Deterministic for a seed and an end instant: the generator is a
//! hand-written SplitMix64, whose sequence no dependency update can change.
//!
//! Fast: rows are written with multi-row INSERTs in transactions of
//! [`BATCH`] calls, with explicit ids so that topics, forwards and
//! searches refer to their call without reading anything back; each
//! batch moves its provisional ids to the store's next free ones inside
//! its transaction, so two seeders, or a seeder beside twenty desks, never
//! collide. The bulk statements go through `cases::db::bulk` (anonymous
//! `?` on SQLite, `$n` on PostgreSQL).
//!
//! Each batch also adds its calls to the figures' aggregate tables in the
//! same transaction ([`crate::stats`]), summed in memory first.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use sqlx::AnyConnection;
use sqlx::{AssertSqlSafe, Row};

use super::audit::audit;
use super::db::{Backend, bulk};
use super::model::{Outcome, ReplyChannel, Role, from_ms, to_ms};
use super::store::CaseStore;
use crate::error::{Error, Result};
use crate::handoff::{PortalService, example};
use crate::hours::{CALLBACK_SERVICE_HOURS, TZ, add_service_hours, is_service_day};
use crate::kb::{EntryKind, KnowledgeBase};
use crate::stats::Tally;

/// Calls per transaction.
pub const BATCH: usize = 20_000;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Number of calls.
    pub calls: u64,
    /// Days back from `until`'s day, that day included.
    pub days: u32,
    /// The generator's seed.
    pub seed: u64,
    /// The end: no call starts after it (normally now).
    pub until: DateTime<Utc>,
}

/// Most calls one seed writes: five times the two million the figures are
/// measured on. The generator keeps a few words per call in memory, so an
/// unbounded count (`--calls 5000000000`) asked for tens of gigabytes.
pub const MAX_CALLS: u64 = 10_000_000;

/// Most days one seed spans: the longest period the figures show
/// ([`crate::stats::MAX_DAYS`], ten years). Far more (`--days 1000000`,
/// back to the year -700) overflowed the holiday calendar's arithmetic.
pub const MAX_DAYS: u32 = crate::stats::MAX_DAYS as u32;

impl SeedOptions {
    /// Refuses counts outside the bounds, naming the option.
    pub fn check(&self) -> Result<()> {
        if self.calls > MAX_CALLS {
            return Err(Error::invalid(
                "calls",
                format!("{} calls; at most {MAX_CALLS}", self.calls),
            ));
        }
        if self.days == 0 {
            return Err(Error::invalid("days", "at least one day"));
        }
        if self.days > MAX_DAYS {
            return Err(Error::invalid(
                "days",
                format!("{} days; at most {MAX_DAYS} (ten years)", self.days),
            ));
        }
        Ok(())
    }
}

/// What was seeded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Calls written.
    pub calls: u64,
    /// Of those, settled at first contact ([`Outcome::is_first_contact`]).
    pub first_contact: u64,
    /// Calls that count for the first-contact rate (all but dropped).
    pub first_contact_considered: u64,
    /// Calls ended with a portal handoff; each has its application in the
    /// outbox.
    pub portal_handoffs: u64,
    /// Of those applications, the ones the portal rejected (for the agent
    /// to correct).
    pub rejected_handoffs: u64,
    /// Of those applications, the ones still waiting for delivery.
    pub pending_handoffs: u64,
    /// Forwards written.
    pub forwards: u64,
    /// Forwards still open past their due time at `until`.
    pub overdue: u64,
    /// Searches logged.
    pub searches: u64,
    /// Of those, searches that found nothing.
    pub failed_searches: u64,
    /// Agents the calls were spread over.
    pub agents: u64,
}

/// The generator: SplitMix64 (Steele, Lea, Flood 2014). Also drives
/// `demo centre` (`crate::simulate`).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n); 0 for n = 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// Exponentially distributed with this mean.
    pub(crate) fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Log-normal with this median and spread (sigma of the log), by
    /// Box–Muller.
    pub(crate) fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        let (u1, u2) = (1.0 - self.unit(), self.unit());
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        median * (sigma * z).exp()
    }
}

/// Picks indices by weight (cumulative sums and a binary search).
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut sum = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                sum += w.max(0.0);
                sum
            })
            .collect();
        Self { cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// Relative call volume of knowledge-base entries, as a city's 115 centre
/// sees it: identity documents, appointments and registration dominate.
/// Entries not listed weigh [`OTHER_WEIGHT`].
const TOPIC_WEIGHTS: &[(&str, f64)] = &[
    ("personalausweis", 60.0),
    ("termin-buergerbuero", 55.0),
    ("reisepass", 45.0),
    ("wohnsitz-ummelden", 40.0),
    ("wohnsitz-anmelden", 35.0),
    ("kfz-zulassung", 30.0),
    ("sperrmuell", 30.0),
    ("wohngeld", 25.0),
    ("fuehrerschein-umtausch", 22.0),
    ("meldebescheinigung", 18.0),
    ("personenstandsurkunde", 16.0),
    ("aufenthaltstitel", 15.0),
    ("kfz-abmelden", 15.0),
    ("ausweis-verloren", 14.0),
    ("bewohnerparkausweis", 14.0),
    ("buergerbuero-mitte", 12.0),
    ("grundsteuer", 12.0),
    ("hund-anmelden", 12.0),
    ("wunschkennzeichen", 12.0),
    ("kinderreisepass", 11.0),
    ("briefwahl", 10.0),
    ("fuehrungszeugnis", 10.0),
    ("geburt-beurkunden", 10.0),
    ("kita-platz", 10.0),
    ("einbuergerung", 9.0),
    ("elterngeld", 9.0),
    ("gewerbe-anmelden", 9.0),
    ("kfz-umschreibung", 9.0),
    ("strassenverkehrsamt", 8.0),
    ("fundbuero", 8.0),
    ("eid-online-ausweis", 8.0),
    ("wohnsitz-abmelden", 7.0),
    ("maengelmelder", 7.0),
    ("servicekonto-mein-bochum", 6.0),
    ("kfz-wiederzulassung", 6.0),
];

const OTHER_WEIGHT: f64 = 3.0;

/// Relative volume by weekday, Monday first (weekends carry no service).
const WEEKDAY_WEIGHT: [f64; 5] = [1.35, 1.1, 1.0, 1.05, 0.8];

/// Relative volume by hour, 08:00 first.
const HOUR_WEIGHT: [f64; 10] = [1.3, 1.55, 1.45, 1.25, 0.95, 0.9, 1.0, 0.9, 0.7, 0.45];

/// Monday mornings (until noon) carry this much more on top.
const MONDAY_MORNING: f64 = 1.25;

/// Searches that find nothing in the knowledge base: the gaps the
/// supervisor's figures show.
const GAP_QUERIES: &[&str] = &[
    "e-scooter falsch geparkt",
    "schwimmbad öffnungszeiten",
    "wertstoffhof gerthe",
    "baum fällen genehmigung",
    "taubenplage",
    "jobcenter termin",
    "impfpass nachtragen",
    "müllgebühren ratenzahlung",
    "hausnummer beantragen",
    "lärm nachbar beschwerde",
    "straßenlaterne kaputt",
    "sondernutzung außengastronomie",
    "drohne anmelden",
    "ladesäule beantragen",
    "grabstelle verlängern",
    "trauung im freien",
    "bücherei ausweis",
    "rattenbefall melden",
];

const NOTES: &[&str] = &[
    "Unterlagen erklärt.",
    "Online-Termin empfohlen.",
    "Rückfrage zu den Gebühren.",
    "Unterlagen werden nachgereicht.",
    "Auf Online-Dienst hingewiesen.",
    "Frist erklärt.",
    "Öffnungszeiten genannt.",
    "Anrufer wünscht Rückruf am Vormittag.",
    "Zuständigkeit erklärt.",
    "Link zum Formular genannt.",
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hasan", "Ida", "Jonas", "Karin",
    "Lukas", "Marie", "Niklas", "Olga", "Paul", "Rita", "Sven", "Tanja", "Uwe", "Vera", "Wolfgang",
    "Yusuf", "Zoe",
];

const LAST_NAMES: &[&str] = &[
    "Becker",
    "Demir",
    "Fischer",
    "Hoffmann",
    "Kaya",
    "Koch",
    "Krüger",
    "Lange",
    "Meyer",
    "Nowak",
    "Schäfer",
    "Schmidt",
    "Schneider",
    "Schulz",
    "Wagner",
    "Weber",
    "Wolf",
    "Yilmaz",
    "Zimmermann",
];

const STREETS: &[&str] = &[
    "Alleestraße",
    "Castroper Straße",
    "Dorstener Straße",
    "Hattinger Straße",
    "Herner Straße",
    "Königsallee",
    "Universitätsstraße",
    "Wittener Straße",
    "Hauptstraße",
    "Bergstraße",
];

const QUESTIONS: &[&str] = &[
    "Rückfrage zum Bearbeitungsstand",
    "Frage zu den erforderlichen Unterlagen im Sonderfall",
    "Bitte um Terminvergabe außerhalb der Online-Termine",
    "Frage zur Gebührenbefreiung",
    "Beschwerde über ausbleibende Antwort",
    "Frage zur Zuständigkeit",
];

/// One service hour in which calls are placed.
struct Slot {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    weight: f64,
}

/// The service hours from `days` days back up to `until`, with weights.
fn slots(days: u32, until: DateTime<Utc>) -> Vec<Slot> {
    let last = until.with_timezone(&TZ).date_naive();
    let mut out = Vec::new();
    for back in (0..days).rev() {
        let Some(date) = last.checked_sub_days(chrono::Days::new(u64::from(back))) else {
            continue;
        };
        if !is_service_day(date) {
            continue;
        }
        let wd = date.weekday().num_days_from_monday() as usize;
        for (h, hour_weight) in HOUR_WEIGHT.iter().enumerate() {
            let (Some(start), Some(end)) = (local(date, 8 + h as u32), local(date, 9 + h as u32))
            else {
                continue;
            };
            if start >= until {
                continue;
            }
            let end = end.min(until);
            let mut weight = WEEKDAY_WEIGHT.get(wd).copied().unwrap_or(0.0) * hour_weight;
            if wd == 0 && h < 4 {
                weight *= MONDAY_MORNING;
            }
            // A partly passed hour (the current one) gets its share.
            weight *= (end - start).num_seconds() as f64 / 3600.0;
            if weight > 0.0 {
                out.push(Slot { start, end, weight });
            }
        }
    }
    out
}

fn local(date: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
    let t = date.and_time(NaiveTime::from_hms_opt(hour, 0, 0)?);
    TZ.from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Shares `total` out by weight with the largest-remainder method, so the
/// counts add up exactly and the result is deterministic.
fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let given: u64 = counts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - exact[*a].floor();
        let fb = exact[*b] - exact[*b].floor();
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    for i in order
        .into_iter()
        .cycle()
        .take(total.saturating_sub(given) as usize)
    {
        counts[i] += 1;
    }
    counts
}

/// A knowledge-base entry as a possible topic.
struct Topic {
    id: String,
    queries: Vec<String>,
    offices: Vec<String>,
    portal: Option<PortalService>,
}

fn topics(kb: &KnowledgeBase) -> (Vec<Topic>, Vec<f64>, Vec<String>) {
    let mut topics = Vec::new();
    let mut weights = Vec::new();
    let offices: Vec<String> = kb
        .entries
        .values()
        .filter(|e| e.kind == EntryKind::Location)
        .map(|e| e.id.clone())
        .collect();
    for e in kb.entries.values() {
        let title = e
            .title
            .split(" (")
            .next()
            .unwrap_or(&e.title)
            .to_lowercase();
        let mut queries = vec![title];
        queries.extend(e.synonyms.iter().map(|s| s.to_lowercase()));
        let weight = TOPIC_WEIGHTS
            .iter()
            .find(|(id, _)| *id == e.id)
            .map(|(_, w)| *w)
            .unwrap_or(match e.kind {
                EntryKind::Service => OTHER_WEIGHT,
                EntryKind::Location => OTHER_WEIGHT / 2.0,
            });
        let offices = match e.kind {
            EntryKind::Location => vec![e.id.clone()],
            EntryKind::Service => e.locations.clone(),
        };
        topics.push(Topic {
            id: e.id.clone(),
            queries,
            offices,
            portal: e.portal_service,
        });
        weights.push(weight);
    }
    (topics, weights, offices)
}

/// Rows of one batch, ready for the bulk statements.
#[derive(Default)]
struct Batch {
    calls: Vec<CallRow>,
    topics: Vec<(i64, i64, usize, i64)>,
    forwards: Vec<ForwardRow>,
    searches: Vec<SearchRow>,
    handoffs: Vec<HandoffRow>,
}

struct CallRow {
    id: i64,
    agent: i64,
    started: i64,
    ended: i64,
    outcome: Outcome,
    notes: Option<&'static str>,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
}

struct ForwardRow {
    id: i64,
    call: i64,
    office: usize,
    question: &'static str,
    channel: ReplyChannel,
    reply_to: String,
    created: i64,
    by: i64,
    due: i64,
    done: Option<(i64, i64)>,
}

/// A portal application in the outbox, as `handoff::outbox::enqueue`
/// writes it and the delivery worker leaves it.
struct HandoffRow {
    call: i64,
    service: PortalService,
    by: i64,
    created: i64,
    fate: HandoffFate,
}

/// Where a seeded application stands.
enum HandoffFate {
    /// The portal has it: delivered at this instant.
    Delivered(i64),
    /// The portal refused a field (422), for the agent to correct.
    Rejected(i64),
    /// Written moments ago; the worker has not sent it yet.
    Pending,
}

struct SearchRow {
    at: i64,
    agent: i64,
    call: i64,
    query: String,
    results: i64,
    opened: Option<usize>,
}

/// Seeds `opts.calls` calls into `store`, calling `progress(done, total)`
/// after each batch.
pub async fn seed(
    store: &CaseStore,
    kb: &KnowledgeBase,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SeedReport> {
    opts.check()?;
    let (topics, topic_weights, office_ids) = topics(kb);
    if topics.is_empty() || office_ids.is_empty() {
        return Err(Error::invalid(
            "kb",
            "the knowledge base has no entries or no offices to seed calls about",
        ));
    }
    let slots = slots(opts.days, opts.until);
    if slots.is_empty() && opts.calls > 0 {
        return Err(Error::invalid(
            "days",
            format!("the last {} days hold no service hours", opts.days),
        ));
    }
    let per_slot = apportion(
        opts.calls,
        &slots.iter().map(|s| s.weight).collect::<Vec<_>>(),
    );
    let mut rng = Rng(opts.seed);
    let topic_pick = Weighted::new(topic_weights);
    let portal_topics: Vec<usize> = (0..topics.len())
        .filter(|i| topics[*i].portal.is_some())
        .collect();

    // Enough agents that the busiest hour is covered at about ten calls
    // an agent, so the ACD routing below rarely has to double-book.
    let busiest = per_slot.iter().copied().max().unwrap_or(0);
    let n_agents = (busiest / 10).clamp(20, 5_000);
    let agents = seed_agents(store, n_agents, opts.until).await?;
    let mut free_at: BinaryHeap<Reverse<(i64, usize)>> =
        (0..agents.len()).map(|i| Reverse((0, i))).collect();

    let until = to_ms(opts.until);
    let mut report = SeedReport {
        agents: agents.len() as u64,
        ..SeedReport::default()
    };
    // Provisional ids from 1: each batch moves its ids to the store's next
    // free ones inside its own transaction (`write_batch`).
    let (mut next_call, mut next_forward) = (1_i64, 1_i64);
    let mut batch = Batch::default();
    let mut done = 0u64;
    progress(0, opts.calls);
    for (slot, count) in slots.iter().zip(per_slot) {
        let span = (slot.end - slot.start).num_milliseconds().max(1) as u64;
        let mut starts: Vec<i64> = (0..count)
            .map(|_| to_ms(slot.start) + rng.below(span) as i64)
            .collect();
        starts.sort_unstable();
        for started in starts {
            let Some(Reverse((busy, agent_idx))) = free_at.pop() else {
                break;
            };
            let agent = agents[agent_idx];
            let call = next_call;
            next_call += 1;
            let row = one_call(
                &mut rng,
                &topics,
                &topic_pick,
                &portal_topics,
                &office_ids,
                &agents,
                &mut batch,
                &mut report,
                CallStart {
                    id: call,
                    agent,
                    started,
                    until,
                    next_forward: &mut next_forward,
                },
            );
            free_at.push(Reverse((
                busy.max(started) + (row.ended - started),
                agent_idx,
            )));
            batch.calls.push(row);
            if batch.calls.len() >= BATCH {
                done += batch.calls.len() as u64;
                write_batch(store, &topics, &office_ids, std::mem::take(&mut batch)).await?;
                progress(done, opts.calls);
            }
        }
    }
    if !batch.calls.is_empty() {
        done += batch.calls.len() as u64;
        write_batch(store, &topics, &office_ids, batch).await?;
        progress(done, opts.calls);
    }
    report.calls = done;
    Ok(report)
}

struct CallStart<'a> {
    id: i64,
    agent: i64,
    started: i64,
    until: i64,
    next_forward: &'a mut i64,
}

/// Generates one call with its topics, searches and forward.
#[allow(clippy::too_many_arguments)]
fn one_call(
    rng: &mut Rng,
    topics: &[Topic],
    topic_pick: &Weighted,
    portal_topics: &[usize],
    offices: &[String],
    agents: &[i64],
    batch: &mut Batch,
    report: &mut SeedReport,
    start: CallStart<'_>,
) -> CallRow {
    let CallStart {
        id,
        agent,
        started,
        until,
        next_forward,
    } = start;
    let dropped = rng.chance(0.06);
    let wants_portal = !dropped && rng.chance(0.06) && !portal_topics.is_empty();
    // Talk time: a minute of greeting and identifying the need, then an
    // exponential tail (about four minutes on average); dropped calls are
    // short.
    let seconds = if dropped {
        10.0 + rng.exp(40.0)
    } else {
        60.0 + rng.exp(180.0)
    }
    .min(1_800.0);
    let ended = (started + (seconds * 1000.0) as i64)
        .min(until)
        .max(started);

    // Topics: one main topic, sometimes a second or third.
    let mut chosen: Vec<usize> = Vec::with_capacity(3);
    if !(dropped && rng.chance(0.5)) {
        let main = if wants_portal {
            portal_topics[rng.below(portal_topics.len() as u64) as usize]
        } else {
            topic_pick.pick(rng)
        };
        chosen.push(main);
        let extra = if rng.chance(0.05) {
            2
        } else if rng.chance(0.25) {
            1
        } else {
            0
        };
        for _ in 0..extra {
            let t = topic_pick.pick(rng);
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
    }
    let span = (ended - started).max(1);
    for (pos, t) in chosen.iter().enumerate() {
        let at = started + (span * (pos as i64 + 1)) / (chosen.len() as i64 + 2);
        batch.topics.push((id, pos as i64 + 1, *t, at));
        let topic = &topics[*t];
        let mut query = rng
            .pick(&topic.queries)
            .cloned()
            .unwrap_or_else(|| topic.id.clone());
        if rng.chance(0.1) {
            query = typo(rng, &query);
        }
        // Now and then the agent found results but none that helped.
        let opened = (!rng.chance(0.04)).then_some(*t);
        batch.searches.push(SearchRow {
            at: at - 5_000,
            agent,
            call: id,
            query,
            results: 1 + rng.below(10) as i64,
            opened,
        });
        report.searches += 1;
        if opened.is_none() {
            report.failed_searches += 1;
        }
    }
    if !chosen.is_empty() && rng.chance(0.12) {
        batch.searches.push(SearchRow {
            at: started + span / 2,
            agent,
            call: id,
            query: rng.pick(GAP_QUERIES).copied().unwrap_or("").to_string(),
            results: 0,
            opened: None,
        });
        report.searches += 1;
        report.failed_searches += 1;
    }

    let outcome = if dropped {
        Outcome::Dropped
    } else if chosen.first().is_some_and(|t| topics[*t].portal.is_some())
        && (wants_portal || rng.chance(0.5))
    {
        Outcome::PortalHandoff
    } else {
        let r = rng.unit();
        if r < 0.58 {
            Outcome::Answered
        } else if r < 0.91 {
            Outcome::Forwarded
        } else {
            Outcome::Referred
        }
    };
    if outcome.counts_for_first_contact() {
        report.first_contact_considered += 1;
        if outcome.is_first_contact() {
            report.first_contact += 1;
        }
    }
    let mut row = CallRow {
        id,
        agent,
        started,
        ended,
        outcome,
        notes: (outcome == Outcome::Forwarded || rng.chance(0.3))
            .then(|| rng.pick(NOTES).copied())
            .flatten(),
        name: None,
        phone: None,
        email: None,
        address: None,
    };
    let first = rng.pick(FIRST_NAMES).copied().unwrap_or("Anna");
    let last = rng.pick(LAST_NAMES).copied().unwrap_or("Meyer");
    match outcome {
        Outcome::PortalHandoff => {
            report.portal_handoffs += 1;
            // The portal sends the link to finish the application by mail.
            row.name = Some(format!("{first} {last}"));
            row.email = Some(email(first, last));
            // The application the outcome stands for, written during the
            // call (the desk sets this outcome only with an outbox row).
            if let Some(service) = chosen.first().and_then(|t| topics[*t].portal) {
                let created = started + (span * 4) / 5;
                let fate = if until - created < PENDING_WINDOW_MS {
                    report.pending_handoffs += 1;
                    HandoffFate::Pending
                } else if rng.chance(0.03) {
                    report.rejected_handoffs += 1;
                    HandoffFate::Rejected(created + 1_000 + rng.below(20_000) as i64)
                } else {
                    HandoffFate::Delivered(created + 500 + rng.below(5_000) as i64)
                };
                batch.handoffs.push(HandoffRow {
                    call: id,
                    service,
                    by: agent,
                    created,
                    fate,
                });
            }
        }
        Outcome::Forwarded => {
            let office = chosen
                .first()
                .and_then(|t| rng.pick(&topics[*t].offices).cloned())
                .or_else(|| rng.pick(offices).cloned())
                .unwrap_or_default();
            let office = offices.iter().position(|o| *o == office).unwrap_or(0);
            let r = rng.unit();
            let (channel, reply_to) = if r < 0.6 {
                let phone = format!("0234 {}", 100_000 + rng.below(8_900_000));
                row.phone = Some(phone.clone());
                (ReplyChannel::Phone, phone)
            } else if r < 0.9 {
                let mail = email(first, last);
                row.email = Some(mail.clone());
                (ReplyChannel::Email, mail)
            } else {
                let address = format!(
                    "{} {}, 44{} Bochum",
                    rng.pick(STREETS).copied().unwrap_or("Hauptstraße"),
                    1 + rng.below(180),
                    701 + rng.below(99)
                );
                row.address = Some(address.clone());
                (ReplyChannel::Post, format!("{first} {last}, {address}"))
            };
            row.name = Some(format!("{first} {last}"));
            let due = to_ms(add_service_hours(from_ms(ended), CALLBACK_SERVICE_HOURS));
            // Most forwards are answered in time, some late, and about one
            // in ten past its due time is still open (the overdue list).
            let done = if due < until {
                rng.chance(0.9).then(|| {
                    let late = if rng.chance(0.15) { 1.6 } else { 0.95 };
                    let t = ended + ((due - ended) as f64 * (0.15 + rng.unit() * late)) as i64;
                    t.min(until)
                })
            } else {
                rng.chance(0.35)
                    .then(|| ended + ((until - ended) as f64 * rng.unit()) as i64)
            };
            if done.is_none() && due < until {
                report.overdue += 1;
            }
            let by = rng.pick(agents).copied().unwrap_or(agent);
            batch.forwards.push(ForwardRow {
                id: *next_forward,
                call: id,
                office,
                question: rng.pick(QUESTIONS).copied().unwrap_or("Rückfrage"),
                channel,
                reply_to,
                created: ended,
                by: agent,
                due,
                done: done.map(|t| (t, by)),
            });
            *next_forward += 1;
            report.forwards += 1;
        }
        _ => {}
    }
    row
}

/// Applications written this recently before the seed's end are still
/// waiting for the delivery worker.
const PENDING_WINDOW_MS: i64 = 5 * 60 * 1000;

/// The outbox body of a seeded application: the service's example data
/// in the request envelope, as a phone application sends it.
fn handoff_body(service: PortalService) -> String {
    serde_json::json!({
        "service": service.as_str(),
        "applicant_mode": "anonymous",
        "assurance_level": "low",
        "data": example(service),
    })
    .to_string()
}

fn email(first: &str, last: &str) -> String {
    let fold = |s: &str| {
        s.to_lowercase()
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss")
    };
    format!("{}.{}@example.org", fold(first), fold(last))
}

/// A typing slip: two neighbouring letters swapped.
fn typo(rng: &mut Rng, query: &str) -> String {
    let mut chars: Vec<char> = query.chars().collect();
    if chars.len() >= 4 {
        let i = 1 + rng.below(chars.len() as u64 - 2) as usize;
        chars.swap(i, i - 1);
    }
    chars.into_iter().collect()
}

/// Creates (or finds) `n` demo agents and two supervisors; returns the
/// agents' ids (supervisors take no calls here).
async fn seed_agents(store: &CaseStore, n: u64, at: DateTime<Utc>) -> Result<Vec<i64>> {
    let action = "creating demo agents";
    let mut ids = Vec::with_capacity(n as usize);
    store
        .write(action, async |c| {
            for role in [Role::Supervisor, Role::Agent] {
                let count = if role == Role::Supervisor { 2 } else { n };
                for i in 0..count {
                    let first = FIRST_NAMES[(i as usize) % FIRST_NAMES.len()];
                    let last = LAST_NAMES[(i as usize * 7 + 3) % LAST_NAMES.len()];
                    let name = match role {
                        Role::Supervisor => format!("Teamleitung {first} {last} (Demo)"),
                        Role::Agent | Role::Editor => {
                            format!("{first} {last} (Demo {:03})", i + 1)
                        }
                    };
                    sqlx::query(
                        "INSERT INTO agents (name, role, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (name) DO NOTHING",
                    )
                    .bind(&name)
                    .bind(role.as_str())
                    .bind(to_ms(at))
                    .execute(&mut *c)
                    .await?;
                    if role == Role::Agent {
                        let id: i64 = sqlx::query_scalar("SELECT id FROM agents WHERE name = $1")
                            .bind(&name)
                            .fetch_one(&mut *c)
                            .await?;
                        ids.push(id);
                    }
                }
            }
            Ok(())
        })
        .await?;
    Ok(ids)
}

/// The next free call and forward ids, read inside the batch's
/// transaction: SQLite's write lock, and on PostgreSQL a lock that makes
/// other desks' inserts into these two tables wait for the batch, keep a
/// second seeder or a desk from taking the same ids.
async fn next_ids(c: &mut AnyConnection) -> Result<(i64, i64), sqlx::Error> {
    if Backend::of(c) == Backend::Postgres {
        sqlx::query("LOCK TABLE calls, forwards IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *c)
            .await?;
    }
    let row = sqlx::query(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM calls), \
         (SELECT COALESCE(MAX(id), 0) FROM forwards)",
    )
    .fetch_one(&mut *c)
    .await?;
    Ok((row.try_get::<i64, _>(0)? + 1, row.try_get::<i64, _>(1)? + 1))
}

/// On PostgreSQL the identity sequences must move past the explicit ids a
/// batch wrote, or the next call a desk logs would collide with them.
async fn advance_sequences(c: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if Backend::of(c) == Backend::Postgres {
        for table in ["calls", "forwards"] {
            sqlx::query(AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )))
            .execute(&mut *c)
            .await?;
        }
    }
    Ok(())
}

async fn write_batch(
    store: &CaseStore,
    topics: &[Topic],
    offices: &[String],
    batch: Batch,
) -> Result<()> {
    let first = batch.calls.first().map(|c| c.id).unwrap_or_default();
    let last = batch.calls.last().map(|c| c.id).unwrap_or_default();
    let started = Instant::now();
    // The batch's calls hold consecutive ids from `first`.
    let mut tally = Tally::default();
    for r in &batch.calls {
        tally.call(r.started, Some(r.ended), Some(r.outcome));
    }
    for (call, _, topic, _) in &batch.topics {
        let row = usize::try_from(call - first)
            .ok()
            .and_then(|i| batch.calls.get(i));
        if let Some(r) = row {
            tally.topic(r.started, true, Some(r.outcome), &topics[*topic].id);
        }
    }
    let first_forward = batch.forwards.first().map(|f| f.id).unwrap_or_default();
    store
        .write("seeding demo calls", async |c| {
            // Shifts from the provisional ids to the store's next free ones.
            let (next_call, next_forward) = next_ids(c).await?;
            let dc = next_call - first;
            let df = next_forward - first_forward;
            bulk(
                c,
                "INSERT INTO calls (id, agent_id, started_at, ended_at, outcome, notes, \
                 caller_name, caller_phone, caller_email, caller_address)",
                10,
                "",
                &batch.calls,
                |q, r| {
                    q.bind(r.id + dc)
                        .bind(r.agent)
                        .bind(r.started)
                        .bind(r.ended)
                        .bind(r.outcome.as_str())
                        .bind(r.notes)
                        .bind(r.name.clone())
                        .bind(r.phone.clone())
                        .bind(r.email.clone())
                        .bind(r.address.clone())
                },
            )
            .await?;
            bulk(
                c,
                "INSERT INTO call_topics (call_id, position, entry_id, added_at)",
                4,
                "",
                &batch.topics,
                |q, (call, pos, topic, at)| {
                    q.bind(*call + dc)
                        .bind(*pos)
                        .bind(topics[*topic].id.clone())
                        .bind(*at)
                },
            )
            .await?;
            bulk(
                c,
                "INSERT INTO forwards (id, call_id, office_id, question, reply_channel, reply_to, \
                 created_at, created_by, due_at, status, done_at, done_by)",
                12,
                "",
                &batch.forwards,
                |q, r| {
                    q.bind(r.id + df)
                        .bind(r.call + dc)
                        .bind(offices[r.office].clone())
                        .bind(r.question)
                        .bind(r.channel.as_str())
                        .bind(r.reply_to.clone())
                        .bind(r.created)
                        .bind(r.by)
                        .bind(r.due)
                        .bind(if r.done.is_some() { "done" } else { "open" })
                        .bind(r.done.map(|d| d.0))
                        .bind(r.done.map(|d| d.1))
                },
            )
            .await?;
            bulk(
                c,
                "INSERT INTO search_log \
                 (at, agent_id, call_id, query, result_count, opened_entry_id)",
                6,
                "",
                &batch.searches,
                |q, r| {
                    q.bind(r.at)
                        .bind(r.agent)
                        .bind(r.call + dc)
                        .bind(r.query.clone())
                        .bind(r.results)
                        .bind(r.opened.map(|t| topics[t].id.clone()))
                },
            )
            .await?;
            let bodies: Vec<(PortalService, String)> = PortalService::ALL
                .iter()
                .map(|s| (*s, handoff_body(*s)))
                .collect();
            let body_of = |s: PortalService| {
                bodies
                    .iter()
                    .find(|(b, _)| *b == s)
                    .map(|(_, body)| body.clone())
            };
            bulk(
                c,
                "INSERT INTO handoff_outbox (call_id, service, idempotency_key, body, state, \
                 attempts, next_attempt_at, last_error, last_status, reference, problems, \
                 created_by, created_at, updated_at, delivered_at)",
                15,
                "",
                &batch.handoffs,
                |q, r| {
                    let call = r.call + dc;
                    let (state, attempts, status, error, reference, problems, updated, delivered) =
                        match r.fate {
                            HandoffFate::Delivered(at) => (
                                "delivered",
                                1_i64,
                                Some(201_i64),
                                None,
                                Some(format!("DEMO-{call:08}")),
                                None,
                                at,
                                Some(at),
                            ),
                            HandoffFate::Rejected(at) => (
                                "rejected",
                                1,
                                Some(422),
                                Some("422 Unprocessable Entity".to_string()),
                                None,
                                Some(seeded_problems(r.service)),
                                at,
                                None,
                            ),
                            HandoffFate::Pending => {
                                ("pending", 0, None, None, None, None, r.created, None)
                            }
                        };
                    q.bind(call)
                        .bind(r.service.as_str())
                        .bind(format!("demo-seed-call-{call}"))
                        .bind(body_of(r.service))
                        .bind(state)
                        .bind(attempts)
                        .bind(r.created)
                        .bind(error)
                        .bind(status)
                        .bind(reference)
                        .bind(problems)
                        .bind(r.by)
                        .bind(r.created)
                        .bind(updated)
                        .bind(delivered)
                },
            )
            .await?;
            advance_sequences(c).await?;
            tally.flush(c).await?;
            // One audit row for the batch: the seeder, not an agent, wrote
            // these rows, and the audit log says so.
            let detail = format!(
                "{} demo calls {}..={}, {} forwards, {} searches, {} applications",
                batch.calls.len(),
                first + dc,
                last + dc,
                batch.forwards.len(),
                batch.searches.len(),
                batch.handoffs.len()
            );
            audit(
                c,
                to_ms(Utc::now()),
                None,
                "demo.seed",
                "calls",
                None,
                Some(&detail),
            )
            .await?;
            Ok(())
        })
        .await?;
    tracing::debug!(
        calls = batch.calls.len(),
        ms = started.elapsed().as_millis() as u64,
        "seed batch"
    );
    Ok(())
}

/// The field problem of a seeded rejection: a JSON list of `{field,
/// message}` as a 422 leaves it, on a field of the service's form (what
/// only the portal can know).
fn seeded_problems(service: PortalService) -> String {
    let (field, message) = match service {
        PortalService::Personenstandsurkunde => (
            "event.date",
            "Zu diesem Datum ist beim Standesamt Bochum kein Eintrag vorhanden.",
        ),
        PortalService::Wunschkennzeichen => {
            ("plate", "Das Wunschkennzeichen ist bereits vergeben.")
        }
        PortalService::Bewohnerparkausweis => (
            "address",
            "Die Adresse liegt nicht in der gewählten Bewohnerparkzone.",
        ),
        PortalService::KfzAbmeldung => (
            "zb1_security_code",
            "Der Sicherheitscode passt nicht zur Zulassungsbescheinigung.",
        ),
        PortalService::KfzWiederzulassung => {
            ("evb", "Die eVB-Nummer ist dem Versicherer nicht bekannt.")
        }
    };
    serde_json::json!([{ "field": field, "message": message }]).to_string()
}

/// Days covered by default.
pub const DEFAULT_DAYS: u32 = 30;

/// How long seeding `calls` took, for the CLI's closing line.
pub fn rate(calls: u64, elapsed: std::time::Duration) -> f64 {
    calls as f64 / elapsed.as_secs_f64().max(1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_and_follows_weights() {
        let c = apportion(10, &[1.0, 1.0, 2.0]);
        assert_eq!(c.iter().sum::<u64>(), 10);
        assert_eq!(c, vec![3, 2, 5]);
        assert_eq!(apportion(0, &[1.0]), vec![0]);
        assert_eq!(apportion(5, &[]), Vec::<u64>::new());
    }

    #[test]
    fn slots_follow_the_service_calendar() {
        // Tuesday 2026-11-24, 10:30 local: Monday has ten slots, Tuesday
        // two full ones and half of the 10:00 hour; the weekend none.
        let until = DateTime::parse_from_rfc3339("2026-11-24T10:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let s = slots(4, until);
        assert_eq!(s.len(), 13);
        let monday_8 = s[0].weight;
        let tuesday_8 = s[10].weight;
        assert!(monday_8 > tuesday_8, "Monday mornings are busiest");
        assert!((s[12].end - s[12].start).num_minutes() == 30);
    }

    #[test]
    fn the_generator_is_stable() {
        let mut r = Rng(42);
        let a: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut r = Rng(42);
        let b: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(a, b);
        assert!(Rng(1).below(10) < 10);
    }
}
