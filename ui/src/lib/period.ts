// The supervisor's period picker: the three preset periods, and a custom period from two date fields checked here
// with German messages before it is sent (the core checks again and names the field it rejects).
import { UI_LIMITS } from "./bindings/constants";
import type { IpcError } from "./bindings/IpcError";
import type { PeriodArg } from "./bindings/PeriodArg";
import type { PeriodKind } from "./bindings/PeriodKind";
import { mapFieldError, type FieldError } from "./forms";

export type PresetKind = Exclude<PeriodKind, "custom">;

export const PERIOD_PRESETS: readonly { kind: PresetKind; label: string }[] = [
  { kind: "today", label: "Heute" },
  { kind: "week", label: "Diese Woche" },
  { kind: "month", label: "Dieser Monat" },
];

export const CUSTOM_PERIOD_LABEL = "Zeitraum";

/** The period the dashboard opens with. */
export const DEFAULT_PERIOD: PeriodArg = presetPeriod("today");

/** The core's limit for one period, in days (`stats::MAX_DAYS`); checked here only to say it in German first. */
export const MAX_PERIOD_DAYS = UI_LIMITS.maxPeriodDays;

export type PeriodField = "from" | "to";

export function presetPeriod(kind: PresetKind): PeriodArg {
  return { kind, from: null, to: null };
}

export function samePeriod(a: PeriodArg, b: PeriodArg): boolean {
  return a.kind === b.kind && a.from === b.from && a.to === b.to;
}

/**
 * What a date field holds, as "YYYY-MM-DD": the value of a date input, or typed German "1.3.2026" / "01.03.2026"
 * (webviews without a date picker show a plain text field). Null when it is not a real calendar date.
 */
export function parseDateInput(text: string): string | null {
  const value = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (german) {
    [d, m, y] = [Number(german[1]), Number(german[2]), Number(german[3])];
  } else {
    return null;
  }
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
}

/** Days from `from` to `to`, both counted ("2026-03-01", "2026-03-01" -> 1). Both must be ISO dates. */
export function inclusiveDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export type CustomPeriodResult = { ok: true; period: PeriodArg } | { ok: false; error: FieldError<PeriodField> };

export const PERIOD_TEXT = {
  fromMissing: "Bitte das Anfangsdatum angeben.",
  toMissing: "Bitte das Enddatum angeben.",
  fromInvalid: "Das Anfangsdatum ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben.",
  toInvalid: "Das Enddatum ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben.",
  toBeforeFrom: "Das Enddatum liegt vor dem Anfangsdatum.",
  tooLong: `Der Zeitraum ist zu lang: höchstens ${MAX_PERIOD_DAYS} Tage (etwa zehn Jahre).`,
} as const;

/** A custom period (both days included) from the two fields, or the German text for the first field that is wrong. */
export function customPeriod(fromText: string, toText: string): CustomPeriodResult {
  const fail = (field: PeriodField, text: string): CustomPeriodResult => ({ ok: false, error: { field, text } });
  if (fromText.trim() === "") return fail("from", PERIOD_TEXT.fromMissing);
  const from = parseDateInput(fromText);
  if (from === null) return fail("from", PERIOD_TEXT.fromInvalid);
  if (toText.trim() === "") return fail("to", PERIOD_TEXT.toMissing);
  const to = parseDateInput(toText);
  if (to === null) return fail("to", PERIOD_TEXT.toInvalid);
  if (to < from) return fail("to", PERIOD_TEXT.toBeforeFrom);
  if (inclusiveDays(from, to) > MAX_PERIOD_DAYS) return fail("to", PERIOD_TEXT.tooLong);
  return { ok: true, period: { kind: "custom", from, to } };
}

const PERIOD_FIELDS: Readonly<Record<string, PeriodField>> = { from: "from", to: "to" };

const PERIOD_REJECTED: Record<PeriodField, string> = {
  from: "Das Anfangsdatum wurde nicht angenommen. Bitte ein Datum wie 01.11.2026 angeben.",
  to: `Das Enddatum wurde nicht angenommen. Es darf nicht vor dem Anfangsdatum liegen; der Zeitraum umfasst höchstens ${MAX_PERIOD_DAYS} Tage.`,
};

/** The text next to a date field when the core rejected the period (INVALID_INPUT naming `from` or `to`). */
export function periodFieldError(error: IpcError): FieldError<PeriodField> | null {
  return mapFieldError(error, PERIOD_FIELDS, (field) => PERIOD_REJECTED[field]);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
