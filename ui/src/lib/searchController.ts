// Search as you type: every keystroke searches at once, and only the newest request can change the result list.

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

/**
 * The pause before a search: none. The core answers in well under a millisecond, so a fixed pause only delayed every
 * result (it was 50 ms, the whole budget from keystroke to painted results); a keystroke is at least tens of
 * milliseconds after the last one, so searches rarely overlap, and when they do the sequencer drops the older answer.
 * Kept as a constant for the tests that wait "until the search ran".
 */
export const SEARCH_DEBOUNCE_MS = 0;

export interface SearchControllerOptions<T> {
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
   * Searches `query` and says how it went (Enter pressed before the list answered the box's text: a paste, a scanner,
   * a fast typist). Resolves true when its results were applied, false when it failed or a newer request overtook it.
   */
  now(query: string): Promise<boolean>;
  /** Makes in-flight searches stale and ignores further input. */
  dispose(): void;
}

export function createSearchController<T>(options: SearchControllerOptions<T>): SearchController {
  const sequencer = new Sequencer();
  let disposed = false;

  async function run(query: string): Promise<boolean> {
    const seq = sequencer.next();
    const results = await options.fetch(query);
    // A response that arrives after a newer request was issued (or after the box was emptied) is dropped.
    if (!sequencer.isCurrent(seq) || results === undefined) return false;
    options.apply(query, results);
    return true;
  }

  function blank(query: string): boolean {
    if (query.trim() !== "") return false;
    sequencer.invalidate();
    options.clear();
    return true;
  }

  return {
    input(query: string) {
      if (disposed || blank(query)) return;
      void run(query);
    },
    now(query: string) {
      if (disposed || blank(query)) return Promise.resolve(false);
      return run(query);
    },
    dispose() {
      disposed = true;
      sequencer.invalidate();
    },
  };
}
