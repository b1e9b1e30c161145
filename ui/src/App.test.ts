// @vitest-environment happy-dom
// The window end to end in a DOM, with Tauri's invoke replaced by a small fake core: typing, keyboard selection,
// opening, errors, and the call log (sign-in, calls, topics, notes, forwards, outcome, lists).
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentView } from "./lib/bindings/AgentView";
import { UI_LIMITS } from "./lib/bindings/constants";
import type { Answer } from "./lib/bindings/Answer";
import type { CallView } from "./lib/bindings/CallView";
import type { FieldProblemView } from "./lib/bindings/FieldProblemView";
import type { FiguresView } from "./lib/bindings/FiguresView";
import type { ForwardDoneView } from "./lib/bindings/ForwardDoneView";
import type { ForwardForm } from "./lib/bindings/ForwardForm";
import type { ForwardView } from "./lib/bindings/ForwardView";
import type { HandoffFormView } from "./lib/bindings/HandoffFormView";
import type { KbProblemView } from "./lib/bindings/KbProblemView";
import type { HandoffView } from "./lib/bindings/HandoffView";
import type { Outcome } from "./lib/bindings/Outcome";
import type { PeriodArg } from "./lib/bindings/PeriodArg";
import type { PortalDecisionView } from "./lib/bindings/PortalDecisionView";
import type { OutcomeOption } from "./lib/bindings/OutcomeOption";
import type { Role } from "./lib/bindings/Role";
import type { SearchHit } from "./lib/bindings/SearchHit";
import type { Session } from "./lib/bindings/Session";
import type { StuckHandoffView } from "./lib/bindings/StuckHandoffView";
import type { TitleJump } from "./lib/bindings/TitleJump";
import { OPENING_RETRY_MS } from "./lib/desk.svelte";
import { ERROR_TEXT, TOPIC_RESENT_TEXT } from "./lib/errors";
import { errorState } from "./lib/errorState.svelte";
import { PER_AGENT_REASON, WITHHELD_NOTE, figuresFixture, withheldFixture } from "./lib/figures.fixture";
import { PER_AGENT_ROLE_TEXT, ROLE_LABEL } from "./lib/forms";
import { HANDOFF_LIST_REFRESH_MS, HANDOFF_POLL_MS, RECENT_HANDOFFS_LIMIT } from "./lib/handoff";
import {
  MSG,
  PARK_FORM,
  PARK_SERVICE,
  REFERENCE,
  VALID_PARK_VALUES,
  decided,
  delivered,
  handoffView,
  rejected,
  withState,
} from "./lib/handoff.fixture";
import { NOTES_DEBOUNCE_MS } from "./lib/notesAutosave";
import { SEARCH_DEBOUNCE_MS } from "./lib/searchController";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
// happy-dom paints no frames: what waits for the next paint (the write of an opened entry) goes on at once here.
vi.mock("./lib/afterPaint", () => ({ afterNextPaint: () => Promise.resolve() }));

/** Chart.js replaced by a recorder: each chart remembers its canvas and configuration (happy-dom has no canvas). */
interface FakeChart {
  canvas: HTMLCanvasElement;
  type: string;
  data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
  update: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
}
const charts = vi.hoisted(() => [] as FakeChart[]);
vi.mock("chart.js", () => {
  class Chart {
    static defaults = { font: { family: "", size: 0 }, color: "" };
    static register() {}
    canvas: HTMLCanvasElement;
    type: string;
    data: unknown;
    options: unknown;
    update = vi.fn();
    destroy = vi.fn();
    constructor(canvas: HTMLCanvasElement, config: { type: string; data: unknown; options: unknown }) {
      this.canvas = canvas;
      this.type = config.type;
      this.data = config.data;
      this.options = config.options;
      charts.push(this as unknown as FakeChart);
    }
  }
  const names = [
    "ArcElement",
    "BarController",
    "BarElement",
    "CategoryScale",
    "DoughnutController",
    "Legend",
    "LineController",
    "LineElement",
    "LinearScale",
    "PointElement",
    "Tooltip",
  ];
  return { Chart, ...Object.fromEntries(names.map((name) => [name, { id: name }])) };
});

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
    summaryEn: null,
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
      askedDay: null,
      week: [
        { day: "Mo", ranges: ["08:00–16:00"], today: true, note: null },
        { day: "Di", ranges: [], today: false, note: "Feiertag: Neujahr" },
        { day: "Sa", ranges: [], today: false, note: null },
      ],
    },
  ],
};


const HUND_ANSWER: Answer = {
  entry: {
    id: "hund-anmelden",
    kind: "service",
    title: "Hund anmelden (Hundesteuer)",
    summary: "Hunde innerhalb von zwei Wochen beim Steueramt anmelden.",
    summaryEn: "Register your dog with the tax office within two weeks.",
    sections: [{ key: "fristen", heading: "Fristen", markdown: "Zwei Wochen." }],
    portalService: null,
    reviewed: "2026-11-01",
    source: "https://www.bochum.de/hundesteuer",
    unconfirmed: [],
  },
  focus: null,
  locations: [ANSWER.locations[0]!],
};

const PARK_ANSWER: Answer = {
  entry: {
    id: "bewohnerparkausweis",
    kind: "service",
    title: "Bewohnerparkausweis",
    summary: "Online über „Mein Bochum“ beantragen.",
    summaryEn: null,
    sections: [{ key: "kosten", heading: "Kosten", markdown: "30 Euro im Jahr." }],
    portalService: PARK_SERVICE,
    reviewed: "2026-11-01",
    source: "https://www.bochum.de/parken",
    unconfirmed: [],
  },
  focus: null,
  locations: [],
};

/** What `open_entry` answers, by id. */
const ANSWERS: Record<string, Answer> = {
  steueramt: ANSWER,
  "hund-anmelden": HUND_ANSWER,
  bewohnerparkausweis: PARK_ANSWER,
};

/** What the core's title jump answers by default: the first is also the first search hit (no chip for it). */
const JUMPS: TitleJump[] = [
  { id: "hund-anmelden", title: "Hund anmelden (Hundesteuer)", kind: "service" },
  { id: "steueramt", title: "Steueramt", kind: "location" },
  { id: "bewohnerparkausweis", title: "Bewohnerparkausweis", kind: "service" },
  { id: "buergerbuero-mitte", title: "Bürgerbüro Mitte", kind: "location" },
  { id: "buergerbuero-wattenscheid", title: "Bürgerbüro Wattenscheid", kind: "location" },
];

const OUTCOME_OPTIONS: OutcomeOption[] = [
  { outcome: "answered", label: "Beantwortet", key: "1" },
  { outcome: "forwarded", label: "Weitergeleitet", key: "2" },
  { outcome: "portal_handoff", label: "An das Portal übergeben", key: "3" },
  { outcome: "referred", label: "Verwiesen", key: "4" },
  { outcome: "dropped", label: "Abgebrochen", key: "5" },
];

const PETRA: AgentView = { id: 1, name: "Petra Schulz", role: "agent", roleLabel: "Agent" };
const HEIKE: AgentView = { id: 2, name: "Heike Brandt", role: "supervisor", roleLabel: "Teamleitung" };

const OFFICES = [
  { id: "buergerbuero-mitte", title: "Bürgerbüro Mitte", kind: "location" as const },
  { id: "steueramt", title: "Steueramt", kind: "location" as const },
];

const PERIOD_LABELS: Record<PeriodArg["kind"], string> = {
  today: "02.03.2026",
  week: "02.03.2026 – 08.03.2026",
  month: "März 2026",
  custom: "01.02.2026 – 28.02.2026",
};

/** Monday 2 March 2026, 09:15 local time. */
const NOW = new Date("2026-03-02T09:15:00+01:00");

type Args = Record<string, unknown>;

/**
 * The Rust core replaced by data, recorded calls (the `invoke` mock) and answers the tests script. It holds no rule
 * of the core: it never refuses, sorts, filters by a policy or derives a label on its own. A test that needs a
 * refusal or a changed state says so itself (`failNext`, `failing`, `answerNext`), and lists come back exactly as
 * the test put them. The rules are tested in the core (tests/, src/ unit tests); these tests are about what the
 * window does with the core's answers.
 */
class FakeCore {
  agent: AgentView | null = PETRA;
  agents: AgentView[] = [PETRA, HEIKE];
  active: CallView | null = null;
  /** The lists as the core answers them: calls newest first, open forwards, applications newest first. */
  ended: CallView[] = [];
  forwards: ForwardView[] = [];
  handoffs: HandoffView[] = [];
  stuck: StuckHandoffView[] = [];
  /** What `check_handoff` answers (the core's problems with the values sent). */
  handoffProblems: FieldProblemView[] = [];
  handoffValues = new Map<number, Record<string, string>>();
  /** What the office decided about a delivered application, by id ("submitted" otherwise). */
  decisions = new Map<number, PortalDecisionView>();
  notes = new Map<number, string>();
  nextCallId = 41;
  nextForwardId = 7;
  nextHandoffId = 100;
  /** How long a call lasted, as `end_call` answers. */
  callSeconds = 29;
  /** What `app_info` reports: the knowledge base's size and problems, a store that could not be opened. */
  entries = 42;
  kbProblems: KbProblemView[] = [];
  storeProblem: string | null = null;
  portal = { sending: true, reason: "" };
  figuresFor: (period: PeriodArg) => FiguresView = (period) => figuresFixture({ periodLabel: PERIOD_LABELS[period.kind] });
  jumpFor: (query: string) => TitleJump[] = (query) => (query === "xyz" ? [] : JUMPS);
  searchFor: (query: string) => SearchHit[] = (query) => (query === "xyz" ? [] : HITS);
  /** Answers held back until the test releases them, oldest first (see `hold`). */
  held: { cmd: string; args: Args; release: () => void }[] = [];
  private scripted = new Map<string, ((args: Args) => unknown)[]>();
  private failures = new Map<string, unknown>();
  private holding = new Set<string>();

  /** The next `cmd` answers with what `answer` returns (or throws) instead of the default. */
  answerNext(cmd: string, answer: (args: Args) => unknown): void {
    this.scripted.set(cmd, [...(this.scripted.get(cmd) ?? []), answer]);
  }

  /** The next `cmd` is refused with `error` (an `IpcError` as the shell sends it). */
  failNext(cmd: string, error: unknown): void {
    this.answerNext(cmd, () => {
      throw error;
    });
  }

  /** Every `cmd` is refused with `error` until `failing(cmd, null)`. */
  failing(cmd: string, error: unknown): void {
    if (error === null) this.failures.delete(cmd);
    else this.failures.set(cmd, error);
  }

  /** While on, `cmd` answers only when the test calls `release` on its entry in `held`. */
  hold(cmd: string, on = true): void {
    if (on) this.holding.add(cmd);
    else this.holding.delete(cmd);
  }

  handle(cmd: string, args: Args): unknown {
    const scripted = this.scripted.get(cmd)?.shift();
    const answer = () => {
      if (this.failures.has(cmd)) throw this.failures.get(cmd);
      return scripted ? scripted(args) : this.answer(cmd, args);
    };
    if (!this.holding.has(cmd)) return answer();
    return new Promise((resolve, reject) => {
      this.held.push({
        cmd,
        args,
        release: () => {
          try {
            resolve(answer());
          } catch (error) {
            reject(error);
          }
        },
      });
    });
  }

  session(): Session {
    return { agent: this.agent, agents: this.agents, activeCall: this.active, signInKind: "desk_password" };
  }

  newCall(extra: Partial<CallView> = {}): CallView {
    this.nextCallId += 1;
    return {
      id: this.nextCallId,
      startedAt: new Date().toISOString(),
      startedLabel: "09:15",
      endedAt: null,
      durationSeconds: null,
      topics: [],
      outcome: null,
      outcomeLabel: null,
      notes: "",
      outcomeOptions: OUTCOME_OPTIONS,
      ...extra,
    };
  }

  /** The default answer of each command: the data above, and what a command wrote added to it. */
  answer(cmd: string, args: Args): unknown {
    switch (cmd) {
      case "app_info":
        return {
          version: "0.1.0",
          entries: this.entries,
          kbProblems: this.kbProblems.length,
          dataDir: "/tmp",
          storeProblem: this.storeProblem,
          kbProblemList: this.kbProblems,
        };
      case "search":
        return this.searchFor(String(args.query));
      case "jump":
        return this.jumpFor(String(args.query));
      case "open_entry": {
        const answer = ANSWERS[String(args.id)];
        if (!answer) throw { code: "ENTRY_NOT_FOUND", message: `no entry ${String(args.id)}`, field: null };
        return answer;
      }
      case "note_opened":
        if (!ANSWERS[String(args.id)]) throw { code: "ENTRY_NOT_FOUND", message: `no entry ${String(args.id)}`, field: null };
        return null;
      case "log_search":
        return null;
      case "save_notes":
        this.notes.set(Number(args.callId), String(args.notes));
        return null;
      case "session":
        return this.session();
      case "sign_in": {
        const name = String(args.name);
        const role = args.role as Role;
        const known = this.agents.find((a) => a.name === name);
        this.agent = known ?? { id: this.agents.length + 1, name, role, roleLabel: ROLE_LABEL[role] };
        if (!known) this.agents.push(this.agent);
        return this.session();
      }
      case "sign_out":
        this.agent = null;
        return this.session();
      case "start_call":
        this.active = this.newCall();
        return this.active;
      case "remove_topic":
        return this.active;
      case "forward_preview":
        return { dueAt: "2026-03-05T10:30:00+01:00", dueLabel: "bis Donnerstag, 10:30" };
      case "offices":
        return OFFICES;
      case "forward": {
        const form = args.form as ForwardForm;
        this.nextForwardId += 1;
        const forward: ForwardView = {
          id: this.nextForwardId,
          callId: Number(args.callId),
          office: form.office,
          officeTitle: OFFICES.find((o) => o.id === form.office)?.title ?? form.office,
          question: form.question,
          channel: form.channel,
          channelLabel: "Telefon",
          contact: form.contact,
          dueAt: "2026-03-05T10:30:00+01:00",
          dueLabel: "bis Do, 10:30",
          overdue: false,
          done: false,
        };
        this.forwards.push(forward);
        return forward;
      }
      case "end_call": {
        const option = OUTCOME_OPTIONS.find((o) => o.outcome === args.outcome);
        const ended: CallView = {
          ...this.active!,
          endedAt: new Date().toISOString(),
          durationSeconds: this.callSeconds,
          outcome: args.outcome as Outcome,
          outcomeLabel: option?.label ?? null,
          notes: this.notes.get(this.active!.id) ?? "",
        };
        this.ended.unshift(ended);
        this.active = null;
        return ended;
      }
      case "recent_calls":
        return this.ended;
      case "open_forwards": {
        const counts = { open: this.forwards.length, overdue: this.forwards.filter((f) => f.overdue).length };
        return { scope: args.scope ?? "mine", forwards: this.forwards, mine: counts, all: counts, notListed: 0 };
      }
      case "mark_forward_done": {
        this.forwards = this.forwards.filter((f) => f.id !== args.forwardId);
        const done: ForwardDoneView = {
          id: Number(args.forwardId),
          first: true,
          doneBy: "Petra Schulz",
          doneAt: "2026-03-02T09:15:00+01:00",
          notice: null,
        };
        return done;
      }
      case "store_changes":
        // A desk on its own store: nothing to watch.
        return { live: false, seq: 0, tables: [] };
      case "figures":
        return this.figuresFor(args.period as PeriodArg);
      case "set_per_agent_figures":
        return Boolean(args.enabled);
      case "export_csv": {
        const what = args.kind === "calls" ? "anrufe" : "kennzahlen";
        return { path: `/home/heike/Downloads/auskunft-${what}-${(args.period as PeriodArg).kind}.csv` };
      }
      case "stuck_handoffs":
        return this.stuck;
      case "portal_status":
        return this.portal;
      case "handoff_form":
        return PARK_FORM;
      case "handoff_correction": {
        const h = this.handoff(args.handoffId);
        const form: HandoffFormView = {
          ...PARK_FORM,
          values: this.handoffValues.get(h.id) ?? PARK_FORM.values,
          problems: h.problems,
          correcting: h,
        };
        return form;
      }
      case "check_handoff":
        return this.handoffProblems;
      case "submit_handoff": {
        this.nextHandoffId += 1;
        const h = handoffView({ id: this.nextHandoffId, callId: Number(args.callId), createdLabel: "02.03. 09:15" });
        this.handoffs.unshift(h);
        this.handoffValues.set(h.id, args.values as Record<string, string>);
        return h;
      }
      case "correct_handoff":
        this.handoffValues.set(Number(args.handoffId), args.values as Record<string, string>);
        return this.handoff(args.handoffId);
      case "retry_handoff":
        return this.handoff(args.handoffId);
      case "check_portal_decision": {
        const h = this.handoff(args.handoffId);
        return this.replaceHandoff(decided(h, this.decisions.get(h.id) ?? "submitted"));
      }
      case "call_handoffs":
        return this.handoffs.filter((h) => h.callId === args.callId);
      case "recent_handoffs":
        return { handoffs: this.handoffs, total: this.handoffs.length };
      default:
        throw new Error(`the fake core does not know the command ${cmd}`);
    }
  }

  handoff(id: unknown): HandoffView {
    const h = this.handoffs.find((x) => x.id === id);
    if (!h) throw new Error(`the fake core has no application ${String(id)}`);
    return h;
  }

  replaceHandoff(next: HandoffView): HandoffView {
    this.handoffs = this.handoffs.map((h) => (h.id === next.id ? next : h));
    return next;
  }
}

let core: FakeCore;
let app: ReturnType<typeof mount> | null = null;

function byTestId(id: string): HTMLElement | null {
  return document.querySelector(`[data-testid="${id}"]`);
}

function allByTestId(id: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
}

function searchInput(): HTMLInputElement {
  const el = byTestId("search-input");
  if (!(el instanceof HTMLInputElement)) throw new Error("no search input");
  return el;
}

async function settle(ms = 0): Promise<void> {
  flushSync();
  await vi.advanceTimersByTimeAsync(ms);
}

async function type(text: string): Promise<void> {
  const input = searchInput();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await settle(SEARCH_DEBOUNCE_MS);
}

async function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = searchInput()): Promise<void> {
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
  await settle();
}

/** A key pressed wherever the focus is now (dialogs move it). */
async function pressHere(key: string, init: KeyboardEventInit = {}): Promise<void> {
  await press(key, init, document.activeElement ?? document.body);
}

async function click(el: HTMLElement | null | undefined): Promise<void> {
  if (!el) throw new Error("nothing to click");
  el.click();
  await settle();
}

async function fill(el: HTMLElement | null, value: string): Promise<void> {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) {
    throw new Error("not a field");
  }
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  await settle();
}

function results(): HTMLElement[] {
  return allByTestId("result");
}

function commands(): string[] {
  return invoke.mock.calls.map((c) => String(c[0]));
}

function callsOf(cmd: string): Record<string, unknown>[] {
  return invoke.mock.calls.filter((c) => c[0] === cmd).map((c) => c[1] as Record<string, unknown>);
}

async function start(setupCore: (core: FakeCore) => void = () => {}): Promise<void> {
  core = new FakeCore();
  setupCore(core);
  invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) =>
    structuredClone(await core.handle(cmd, args)),
  );
  app = mount(App, { target: document.body });
  await settle();
}

/** Starts the window again with Teamleitung signed in. */
async function restartAsTeamleitung(): Promise<void> {
  if (app) unmount(app);
  document.body.innerHTML = "";
  invoke.mockReset();
  await start((c) => (c.agent = HEIKE));
}

/** Takes a call with F2 and returns its id. */
async function takeCall(): Promise<number> {
  await press("F2", {}, document.body);
  const id = core.active?.id;
  if (id === undefined) throw new Error("no call started");
  return id;
}

beforeAll(async () => {
  // Loaded once here, so that the charts' on-demand import resolves at once under fake timers.
  await import("./lib/chartSetup");
});

beforeEach(async () => {
  charts.length = 0;
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(
    () => ({}) as unknown as CanvasRenderingContext2D,
  );
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  vi.spyOn(console, "error").mockImplementation(() => {});
  invoke.mockReset();
  errorState.dismiss();
  await start();
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
    expect(byTestId("search-hint")?.textContent).toContain("Stichworte eingeben");
    expect(byTestId("shortcut-line")?.textContent).toBe(
      "F2 Anruf · F4 Beenden · F6 Weiterleiten · F7 Portal · Strg+K Suchen · F8 Notizen · ↑↓ Auswahl · Enter Öffnen · Esc Leeren",
    );
    expect(byTestId("app-info")?.textContent).toContain("42 Einträge");
    expect(searchInput().placeholder).toBe("Suchen … (Strg+K)");
    expect(byTestId("call-timer")?.textContent).toBe("00:00");
    expect(byTestId("case-empty")?.textContent).toBe("Kein aktiver Anruf – F2 nimmt einen Anruf an");
    expect(byTestId("notes")).toBeNull();
    expect(byTestId("agent-name")?.textContent).toBe("Petra Schulz");
    expect(byTestId("agent-role")?.textContent).toBe("Agent");
    expect(byTestId("signin-dialog")).toBeNull();
    const help = byTestId("shortcut-help")?.textContent ?? "";
    expect(help).toContain("Weiterleiten");
    expect(help).toContain("Ergebnis wählen");
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

  it("Enter right after a paste opens the pasted text's first hit, never the previous text's (50 tries)", async () => {
    // Each text has its own first hit, so an answer for the wrong text shows in the entry opened.
    const firstFor: Record<string, string> = { hundesteuer: "hund-anmelden", bewohnerparken: "bewohnerparkausweis" };
    core.searchFor = (q) => {
      const id = firstFor[q] ?? "steueramt";
      const first: SearchHit = { ...HITS[0]!, id };
      return [first, ...HITS.filter((h) => h.id !== id)];
    };
    await type("steueramt");
    const texts = Object.keys(firstFor);
    for (let i = 0; i < 50; i += 1) {
      const text = texts[i % texts.length]!;
      const input = searchInput();
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      // No pause: Enter before the search as you type has run.
      await press("Enter");
      expect(callsOf("open_entry").at(-1)).toMatchObject({ id: firstFor[text], query: text });
    }
    expect(callsOf("open_entry")).toHaveLength(50);
  });

  it("Enter opens nothing when the agent typed on while its search ran", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await type("hund");
    const before = callsOf("open_entry").length;
    const input = searchInput();
    input.value = "hundesteuer";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const slow = invoke.getMockImplementation();
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
      if (cmd === "search") await held;
      return slow?.(cmd, args);
    });
    searchInput().dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    input.value = "hundesteuer zwei hunde";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    release();
    await settle(SEARCH_DEBOUNCE_MS);
    expect(callsOf("open_entry")).toHaveLength(before);
  });

  it("scrolls a long answer by a page from the search box (PageDown, Ctrl+↓ and back up)", async () => {
    await type("hund");
    await press("Enter");
    const column = document.querySelector<HTMLElement>(".answer-column")!;
    let top = 0;
    Object.defineProperty(column, "clientHeight", { configurable: true, get: () => 400 });
    Object.defineProperty(column, "scrollTop", {
      configurable: true,
      get: () => top,
      set: (v: number) => {
        top = Math.max(0, v);
      },
    });
    await press("PageDown");
    expect(top).toBe(340);
    await press("ArrowDown", { ctrlKey: true });
    expect(top).toBe(680);
    await press("PageUp");
    expect(top).toBe(340);
    // The cursor never left the box, and the text is untouched.
    expect(document.activeElement).toBe(searchInput());
    expect(searchInput().value).toBe("hund");
  });

  it("shows the English short answer under the German one, marked as English", async () => {
    await type("hund");
    await press("Enter");
    const en = byTestId("answer-summary-en");
    expect(en?.getAttribute("lang")).toBe("en");
    expect(en?.textContent).toContain("Register your dog with the tax office within two weeks.");
    expect(byTestId("answer-summary")?.firstElementChild?.textContent).toBe(
      "Hunde innerhalb von zwei Wochen beim Steueramt anmelden.",
    );
  });

  it("moves the selection with the arrow keys and opens it with Enter", async () => {
    await type("steuer");
    await press("ArrowDown");
    await press("ArrowDown");
    await press("ArrowUp");
    expect(results()[1]?.getAttribute("aria-selected")).toBe("true");
    await press("Enter");
    // Outside a call: no call id, but the search it came from (for the search log).
    expect(invoke).toHaveBeenCalledWith("open_entry", { id: "steueramt", query: "steuer" });
    expect(invoke).toHaveBeenCalledWith("note_opened", { id: "steueramt", callId: null, query: "steuer", resultCount: 3, requestKey: expect.any(String) });

    expect(byTestId("answer-title")?.textContent).toBe("Steueramt");
    expect(byTestId("answer-summary")?.textContent).toContain("Willy-Brandt-Platz");
    // No English short answer written for this entry: none shown.
    expect(byTestId("answer-summary-en")).toBeNull();
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
    // A day that differs from the week says why, beside its hours.
    expect(card?.querySelector('[data-testid="day-note"]')?.textContent).toBe("Feiertag: Neujahr");
    expect(card?.querySelectorAll('[data-testid="day-note"]').length).toBe(1);

    expect(byTestId("answer-reviewed")?.textContent).toBe("Geprüft am 01.11.2026");
    expect(byTestId("answer-source")?.textContent).toBe("https://www.bochum.de/steueramt");
    expect(byTestId("answer-unconfirmed")?.textContent).toContain("Unbestätigt:");
    expect(byTestId("answer-unconfirmed")?.textContent).toContain("Öffnungszeiten freitags");
  });

  it("shows the German text of the error code in a dismissible banner", async () => {
    core.failNext("open_entry", { code: "ENTRY_NOT_FOUND", message: "no entry bewohnerparkausweis", field: null });
    await type("hund");
    await press("ArrowDown");
    await press("ArrowDown");
    await press("Enter"); // bewohnerparkausweis -> ENTRY_NOT_FOUND
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

  it("F6 and F4 without a call say why in the call bar, and the line returns after a moment", async () => {
    await press("F6", {}, document.body);
    expect(commands()).not.toContain("forward_preview");
    expect(byTestId("call-state")?.textContent).toContain("Weiterleiten (F6) geht während eines Anrufs");
    await press("F4", {}, document.body);
    expect(byTestId("shortcut-hint")?.textContent).toContain("Es läuft kein Anruf");
    await settle(4000);
    expect(byTestId("shortcut-hint")).toBeNull();
    expect(byTestId("call-state")?.textContent).toContain("Bereit");
  });

  it("an agent has no Teamleitung switch", () => {
    expect(byTestId("agent-role")?.textContent).toBe("Agent");
    expect(byTestId("view-supervisor")).toBeNull();
    expect(byTestId("agent-view")?.hidden).toBe(false);
    expect(commands()).not.toContain("figures");
  });

  it("F9 switches Teamleitung's views, and tells an agent that it is Teamleitung's key", async () => {
    await press("F9", {}, document.body);
    expect(byTestId("agent-view")?.hidden).toBe(false);
    expect(document.body.textContent).toContain("nur für die Teamleitung");
    await restartAsTeamleitung();
    await press("F9", {}, document.body);
    expect(byTestId("agent-view")?.hidden).toBe(true);
    expect(byTestId("supervisor-view")?.closest("main")?.hidden).toBe(false);
    await press("F9", {}, document.body);
    expect(byTestId("agent-view")?.hidden).toBe(false);
    expect(byTestId("shortcut-help")?.textContent).toContain("F9");
  });

  it("switches to Teamleitung and back", async () => {
    await restartAsTeamleitung();
    byTestId("view-supervisor")?.click();
    flushSync();
    expect(byTestId("supervisor-view")?.closest("main")?.hidden).toBe(false);
    expect(byTestId("agent-view")?.hidden).toBe(true);
    await settle();
    expect(byTestId("period-label")?.textContent).toBe("02.03.2026");
    await press("k", { ctrlKey: true }, document.body);
    expect(byTestId("agent-view")?.hidden).toBe(false);
  });
});

describe("Direkt zu", () => {
  function chips(): HTMLElement[] {
    return allByTestId("jump-chip");
  }

  const altDigit = (digit: number, extra: KeyboardEventInit = {}): KeyboardEventInit => ({
    altKey: true,
    code: `Digit${digit}`,
    ...extra,
  });

  it("shows up to four chips from the title jump under the box, without the first result, from two characters", async () => {
    await type("h");
    expect(callsOf("search")).toEqual([{ query: "h", limit: 10 }]);
    expect(callsOf("jump")).toEqual([]);
    expect(byTestId("jump-chips")).toBeNull();

    await type("hund");
    expect(callsOf("jump")).toEqual([{ query: "hund" }]);
    // hund-anmelden is the first hit already (Enter opens it): no chip for it; four at most.
    expect(chips().map((c) => c.dataset.id)).toEqual([
      "steueramt",
      "bewohnerparkausweis",
      "buergerbuero-mitte",
      "buergerbuero-wattenscheid",
    ]);
    expect(chips()[0]?.textContent).toContain("Alt+1");
    expect(chips()[0]?.textContent).toContain("Direkt zu: Steueramt");
    expect(chips()[3]?.textContent).toContain("Alt+4");
    expect(chips()[1]?.getAttribute("aria-keyshortcuts")).toBe("Alt+2");
    expect(results().map((li) => li.dataset.id)).toEqual(["hund-anmelden", "steueramt", "bewohnerparkausweis"]);

    await type("xyz");
    expect(byTestId("jump-chips")).toBeNull();

    await type("hund");
    await press("Escape");
    expect(byTestId("jump-chips")).toBeNull();
  });

  it("drops a late answer about an earlier query, chips and hits alike", async () => {
    core.jumpFor = (q) => (q === "hun" ? [JUMPS[4]!] : [JUMPS[3]!]);
    core.hold("jump");
    await type("hun");
    await type("hund");
    expect(core.held.map((h) => h.args.query)).toEqual(["hun", "hund"]);
    core.held[1]?.release();
    await settle();
    expect(chips().map((c) => c.dataset.id)).toEqual(["buergerbuero-mitte"]);
    core.held[0]?.release(); // late: about "hun"
    await settle();
    expect(chips().map((c) => c.dataset.id)).toEqual(["buergerbuero-mitte"]);
    expect(results()).toHaveLength(3);
  });

  it("a failed jump only means no chips: the hits show and the banner stays quiet", async () => {
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
      if (cmd === "jump") throw { code: "INTERNAL", message: "boom", field: null };
      return structuredClone(await core.handle(cmd, args));
    });
    await type("hund");
    expect(results()).toHaveLength(3);
    expect(byTestId("jump-chips")).toBeNull();
    expect(byTestId("error-banner")).toBeNull();
  });

  it("Alt+2 opens the second chip exactly like a result: topic of the call, the query it came from", async () => {
    const callId = await takeCall();
    await type("hund");
    await press("2", altDigit(2));
    expect(callsOf("open_entry")).toEqual([{ id: "bewohnerparkausweis", query: "hund" }]);
    expect(callsOf("note_opened")).toEqual([{ id: "bewohnerparkausweis", callId, query: "hund", resultCount: 3, requestKey: expect.any(String) }]);
    expect(byTestId("answer-title")?.textContent).toBe("Bewohnerparkausweis");
    expect(allByTestId("case-topic").map((li) => li.dataset.entryId)).toEqual(["bewohnerparkausweis"]);

    // The same as opening a result: Enter on the first hit sends the same shape.
    await press("Enter");
    expect(callsOf("open_entry").at(-1)).toEqual({ id: "hund-anmelden", query: "hund" });
    expect(callsOf("note_opened").at(-1)).toEqual({ id: "hund-anmelden", callId, query: "hund", resultCount: 3, requestKey: expect.any(String) });

    // Something was opened for this search: clearing it is not an abandoned search.
    await press("Escape");
    expect(callsOf("log_search")).toEqual([]);
  });

  it("a click opens a chip too; Alt with a keypad digit, a digit past the chips or Ctrl+Alt does nothing", async () => {
    await type("hund");
    await press("2", { altKey: true, code: "Numpad2" });
    await press("5", altDigit(5));
    await press("1", altDigit(1, { ctrlKey: true }));
    expect(callsOf("open_entry")).toEqual([]);

    await click(chips()[0]);
    expect(callsOf("open_entry")).toEqual([{ id: "steueramt", query: "hund" }]);
    expect(callsOf("note_opened")).toEqual([{ id: "steueramt", callId: null, query: "hund", resultCount: 3, requestKey: expect.any(String) }]);
    expect(byTestId("answer-title")?.textContent).toBe("Steueramt");
    expect(document.activeElement).toBe(searchInput());

    // Only two chips now: Alt+3 opens nothing.
    core.jumpFor = () => JUMPS.slice(0, 3);
    await type("steuer");
    expect(chips()).toHaveLength(2);
    await press("3", altDigit(3));
    expect(callsOf("open_entry")).toHaveLength(1);
  });

  it("Alt+1 does nothing from the Teamleitung view, and the help lists the keys (the footer line stays as it was)", async () => {
    await restartAsTeamleitung();
    await type("hund");
    await click(byTestId("view-supervisor"));
    await press("1", altDigit(1), document.body);
    expect(callsOf("open_entry")).toEqual([]);
    expect(byTestId("shortcut-help")?.textContent).toContain("Alt+1–4");
    expect(byTestId("shortcut-line")?.textContent).not.toContain("Alt");
  });
});

describe("sign-in", () => {
  it("asks who is working here when nobody is signed in, and signs in a new name with its role", async () => {
    unmount(app!);
    document.body.innerHTML = "";
    invoke.mockReset();
    await start((c) => (c.agent = null));

    const dialog = byTestId("signin-dialog");
    expect(dialog).not.toBeNull();
    expect(dialog?.getAttribute("aria-modal")).toBe("true");
    expect(dialog?.textContent).toContain("Anmelden");
    expect(document.activeElement).toBe(byTestId("signin-name"));
    expect(byTestId("agent-name")).toBeNull();
    expect((byTestId("call-accept") as HTMLButtonElement).disabled).toBe(true);
    // The window's shortcuts wait while the dialog is open.
    await press("F2", {}, document.body);
    expect(commands()).not.toContain("start_call");

    await fill(byTestId("signin-name"), "Jens Neumann");
    await fill(byTestId("signin-role"), "supervisor");
    // Teamleitung on a desk's own file asks for the supervisor password.
    await fill(byTestId("signin-password"), "Teamleitung-2026");
    await click(byTestId("signin-submit"));
    expect(callsOf("sign_in")).toEqual([{ name: "Jens Neumann", role: "supervisor", password: "Teamleitung-2026" }]);
    expect(byTestId("signin-dialog")).toBeNull();
    expect(byTestId("agent-name")?.textContent).toBe("Jens Neumann");
    expect(byTestId("agent-role")?.textContent).toBe("Teamleitung");
    expect(document.activeElement).toBe(searchInput());
    // The Teamleitung switch is still there.
    expect(byTestId("view-supervisor")).not.toBeNull();
  });

  it("takes a known agent's role, shows a rejected name next to the field and signs out again", async () => {
    unmount(app!);
    document.body.innerHTML = "";
    invoke.mockReset();
    await start((c) => (c.agent = null));

    const known = allByTestId("signin-known");
    expect(known.map((b) => b.textContent?.trim())).toEqual(["Petra Schulz Agent", "Heike Brandt Teamleitung"]);
    await click(known[1]);
    expect((byTestId("signin-name") as HTMLInputElement).value).toBe("Heike Brandt");
    expect((byTestId("signin-role") as HTMLSelectElement).value).toBe("supervisor");

    // Empty name: said at once, no round trip.
    await fill(byTestId("signin-name"), "   ");
    await click(byTestId("signin-submit"));
    expect(commands()).not.toContain("sign_in");
    expect(document.querySelector('[data-testid="signin-error"][data-field="name"]')).not.toBeNull();

    // The core refuses the name: German text next to the field, the English message nowhere, no banner.
    const tooLong = "x".repeat(UI_LIMITS.maxNameChars + 1);
    core.failNext("sign_in", {
      code: "INVALID_INPUT",
      message: `name: longer than ${UI_LIMITS.maxNameChars} characters`,
      field: "name",
    });
    await fill(byTestId("signin-name"), tooLong);
    await click(byTestId("signin-submit"));
    expect(callsOf("sign_in")).toEqual([expect.objectContaining({ name: tooLong })]);
    const error = document.querySelector('[data-testid="signin-error"][data-field="name"]');
    expect(error?.textContent).toContain(`Bitte einen Namen eingeben (höchstens ${UI_LIMITS.maxNameChars} Zeichen)`);
    expect(document.body.textContent).not.toContain("longer than");
    expect(byTestId("error-banner")).toBeNull();

    // Typing a known name takes its role.
    await fill(byTestId("signin-role"), "supervisor");
    await fill(byTestId("signin-name"), "Petra Schulz");
    expect((byTestId("signin-role") as HTMLSelectElement).value).toBe("agent");
    await click(byTestId("signin-submit"));
    expect(callsOf("sign_in").at(-1)).toEqual({ name: "Petra Schulz", role: "agent", password: null });
    expect(byTestId("signin-password")).toBeNull();
    expect(byTestId("agent-name")?.textContent).toBe("Petra Schulz");

    await click(byTestId("sign-out"));
    expect(commands()).toContain("sign_out");
    expect(byTestId("signin-dialog")).not.toBeNull();
    expect(byTestId("agent-name")).toBeNull();
  });

  it("shows the sign-in dialog when the core answers NOT_SIGNED_IN", async () => {
    core.failNext("start_call", { code: "NOT_SIGNED_IN", message: "nobody is signed in", field: null });
    await press("F2", {}, document.body);
    expect(byTestId("signin-dialog")).not.toBeNull();
    expect(byTestId("error-banner")?.dataset.code).toBe("NOT_SIGNED_IN");
    await fill(byTestId("signin-name"), "Petra Schulz");
    await click(byTestId("signin-submit"));
    expect(byTestId("signin-dialog")).toBeNull();
    expect(byTestId("error-banner")).toBeNull();
  });

  it("cannot sign out during a call", async () => {
    await takeCall();
    expect((byTestId("sign-out") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("a store that could not be opened at start", () => {
  it("says so, keeps search, and loads the session once the core has opened it", async () => {
    if (app) unmount(app);
    document.body.innerHTML = "";
    invoke.mockReset();
    const PROBLEM = "Die Fallablage ist nicht erreichbar. Suchen und Antworten gehen weiter.";
    const CLOSED = { code: "STORE_FAILED", message: "the case store is not open", field: null };
    await start((c) => {
      c.storeProblem = PROBLEM;
      c.failing("session", CLOSED);
    });
    expect(byTestId("store-problem")?.textContent).toBe(PROBLEM);
    expect(byTestId("store-problem")?.getAttribute("role")).toBe("status");
    expect(byTestId("agent-info")?.textContent ?? "").not.toContain("Petra");

    await settle(5_000);
    expect(byTestId("store-problem")).not.toBeNull();
    core.storeProblem = null;
    core.failing("session", null);
    await settle(5_000);
    expect(byTestId("store-problem")).toBeNull();
    expect(byTestId("agent-info")?.textContent).toContain("Petra");
    // Open now: the figures are asked once a minute, not every five seconds.
    const asked = callsOf("app_info").length;
    await settle(15_000);
    expect(callsOf("app_info")).toHaveLength(asked);
  });

  it("the footer follows what editors published, asked once a minute; its problems open as a list", async () => {
    expect(byTestId("app-info")?.textContent).toContain("42 Einträge");
    expect(byTestId("kb-problems-toggle")).toBeNull();
    core.entries = 43;
    core.kbProblems = [
      { file: "services/hund-anmelden.md", line: 3, error: true, message: "title: missing" },
      { file: "services/hund-anmelden.md", line: 0, error: false, message: "the last good version stays" },
    ];
    await settle(60_000);
    expect(byTestId("app-info")?.textContent).toContain("43 Einträge");
    const toggle = byTestId("kb-problems-toggle");
    expect(toggle?.textContent).toBe("2 Probleme");
    expect(toggle?.getAttribute("aria-expanded")).toBe("false");
    expect(byTestId("kb-problems")).toBeNull();
    await click(toggle);
    expect(toggle?.getAttribute("aria-expanded")).toBe("true");
    const items = allByTestId("kb-problem").map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(items).toEqual([
      "services/hund-anmelden.md:3 Fehler title: missing",
      "services/hund-anmelden.md Hinweis the last good version stays",
    ]);
    await click(toggle);
    expect(byTestId("kb-problems")).toBeNull();
  });
});

describe("call log", () => {
  it("F2 takes a call and the timer runs from its start; F2 again does nothing", async () => {
    const before = core.nextCallId;
    await press("F2", {}, document.body);
    expect(callsOf("start_call")).toEqual([{ requestKey: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) }]);
    expect(core.active?.id).toBe(before + 1);
    expect(byTestId("call-timer")?.textContent).toBe("00:00");
    expect((byTestId("call-accept") as HTMLButtonElement).disabled).toBe(true);
    expect((byTestId("call-end") as HTMLButtonElement).disabled).toBe(false);
    expect(byTestId("case-empty")).toBeNull();
    expect(byTestId("case-topics")).not.toBeNull();
    expect(byTestId("notes")).not.toBeNull();
    expect(document.activeElement).toBe(searchInput());

    await settle(75_000);
    expect(byTestId("call-timer")?.textContent).toBe("01:15");
    await press("F2");
    expect(callsOf("start_call")).toHaveLength(1);
  });

  it("F2 after a failed start sends the same request key again; the next call gets a new one", async () => {
    core.failNext("start_call", { code: "STORE_FAILED", message: "the database server cannot be reached", field: null });
    await press("F2", {}, document.body);
    expect(core.active).toBeNull();
    await press("F2", {}, document.body);
    const [failed, started] = callsOf("start_call");
    expect(core.active).not.toBeNull();
    expect(started).toEqual(failed);
    await click(byTestId("call-end"));
    await click(document.querySelector<HTMLElement>('[data-outcome="dropped"]'));
    await click(byTestId("outcome-confirm"));
    expect(byTestId("outcome-dialog")).toBeNull();
    await press("F2", {}, document.body);
    expect(callsOf("start_call")).toHaveLength(3);
    expect(callsOf("start_call")[2]).not.toEqual(started);
  });

  it("a new call starts at the top of the case column", async () => {
    const panel = byTestId("case-panel") as HTMLElement;
    panel.scrollTop = 400;
    await takeCall();
    await settle();
    expect(panel.scrollTop).toBe(0);
  });

  it("the call button takes a call too", async () => {
    await click(byTestId("call-accept"));
    expect(callsOf("start_call")).toHaveLength(1);
    expect(byTestId("call-state")?.textContent).toContain("Anruf läuft seit 09:15");
  });

  it("F4 does nothing while no call is active", async () => {
    await press("F4", {}, document.body);
    expect(byTestId("outcome-dialog")).toBeNull();
    expect(commands()).not.toContain("end_call");
    expect(byTestId("case-empty")?.textContent).toBe("Kein aktiver Anruf – F2 nimmt einen Anruf an");
  });

  it("resumes a call that was active before a restart, with its topics and notes", async () => {
    unmount(app!);
    document.body.innerHTML = "";
    invoke.mockReset();
    await start((c) => {
      c.active = c.newCall({
        startedAt: new Date(NOW.getTime() - 125_000).toISOString(),
        topics: [{ entryId: "steueramt", title: "Steueramt" }],
        notes: "Rückruf erbeten",
      });
    });
    expect(byTestId("call-timer")?.textContent).toBe("02:05");
    expect(allByTestId("case-topic").map((li) => li.dataset.entryId)).toEqual(["steueramt"]);
    expect((byTestId("notes") as HTMLTextAreaElement).value).toBe("Rückruf erbeten");
  });

  it("opening entries during a call adds them as topics in order; × removes one", async () => {
    const callId = await takeCall();
    await type("hund");
    await press("Enter");
    expect(callsOf("open_entry").at(-1)).toEqual({ id: "hund-anmelden", query: "hund" });
    expect(callsOf("note_opened").at(-1)).toEqual({ id: "hund-anmelden", callId, query: "hund", resultCount: 3, requestKey: expect.any(String) });
    await press("ArrowDown");
    await press("Enter");
    expect(callsOf("open_entry").at(-1)).toEqual({ id: "steueramt", query: "hund" });
    expect(callsOf("note_opened").at(-1)).toEqual({ id: "steueramt", callId, query: "hund", resultCount: 3, requestKey: expect.any(String) });
    await press("ArrowUp");
    await press("Enter"); // the same entry again stays one topic

    const topics = allByTestId("case-topic");
    expect(topics.map((li) => li.dataset.entryId)).toEqual(["hund-anmelden", "steueramt"]);
    expect(topics[0]?.textContent).toContain("Hund anmelden (Hundesteuer)");

    const remove = topics[0]?.querySelector<HTMLElement>('[data-testid="topic-remove"]');
    expect(remove?.getAttribute("aria-label")).toBe("Thema „Hund anmelden (Hundesteuer)“ entfernen");
    // The core answers the call with the topics it keeps.
    core.answerNext("remove_topic", () => ({ ...core.active!, topics: [{ entryId: "steueramt", title: "Steueramt" }] }));
    await click(remove);
    expect(callsOf("remove_topic")).toEqual([{ callId, entryId: "hund-anmelden" }]);
    expect(allByTestId("case-topic").map((li) => li.dataset.entryId)).toEqual(["steueramt"]);
  });

  it("shows the answer while the store still writes the topic; ending the call waits for that write", async () => {
    const callId = await takeCall();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const core_ = invoke.getMockImplementation();
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
      if (cmd === "note_opened") await held;
      return core_?.(cmd, args);
    });
    await type("hund");
    await press("Enter");
    // The answer is there though the store has not confirmed anything yet, and no topic is claimed before it has.
    expect(byTestId("answer-title")?.textContent).toBe("Hund anmelden (Hundesteuer)");
    expect(allByTestId("case-topic")).toEqual([]);

    await click(byTestId("call-end"));
    await click(document.querySelector<HTMLElement>('[data-outcome="answered"]'));
    await click(byTestId("outcome-confirm"));
    expect(callsOf("end_call")).toEqual([]);
    release();
    await settle();
    expect(callsOf("note_opened")).toEqual([{ id: "hund-anmelden", callId, query: "hund", resultCount: 3, requestKey: expect.any(String) }]);
    expect(callsOf("end_call")).toEqual([{ callId, outcome: "answered" }]);
  });

  it("a topic the store could not write is shown as unsaved and sent again under its key until the store takes it", async () => {
    const callId = await takeCall();
    const away = { code: "STORE_FAILED", message: "the database server cannot be reached", field: null };
    core.failing("note_opened", away);
    await type("hund");
    await press("Enter");
    expect(byTestId("answer-title")?.textContent).toBe("Hund anmelden (Hundesteuer)");
    expect(allByTestId("case-topic")).toEqual([]);
    expect(allByTestId("case-topic-unsaved").map((li) => li.dataset.entryId)).toEqual(["hund-anmelden"]);
    // The banner says the topic goes again by itself; it does not ask the agent to try again.
    expect(byTestId("error-banner")?.dataset.code).toBe("STORE_FAILED");
    expect(byTestId("error-banner")?.textContent).toContain(TOPIC_RESENT_TEXT);
    expect(byTestId("error-banner")?.textContent).not.toContain("Bitte erneut versuchen");

    // Still away at the next try: nothing changes. Then the store is back.
    await settle(OPENING_RETRY_MS);
    expect(callsOf("note_opened")).toHaveLength(2);
    expect(allByTestId("case-topic-unsaved")).toHaveLength(1);
    core.failing("note_opened", null);
    await settle(OPENING_RETRY_MS);
    const sent = callsOf("note_opened");
    expect(sent).toHaveLength(3);
    // One opening, one key: the core writes it once however often it arrives.
    expect(new Set(sent.map((a) => a.requestKey)).size).toBe(1);
    expect(sent.at(-1)).toEqual({ id: "hund-anmelden", callId, query: "hund", resultCount: 3, requestKey: sent[0]!.requestKey });
    expect(allByTestId("case-topic").map((li) => li.dataset.entryId)).toEqual(["hund-anmelden"]);
    expect(allByTestId("case-topic-unsaved")).toEqual([]);
    // Nothing is left to send.
    await settle(OPENING_RETRY_MS * 2);
    expect(callsOf("note_opened")).toHaveLength(3);
  });

  it("a call with a topic the store has not taken is not ended; once the store is back it is", async () => {
    const callId = await takeCall();
    core.failing("note_opened", { code: "STORE_FAILED", message: "the database server cannot be reached", field: null });
    await type("hund");
    await press("Enter");
    await click(byTestId("call-end"));
    await click(document.querySelector<HTMLElement>('[data-outcome="answered"]'));
    await click(byTestId("outcome-confirm"));
    expect(callsOf("end_call")).toEqual([]);
    expect(byTestId("outcome-error")?.textContent).toContain("Thema des Anrufs ist noch nicht gespeichert");

    core.failing("note_opened", null);
    await click(byTestId("outcome-confirm"));
    // The topic went first, under the opening's key, then the end.
    const sent = callsOf("note_opened");
    expect(new Set(sent.map((a) => a.requestKey)).size).toBe(1);
    const order = invoke.mock.calls.map((c) => c[0]).filter((cmd) => cmd === "note_opened" || cmd === "end_call");
    expect(order.slice(-2)).toEqual(["note_opened", "end_call"]);
    expect(callsOf("end_call")).toEqual([{ callId, outcome: "answered" }]);
  });

  it("an opening refused for good (not the store being away) is not sent again", async () => {
    await takeCall();
    core.failNext("note_opened", { code: "ENTRY_NOT_FOUND", message: "no entry hund-anmelden", field: null });
    await type("hund");
    await press("Enter");
    await settle(OPENING_RETRY_MS * 2);
    expect(callsOf("note_opened")).toHaveLength(1);
    expect(allByTestId("case-topic-unsaved")).toEqual([]);
  });

  it("logs a search cleared with Esc when nothing was opened for it, and only then", async () => {
    const callId = await takeCall();
    await type("xyz");
    await press("Escape");
    expect(callsOf("log_search")).toEqual([{ callId, query: "xyz", resultCount: 0 }]);

    await type("hu");
    await press("Escape");
    await type("hund");
    await press("Enter");
    await press("Escape");
    expect(callsOf("log_search")).toHaveLength(1);

    await type("hundesteuer");
    await press("Escape");
    expect(callsOf("log_search").at(-1)).toEqual({ callId, query: "hundesteuer", resultCount: 3 });
  });

  it("logs what was left in the box when a new call starts, then starts with an empty box", async () => {
    await type("personalausweis");
    await press("F2");
    const cmds = commands();
    expect(callsOf("log_search")).toEqual([{ callId: null, query: "personalausweis", resultCount: 3 }]);
    expect(cmds.indexOf("log_search")).toBeLessThan(cmds.indexOf("start_call"));
    expect(searchInput().value).toBe("");
    expect(results()).toEqual([]);
  });

  it("saves notes while typing, on blur, and shows it quietly", async () => {
    const callId = await takeCall();
    const notes = byTestId("notes") as HTMLTextAreaElement;
    notes.focus();
    await fill(notes, "Bürger fragt nach");
    expect(byTestId("notes-status")?.textContent).toBe("speichert…");
    expect(callsOf("save_notes")).toEqual([]);
    await settle(NOTES_DEBOUNCE_MS);
    expect(callsOf("save_notes")).toEqual([{ callId, notes: "Bürger fragt nach" }]);
    expect(byTestId("notes-status")?.textContent).toBe("gespeichert 09:15:00");

    await fill(notes, "Bürger fragt nach Befreiung");
    notes.blur();
    await settle();
    expect(callsOf("save_notes").at(-1)).toEqual({ callId, notes: "Bürger fragt nach Befreiung" });
    await settle(5000);
    expect(callsOf("save_notes")).toHaveLength(2);
    expect(core.notes.get(callId)).toBe("Bürger fragt nach Befreiung");

    // F8 brings the focus back into the notes.
    searchInput().focus();
    await press("F8");
    expect(document.activeElement).toBe(notes);
  });

  it("F4 asks for the outcome with the topics listed; a digit chooses, Enter ends the call", async () => {
    const callId = await takeCall();
    await type("steuer");
    await press("ArrowDown");
    await press("Enter");
    const notes = byTestId("notes") as HTMLTextAreaElement;
    await fill(notes, "Öffnungszeiten erfragt");
    await settle(30_000 - 100);
    // The core logged the entry opened as the call's topic; the ended call it answers carries it.
    core.active!.topics = [{ entryId: "steueramt", title: "Steueramt" }];

    await press("F4", {}, notes);
    const dialog = byTestId("outcome-dialog");
    expect(dialog).not.toBeNull();
    expect(byTestId("outcome-topics")?.textContent).toContain("Steueramt");
    const options = allByTestId("outcome-option");
    expect(options.map((o) => o.dataset.outcome)).toEqual([
      "answered",
      "forwarded",
      "portal_handoff",
      "referred",
      "dropped",
    ]);
    expect(options[0]?.textContent).toContain("1");
    expect(options[0]?.textContent).toContain("Beantwortet");
    expect(options.some((o) => o.getAttribute("aria-checked") === "true")).toBe(false);

    // Enter without a choice asks for one.
    await pressHere("Enter");
    expect(commands()).not.toContain("end_call");
    expect(byTestId("outcome-error")?.textContent).toContain("Ergebnis wählen");

    await pressHere("3");
    expect(document.querySelector('[data-outcome="portal_handoff"]')?.getAttribute("aria-checked")).toBe("true");
    await pressHere("1");
    expect(document.querySelector('[data-outcome="answered"]')?.getAttribute("aria-checked")).toBe("true");
    await pressHere("Enter");

    // The notes were stored before the call was ended.
    const cmds = commands();
    expect(cmds.lastIndexOf("save_notes")).toBeLessThan(cmds.indexOf("end_call"));
    expect(callsOf("save_notes").at(-1)).toEqual({ callId, notes: "Öffnungszeiten erfragt" });
    expect(callsOf("end_call")).toEqual([{ callId, outcome: "answered" }]);

    expect(byTestId("outcome-dialog")).toBeNull();
    expect(byTestId("case-empty")?.textContent).toBe("Kein aktiver Anruf – F2 nimmt einen Anruf an");
    expect(byTestId("call-timer")?.textContent).toBe("00:00");
    expect(document.activeElement).toBe(searchInput());

    const recent = allByTestId("recent-call");
    expect(recent).toHaveLength(1);
    expect(recent[0]?.textContent).toContain("09:15");
    expect(recent[0]?.textContent).toContain("00:29");
    expect(recent[0]?.textContent).toContain("Steueramt");
    expect(recent[0]?.textContent).toContain("Beantwortet");
    expect(callsOf("recent_calls").at(-1)).toEqual({ limit: 10 });
  });

  it("Esc in the outcome dialog goes back to the call", async () => {
    await takeCall();
    await press("F4", {}, document.body);
    expect(byTestId("outcome-dialog")).not.toBeNull();
    await pressHere("Escape");
    expect(byTestId("outcome-dialog")).toBeNull();
    expect(commands()).not.toContain("end_call");
    expect(core.active).not.toBeNull();
    expect(byTestId("notes")).not.toBeNull();
  });

  it("arrow keys move the choice and Enter on a focused option ends with that option", async () => {
    const callId = await takeCall();
    await press("F4", {}, document.body);
    expect(document.activeElement?.getAttribute("role")).toBe("radiogroup");
    await pressHere("ArrowDown");
    expect(document.activeElement?.getAttribute("data-outcome")).toBe("answered");
    await pressHere("ArrowDown");
    await pressHere("ArrowDown");
    await pressHere("ArrowDown");
    expect(document.activeElement?.getAttribute("data-outcome")).toBe("referred");
    expect(document.querySelector('[data-outcome="referred"]')?.getAttribute("aria-checked")).toBe("true");
    await pressHere("Enter");
    expect(callsOf("end_call")).toEqual([{ callId, outcome: "referred" }]);
  });

  it("clicking an option and the end button works without the keyboard", async () => {
    const callId = await takeCall();
    await click(byTestId("call-end"));
    await click(document.querySelector<HTMLElement>('[data-outcome="dropped"]'));
    await click(byTestId("outcome-confirm"));
    expect(callsOf("end_call")).toEqual([{ callId, outcome: "dropped" }]);
    expect(byTestId("outcome-dialog")).toBeNull();
  });
});

describe("forward", () => {
  it("shows the due time, puts a rejected field's German text next to it, forwards, and suggests 'forwarded'", async () => {
    const callId = await takeCall();
    await type("hund");
    await press("Enter"); // a service with exactly one office: the Steueramt
    await press("F6");

    const dialog = byTestId("forward-dialog");
    expect(dialog).not.toBeNull();
    expect(byTestId("forward-due")?.textContent?.trim()).toBe("Antwort zugesagt bis Donnerstag, 10:30");
    const office = byTestId("forward-office") as HTMLSelectElement;
    expect([...office.options].map((o) => o.textContent)).toEqual(["– Stelle wählen –", "Bürgerbüro Mitte", "Steueramt"]);
    expect(office.value).toBe("steueramt");
    expect((byTestId("forward-question") as HTMLTextAreaElement).value).toBe("Zu „Hund anmelden (Hundesteuer)“: ");
    expect((byTestId("forward-channel-phone") as HTMLInputElement).checked).toBe(true);
    expect(document.querySelector('label[for="forward-contact"]')?.textContent).toBe("Telefonnummer");

    await fill(byTestId("forward-question"), "Befreiung von der Hundesteuer für Assistenzhund?");
    await fill(byTestId("forward-name"), "Maria Beispiel");
    // The core refuses a phone forward without a number; the shell names the contact field for the phone.
    core.failNext("forward", { code: "INVALID_INPUT", message: "phone: a phone forward needs a number", field: "contact" });
    await click(byTestId("forward-submit"));

    const error = document.querySelector<HTMLElement>('[data-testid="forward-error"][data-field="contact"]');
    expect(error?.textContent).toContain("Telefonnummer");
    expect(document.body.textContent).not.toContain("needs a number");
    expect(byTestId("error-banner")).toBeNull();
    expect(byTestId("forward-contact")?.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(byTestId("forward-contact"));

    // Switching to e-mail shows the e-mail field; the error goes with the old channel.
    await click(byTestId("forward-channel-email"));
    expect(document.querySelector('label[for="forward-contact"]')?.textContent).toBe("E-Mail-Adresse");
    expect(byTestId("forward-contact")?.getAttribute("type")).toBe("email");
    expect(document.querySelector('[data-testid="forward-error"]')).toBeNull();
    await click(byTestId("forward-channel-phone"));

    await fill(byTestId("forward-contact"), "0234 123456");
    expect(document.querySelector('[data-testid="forward-error"]')).toBeNull();
    await click(byTestId("forward-submit"));

    expect(callsOf("forward").at(-1)).toEqual({
      callId,
      form: {
        office: "steueramt",
        question: "Befreiung von der Hundesteuer für Assistenzhund?",
        channel: "phone",
        contact: "0234 123456",
        callerName: "Maria Beispiel",
      },
      requestKey: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
    });
    // The rejected try and the accepted one are one forward to the core: one key until it is confirmed.
    const keys = new Set(callsOf("forward").map((c) => (c as { requestKey: string }).requestKey));
    expect(keys.size).toBe(1);
    expect(byTestId("forward-dialog")).toBeNull();
    expect(byTestId("case-forwarded")).not.toBeNull();
    const open = allByTestId("open-forward");
    expect(open).toHaveLength(1);
    expect(open[0]?.textContent).toContain("Steueramt");
    expect(open[0]?.textContent).toContain("Assistenzhund");

    await press("F4", {}, document.body);
    expect(document.querySelector('[data-outcome="forwarded"]')?.getAttribute("aria-checked")).toBe("true");
    await pressHere("Enter");
    expect(callsOf("end_call")).toEqual([{ callId, outcome: "forwarded" }]);
  });

  it("an unknown office is shown next to the office field", async () => {
    await takeCall();
    await click(byTestId("forward-open"));
    await fill(byTestId("forward-contact"), "0234 1");
    core.failNext("forward", { code: "INVALID_INPUT", message: "office: unknown office ''", field: "office" });
    await click(byTestId("forward-submit"));
    const error = document.querySelector('[data-testid="forward-error"][data-field="office"]');
    expect(error?.textContent).toBe("Bitte die zuständige Stelle aus der Liste wählen.");
    expect(byTestId("forward-dialog")).not.toBeNull();
    // Esc cancels without forwarding.
    await pressHere("Escape");
    expect(byTestId("forward-dialog")).toBeNull();
    expect(callsOf("forward")).toHaveLength(1);
  });

  it("Ctrl+Enter sends from the question field", async () => {
    await takeCall();
    await press("F6", {}, document.body);
    await fill(byTestId("forward-office"), "buergerbuero-mitte");
    await fill(byTestId("forward-contact"), "0234 1");
    const question = byTestId("forward-question") as HTMLTextAreaElement;
    question.focus();
    await fill(question, "Termin?");
    await pressHere("Enter", { ctrlKey: true });
    expect(callsOf("forward")).toHaveLength(1);
    expect(byTestId("forward-dialog")).toBeNull();
  });

  it("F6 does nothing without an active call", async () => {
    await press("F6", {}, document.body);
    expect(byTestId("forward-dialog")).toBeNull();
    expect(byTestId("forward-open")).toBeNull();
  });
});

describe("lists", () => {
  async function withForwards(): Promise<void> {
    unmount(app!);
    document.body.innerHTML = "";
    invoke.mockReset();
    const base = {
      callId: 3,
      office: "steueramt",
      officeTitle: "Steueramt",
      channel: "phone" as const,
      channelLabel: "Telefon",
      contact: "0234 1",
      done: false,
    };
    await start((c) => {
      c.forwards = [
        { ...base, id: 1, question: "Mahnung falsch?", dueAt: "2026-02-27T12:00:00+01:00", dueLabel: "bis Fr, 12:00", overdue: true },
        { ...base, id: 2, question: "Ratenzahlung?", dueAt: "2026-03-03T09:00:00+01:00", dueLabel: "bis Di, 09:00", overdue: false },
      ];
    });
  }

  it("shows open forwards in the core's order with overdue ones marked, and marks one done", async () => {
    await withForwards();
    const items = allByTestId("open-forward");
    expect(items.map((li) => li.dataset.overdue)).toEqual(["true", "false"]);
    expect(items[0]?.textContent).toContain("überfällig");
    expect(items[0]?.textContent).toContain("bis Fr, 12:00");
    expect(items[0]?.classList.contains("overdue")).toBe(true);
    expect(items[1]?.textContent).not.toContain("überfällig");
    expect(byTestId("open-forwards")?.textContent).toContain("1 überfällig");

    await click(items[0]?.querySelector<HTMLElement>('[data-testid="forward-done"]'));
    expect(callsOf("mark_forward_done")).toEqual([{ forwardId: 1 }]);
    expect(allByTestId("open-forward").map((li) => li.textContent)).toEqual([
      expect.stringContaining("Ratenzahlung?"),
    ]);
    expect(byTestId("forward-notice")).toBeNull();
  });

  it("says which colleague was first when a forward had already been marked done elsewhere", async () => {
    await withForwards();
    // A colleague at another desk closed forward 2 a moment ago; this window still lists it. The core says so.
    const notice = "Schon erledigt: Anna K. hat diese Weiterleitung um 10:42 Uhr als erledigt markiert.";
    core.answerNext("mark_forward_done", () => ({
      id: 2,
      first: false,
      doneBy: "Anna K.",
      doneAt: "2026-03-02T10:42:00+01:00",
      notice,
    }));
    const items = allByTestId("open-forward");
    await click(items[1]?.querySelector<HTMLElement>('[data-testid="forward-done"]'));
    expect(callsOf("mark_forward_done")).toEqual([{ forwardId: 2 }]);
    expect(byTestId("forward-notice")?.textContent).toContain(notice);
  });

  it("refreshes both lists every 30 seconds while someone is signed in", async () => {
    const recent = callsOf("recent_calls").length;
    const forwards = callsOf("open_forwards").length;
    expect(recent).toBeGreaterThan(0);
    await settle(30_000);
    expect(callsOf("recent_calls")).toHaveLength(recent + 1);
    expect(callsOf("open_forwards")).toHaveLength(forwards + 1);
    core.forwards.push({
      id: 9,
      callId: 1,
      office: "steueramt",
      officeTitle: "Steueramt",
      question: "Neu von der Nachbardesk",
      channel: "email",
      channelLabel: "E-Mail",
      contact: "a@b.de",
      dueAt: "2026-03-03T09:00:00+01:00",
      dueLabel: "bis Di, 09:00",
      overdue: false,
      done: false,
    });
    await settle(30_000);
    expect(allByTestId("open-forward")[0]?.textContent).toContain("Neu von der Nachbardesk");
  });
});

describe("portal application", () => {
  /** Opens the Bewohnerparkausweis entry (third hit), which the portal offers. */
  async function openPark(): Promise<void> {
    await type("parken");
    await press("ArrowDown");
    await press("ArrowDown");
    await press("Enter");
    expect(byTestId("answer")?.dataset.id).toBe("bewohnerparkausweis");
  }

  function handoffField(path: string): HTMLElement | null {
    return byTestId(`handoff-field-${path}`);
  }

  async function withApplications(setup: (core: FakeCore) => void): Promise<void> {
    unmount(app!);
    document.body.innerHTML = "";
    invoke.mockReset();
    await start(setup);
  }

  it("offers 'Im Portal beantragen' on entries with a portal service, usable during a call only", async () => {
    await type("steuer");
    await press("ArrowDown");
    await press("Enter");
    expect(byTestId("answer")?.dataset.id).toBe("steueramt");
    expect(byTestId("handoff-open")).toBeNull();

    await openPark();
    const button = byTestId("handoff-open") as HTMLButtonElement;
    expect(button.textContent).toContain("Im Portal beantragen");
    expect(button.disabled).toBe(true);
    expect(button.title).toContain("Nur während eines Anrufs");
    await press("F7", {}, document.body);
    expect(byTestId("handoff-dialog")).toBeNull();
    expect(callsOf("handoff_form")).toEqual([]);

    await takeCall();
    await openPark();
    expect((byTestId("handoff-open") as HTMLButtonElement).disabled).toBe(false);
    await click(byTestId("handoff-open"));
    expect(byTestId("handoff-dialog")).not.toBeNull();
    await pressHere("Escape");
    expect(byTestId("handoff-dialog")).toBeNull();
  });

  it("F7 opens the form pre-filled from the call; Ctrl+Enter sends; the state, the reference, the lists, the outcome", async () => {
    const callId = await takeCall();
    await openPark();
    // The core pre-fills the caller's number from the call, and sets the call's outcome when the application is written.
    core.answerNext("handoff_form", () => ({ ...PARK_FORM, values: { ...PARK_FORM.values, "contact.phone": "0234 987654" } }));
    core.answerNext("submit_handoff", (args) => {
      core.active = { ...core.active!, outcome: "portal_handoff", outcomeLabel: "An das Portal übergeben" };
      return core.answer("submit_handoff", args);
    });
    await press("F7", {}, document.body);
    expect(byTestId("handoff-dialog")).not.toBeNull();
    expect(callsOf("handoff_form")).toEqual([{ service: PARK_SERVICE, callId }]);
    expect((handoffField("contact.phone") as HTMLInputElement).value).toBe("0234 987654");
    // While the dialog is open the window's keys wait.
    await pressHere("F4");
    expect(byTestId("outcome-dialog")).toBeNull();

    await fill(handoffField("zone"), "A");
    await fill(handoffField("address.street"), "Kortumstraße");
    await fill(handoffField("address.postal_code"), "44787");
    await pressHere("Enter", { ctrlKey: true });
    await settle();
    expect(callsOf("submit_handoff")).toEqual([
      {
        callId,
        service: PARK_SERVICE,
        values: expect.objectContaining({ ...VALID_PARK_VALUES, "contact.phone": "0234 987654" }),
        requestKey: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
      },
    ]);
    expect(byTestId("handoff-state")?.dataset.state).toBe("pending");
    expect(byTestId("error-banner")).toBeNull();

    // The lists show it at once; the call's list is the call's only.
    const callList = () => byTestId("call-handoffs")?.querySelectorAll('[data-testid="handoff-item"]') ?? [];
    const deskList = () => byTestId("desk-handoffs")?.querySelectorAll('[data-testid="handoff-item"]') ?? [];
    expect(callList()).toHaveLength(1);
    expect(deskList()).toHaveLength(1);

    const id = core.handoffs[0]!.id;
    core.replaceHandoff(delivered(core.handoff(id)));
    await settle(HANDOFF_POLL_MS);
    expect(byTestId("handoff-reference")?.textContent).toBe(REFERENCE);
    expect(byTestId("handoff-link")?.textContent).toContain("https://");
    await settle();
    expect(callList()[0]?.textContent).toContain(REFERENCE);

    await pressHere("Escape");
    expect(byTestId("handoff-dialog")).toBeNull();
    // The core set the call's outcome; the end dialog suggests it.
    await press("F4", {}, document.body);
    expect(document.querySelector('[data-outcome="portal_handoff"]')?.getAttribute("aria-checked")).toBe("true");
  });

  it("a refused send shows every problem next to its field, not in the banner", async () => {
    await takeCall();
    await openPark();
    // The core refuses the form naming its first field; asked for every problem, it names two.
    core.failNext("submit_handoff", { code: "INVALID_INPUT", message: "zone: choose a zone", field: "zone" });
    core.handoffProblems = [
      { field: "zone", message: MSG.zone },
      { field: "address.street", message: MSG.street },
    ];
    await press("F7", {}, document.body);
    await click(byTestId("handoff-send"));
    await settle();
    expect(callsOf("submit_handoff")).toHaveLength(1);
    expect(byTestId("handoff-error-zone")?.textContent?.trim()).toBe(MSG.zone);
    expect(byTestId("handoff-error-address.street")?.textContent?.trim()).toBe(MSG.street);
    expect(byTestId("error-banner")).toBeNull();
    expect(core.handoffs).toEqual([]);
  });

  it("lists the desk's applications: retry a pending one, correct a rejected one, flagged ones say so", async () => {
    await withApplications((c) => {
      c.handoffs = [
        handoffView({ id: 3, callId: 4 }),
        rejected(handoffView({ id: 2, callId: 3 }), [{ field: "plate", message: "Kennzeichen im Portal unbekannt." }]),
        handoffView({ id: 1, callId: 3, flagged: true }),
      ];
      c.handoffValues.set(2, VALID_PARK_VALUES);
    });
    expect(callsOf("recent_handoffs")).toEqual([{ limit: RECENT_HANDOFFS_LIMIT }]);
    const rows = () => [...(byTestId("desk-handoffs")?.querySelectorAll<HTMLElement>('[data-testid="handoff-item"]') ?? [])];
    expect(rows().map((r) => r.dataset.handoffId)).toEqual(["3", "2", "1"]);
    expect(rows()[2]?.textContent).toContain("Teamleitung informiert");

    await click(rows()[0]?.querySelector<HTMLElement>('[data-testid="handoff-item-retry"]'));
    expect(callsOf("retry_handoff")).toEqual([{ handoffId: 3 }]);

    await click(rows()[1]?.querySelector<HTMLElement>('[data-testid="handoff-item-correct"]'));
    await settle();
    expect(callsOf("handoff_correction")).toEqual([{ handoffId: 2 }]);
    expect(byTestId("handoff-error-plate")?.textContent?.trim()).toBe("Kennzeichen im Portal unbekannt.");
    await fill(handoffField("plate"), "BO-ZZ 7");
    // The core takes the correction: the application waits to be sent again.
    core.answerNext("correct_handoff", () =>
      core.replaceHandoff(withState({ ...core.handoff(2), problems: [] }, "pending")),
    );
    await pressHere("Enter", { ctrlKey: true });
    await settle();
    expect(callsOf("correct_handoff")).toEqual([
      { handoffId: 2, values: expect.objectContaining({ plate: "BO-ZZ 7" }) },
    ]);
    expect(byTestId("handoff-state")?.dataset.state).toBe("pending");
    await pressHere("Escape");
    expect(rows()[1]?.dataset.state).toBe("pending");
  });

  it("refreshes the lists every 5 seconds and says calmly when the desk does not send", async () => {
    const before = callsOf("recent_handoffs").length;
    expect(byTestId("portal-notice")).toBeNull();
    core.portal = { sending: false, reason: "Das Portal ist nicht eingerichtet." };
    core.handoffs.push(handoffView({ id: 9, callId: 1 }));
    await settle(HANDOFF_LIST_REFRESH_MS);
    expect(callsOf("recent_handoffs")).toHaveLength(before + 1);
    expect(byTestId("portal-notice")?.textContent).toBe("Das Portal ist nicht eingerichtet.");
    expect(byTestId("desk-handoffs")?.querySelectorAll('[data-testid="handoff-item"]')).toHaveLength(1);

    // Not while the Teamleitung view is on screen (Teamleitung signs in at this desk).
    await click(byTestId("sign-out"));
    await fill(byTestId("signin-name"), "Heike Brandt");
    await fill(byTestId("signin-password"), "Teamleitung-2026");
    await click(byTestId("signin-submit"));
    await click(byTestId("view-supervisor"));
    const shown = callsOf("recent_handoffs").length;
    await settle(HANDOFF_LIST_REFRESH_MS * 3);
    expect(callsOf("recent_handoffs")).toHaveLength(shown);
  });

  describe("'Stand abfragen' (a citizen calls back)", () => {
    function deskRows(): HTMLElement[] {
      return [...(byTestId("desk-handoffs")?.querySelectorAll<HTMLElement>('[data-testid="handoff-item"]') ?? [])];
    }

    function inRow(row: HTMLElement | undefined, testid: string): HTMLElement | null {
      return row?.querySelector<HTMLElement>(`[data-testid="${testid}"]`) ?? null;
    }

    async function withDelivered(setup: (core: FakeCore) => void = () => {}): Promise<void> {
      await withApplications((c) => {
        c.handoffs = [
          delivered(handoffView({ id: 3, callId: 4, serviceTitle: "Wunschkennzeichen" })),
          handoffView({ id: 2, callId: 3 }),
          delivered(handoffView({ id: 1, callId: 3 })),
        ];
        setup(c);
      });
    }

    it("offers it on delivered rows only; the answer shows in the row at once", async () => {
      await withDelivered((c) => c.decisions.set(3, "accepted"));
      expect(deskRows().map((r) => r.dataset.handoffId)).toEqual(["3", "2", "1"]);
      expect(deskRows().map((r) => inRow(r, "handoff-item-check") !== null)).toEqual([true, false, true]);
      expect(callsOf("check_portal_decision")).toEqual([]);

      const polls = callsOf("recent_handoffs").length;
      inRow(deskRows()[0], "handoff-item-check")!.click();
      flushSync();
      expect((inRow(deskRows()[0], "handoff-item-check") as HTMLButtonElement).disabled).toBe(true);
      await settle();
      expect(callsOf("check_portal_decision")).toEqual([{ handoffId: 3 }]);
      const label = inRow(deskRows()[0], "handoff-item-decision");
      expect(label?.textContent).toBe("Vom Amt angenommen (Stand 02.03. 10:05)");
      expect(label?.dataset.decision).toBe("accepted");
      expect((inRow(deskRows()[0], "handoff-item-check") as HTMLButtonElement).disabled).toBe(false);
      expect(inRow(deskRows()[2], "handoff-item-decision")).toBeNull();
      expect(byTestId("error-banner")).toBeNull();
      // The lists were asked again at once, not after the next 5 seconds; the answer keeps the decision.
      expect(callsOf("recent_handoffs")).toHaveLength(polls + 1);
      await settle(HANDOFF_LIST_REFRESH_MS);
      expect(inRow(deskRows()[0], "handoff-item-decision")?.dataset.decision).toBe("accepted");
    });

    it("says at the row, not in the banner, when the portal cannot be asked", async () => {
      await withDelivered((c) => {
        c.failing("check_portal_decision", {
          code: "PORTAL_UNAVAILABLE",
          message: "portal: connection refused",
          field: null,
        });
      });
      await click(inRow(deskRows()[2], "handoff-item-check"));
      expect(callsOf("check_portal_decision")).toEqual([{ handoffId: 1 }]);
      expect(inRow(deskRows()[2], "handoff-item-check-error")?.textContent).toBe(
        "Das Portal ist gerade nicht erreichbar. Bitte später erneut abfragen.",
      );
      expect(inRow(deskRows()[0], "handoff-item-check-error")).toBeNull();
      expect(inRow(deskRows()[2], "handoff-item-decision")).toBeNull();
      expect(byTestId("error-banner")).toBeNull();

      // Asked again once the portal is back: the text goes, the decision shows.
      core.failing("check_portal_decision", null);
      core.decisions.set(1, "rejected");
      await click(inRow(deskRows()[2], "handoff-item-check"));
      expect(inRow(deskRows()[2], "handoff-item-check-error")).toBeNull();
      expect(inRow(deskRows()[2], "handoff-item-decision")?.dataset.decision).toBe("rejected");
    });

    it("'nobody signed in' asks who is here, as elsewhere", async () => {
      await withDelivered();
      // Signed out at another window of this desk meanwhile.
      core.agent = null;
      core.failNext("check_portal_decision", { code: "NOT_SIGNED_IN", message: "nobody is signed in", field: null });
      await click(inRow(deskRows()[0], "handoff-item-check"));
      expect(byTestId("error-banner")?.dataset.code).toBe("NOT_SIGNED_IN");
      expect(byTestId("signin-dialog")).not.toBeNull();
      expect(document.querySelector('[data-testid="handoff-item-check-error"]')).toBeNull();
    });

    it("shows a decision asked earlier without asking again, in the desk's and the call's list", async () => {
      await withDelivered((c) => {
        c.handoffs = [decided(delivered(handoffView({ id: 5, callId: 42 })), "submitted", "01.03. 16:20")];
      });
      expect(inRow(deskRows()[0], "handoff-item-decision")?.textContent).toBe(
        "Im Portal – noch nicht bearbeitet (Stand 01.03. 16:20)",
      );
      expect(inRow(deskRows()[0], "handoff-item-decision")?.dataset.decision).toBe("submitted");
      await takeCall();
      await settle();
      const callRow = byTestId("call-handoffs")?.querySelector<HTMLElement>('[data-testid="handoff-item"]') ?? undefined;
      expect(inRow(callRow, "handoff-item-decision")?.dataset.decision).toBe("submitted");
      expect(callsOf("check_portal_decision")).toEqual([]);
    });
  });

  it("the call's list follows the active call", async () => {
    core.handoffs.push(handoffView({ id: 5, callId: 42 }));
    const callId = await takeCall();
    expect(callId).toBe(42);
    await settle();
    expect(callsOf("call_handoffs").at(-1)).toEqual({ callId: 42 });
    expect(byTestId("call-handoffs")?.querySelectorAll('[data-testid="handoff-item"]')).toHaveLength(1);
    await press("F4", {}, document.body);
    await pressHere("1");
    await pressHere("Enter");
    expect(byTestId("call-handoffs")).toBeNull();
    await takeCall();
    await settle();
    expect(byTestId("call-handoffs")?.textContent).toContain("Keine Anträge in diesem Anruf.");
  });
});

describe("Teamleitung", () => {
  beforeEach(restartAsTeamleitung);

  async function openSupervisor(): Promise<void> {
    await click(byTestId("view-supervisor"));
    await settle();
  }

  function chartIn(testid: string): FakeChart | undefined {
    const canvas = byTestId(testid)?.querySelector("canvas");
    return charts.find((c) => c.canvas === canvas);
  }

  function rows(testid: string): string[] {
    return [...(byTestId(testid)?.querySelectorAll("tbody tr") ?? [])].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim()).join(" | "),
    );
  }

  it("asks for nothing while the agent view is on screen", async () => {
    await settle(20_000);
    expect(callsOf("figures")).toEqual([]);
    expect(callsOf("stuck_handoffs")).toEqual([]);
  });

  it("switching to Teamleitung loads today's figures and shows tiles, charts, heatmap and lists", async () => {
    await openSupervisor();
    expect(callsOf("figures")).toEqual([{ period: { kind: "today", from: null, to: null } }]);
    expect(byTestId("period-label")?.textContent).toBe("02.03.2026");
    expect(byTestId("period-today")?.getAttribute("aria-pressed")).toBe("true");

    expect(byTestId("tile-calls")?.textContent).toContain("1.204");
    const fcr = byTestId("tile-fcr");
    expect(fcr?.textContent).toContain("Erstlösungsquote");
    expect(fcr?.textContent).toContain("71,3 %");
    expect(fcr?.textContent).toContain("Ziel 65 %");
    expect(fcr?.textContent).toContain("erreicht");
    expect(fcr?.classList.contains("met")).toBe(true);
    expect(byTestId("tile-aht")?.textContent).toContain("4:05 min");
    expect(byTestId("tile-aht")?.textContent).toContain("Median 3:40 min");
    const forwards = byTestId("tile-forwards")?.textContent ?? "";
    expect(forwards).toContain("250");
    expect(forwards).toContain("95,8 %");
    expect(forwards).toContain("offen jetzt: 31");
    expect(forwards).toContain("überfällig jetzt: 2");
    // The 115 promise and the staleness age are the core's constants (bindings/constants.ts).
    expect(forwards).toContain(`in ${UI_LIMITS.callbackServiceHours} Servicestunden beantwortet`);
    expect(document.getElementById("stale-title")?.textContent).toContain(
      `seit über ${UI_LIMITS.staleAfterMonths} Monaten`,
    );
    expect(byTestId("tile-handoffs")?.textContent).toContain("3");
    expect(byTestId("withheld-note")).toBeNull();

    // the charts get the mapped figures
    expect(chartIn("chart-hours")?.type).toBe("bar");
    expect(chartIn("chart-hours")?.data.labels.slice(0, 3)).toEqual(["07", "08", "09"]);
    expect(chartIn("chart-hours")?.data.datasets[0]?.data.slice(0, 3)).toEqual([0, 100, 180]);
    expect(chartIn("chart-outcomes")?.type).toBe("doughnut");
    expect(chartIn("chart-topics")?.data.datasets[0]?.data).toEqual([210, 95, 40]);
    expect(chartIn("chart-fcr-trend")?.data.datasets.map((d) => d.data)).toEqual([
      [null, 71.3],
      [65, 65],
    ]);

    const heatmap = byTestId("heatmap");
    expect(heatmap?.querySelectorAll("thead th")).toHaveLength(1 + 13);
    expect(heatmap?.querySelector("tbody tr th")?.textContent).toBe("Mo");
    expect(heatmap?.querySelectorAll("tbody tr")).toHaveLength(7);

    expect(rows("gaps-table")).toEqual([
      "sperrmüll termin | 14 | 9 | 02.03.2026 09:02",
      "wohngeld | 5 | 0 | 02.03.2026 08:40",
    ]);
    expect(rows("stale-table")).toEqual(["Fundbüro | 14.01.2025 | 12"]);
    expect(rows("overdue-table")[0]).toBe("Steueramt | 26.02.2026 10:12 | 27.02.2026 10:12");
    expect(rows("handoffs-table")).toEqual([
      "Bewohnerparkausweis | wartet | 3 | 02.03.2026 08:30",
      "Kfz-Wunschkennzeichen | abgelehnt | 1 | 01.03.2026 17:05",
    ]);

    // per agent: off, with the reason always next to the switch
    const toggle = byTestId("per-agent-switch") as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(toggle.closest("label")?.textContent).toContain("Kennzahlen je Mitarbeiterin und Mitarbeiter anzeigen");
    expect(byTestId("per-agent-reason")?.textContent).toBe(PER_AGENT_REASON);
    expect(byTestId("per-agent-table")).toBeNull();
  });

  it("refreshes every 5 seconds while visible, one request at a time, and stops when hidden", async () => {
    await openSupervisor();
    expect(callsOf("figures")).toHaveLength(1);
    await settle(5_000);
    expect(callsOf("figures")).toHaveLength(2);

    core.figuresFor = () => figuresFixture({ calls: 1210 });
    core.hold("figures");
    await settle(5_000);
    expect(callsOf("figures")).toHaveLength(3);
    // the core is slow: no second request while the first is out
    await settle(15_000);
    expect(callsOf("figures")).toHaveLength(3);
    expect(byTestId("tile-calls")?.textContent).toContain("1.204");
    core.held.shift()?.release();
    await settle();
    expect(byTestId("tile-calls")?.textContent).toContain("1.210");
    // the chart was updated in place, not drawn anew
    expect(charts.filter((c) => byTestId("chart-hours")?.contains(c.canvas))).toHaveLength(1);
    expect(chartIn("chart-hours")?.update).toHaveBeenCalledWith("none");
    core.hold("figures", false);

    // back to the agent view: no more requests
    await click(byTestId("view-agent"));
    const before = callsOf("figures").length;
    await settle(30_000);
    expect(callsOf("figures")).toHaveLength(before);

    // shown again: at once, then every 5 seconds; a minimised window stops it too
    await openSupervisor();
    expect(callsOf("figures")).toHaveLength(before + 1);
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    await settle(30_000);
    expect(callsOf("figures")).toHaveLength(before + 1);
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    await settle();
    expect(callsOf("figures")).toHaveLength(before + 2);
  });

  it("shows another period at once and drops a late answer about the previous one", async () => {
    core.hold("figures");
    await openSupervisor();
    expect(byTestId("figures-loading")?.textContent).toContain("werden geladen");
    await click(byTestId("period-month"));
    expect(byTestId("period-month")?.getAttribute("aria-pressed")).toBe("true");
    // one request at a time: the month is asked for once today's answer is in, and today's answer is dropped
    expect(core.held.map((h) => (h.args.period as PeriodArg).kind)).toEqual(["today"]);
    core.held.shift()?.release();
    await settle();
    expect(byTestId("period-label")).toBeNull();
    expect(core.held.map((h) => (h.args.period as PeriodArg).kind)).toEqual(["month"]);
    core.held.shift()?.release();
    await settle();
    expect(byTestId("period-label")?.textContent).toBe("März 2026");
    expect(callsOf("figures").map((a) => (a.period as PeriodArg).kind)).toEqual(["today", "month"]);

    await click(byTestId("period-week"));
    core.held.shift()?.release();
    await settle();
    expect(byTestId("period-label")?.textContent).toBe("02.03.2026 – 08.03.2026");
  });

  it("checks a custom period in German and asks for it when it is right", async () => {
    await openSupervisor();
    await click(byTestId("period-custom"));
    expect(document.activeElement).toBe(byTestId("period-from"));
    await fill(byTestId("period-from"), "2026-02-28");
    await fill(byTestId("period-to"), "2026-02-01");
    await click(byTestId("period-apply"));
    expect(byTestId("period-error")?.textContent).toBe("Das Enddatum liegt vor dem Anfangsdatum.");
    expect(byTestId("period-to")?.getAttribute("aria-invalid")).toBe("true");
    expect(callsOf("figures").filter((a) => (a.period as PeriodArg).kind === "custom")).toEqual([]);

    await fill(byTestId("period-to"), "");
    await click(byTestId("period-apply"));
    expect(byTestId("period-error")?.textContent).toBe("Bitte das Enddatum angeben.");

    await fill(byTestId("period-from"), "2026-02-01");
    await fill(byTestId("period-to"), "2026-02-28");
    await click(byTestId("period-apply"));
    await settle();
    expect(byTestId("period-error")).toBeNull();
    expect(callsOf("figures").at(-1)).toEqual({ period: { kind: "custom", from: "2026-02-01", to: "2026-02-28" } });
    expect(byTestId("period-label")?.textContent).toBe("01.02.2026 – 28.02.2026");
    expect(byTestId("period-custom")?.getAttribute("aria-pressed")).toBe("true");
    expect(byTestId("period-today")?.getAttribute("aria-pressed")).toBe("false");
  });

  it("shows the core's rejection of a period next to the date field, not in the banner", async () => {
    await openSupervisor();
    core.failNext("figures", { code: "INVALID_INPUT", message: "to: 3700 days; at most 3660", field: "to" });
    await click(byTestId("period-custom"));
    await fill(byTestId("period-from"), "2026-01-01");
    await fill(byTestId("period-to"), "2026-01-31");
    await click(byTestId("period-apply"));
    await settle();
    expect(byTestId("period-error")?.textContent).toContain("Das Enddatum wurde nicht angenommen");
    expect(byTestId("error-banner")).toBeNull();
  });

  describe("when the core keeps failing", () => {
    const LOCKED = { code: "STORE_FAILED", message: "database is locked", field: null };

    it("a failing refresh keeps the figures with a note and never raises the banner; the next success clears it", async () => {
      await openSupervisor();
      expect(byTestId("tile-calls")?.textContent).toContain("1.204");
      expect(byTestId("figures-stale")).toBeNull();

      core.failing("figures", LOCKED);
      const before = callsOf("figures").length;
      for (let i = 0; i < 4; i += 1) await settle(5_000);
      expect(callsOf("figures")).toHaveLength(before + 4);
      expect(byTestId("error-banner")).toBeNull();
      expect(byTestId("figures-stale")?.textContent).toBe(
        "Kennzahlen nicht aktuell – letzter Stand 09:15; neuer Versuch läuft automatisch.",
      );
      expect(byTestId("tile-calls")?.textContent).toContain("1.204");
      expect(byTestId("refresh-status")?.textContent?.trim()).toBe("Stand 09:15:00");

      // an INTERNAL error is no different
      core.failing("figures", { code: "INTERNAL", message: "boom", field: null });
      await settle(5_000);
      expect(byTestId("error-banner")).toBeNull();
      expect(byTestId("figures-stale")).not.toBeNull();

      core.failing("figures", null);
      core.figuresFor = () => figuresFixture({ calls: 1210 });
      await settle(5_000);
      expect(byTestId("figures-stale")).toBeNull();
      expect(byTestId("tile-calls")?.textContent).toContain("1.210");
      expect(byTestId("refresh-status")?.textContent?.trim()).toBe("Stand 09:15:30");
    });

    it("a period chosen while the core fails goes to the banner once; dismissed, the refreshes do not bring it back", async () => {
      await openSupervisor();
      core.failing("figures", LOCKED);
      await click(byTestId("period-month"));
      await settle();
      expect(callsOf("figures").at(-1)).toEqual({ period: { kind: "month", from: null, to: null } });
      expect(byTestId("error-banner")?.dataset.code).toBe("STORE_FAILED");
      expect(byTestId("figures-stale")?.textContent).toContain("letzter Stand 09:15");
      expect(byTestId("refresh-status")?.textContent).not.toContain("wird geladen");

      await click(byTestId("error-banner")?.querySelector("button"));
      expect(byTestId("error-banner")).toBeNull();
      const before = callsOf("figures").length;
      for (let i = 0; i < 3; i += 1) await settle(5_000);
      expect(callsOf("figures")).toHaveLength(before + 3);
      expect(byTestId("error-banner")).toBeNull();
      expect(byTestId("figures-stale")).not.toBeNull();

      core.failing("figures", null);
      await settle(5_000);
      expect(byTestId("figures-stale")).toBeNull();
      expect(byTestId("period-label")?.textContent).toBe("März 2026");
    });

    it("a first read that fails says so instead of the figures, not in the banner", async () => {
      core.failing("figures", LOCKED);
      await openSupervisor();
      expect(byTestId("figures-loading")).toBeNull();
      expect(byTestId("figures-unreadable")?.textContent).toBe(
        "Die Kennzahlen konnten gerade nicht gelesen werden; neuer Versuch läuft automatisch.",
      );
      expect(byTestId("error-banner")).toBeNull();
      await settle(5_000);
      expect(byTestId("error-banner")).toBeNull();

      core.failing("figures", null);
      await settle(5_000);
      expect(byTestId("figures-unreadable")).toBeNull();
      expect(byTestId("figures-stale")).toBeNull();
      expect(byTestId("tile-calls")?.textContent).toContain("1.204");
    });

    it("'nobody signed in' from a refresh still opens the sign-in dialog", async () => {
      await openSupervisor();
      core.failing("figures", { code: "NOT_SIGNED_IN", message: "nobody is signed in", field: null });
      await settle(5_000);
      expect(byTestId("signin-dialog")).not.toBeNull();
    });
  });

  it("shows the core's note instead of the quality tiles when figures are withheld", async () => {
    core.figuresFor = () => withheldFixture();
    await openSupervisor();
    expect(byTestId("withheld-note")?.textContent).toContain(WITHHELD_NOTE);
    expect(byTestId("tile-fcr")).toBeNull();
    expect(byTestId("tile-aht")).toBeNull();
    expect(byTestId("tile-calls")?.textContent).toContain("1.204");
    expect(byTestId("supervisor-view")?.textContent).toContain("Zum Schutz der Beschäftigten nicht angezeigt.");
  });

  it("marks a missed target red and says so in words", async () => {
    core.figuresFor = () =>
      figuresFixture({
        firstContact: { hits: 600, of: 1200, value: 0.5, label: "50,0 %" },
        firstContactMet: false,
      });
    await openSupervisor();
    const fcr = byTestId("tile-fcr");
    expect(fcr?.classList.contains("missed")).toBe(true);
    expect(fcr?.textContent).toContain("nicht erreicht");
  });

  it("says the portal applications are not available yet", async () => {
    core.figuresFor = () =>
      figuresFixture({ handoffs: { available: false, pendingNow: 0, groups: [], oldestPendingLabel: null } });
    await openSupervisor();
    expect(byTestId("tile-handoffs")?.textContent).toContain("noch nicht verfügbar");
    expect(byTestId("handoffs-table")?.textContent).toContain("noch nicht verfügbar");
  });

  describe("stuck portal applications", () => {
    const stuckRows = () => allByTestId("stuck-handoff");

    /** The core's list: the stopped one first, then those not delivered in time, oldest first, each with its reason. */
    const STUCK: StuckHandoffView[] = [
      {
        handoff: handoffView({
          id: 12,
          callId: 4,
          flagged: true,
          attempts: 1,
          service: "wunschkennzeichen",
          serviceTitle: "Kfz-Wunschkennzeichen",
          createdLabel: "02.03. 08:40",
        }),
        flagged: true,
        label: "Das Portal nimmt den Zugang nicht an (HTTP 401): Portal-Token prüfen.",
      },
      {
        handoff: handoffView({ id: 11, callId: 3, attempts: 3, createdLabel: "02.03. 08:20" }),
        flagged: false,
        label: "Seit 45 Min. nicht im Portal angekommen (3 Versuche).",
      },
      {
        handoff: withState(handoffView({ id: 14, callId: 6, attempts: 1, reference: "MB-2026-000777" }), "delivering"),
        flagged: false,
        label: "Seit 45 Min. nicht im Portal angekommen (1 Versuch).",
      },
    ];

    function stuckApplications(c: FakeCore): void {
      c.stuck = STUCK;
      c.handoffs = STUCK.map((s) => s.handoff);
    }

    it("lists stopped ones first with a red badge, then old ones with 'Jetzt senden', each with the core's reason", async () => {
      stuckApplications(core);
      await openSupervisor();
      expect(callsOf("stuck_handoffs")).toEqual([{}]);
      expect(document.getElementById("stuck-title")?.textContent).toContain("Hängende Portal-Anträge");
      expect(stuckRows().map((r) => [r.dataset.handoffId, r.dataset.flagged])).toEqual([
        ["12", "true"],
        ["11", "false"],
        ["14", "false"],
      ]);
      expect(rows("stuck-handoffs")).toEqual([
        "Kfz-Wunschkennzeichen | 02.03. 08:40 | 1 |  | Das Portal nimmt den Zugang nicht an (HTTP 401): Portal-Token prüfen. | gestoppt",
        "Bewohnerparkausweis | 02.03. 08:20 | 3 |  | Seit 45 Min. nicht im Portal angekommen (3 Versuche). | Jetzt senden",
        "Bewohnerparkausweis | 02.03. 09:16 | 1 | MB-2026-000777 | Seit 45 Min. nicht im Portal angekommen (1 Versuch). | Jetzt senden",
      ]);
      const stopped = stuckRows()[0]!;
      expect(stopped.querySelector('[data-testid="stuck-retry"]')).toBeNull();
      const badge = stopped.querySelector('[data-testid="stuck-stopped"]');
      expect(badge?.classList.contains("state-flagged")).toBe(true);
      expect(byTestId("stuck-count")?.classList.contains("bad")).toBe(true);
    });

    it("'Jetzt senden' calls retry_handoff and reads the list again at once; delivered ones leave it", async () => {
      stuckApplications(core);
      await openSupervisor();
      const before = callsOf("stuck_handoffs").length;
      await click(stuckRows()[1]?.querySelector<HTMLElement>('[data-testid="stuck-retry"]'));
      await settle();
      expect(callsOf("retry_handoff")).toEqual([{ handoffId: 11 }]);
      expect(callsOf("stuck_handoffs")).toHaveLength(before + 1);
      expect(byTestId("error-banner")).toBeNull();

      // The worker delivered them (the stopped one too, once the token was fixed); the next refresh shows none.
      core.stuck = [];
      await settle(5_000);
      expect(stuckRows()).toEqual([]);
      expect(byTestId("stuck-empty")?.textContent?.trim()).toBe("Keine hängenden Anträge.");
      expect(byTestId("stuck-count")).toBeNull();
    });

    it("says when nothing is stuck", async () => {
      await openSupervisor();
      expect(stuckRows()).toEqual([]);
      expect(byTestId("stuck-empty")?.textContent?.trim()).toBe("Keine hängenden Anträge.");
    });

    it("refreshes with the figures every 5 seconds; a failing read keeps the list and never reaches the banner", async () => {
      stuckApplications(core);
      await openSupervisor();
      expect(stuckRows()).toHaveLength(3);
      core.failing("stuck_handoffs", { code: "STORE_FAILED", message: "database is locked", field: null });
      const before = callsOf("stuck_handoffs").length;
      await settle(5_000);
      await settle(5_000);
      await settle(5_000);
      expect(callsOf("stuck_handoffs")).toHaveLength(before + 3);
      expect(byTestId("error-banner")).toBeNull();
      expect(stuckRows()).toHaveLength(3);
      expect(byTestId("stuck-stale")?.textContent).toContain("nicht aktuell");

      core.failing("stuck_handoffs", null);
      core.stuck = STUCK.slice(0, 2);
      await settle(5_000);
      expect(byTestId("stuck-stale")).toBeNull();
      expect(stuckRows().map((r) => r.dataset.handoffId)).toEqual(["12", "11"]);
    });

    it("a first read that fails says so in the table, not in the banner", async () => {
      core.failing("stuck_handoffs", { code: "STORE_FAILED", message: "database is locked", field: null });
      await openSupervisor();
      expect(byTestId("stuck-loading")?.textContent?.trim()).toBe("Die Liste konnte gerade nicht gelesen werden.");
      expect(byTestId("error-banner")).toBeNull();
    });
  });

  it("a supervisor switches figures per agent on and off; the table follows the core", async () => {
    await openSupervisor();
    const toggle = () => byTestId("per-agent-switch") as HTMLInputElement;
    // Switched on, the core's figures carry the table.
    const perAgent = [{ name: "Petra Schulz", calls: 640, firstContactLabel: "72,0 %", handlingLabel: "4:10 min" }];
    core.figuresFor = () => figuresFixture({ perAgentEnabled: true, perAgent });
    await click(toggle());
    await settle();
    expect(callsOf("set_per_agent_figures")).toEqual([{ enabled: true }]);
    expect(toggle().checked).toBe(true);
    expect(rows("per-agent-table")).toEqual(["Petra Schulz | 640 | 72,0 % | 4:10 min"]);
    expect(byTestId("per-agent-reason")?.textContent).toBe(PER_AGENT_REASON);

    core.figuresFor = () => figuresFixture();
    await click(toggle());
    await settle();
    expect(callsOf("set_per_agent_figures")).toEqual([{ enabled: true }, { enabled: false }]);
    expect(toggle().checked).toBe(false);
    expect(byTestId("per-agent-table")).toBeNull();
  });

  it("when the core refuses the switch (the role changed meanwhile), it says why and stays off", async () => {
    await openSupervisor();
    // What the core answers an agent (Desk::set_per_agent_figures): FORBIDDEN, no field.
    core.failNext("set_per_agent_figures", {
      code: "FORBIDDEN",
      message: "not permitted: changing the centre's settings: only a supervisor (Teamleitung) changes the centre's settings",
      field: null,
    });
    const toggle = byTestId("per-agent-switch") as HTMLInputElement;
    await click(toggle);
    await settle();
    expect(callsOf("set_per_agent_figures")).toEqual([{ enabled: true }]);
    expect(toggle.checked).toBe(false);
    expect(byTestId("per-agent-error")?.textContent).toBe(PER_AGENT_ROLE_TEXT);
    expect(byTestId("per-agent-table")).toBeNull();
    expect(byTestId("error-banner")).toBeNull();
  });

  it("exports the figures and the anonymised call list of the period shown and says where they are", async () => {
    await openSupervisor();
    expect(byTestId("export-figures")?.textContent).toBe("Kennzahlen als CSV");
    expect(byTestId("export-calls")?.textContent).toBe("Anrufliste (anonymisiert) als CSV");
    await click(byTestId("export-figures"));
    await settle();
    expect(callsOf("export_csv")).toEqual([{ period: { kind: "today", from: null, to: null }, kind: "figures" }]);
    expect(byTestId("export-result")?.textContent?.trim()).toBe(
      "Gespeichert: /home/heike/Downloads/auskunft-kennzahlen-today.csv",
    );
    await click(byTestId("period-month"));
    await click(byTestId("export-calls"));
    await settle();
    expect(callsOf("export_csv").at(-1)).toEqual({ period: { kind: "month", from: null, to: null }, kind: "calls" });
    expect(byTestId("export-result")?.textContent?.trim()).toBe(
      "Gespeichert: /home/heike/Downloads/auskunft-anrufe-month.csv",
    );
  });

  it("shows a failed export in the banner", async () => {
    await openSupervisor();
    core.failNext("export_csv", { code: "STORE_FAILED", message: "disk full", field: null });
    await click(byTestId("export-calls"));
    await settle();
    expect(byTestId("error-banner")?.dataset.code).toBe("STORE_FAILED");
    expect(byTestId("export-result")?.textContent?.trim()).toBe("");
  });
});
