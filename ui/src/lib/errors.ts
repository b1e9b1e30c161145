// Classifying IPC failures. The core rejects every command with an `IpcError`; the desk shows German text chosen by
// its `code` and never looks at `message` (that text is for logs and support, and may change at any time).
import type { ErrorCode } from "./bindings/ErrorCode";
import type { IpcError } from "./bindings/IpcError";

/** German text shown to the agent, one per code. A `Record` so that a new code in the core fails the type check here. */
export const ERROR_TEXT: Record<ErrorCode, string> = {
  KB_UNAVAILABLE:
    "Die Wissensdatenbank ist nicht verfügbar. Bitte die Anwendung neu starten; bleibt der Fehler, die IT-Hotline informieren.",
  ENTRY_NOT_FOUND: "Dieser Eintrag wurde nicht gefunden. Er wurde vielleicht entfernt – bitte erneut suchen.",
  INDEX_FAILED:
    "Der Suchindex konnte nicht aufgebaut werden. Die Suche liefert keine verlässlichen Treffer; bitte die IT-Hotline informieren.",
  INVALID_INPUT: "Die Eingabe wurde nicht angenommen. Bitte prüfen und erneut versuchen.",
  STORE_FAILED: "Die Daten konnten nicht gespeichert werden. Bitte erneut versuchen.",
  NOT_SIGNED_IN: "An diesem Platz ist niemand angemeldet. Bitte zuerst anmelden.",
  PORTAL_UNAVAILABLE: "Das Portal ist gerade nicht erreichbar. Bitte später erneut abfragen.",
  FORBIDDEN:
    "Das ist mit Ihrer Rolle nicht erlaubt, oder die Anmeldung wurde abgelehnt (Kennung oder Passwort falsch). Es wurde nichts geändert.",
  INTERNAL:
    "Ein unerwarteter Fehler ist aufgetreten. Bitte erneut versuchen; bleibt der Fehler, die IT-Hotline informieren.",
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_TEXT, value);
}

/**
 * Turns whatever a rejected `invoke` produced into an `IpcError`.
 *
 * Only an object with a known string `code` and a string `message` keeps its code (and its `field`, when that is a
 * string). Anything else (a plain string from Tauri itself, an `Error` thrown outside Tauri, an unknown code from a
 * newer core) becomes `INTERNAL`, keeping a readable message for the log.
 */
export function toIpcError(value: unknown): IpcError {
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const { code, message } = record;
    if (typeof code === "string" && typeof message === "string") {
      const field = typeof record.field === "string" && record.field !== "" ? record.field : null;
      return isErrorCode(code)
        ? { code, message, field }
        : { code: "INTERNAL", message: `${code}: ${message}`, field: null };
    }
    if (value instanceof Error) {
      return { code: "INTERNAL", message: value.message, field: null };
    }
  }
  return { code: "INTERNAL", message: describe(value), field: null };
}

/** The German text for an error; chosen by code only. */
/** The banner's sentence for an opened entry's topic the store could not take: the window sends it again itself. */
export const TOPIC_RESENT_TEXT =
  "Das Thema des Anrufs ist noch nicht gespeichert (Speicher nicht erreichbar). Es wird automatisch erneut gesendet.";

export function errorText(error: IpcError): string {
  return isErrorCode(error.code) ? ERROR_TEXT[error.code] : ERROR_TEXT.INTERNAL;
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
