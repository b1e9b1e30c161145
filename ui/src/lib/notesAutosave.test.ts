import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clockTime } from "./duration";
import {
  NOTES_DEBOUNCE_MS,
  NOTES_MAX_WAIT_MS,
  createNotesAutosave,
  notesStatusText,
  type NotesStatus,
} from "./notesAutosave";

interface Deferred {
  resolve: (ok: boolean) => void;
  reject: (e: unknown) => void;
}

/** A fake store: records every save and lets the test decide when (and how) each one returns. */
function setup(mode: "instant" | "manual" = "instant") {
  const saves: string[] = [];
  const pending: Deferred[] = [];
  const statuses: NotesStatus["kind"][] = [];
  const save = vi.fn((text: string) => {
    saves.push(text);
    if (mode === "instant") return Promise.resolve(true);
    return new Promise<boolean>((resolve, reject) => pending.push({ resolve, reject }));
  });
  const notes = createNotesAutosave({ save, onStatus: (s) => statuses.push(s.kind) });
  return { notes, save, saves, pending, statuses };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-03-02T09:15:00+01:00"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("notes autosave", () => {
  it("keeps the debounce and the longest wait within the one-second budget", () => {
    expect(NOTES_DEBOUNCE_MS).toBeLessThanOrEqual(700);
    expect(NOTES_MAX_WAIT_MS).toBeLessThan(1000);
    expect(NOTES_DEBOUNCE_MS).toBeLessThan(NOTES_MAX_WAIT_MS);
  });

  it("saves the latest text once after the agent pauses", async () => {
    const { notes, saves } = setup();
    notes.change("R");
    await vi.advanceTimersByTimeAsync(100);
    notes.change("Rü");
    await vi.advanceTimersByTimeAsync(100);
    notes.change("Rückruf");
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS - 1);
    expect(saves).toEqual([]);
    expect(notes.status.kind).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual(["Rückruf"]);
    expect(notes.status).toEqual({ kind: "saved", at: new Date(Date.parse("2026-03-02T09:15:00+01:00") + 200 + NOTES_DEBOUNCE_MS) });
    expect(notes.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toEqual(["Rückruf"]);
  });

  it("saves during steady typing, so no change waits a second unsaved", async () => {
    const { notes, saves } = setup();
    const typedAt: number[] = [];
    const savedAt: number[] = [];
    let text = "";
    for (let t = 0; t < 4000; t += 120) {
      text += "x";
      typedAt.push(t);
      const before = saves.length;
      notes.change(text);
      await vi.advanceTimersByTimeAsync(120);
      if (saves.length > before) savedAt.push(t + 120);
    }
    expect(saves.length).toBeGreaterThanOrEqual(4);
    // Every keystroke was part of a save no later than 1000 ms after it was typed.
    for (const t of typedAt.slice(0, -8)) {
      const firstSaveAfter = savedAt.find((s) => s >= t);
      expect(firstSaveAfter, `keystroke at ${t}`).toBeDefined();
      expect((firstSaveAfter ?? Infinity) - t).toBeLessThanOrEqual(1000);
    }
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(saves.at(-1)).toBe(text);
  });

  it("saves at once on blur and not again when the timers would have fired", async () => {
    const { notes, saves } = setup();
    notes.change("Antrag fehlt");
    notes.blur();
    await vi.advanceTimersByTimeAsync(0);
    expect(saves).toEqual(["Antrag fehlt"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saves).toEqual(["Antrag fehlt"]);
  });

  it("does nothing on blur when nothing changed", async () => {
    const { notes, save } = setup();
    notes.reset("schon gespeichert");
    notes.blur();
    notes.change("schon gespeichert");
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).not.toHaveBeenCalled();
    expect(notes.status.kind).toBe("idle");
  });

  it("never has more than one save in flight and sends the newest text after it", async () => {
    const { notes, saves, pending } = setup("manual");
    notes.change("a");
    notes.blur();
    expect(saves).toEqual(["a"]);
    expect(notes.status.kind).toBe("saving");

    notes.change("ab");
    notes.blur();
    notes.change("abc");
    await vi.advanceTimersByTimeAsync(3000);
    notes.blur();
    expect(saves).toEqual(["a"]); // still only the first one in flight

    pending[0]?.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(saves).toEqual(["a", "abc"]); // one follow-up with the latest text, "ab" is skipped
    expect(notes.status.kind).toBe("saving");
    pending[1]?.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(notes.status.kind).toBe("saved");
    await vi.advanceTimersByTimeAsync(3000);
    expect(saves).toEqual(["a", "abc"]);
  });

  it("a change typed during a save is saved by its own timer afterwards", async () => {
    const { notes, saves, pending } = setup("manual");
    notes.change("eins");
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(saves).toEqual(["eins"]);
    notes.change("eins zwei");
    pending[0]?.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(notes.status.kind).toBe("pending");
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(saves).toEqual(["eins", "eins zwei"]);
  });

  it("flush waits until everything typed is stored", async () => {
    const { notes, saves, pending } = setup("manual");
    notes.change("erst");
    notes.blur();
    notes.change("erst dann");
    let done: boolean | undefined;
    void notes.flush().then((ok) => (done = ok));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBeUndefined();
    pending[0]?.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(saves).toEqual(["erst", "erst dann"]);
    expect(done).toBeUndefined();
    pending[1]?.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    expect(notes.dirty).toBe(false);
  });

  it("reports a failed save, keeps the text dirty and retries with the next keystroke", async () => {
    const { notes, saves, pending, statuses } = setup("manual");
    notes.change("wichtig");
    const flushed = notes.flush();
    pending[0]?.resolve(false);
    expect(await flushed).toBe(false);
    expect(notes.status.kind).toBe("failed");
    expect(notes.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toEqual(["wichtig"]); // no retry loop on its own

    notes.change("wichtig!");
    await vi.advanceTimersByTimeAsync(NOTES_DEBOUNCE_MS);
    expect(saves).toEqual(["wichtig", "wichtig!"]);
    pending[1]?.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(notes.status.kind).toBe("saved");
    expect(statuses).toEqual(["pending", "saving", "failed", "pending", "saving", "saved"]);
  });

  it("treats a throwing save as a failure", async () => {
    const { notes, pending } = setup("manual");
    notes.change("x");
    notes.blur();
    pending[0]?.reject(new Error("bridge gone"));
    await vi.advanceTimersByTimeAsync(0);
    expect(notes.status.kind).toBe("failed");
  });

  it("reset drops pending timers and ignores a save still in flight for the previous call", async () => {
    const { notes, saves, pending } = setup("manual");
    notes.change("alter Anruf");
    notes.blur();
    notes.change("alter Anruf, mehr");
    notes.reset("");
    expect(notes.status.kind).toBe("idle");
    pending[0]?.resolve(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(saves).toEqual(["alter Anruf"]);
    expect(notes.status.kind).toBe("idle");
    expect(notes.dirty).toBe(false);
    expect(await notes.flush()).toBe(true);
  });
});

describe("notesStatusText", () => {
  it("is quiet: nothing, saving, or the time of the last save", () => {
    expect(notesStatusText({ kind: "idle" }, clockTime)).toBe("");
    expect(notesStatusText({ kind: "pending" }, clockTime)).toBe("speichert…");
    expect(notesStatusText({ kind: "saving" }, clockTime)).toBe("speichert…");
    expect(notesStatusText({ kind: "saved", at: new Date("2026-03-02T09:05:07+01:00") }, clockTime)).toBe(
      "gespeichert 09:05:07",
    );
    expect(notesStatusText({ kind: "failed" }, clockTime)).toContain("nicht gespeichert");
  });
});
