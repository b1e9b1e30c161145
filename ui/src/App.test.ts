// @vitest-environment happy-dom
// The window end to end in a DOM, with Tauri's invoke replaced: typing, keyboard selection, opening, errors.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Answer } from "./lib/bindings/Answer";
import type { SearchHit } from "./lib/bindings/SearchHit";
import { ERROR_TEXT } from "./lib/errors";
import { errorState } from "./lib/errorState.svelte";
import { SEARCH_DEBOUNCE_MS } from "./lib/searchController";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import App from "./App.svelte";

const HITS: SearchHit[] = [
  {
    id: "hund-anmelden",
    kind: "service",
    title: "Hund anmelden (Hundesteuer)",
    summary: "Hunde innerhalb von zwei Wochen beim Steueramt anmelden.",
    snippet: [
      { text: "", hl: false },
      { text: "Hund", hl: true },
      { text: " beim Steueramt <b>anmelden</b>", hl: false },
    ],
    score: 12.5,
    portalService: null,
  },
  {
    id: "steueramt",
    kind: "location",
    title: "Steueramt",
    summary: "Steueramt im Rathaus.",
    snippet: [],
    score: 3,
    portalService: null,
  },
  {
    id: "bewohnerparkausweis",
    kind: "service",
    title: "Bewohnerparkausweis",
    summary: "Online beantragen.",
    snippet: [{ text: "Parkausweis", hl: true }],
    score: 1,
    portalService: "bewohnerparkausweis",
  },
];

const ANSWER: Answer = {
  entry: {
    id: "steueramt",
    kind: "location",
    title: "Steueramt",
    summary: "Das Steueramt ist im Rathaus, Willy-Brandt-Platz 2–6.",
    sections: [
      { key: "hinweise", heading: "Hinweise", markdown: "- <script>x</script>\n- **wichtig**" },
      { key: "oeffnungszeiten", heading: "Öffnungszeiten", markdown: "Siehe Karte." },
    ],
    portalService: null,
    reviewed: "2026-11-01",
    source: "https://www.bochum.de/steueramt",
    unconfirmed: ["Öffnungszeiten freitags"],
  },
  focus: "oeffnungszeiten",
  locations: [
    {
      id: "steueramt",
      title: "Steueramt",
      address: "Willy-Brandt-Platz 2–6, 44787 Bochum",
      phone: "0234 910-0",
      email: "steueramt@bochum.de",
      appointment: "recommended",
      appointmentLabel: "Termin empfohlen",
      state: { kind: "open", label: "Geöffnet bis 16:00" },
      week: [
        { day: "Mo", ranges: ["08:00–16:00"], today: true },
        { day: "Sa", ranges: [], today: false },
      ],
    },
  ],
};

let app: ReturnType<typeof mount> | null = null;

function byTestId(id: string): HTMLElement | null {
  return document.querySelector(`[data-testid="${id}"]`);
}

function searchInput(): HTMLInputElement {
  const el = byTestId("search-input");
  if (!(el instanceof HTMLInputElement)) throw new Error("no search input");
  return el;
}

async function type(text: string): Promise<void> {
  const input = searchInput();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
  await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
  flushSync();
}

async function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = searchInput()): Promise<void> {
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
  flushSync();
  await vi.advanceTimersByTimeAsync(0);
  flushSync();
}

function results(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid="result"]')];
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, "error").mockImplementation(() => {});
  invoke.mockReset();
  invoke.mockImplementation(async (cmd: string, args: Record<string, unknown>) => {
    switch (cmd) {
      case "app_info":
        return { version: "0.1.0", entries: 42, kbProblems: 0, dataDir: "/tmp" };
      case "search":
        return args.query === "xyz" ? [] : HITS;
      case "open_entry":
        if (args.id === "steueramt") return ANSWER;
        throw { code: "ENTRY_NOT_FOUND", message: `no entry ${String(args.id)}` };
      default:
        throw "unknown command";
    }
  });
  errorState.dismiss();
  app = mount(App, { target: document.body });
  flushSync();
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = "";
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("desk window", () => {
  it("shows the hint, the shortcut line and the knowledge-base size on start", async () => {
    await vi.advanceTimersByTimeAsync(0);
    flushSync();
    expect(byTestId("search-hint")?.textContent).toContain("Stichworte eingeben");
    expect(byTestId("shortcut-line")?.textContent).toBe(
      "Strg+K Suchen · ↑↓ Auswahl · Enter Öffnen · Esc Leeren · F2 Anruf · F4 Beenden",
    );
    expect(byTestId("app-info")?.textContent).toContain("42 Einträge");
    expect(searchInput().placeholder).toBe("Suchen … (Strg+K)");
    expect(byTestId("call-bar")?.textContent).toContain("Anrufprotokoll folgt");
    expect(byTestId("case-panel")?.textContent).toContain("Themen, Ergebnis und Notizen folgen");
  });

  it("searches while typing and renders hits with highlights, badges and escaped text", async () => {
    await type("hund");
    expect(invoke).toHaveBeenCalledWith("search", { query: "hund", limit: 10 });
    const items = results();
    expect(items.map((li) => li.dataset.id)).toEqual(["hund-anmelden", "steueramt", "bewohnerparkausweis"]);
    expect(items[0]?.querySelector("mark")?.textContent).toBe("Hund");
    expect(items[0]?.querySelector("b")).toBeNull();
    expect(items[0]?.textContent).toContain("<b>anmelden</b>");
    expect(items[0]?.textContent).toContain("Leistung");
    expect(items[1]?.textContent).toContain("Standort");
    expect(items[1]?.textContent).toContain("Steueramt im Rathaus."); // summary when there is no snippet
    expect(items[2]?.textContent).toContain("Portal");
    expect(items[0]?.textContent).not.toContain("Portal");
    expect(items[0]?.getAttribute("aria-selected")).toBe("true");
  });

  it("says so when nothing was found", async () => {
    await type("xyz");
    expect(results()).toEqual([]);
    expect(byTestId("no-results")?.textContent).toBe("Keine Treffer – Suchbegriff anders formulieren");
  });

  it("moves the selection with the arrow keys and opens it with Enter", async () => {
    await type("steuer");
    await press("ArrowDown");
    await press("ArrowDown");
    await press("ArrowUp");
    expect(results()[1]?.getAttribute("aria-selected")).toBe("true");
    await press("Enter");
    expect(invoke).toHaveBeenCalledWith("open_entry", { id: "steueramt" });

    expect(byTestId("answer-title")?.textContent).toBe("Steueramt");
    expect(byTestId("answer-summary")?.textContent).toContain("Willy-Brandt-Platz");
    const focused = document.querySelector('[data-section="oeffnungszeiten"]');
    expect(focused?.getAttribute("data-focused")).toBe("true");
    const hinweise = document.querySelector('[data-section="hinweise"]');
    expect(hinweise?.querySelector("script")).toBeNull();
    expect(hinweise?.querySelector("strong")?.textContent).toBe("wichtig");

    const card = byTestId("location-card");
    expect(card?.textContent).toContain("0234 910-0");
    expect(card?.textContent).toContain("Termin empfohlen");
    const state = byTestId("open-state");
    expect(state?.textContent).toContain("Geöffnet bis 16:00");
    expect(state?.classList.contains("open")).toBe(true);
    const today = card?.querySelector('tr[aria-current="date"]');
    expect(today?.textContent).toContain("Mo");
    expect(card?.textContent).toContain("geschlossen");

    expect(byTestId("answer-reviewed")?.textContent).toBe("Geprüft am 01.11.2026");
    expect(byTestId("answer-source")?.textContent).toBe("https://www.bochum.de/steueramt");
    expect(byTestId("answer-unconfirmed")?.textContent).toContain("Unbestätigt:");
    expect(byTestId("answer-unconfirmed")?.textContent).toContain("Öffnungszeiten freitags");
  });

  it("shows the German text of the error code in a dismissible banner", async () => {
    await type("hund");
    await press("Enter"); // hund-anmelden -> ENTRY_NOT_FOUND
    const banner = byTestId("error-banner");
    expect(banner?.textContent).toContain(ERROR_TEXT.ENTRY_NOT_FOUND);
    expect(banner?.textContent).not.toContain("no entry");
    banner?.querySelector("button")?.click();
    flushSync();
    expect(byTestId("error-banner")).toBeNull();
  });

  it("shows the INTERNAL text when the rejection is not an IpcError", async () => {
    invoke.mockImplementation(async () => {
      throw "command search not allowed";
    });
    await type("hund");
    expect(byTestId("error-banner")?.textContent).toContain(ERROR_TEXT.INTERNAL);
    expect(byTestId("error-banner")?.dataset.code).toBe("INTERNAL");
  });

  it("clears with the first Esc and leaves the box with the second", async () => {
    await type("hund");
    searchInput().focus();
    await press("Escape");
    expect(searchInput().value).toBe("");
    expect(results()).toEqual([]);
    expect(document.activeElement).toBe(searchInput());
    await press("Escape");
    expect(document.activeElement).not.toBe(searchInput());
  });

  it("focuses the search with Ctrl+K and with / from outside an input", async () => {
    searchInput().blur();
    await press("k", { ctrlKey: true }, document.body);
    expect(document.activeElement).toBe(searchInput());
    searchInput().blur();
    await press("/", {}, document.body);
    expect(document.activeElement).toBe(searchInput());
  });

  it("switches to the Teamleitung placeholder and back", async () => {
    byTestId("view-supervisor")?.click();
    flushSync();
    expect(byTestId("supervisor-view")?.closest("main")?.hidden).toBe(false);
    expect(byTestId("agent-view")?.hidden).toBe(true);
    expect(byTestId("supervisor-view")?.textContent).toContain("Kennzahlen folgen");
    await press("k", { ctrlKey: true }, document.body);
    expect(byTestId("agent-view")?.hidden).toBe(false);
  });
});
