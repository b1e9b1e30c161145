import { describe, expect, it } from "vitest";
import type { CallView } from "./bindings/CallView";
import type { OutcomeOption } from "./bindings/OutcomeOption";
import { NO_CALL, callReducer, defaultOutcome, outcomeForKey, withTopic, type CallEvent, type CallState } from "./callState";

const OPTIONS: OutcomeOption[] = [
  { outcome: "answered", label: "Beantwortet", key: "1" },
  { outcome: "forwarded", label: "Weitergeleitet", key: "2" },
  { outcome: "portal_handoff", label: "An das Portal übergeben", key: "3" },
  { outcome: "referred", label: "Verwiesen", key: "4" },
  { outcome: "dropped", label: "Abgebrochen", key: "5" },
];

function call(id: number, extra: Partial<CallView> = {}): CallView {
  return {
    id,
    startedAt: "2026-03-02T09:15:00+01:00",
    startedLabel: "09:15",
    endedAt: null,
    durationSeconds: null,
    topics: [],
    outcome: null,
    outcomeLabel: null,
    notes: "",
    outcomeOptions: OPTIONS,
    ...extra,
  };
}

const run = (events: CallEvent[], from: CallState = NO_CALL) => events.reduce(callReducer, from);

describe("callReducer", () => {
  it("adds opened entries as topics in the order opened, once each", () => {
    const state = run([
      { type: "started", call: call(7) },
      { type: "opened", callId: 7, topic: { entryId: "hund-anmelden", title: "Hund anmelden" } },
      { type: "opened", callId: 7, topic: { entryId: "steueramt", title: "Steueramt" } },
      { type: "opened", callId: 7, topic: { entryId: "hund-anmelden", title: "Hund anmelden" } },
    ]);
    expect(state.call?.topics.map((t) => t.entryId)).toEqual(["hund-anmelden", "steueramt"]);
  });

  it("ignores answers about a call that is no longer active", () => {
    const state = run([
      { type: "started", call: call(7) },
      { type: "ended", call: call(7, { endedAt: "2026-03-02T09:20:00+01:00" }) },
      { type: "started", call: call(8) },
      { type: "opened", callId: 7, topic: { entryId: "late", title: "Spät" } },
      { type: "updated", call: call(7, { topics: [{ entryId: "x", title: "X" }] }) },
      { type: "forwarded", callId: 7 },
      { type: "ended", call: call(7) },
    ]);
    expect(state.call?.id).toBe(8);
    expect(state.call?.topics).toEqual([]);
    expect(state.forwarded).toEqual([]);
  });

  it("takes the core's call after a topic was removed", () => {
    const state = run([
      { type: "started", call: call(3, { topics: [{ entryId: "a", title: "A" }] }) },
      { type: "updated", call: call(3, { topics: [] }) },
    ]);
    expect(state.call?.topics).toEqual([]);
  });

  it("ends only the active call and forgets its forward flag", () => {
    const forwarded = run([{ type: "started", call: call(3) }, { type: "forwarded", callId: 3 }]);
    expect(forwarded.forwarded).toEqual([3]);
    expect(run([{ type: "ended", call: call(3) }], forwarded)).toEqual(NO_CALL);
  });

  it("resumes the core's active call after a restart and clears on sign-out", () => {
    const resumed = run([{ type: "resumed", call: call(11, { notes: "vor dem Absturz" }) }]);
    expect(resumed.call?.notes).toBe("vor dem Absturz");
    expect(run([{ type: "cleared" }], resumed)).toEqual(NO_CALL);
    expect(run([{ type: "resumed", call: null }], resumed).call).toBeNull();
  });
});

describe("withTopic", () => {
  it("does not change the call when the topic is already there", () => {
    const c = call(1, { topics: [{ entryId: "a", title: "A" }] });
    expect(withTopic(c, { entryId: "a", title: "A" })).toBe(c);
  });
});

describe("defaultOutcome", () => {
  it("is none for a plain call, so Enter alone does not guess", () => {
    expect(defaultOutcome(run([{ type: "started", call: call(1) }]))).toBeNull();
    expect(defaultOutcome(NO_CALL)).toBeNull();
  });

  it("is forwarded after a forward in this call", () => {
    const state = run([{ type: "started", call: call(1) }, { type: "forwarded", callId: 1 }]);
    expect(defaultOutcome(state)).toBe("forwarded");
  });

  it("prefers an outcome the core already recorded", () => {
    const state = run([{ type: "started", call: call(1, { outcome: "portal_handoff" }) }, { type: "forwarded", callId: 1 }]);
    expect(defaultOutcome(state)).toBe("portal_handoff");
  });

  it("never suggests an outcome the core does not offer", () => {
    const state = run([
      { type: "started", call: call(1, { outcomeOptions: OPTIONS.filter((o) => o.outcome !== "forwarded") }) },
      { type: "forwarded", callId: 1 },
    ]);
    expect(defaultOutcome(state)).toBeNull();
  });
});

describe("outcomeForKey", () => {
  it("maps the digit shortcuts of the options", () => {
    expect(outcomeForKey(OPTIONS, "1")).toBe("answered");
    expect(outcomeForKey(OPTIONS, "5")).toBe("dropped");
    expect(outcomeForKey(OPTIONS, "6")).toBeNull();
    expect(outcomeForKey(OPTIONS, "a")).toBeNull();
  });
});
