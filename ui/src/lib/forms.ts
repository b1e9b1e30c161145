// The desk's small forms (sign-in, forward, outcome): labels and the German text shown next to a field when the core
// rejects it. The core says which field with `IpcError.field` and why in English for the log; the text shown is chosen
// here by code + field only, never by reading the message.
import type { Channel } from "./bindings/Channel";
import type { DueView } from "./bindings/DueView";
import type { IpcError } from "./bindings/IpcError";
import type { Role } from "./bindings/Role";
import { UI_LIMITS } from "./bindings/constants";
import { ERROR_TEXT } from "./errors";

/** A count in German ("2.000"), for the limits the texts name. */
const count = (n: number): string => new Intl.NumberFormat("de-DE").format(n);

/** A rejected form: the field to mark (null: the form as a whole) and the German text. */
export interface FieldError<F extends string> {
  field: F | null;
  text: string;
}

/**
 * The core's field name in one spelling: the last path segment, without separators, lower case, so that
 * "form.caller_name", "callerName" and "caller-name" are the same field.
 */
export function normalizeField(field: string | null): string | null {
  if (field === null) return null;
  const last = field.split(".").at(-1) ?? "";
  const key = last.replace(/[_\-\s]/g, "").toLowerCase();
  return key === "" ? null : key;
}

/**
 * Maps an error of a form command to what the form shows. Null when it is not an INVALID_INPUT about a field (those
 * go to the banner). A field the form does not have is shown for the form as a whole with the general text, since
 * the banner stays quiet for field errors.
 */
export function mapFieldError<F extends string>(
  error: IpcError,
  fields: Readonly<Record<string, F>>,
  text: (field: F) => string,
): FieldError<F> | null {
  if (error.code !== "INVALID_INPUT") return null;
  const key = normalizeField(error.field);
  if (key === null) return null;
  const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
  return field === undefined ? { field: null, text: ERROR_TEXT.INVALID_INPUT } : { field, text: text(field) };
}

// --- Sign-in ---------------------------------------------------------------------------------------------------------

export type SignInField = "name" | "role" | "password";

export const ROLES: readonly Role[] = ["agent", "supervisor"];

/** Labels for the role choice before any agent exists; a signed-in agent's role is shown with the core's roleLabel. */
export const ROLE_LABEL: Record<Role, string> = {
  agent: "Agent",
  supervisor: "Teamleitung",
  editor: "Redaktion",
};

const SIGN_IN_FIELDS: Readonly<Record<string, SignInField>> = {
  name: "name",
  agent: "name",
  login: "name",
  role: "role",
  password: "password",
};

const SIGN_IN_TEXT: Record<SignInField, string> = {
  name: `Bitte einen Namen eingeben (höchstens ${count(UI_LIMITS.maxNameChars)} Zeichen) oder aus der Liste wählen.`,
  role: "Bitte „Agent“ oder „Teamleitung“ wählen.",
  password: `Das Teamleitungs-Passwort braucht mindestens ${count(UI_LIMITS.minPasswordChars)} Zeichen.`,
};

export function signInFieldError(error: IpcError): FieldError<SignInField> | null {
  return mapFieldError(error, SIGN_IN_FIELDS, (field) => SIGN_IN_TEXT[field]);
}

// --- Forward ---------------------------------------------------------------------------------------------------------

export type ForwardField = "office" | "question" | "channel" | "contact" | "callerName";

export const CHANNELS: readonly Channel[] = ["phone", "email", "post"];

export const CHANNEL_LABEL: Record<Channel, string> = {
  phone: "Telefon",
  email: "E-Mail",
  post: "Post",
};

/** Label of the contact field for the chosen reply channel. */
export const CONTACT_LABEL: Record<Channel, string> = {
  phone: "Telefonnummer",
  email: "E-Mail-Adresse",
  post: "Postanschrift",
};

const FORWARD_FIELDS: Readonly<Record<string, ForwardField>> = {
  office: "office",
  location: "office",
  question: "question",
  channel: "channel",
  contact: "contact",
  phone: "contact",
  email: "contact",
  address: "contact",
  callername: "callerName",
  name: "callerName",
};

const CONTACT_TEXT: Record<Channel, string> = {
  phone: "Für den Rückruf bitte eine gültige Telefonnummer eintragen.",
  email: "Für die Antwort per E-Mail bitte eine gültige E-Mail-Adresse eintragen.",
  post: "Für die Antwort per Post bitte die vollständige Anschrift eintragen (Straße, Hausnummer, PLZ, Ort).",
};

const FORWARD_TEXT: Record<Exclude<ForwardField, "contact">, string> = {
  office: "Bitte die zuständige Stelle aus der Liste wählen.",
  question: `Bitte das Anliegen eintragen (höchstens ${count(UI_LIMITS.maxQuestionChars)} Zeichen), damit die Stelle antworten kann.`,
  channel: "Bitte wählen, wie die Antwort kommen soll: Telefon, E-Mail oder Post.",
  callerName: "Bitte den Namen der anrufenden Person eintragen.",
};

/** The text next to a forward field; the contact text depends on the reply channel chosen. */
export function forwardFieldError(error: IpcError, channel: Channel): FieldError<ForwardField> | null {
  return mapFieldError(error, FORWARD_FIELDS, (field) =>
    field === "contact" ? CONTACT_TEXT[channel] : FORWARD_TEXT[field],
  );
}

/** "bis Donnerstag, 10:30" (from the core) -> "Antwort zugesagt bis Donnerstag, 10:30". */
/**
 * The forward's "Anliegen" as the dialog opens: the topic on screen as context for the office ("Zu „Hund anmelden
 * (Hundesteuer)“: "), for the agent to add the caller's question. The search words typed are no question for an office,
 * so without an answer on screen the field starts empty.
 */
export function forwardQuestionPrefill(answerTitle: string | null): string {
  const title = answerTitle?.trim() ?? "";
  return title === "" ? "" : `Zu „${title}“: `;
}

export function dueText(due: DueView): string {
  return `Antwort zugesagt ${due.dueLabel}`;
}

// --- Outcome ---------------------------------------------------------------------------------------------------------

export type OutcomeField = "outcome";

const OUTCOME_FIELDS: Readonly<Record<string, OutcomeField>> = { outcome: "outcome" };

export const CHOOSE_OUTCOME_TEXT = "Bitte ein Ergebnis wählen (Ziffer 1–5).";

export function outcomeFieldError(error: IpcError): FieldError<OutcomeField> | null {
  return mapFieldError(error, OUTCOME_FIELDS, () => CHOOSE_OUTCOME_TEXT);
}

// --- Per-agent figures switch (Teamleitung) ---------------------------------------------------------------------------

export type PerAgentField = "role";

const PER_AGENT_FIELDS: Readonly<Record<string, PerAgentField>> = { role: "role", agent: "role" };

export const PER_AGENT_ROLE_TEXT =
  "Nur die Teamleitung kann die Kennzahlen je Person ein- oder ausschalten. Bitte als Teamleitung anmelden.";

/**
 * The text next to the per-agent switch when the core refused the change: FORBIDDEN (what `Desk::set_per_agent_figures`
 * answers anyone but Teamleitung, e.g. after the role changed meanwhile) or an invalid role.
 */
export function perAgentFieldError(error: IpcError): FieldError<PerAgentField> | null {
  if (error.code === "FORBIDDEN") return { field: "role", text: PER_AGENT_ROLE_TEXT };
  return mapFieldError(error, PER_AGENT_FIELDS, () => PER_AGENT_ROLE_TEXT);
}
