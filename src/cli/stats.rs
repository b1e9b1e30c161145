//! `auskunft stats`: the 115 figures of a period as text (for people),
//! JSON (a contract for scripts: add keys, never rename or remove them) or
//! CSV for German Excel; `--calls-csv` for the anonymised call list; and
//! `bench stats`.

use std::io::Write;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use auskunft::hours::TZ;
use auskunft::present::{self, minutes};
use auskunft::stats::{
    FCR_TARGET, Figures, Period, Rate, WEEKDAYS_SHORT, WITHHELD_NOTE, parse_date,
};
use auskunft::{Desk, DeskConfig};

/// How to print the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text for people.
    Text,
    /// JSON for scripts.
    Json,
    /// The figures as CSV for German Excel.
    Csv,
    /// The anonymised call list as CSV for German Excel.
    CallsCsv,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// The period from `--from` and `--to`: `--to` defaults to tomorrow (the
/// period runs through today), `--from` to the first day of the month of
/// the period's last day.
pub fn period(from: Option<&str>, to: Option<&str>, now: DateTime<Utc>) -> anyhow::Result<Period> {
    let today = now.with_timezone(&TZ).date_naive();
    let to = match to {
        Some(t) => parse_date("to", t)?,
        None => today.succ_opt().unwrap_or(today),
    };
    let from = match from {
        Some(f) => parse_date("from", f)?,
        None => Period::month_of(to.pred_opt().unwrap_or(to)).from(),
    };
    Ok(Period::new(from, to)?)
}

/// `stats [--from DATE] [--to DATE] [--json|--csv|--calls-csv]`.
pub fn stats(config: &DeskConfig, period: Period, format: Format) -> anyhow::Result<()> {
    let mut desk = super::open_desk(config.clone())?;
    runtime()?.block_on(async {
        desk.open_store_as_operator().await?;
        let result = print(&desk, period, format).await;
        desk.cases()?.close().await;
        result
    })
}

async fn print(desk: &Desk, period: Period, format: Format) -> anyhow::Result<()> {
    if format == Format::CallsCsv {
        let stdout = std::io::stdout();
        // Stdout itself, not its lock: the lock is not Send, and the
        // export is a future that may move between threads.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
        desk.write_calls_csv(period, &mut out).await?;
        return Ok(());
    }
    if format == Format::Csv {
        // Every knowledge gap: the export is where a cut list's rest is.
        let csv = desk.export_figures_csv(period).await?;
        let mut out = std::io::stdout().lock();
        out.write_all(csv.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    let figures = desk.figures(period).await?;
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&to_json(&figures))? + "\n",
        _ => to_text(&figures),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn rate_json(r: Option<Rate>) -> Value {
    match r {
        Some(r) => json!({"hits": r.hits, "of": r.of, "rate": r.value()}),
        None => Value::Null,
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The JSON object of the figures. Rates are fractions in [0, 1] (null
/// when there is nothing to rate); times in seconds; instants RFC 3339 in
/// UTC; `to` is the first day no longer counted. With `withheld: true`
/// (fewer than five agents took calls) `fcr`, `first_contact`,
/// `aht_seconds`, `median_handling_seconds` and `by_outcome` are null.
/// `per_agent` is present only when switched on in the settings.
pub fn to_json(f: &Figures) -> Value {
    let handling = f.handling.unwrap_or_default();
    let mut by_outcome = serde_json::Map::new();
    for o in &f.outcomes {
        by_outcome.insert(o.outcome.as_str().to_string(), json!(o.calls));
    }
    let mut v = json!({
        "from": f.period.from().to_string(),
        "to": f.period.to().to_string(),
        "label": f.period.label(),
        "now": rfc3339(f.now),
        "calls": f.calls,
        "ended": f.ended,
        "team_size": f.team_size,
        "withheld": f.withheld,
        "fcr": f.first_contact.and_then(|r| r.value()),
        "fcr_target": FCR_TARGET,
        "fcr_met": f.first_contact_met(),
        "fcr_note": f.first_contact_note(),
        "partial": f.is_partial(),
        "first_contact": rate_json(f.first_contact),
        "aht_seconds": if f.withheld { None } else { handling.average_seconds },
        "median_handling_seconds": if f.withheld { None } else { handling.median_seconds },
        "by_outcome": if f.withheld { Value::Null } else { Value::Object(by_outcome) },
        "by_day": f.days.iter().map(|d| json!({
            "date": d.date.to_string(),
            "calls": d.calls,
            "ended": d.ended,
            "withheld": d.withheld,
            "partial": d.partial,
            "fcr": d.first_contact.and_then(|r| r.value()),
            "aht_seconds": d.average_handling_seconds,
        })).collect::<Vec<_>>(),
        "by_hour": f.by_hour.to_vec(),
        "by_weekday_hour": f.heatmap.iter().map(|h| h.to_vec()).collect::<Vec<_>>(),
        "top_topics": f.top_topics.iter().map(|t| json!({
            "entry_id": t.entry_id,
            "title": t.title,
            "calls": t.calls,
            "fcr": t.first_contact.and_then(|r| r.value()),
        })).collect::<Vec<_>>(),
        "topics_total": f.topics_total,
        "knowledge_gaps": {
            "total": f.search_gaps_total,
            "searches": f.search_gaps.iter().map(|g| json!({
                "query": g.text,
                "key": g.key,
                "count": g.searches,
                "no_results": g.no_results,
                "latest_at": rfc3339(g.latest_at),
            })).collect::<Vec<_>>(),
            "stale_entries": f.stale_entries.iter().map(|s| json!({
                "entry_id": s.entry_id,
                "title": s.title,
                "reviewed": s.reviewed.to_string(),
                "calls": s.calls,
            })).collect::<Vec<_>>(),
        },
        "forwards": {
            "count": f.forwards.created,
            "judged": f.forwards.on_time.of,
            "on_time": f.forwards.on_time.hits,
            "on_time_share": f.forwards.on_time.value(),
            "open_now": f.forwards.open_now,
            "overdue_now": f.forwards.overdue_now,
            "oldest_overdue": f.forwards.overdue.first().map(|o| json!({
                "id": o.id.0,
                "call_id": o.call_id.0,
                "office_id": o.office_id,
                "office": o.office_title,
                "created_at": rfc3339(o.created_at),
                "due_at": rfc3339(o.due_at),
                "due_label": o.due_label,
            })),
        },
        "handoffs": {
            "available": f.handoffs.available,
            "groups": f.handoffs.groups.iter().map(|g| json!({
                "service": g.service,
                "state": g.state,
                "count": g.count,
                "oldest_at": rfc3339(g.oldest_at),
            })).collect::<Vec<_>>(),
            "pending_now": f.handoffs.pending_now,
            "oldest_pending": f.handoffs.oldest_pending.as_ref().map(|p| json!({
                "id": p.id,
                "service": p.service,
                "state": p.state,
                "created_at": rfc3339(p.created_at),
            })),
        },
    });
    // Only when switched on in the settings: absent, not empty, otherwise.
    if let (Some(agents), Some(map)) = (&f.per_agent, v.as_object_mut()) {
        map.insert(
            "per_agent".into(),
            agents
                .iter()
                .map(|a| {
                    json!({
                        "agent_id": a.agent_id.0,
                        "name": a.name,
                        "calls": a.calls,
                        "ended": a.ended,
                        "fcr": a.first_contact.value(),
                        "aht_seconds": a.average_handling_seconds,
                    })
                })
                .collect::<Vec<_>>()
                .into(),
        );
    }
    v
}

/// A count with German thousands dots.
fn n(x: u64) -> String {
    let digits = x.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A rate as the reports show it ("71,3 %", "–" without a base).
fn pct(r: Option<Rate>) -> String {
    present::percent(r.and_then(|r| r.value()))
}

/// The figures as text for people, in German like the window.
pub fn to_text(f: &Figures) -> String {
    let mut o = String::new();
    let mut say = |line: String| {
        o.push_str(&line);
        o.push('\n');
    };
    say(format!(
        "Kennzahlen {} ({} – {}), Stand {}",
        f.period.label(),
        present::date(f.period.from()),
        present::date(f.period.last()),
        f.now.with_timezone(&TZ).format("%d.%m.%Y %H:%M")
    ));
    say(format!(
        "Anrufe: {} (beendet {}), Beschäftigte mit Anrufen: {}",
        n(f.calls),
        n(f.ended),
        n(f.team_size)
    ));
    if f.withheld {
        say(WITHHELD_NOTE.to_string());
    } else {
        let met = match f.first_contact_met() {
            Some(true) => "erreicht",
            Some(false) => "verfehlt",
            None if f.first_contact_note().is_some() => "noch nicht bewertet",
            None => "–",
        };
        let fc = f.first_contact.unwrap_or_default();
        say(format!(
            "Erstlösungsquote: {} (Ziel {:.0} %: {met}; {} von {} Anrufen ohne Abbrüche)",
            pct(f.first_contact),
            FCR_TARGET * 100.0,
            n(fc.hits),
            n(fc.of)
        ));
        if let Some(note) = f.first_contact_note() {
            say(format!("  {note}"));
        }
        let h = f.handling.unwrap_or_default();
        say(format!(
            "Bearbeitungszeit: Durchschnitt {}, Median {}",
            minutes(h.average_seconds),
            minutes(h.median_seconds)
        ));
        let outcomes: Vec<String> = f
            .outcomes
            .iter()
            .map(|x| {
                format!(
                    "{} {} ({})",
                    x.label,
                    n(x.calls),
                    pct(Some(Rate {
                        hits: x.calls,
                        of: f.ended
                    }))
                )
            })
            .collect();
        say(format!("Ergebnisse: {}", outcomes.join(", ")));
    }

    let hours: Vec<usize> = (0..24).filter(|h| f.by_hour[*h] > 0).collect();
    if let (Some(first), Some(last)) = (hours.first(), hours.last()) {
        say(String::new());
        let mut head = String::from("Anrufe   ");
        for h in *first..=*last {
            head.push_str(&format!("{h:>6}"));
        }
        say(head);
        for (wd, row) in f.heatmap.iter().enumerate() {
            let mut line = format!("{:<9}", WEEKDAYS_SHORT[wd]);
            for calls in &row[*first..=*last] {
                line.push_str(&format!("{calls:>6}"));
            }
            say(line);
        }
    }

    say(String::new());
    say(format!(
        "Häufigste Themen ({} von {}):",
        f.top_topics.len(),
        n(f.topics_total)
    ));
    if f.top_topics.is_empty() {
        say("  keine".into());
    }
    for (i, t) in f.top_topics.iter().enumerate() {
        say(format!(
            "{:>3}. {} ({}): {} Anrufe, Erstlösung {}",
            i + 1,
            t.title,
            t.entry_id,
            n(t.calls),
            pct(t.first_contact)
        ));
    }

    say(String::new());
    say(format!(
        "Wissenslücken (Suchen ohne Treffer oder ohne geöffneten Eintrag; {} von {}):",
        f.search_gaps.len(),
        n(f.search_gaps_total)
    ));
    if f.search_gaps.is_empty() {
        say("  keine".into());
    }
    for g in &f.search_gaps {
        say(format!(
            "  {:?}: {}× (davon {} ohne Treffer), zuletzt {}",
            g.text,
            n(g.searches),
            n(g.no_results),
            g.latest_at.with_timezone(&TZ).format("%d.%m.%Y %H:%M")
        ));
    }
    for s in &f.stale_entries {
        say(format!(
            "  Eintrag {} ({}) seit {} nicht geprüft, {} Anrufe",
            s.title,
            s.entry_id,
            present::date(s.reviewed),
            n(s.calls)
        ));
    }

    say(String::new());
    let fw = &f.forwards;
    say(format!(
        "Weiterleitungen: {}, binnen 24 Servicestunden beantwortet {} ({} von {}); jetzt offen {}, überfällig {}",
        n(fw.created),
        pct(Some(fw.on_time)),
        n(fw.on_time.hits),
        n(fw.on_time.of),
        n(fw.open_now),
        n(fw.overdue_now)
    ));
    if let Some(old) = fw.overdue.first() {
        say(format!(
            "  älteste überfällige: Nr. {} an {}, {}",
            old.id, old.office_title, old.due_label
        ));
    }

    let hf = &f.handoffs;
    if hf.available {
        say(format!(
            "Portal-Übergaben: jetzt nicht zugestellt {}",
            n(hf.pending_now)
        ));
        for g in &hf.groups {
            say(format!(
                "  {} – {}: {}",
                g.service_label,
                g.state_label,
                n(g.count)
            ));
        }
        if let Some(p) = &hf.oldest_pending {
            say(format!(
                "  älteste offene: Nr. {} {} seit {}",
                p.id,
                p.service_label,
                p.created_at.with_timezone(&TZ).format("%d.%m.%Y %H:%M")
            ));
        }
    } else {
        say("Portal-Übergaben: noch keine Übergaben im Speicher".into());
    }

    if let Some(agents) = &f.per_agent {
        say(String::new());
        say("Je Mitarbeiterin und Mitarbeiter (in den Einstellungen eingeschaltet):".into());
        for a in agents {
            say(format!(
                "  {}: {} Anrufe, Erstlösung {}, Bearbeitungszeit {}",
                a.name,
                n(a.calls),
                pct(Some(a.first_contact)),
                minutes(a.average_handling_seconds)
            ));
        }
    }
    o
}

/// `bench stats [--runs N] [--no-cli]`: month and year before today on the
/// store in the data folder.
pub fn bench_stats(config: &DeskConfig, runs: usize, cli: bool) -> anyhow::Result<()> {
    let mut desk = super::open_desk(config.clone())?;
    let exe = std::env::current_exe().context("finding the auskunft binary")?;
    let global = vec![
        "--kb".to_string(),
        config.kb_dir.display().to_string(),
        "--data".to_string(),
        config.data_dir.display().to_string(),
    ];
    let report = runtime()?.block_on(async {
        desk.open_store_as_operator().await?;
        let report = auskunft::stats::bench::run_stats_bench(
            &desk,
            Utc::now(),
            runs,
            cli.then_some((exe, global)),
        )
        .await;
        desk.cases()?.close().await;
        anyhow::Ok(report?)
    })?;
    print!("{report}");
    Ok(())
}

/// `dev rebuild-figures`: recomputes the aggregate tables from the calls.
pub fn rebuild(config: &DeskConfig) -> anyhow::Result<()> {
    let calls = runtime()?.block_on(async {
        let store = super::calls::open_store(config).await?;
        let calls = auskunft::stats::rebuild(&store).await;
        store.close().await;
        anyhow::Ok(calls?)
    })?;
    outln!("rebuilt the figures from {calls} calls")?;
    Ok(())
}
