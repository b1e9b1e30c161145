// The only place that calls Tauri. Every command goes through `call`, which never throws: a rejection is normalised to
// an `IpcError`, reported to the error banner, and returned as a failed `Result` so callers can simply ignore it.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { Answer } from "./bindings/Answer";
import type { AppInfo } from "./bindings/AppInfo";
import type { CallView } from "./bindings/CallView";
import type { DueView } from "./bindings/DueView";
import type { ExportKind } from "./bindings/ExportKind";
import type { ExportView } from "./bindings/ExportView";
import type { FieldProblemView } from "./bindings/FieldProblemView";
import type { FiguresView } from "./bindings/FiguresView";
import type { ForwardDoneView } from "./bindings/ForwardDoneView";
import type { ForwardForm } from "./bindings/ForwardForm";
import type { ForwardScopeView } from "./bindings/ForwardScopeView";
import type { ForwardView } from "./bindings/ForwardView";
import type { HandoffFormView } from "./bindings/HandoffFormView";
import type { HandoffListView } from "./bindings/HandoffListView";
import type { HandoffView } from "./bindings/HandoffView";
import type { IpcError } from "./bindings/IpcError";
import type { OpenForwardListView } from "./bindings/OpenForwardListView";
import type { Outcome } from "./bindings/Outcome";
import type { PeriodArg } from "./bindings/PeriodArg";
import type { PortalStatusView } from "./bindings/PortalStatusView";
import type { Role } from "./bindings/Role";
import type { SearchHit } from "./bindings/SearchHit";
import type { StoreChangesView } from "./bindings/StoreChangesView";
import type { Session } from "./bindings/Session";
import type { StuckHandoffView } from "./bindings/StuckHandoffView";
import type { TitleJump } from "./bindings/TitleJump";
import { errorState } from "./errorState.svelte";
import { TOPIC_RESENT_TEXT, toIpcError } from "./errors";
import { RECENT_HANDOFFS_LIMIT } from "./handoff";

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type InvokeFn = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

export interface CallOptions {
  /** Failures for which this returns true are not reported to the banner: the caller shows them itself. */
  quiet?: (error: IpcError) => boolean;
  /**
   * The banner's sentence for this command's failure where the code's general one would mislead (null: the general
   * one): a topic the window sends again by itself must not ask the agent to try again.
   */
  text?: (error: IpcError) => string | null;
}

/** Where an opened entry came from; all null when it was opened outside a call or without a search. */
export interface OpenContext {
  callId: number | null;
  query: string | null;
  resultCount: number | null;
}

export const NO_OPEN_CONTEXT: OpenContext = { callId: null, query: null, resultCount: null };

/** Number of hits the search column shows. */
export const SEARCH_LIMIT = 10;

/** Number of calls in "Meine letzten Anrufe". */
export const RECENT_CALLS_LIMIT = 10;

/** Open forwards asked for at first; "Weitere anzeigen" asks for this many more. */
export const OPEN_FORWARDS_PAGE = 20;

/** A form's own error: invalid input about a named field. The form shows it next to the field, not in the banner. */
export function isFieldError(error: IpcError): boolean {
  return error.code === "INVALID_INPUT" && error.field !== null;
}

/**
 * A refused portal application: the form asks `check_handoff` for every problem and shows them inline, so no
 * INVALID_INPUT goes to the banner (the core names only the first field in the error).
 */
export function isInvalidInput(error: IpcError): boolean {
  return error.code === "INVALID_INPUT";
}

export function createIpc(invoke: InvokeFn, report: (error: IpcError, text: string | null) => void) {
  async function call<T>(
    cmd: string,
    args: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<Result<T>> {
    try {
      // `invoke` itself can throw synchronously-ish outside Tauri (no IPC bridge); `await` inside `try` catches both.
      const value = (await invoke(cmd, args)) as T;
      return { ok: true, value };
    } catch (rejection) {
      const error = toIpcError(rejection);
      console.error(`IPC ${cmd} failed`, error);
      if (!options.quiet?.(error)) report(error, options.text?.(error) ?? null);
      return { ok: false, error };
    }
  }

  const formCall = { quiet: isFieldError };
  const handoffCall = { quiet: isInvalidInput };
  // Reads repeated every few seconds in the background: a failure is logged, not put in the banner again and again
  // (the list or the figures keep what they showed). Only "nobody signed in" still reaches the window, which then asks
  // who is here.
  const backgroundCall = { quiet: (error: IpcError) => error.code !== "NOT_SIGNED_IN" };
  // Asked from a row of a list or the application dialog: the failure is shown there, next to the button. Only
  // "nobody signed in" still reaches the window, which then asks who is here.
  const besideRow = { quiet: (error: IpcError) => error.code !== "NOT_SIGNED_IN" };
  // The title jump goes out with every search; the search reports the same trouble (once), the jump only logs it.
  const besideSearch = { quiet: () => true };
  // An opening's first write: the window keeps a topic the store could not take and sends it again by itself.
  const resentByItself = {
    text: (error: IpcError) => (error.code === "STORE_FAILED" ? TOPIC_RESENT_TEXT : null),
  };

  return {
    call,
    search: (query: string, limit: number = SEARCH_LIMIT) => call<SearchHit[]>("search", { query, limit }),
    /** "Direkt zu": the core's fuzzy title jump (best first). */
    jump: (query: string) => call<TitleJump[]>("jump", { query }, besideSearch),
    /** The entry as an answer, its focus chosen by the search that found it; reads the knowledge base only. */
    openEntry: (id: string, query: string | null = null) => call<Answer>("open_entry", { id, query }),
    /**
     * What opening an entry means for the store: during a call a topic, and the search that led to it logged. The
     * opening's key makes sending it again safe; a repeat (`again`) is quiet, the first failure was reported.
     */
    noteOpened: (id: string, context: OpenContext = NO_OPEN_CONTEXT, requestKey: string | null = null, again = false) =>
      call<null>("note_opened", {
        id,
        callId: context.callId,
        query: context.query,
        resultCount: context.resultCount,
        requestKey,
      }, again ? backgroundCall : resentByItself),
    ask: (question: string) => call<Answer | null>("ask", { question }),
    appInfo: () => call<AppInfo>("app_info"),
    reloadKb: () => call<AppInfo>("reload_kb"),

    session: () => call<Session>("session"),
    signIn: (name: string, role: Role, password: string | null = null) =>
      call<Session>("sign_in", { name, role, password }, formCall),
    signOut: () => call<Session>("sign_out"),
    startCall: (requestKey: string) => call<CallView>("start_call", { requestKey }),
    logSearch: (callId: number | null, query: string, resultCount: number) =>
      call<null>("log_search", { callId, query, resultCount }),
    removeTopic: (callId: number, entryId: string) => call<CallView>("remove_topic", { callId, entryId }),
    saveNotes: (callId: number, notes: string) => call<null>("save_notes", { callId, notes }),
    forwardPreview: () => call<DueView>("forward_preview"),
    forward: (callId: number, form: ForwardForm, requestKey: string) =>
      call<ForwardView>("forward", { callId, form, requestKey }, formCall),
    endCall: (callId: number, outcome: Outcome) => call<CallView>("end_call", { callId, outcome }, formCall),
    recentCalls: (limit: number = RECENT_CALLS_LIMIT) => call<CallView[]>("recent_calls", { limit }),
    /** The agent's own open forwards (or the centre's), the first `limit`, with the counts of both. */
    openForwards: (scope: ForwardScopeView = "mine", limit: number = OPEN_FORWARDS_PAGE) =>
      call<OpenForwardListView>("open_forwards", { scope, limit }),
    markForwardDone: (forwardId: number) => call<ForwardDoneView>("mark_forward_done", { forwardId }),
    offices: () => call<TitleJump[]>("offices"),

    // Supervisor (Teamleitung). A rejected period (`from`/`to`) or role is shown next to the picker or the switch.
    /**
     * The figures of a period. A `background` read (the dashboard's refresh every few seconds) reports only "nobody
     * signed in": the dashboard says itself that its figures are not current.
     */
    figures: (period: PeriodArg, { background = false }: { background?: boolean } = {}) =>
      call<FiguresView>("figures", { period }, background ? backgroundCall : formCall),
    exportCsv: (period: PeriodArg, kind: ExportKind) => call<ExportView>("export_csv", { period, kind }, formCall),
    /** A refusal (FORBIDDEN: not Teamleitung, or a field error) is shown next to the switch, not in the banner. */
    setPerAgentFigures: (enabled: boolean) =>
      call<boolean>("set_per_agent_figures", { enabled }, {
        quiet: (error: IpcError) => isFieldError(error) || error.code === "FORBIDDEN",
      }),
    /** Applications stuck on the way to the portal: flagged first, then those not delivered in time. */
    stuckHandoffs: () => call<StuckHandoffView[]>("stuck_handoffs", {}, backgroundCall),

    // Portal applications ("Mein Bochum"). `values` are the form's flat values by dotted path.
    handoffForm: (service: string, callId: number | null) =>
      call<HandoffFormView>("handoff_form", { service, callId }),
    handoffCorrection: (handoffId: number) => call<HandoffFormView>("handoff_correction", { handoffId }),
    checkHandoff: (service: string, values: Record<string, string>) =>
      call<FieldProblemView[]>("check_handoff", { service, values }, formCall),
    submitHandoff: (callId: number, service: string, values: Record<string, string>, requestKey: string) =>
      call<HandoffView>("submit_handoff", { callId, service, values, requestKey }, handoffCall),
    correctHandoff: (handoffId: number, values: Record<string, string>) =>
      call<HandoffView>("correct_handoff", { handoffId, values }, handoffCall),
    /** A pending application: try now. A refusal (being sent right now, already delivered) is not for the banner. */
    retryHandoff: (handoffId: number) => call<HandoffView>("retry_handoff", { handoffId }, formCall),
    callHandoffs: (callId: number) => call<HandoffView[]>("call_handoffs", { callId }, backgroundCall),
    /** The desk's newest applications and how many there are in all. */
    recentHandoffs: (limit: number = RECENT_HANDOFFS_LIMIT) =>
      call<HandoffListView>("recent_handoffs", { limit }, backgroundCall),
    /**
     * "Stand abfragen": asks the portal what the office decided about a delivered application and records it; answers
     * the application with `portalState`/`portalStateLabel`. PORTAL_UNAVAILABLE (nothing changed) and other
     * failures are shown next to the button, not in the banner.
     */
    checkPortalDecision: (handoffId: number) =>
      call<HandoffView>("check_portal_decision", { handoffId }, besideRow),
    portalStatus: () => call<PortalStatusView>("portal_status", {}, backgroundCall),
    storeChanges: (seen: number) => call<StoreChangesView>("store_changes", { seen }, backgroundCall),
  };
}

export type Ipc = ReturnType<typeof createIpc>;

export const ipc: Ipc = createIpc(
  (cmd, args) => tauriInvoke(cmd, args),
  (error, text) => errorState.report(error, text),
);
