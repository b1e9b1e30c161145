//! Text and JSON output of the CLI. The JSON shapes are a contract for
//! scripts: add keys, never rename or remove them.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use auskunft::hours::OpenState;
use auskunft::kb::answer::{Answer, LocationStatus};
use auskunft::kb::search::SearchHit;
use auskunft::kb::{KnowledgeBase, Severity};

fn print_json(v: &Value) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(v)?)?;
    Ok(())
}

fn snippet_text(hit: &SearchHit, marker: (&str, &str)) -> String {
    hit.snippet
        .iter()
        .map(|p| {
            if p.hl {
                format!("{}{}{}", marker.0, p.text, marker.1)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

/// Prints `kb check --json`: the counts and every problem; `line` is null
/// for a folder's problem.
pub fn print_kb_check(kb: &KnowledgeBase, errors: usize, warnings: usize) -> anyhow::Result<()> {
    let problems: Vec<Value> = kb
        .problems
        .iter()
        .map(|p| {
            json!({
                "path": p.path.display().to_string(),
                "line": (p.line > 0).then_some(p.line),
                "severity": match p.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": p.message,
            })
        })
        .collect();
    print_json(&json!({
        "entries": kb.entries.len(),
        "errors": errors,
        "warnings": warnings,
        "unconfirmed_entries": kb.unconfirmed_entries(),
        "problems": problems,
    }))
}

/// Prints search hits; text: `id<TAB>title<TAB>snippet` with [matches].
pub fn print_hits(hits: &[SearchHit], json: bool) -> anyhow::Result<()> {
    if json {
        let v: Vec<Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "id": h.id,
                    "kind": h.kind.as_str(),
                    "title": h.title,
                    "summary": h.summary,
                    "snippet": snippet_text(h, ("<mark>", "</mark>")),
                    "score": h.score,
                    "portal_service": h.portal_service.map(|p| p.as_str()),
                })
            })
            .collect();
        return print_json(&Value::Array(v));
    }
    if hits.is_empty() {
        outln!("Keine Treffer.")?;
    }
    for h in hits {
        outln!("{}\t{}\t{}", h.id, h.title, snippet_text(h, ("[", "]")))?;
    }
    Ok(())
}

fn state_json(s: &LocationStatus) -> Value {
    let (state, until, next) = match &s.state {
        OpenState::Open { until } => ("open", Some(until.to_rfc3339()), None),
        OpenState::Closed { next_open } => ("closed", None, next_open.map(|t| t.to_rfc3339())),
        OpenState::AppointmentOnly => ("appointment_only", None, None),
    };
    json!({
        "id": s.id,
        "title": s.title,
        "address": s.address,
        "phone": s.phone,
        "email": s.email,
        "appointment": s.appointment.as_str(),
        "open": s.state.is_open(),
        "state": state,
        "until": until,
        "next_open": next,
        "label": s.label,
        "week": s.week.iter().map(|(d, plan)| json!({
            "date": d.to_string(),
            "hours": plan.hours.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "note": plan.note,
        })).collect::<Vec<_>>(),
        "asked": s.asked.as_ref().map(|a| json!({
            "date": a.date.to_string(),
            "hours": a.plan.hours.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "note": a.plan.note,
            "label": a.label,
        })),
    })
}

/// Prints an answer: title, summary, the focused section, offices.
pub fn print_answer(a: &Answer, at: DateTime<Utc>, json: bool) -> anyhow::Result<()> {
    let e = &a.entry;
    if json {
        return print_json(&json!({
            "id": e.id,
            "kind": e.kind.as_str(),
            "title": e.title,
            "summary": e.summary,
            "summary_en": e.summary_en,
            "focus": a.focus.map(|f| f.as_str()),
            "section": a.focus.and_then(|f| e.section(f)).map(|s| json!({"key": s.key.as_str(), "heading": s.heading, "markdown": s.markdown})),
            "sections": e.sections.iter().map(|s| json!({"key": s.key.as_str(), "heading": s.heading, "markdown": s.markdown})).collect::<Vec<_>>(),
            "portal_service": e.portal_service.map(|p| p.as_str()),
            "locations": a.locations.iter().map(state_json).collect::<Vec<_>>(),
            "at": at.to_rfc3339(),
        }));
    }
    outln!("{} ({})", e.title, e.id)?;
    outln!("{}", e.summary)?;
    if let Some(en) = &e.summary_en {
        outln!("English: {en}")?;
    }
    if let Some(s) = a.focus.and_then(|f| e.section(f)) {
        outln!("\n## {}\n{}", s.heading, s.markdown)?;
    }
    for l in &a.locations {
        outln!("\n{}: {} ({})", l.title, l.label, l.appointment.label())?;
        if let Some(asked) = &l.asked {
            outln!("  Am {}", asked.label)?;
        }
        outln!("  {}  {}  {}", l.address, l.phone, l.email)?;
    }
    Ok(())
}

/// Prints a location's state; the first word is `open` or `closed`.
pub fn print_hours(s: &LocationStatus, json: bool) -> anyhow::Result<()> {
    if json {
        return print_json(&state_json(s));
    }
    let word = if s.state.is_open() { "open" } else { "closed" };
    outln!("{word}\t{}\t{}", s.title, s.label)?;
    Ok(())
}

/// Prints calls, newest first. Text: `id<TAB>start (local)<TAB>agent<TAB>
/// outcome<TAB>minutes<TAB>topics`. JSON: a list of calls. Caller contact
/// data is never printed; `has_contact` says whether there is some.
pub fn print_calls(calls: &[auskunft::cases::Call], json: bool) -> anyhow::Result<()> {
    let ms = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if json {
        let v: Vec<Value> = calls
            .iter()
            .map(|c| {
                json!({
                    "id": c.id.0,
                    "agent_id": c.agent_id.0,
                    "agent": c.agent_name,
                    "started_at": ms(c.started_at),
                    "ended_at": c.ended_at.map(ms),
                    "duration_s": c.duration().map(|d| d.num_seconds()),
                    "outcome": c.outcome.map(|o| o.as_str()),
                    "first_contact": c.outcome.map(|o| o.is_first_contact()),
                    "topics": c.topics,
                    "notes": c.notes,
                    "has_contact": !c.caller.is_empty(),
                    "anonymised": c.anonymised_at.is_some(),
                })
            })
            .collect();
        return print_json(&Value::Array(v));
    }
    if calls.is_empty() {
        outln!("Keine Anrufe.")?;
    }
    for c in calls {
        let start = c.started_at.with_timezone(&auskunft::hours::TZ);
        let minutes = c
            .duration()
            .map(|d| format!("{:.1} min", d.num_seconds() as f64 / 60.0))
            .unwrap_or_else(|| "läuft".into());
        outln!(
            "{}\t{}\t{}\t{}\t{minutes}\t{}",
            c.id,
            start.format("%Y-%m-%d %H:%M"),
            c.agent_name,
            c.outcome.map(|o| o.as_str()).unwrap_or("-"),
            c.topics.join(",")
        )?;
    }
    Ok(())
}

fn handoff_json(h: &auskunft::handoff::Handoff) -> Value {
    let ms = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    json!({
        "id": h.id.0,
        "call_id": h.call_id.0,
        "service": h.service.as_str(),
        "state": h.state.as_str(),
        "reference": h.reference,
        "citizen_link": h.citizen_link,
        "portal_id": h.portal_id,
        "attempts": h.attempts,
        "idempotency_key": h.idempotency_key,
        "next_attempt_at": h.is_open().then(|| ms(h.next_attempt_at)),
        "last_error": h.last_error,
        "last_status": h.last_status,
        "flagged": h.flagged,
        "problems": h.problems.iter().map(|p| json!({"field": p.field, "message": p.message})).collect::<Vec<_>>(),
        "created_at": ms(h.created_at),
        "updated_at": ms(h.updated_at),
        "delivered_at": h.delivered_at.map(ms),
        "portal_state": h.portal_state.map(|d| d.as_str()),
        "portal_checked_at": h.portal_checked_at.map(ms),
    })
}

/// Prints portal applications, newest first. Text: `id<TAB>service<TAB>
/// state<TAB>attempts<TAB>reference<TAB>last error`. JSON: a list of
/// applications (never their data: it holds the citizen's personal data).
pub fn print_handoffs(rows: &[auskunft::handoff::Handoff], json: bool) -> anyhow::Result<()> {
    if json {
        return print_json(&Value::Array(rows.iter().map(handoff_json).collect()));
    }
    if rows.is_empty() {
        outln!("Keine Portalanträge.")?;
    }
    for h in rows {
        outln!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            h.id,
            h.service.as_str(),
            h.state,
            h.attempts,
            h.reference.as_deref().unwrap_or("-"),
            h.last_error.as_deref().unwrap_or("")
        )?;
        for p in &h.problems {
            outln!("\t{}: {}", p.field, p.message)?;
        }
    }
    Ok(())
}

/// Prints the applications supervisors must look at. JSON: a list of
/// applications with `reason` (`flagged` or `old`) and `label`.
pub fn print_stuck_handoffs(
    rows: &[auskunft::handoff::StuckHandoff],
    json: bool,
) -> anyhow::Result<()> {
    let reason = |r: auskunft::handoff::StuckReason| match r {
        auskunft::handoff::StuckReason::Flagged => "flagged",
        auskunft::handoff::StuckReason::Old => "old",
    };
    if json {
        let v: Vec<Value> = rows
            .iter()
            .map(|s| {
                let mut v = handoff_json(&s.handoff);
                v["reason"] = json!(reason(s.reason));
                v["label"] = json!(s.label);
                v
            })
            .collect();
        return print_json(&Value::Array(v));
    }
    if rows.is_empty() {
        outln!("Keine hängenden Portalanträge.")?;
    }
    for s in rows {
        outln!(
            "{}\t{}\t{}\t{}",
            s.handoff.id,
            s.handoff.service.as_str(),
            reason(s.reason),
            s.label
        )?;
    }
    Ok(())
}
