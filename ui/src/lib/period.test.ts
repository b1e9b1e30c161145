import { describe, expect, it } from "vitest";
import type { IpcError } from "./bindings/IpcError";
import { ERROR_TEXT } from "./errors";
import {
  DEFAULT_PERIOD,
  MAX_PERIOD_DAYS,
  PERIOD_PRESETS,
  PERIOD_TEXT,
  customPeriod,
  inclusiveDays,
  parseDateInput,
  periodFieldError,
  presetPeriod,
  samePeriod,
} from "./period";

const invalid = (field: string | null): IpcError => ({ code: "INVALID_INPUT", message: "to: 2026-03-01 is not after", field });

describe("period presets", () => {
  it("are Heute, Diese Woche, Dieser Monat, and the dashboard opens with today", () => {
    expect(PERIOD_PRESETS.map((p) => p.label)).toEqual(["Heute", "Diese Woche", "Dieser Monat"]);
    expect(presetPeriod("week")).toEqual({ kind: "week", from: null, to: null });
    expect(DEFAULT_PERIOD).toEqual({ kind: "today", from: null, to: null });
  });

  it("compares periods by kind and dates", () => {
    expect(samePeriod(presetPeriod("month"), { kind: "month", from: null, to: null })).toBe(true);
    expect(samePeriod(presetPeriod("month"), presetPeriod("week"))).toBe(false);
    const a = { kind: "custom" as const, from: "2026-03-01", to: "2026-03-31" };
    expect(samePeriod(a, { ...a })).toBe(true);
    expect(samePeriod(a, { ...a, to: "2026-03-30" })).toBe(false);
  });
});

describe("parseDateInput", () => {
  it("reads the date input's ISO value and typed German dates", () => {
    expect(parseDateInput("2026-03-01")).toBe("2026-03-01");
    expect(parseDateInput(" 01.03.2026 ")).toBe("2026-03-01");
    expect(parseDateInput("1.3.2026")).toBe("2026-03-01");
    expect(parseDateInput("29.02.2028")).toBe("2028-02-29");
  });

  it("refuses what is not a calendar date", () => {
    for (const text of ["", "heute", "2026-3-1", "29.02.2026", "31.04.2026", "2026-13-01", "00.01.2026", "01.01.26"]) {
      expect(parseDateInput(text), text).toBeNull();
    }
  });

  it("counts both days of a period", () => {
    expect(inclusiveDays("2026-03-01", "2026-03-01")).toBe(1);
    expect(inclusiveDays("2026-03-01", "2026-03-31")).toBe(31);
    // across the change to summer time (29 March 2026) a day is still a day
    expect(inclusiveDays("2026-03-28", "2026-03-30")).toBe(3);
  });
});

describe("customPeriod", () => {
  it("makes a custom period with both days included", () => {
    expect(customPeriod("2026-03-01", "31.03.2026")).toEqual({
      ok: true,
      period: { kind: "custom", from: "2026-03-01", to: "2026-03-31" },
    });
    expect(customPeriod("2026-03-01", "2026-03-01")).toEqual({
      ok: true,
      period: { kind: "custom", from: "2026-03-01", to: "2026-03-01" },
    });
  });

  it("names the first wrong field in German", () => {
    expect(customPeriod("", "2026-03-01")).toEqual({ ok: false, error: { field: "from", text: PERIOD_TEXT.fromMissing } });
    expect(customPeriod("32.01.2026", "")).toEqual({ ok: false, error: { field: "from", text: PERIOD_TEXT.fromInvalid } });
    expect(customPeriod("2026-03-01", " ")).toEqual({ ok: false, error: { field: "to", text: PERIOD_TEXT.toMissing } });
    expect(customPeriod("2026-03-01", "März")).toEqual({ ok: false, error: { field: "to", text: PERIOD_TEXT.toInvalid } });
    expect(customPeriod("2026-03-02", "2026-03-01")).toEqual({
      ok: false,
      error: { field: "to", text: "Das Enddatum liegt vor dem Anfangsdatum." },
    });
    expect(PERIOD_TEXT.fromMissing).toBe("Bitte das Anfangsdatum angeben.");
  });

  it("refuses a period longer than the core allows", () => {
    const from = "2016-01-01";
    const lastAllowed = new Date(Date.UTC(2016, 0, MAX_PERIOD_DAYS)).toISOString().slice(0, 10);
    const oneMore = new Date(Date.UTC(2016, 0, MAX_PERIOD_DAYS + 1)).toISOString().slice(0, 10);
    expect(inclusiveDays(from, lastAllowed)).toBe(MAX_PERIOD_DAYS);
    expect(customPeriod(from, lastAllowed).ok).toBe(true);
    expect(customPeriod(from, oneMore)).toEqual({ ok: false, error: { field: "to", text: PERIOD_TEXT.tooLong } });
  });
});

describe("periodFieldError", () => {
  it("chooses the text by field, never by message", () => {
    expect(periodFieldError(invalid("to"))?.field).toBe("to");
    expect(periodFieldError(invalid("to"))?.text).toContain("Enddatum");
    expect(periodFieldError(invalid("period.from"))).toEqual({
      field: "from",
      text: "Das Anfangsdatum wurde nicht angenommen. Bitte ein Datum wie 01.11.2026 angeben.",
    });
  });

  it("leaves other errors to the banner, and other fields to the form as a whole", () => {
    expect(periodFieldError(invalid(null))).toBeNull();
    expect(periodFieldError({ code: "STORE_FAILED", message: "disk", field: null })).toBeNull();
    expect(periodFieldError(invalid("kind"))).toEqual({ field: null, text: ERROR_TEXT.INVALID_INPUT });
  });
});
