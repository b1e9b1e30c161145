//! CSV for German Excel: UTF-8 with a byte-order mark (without it Excel
//! reads UTF-8 as Windows-1252 and "Bürgerbüro" turns into mojibake), `;`
//! between fields (Excel's list separator in a German locale, where `,` is
//! the decimal sign), decimal commas, dd.mm.yyyy dates and CRLF line ends.
//! Numbers are written bare so that Excel reads them as numbers.

use super::figures::{Figures, Rate, WEEKDAYS_SHORT};

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// A text cell: quoted when it holds `;`, `"` or a line break, and
/// prefixed with `'` when Excel would take it for a formula (a search text
/// like "=HYPERLINK(…)" must stay text).
pub fn text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([';', '"', '\n', '\r']) || guarded != guarded.trim() {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

pub use crate::present::{date, date_time, decimal};

/// An optional decimal; empty when absent.
pub fn decimal_opt(x: Option<f64>, digits: usize) -> String {
    x.map(|x| decimal(x, digits)).unwrap_or_default()
}

/// A rate in percent with one place ("71,3"); empty when there is none.
pub fn percent(rate: Option<Rate>) -> String {
    decimal_opt(rate.and_then(|r| r.value()).map(|v| v * 100.0), 1)
}

/// One line: cells joined by `;`, ended by CRLF.
pub fn line(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(";"));
    out.push_str("\r\n");
}

fn cells<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| text(s)).collect()
}

/// The figures of a period as one CSV: a block per table, each with a
/// heading line, blocks separated by an empty line.
pub fn figures_csv(f: &Figures) -> String {
    let mut out = String::from(BOM);
    line(
        &mut out,
        &[
            text("Kennzahlen ServiceCenter 115 Bochum"),
            text(&f.period.label()),
            date(f.period.from()),
            date(f.period.last()),
        ],
    );
    line(&mut out, &[text("Stand"), date_time(f.now)]);
    if f.withheld {
        line(&mut out, &[text(super::figures::WITHHELD_NOTE)]);
    }
    out.push_str("\r\n");

    line(&mut out, &cells(["Kennzahl", "Wert", "Ziel"]));
    let number = |n: u64| n.to_string();
    line(&mut out, &[text("Anrufe"), number(f.calls), String::new()]);
    line(
        &mut out,
        &[text("Beendete Anrufe"), number(f.ended), String::new()],
    );
    line(
        &mut out,
        &[
            text("Erstlösungsquote (%)"),
            percent(f.first_contact),
            decimal(super::figures::FCR_TARGET * 100.0, 1),
        ],
    );
    let handling = f.handling.unwrap_or_default();
    line(
        &mut out,
        &[
            text("Bearbeitungszeit Durchschnitt (Sekunden)"),
            decimal_opt(handling.average_seconds, 1),
            String::new(),
        ],
    );
    line(
        &mut out,
        &[
            text("Bearbeitungszeit Median (Sekunden)"),
            decimal_opt(handling.median_seconds, 1),
            String::new(),
        ],
    );
    line(
        &mut out,
        &[
            text("Weiterleitungen"),
            number(f.forwards.created),
            String::new(),
        ],
    );
    line(
        &mut out,
        &[
            text("Weiterleitungen binnen 24 Servicestunden beantwortet (%)"),
            percent(Some(f.forwards.on_time)),
            String::new(),
        ],
    );
    line(
        &mut out,
        &[
            text("Weiterleitungen offen (jetzt)"),
            number(f.forwards.open_now),
            String::new(),
        ],
    );
    line(
        &mut out,
        &[
            text("Weiterleitungen überfällig (jetzt)"),
            number(f.forwards.overdue_now),
            String::new(),
        ],
    );
    out.push_str("\r\n");

    if !f.outcomes.is_empty() {
        line(&mut out, &cells(["Ergebnis", "Anrufe", "Anteil (%)"]));
        for o in &f.outcomes {
            line(
                &mut out,
                &[
                    text(o.label),
                    number(o.calls),
                    decimal_opt(o.share.map(|s| s * 100.0), 1),
                ],
            );
        }
        out.push_str("\r\n");
    }

    line(
        &mut out,
        &cells([
            "Datum",
            "Wochentag",
            "Anrufe",
            "Beendet",
            "Erstlösungsquote (%)",
            "Bearbeitungszeit Durchschnitt (Sekunden)",
        ]),
    );
    for d in &f.days {
        line(
            &mut out,
            &[
                date(d.date),
                text(d.label.split(' ').next().unwrap_or_default()),
                number(d.calls),
                number(d.ended),
                percent(d.first_contact),
                decimal_opt(d.average_handling_seconds, 1),
            ],
        );
    }
    out.push_str("\r\n");

    let mut head = vec![text("Stunde")];
    head.extend(WEEKDAYS_SHORT.iter().map(|w| text(w)));
    head.push(text("Summe"));
    line(&mut out, &head);
    for hour in 0..24 {
        let mut row = vec![text(&format!("{hour:02}:00"))];
        row.extend(f.heatmap.iter().map(|day| number(day[hour])));
        row.push(number(f.by_hour[hour]));
        line(&mut out, &row);
    }
    out.push_str("\r\n");

    line(
        &mut out,
        &cells(["Thema", "Eintrag", "Anrufe", "Erstlösungsquote (%)"]),
    );
    for t in &f.top_topics {
        line(
            &mut out,
            &[
                text(&t.title),
                text(&t.entry_id),
                number(t.calls),
                percent(t.first_contact),
            ],
        );
    }
    out.push_str("\r\n");

    line(
        &mut out,
        &cells([
            "Wissenslücke (Suche)",
            "Suchen",
            "davon ohne Treffer",
            "Zuletzt",
        ]),
    );
    for g in &f.search_gaps {
        line(
            &mut out,
            &[
                text(&g.text),
                number(g.searches),
                number(g.no_results),
                date_time(g.latest_at),
            ],
        );
    }
    out.push_str("\r\n");

    line(
        &mut out,
        &cells([
            "Eintrag ohne Prüfung seit 12 Monaten",
            "Titel",
            "Geprüft am",
            "Anrufe",
        ]),
    );
    for s in &f.stale_entries {
        line(
            &mut out,
            &[
                text(&s.entry_id),
                text(&s.title),
                date(s.reviewed),
                number(s.calls),
            ],
        );
    }
    out.push_str("\r\n");

    line(
        &mut out,
        &cells([
            "Überfällige Weiterleitung",
            "Dienststelle",
            "Erstellt",
            "Fällig",
        ]),
    );
    for o in &f.forwards.overdue {
        line(
            &mut out,
            &[
                number(o.id.0 as u64),
                text(&o.office_title),
                date_time(o.created_at),
                date_time(o.due_at),
            ],
        );
    }

    if f.handoffs.available {
        out.push_str("\r\n");
        line(
            &mut out,
            &cells(["Portal-Dienst", "Status", "Anzahl", "Älteste"]),
        );
        for g in &f.handoffs.groups {
            line(
                &mut out,
                &[
                    text(&g.service_label),
                    text(&g.state_label),
                    number(g.count),
                    date_time(g.oldest_at),
                ],
            );
        }
    }

    if let Some(agents) = &f.per_agent {
        out.push_str("\r\n");
        line(
            &mut out,
            &cells([
                "Mitarbeiterin/Mitarbeiter",
                "Anrufe",
                "Beendet",
                "Erstlösungsquote (%)",
                "Bearbeitungszeit Durchschnitt (Sekunden)",
            ]),
        );
        for a in agents {
            line(
                &mut out,
                &[
                    text(&a.name),
                    number(a.calls),
                    number(a.ended),
                    percent(Some(a.first_contact)),
                    decimal_opt(a.average_handling_seconds, 1),
                ],
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn cells_for_german_excel() {
        assert_eq!(text("Bürgerbüro"), "Bürgerbüro");
        assert_eq!(text("a;b"), "\"a;b\"");
        assert_eq!(text("sagte \"hallo\""), "\"sagte \"\"hallo\"\"\"");
        assert_eq!(text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(text("-5"), "'-5");
        assert_eq!(decimal(71.26, 1), "71,3");
        assert_eq!(decimal(3.0, 1), "3,0");
        assert_eq!(percent(Some(Rate { hits: 2, of: 3 })), "66,7");
        assert_eq!(percent(Some(Rate::default())), "");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            "01.03.2026"
        );
    }
}
