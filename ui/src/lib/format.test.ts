import { describe, expect, it } from "vitest";
import { germanDate, hoursText } from "./format";

describe("germanDate", () => {
  it("turns an ISO date into the German form", () => {
    expect(germanDate("2026-11-01")).toBe("01.11.2026");
  });

  it("shows anything else unchanged", () => {
    expect(germanDate("unbekannt")).toBe("unbekannt");
    expect(germanDate("2026-11-01T10:00:00Z")).toBe("2026-11-01T10:00:00Z");
  });
});

describe("hoursText", () => {
  it("joins ranges and says when the office is closed all day", () => {
    expect(hoursText(["08:00–12:00", "14:00–16:00"])).toBe("08:00–12:00, 14:00–16:00");
    expect(hoursText([])).toBe("geschlossen");
  });
});
