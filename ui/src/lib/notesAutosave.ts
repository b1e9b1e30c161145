// Notes that save themselves while the agent types. A crash may cost at most about a second of typing:
//   - a pause of NOTES_DEBOUNCE_MS saves,
//   - steady typing without pauses still saves every NOTES_MAX_WAIT_MS,
//   - leaving the field (blur) saves at once,
//   - ending the call flushes (waits until everything typed is stored).
// Only one save is ever in flight; what is typed meanwhile goes out in one follow-up save with the latest text.

/** Quiet period after the last keystroke before saving. */
export const NOTES_DEBOUNCE_MS = 500;
/** Longest time a change waits while the agent keeps typing. */
export const NOTES_MAX_WAIT_MS = 900;

export type NotesStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "failed" };

export interface NotesAutosaveOptions {
  /** Stores the text; resolves false when that failed (the failure has been reported elsewhere). */
  save: (text: string) => Promise<boolean>;
  onStatus?: (status: NotesStatus) => void;
  now?: () => Date;
  debounceMs?: number;
  maxWaitMs?: number;
}

export interface NotesAutosave {
  /** The text in the field after a keystroke. */
  change(text: string): void;
  /** The field lost focus: save now if anything is unsaved. */
  blur(): void;
  /** Saves what is unsaved and waits for it; true when everything typed is stored. */
  flush(): Promise<boolean>;
  /** Starts over with `text` as the stored state (another call): drops timers, ignores saves still in flight. */
  reset(text: string): void;
  readonly status: NotesStatus;
  /** True while something typed is not stored yet. */
  readonly dirty: boolean;
  dispose(): void;
}

export function createNotesAutosave(options: NotesAutosaveOptions): NotesAutosave {
  const debounceMs = options.debounceMs ?? NOTES_DEBOUNCE_MS;
  const maxWaitMs = options.maxWaitMs ?? NOTES_MAX_WAIT_MS;
  const now = options.now ?? (() => new Date());

  let latest = "";
  let stored = "";
  let lastSavedAt: Date | null = null;
  let status: NotesStatus = { kind: "idle" };
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  let maxWaitTimer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | null = null;
  /** A save was due while another was in flight: run one as soon as it returns. */
  let saveAfterFlight = false;
  /** Bumped by `reset`/`dispose`; a save that returns into a newer generation changes nothing. */
  let generation = 0;

  function setStatus(next: NotesStatus): void {
    status = next;
    options.onStatus?.(next);
  }

  function settledStatus(): NotesStatus {
    return lastSavedAt ? { kind: "saved", at: lastSavedAt } : { kind: "idle" };
  }

  function cancelTimers(): void {
    if (debounceTimer !== undefined) clearTimeout(debounceTimer);
    if (maxWaitTimer !== undefined) clearTimeout(maxWaitTimer);
    debounceTimer = undefined;
    maxWaitTimer = undefined;
  }

  function startSave(): void {
    cancelTimers();
    if (inFlight) {
      saveAfterFlight = true;
      return;
    }
    saveAfterFlight = false;
    if (latest === stored) {
      if (status.kind !== "failed") setStatus(settledStatus());
      return;
    }
    const text = latest;
    const gen = generation;
    setStatus({ kind: "saving" });
    inFlight = (async () => {
      let ok: boolean;
      try {
        ok = await options.save(text);
      } catch {
        ok = false;
      }
      if (gen !== generation) return ok;
      inFlight = null;
      if (ok) {
        stored = text;
        lastSavedAt = now();
      }
      if (saveAfterFlight) {
        startSave();
      } else if (!ok) {
        // No retry loop: the next keystroke, blur or flush tries again with the text as it is then.
        setStatus({ kind: "failed" });
      } else if (latest !== stored) {
        // Typed during the save; its timers are running and will save it.
        setStatus({ kind: "pending" });
      } else {
        setStatus(settledStatus());
      }
      return ok;
    })();
  }

  return {
    change(text: string) {
      latest = text;
      if (latest === stored && !inFlight) {
        cancelTimers();
        setStatus(settledStatus());
        return;
      }
      if (!inFlight) setStatus({ kind: "pending" });
      if (debounceTimer !== undefined) clearTimeout(debounceTimer);
      debounceTimer = setTimeout(startSave, debounceMs);
      maxWaitTimer ??= setTimeout(startSave, maxWaitMs);
    },

    blur() {
      if (latest !== stored || inFlight) startSave();
    },

    async flush() {
      // Bounded: each round either finds everything stored, waits for a save, or gives up on a failure.
      for (let round = 0; round < 10; round += 1) {
        if (inFlight) {
          await inFlight;
          continue;
        }
        if (latest === stored) return true;
        startSave();
        const pending: Promise<boolean> | null = inFlight;
        if (pending === null) return latest === stored;
        const ok = await pending;
        if (!ok && !inFlight) return false;
      }
      return latest === stored && !inFlight;
    },

    reset(text: string) {
      generation += 1;
      cancelTimers();
      inFlight = null;
      saveAfterFlight = false;
      latest = text;
      stored = text;
      lastSavedAt = null;
      setStatus({ kind: "idle" });
    },

    get status() {
      return status;
    },

    get dirty() {
      return latest !== stored;
    },

    dispose() {
      generation += 1;
      cancelTimers();
      inFlight = null;
    },
  };
}

/** The quiet line under the notes field. */
export function notesStatusText(status: NotesStatus, clock: (at: Date) => string): string {
  switch (status.kind) {
    case "idle":
      return "";
    case "pending":
    case "saving":
      return "speichert…";
    case "saved":
      return `gespeichert ${clock(status.at)}`;
    case "failed":
      return "nicht gespeichert – wird beim Weiterschreiben erneut versucht";
  }
}
