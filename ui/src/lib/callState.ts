// The active call as the window knows it, kept by a pure reducer. The core owns the call; this only merges its answers
// in the order they arrive and ignores answers about a call that is no longer the active one (a slow `note_opened`
// that returns after the call was ended must not add a topic to the next call).
import type { CallView } from "./bindings/CallView";
import type { Outcome } from "./bindings/Outcome";
import type { OutcomeOption } from "./bindings/OutcomeOption";
import type { TopicView } from "./bindings/TopicView";

export interface CallState {
  /** The call in progress, or null between calls. */
  call: CallView | null;
  /** Ids of calls that were forwarded in this window, so ending them suggests "forwarded". */
  forwarded: readonly number[];
}

export type CallEvent =
  /** `session` on start or after a resync: the core's active call, if any. */
  | { type: "resumed"; call: CallView | null }
  /** `start_call` returned. */
  | { type: "started"; call: CallView }
  /** `note_opened` returned during call `callId`: the core added the entry as a topic. */
  | { type: "opened"; callId: number; topic: TopicView }
  /** The core returned the call's new state (`remove_topic`). */
  | { type: "updated"; call: CallView }
  /** `forward` returned for call `callId`. */
  | { type: "forwarded"; callId: number }
  /** `end_call` returned. */
  | { type: "ended"; call: CallView }
  /** Signed out: nothing of the previous agent stays. */
  | { type: "cleared" };

export const NO_CALL: CallState = { call: null, forwarded: [] };

export function callReducer(state: CallState, event: CallEvent): CallState {
  switch (event.type) {
    case "resumed":
      return { call: event.call, forwarded: state.forwarded };
    case "started":
      return { call: event.call, forwarded: [] };
    case "opened": {
      if (!isActive(state, event.callId)) return state;
      return { ...state, call: withTopic(state.call!, event.topic) };
    }
    case "updated":
      return isActive(state, event.call.id) ? { ...state, call: event.call } : state;
    case "forwarded":
      if (!isActive(state, event.callId) || state.forwarded.includes(event.callId)) return state;
      return { ...state, forwarded: [...state.forwarded, event.callId] };
    case "ended":
      return isActive(state, event.call.id) ? { call: null, forwarded: [] } : state;
    case "cleared":
      return NO_CALL;
  }
}

function isActive(state: CallState, callId: number): boolean {
  return state.call !== null && state.call.id === callId;
}

/** The call's topics with `topic` appended, unless it is already one (the core keeps the first opening). */
export function withTopic(call: CallView, topic: TopicView): CallView {
  if (call.topics.some((t) => t.entryId === topic.entryId)) return call;
  return { ...call, topics: [...call.topics, topic] };
}

/**
 * The outcome pre-selected when the agent ends the call: one the core already recorded, else "forwarded" when the
 * call was forwarded here, else none (the agent chooses; Enter alone does not guess).
 */
export function defaultOutcome(state: CallState): Outcome | null {
  const call = state.call;
  if (!call) return null;
  const offered = (outcome: Outcome) => call.outcomeOptions.some((o) => o.outcome === outcome);
  if (call.outcome !== null && offered(call.outcome)) return call.outcome;
  if (state.forwarded.includes(call.id) && offered("forwarded")) return "forwarded";
  return null;
}

/** The outcome whose digit shortcut is `key`, if any. */
export function outcomeForKey(options: readonly OutcomeOption[], key: string): Outcome | null {
  return options.find((o) => o.key === key)?.outcome ?? null;
}
