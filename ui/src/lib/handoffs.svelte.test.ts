// The case panel's lists of portal applications: one poller for the call's list, the desk's list and the portal
// status; a change of call empties the call's list and drops answers about the previous call.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HandoffView } from "./bindings/HandoffView";
import type { IpcError } from "./bindings/IpcError";
import { ERROR_TEXT } from "./errors";
import { HANDOFF_LIST_REFRESH_MS, NOT_IN_PORTAL_TEXT } from "./handoff";
import { decided, delivered, handoffView } from "./handoff.fixture";
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
      else if (h.cmd === "recent_handoffs") h.resolve({ handoffs: desk, total: desk.length + 40 });
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
    expect(handoffs.deskTotal).toBe(41);
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

  describe("'Stand abfragen'", () => {
    beforeEach(() => vi.spyOn(console, "error").mockImplementation(() => {}));
    afterEach(() => vi.restoreAllMocks());

    /** Active, call 42 on, both lists answered with application 5 (delivered) and 6; nothing held afterwards. */
    async function withDelivered() {
      const env = setup();
      const { held, handoffs } = env;
      handoffs.setActive(true);
      handoffs.setCall(42);
      await env.answerAll();
      const five = delivered(handoffView({ id: 5, callId: 42 }));
      for (const h of held.splice(0)) {
        if (h.cmd === "call_handoffs") h.resolve([five]);
        else if (h.cmd === "recent_handoffs") h.resolve({ handoffs: [handoffView({ id: 6 }), five], total: 2 });
        else h.resolve({ sending: true, reason: "" });
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(handoffs.callList.map((h) => h.id)).toEqual([5]);
      expect(handoffs.deskList.map((h) => h.id)).toEqual([6, 5]);
      return { ...env, five };
    }

    it("asks with the id and puts the answer into both lists at once; a refresh asked before is dropped", async () => {
      const { held, handoffs, reported, five } = await withDelivered();
      // A refresh goes out and is still unanswered when the check's answer arrives.
      await vi.advanceTimersByTimeAsync(HANDOFF_LIST_REFRESH_MS);
      const stale = held.splice(0);
      expect(stale.map((h) => h.cmd)).toEqual(["call_handoffs", "recent_handoffs", "portal_status"]);

      const check = handoffs.checkDecision(5);
      expect(handoffs.checking.has(5)).toBe(true);
      void handoffs.checkDecision(5); // a second click while it runs asks nothing more
      expect(held.map((h) => [h.cmd, h.args])).toEqual([["check_portal_decision", { handoffId: 5 }]]);
      const answer = decided(five, "accepted");
      held.splice(0)[0]!.resolve(answer);
      await check;
      expect(handoffs.checking.has(5)).toBe(false);
      expect(handoffs.callList).toEqual([answer]);
      expect(handoffs.deskList.map((h) => h.portalState)).toEqual([null, "accepted"]);
      expect(handoffs.checkErrors.size).toBe(0);
      expect(reported).toEqual([]);

      // The refresh asked before the check answers without the decision: dropped, and asked again.
      for (const h of stale) h.resolve(h.cmd === "portal_status" ? { sending: true, reason: "" } : [five]);
      await vi.advanceTimersByTimeAsync(0);
      expect(handoffs.callList).toEqual([answer]);
      expect(held.map((h) => h.cmd)).toEqual(["call_handoffs", "recent_handoffs", "portal_status"]);
      handoffs.dispose();
    });

    it("keeps a failure for the row in German, not for the banner; the next check clears it", async () => {
      const { held, handoffs, reported, five } = await withDelivered();
      const failing = handoffs.checkDecision(5);
      held.splice(0)[0]!.resolve(Promise.reject({ code: "PORTAL_UNAVAILABLE", message: "refused", field: null }));
      await failing;
      expect(handoffs.checking.has(5)).toBe(false);
      expect(handoffs.checkErrors.get(5)).toBe(ERROR_TEXT.PORTAL_UNAVAILABLE);
      expect(handoffs.callList).toEqual([five]);
      expect(reported).toEqual([]);

      const again = handoffs.checkDecision(5);
      expect(handoffs.checkErrors.has(5)).toBe(false);
      held.splice(0)[0]!.resolve(Promise.reject({ code: "INVALID_INPUT", message: "not yet", field: "handoff_id" }));
      await again;
      expect(handoffs.checkErrors.get(5)).toBe(NOT_IN_PORTAL_TEXT);
      expect(reported).toEqual([]);
      handoffs.dispose();
    });

    it("leaves 'nobody signed in' to the window, and shows nothing of a check answered after signing out", async () => {
      const { held, handoffs, reported } = await withDelivered();
      const failing = handoffs.checkDecision(5);
      held.splice(0)[0]!.resolve(Promise.reject({ code: "NOT_SIGNED_IN", message: "nobody", field: null }));
      await failing;
      expect(reported.map((e) => e.code)).toEqual(["NOT_SIGNED_IN"]);
      expect(handoffs.checkErrors.size).toBe(0);

      const late = handoffs.checkDecision(5);
      handoffs.clear();
      held.splice(0)[0]!.resolve(Promise.reject({ code: "PORTAL_UNAVAILABLE", message: "x", field: null }));
      await late;
      expect(handoffs.checkErrors.size).toBe(0);
      expect(handoffs.checking.size).toBe(0);
      handoffs.dispose();
    });
  });
});
