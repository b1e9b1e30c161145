// Window-wide keyboard shortcuts. The help text lives here too, so the footer and the help panel cannot drift apart.

import { JUMP_CHIPS } from "./jump";

/** Alt+1 … Alt+4: open "Direkt zu" chip 1–4 under the search box. */
export type JumpAction = "jump-1" | "jump-2" | "jump-3" | "jump-4";

export type GlobalAction =
  | "focus-search"
  | "accept-call"
  | "end-call"
  | "forward"
  | "portal-handoff"
  | "focus-notes"
  | "switch-view"
  | JumpAction;

export interface KeyLike {
  key: string;
  /** The physical key, where known: tells the number row ("Digit1") from the keypad ("Numpad1"). */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NON_TEXT_INPUTS = new Set(["button", "checkbox", "radio", "submit", "reset", "range", "color", "file", "image"]);

/** True when the focused element takes typed text, so plain keys like "/" must reach it. */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
  return false;
}

/** The window-wide action of a key press, or `null` if the key is not a global shortcut here. */
export function globalKeyAction(event: KeyLike, target: TargetLike | null | undefined): GlobalAction | null {
  const { key, ctrlKey, metaKey, altKey } = event;
  if ((ctrlKey || metaKey) && !altKey && key.toLowerCase() === "k") return "focus-search";
  if (altKey && !ctrlKey && !metaKey) return jumpAction(event);
  if (ctrlKey || metaKey || altKey) return null;
  if (key === "/" && !isTypingTarget(target)) return "focus-search";
  if (key === "F2") return "accept-call";
  if (key === "F4") return "end-call";
  if (key === "F6") return "forward";
  if (key === "F7") return "portal-handoff";
  if (key === "F8") return "focus-notes";
  if (key === "F9") return "switch-view";
  return null;
}

/**
 * Alt with a digit of the number row. The keypad is left alone: on Windows Alt+keypad digits type characters by code
 * (Alt+0228 is "ä"), which agents use in the notes. AltGr (Ctrl+Alt) never gets here.
 */
function jumpAction(event: KeyLike): JumpAction | null {
  if (event.code?.startsWith("Numpad")) return null;
  const digit = Number.parseInt(event.key, 10);
  if (event.key.length !== 1 || !(digit >= 1 && digit <= JUMP_CHIPS)) return null;
  return `jump-${digit}` as JumpAction;
}

/** The chip (0-based) a jump action opens, or null for any other action. */
export function jumpIndex(action: GlobalAction): number | null {
  return action.startsWith("jump-") ? Number(action.slice("jump-".length)) - 1 : null;
}

export interface ShortcutHelp {
  keys: string;
  label: string;
}

/** The frequent keys, in the order the footer shows them. */
export const SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: "F2", label: "Anruf" },
  { keys: "F4", label: "Beenden" },
  { keys: "F6", label: "Weiterleiten" },
  { keys: "F7", label: "Portal" },
  { keys: "Strg+K", label: "Suchen" },
  { keys: "F8", label: "Notizen" },
  { keys: "↑↓", label: "Auswahl" },
  { keys: "Enter", label: "Öffnen" },
  { keys: "Esc", label: "Leeren" },
];

/** Keys of the search column that are listed in the help only (the footer line has no room for them). */
export const SEARCH_SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: "Bild↓/Bild↑, Strg+↓/↑", label: "Lange Antwort blättern, ohne das Suchfeld zu verlassen" },
  { keys: `Alt+1–${JUMP_CHIPS}`, label: `„Direkt zu“-Vorschlag 1–${JUMP_CHIPS} unter dem Suchfeld öffnen` },
];

/** Teamleitung's key between its two views; listed in the help only. */
export const VIEW_SHORTCUT: ShortcutHelp = {
  keys: "F9",
  label: "Zwischen Agent- und Teamleitung-Ansicht wechseln (nur Teamleitung)",
};

/** Keys inside the dialogs; listed in the help only. */
export const DIALOG_SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: "1–5", label: "Ergebnis wählen (Beenden-Dialog)" },
  { keys: "Enter", label: "Bestätigen" },
  { keys: "Strg+Enter", label: "Weiterleitung oder Portal-Antrag senden (auch aus dem Textfeld)" },
  { keys: "Esc", label: "Dialog abbrechen" },
];

/** The one-line summary shown at the bottom of the window. */
export const SHORTCUT_LINE = SHORTCUTS.map((s) => `${s.keys} ${s.label}`).join(" · ");

/** What a shortcut needs to act, as the window knows it when the key is pressed. */
export interface ShortcutState {
  signedIn: boolean;
  /** A call is running. */
  inCall: boolean;
  /** A call is being started or ended. */
  busy: boolean;
  /** Whether an answer is on screen, and its portal service if it has one. */
  answerOpen: boolean;
  portalService: string | null;
  /** The signed-in person is Teamleitung (has the second view). */
  mayLead: boolean;
}

/**
 * Why a shortcut cannot act now, in German for the call bar, or null when it can. A key that does nothing must say
 * why: an agent pressing F6 with the caller on the line needs to know at once, not wonder whether the key was read.
 */
export function shortcutRefusal(action: GlobalAction, s: ShortcutState): string | null {
  const needsCall = action === "end-call" || action === "forward" || action === "portal-handoff";
  if ((action === "accept-call" || needsCall) && !s.signedIn) return "Bitte zuerst anmelden.";
  if ((action === "accept-call" || needsCall) && s.busy) return "Einen Moment – der Anruf wird gerade gespeichert.";
  switch (action) {
    case "accept-call":
      return s.inCall ? "Es läuft schon ein Anruf – F4 beendet ihn." : null;
    case "end-call":
      return s.inCall ? null : "Es läuft kein Anruf – F2 nimmt einen an.";
    case "forward":
      return s.inCall ? null : "Weiterleiten (F6) geht während eines Anrufs – F2 nimmt einen an.";
    case "portal-handoff":
      if (!s.inCall) return "Ein Portal-Antrag (F7) geht während eines Anrufs – F2 nimmt einen an.";
      if (!s.answerOpen) return "Für einen Portal-Antrag (F7) zuerst die Leistung öffnen.";
      return s.portalService === null ? "Für diesen Eintrag gibt es keinen Portal-Antrag." : null;
    case "switch-view":
      return s.mayLead ? null : "Die Teamleitung-Ansicht (F9) gibt es nur für die Teamleitung.";
    default:
      return null;
  }
}
