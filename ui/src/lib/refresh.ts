// Refreshing a view by itself while it is visible, without ever piling up requests:
// - at most one request is in flight; a tick that comes while one is still running is skipped;
// - `reload()` (the request changed, e.g. another period) makes every earlier request stale: its answer is dropped
//   when it arrives, and the new request goes out at once, or as soon as the one in flight has settled;
// - while inactive (view hidden, window minimised) nothing ticks.

/** How often the supervisor's figures are refreshed while the dashboard is on screen. */
export const FIGURES_REFRESH_MS = 5_000;

export interface PollerOptions<T> {
  intervalMs: number;
  /** One request. Reads what to ask for when it is called (after a `reload()`, the new request). */
  fetch: () => Promise<T>;
  /** Receives the answer of a request that is still current. */
  apply: (value: T) => void;
  /** Whether a request is in flight (for a quiet "wird aktualisiert" hint). */
  onBusy?: (busy: boolean) => void;
}

export interface Poller {
  /** Starts (loading at once, then every `intervalMs`) or stops the refresh. Repeating the same value does nothing. */
  setActive(active: boolean): void;
  /** The request changed: drops the answers of earlier requests and asks again now (when active). */
  reload(): void;
  /** Stops for good; answers still in flight are dropped. */
  dispose(): void;
  readonly active: boolean;
  readonly inFlight: boolean;
}

export function createPoller<T>(options: PollerOptions<T>): Poller {
  let active = false;
  let disposed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let inFlight = false;
  /** Bumped by `reload()`: answers to requests made under an older generation are stale. */
  let generation = 0;
  /** A reload came while a request was in flight: ask again as soon as it settles. */
  let queued = false;

  function setBusy(busy: boolean): void {
    inFlight = busy;
    options.onBusy?.(busy);
  }

  async function run(): Promise<void> {
    if (disposed) return;
    if (inFlight) {
      queued = true;
      return;
    }
    const asked = generation;
    setBusy(true);
    let value: T | undefined;
    let ok = false;
    try {
      value = await options.fetch();
      ok = true;
    } catch (error) {
      // The IPC layer never throws; anything else is a bug worth seeing in the log, not a reason to stop refreshing.
      console.error("refresh failed", error);
    } finally {
      setBusy(false);
    }
    if (ok && !disposed && asked === generation) options.apply(value as T);
    if (queued && !disposed) {
      queued = false;
      if (active) void run();
    }
  }

  function tick(): void {
    if (!inFlight) void run();
  }

  function stopTimer(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  return {
    setActive(next: boolean) {
      if (disposed || next === active) return;
      active = next;
      if (next) {
        void run();
        timer = setInterval(tick, options.intervalMs);
      } else {
        stopTimer();
        queued = false;
      }
    },
    reload() {
      if (disposed) return;
      generation += 1;
      if (active) void run();
    },
    dispose() {
      stopTimer();
      active = false;
      queued = false;
      disposed = true;
      generation += 1;
    },
    get active() {
      return active;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
