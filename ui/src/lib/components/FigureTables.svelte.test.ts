// @vitest-environment happy-dom
// The dashboard's lists: a list the core cut says how much of it is shown.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { FiguresView } from "../bindings/FiguresView";
import { figuresFixture } from "../figures.fixture";
import FigureTables from "./FigureTables.svelte";

let tables: ReturnType<typeof mount> | null = null;

function show(figures: FiguresView): (id: string) => string | null {
  tables = mount(FigureTables, { target: document.body, props: { figures } });
  flushSync();
  return (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, " ").trim() ?? null;
}

afterEach(() => {
  if (tables) unmount(tables);
  tables = null;
  document.body.innerHTML = "";
});

describe("FigureTables", () => {
  it("says '2 von 57' under lists the core cut (issue 15)", () => {
    const base = figuresFixture();
    const text = show({ ...base, searchGapsTotal: 57, forwards: { ...base.forwards, overdueNow: 537 } });
    expect(text("gaps-more")).toBe(
      "Gezeigt: die 2 häufigsten von 57 Suchbegriffen. Alle stehen in „Kennzahlen als CSV“.",
    );
    expect(text("overdue-more")).toBe(
      "Gezeigt: die 2 ältesten von 537. Alle stehen in der Ansicht „Agent“ unter „Offene Weiterleitungen“ (Alle).",
    );
  });

  it("says nothing more when every row is shown", () => {
    const text = show(figuresFixture());
    expect(text("gaps-more")).toBeNull();
    expect(text("overdue-more")).toBeNull();
  });
});
