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

/** The centre's one time zone: the core labels every time in it, so the window does too, whatever the machine says. */
export const CENTRE_TIME_ZONE = "Europe/Berlin";

const CENTRE_CLOCK = new Intl.DateTimeFormat("de-DE", {
  timeZone: CENTRE_TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Hours, minutes and seconds of `at` on Bochum's clock. */
function centreClock(at: Date): [string, string, string] {
  const parts = CENTRE_CLOCK.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return [part("hour"), part("minute"), part("second")];
}

/** Bochum's wall-clock time "hh:mm" of a moment. */
export function clockMinutes(at: Date): string {
  const [h, m] = centreClock(at);
  return `${h}:${m}`;
}

/** Bochum's wall-clock time "hh:mm:ss" of a moment. */
export function clockTime(at: Date): string {
  const [h, m, s] = centreClock(at);
  return `${h}:${m}:${s}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
