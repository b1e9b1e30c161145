// Presentation of call times. The core stores and labels times; these only turn seconds into "mm:ss" for the running
// timer and durations, and a moment into "hh:mm:ss" for the quiet "gespeichert" line (or "hh:mm").

/** 0 -> "00:00", 75 -> "01:15", 3725 -> "62:05". Minutes keep counting past the hour; negatives and junk show 00:00. */
export function formatDuration(seconds: number | null | undefined): string {
  const total = typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  return `${pad2(minutes)}:${pad2(rest)}`;
}

/**
 * Whole seconds from `startedAt` (RFC 3339) to `nowMs`. Never negative: a start stamped a moment "in the future" by
 * a clock that is slightly ahead shows 00:00 rather than a minus. An unreadable stamp counts as 0.
 */
export function elapsedSeconds(startedAt: string, nowMs: number): number {
  const start = Date.parse(startedAt);
  if (!Number.isFinite(start) || !Number.isFinite(nowMs)) return 0;
  return Math.max(0, Math.floor((nowMs - start) / 1000));
}

/** Local wall-clock time "hh:mm" of a moment. */
export function clockMinutes(at: Date): string {
  return `${pad2(at.getHours())}:${pad2(at.getMinutes())}`;
}

/** Local wall-clock time "hh:mm:ss" of a moment. */
export function clockTime(at: Date): string {
  return `${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
