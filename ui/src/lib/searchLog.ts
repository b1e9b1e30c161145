// Which searches were abandoned. A search that ends without any entry opened is what the knowledge-gap figures are
// made of; one that led to an opened entry is logged by `note_opened`. The box reports what it showed and what
// was opened; when it is cleared (Esc, or a new call) this says whether that search must be logged.

/** Shorter queries are typing noise, not questions. */
export const MIN_LOGGED_QUERY = 3;

export interface AbandonedSearch {
  query: string;
  resultCount: number;
}

export class SearchLogTracker {
  private answered: AbandonedSearch | null = null;
  private readonly opened = new Set<string>();

  /** The result list now shows `resultCount` hits for `query`. */
  results(query: string, resultCount: number): void {
    this.answered = { query: query.trim(), resultCount };
  }

  /** An entry was opened from the hits for `query`. */
  open(query: string): void {
    this.opened.add(query.trim());
  }

  /**
   * The box holding `query` is being cleared. Returns the search to log, or null: when it is too short, when an entry
   * was opened for it, or when its results never arrived (the agent did not see them, and a count would be a guess).
   * Forgets everything either way.
   */
  abandon(query: string): AbandonedSearch | null {
    const q = query.trim();
    const answered = this.answered;
    const wasOpened = this.opened.has(q);
    this.answered = null;
    this.opened.clear();
    if (q.length < MIN_LOGGED_QUERY || wasOpened) return null;
    if (answered === null || answered.query !== q) return null;
    return { query: q, resultCount: answered.resultCount };
  }
}
