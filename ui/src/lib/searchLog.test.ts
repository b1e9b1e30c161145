import { describe, expect, it } from "vitest";
import { SearchLogTracker } from "./searchLog";

describe("SearchLogTracker", () => {
  it("logs a search that showed results but had nothing opened", () => {
    const t = new SearchLogTracker();
    t.results("hund", 3);
    expect(t.abandon("hund")).toEqual({ query: "hund", resultCount: 3 });
  });

  it("logs a search that found nothing (a knowledge gap)", () => {
    const t = new SearchLogTracker();
    t.results("xqzvw", 0);
    expect(t.abandon(" xqzvw ")).toEqual({ query: "xqzvw", resultCount: 0 });
  });

  it("does not log a search for which an entry was opened", () => {
    const t = new SearchLogTracker();
    t.results("hund", 3);
    t.open("hund");
    expect(t.abandon("hund")).toBeNull();
  });

  it("logs the refined query when only an earlier one led to an opened entry", () => {
    const t = new SearchLogTracker();
    t.results("hund", 3);
    t.open("hund");
    t.results("hundesteuer befreiung", 1);
    expect(t.abandon("hundesteuer befreiung")).toEqual({ query: "hundesteuer befreiung", resultCount: 1 });
  });

  it("ignores queries under three characters", () => {
    const t = new SearchLogTracker();
    t.results("hu", 5);
    expect(t.abandon("hu")).toBeNull();
    t.results("  h  ", 5);
    expect(t.abandon("  h  ")).toBeNull();
  });

  it("does not guess a count for text whose results never arrived", () => {
    const t = new SearchLogTracker();
    t.results("hun", 4);
    expect(t.abandon("hund")).toBeNull();
    expect(new SearchLogTracker().abandon("hund")).toBeNull();
  });

  it("forgets everything once the box was cleared", () => {
    const t = new SearchLogTracker();
    t.results("hund", 3);
    t.open("hund");
    expect(t.abandon("hund")).toBeNull();
    t.results("hund", 3);
    expect(t.abandon("hund")).toEqual({ query: "hund", resultCount: 3 });
    expect(t.abandon("hund")).toBeNull();
  });
});
