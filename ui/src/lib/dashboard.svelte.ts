// The supervisor dashboard's state: the period shown, the figures of it and the portal applications stuck on their
// way (both refreshed every few seconds while the view is on screen), the per-agent switch and the CSV export. Talks
// to the core through `Ipc` only; the refresh rules (one request at a time, stale answers dropped) are in
// `refresh.ts`. One instance per window.
// Failures: a read the supervisor asked for (a period chosen) reports like a form (a rejected period next to the date
// field, anything else in the banner). The refresh every few seconds never raises the banner (it would come back after
// every dismissal while the core keeps failing): the figures stay on screen with a note that they are not current,
// until the next read succeeds. "Nobody signed in" always reaches the window, which then asks who is here.
import type { ExportKind } from "./bindings/ExportKind";
import type { FiguresView } from "./bindings/FiguresView";
import type { PeriodArg } from "./bindings/PeriodArg";
import type { StuckHandoffView } from "./bindings/StuckHandoffView";
import { clockMinutes } from "./duration";
import { perAgentFieldError, type FieldError, type PerAgentField } from "./forms";
import type { Ipc, Result } from "./ipc";
import { DEFAULT_PERIOD, periodFieldError, samePeriod, type PeriodField } from "./period";
import { FIGURES_REFRESH_MS, createPoller, type Poller } from "./refresh";

/** Shown above figures that could not be refreshed; `at` is when the figures shown arrived. */
export function figuresStaleText(at: Date): string {
  return `Kennzahlen nicht aktuell – letzter Stand ${clockMinutes(at)}; neuer Versuch läuft automatisch.`;
}

/** Shown instead of the figures when not even the first read succeeded. */
export const FIGURES_UNREADABLE_TEXT =
  "Die Kennzahlen konnten gerade nicht gelesen werden; neuer Versuch läuft automatisch.";

export type ExportState =
  | { kind: "idle" }
  | { kind: "busy"; what: ExportKind }
  | { kind: "saved"; what: ExportKind; path: string };

/** One refresh: the figures of a period and the stuck applications (which belong to no period), asked together. */
interface Snapshot {
  period: PeriodArg;
  result: Result<FiguresView>;
  stuck: Result<StuckHandoffView[]>;
}

export class Dashboard {
  /** The period asked for (the figures shown may still be of the previous one until its answer arrives). */
  period = $state.raw<PeriodArg>(DEFAULT_PERIOD);
  /** The latest figures of `period`; replaced whole (raw: Chart.js gets plain objects). */
  figures = $state.raw<FiguresView | null>(null);
  /** The figures shown belong to `period` (false right after the period changed). */
  current = $state(false);
  /** A figures request is in flight. */
  refreshing = $state(false);
  /** When the figures shown arrived. */
  updatedAt = $state.raw<Date | null>(null);
  /**
   * The latest read of the figures failed for another reason than the period (database locked, internal error): the
   * figures shown, if any, are not current. Cleared by the next successful read.
   */
  readFailed = $state(false);
  /** The core rejected the period: the text next to the date field. */
  periodError = $state.raw<FieldError<PeriodField> | null>(null);
  exportState = $state.raw<ExportState>({ kind: "idle" });
  perAgentBusy = $state(false);
  perAgentError = $state.raw<FieldError<PerAgentField> | null>(null);
  /** Applications stuck on the way to the portal (flagged first); null until the first answer. */
  stuck = $state.raw<StuckHandoffView[] | null>(null);
  /** The latest read of the stuck applications failed (the list keeps what it showed; the banner stays quiet). */
  stuckFailed = $state(false);
  /** Applications whose "Jetzt senden" is on its way to the core. */
  retrying = $state.raw<ReadonlySet<number>>(new Set());

  private readonly ipc: Ipc;
  private readonly poller: Poller;
  /** The next figures request is one the supervisor asked for (a period chosen): its failure is reported. */
  private asked = false;

  constructor(ipc: Ipc, intervalMs: number = FIGURES_REFRESH_MS) {
    this.ipc = ipc;
    this.poller = createPoller<Snapshot>({
      intervalMs,
      fetch: async () => {
        const period = this.period;
        const background = !this.asked;
        this.asked = false;
        const [result, stuck] = await Promise.all([
          this.ipc.figures(period, { background }),
          this.ipc.stuckHandoffs(),
        ]);
        return { period, result, stuck };
      },
      apply: ({ period, result, stuck }) => {
        this.applyStuck(stuck);
        this.applyFigures(period, result);
      },
      onBusy: (busy) => (this.refreshing = busy),
    });
  }

  private applyFigures(period: PeriodArg, result: Result<FiguresView>): void {
    if (!samePeriod(period, this.period)) return;
    if (result.ok) {
      this.figures = result.value;
      this.current = true;
      this.updatedAt = new Date();
      this.periodError = null;
      this.readFailed = false;
    } else {
      const fieldError = periodFieldError(result.error);
      if (fieldError) this.periodError = fieldError;
      else this.readFailed = true;
    }
  }

  private applyStuck(result: Result<StuckHandoffView[]>): void {
    this.stuckFailed = !result.ok;
    if (result.ok) this.stuck = result.value;
  }

  /** "Jetzt senden" for a stuck application that is not flagged; the list is read again once the core answered. */
  async retryStuck(handoffId: number): Promise<void> {
    if (this.retrying.has(handoffId)) return;
    this.retrying = new Set([...this.retrying, handoffId]);
    try {
      // A refusal (being sent right now, delivered meanwhile) is not for the banner; the fresh list shows the state.
      await this.ipc.retryHandoff(handoffId);
    } finally {
      const rest = new Set(this.retrying);
      rest.delete(handoffId);
      this.retrying = rest;
    }
    this.poller.reload();
  }

  /** The dashboard is on screen (refreshing) or not. */
  setVisible(visible: boolean): void {
    // Shown again later, the first read is a refresh like any other.
    if (!visible) this.asked = false;
    this.poller.setActive(visible);
  }

  /**
   * Shows another period (or the same one again): asks for its figures at once; answers about the previous period are
   * dropped. Asked for by the supervisor, so a failure of this read is reported (field or banner).
   */
  selectPeriod(period: PeriodArg): void {
    this.periodError = null;
    this.asked = true;
    if (samePeriod(period, this.period)) {
      this.poller.reload();
      return;
    }
    this.period = period;
    this.current = false;
    this.exportState = { kind: "idle" };
    this.poller.reload();
  }

  /** Saves a CSV of the period for German Excel; the core picks the file (download folder) and says where. */
  async exportCsv(what: ExportKind): Promise<void> {
    if (this.exportState.kind === "busy") return;
    this.exportState = { kind: "busy", what };
    const result = await this.ipc.exportCsv(this.period, what);
    if (result.ok) {
      this.exportState = { kind: "saved", what, path: result.value.path };
      return;
    }
    this.exportState = { kind: "idle" };
    const fieldError = periodFieldError(result.error);
    if (fieldError) this.periodError = fieldError;
  }

  /** Switches the figures per agent on or off (supervisors only), then reloads. Returns whether they are on. */
  async setPerAgent(enabled: boolean): Promise<boolean> {
    const before = this.figures?.perAgentEnabled ?? false;
    if (this.perAgentBusy) return before;
    this.perAgentBusy = true;
    this.perAgentError = null;
    let result: Result<boolean>;
    try {
      result = await this.ipc.setPerAgentFigures(enabled);
    } finally {
      this.perAgentBusy = false;
    }
    if (!result.ok) {
      this.perAgentError = perAgentFieldError(result.error);
      return before;
    }
    const on = result.value;
    const f = this.figures;
    // Show the switch's new state at once; the table comes (or goes) with the figures asked for now.
    if (f) this.figures = { ...f, perAgentEnabled: on, perAgent: on ? f.perAgent : null };
    this.poller.reload();
    return on;
  }

  dispose(): void {
    this.poller.dispose();
  }
}
