// The desk's session and call log as the window shows them: who is signed in, the active call, its notes, the recent
// calls and the open forwards. It talks to the core through `Ipc` only and keeps the logic in the pure modules
// (callState, notesAutosave); components read its fields and call its methods. One instance per window.
import { afterNextPaint } from "./afterPaint";
import type { AgentView } from "./bindings/AgentView";
import type { Answer } from "./bindings/Answer";
import type { CallView } from "./bindings/CallView";
import type { DueView } from "./bindings/DueView";
import type { ForwardForm } from "./bindings/ForwardForm";
import type { ForwardCountsView } from "./bindings/ForwardCountsView";
import type { ForwardScopeView } from "./bindings/ForwardScopeView";
import type { ForwardView } from "./bindings/ForwardView";
import type { Outcome } from "./bindings/Outcome";
import type { Role } from "./bindings/Role";
import type { Session } from "./bindings/Session";
import type { SignInKindView } from "./bindings/SignInKindView";
import type { TitleJump } from "./bindings/TitleJump";
import { NO_CALL, callReducer, defaultOutcome, type CallEvent, type CallState } from "./callState";
import { OPEN_FORWARDS_PAGE, isFieldError, type Ipc, type Result } from "./ipc";
import { createNotesAutosave, type NotesAutosave, type NotesStatus } from "./notesAutosave";
import type { AbandonedSearch } from "./searchLog";
import { newRequestKey } from "./requestKey";
import { Sequencer } from "./searchController";

/** Lists are refreshed after every change made here and also this often (forwards fall due while nobody clicks). */
export const LIST_REFRESH_MS = 30_000;
/** How often the window asks whether a store that could not be opened is open now (the core tries on its own). */
export const STORE_RETRY_POLL_MS = 5_000;
/** How often the footer's knowledge-base figures are asked again (the core reloads what editors publish by itself). */
export const INFO_REFRESH_MS = 60_000;

/** How often an opened entry's write that failed (the store was away) is sent again. */
export const OPENING_RETRY_MS = 5_000;

/** How `endCall` went: ended, refused by the core (the result says why), or not tried because notes or topics are unsaved. */
export type EndCallResult =
  | { kind: "ended"; call: CallView }
  | { kind: "failed"; result: Result<CallView> }
  | { kind: "notes-unsaved" }
  | { kind: "topics-unsaved" }
  | { kind: "skipped" };

/** An opened entry whose write has not reached the store yet: sent again under its key until it does. */
export interface UnsavedOpening {
  key: string;
  entry: { id: string; title: string };
  callId: number | null;
  search: AbandonedSearch | null;
}

export class Desk {
  /** The first `session` answer has arrived (until then neither the sign-in dialog nor the call bar are shown). */
  ready = $state(false);
  agent = $state<AgentView | null>(null);
  agents = $state<AgentView[]>([]);
  /** What the sign-in dialog asks for: name and role (desk password for Teamleitung), or the person's own login. */
  signInKind = $state<SignInKindView>("desk_password");
  calls = $state<CallState>(NO_CALL);
  recent = $state<CallView[]>([]);
  /** The open forwards listed: the first of the agent's own (or, when chosen, the centre's), earliest due first. */
  forwards = $state<ForwardView[]>([]);
  /** Whose open forwards are listed, and how many at most (grows with "Weitere anzeigen"). */
  forwardScope = $state<ForwardScopeView>("mine");
  forwardLimit = $state(OPEN_FORWARDS_PAGE);
  /** The core's counts of the agent's own and the centre's open forwards, and how many of the scope are not listed. */
  forwardCounts = $state<{ mine: ForwardCountsView; all: ForwardCountsView; notListed: number } | null>(null);
  /** Set when a colleague had already marked a forward done (the core's German sentence); cleared by the next one. */
  forwardNotice = $state<string | null>(null);
  offices = $state<TitleJump[]>([]);
  notesText = $state("");
  notesStatus = $state<NotesStatus>({ kind: "idle" });
  /** A call is being started or ended; the call keys wait meanwhile. */
  busy = $state<"starting" | "ending" | null>(null);
  /** Opened entries whose write failed because the store was away; the case panel shows their topics as unsaved. */
  unsavedOpenings = $state.raw<UnsavedOpening[]>([]);

  readonly notes: NotesAutosave;
  private readonly ipc: Ipc;
  /** The key of "take a call" until a start is confirmed (see `startCall`). */
  private startKey: string | null = null;
  /** The key of the forward being sent for a call until it is confirmed (see `forward`). */
  private forwardKey: { callId: number; key: string } | null = null;
  private readonly recentSeq = new Sequencer();
  private readonly forwardsSeq = new Sequencer();
  private officesLoaded = false;
  /** Writes about the active call that are still on their way (`note_opened`). */
  private readonly pendingWrites = new Set<Promise<unknown>>();
  private openingRetry: ReturnType<typeof setTimeout> | null = null;

  constructor(ipc: Ipc) {
    this.ipc = ipc;
    this.notes = createNotesAutosave({
      save: async (text) => {
        const call = this.calls.call;
        if (call === null) return true;
        return (await this.ipc.saveNotes(call.id, text)).ok;
      },
      onStatus: (status) => (this.notesStatus = status),
    });
  }

  get call(): CallView | null {
    return this.calls.call;
  }

  /** The outcome the end dialog pre-selects. */
  get suggestedOutcome(): Outcome | null {
    return defaultOutcome(this.calls);
  }

  /** Whether the active call was forwarded in this window. */
  get forwarded(): boolean {
    const call = this.calls.call;
    return call !== null && this.calls.forwarded.includes(call.id);
  }

  private dispatch(event: CallEvent): void {
    this.calls = callReducer(this.calls, event);
  }

  private startNotes(text: string): void {
    this.notesText = text;
    this.notes.reset(text);
  }

  private applySession(session: Session): void {
    const before = this.calls.call?.id ?? null;
    this.agent = session.agent;
    this.agents = session.agents;
    this.signInKind = session.signInKind;
    if (session.agent === null) {
      this.dispatch({ type: "cleared" });
    } else {
      this.dispatch({ type: "resumed", call: session.activeCall });
    }
    const after = this.calls.call;
    if ((after?.id ?? null) !== before) this.startNotes(after?.notes ?? "");
  }

  /** On start: who is signed in here, and a call still active from before a restart. */
  async loadSession(): Promise<void> {
    const result = await this.ipc.session();
    if (result.ok) this.applySession(result.value);
    this.ready = true;
    if (this.agent) void this.refreshLists();
  }

  /** Asks the core again, e.g. after it refused something about the active call. */
  async resync(): Promise<void> {
    const result = await this.ipc.session();
    if (result.ok) this.applySession(result.value);
  }

  async signIn(name: string, role: Role, password: string | null = null): Promise<Result<Session>> {
    const result = await this.ipc.signIn(name.trim(), role, password);
    if (result.ok) {
      this.applySession(result.value);
      void this.refreshLists();
    }
    return result;
  }

  async signOut(): Promise<void> {
    if (this.calls.call) return; // end the call first; the button is disabled meanwhile
    const result = await this.ipc.signOut();
    if (!result.ok) return;
    this.applySession(result.value);
    this.recent = [];
    this.forwards = [];
    this.forwardCounts = null;
    this.forwardScope = "mine";
    this.forwardLimit = OPEN_FORWARDS_PAGE;
  }

  /**
   * Takes a call. Null when one is active already, nobody is signed in, or the core refused. The request key stays
   * until a start is confirmed: if the answer was lost (the store's connection broke), F2 again resumes the call the
   * first try started instead of starting a second one.
   */
  async startCall(): Promise<CallView | null> {
    if (this.calls.call || this.busy || !this.agent) return null;
    this.busy = "starting";
    try {
      this.startKey ??= newRequestKey();
      const result = await this.ipc.startCall(this.startKey);
      if (!result.ok) return null;
      this.startKey = null;
      this.dispatch({ type: "started", call: result.value });
      this.startNotes(result.value.notes);
      return result.value;
    } finally {
      this.busy = null;
    }
  }

  /**
   * Opens an entry. The answer comes from the knowledge base alone, so it is shown without waiting for the store;
   * once it is painted the core records the opening (during a call a topic, and the search that led to it for the knowledge gaps),
   * and the window adds the topic once the core confirms it.
   */
  async openEntry(id: string, search: AbandonedSearch | null): Promise<Result<Answer>> {
    const callId = this.calls.call?.id ?? null;
    const result = await this.ipc.openEntry(id, search?.query ?? null);
    // The write goes out once the answer is painted: its reply (and the topic it adds) would otherwise be handled
    // inside the answer's frame and delay it.
    if (result.ok) {
      const { id: entryId, title } = result.value.entry;
      const opening: UnsavedOpening = { key: newRequestKey(), entry: { id: entryId, title }, callId, search };
      this.track(afterNextPaint().then(() => this.noteOpened(opening, false)));
    }
    return result;
  }

  /**
   * Sends an opening's write. When the store is away (STORE_FAILED) the opening is kept and sent again every
   * OPENING_RETRY_MS under the same key, so it is written once when the store is back; any other refusal is final.
   * True when it is written.
   */
  private async noteOpened(opening: UnsavedOpening, again: boolean): Promise<boolean> {
    const { entry, callId, search } = opening;
    const context = { callId, query: search?.query ?? null, resultCount: search?.resultCount ?? null };
    const noted = await this.ipc.noteOpened(entry.id, context, opening.key, again);
    const others = this.unsavedOpenings.filter((o) => o.key !== opening.key);
    if (noted.ok) {
      this.unsavedOpenings = others;
      if (callId !== null) this.dispatch({ type: "opened", callId, topic: { entryId: entry.id, title: entry.title } });
      return true;
    }
    this.unsavedOpenings = noted.error.code === "STORE_FAILED" ? [...others, opening] : others;
    this.scheduleOpeningRetry();
    return false;
  }

  private scheduleOpeningRetry(): void {
    if (this.openingRetry !== null || this.unsavedOpenings.length === 0) return;
    this.openingRetry = setTimeout(() => {
      this.openingRetry = null;
      // A failed resend schedules the next one (see `noteOpened`).
      this.track(this.resendOpenings());
    }, OPENING_RETRY_MS);
  }

  /** Sends the unsaved openings again, oldest first (topics keep their order). True when none is left unsaved. */
  private async resendOpenings(): Promise<boolean> {
    for (const opening of [...this.unsavedOpenings]) {
      if (!(await this.noteOpened(opening, true))) return false;
    }
    return true;
  }

  /** Titles of the active call's opened entries not yet in the store (shown as unsaved topics). */
  get unsavedTopics(): { entryId: string; title: string }[] {
    const call = this.calls.call;
    if (call === null) return [];
    return this.unsavedOpenings
      .filter((o) => o.callId === call.id && !call.topics.some((t) => t.entryId === o.entry.id))
      .map((o) => ({ entryId: o.entry.id, title: o.entry.title }));
  }

  /** Keeps a write of the active call until it is done, so ending or forwarding the call comes after it. */
  private track(write: Promise<unknown>): void {
    this.pendingWrites.add(write);
    void write.finally(() => this.pendingWrites.delete(write));
  }

  /** Waits for the call's writes still on their way (they never reject: `call` turns failures into results). */
  private async settleWrites(): Promise<void> {
    await Promise.all([...this.pendingWrites]);
  }

  /** A search that ended without anything opened (knowledge gaps). */
  async logSearch(search: AbandonedSearch): Promise<void> {
    await this.ipc.logSearch(this.calls.call?.id ?? null, search.query, search.resultCount);
  }

  async removeTopic(entryId: string): Promise<void> {
    const call = this.calls.call;
    if (!call) return;
    const result = await this.ipc.removeTopic(call.id, entryId);
    if (result.ok) this.dispatch({ type: "updated", call: result.value });
  }

  notesInput(text: string): void {
    this.notesText = text;
    this.notes.change(text);
  }

  notesBlur(): void {
    this.notes.blur();
  }

  /** All office entries for the forward dialog; loaded once. */
  async loadOffices(): Promise<TitleJump[]> {
    if (!this.officesLoaded) {
      const result = await this.ipc.offices();
      if (result.ok) {
        this.offices = result.value;
        this.officesLoaded = true;
      }
    }
    return this.offices;
  }

  async forwardPreview(): Promise<DueView | null> {
    const result = await this.ipc.forwardPreview();
    return result.ok ? result.value : null;
  }

  /**
   * Forwards the active call's question. Null without an active call. As with `startCall`, the key stays until the
   * forward is confirmed, so sending the dialog again after a lost answer writes no second forward.
   */
  async forward(form: ForwardForm): Promise<Result<ForwardView> | null> {
    const call = this.calls.call;
    if (!call) return null;
    if (this.forwardKey?.callId !== call.id) this.forwardKey = { callId: call.id, key: newRequestKey() };
    await this.settleWrites();
    // Best effort: a topic still unsaved stays listed and is resent; the forward itself does not wait for it.
    await this.resendOpenings();
    const result = await this.ipc.forward(call.id, form, this.forwardKey.key);
    if (result.ok) {
      this.forwardKey = null;
      this.dispatch({ type: "forwarded", callId: call.id });
      void this.refreshLists();
    }
    return result;
  }

  /** Ends the active call with `outcome`, after its notes are stored (nothing typed is lost by ending). */
  async endCall(outcome: Outcome): Promise<EndCallResult> {
    const call = this.calls.call;
    if (!call || this.busy) return { kind: "skipped" };
    this.busy = "ending";
    try {
      if (!(await this.notes.flush())) return { kind: "notes-unsaved" };
      await this.settleWrites();
      // A topic the store has not taken yet would be missing from the ended call and its figures.
      await this.resendOpenings();
      if (this.unsavedOpenings.some((o) => o.callId === call.id)) return { kind: "topics-unsaved" };
      const result = await this.ipc.endCall(call.id, outcome);
      if (!result.ok) {
        // Not a form error: the call may have been ended elsewhere; take the core's view.
        if (!isFieldError(result.error)) void this.resync();
        return { kind: "failed", result };
      }
      this.dispatch({ type: "ended", call: result.value });
      this.startNotes("");
      void this.refreshLists();
      return { kind: "ended", call: result.value };
    } finally {
      this.busy = null;
    }
  }

  /** Reloads "Meine letzten Anrufe" and "Offene Weiterleitungen"; older answers never overwrite newer ones. */
  async refreshLists(): Promise<void> {
    if (!this.agent) return;
    const recentSeq = this.recentSeq.next();
    const forwardsSeq = this.forwardsSeq.next();
    const [recent, forwards] = await Promise.all([
      this.ipc.recentCalls(),
      this.ipc.openForwards(this.forwardScope, this.forwardLimit),
    ]);
    if (recent.ok && this.recentSeq.isCurrent(recentSeq)) this.recent = recent.value;
    if (forwards.ok && this.forwardsSeq.isCurrent(forwardsSeq)) {
      const list = forwards.value;
      this.forwards = list.forwards;
      this.forwardCounts = { mine: list.mine, all: list.all, notListed: list.notListed };
    }
  }

  /** "Meine" or "Alle" in the open forwards: lists the first of that scope. */
  async showForwards(scope: ForwardScopeView): Promise<void> {
    this.forwardScope = scope;
    this.forwardLimit = OPEN_FORWARDS_PAGE;
    await this.refreshLists();
  }

  /** "Weitere anzeigen": lists the next page of the scope too. */
  async moreForwards(): Promise<void> {
    this.forwardLimit += OPEN_FORWARDS_PAGE;
    await this.refreshLists();
  }

  async markForwardDone(forwardId: number): Promise<void> {
    const result = await this.ipc.markForwardDone(forwardId);
    if (!result.ok) return;
    this.forwardNotice = result.value.notice;
    this.forwardsSeq.invalidate();
    this.forwards = this.forwards.filter((f) => f.id !== forwardId);
    void this.refreshLists();
  }

  dispose(): void {
    this.notes.dispose();
    if (this.openingRetry !== null) clearTimeout(this.openingRetry);
    this.openingRetry = null;
  }
}
