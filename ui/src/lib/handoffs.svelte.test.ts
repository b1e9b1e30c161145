// The case panel's lists of portal applications: one poller for the call's list, the desk's list and the portal
// status; a change of call empties the call's list and drops answers about the previous call.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HandoffView } from "./bindings/HandoffView";
import type { IpcError } from "./bindings/IpcError";
import { HANDOFF_LIST_REFRESH_MS } from "./handoff";
import { handoffView } from "./handoff.fixture";
import { Handoffs } from "./handoffs.svelte";
import { createIpc } from "./ipc";

interface Held {
  cmd: string;
  args: Record<string, unknown>;
  resolve: (value: unknown) => void;
}

function setup() {
  const held: Held[] = [];
  const reported: IpcError[] = [];
  const invoke = vi.fn(
    (cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<unknown>((resolve) => held.push({ cmd, args, resolve })),
  );
  const handoffs = new Handoffs(createIpc(invoke, (e) => reported.push(e)));
  /** Answers every request held so far: each call's list holds one application of that call. */
  async function answerAll(desk: HandoffView[] = []): Promise<void> {
    for (const h of held.splice(0)) {
      if (h.cmd === "call_handoffs") h.resolve([handoffView({ id: Number(h.args.callId), callId: Number(h.args.callId) })]);
      else if (h.cmd === "recent_handoffs") h.resolve(desk);
      else h.resolve({ sending: true, reason: "" });
    }
    await vi.advanceTimersByTimeAsync(0);
  }
  return { held, invoke, handoffs, answerAll, reported };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("Handoffs", () => {
  it("asks for nothing until active, then for the desk's list and the portal status, every 5 seconds", async () => {
    const { held, handoffs, answerAll } = setup();
    expect(held).toHaveLength(0);
    handoffs.setActive(true);
    expect(held.map((h) => h.cmd)).toEqual(["recent_handoffs", "portal_status"]);
    await answerAll([handoffView({ id: 9 })]);
    expect(handoffs.deskList.map((h) => h.id)).toEqual([9]);
    expect(handoffs.portal).toEqual({ sending: true, reason: "" });
    await vi.advanceTimersByTimeAsync(HANDOFF_LIST_REFRESH_MS);
    expect(held).toHaveLength(2);
    // A tick while those are unanswered sends nothing more.
    await vi.advanceTimersByTimeAsync(HANDOFF_LIST_REFRESH_MS);
    expect(held).toHaveLength(2);
    handoffs.dispose();
  });

  it("shows the active call's list; another call starts empty and a late answer about the previous one is dropped", async () => {
    const { held, handoffs, answerAll } = setup();
    handoffs.setActive(true);
    handoffs.setCall(41);
    await answerAll();
    await answerAll();
    expect(handoffs.callList.map((h) => h.callId)).toEqual([41]);

    await vi.advanceTimersByTimeAsync(HANDOFF_LIST_REFRESH_MS);
    expect(held.find((h) => h.cmd === "call_handoffs")?.args).toEqual({ callId: 41 });
    handoffs.setCall(42);
    expect(handoffs.callList).toEqual([]);
    await answerAll(); // the answer about call 41
    expect(handoffs.callList).toEqual([]);
    await answerAll(); // asked again at once for call 42
    expect(handoffs.callList.map((h) => h.callId)).toEqual([42]);

    handoffs.setCall(null);
    expect(handoffs.callList).toEqual([]);
    handoffs.dispose();
  });

  it("'Jetzt senden' retries and asks again at once", async () => {
    const { held, handoffs, answerAll } = setup();
    handoffs.setActive(true);
    await answerAll();
    const retry = handoffs.retry(5);
    expect(held.map((h) => [h.cmd, h.args])).toEqual([["retry_handoff", { handoffId: 5 }]]);
    held.splice(0)[0]!.resolve(handoffView({ id: 5 }));
    await retry;
    expect(held.map((h) => h.cmd)).toEqual(["recent_handoffs", "portal_status"]);
    handoffs.dispose();
  });
});
