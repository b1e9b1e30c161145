// A FiguresView as the core sends it, for the tests (not part of the bundle).
import type { FiguresView } from "./bindings/FiguresView";

function hours(values: Record<number, number>): number[] {
  return Array.from({ length: 24 }, (_, h) => values[h] ?? 0);
}

export const PER_AGENT_LABEL = "Kennzahlen je Mitarbeiterin und Mitarbeiter anzeigen";
export const PER_AGENT_REASON =
  "Kennzahlen je Person eignen sich, Verhalten und Leistung der Beschäftigten zu überwachen. Über die Einführung und " +
  "Anwendung solcher Auswertungen bestimmt der Personalrat mit (§ 72 LPVG NRW).";
export const WITHHELD_NOTE =
  "Weniger als 5 Beschäftigte haben in diesem Zeitraum Anrufe angenommen: Erstlösungsquote, Bearbeitungszeiten und " +
  "Ergebnisse werden zum Schutz der Beschäftigten nicht angezeigt (§ 72 LPVG NRW).";

/** Monday 2 March 2026 and the day before: 120 calls, 71,3 % at first contact. */
export function figuresFixture(extra: Partial<FiguresView> = {}): FiguresView {
  return {
    periodLabel: "02.03.2026",
    calls: 1204,
    ended: 1200,
    withheld: false,
    withheldNote: null,
    firstContact: { hits: 855, of: 1200, value: 0.7125, label: "71,3 %" },
    firstContactTarget: 0.65,
    firstContactMet: true,
    firstContactNote: null,
    partialNote: null,
    handlingAverageLabel: "4:05 min",
    handlingMedianLabel: "3:40 min",
    outcomes: [
      { outcome: "answered", label: "Beantwortet", calls: 700, shareLabel: "58,3 %" },
      { outcome: "forwarded", label: "Weitergeleitet", calls: 250, shareLabel: "20,8 %" },
      { outcome: "portal_handoff", label: "An das Portal übergeben", calls: 100, shareLabel: "8,3 %" },
      { outcome: "referred", label: "Verwiesen", calls: 55, shareLabel: "4,6 %" },
      { outcome: "dropped", label: "Abgebrochen", calls: 95, shareLabel: "7,9 %" },
    ],
    days: [
      { date: "2026-03-01", label: "So 01.03.", calls: 0, withheld: false, partial: false, firstContact: null },
      { date: "2026-03-02", label: "Mo 02.03.", calls: 1204, withheld: false, partial: false, firstContact: 0.7125 },
    ],
    byHour: hours({ 8: 100, 9: 180, 10: 200, 11: 150, 14: 120, 18: 4 }),
    heatmap: [
      hours({ 8: 100, 9: 180, 10: 200, 11: 150, 14: 120, 18: 4 }),
      hours({}),
      hours({}),
      hours({}),
      hours({}),
      hours({}),
      hours({}),
    ],
    weekdayLabels: ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
    topTopics: [
      { entryId: "personalausweis", title: "Personalausweis beantragen", calls: 210, firstContactLabel: "80,0 %" },
      { entryId: "hund-anmelden", title: "Hund anmelden (Hundesteuer)", calls: 95, firstContactLabel: "91,6 %" },
      {
        entryId: "bewohnerparkausweis",
        title: "Bewohnerparkausweis für Anwohnerinnen und Anwohner beantragen",
        calls: 40,
        firstContactLabel: "55,0 %",
      },
    ],
    topicsTotal: 3,
    searchGapsTotal: 2,
    searchGaps: [
      { text: "sperrmüll termin", searches: 14, noResults: 9, latestLabel: "02.03.2026 09:02" },
      { text: "wohngeld", searches: 5, noResults: 0, latestLabel: "02.03.2026 08:40" },
    ],
    staleEntries: [{ entryId: "fundbuero", title: "Fundbüro", reviewedLabel: "14.01.2025", calls: 12 }],
    forwards: {
      created: 250,
      onTime: { hits: 230, of: 240, value: 0.9583, label: "95,8 %" },
      openNow: 31,
      overdueNow: 2,
      overdue: [
        { id: 17, officeTitle: "Steueramt", createdLabel: "26.02.2026 10:12", dueLabel: "27.02.2026 10:12" },
        { id: 19, officeTitle: "Bürgerbüro Mitte", createdLabel: "26.02.2026 15:40", dueLabel: "27.02.2026 15:40" },
      ],
    },
    handoffs: {
      available: true,
      pendingNow: 3,
      oldestPendingLabel: "Bewohnerparkausweis seit 02.03.2026 08:30",
      groups: [
        {
          serviceLabel: "Bewohnerparkausweis",
          state: "pending",
          stateLabel: "wartet",
          count: 3,
          oldestLabel: "02.03.2026 08:30",
        },
        {
          serviceLabel: "Kfz-Wunschkennzeichen",
          state: "rejected",
          stateLabel: "abgelehnt",
          count: 1,
          oldestLabel: "01.03.2026 17:05",
        },
      ],
    },
    perAgent: null,
    perAgentEnabled: false,
    perAgentLabel: PER_AGENT_LABEL,
    perAgentReason: PER_AGENT_REASON,
    ...extra,
  };
}

/** The same day when fewer than five staff took calls: the quality figures are withheld by the core. */
export function withheldFixture(): FiguresView {
  const f = figuresFixture();
  return {
    ...f,
    withheld: true,
    withheldNote: WITHHELD_NOTE,
    firstContact: null,
    firstContactMet: null,
    handlingAverageLabel: "–",
    handlingMedianLabel: "–",
    outcomes: [],
    days: f.days.map((d) => ({ ...d, withheld: true, firstContact: null })),
  };
}
