// @vitest-environment happy-dom
// The open forwards: one tab stop for the whole list, the arrow keys move between the "Erledigt" buttons.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ForwardView } from "../bindings/ForwardView";
import OpenForwards from "./OpenForwards.svelte";

let list: ReturnType<typeof mount> | null = null;

function forward(id: number): ForwardView {
  return {
    id,
    callId: 40 + id,
    office: "steueramt",
    officeTitle: `Stelle ${id}`,
    question: `Frage ${id}`,
    channel: "phone",
    channelLabel: "Telefon",
    contact: "0234 1",
    dueAt: "2026-03-05T10:30:00+01:00",
    dueLabel: "bis Do, 10:30",
    overdue: id === 1,
    done: false,
  };
}

function show(count: number) {
  const ondone = vi.fn();
  list = mount(OpenForwards, {
    target: document.body,
    props: { forwards: Array.from({ length: count }, (_, i) => forward(i + 1)), ondone },
  });
  flushSync();
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="forward-done"]')];
  return { ondone, buttons };
}

function key(target: HTMLElement, name: string): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
  flushSync();
}

afterEach(() => {
  if (list) unmount(list);
  list = null;
  document.body.innerHTML = "";
});

describe("OpenForwards", () => {
  it("is one tab stop; ↑/↓, Pos1 and Ende move between the Erledigt buttons", () => {
    const { buttons, ondone } = show(300);
    expect(buttons).toHaveLength(300);
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    expect(buttons[0]!.tabIndex).toBe(0);
    buttons[0]!.focus();
    key(buttons[0]!, "ArrowDown");
    expect(document.activeElement).toBe(buttons[1]);
    expect(buttons[1]!.tabIndex).toBe(0);
    expect(buttons[0]!.tabIndex).toBe(-1);
    key(buttons[1]!, "End");
    expect(document.activeElement).toBe(buttons[299]);
    key(buttons[299]!, "ArrowDown");
    expect(document.activeElement).toBe(buttons[299]);
    key(buttons[299]!, "Home");
    expect(document.activeElement).toBe(buttons[0]);
    key(buttons[0]!, "ArrowUp");
    expect(document.activeElement).toBe(buttons[0]);
    buttons[0]!.click();
    expect(ondone).toHaveBeenCalledWith(1);
    expect(document.querySelector("#forwards-keys")?.textContent).toContain("Tab verlässt die Liste");
  });

  it("a single forward needs no hint", () => {
    const { buttons } = show(1);
    expect(buttons[0]!.tabIndex).toBe(0);
    expect(document.querySelector("#forwards-keys")).toBeNull();
  });
});

describe("OpenForwards with the core's counts (issue 15)", () => {
  it("lists the agent's own with both counts, says how many it shows of how many, and offers the rest", () => {
    const onscope = vi.fn();
    const onmore = vi.fn();
    list = mount(OpenForwards, {
      target: document.body,
      props: {
        forwards: [forward(1), forward(2)],
        ondone: vi.fn(),
        scope: "mine",
        counts: { mine: { open: 5, overdue: 2 }, all: { open: 741, overdue: 564 }, notListed: 3 },
        onscope,
        onmore,
      },
    });
    flushSync();
    const text = (id: string) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, " ").trim() ?? null;
    expect(document.querySelector("#forwards-title")?.textContent?.replace(/\s+/g, " ").trim()).toBe(
      "Offene Weiterleitungen (5) 2 überfällig",
    );
    expect(text("forwards-mine")).toBe("Meine 5, 2 überfällig");
    expect(text("forwards-all")).toBe("Alle 741, 564 überfällig");
    expect(document.querySelector('[data-testid="forwards-mine"]')?.getAttribute("aria-pressed")).toBe("true");
    expect(text("forwards-more")).toBe("2 von 5 gezeigt Weitere anzeigen");
    document.querySelector<HTMLButtonElement>('[data-testid="forwards-more-button"]')!.click();
    expect(onmore).toHaveBeenCalledTimes(1);
    document.querySelector<HTMLButtonElement>('[data-testid="forwards-all"]')!.click();
    expect(onscope).toHaveBeenCalledWith("all");
    // Two lines a forward: the due time with its button, then office, channel and question on one line whose title
    // holds the whole question.
    const what = document.querySelector<HTMLElement>(".what");
    expect(what?.title).toBe("Frage 1");
    expect(what?.textContent?.replace(/\s+/g, " ").trim()).toBe("Stelle 1 · Telefon: Frage 1");
  });

  it("says nothing more when every forward of the scope is listed", () => {
    list = mount(OpenForwards, {
      target: document.body,
      props: {
        forwards: [],
        ondone: vi.fn(),
        scope: "mine",
        counts: { mine: { open: 0, overdue: 0 }, all: { open: 741, overdue: 564 }, notListed: 0 },
      },
    });
    flushSync();
    expect(document.querySelector('[data-testid="forwards-more"]')).toBeNull();
    expect(document.querySelector('[data-testid="open-forwards"]')?.textContent).toContain(
      "Keine eigenen offenen Weiterleitungen.",
    );
  });
});
