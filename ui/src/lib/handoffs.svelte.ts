// The portal applications as the case panel lists them: the active call's, the desk's newest, and whether the desk
// sends at all. Refreshed by one poller (one request set in flight at most; a change of call drops older answers).
// One instance per window; talks to the core through `Ipc` only.
import type { HandoffView } from "./bindings/HandoffView";
import type { PortalStatusView } from "./bindings/PortalStatusView";
import { HANDOFF_LIST_REFRESH_MS } from "./handoff";
import type { Ipc, Result } from "./ipc";
import { createPoller, type Poller } from "./refresh";

interface Snapshot {
  callId: number | null;
  call: Result<HandoffView[]> | null;
  desk: Result<HandoffView[]>;
  portal: Result<PortalStatusView>;
}

export class Handoffs {
  /** The active call's applications, oldest first. */
  callList = $state<HandoffView[]>([]);
  /** The desk's newest applications ("Portal-Anträge"). */
  deskList = $state<HandoffView[]>([]);
  /** Null until the first answer. */
  portal = $state<PortalStatusView | null>(null);

  private readonly ipc: Ipc;
  private readonly poller: Poller;
  private callId: number | null = null;

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
    if (desk.ok) this.deskList = desk.value;
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
  }

  /** "Jetzt senden" for a pending application. */
  async retry(handoffId: number): Promise<void> {
    await this.ipc.retryHandoff(handoffId);
    this.reload();
  }

  dispose(): void {
    this.poller.dispose();
  }
}
