//! Command-line interface over [`auskunft::Desk`]. Help texts live here,
//! in one place.

#[macro_use]
mod out;

mod calls;
mod handoff;
mod output;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use auskunft::handoff::PortalService;
use auskunft::kb::index::OpenOutcome;
use auskunft::kb::{CheckOptions, KnowledgeBase, Severity};
use auskunft::{Desk, DeskConfig, default_data_dir, kb_dir_for};

/// Auskunft: the desk of Bochum's 115 service centre, on the command line.
#[derive(Debug, Parser)]
#[command(name = "auskunft", version, about)]
struct Cli {
    /// Knowledge-base folder (default: the shipped knowledge-base/, or $AUSKUNFT_KB).
    #[arg(long, global = true, value_name = "DIR")]
    kb: Option<PathBuf>,
    /// Data folder for index, store and logs (default: the user's data folder, or $AUSKUNFT_DATA).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Knowledge-base tools for editors.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
    /// Search the knowledge base as an agent types.
    Search {
        /// What the agent typed.
        query: String,
        /// Most results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Also print the query plan: the terms searched per word, with weights.
        #[arg(long)]
        explain: bool,
    },
    /// Answer a question: best entry, the section asked about, offices' state.
    Ask {
        /// The question.
        question: String,
        /// Instant to compute opening states for (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Is a location open? Prints `open …` or `closed …` first.
    Hours {
        /// Location id.
        id: String,
        /// Instant (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Relevance on a `query<TAB>id|id` file (misses, then recall and MRR),
    /// or answers on a `question<TAB>id|id<TAB>section` file (misses, then
    /// the share of right entries, sections and both; section `-` = none).
    ///
    /// With `--second-key`, a second person's answers to the same questions:
    /// how often the two keys agree, the desk on the questions they agree on
    /// (its misses are listed), and how often it is right by either key.
    Eval {
        /// The TSV file.
        file: PathBuf,
        /// Another answers file for the same questions, written independently.
        #[arg(long, value_name = "FILE")]
        second_key: Option<PathBuf>,
    },
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Demo data for the call log.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// The call log.
    Calls {
        #[command(subcommand)]
        command: CallsCommand,
    },
    /// The 115 figures of a period for supervisors: calls per day and by
    /// weekday and hour, first-contact resolution against the 65 % target,
    /// handling times, outcomes, top topics, knowledge gaps, forwards and
    /// their 24-service-hour promise, portal handoffs.
    ///
    /// The period is [--from, --to) in Europe/Berlin days: --to is the first
    /// day NOT counted (November 2026 is --from 2026-11-01 --to 2026-12-01).
    /// Without --to it runs through today; without --from it starts on the
    /// first of that month. Dates as 2026-11-01 or 01.11.2026.
    ///
    /// Output: text (default), --json (for scripts; keys calls, fcr,
    /// aht_seconds, by_outcome, by_hour, top_topics, knowledge_gaps,
    /// forwards, handoffs and more), --csv (the figures for German Excel:
    /// UTF-8 with BOM, ';', decimal comma, dd.mm.yyyy) or --calls-csv (the
    /// anonymised call list of the period for German Excel: one line per
    /// call, no names, contacts, notes, agents or call ids).
    ///
    /// Figures per agent appear only when `per_agent_figures = true` is set
    /// in <data>/settings.toml (LPVG NRW § 72: only with the staff
    /// council's consent).
    #[command(verbatim_doc_comment)]
    Stats {
        /// First day counted (default: the first of the month).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// First day no longer counted (default: tomorrow).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Print JSON.
        #[arg(long, group = "format")]
        json: bool,
        /// Print the figures as CSV for German Excel.
        #[arg(long, group = "format")]
        csv: bool,
        /// Print the anonymised call list of the period as CSV for German Excel.
        #[arg(long, group = "format")]
        calls_csv: bool,
    },
    /// Portal applications ("Mein Bochum"): example, submit, deliver, list, retry.
    ///
    /// The portal's URL and token come from AUSKUNFT_PORTAL_URL and
    /// AUSKUNFT_PORTAL_TOKEN, or the [portal] table of <data>/settings.toml
    /// (url, token, stuck_after_minutes).
    Handoff {
        #[command(subcommand)]
        command: HandoffCommand,
    },
    /// The case store itself: `store migrate` applies the migrations this
    /// release brings (on a centre's server: run it with the login that owns
    /// the store; persons' logins cannot change the schema).
    Store {
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// The desk's settings: the centre's file (/etc/auskunft/settings.toml,
    /// or $AUSKUNFT_SYSTEM_SETTINGS) under the user's file in the data folder.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Anonymise personal data after the retention period.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Tools for the tests (crash and concurrency tests run these).
    #[command(hide = true)]
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
}

#[derive(Debug, Subcommand)]
enum DemoCommand {
    /// Realistic demo calls ending now: Mon–Fri 8–18, weighted topics,
    /// forwards (some overdue), handoffs, searches. Deterministic per seed.
    Seed {
        /// Number of calls.
        #[arg(long)]
        calls: u64,
        /// Days back from today (today included).
        #[arg(long, default_value_t = auskunft::cases::seed::DEFAULT_DAYS)]
        days: u32,
        /// Generator seed.
        #[arg(long, default_value_t = 115)]
        seed: u64,
        /// End instant instead of now (RFC 3339), for reproducible data.
        #[arg(long, hide = true)]
        until: Option<String>,
    },
    /// A whole centre at work: N simulated agents, each a desk of its own,
    /// take calls against the store (the centre's PostgreSQL store when
    /// configured) for M simulated minutes — for demos of the live
    /// dashboard and as the store's load test. Prints calls, forwards,
    /// handoffs, the p50/p99 of logging a whole call, its writes per call,
    /// and (PostgreSQL) the p50/p99 of one durable write on this server,
    /// timed beside the desks: the floor a call's writes cannot beat.
    Centre {
        /// Simulated agents (desks).
        #[arg(long, default_value_t = 20)]
        desks: usize,
        /// Simulated minutes.
        #[arg(long, default_value_t = 10.0)]
        minutes: f64,
        /// Simulated minutes per real minute (10: ten times as fast).
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
        /// Calls a day for the whole centre.
        #[arg(long, default_value_t = 1600.0)]
        calls_per_day: f64,
        /// Generator seed.
        #[arg(long, default_value_t = 115)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
enum CallsCommand {
    /// The newest calls first: id, start, agent, outcome, minutes, topics.
    List {
        /// Print JSON (a list of calls, newest first).
        #[arg(long)]
        json: bool,
        /// Most calls.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
enum HandoffCommand {
    /// Print a valid example application (its data) for SERVICE as JSON; `submit` accepts it as is.
    Example {
        /// personenstandsurkunde, wunschkennzeichen, bewohnerparkausweis, kfz-abmeldung or kfz-wiederzulassung.
        #[arg(value_parser = handoff::parse_service)]
        service: PortalService,
    },
    /// Validate an application and put it into the outbox; prints its id.
    ///
    /// Without --call the command logs a call of its own (started, handed
    /// off, ended) for the agent signed in at this desk, or for
    /// "Kommandozeile" (--agent chooses another name; the desk's
    /// remembered sign-in is not changed). `auskunft handoff deliver` sends
    /// what is queued.
    ///
    /// Exit codes:
    ///   0  queued; the outbox id is printed.
    ///   1  the application was refused and nothing was written: FILE
    ///      cannot be read, holds more than 1 MiB, is not JSON, or fields
    ///      are invalid (each printed as `field: message`).
    ///   2  usage errors (unknown option or service, no FILE) and failures
    ///      of the desk itself (case store, knowledge base).
    #[command(verbatim_doc_comment)]
    Submit {
        /// The service (see `example`).
        #[arg(value_parser = handoff::parse_service)]
        service: PortalService,
        /// The application's data as JSON (at most 1 MiB); `-` reads standard input.
        #[arg(
            value_name = "FILE|-",
            required_unless_present = "input",
            conflicts_with = "input"
        )]
        file: Option<PathBuf>,
        /// The same as FILE (`--data` is the data folder).
        #[arg(long, value_name = "FILE")]
        input: Option<PathBuf>,
        /// Attach the application to this call instead of logging a new one.
        #[arg(long, value_name = "ID")]
        call: Option<i64>,
        /// Act as this agent.
        #[arg(long, value_name = "NAME")]
        agent: Option<String>,
    },
    /// Send queued applications to the portal; prints `delivered ID REFERENCE`,
    /// `rejected ID`, `retry ID`, `flagged ID STATUS` per attempt.
    ///
    /// Runs until Ctrl-C, or with --until-empty until nothing is pending: exit
    /// 0 then, or 3 if applications are left that the portal refuses for a
    /// reason a retry cannot fix (wrong token, …; see `list --stuck`).
    Deliver {
        /// Stop once nothing is pending or being sent.
        #[arg(long)]
        until_empty: bool,
        #[command(flatten)]
        tuning: handoff::Tuning,
    },
    /// The outbox, newest first: id, service, state, attempts, reference, last error.
    List {
        /// Print JSON (a list with id, service, state, reference, attempts, …).
        #[arg(long)]
        json: bool,
        /// Most applications.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only what supervisors must look at: flagged, or not delivered in time.
        #[arg(long)]
        stuck: bool,
    },
    /// Make a pending application due now (e.g. after the token was fixed).
    Retry {
        /// The application's id.
        id: i64,
    },
    /// Ask the portal what the office decided about a delivered application;
    /// prints `ID DECISION` (submitted, accepted or rejected) and records it.
    Status {
        /// The outbox id (see `list`).
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum StoreCommand {
    /// Open the store, apply missing migrations, print where it is and who
    /// this login is there.
    Migrate,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print every setting with its value and where it came from (centre
    /// file, user file, environment, default); secrets are not shown.
    Show,
}

#[derive(Debug, Subcommand)]
enum RetentionCommand {
    /// Anonymise calls older than `retention_days` (settings.toml, default 90).
    Run {
        /// Only print what would be anonymised.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum DevCommand {
    /// Log whole calls, printing `ended <id>` after each has committed.
    LogCalls {
        /// Until killed.
        #[arg(long, conflicts_with = "count")]
        forever: bool,
        /// This many calls.
        #[arg(long, default_value_t = 10)]
        count: u64,
        /// The agent's name.
        #[arg(long, default_value = "Dauertest")]
        agent: String,
    },
    /// Recompute the figures' aggregate tables from the call log.
    RebuildFigures,
}

#[derive(Debug, Subcommand)]
enum KbCommand {
    /// Validate every entry file; exit 1 on errors, 0 with warnings only.
    ///
    /// Prints one problem a line, `path:line: error|warning: message`
    /// (`path: …` for a folder), then on standard error the counts and how
    /// many entries list unconfirmed facts.
    Check {
        #[command(flatten)]
        age: MaxAge,
        /// Print JSON: entries, errors, warnings, unconfirmed_entries and
        /// problems (path, line or null for a folder, severity, message).
        #[arg(long)]
        json: bool,
    },
    /// List entries: id<TAB>kind<TAB>title.
    List,
    /// Entries to re-check, the oldest review first: reviewed<TAB>id<TAB>title.
    Stale {
        #[command(flatten)]
        age: MaxAge,
    },
}

/// The stale age shared by `kb check` and `kb stale`.
#[derive(Debug, clap::Args)]
struct MaxAge {
    /// Months after the last review (`reviewed`) until an entry counts as stale.
    #[arg(long, value_name = "N", default_value_t = auskunft::kb::STALE_AFTER_MONTHS)]
    max_age_months: u32,
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Index build time and search latency on a synthetic knowledge base.
    Search {
        /// Synthetic entries added to the shipped ones.
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
        /// Passes over the query mix.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
    /// Latency of logging whole calls (start, 2 topics, notes, end) on a real file.
    Calls {
        /// Calls to log.
        #[arg(long, default_value_t = 1_000)]
        n: usize,
    },
    /// Time all figures for the last full month and the twelve full months
    /// before this one on the store in the data folder, in process and
    /// through `auskunft stats --json` (process start included); prints
    /// medians and the query plans. Seed a store first, e.g.
    /// `auskunft --data /tmp/big demo seed --calls 2000000 --days 1825`.
    Stats {
        /// Runs per measurement.
        #[arg(long, default_value_t = 7)]
        runs: usize,
        /// Skip the runs through the CLI.
        #[arg(long)]
        no_cli: bool,
    },
    /// Portal deliveries per second: N applications queued, then drained into a
    /// local portal-sim without faults (started from next to this executable);
    /// checks that the portal holds each exactly once.
    Handoff {
        /// Applications to queue and deliver.
        #[arg(long, default_value_t = 1_000)]
        n: usize,
        /// Delivery workers draining the one outbox at once (as several
        /// desks or services would), each claiming with SKIP LOCKED.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
        workers: u16,
        #[command(flatten)]
        tuning: handoff::Tuning,
    },
}

/// Exit code for input a command refuses: `kb check` found errors,
/// `handoff submit` got an application it cannot take.
const EXIT_REFUSED: u8 = 1;

/// Exit code for every other failure, the same as clap's usage errors.
const EXIT_FAILED: u8 = 2;

/// Runs the CLI and maps errors to [`EXIT_FAILED`] (clap exits 2 on usage
/// errors by itself). Output into a closed pipe ends quietly with 0.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) if out::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            note!("auskunft: {}", chain(&e));
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// The error and its causes, each said once: the core's errors already
/// name their source ("tests/x.tsv: No such file or directory"), which
/// anyhow's `{:#}` would then repeat.
fn chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let data_dir = cli.data.clone().unwrap_or_else(default_data_dir);
    let (kb_dir, kb_source) = match &cli.kb {
        Some(dir) => (dir.clone(), "--kb"),
        None => kb_dir_for(&data_dir),
    };
    let config = DeskConfig { kb_dir, data_dir };
    match cli.command {
        Command::Kb {
            command: KbCommand::Check { age, json },
        } => kb_check(&config, &age, json),
        Command::Kb {
            command: KbCommand::Stale { age },
        } => {
            let kb = load_kb(&config, &age)?;
            for e in kb.stale(today()) {
                outln!("{}\t{}\t{}", e.reviewed, e.id, e.title)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb {
            command: KbCommand::List,
        } => {
            let kb = load_kb(&config, &MaxAge::default())?;
            for e in kb.entries.values() {
                outln!("{}\t{}\t{}", e.id, e.kind.as_str(), e.title)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            limit,
            json,
            explain,
        } => {
            let desk = open_desk(config)?;
            if explain && let Some(plan) = desk.explain(&query) {
                if !plan.abbreviations.is_empty() {
                    let read: Vec<String> = plan
                        .abbreviations
                        .iter()
                        .map(|x| format!("\"{}\" as \"{}\"", x.typed, x.long))
                        .collect();
                    note!("abbreviations: {}", read.join(", "));
                }
                match plan.aspect {
                    Some(a) => {
                        let cues: Vec<String> = plan
                            .cues
                            .iter()
                            .map(|(c, a)| format!("\"{c}\" ({})", a.as_str()))
                            .collect();
                        note!(
                            "asks about: {} (aspect words: {})",
                            a.as_str(),
                            cues.join(", ")
                        );
                    }
                    None => note!("asks about: nothing in particular"),
                }
                for (i, (weight, terms)) in plan.groups.iter().enumerate() {
                    let terms: Vec<String> =
                        terms.iter().map(|(t, w)| format!("{t}:{w:.2}")).collect();
                    let role = if *weight < 1.0 { " (aspect word)" } else { "" };
                    note!("word {}{role} ×{weight:.2}: {}", i + 1, terms.join(" "));
                }
            }
            let hits = desk.search(&query, limit);
            output::print_hits(&hits, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ask { question, at, json } => {
            let at = parse_at(at.as_deref())?;
            let desk = open_desk(config)?;
            match desk.ask(&question, at) {
                Some(answer) => output::print_answer(&answer, at, json)?,
                None if json => outln!("null")?,
                None => outln!("Keine Antwort gefunden.")?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Hours { id, at, json } => {
            let at = parse_at(at.as_deref())?;
            let desk = open_desk(config)?;
            let status = desk.hours(&id, at)?;
            output::print_hours(&status, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { file, second_key } => {
            let desk = open_desk(config)?;
            if let Some(second_key) = second_key {
                let first = auskunft::eval::read_answers(&file)?;
                let second = auskunft::eval::read_answers(&second_key)?;
                let names = (file.display().to_string(), second_key.display().to_string());
                let pairs = auskunft::eval::pair_keys(&first, &second, (&names.0, &names.1))?;
                let report = auskunft::eval::evaluate_two_keys(&desk, &pairs, Utc::now());
                print_two_keys(&report)?;
                return Ok(ExitCode::SUCCESS);
            }
            let cases = match auskunft::eval::read_file(&file)? {
                auskunft::eval::EvalFile::Relevance(cases) => cases,
                auskunft::eval::EvalFile::Answers(cases) => {
                    let report = auskunft::eval::evaluate_answers(&desk, &cases, Utc::now());
                    print_answer_misses(&report, "expected")?;
                    outln!("{report}")?;
                    return Ok(ExitCode::SUCCESS);
                }
            };
            let report = auskunft::eval::evaluate(&desk, &cases);
            for m in &report.misses {
                let rank = m.rank.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
                outln!(
                    "miss\t{}\texpected={}\trank={rank}\tgot={}",
                    m.case.query,
                    m.case.accepted.join("|"),
                    m.got.join(",")
                )?;
            }
            outln!("{report}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Search { docs, rounds },
        } => {
            let work = config.data_dir.join(format!("bench-search-{docs}"));
            let report = auskunft::bench::run_search_bench(&config.kb_dir, &work, docs, rounds)?;
            outln!("{report}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Calls { n },
        } => {
            calls::bench_calls(&config, n)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            command:
                DemoCommand::Seed {
                    calls: n,
                    days,
                    seed,
                    until,
                },
        } => {
            let until = until.map(|s| parse_at(Some(&s))).transpose()?;
            calls::demo_seed(&config, n, days, seed, until)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            command:
                DemoCommand::Centre {
                    desks,
                    minutes,
                    speed,
                    calls_per_day,
                    seed,
                },
        } => {
            let opts = auskunft::simulate::CentreOptions {
                minutes,
                speed,
                calls_per_day,
                seed,
            };
            calls::demo_centre(&config, desks, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Calls {
            command: CallsCommand::List { json, limit },
        } => {
            calls::calls_list(&config, json, limit)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats {
            from,
            to,
            json,
            csv,
            calls_csv,
        } => {
            let period = stats::period(from.as_deref(), to.as_deref(), Utc::now())?;
            let format = if json {
                stats::Format::Json
            } else if csv {
                stats::Format::Csv
            } else if calls_csv {
                stats::Format::CallsCsv
            } else {
                stats::Format::Text
            };
            stats::stats(&config, period, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Stats { runs, no_cli },
        } => {
            stats::bench_stats(&config, runs, !no_cli)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Dev {
            command: DevCommand::RebuildFigures,
        } => {
            stats::rebuild(&config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Handoff { n, workers, tuning },
        } => handoff::bench_cmd(&config, n, usize::from(workers), &tuning),
        Command::Handoff { command } => match command {
            HandoffCommand::Example { service } => handoff::example_cmd(service),
            HandoffCommand::Submit {
                service,
                file,
                input,
                call,
                agent,
            } => {
                let path = file
                    .or(input)
                    .context("the application's FILE (or --input)")?;
                handoff::submit_cmd(&config, service, &path, call, agent.as_deref())
            }
            HandoffCommand::Deliver {
                until_empty,
                tuning,
            } => handoff::deliver_cmd(&config, until_empty, &tuning),
            HandoffCommand::List { json, limit, stuck } => {
                handoff::list_cmd(&config, json, limit, stuck)
            }
            HandoffCommand::Retry { id } => handoff::retry_cmd(&config, id),
            HandoffCommand::Status { id } => handoff::status_cmd(&config, id),
        },
        Command::Config {
            command: ConfigCommand::Show,
        } => {
            let settings = auskunft::cases::DeskSettings::load(&config.data_dir)?;
            outln!("# key = value    # from")?;
            outln!(
                "knowledge_base_folder = {}    # {kb_source}",
                config.kb_dir.display()
            )?;
            outln!("data_folder = {}", config.data_dir.display())?;
            for (key, value, source) in settings.explain(&config.data_dir)? {
                outln!("{key} = {value}    # {source}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Store {
            command: StoreCommand::Migrate,
        } => {
            calls::store_migrate(&config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Retention {
            command: RetentionCommand::Run { dry_run },
        } => {
            calls::retention_run(&config, dry_run)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Dev {
            command:
                DevCommand::LogCalls {
                    forever,
                    count,
                    agent,
                },
        } => {
            calls::dev_log_calls(&config, &agent, (!forever).then_some(count))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

impl Default for MaxAge {
    fn default() -> Self {
        Self {
            max_age_months: auskunft::kb::STALE_AFTER_MONTHS,
        }
    }
}

/// Today in Berlin, the day staleness is counted to.
fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&auskunft::hours::TZ).date_naive()
}

fn load_kb(config: &DeskConfig, age: &MaxAge) -> anyhow::Result<KnowledgeBase> {
    let options = CheckOptions {
        stale_after_months: age.max_age_months,
    };
    KnowledgeBase::load_with(&config.kb_dir, today(), options)
        .with_context(|| format!("loading the knowledge base {}", config.kb_dir.display()))
}

fn kb_check(config: &DeskConfig, age: &MaxAge, json: bool) -> anyhow::Result<ExitCode> {
    let kb = load_kb(config, age)?;
    let errors = kb
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = kb.problems.len() - errors;
    if json {
        output::print_kb_check(&kb, errors, warnings)?;
    } else {
        for p in &kb.problems {
            outln!("{p}")?;
        }
        note!(
            "{} entries, {errors} errors, {warnings} warnings",
            kb.entries.len()
        );
        // The share of entries with unconfirmed facts, so editors see how
        // much of what agents read out still waits for a source.
        note!(
            "{} of {} entries list unconfirmed facts",
            kb.unconfirmed_entries(),
            kb.entries.len()
        );
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_REFUSED)
    } else {
        ExitCode::SUCCESS
    })
}

fn open_desk(config: DeskConfig) -> anyhow::Result<Desk> {
    auskunft::logging::init(&config.data_dir);
    let kb = config.kb_dir.display().to_string();
    let desk = Desk::open(config).with_context(|| format!("opening the desk over {kb}"))?;
    warn_if_in_memory(&desk);
    Ok(desk)
}

/// Search works from memory when the index folder cannot be used; say why
/// (e.g. the folder holds someone else's files), so it can be fixed.
fn warn_if_in_memory(desk: &Desk) {
    if let OpenOutcome::InMemory(why) = desk.index_outcome() {
        note!("auskunft: warning: {why}");
    }
}

/// Section key as the eval files write it (`-` for none).
fn section_key(s: Option<auskunft::kb::SectionKey>) -> &'static str {
    s.map_or("-", |k| k.as_str())
}

/// One `miss` line per wrong answer: the question, the key's answer
/// (labelled `expected`, or `agreed` for two keys) and what `ask` gave.
fn print_answer_misses(r: &auskunft::eval::AnswerReport, label: &str) -> anyhow::Result<()> {
    for m in &r.misses {
        outln!(
            "miss\t{}\t{label}={} {}\tgot={} {}",
            m.case.case.query,
            m.case.case.accepted.join("|"),
            section_key(m.case.section),
            m.entry.as_deref().unwrap_or("-"),
            section_key(m.section),
        )?;
    }
    Ok(())
}

/// The misses both keys agree on, the disputed questions with the desk's
/// answer, then the figures (see `eval --second-key`).
fn print_two_keys(r: &auskunft::eval::TwoKeyReport) -> anyhow::Result<()> {
    print_answer_misses(&r.consensus, "agreed")?;
    for d in &r.disputed {
        outln!(
            "disputed\t{}\tfirst={} {}\tsecond={} {}\tgot={} {}",
            d.first.case.query,
            d.first.case.accepted.join("|"),
            section_key(d.first.section),
            d.second.case.accepted.join("|"),
            section_key(d.second.section),
            d.entry.as_deref().unwrap_or("-"),
            section_key(d.section),
        )?;
    }
    outln!("{r}")?;
    Ok(())
}

fn parse_at(at: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    match at {
        None => Ok(Utc::now()),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .with_context(|| {
                format!(
                    "--at {} is not an RFC 3339 time like 2026-11-25T10:00:00+01:00",
                    auskunft::error::quote(s)
                )
            }),
    }
}
