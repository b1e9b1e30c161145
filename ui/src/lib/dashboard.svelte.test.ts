// The dashboard's figures when the core keeps failing: the refresh every few seconds stays out of the banner and
// says the figures are not current; a period the supervisor chose still reports its failure.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { IpcError } from "./bindings/IpcError";
import type { PeriodArg } from "./bindings/PeriodArg";
import { Dashboard, FIGURES_UNREADABLE_TEXT, figuresStaleText } from "./dashboard.svelte";
import { figuresFixture } from "./figures.fixture";
import { createIpc } from "./ipc";
import { FIGURES_REFRESH_MS } from "./refresh";

const LOCKED: IpcError = { code: "STORE_FAILED", message: "database is locked", field: null };

function setup() {
  const reported: IpcError[] = [];
  /** When set, `figures` fails with it. */
  const core: { failFigures: IpcError | null; calls: number } = { failFigures: null, calls: 0 };
  const invoke = vi.fn(async (cmd: string, args: Record<string, unknown> = {}) => {
    if (cmd === "stuck_handoffs") return [];
    if (cmd !== "figures") throw "unknown command";
    core.calls += 1;
    if (core.failFigures) throw core.failFigures;
    const period = args.period as PeriodArg;
    return figuresFixture({ calls: 1000 + core.calls, periodLabel: period.kind });
  });
  const dashboard = new Dashboard(createIpc(invoke, (e) => reported.push(e)));
  return { core, dashboard, reported };
}

async function tick(ms = FIGURES_REFRESH_MS): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-03-02T09:15:30+01:00"));
  vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("Dashboard figures when the core fails", () => {
  it("a failing refresh keeps the last figures, says they are not current and never raises the banner", async () => {
    const { core, dashboard, reported } = setup();
    dashboard.setVisible(true);
    await tick(0);
    expect(dashboard.figures?.calls).toBe(1001);
    expect(dashboard.readFailed).toBe(false);

    core.failFigures = LOCKED;
    for (let i = 0; i < 5; i += 1) await tick();
    expect(core.calls).toBe(6);
    expect(reported).toEqual([]);
    expect(dashboard.readFailed).toBe(true);
    expect(dashboard.figures?.calls).toBe(1001);
    expect(dashboard.updatedAt).toEqual(new Date("2026-03-02T09:15:30+01:00"));

    // hidden and shown again: the first read is a refresh like the others
    dashboard.setVisible(false);
    dashboard.setVisible(true);
    await tick(0);
    expect(core.calls).toBe(7);
    expect(reported).toEqual([]);

    core.failFigures = { code: "INTERNAL", message: "boom", field: null };
    await tick();
    expect(reported).toEqual([]);

    core.failFigures = null;
    await tick();
    expect(dashboard.readFailed).toBe(false);
    expect(dashboard.figures?.calls).toBe(1009);
    dashboard.dispose();
  });

  it("a first read that fails leaves no figures and says the read failed", async () => {
    const { core, dashboard, reported } = setup();
    core.failFigures = LOCKED;
    dashboard.setVisible(true);
    await tick(0);
    expect(dashboard.figures).toBeNull();
    expect(dashboard.readFailed).toBe(true);
    expect(reported).toEqual([]);
    core.failFigures = null;
    await tick();
    expect(dashboard.figures).not.toBeNull();
    expect(dashboard.readFailed).toBe(false);
    dashboard.dispose();
  });

  it("a period the supervisor chose reports its failure once; the refreshes after it stay quiet", async () => {
    const { core, dashboard, reported } = setup();
    dashboard.setVisible(true);
    await tick(0);
    core.failFigures = LOCKED;
    dashboard.selectPeriod({ kind: "month", from: null, to: null });
    await tick(0);
    expect(reported.map((e) => e.code)).toEqual(["STORE_FAILED"]);
    expect(dashboard.readFailed).toBe(true);
    expect(dashboard.current).toBe(false);
    await tick();
    await tick();
    expect(reported.map((e) => e.code)).toEqual(["STORE_FAILED"]);

    // the same period asked for again (e.g. "Dieser Monat" clicked once more) is the supervisor's request too
    dashboard.selectPeriod({ kind: "month", from: null, to: null });
    await tick(0);
    expect(reported.map((e) => e.code)).toEqual(["STORE_FAILED", "STORE_FAILED"]);
    dashboard.dispose();
  });

  it("a period the core rejects is shown at the date field, not in the banner", async () => {
    const { core, dashboard, reported } = setup();
    dashboard.setVisible(true);
    await tick(0);
    core.failFigures = { code: "INVALID_INPUT", message: "to: too long", field: "to" };
    dashboard.selectPeriod({ kind: "custom", from: "2016-01-01", to: "2026-03-01" });
    await tick(0);
    expect(dashboard.periodError?.field).toBe("to");
    expect(dashboard.readFailed).toBe(false);
    expect(reported).toEqual([]);
    dashboard.dispose();
  });

  it("'nobody signed in' reaches the window from a refresh too", async () => {
    const { core, dashboard, reported } = setup();
    dashboard.setVisible(true);
    await tick(0);
    core.failFigures = { code: "NOT_SIGNED_IN", message: "nobody", field: null };
    await tick();
    expect(reported.map((e) => e.code)).toEqual(["NOT_SIGNED_IN"]);
    dashboard.dispose();
  });

  it("says in German since when the figures are not current", () => {
    expect(figuresStaleText(new Date("2026-03-02T09:05:59+01:00"))).toBe(
      "Kennzahlen nicht aktuell – letzter Stand 09:05; neuer Versuch läuft automatisch.",
    );
    expect(FIGURES_UNREADABLE_TEXT).toContain("nicht gelesen");
  });
});
