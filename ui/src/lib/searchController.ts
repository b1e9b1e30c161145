// Search as you type: debounce keystrokes and make sure only the newest request can change the result list.

/** Hands out increasing sequence numbers; only the most recently issued one is current. */
export class Sequencer {
  private issued = 0;

  /** Starts a new request and returns its number. */
  next(): number {
    this.issued += 1;
    return this.issued;
  }

  /** Makes every request issued so far stale (used when the box is emptied). */
  invalidate(): void {
    this.issued += 1;
  }

  isCurrent(seq: number): boolean {
    return seq === this.issued;
  }
}

/** Keystrokes closer together than this are sent as one search. Kept under 60 ms so typing feels immediate. */
export const SEARCH_DEBOUNCE_MS = 50;

export interface SearchControllerOptions<T> {
  debounceMs?: number;
  /** Runs one search. Resolves `undefined` when it failed (the failure has been reported elsewhere). */
  fetch: (query: string) => Promise<T | undefined>;
  /** Receives the results of the newest request only. */
  apply: (query: string, results: T) => void;
  /** Called at once when the query becomes blank. */
  clear: () => void;
}

export interface SearchController {
  /** Feed the current text of the search box. */
  input(query: string): void;
  /**
   * Searches `query` at once, skipping the pause (Enter pressed before the pause ran out: a paste, a scanner, a fast
   * typist). Resolves true when its results were applied, false when it failed or a newer request overtook it.
   */
  now(query: string): Promise<boolean>;
  /** Cancels a pending search and makes in-flight ones stale. */
  dispose(): void;
}

export function createSearchController<T>(options: SearchControllerOptions<T>): SearchController {
  const debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;
  const sequencer = new Sequencer();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  async function run(query: string): Promise<boolean> {
    const seq = sequencer.next();
    const results = await options.fetch(query);
    // A response that arrives after a newer request was issued (or after the box was emptied) is dropped.
    if (!sequencer.isCurrent(seq) || results === undefined) return false;
    options.apply(query, results);
    return true;
  }

  return {
    input(query: string) {
      cancelTimer();
      if (query.trim() === "") {
        sequencer.invalidate();
        options.clear();
        return;
      }
      timer = setTimeout(() => {
        timer = undefined;
        void run(query);
      }, debounceMs);
    },
    now(query: string) {
      cancelTimer();
      if (query.trim() === "") {
        sequencer.invalidate();
        options.clear();
        return Promise.resolve(false);
      }
      return run(query);
    },
    dispose() {
      cancelTimer();
      sequencer.invalidate();
    },
  };
}
