import { describe, expect, it } from "vitest";
import { SEARCH_DEBOUNCE_MS, Sequencer, createSearchController } from "./searchController";

/** A fetch whose responses the test releases one by one, in any order. */
function controllableFetch() {
  const pending = new Map<string, (value: string[] | undefined) => void>();
  const calls: string[] = [];
  const fetch = (query: string) =>
    new Promise<string[] | undefined>((resolve) => {
      calls.push(query);
      pending.set(query, resolve);
    });
  const respond = async (query: string, value: string[] | undefined) => {
    const resolve = pending.get(query);
    if (!resolve) throw new Error(`no request for ${query}`);
    resolve(value);
    // Let the controller's continuation run.
    await Promise.resolve();
    await Promise.resolve();
  };
  return { fetch, respond, calls };
}

function setup() {
  const f = controllableFetch();
  const applied: Array<[string, string[]]> = [];
  let cleared = 0;
  const controller = createSearchController<string[]>({
    fetch: f.fetch,
    apply: (q, r) => applied.push([q, r]),
    clear: () => {
      cleared += 1;
    },
  });
  return { ...f, applied, controller, cleared: () => cleared };
}

describe("Sequencer", () => {
  it("only the newest number is current", () => {
    const s = new Sequencer();
    const a = s.next();
    const b = s.next();
    expect(s.isCurrent(a)).toBe(false);
    expect(s.isCurrent(b)).toBe(true);
    s.invalidate();
    expect(s.isCurrent(b)).toBe(false);
  });
});

describe("createSearchController", () => {
  it("searches at once on every keystroke: no pause before a search", () => {
    expect(SEARCH_DEBOUNCE_MS).toBe(0);
    const { controller, calls } = setup();
    controller.input("h");
    controller.input("hu");
    expect(calls).toEqual(["h", "hu"]);
  });

  it("discards a response that arrives after a newer request was sent", async () => {
    const { controller, calls, respond, applied } = setup();
    controller.input("hun");
    controller.input("hund");
    expect(calls).toEqual(["hun", "hund"]);
    await respond("hund", ["hund-anmelden"]);
    await respond("hun", ["hundertwasser"]); // late, stale
    expect(applied).toEqual([["hund", ["hund-anmelden"]]]);
  });

  it("shows an older response that returns before the newer one", async () => {
    const { controller, respond, applied } = setup();
    controller.input("hun");
    await respond("hun", ["a"]);
    controller.input("hund");
    expect(applied).toEqual([["hun", ["a"]]]);
  });

  it("clears at once on an empty query and drops responses still in flight", async () => {
    const s = setup();
    s.controller.input("perso");
    s.controller.input("   ");
    expect(s.cleared()).toBe(1);
    await s.respond("perso", ["personalausweis"]);
    expect(s.applied).toEqual([]);
    expect(s.calls).toEqual(["perso"]);
  });

  it("keeps the shown results when a search fails", async () => {
    const s = setup();
    s.controller.input("hund");
    await s.respond("hund", undefined);
    expect(s.applied).toEqual([]);
    expect(s.cleared()).toBe(0);
  });

  it("does nothing after dispose", async () => {
    const s = setup();
    s.controller.input("hund");
    s.controller.dispose();
    await s.respond("hund", ["a"]);
    s.controller.input("hunde");
    expect(s.calls).toEqual(["hund"]);
    expect(s.applied).toEqual([]);
  });
});

describe("search now (Enter before the list answered the box's text)", () => {
  it("says whether its results were applied", async () => {
    const s = setup();
    const done = s.controller.now("hund");
    expect(s.calls).toEqual(["hund"]);
    await s.respond("hund", ["a"]);
    expect(await done).toBe(true);
    expect(s.applied).toEqual([["hund", ["a"]]]);
  });

  it("resolves false when a newer search overtook it, or when the box is blank", async () => {
    const s = setup();
    const first = s.controller.now("hund");
    const second = s.controller.now("pass");
    await s.respond("hund", ["a"]);
    await s.respond("pass", ["b"]);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(s.applied).toEqual([["pass", ["b"]]]);
    expect(await s.controller.now("  ")).toBe(false);
    expect(s.cleared()).toBe(1);
  });
});
