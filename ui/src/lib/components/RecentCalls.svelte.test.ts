// @vitest-environment happy-dom
// "Meine letzten Anrufe": a running call is shown as running, never with a duration and an outcome as if it had ended.
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { CallView } from "../bindings/CallView";
import RecentCalls from "./RecentCalls.svelte";

let list: ReturnType<typeof mount> | null = null;

function call(id: number, extra: Partial<CallView> = {}): CallView {
  return {
    id,
    startedAt: "2026-03-02T09:15:00+01:00",
    startedLabel: "02.03. 09:15",
    endedAt: null,
    durationSeconds: null,
    topics: [{ entryId: "hund-anmelden", title: "Hund anmelden (Hundesteuer)" }],
    outcome: null,
    outcomeLabel: null,
    notes: "",
    outcomeOptions: [],
    ...extra,
  };
}

function show(calls: CallView[]): HTMLElement[] {
  list = mount(RecentCalls, { target: document.body, props: { calls } });
  flushSync();
  return [...document.querySelectorAll<HTMLElement>('[data-testid="recent-call"]')];
}

afterEach(() => {
  if (list) unmount(list);
  list = null;
  document.body.innerHTML = "";
});

describe("RecentCalls", () => {
  it("shows a forwarded call that is still running as running, with the outcome only noted (issue 15)", () => {
    // After F6 the core has noted "forwarded" on the running call; it has no end and no duration yet.
    const [row] = show([call(7, { outcome: "forwarded", outcomeLabel: "Weitergeleitet" })]);
    const text = row?.textContent ?? "";
    expect(row?.dataset.running).toBe("true");
    expect(text).toContain("läuft");
    expect(text).toContain("vorgemerkt: Weitergeleitet");
    expect(text).not.toContain("00:00");
    expect(row?.querySelector(".outcome")).toBeNull();
  });

  it("shows an ended call with its duration and outcome", () => {
    const [row] = show([
      call(8, {
        endedAt: "2026-03-02T09:19:05+01:00",
        durationSeconds: 245,
        outcome: "forwarded",
        outcomeLabel: "Weitergeleitet",
      }),
    ]);
    const text = row?.textContent ?? "";
    expect(row?.dataset.running).toBe("false");
    expect(text).toContain("04:05");
    expect(row?.querySelector(".outcome")?.textContent).toBe("Weitergeleitet");
    expect(text).not.toContain("läuft");
  });
});
