// Presentation-only formatting. Nothing here decides anything: the core computes states and labels.
import type { EntryKind } from "./bindings/EntryKind";
import type { OpenStateKind } from "./bindings/OpenStateKind";

export const KIND_LABEL: Record<EntryKind, string> = {
  service: "Leistung",
  location: "Standort",
};

/** Short marker shown before the core's open-state label, so the state is clear without relying on colour. */
export const OPEN_STATE_SYMBOL: Record<OpenStateKind, string> = {
  open: "●",
  closed: "○",
  appointment_only: "◐",
};

/** "2026-11-01" -> "01.11.2026"; anything that is not an ISO date is shown unchanged. */
export function germanDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Opening ranges of one day, or "geschlossen" when there are none. */
export function hoursText(ranges: readonly string[]): string {
  return ranges.length > 0 ? ranges.join(", ") : "geschlossen";
}
