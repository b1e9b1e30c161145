// The portal application form ("Mein Bochum") as the window needs it, without Svelte: which fields show, which
// problems are shown where and when, the checks while typing (debounced, newest answer wins), and how an
// application's state is shown. The core owns the form's description, its validation and every German message; this
// only decides presentation.
import type { FieldProblemView } from "./bindings/FieldProblemView";
import type { FormFieldView } from "./bindings/FormFieldView";
import type { FormSectionView } from "./bindings/FormSectionView";
import type { HandoffStateView } from "./bindings/HandoffStateView";
import type { HandoffView } from "./bindings/HandoffView";
import type { IpcError } from "./bindings/IpcError";
import type { PortalDecisionView } from "./bindings/PortalDecisionView";
import { ERROR_TEXT, errorText } from "./errors";
import { normalizeField } from "./forms";
import { Sequencer } from "./searchController";

/** What the application dialog opens: a new application for `service` during call `callId`, or a correction. */
export type HandoffTarget =
  | { kind: "new"; service: string; callId: number }
  | { kind: "correct"; handoffId: number };

/** The form's values: dotted path -> text (checkboxes "true"/"false"). */
export type FormValues = Record<string, string>;

/** A pause in typing this long sends the values to `check_handoff` (the check itself takes microseconds). */
export const CHECK_DEBOUNCE_MS = 250;

/** While an application is on its way, the dialog asks for its state this often. */
export const HANDOFF_POLL_MS = 1_500;

/** The desk's and the call's lists of applications are refreshed this often while the agent view is on screen. */
export const HANDOFF_LIST_REFRESH_MS = 5_000;

/** Number of applications in the desk-wide list "Portal-Anträge". */
export const RECENT_HANDOFFS_LIMIT = 20;

// --- Fields -------------------------------------------------------------------------------------------------------

/**
 * Whether a field is on screen: always, or while the controlling field's value is one of `shownWhen.values`. This is
 * the core's rule (`FormSpec::is_shown`): the condition looks at the controlling field's value only. Hidden fields
 * keep their values; the core drops them when the form is sent.
 */
export function isVisible(field: FormFieldView, values: Readonly<FormValues>): boolean {
  const condition = field.shownWhen;
  if (condition === null) return true;
  return condition.values.includes(values[condition.path] ?? "");
}

/** The fields of all sections, in order. */
export function allFields(sections: readonly FormSectionView[]): FormFieldView[] {
  return sections.flatMap((s) => s.fields);
}

/** The paths of the fields on screen for these values. */
export function visiblePaths(sections: readonly FormSectionView[], values: Readonly<FormValues>): Set<string> {
  return new Set(
    allFields(sections)
      .filter((f) => isVisible(f, values))
      .map((f) => f.path),
  );
}

/** Paths of the fields other fields depend on (`shownWhen.path`): they start a row of their own. */
export function controllingPaths(sections: readonly FormSectionView[]): Set<string> {
  const paths = new Set<string>();
  for (const field of allFields(sections)) {
    if (field.shownWhen) paths.add(field.shownWhen.path);
  }
  return paths;
}

/** The values a form starts with: the core's (defaults and what the call knew), a checkbox without one unticked. */
export function initialValues(sections: readonly FormSectionView[], values: Readonly<FormValues>): FormValues {
  const start: FormValues = {};
  for (const field of allFields(sections)) {
    start[field.path] = values[field.path] ?? (field.kind === "checkbox" ? "false" : "");
  }
  // Values of paths the description does not name are kept as they came (the core decides about them).
  for (const [path, value] of Object.entries(values)) {
    if (!(path in start)) start[path] = value;
  }
  return start;
}

/** The id of a field's input in the page; dots and other characters an id selector trips over become "-". */
export function fieldId(path: string): string {
  return `handoff-f-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** A select starts with "– bitte wählen –" while its value is none of its options. */
export function needsPlaceholder(field: FormFieldView, value: string): boolean {
  return field.kind === "choice" && !field.options.some((o) => o.value === value);
}

// --- Problems -------------------------------------------------------------------------------------------------------

/** What the form shows: messages under fields (by path) and messages for the whole form (above it). */
export interface ShownProblems {
  byField: Record<string, string[]>;
  general: string[];
}

/**
 * Groups problems by field. A problem names a field on screen (its dotted path) or "" for the whole form; one that
 * names a field not on screen (it just got hidden) is shown for the whole form, so no problem is ever lost.
 */
export function problemsByField(problems: readonly FieldProblemView[], visible: ReadonlySet<string>): ShownProblems {
  const shown: ShownProblems = { byField: {}, general: [] };
  for (const problem of problems) {
    if (problem.field !== "" && visible.has(problem.field)) {
      const list = (shown.byField[problem.field] ??= []);
      if (!list.includes(problem.message)) list.push(problem.message);
    } else if (!shown.general.includes(problem.message)) {
      shown.general.push(problem.message);
    }
  }
  return shown;
}

export interface ShowInput {
  /** The desk's check of the current values (`check_handoff`). */
  checked: readonly FieldProblemView[];
  /** The portal's problems of a rejected application being corrected. */
  portal: readonly FieldProblemView[];
  values: Readonly<FormValues>;
  /** The values the form was opened with: a portal problem stays until its field is changed. */
  original: Readonly<FormValues>;
  /** Fields the agent has typed in or left. */
  touched: ReadonlySet<string>;
  /** The agent tried to send: every problem shows. */
  attempted: boolean;
  visible: ReadonlySet<string>;
}

/**
 * The problems to show now. The desk's own check shows a field's problem once the agent has touched the field or
 * tried to send (not while a pre-filled form is merely read); problems of the whole form only after a send attempt.
 * The portal's problems of a rejected application show at once and stay until the agent changes that field.
 */
export function problemsToShow(input: ShowInput): ShownProblems {
  const { checked, portal, values, original, touched, attempted, visible } = input;
  const fromDesk = checked.filter((p) =>
    p.field === "" || !visible.has(p.field) ? attempted : attempted || touched.has(p.field),
  );
  const fromPortal = portal.filter((p) => p.field === "" || (values[p.field] ?? "") === (original[p.field] ?? ""));
  return problemsByField([...fromPortal, ...fromDesk], visible);
}

/** The first field with a problem, in the form's order (to put the cursor there after a refused send). */
export function firstProblemPath(
  sections: readonly FormSectionView[],
  shown: ShownProblems,
): string | null {
  return allFields(sections).find((f) => (shown.byField[f.path]?.length ?? 0) > 0)?.path ?? null;
}

// --- Checking while typing ------------------------------------------------------------------------------------------

export interface CheckerOptions {
  debounceMs?: number;
  /** One check. Resolves `undefined` when it failed (the failure has been reported elsewhere). */
  check: (values: FormValues) => Promise<FieldProblemView[] | undefined>;
  /** Receives the problems of the newest check only, with the values they are about. */
  apply: (problems: FieldProblemView[], values: FormValues) => void;
}

export interface Checker {
  /** The values changed: check them once typing pauses. */
  input(values: FormValues): void;
  /** Checks at once (after a refused send); resolves the problems, or null when a newer check overtook it. */
  now(values: FormValues): Promise<FieldProblemView[] | null>;
  /** Drops a waiting check and makes those in flight stale (the form was sent or replaced). */
  cancel(): void;
}

/**
 * Debounced checks whose answers can never go back in time: each check gets a sequence number and only the newest
 * one issued may apply its answer, so a slow older answer arriving after a newer one is dropped.
 */
export function createChecker(options: CheckerOptions): Checker {
  const debounceMs = options.debounceMs ?? CHECK_DEBOUNCE_MS;
  const sequencer = new Sequencer();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function cancelTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  async function run(values: FormValues): Promise<FieldProblemView[] | null> {
    const seq = sequencer.next();
    const problems = await options.check(values);
    if (!sequencer.isCurrent(seq) || problems === undefined) return null;
    options.apply(problems, values);
    return problems;
  }

  return {
    input(values) {
      cancelTimer();
      const copy = { ...values };
      timer = setTimeout(() => {
        timer = undefined;
        void run(copy);
      }, debounceMs);
    },
    now(values) {
      cancelTimer();
      return run({ ...values });
    },
    cancel() {
      cancelTimer();
      sequencer.invalidate();
    },
  };
}

// --- States ---------------------------------------------------------------------------------------------------------

/** Still on its way: the window keeps asking for its state. */
export function isOpen(handoff: Pick<HandoffView, "state">): boolean {
  return handoff.state === "pending" || handoff.state === "delivering";
}

const STATE_CLASS: Record<HandoffStateView, string> = {
  pending: "state-pending",
  delivering: "state-delivering",
  delivered: "state-delivered",
  rejected: "state-rejected",
};

/** The badge's class: its colour by state; one the portal refuses for good (flagged) is marked as such. */
export function badgeClass(handoff: Pick<HandoffView, "state" | "flagged">): string {
  return handoff.flagged ? "state-flagged" : STATE_CLASS[handoff.state];
}

/** The application with `id` in a list, if it is there. */
export function findHandoff(list: readonly HandoffView[], id: number): HandoffView | null {
  return list.find((h) => h.id === id) ?? null;
}

/** `list` with the application `next.id` replaced by `next` (a list without it is returned as it is). */
export function replaceHandoff(list: readonly HandoffView[], next: HandoffView): HandoffView[] {
  return list.map((h) => (h.id === next.id ? next : h));
}

// --- The office's decision ("Stand abfragen") -----------------------------------------------------------------------

/** Only an application in the portal can be asked about: the office decides about delivered ones. */
export function canCheckDecision(handoff: Pick<HandoffView, "state">): boolean {
  return handoff.state === "delivered";
}

const DECISION_CLASS: Record<PortalDecisionView, string> = {
  submitted: "decision-submitted",
  accepted: "decision-accepted",
  rejected: "decision-rejected",
};

/** The decision label's class: accepted green, rejected red, not decided yet (or unknown) neutral. */
export function decisionClass(decision: PortalDecisionView | null): string {
  return decision === null ? DECISION_CLASS.submitted : DECISION_CLASS[decision];
}

/** The core refuses to ask about an application that is not in the portal (the list may just be behind). */
export const NOT_IN_PORTAL_TEXT = "Dieser Antrag ist noch nicht im Portal; der Stand kann noch nicht abgefragt werden.";

/** Shown next to "Stand abfragen" when the portal could not be asked (the last answer, if any, stays). */
export function checkFailedText(error: IpcError): string {
  return error.code === "INVALID_INPUT" ? NOT_IN_PORTAL_TEXT : errorText(error);
}

/** Said after sending while the desk does not send: the application is kept and goes out later. */
export const SAVED_FOR_LATER_TEXT = "Der Antrag ist gespeichert und wird gesendet, sobald das Portal eingerichtet ist.";

/** The calm note shown while the desk does not send: the core's reason (German), or the general one. */
export function notSendingText(reason: string): string {
  const why = reason.trim();
  return why === "" ? "Das Portal ist nicht eingerichtet; Anträge werden gespeichert und später gesendet." : why;
}

/** The text above the form when the core refused a send although no field has a problem (e.g. the call is gone). */
export function refusedText(error: IpcError): string {
  if (error.code !== "INVALID_INPUT") return errorText(error);
  switch (normalizeField(error.field)) {
    case "callid":
    case "call":
      return "Der Anruf kann nicht mehr geändert werden; der Antrag wurde nicht gespeichert.";
    case "handoffid":
      return "Dieser Antrag kann nicht mehr korrigiert werden – bitte die Liste „Portal-Anträge“ prüfen.";
    default:
      return ERROR_TEXT.INVALID_INPUT;
  }
}
