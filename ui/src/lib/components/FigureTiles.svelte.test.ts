// @vitest-environment happy-dom
// The tiles: a share is never shown without what it measures and of how many.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { FiguresView } from "../bindings/FiguresView";
import { figuresFixture } from "../figures.fixture";
import FigureTiles from "./FigureTiles.svelte";

let tiles: ReturnType<typeof mount> | null = null;

function show(figures: FiguresView): (id: string) => string {
  tiles = mount(FigureTiles, { target: document.body, props: { figures } });
  flushSync();
  return (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

afterEach(() => {
  if (tiles) unmount(tiles);
  tiles = null;
  document.body.innerHTML = "";
});

describe("FigureTiles", () => {
  it("gives the forwards' on-time share its base and says the 'jetzt' counts cover all periods (issue 15)", () => {
    const base = figuresFixture();
    const text = show({
      ...base,
      forwards: { ...base.forwards, onTime: { hits: 3, of: 3, value: 1, label: "100,0 %" }, overdueNow: 563 },
    });
    expect(text("tile-forwards")).toContain("Servicestunden beantwortet: 100,0 %");
    expect(text("forwards-on-time-base")).toBe("(3 von 3 fälligen Weiterleitungen dieses Zeitraums)");
    expect(text("forwards-now")).toBe("Alle Zeiträume – offen jetzt: 31 · überfällig jetzt: 563");
  });

  it("judges the first-contact rate only on the core's minimum base and marks a running day (issue 15)", () => {
    const text = show(
      figuresFixture({
        calls: 9,
        ended: 8,
        firstContact: { hits: 4, of: 8, value: 0.5, label: "50,0 %" },
        firstContactMet: null,
        firstContactNote: "Noch keine Bewertung: erst ab 30 Anrufen (ohne Abbrüche) mit dem Ziel verglichen, bisher 8.",
        partialNote: "Stand 04.12.2026, 11:09 Uhr – der Tag läuft noch.",
      }),
    );
    const tile = document.querySelector('[data-testid="tile-fcr"]');
    expect(tile?.classList.contains("missed")).toBe(false);
    expect(text("tile-fcr")).not.toContain("nicht erreicht");
    expect(text("fcr-note")).toBe(
      "Noch keine Bewertung: erst ab 30 Anrufen (ohne Abbrüche) mit dem Ziel verglichen, bisher 8.",
    );
    expect(text("partial-note")).toBe("Stand 04.12.2026, 11:09 Uhr – der Tag läuft noch.");
  });

  it("says when no forward of the period is due yet", () => {
    const base = figuresFixture();
    const text = show({ ...base, forwards: { ...base.forwards, onTime: { hits: 0, of: 0, value: null, label: "–" } } });
    expect(text("forwards-on-time-base")).toBe("(noch keine Weiterleitung dieses Zeitraums fällig)");
  });
});
