import { describe, expect, it } from "vitest";
import { clockMinutes, clockTime, elapsedSeconds, formatDuration } from "./duration";

describe("formatDuration", () => {
  it.each([
    [0, "00:00"],
    [9, "00:09"],
    [59, "00:59"],
    [60, "01:00"],
    [75, "01:15"],
    [599, "09:59"],
    [3599, "59:59"],
    [3725, "62:05"],
    [12.9, "00:12"],
  ])("%s s -> %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([[-5], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [undefined]])("shows 00:00 for %s", (value) => {
    expect(formatDuration(value)).toBe("00:00");
  });
});

describe("elapsedSeconds", () => {
  const start = "2026-03-02T09:15:00+01:00";
  const startMs = Date.parse(start);

  it("counts whole seconds since the start, across time-zone notations", () => {
    expect(elapsedSeconds(start, startMs)).toBe(0);
    expect(elapsedSeconds(start, startMs + 999)).toBe(0);
    expect(elapsedSeconds(start, startMs + 1000)).toBe(1);
    expect(elapsedSeconds("2026-03-02T08:15:00Z", startMs + 125_400)).toBe(125);
  });

  it("never goes negative and treats an unreadable stamp as 0", () => {
    expect(elapsedSeconds(start, startMs - 3000)).toBe(0);
    expect(elapsedSeconds("gestern", startMs)).toBe(0);
    expect(elapsedSeconds(start, Number.NaN)).toBe(0);
  });

  it("feeds the timer text", () => {
    expect(formatDuration(elapsedSeconds(start, startMs + 61_500))).toBe("01:01");
  });
});

describe("clockTime", () => {
  it("pads hours, minutes and seconds on Bochum's clock, whatever the machine's zone", () => {
    // Winter: UTC+1.
    expect(clockTime(new Date("2026-03-02T08:05:07Z"))).toBe("09:05:07");
    expect(clockTime(new Date("2026-03-02T22:59:00Z"))).toBe("23:59:00");
    // Summer: UTC+2; midnight is 00, not 24.
    expect(clockTime(new Date("2026-07-01T07:05:00Z"))).toBe("09:05:00");
    expect(clockTime(new Date("2026-07-01T22:00:00Z"))).toBe("00:00:00");
  });
});

describe("clockMinutes", () => {
  it("pads hours and minutes and leaves out the seconds", () => {
    expect(clockMinutes(new Date("2026-03-02T08:05:07Z"))).toBe("09:05");
    expect(clockMinutes(new Date("2026-03-02T22:59:59Z"))).toBe("23:59");
  });
});
