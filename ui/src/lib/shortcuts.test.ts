import { describe, expect, it } from "vitest";
import {
  SEARCH_SHORTCUTS,
  SHORTCUT_LINE,
  globalKeyAction,
  isTypingTarget,
  jumpIndex,
  shortcutRefusal,
} from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; code: string }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

const body = { tagName: "BODY" };
const textInput = { tagName: "INPUT", type: "text" };

describe("globalKeyAction", () => {
  it("Ctrl+K focuses the search from anywhere, also from an input", () => {
    expect(globalKeyAction(key("k", { ctrlKey: true }), body)).toBe("focus-search");
    expect(globalKeyAction(key("K", { ctrlKey: true }), textInput)).toBe("focus-search");
  });

  it('"/" focuses the search only outside text fields', () => {
    expect(globalKeyAction(key("/"), body)).toBe("focus-search");
    expect(globalKeyAction(key("/"), null)).toBe("focus-search");
    expect(globalKeyAction(key("/"), textInput)).toBeNull();
    expect(globalKeyAction(key("/"), { tagName: "TEXTAREA" })).toBeNull();
    expect(globalKeyAction(key("/"), { tagName: "DIV", isContentEditable: true })).toBeNull();
  });

  it("F2, F4, F6, F7 and F8 are the call keys, also while typing in a field", () => {
    expect(globalKeyAction(key("F2"), textInput)).toBe("accept-call");
    expect(globalKeyAction(key("F4"), body)).toBe("end-call");
    expect(globalKeyAction(key("F6"), { tagName: "TEXTAREA" })).toBe("forward");
    expect(globalKeyAction(key("F7"), textInput)).toBe("portal-handoff");
    expect(globalKeyAction(key("F8"), textInput)).toBe("focus-notes");
  });

  it("ignores other keys and modified combinations", () => {
    expect(globalKeyAction(key("k"), body)).toBeNull();
    expect(globalKeyAction(key("k", { ctrlKey: true, altKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("F4", { altKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("F6", { ctrlKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("F5"), body)).toBeNull();
    expect(globalKeyAction(key("F8", { ctrlKey: true }), body)).toBeNull();
  });
});

describe("Alt+1 … Alt+4 (\"Direkt zu\")", () => {
  it("open chip 1–4 from anywhere, also while typing", () => {
    expect(globalKeyAction(key("1", { altKey: true, code: "Digit1" }), textInput)).toBe("jump-1");
    expect(globalKeyAction(key("4", { altKey: true }), body)).toBe("jump-4");
    expect(globalKeyAction(key("2", { altKey: true }), { tagName: "TEXTAREA" })).toBe("jump-2");
    expect(jumpIndex("jump-1")).toBe(0);
    expect(jumpIndex("jump-4")).toBe(3);
    expect(jumpIndex("focus-search")).toBeNull();
  });

  it("leave other digits, the keypad (Windows Alt codes), AltGr and plain digits alone", () => {
    expect(globalKeyAction(key("5", { altKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("0", { altKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("2", { altKey: true, code: "Numpad2" }), textInput)).toBeNull();
    expect(globalKeyAction(key("2", { altKey: true, ctrlKey: true }), textInput)).toBeNull();
    expect(globalKeyAction(key("²", { altKey: true, ctrlKey: true, code: "Digit2" }), textInput)).toBeNull();
    expect(globalKeyAction(key("1", { altKey: true, metaKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("1"), body)).toBeNull();
    expect(globalKeyAction(key("k", { altKey: true }), body)).toBeNull();
    expect(globalKeyAction(key("12", { altKey: true }), body)).toBeNull();
  });

  it("are in the help, not in the footer line", () => {
    expect(SEARCH_SHORTCUTS.map((s) => s.keys)).toEqual(["Bild↓/Bild↑, Strg+↓/↑", "Alt+1–4"]);
    expect(SHORTCUT_LINE).not.toContain("Alt");
  });
});

describe("isTypingTarget", () => {
  it("treats text-like inputs as typing targets but not buttons", () => {
    expect(isTypingTarget({ tagName: "INPUT" })).toBe(true);
    expect(isTypingTarget({ tagName: "input", type: "search" })).toBe(true);
    expect(isTypingTarget({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTypingTarget({ tagName: "BUTTON" })).toBe(false);
  });
});

describe("SHORTCUT_LINE", () => {
  it("is the line shown in the window", () => {
    expect(SHORTCUT_LINE).toBe(
      "F2 Anruf · F4 Beenden · F6 Weiterleiten · F7 Portal · Strg+K Suchen · F8 Notizen · ↑↓ Auswahl · Enter Öffnen · Esc Leeren",
    );
  });
});

describe("shortcutRefusal", () => {
  const ready = { signedIn: true, inCall: false, busy: false, answerOpen: false, portalService: null, mayLead: false };
  const inCall = { ...ready, inCall: true };

  it("lets a shortcut act when it can", () => {
    expect(shortcutRefusal("accept-call", ready)).toBeNull();
    expect(shortcutRefusal("end-call", inCall)).toBeNull();
    expect(shortcutRefusal("forward", inCall)).toBeNull();
    expect(shortcutRefusal("portal-handoff", { ...inCall, answerOpen: true, portalService: "bewohnerparken" })).toBeNull();
    expect(shortcutRefusal("focus-search", { ...ready, signedIn: false })).toBeNull();
  });

  it("says why F2, F4, F6 and F7 cannot act", () => {
    expect(shortcutRefusal("accept-call", inCall)).toContain("schon ein Anruf");
    expect(shortcutRefusal("end-call", ready)).toContain("kein Anruf");
    expect(shortcutRefusal("forward", ready)).toContain("während eines Anrufs");
    expect(shortcutRefusal("portal-handoff", ready)).toContain("während eines Anrufs");
    expect(shortcutRefusal("portal-handoff", inCall)).toContain("Leistung öffnen");
    expect(shortcutRefusal("portal-handoff", { ...inCall, answerOpen: true })).toContain("keinen Portal-Antrag");
    expect(shortcutRefusal("forward", { ...inCall, busy: true })).toContain("Einen Moment");
    expect(shortcutRefusal("accept-call", { ...ready, signedIn: false })).toBe("Bitte zuerst anmelden.");
  });

  it("F9 switches views for Teamleitung only, also during a call", () => {
    expect(globalKeyAction(key("F9"), { tagName: "INPUT" })).toBe("switch-view");
    expect(shortcutRefusal("switch-view", { ...inCall, mayLead: true })).toBeNull();
    expect(shortcutRefusal("switch-view", ready)).toContain("nur für die Teamleitung");
  });
});
