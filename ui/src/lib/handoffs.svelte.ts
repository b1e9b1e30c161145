// The portal applications as the case panel lists them: the active call's, the desk's newest, and whether the desk
// sends at all. Refreshed by one poller (one request set in flight at most; a change of call drops older answers).
// One instance per window; talks to the core through `Ipc` only.
// "Stand abfragen" (what the office decided) puts the core's answer into both lists at once, and remembers per
// application whether a request runs and why the last one failed (shown at the row, not in the banner).
import { SvelteMap, SvelteSet } from "svelte/reactivity";
import type { HandoffListView } from "./bindings/HandoffListView";
import type { HandoffView } from "./bindings/HandoffView";
import type { PortalStatusView } from "./bindings/PortalStatusView";
import { HANDOFF_LIST_REFRESH_MS, checkFailedText, replaceHandoff } from "./handoff";
import type { Ipc, Result } from "./ipc";
import { createPoller, type Poller } from "./refresh";

interface Snapshot {
  callId: number | null;
  call: Result<HandoffView[]> | null;
  desk: Result<HandoffListView>;
  portal: Result<PortalStatusView>;
}

export class Handoffs {
  /** The active call's applications, oldest first. */
  callList = $state<HandoffView[]>([]);
  /** The desk's newest applications ("Portal-Anträge"). */
  deskList = $state<HandoffView[]>([]);
  /** How many applications there are in all; `deskList` holds the newest of them. */
  deskTotal = $state<number | null>(null);
  /** Null until the first answer. */
  portal = $state<PortalStatusView | null>(null);
  /** Applications (by id) whose "Stand abfragen" is running. */
  readonly checking = new SvelteSet<number>();
  /** Why the last "Stand abfragen" of an application failed (German), until it is asked again. */
  readonly checkErrors = new SvelteMap<number, string>();

  private readonly ipc: Ipc;
  private readonly poller: Poller;
  private callId: number | null = null;
  /** Bumped by `clear()`: a "Stand abfragen" answered after a sign-out is not shown to the next agent. */
  private epoch = 0;

  constructor(ipc: Ipc, intervalMs: number = HANDOFF_LIST_REFRESH_MS) {
    this.ipc = ipc;
    this.poller = createPoller<Snapshot>({
      intervalMs,
      fetch: async () => {
        const callId = this.callId;
        const [call, desk, portal] = await Promise.all([
          callId === null ? Promise.resolve(null) : this.ipc.callHandoffs(callId),
          this.ipc.recentHandoffs(),
          this.ipc.portalStatus(),
        ]);
        return { callId, call, desk, portal };
      },
      apply: (snapshot) => this.apply(snapshot),
    });
  }

  private apply({ callId, call, desk, portal }: Snapshot): void {
    if (callId === this.callId) {
      if (call === null) this.callList = [];
      else if (call.ok) this.callList = call.value;
    }
    if (desk.ok) {
      this.deskList = desk.value.handoffs;
      this.deskTotal = desk.value.total;
    }
    if (portal.ok) this.portal = portal.value;
  }

  /** Refreshes while the agent view is on screen and someone is signed in. */
  setActive(active: boolean): void {
    this.poller.setActive(active);
  }

  /** The active call changed: its list starts empty and is asked for at once. */
  setCall(callId: number | null): void {
    if (callId === this.callId) return;
    this.callId = callId;
    this.callList = [];
    this.poller.reload();
  }

  /** Something changed here (sent, corrected, retried): ask again now. */
  reload(): void {
    this.poller.reload();
  }

  /** Signed out: nothing of the previous agent's desk stays on screen. */
  clear(): void {
    this.callList = [];
    this.deskList = [];
    this.deskTotal = null;
    this.checkErrors.clear();
    this.epoch += 1;
  }

  /** "Jetzt senden" for a pending application. */
  async retry(handoffId: number): Promise<void> {
    await this.ipc.retryHandoff(handoffId);
    this.reload();
  }

  /**
   * "Stand abfragen" for a delivered application: asks the portal (through the core) what the office decided. The
   * answer replaces the application in both lists at once; a failure is kept for its row ("nobody signed in" goes to
   * the window, which asks who is here). A second click while one runs does nothing.
   */
  async checkDecision(handoffId: number): Promise<void> {
    if (this.checking.has(handoffId)) return;
    this.checking.add(handoffId);
    this.checkErrors.delete(handoffId);
    const epoch = this.epoch;
    const result = await this.ipc.checkPortalDecision(handoffId);
    this.checking.delete(handoffId);
    if (epoch !== this.epoch) return;
    if (result.ok) {
      this.put(result.value);
    } else if (result.error.code !== "NOT_SIGNED_IN") {
      this.checkErrors.set(handoffId, checkFailedText(result.error));
    }
  }

  /**
   * The core answered a newer state of one application: it shows at once, and a refresh already in flight (asked
   * before, so without it) is dropped and asked again.
   */
  put(handoff: HandoffView): void {
    this.callList = replaceHandoff(this.callList, handoff);
    this.deskList = replaceHandoff(this.deskList, handoff);
    this.reload();
  }

  dispose(): void {
    this.poller.dispose();
  }
}
