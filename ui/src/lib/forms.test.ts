import { describe, expect, it } from "vitest";
import { UI_LIMITS } from "./bindings/constants";
import type { IpcError } from "./bindings/IpcError";
import { ERROR_TEXT } from "./errors";
import {
  CHOOSE_OUTCOME_TEXT,
  dueText,
  forwardFieldError,
  forwardQuestionPrefill,
  normalizeField,
  outcomeFieldError,
  perAgentFieldError,
  PER_AGENT_ROLE_TEXT,
  signInFieldError,
} from "./forms";

const invalid = (field: string | null, message = "contact: a phone forward needs a phone number"): IpcError => ({
  code: "INVALID_INPUT",
  message,
  field,
});

describe("normalizeField", () => {
  it("reads the core's field names in any spelling", () => {
    expect(normalizeField("contact")).toBe("contact");
    expect(normalizeField("caller_name")).toBe("callername");
    expect(normalizeField("callerName")).toBe("callername");
    expect(normalizeField("form.callerName")).toBe("callername");
    expect(normalizeField("")).toBeNull();
    expect(normalizeField(null)).toBeNull();
  });
});

describe("the core's limits in the texts", () => {
  it("names them as the generated bindings give them, in German digits", () => {
    const question = new Intl.NumberFormat("de-DE").format(UI_LIMITS.maxQuestionChars);
    expect(question).toMatch(/^\d{1,3}(\.\d{3})*$/);
    expect(forwardFieldError(invalid("question"), "phone")?.text).toContain(`(höchstens ${question} Zeichen)`);
    expect(signInFieldError(invalid("name"))?.text).toContain(`höchstens ${UI_LIMITS.maxNameChars} Zeichen`);
    expect(signInFieldError(invalid("password"))?.text).toContain(`mindestens ${UI_LIMITS.minPasswordChars} Zeichen`);
  });
});

describe("forwardFieldError", () => {
  it("puts the contact text next to the contact field, worded for the chosen channel", () => {
    const phone = forwardFieldError(invalid("contact"), "phone");
    expect(phone?.field).toBe("contact");
    expect(phone?.text).toContain("Telefonnummer");
    expect(forwardFieldError(invalid("contact"), "email")?.text).toContain("E-Mail-Adresse");
    expect(forwardFieldError(invalid("contact"), "post")?.text).toContain("Anschrift");
  });

  it("maps office, question and caller name in the core's spellings", () => {
    expect(forwardFieldError(invalid("office"), "phone")).toEqual({
      field: "office",
      text: "Bitte die zuständige Stelle aus der Liste wählen.",
    });
    expect(forwardFieldError(invalid("question"), "phone")?.field).toBe("question");
    expect(forwardFieldError(invalid("caller_name"), "phone")?.field).toBe("callerName");
    expect(forwardFieldError(invalid("form.callerName"), "phone")?.field).toBe("callerName");
  });

  it("chooses by code and field, never by the message", () => {
    const a = forwardFieldError(invalid("office", "contact: whatever"), "phone");
    const b = forwardFieldError(invalid("office", "unknown office 'x'"), "phone");
    expect(a).toEqual(b);
    expect(a?.text).not.toContain("unknown");
  });

  it("shows a field the form does not have for the whole form with the general text", () => {
    expect(forwardFieldError(invalid("call"), "phone")).toEqual({ field: null, text: ERROR_TEXT.INVALID_INPUT });
  });

  it("leaves other errors to the banner", () => {
    expect(forwardFieldError(invalid(null), "phone")).toBeNull();
    expect(forwardFieldError({ code: "STORE_FAILED", message: "x", field: "contact" }, "phone")).toBeNull();
  });
});

describe("signInFieldError and outcomeFieldError", () => {
  it("map their own fields", () => {
    expect(signInFieldError(invalid("name"))?.field).toBe("name");
    expect(signInFieldError(invalid("role"))?.text).toContain("Teamleitung");
    expect(outcomeFieldError(invalid("outcome"))).toEqual({ field: "outcome", text: CHOOSE_OUTCOME_TEXT });
    expect(outcomeFieldError(invalid("callId"))?.field).toBeNull();
  });
});

describe("forwardQuestionPrefill", () => {
  it("gives the office the topic on screen as context, never the raw search words", () => {
    expect(forwardQuestionPrefill("Hund anmelden (Hundesteuer)")).toBe("Zu „Hund anmelden (Hundesteuer)“: ");
    expect(forwardQuestionPrefill(null)).toBe("");
    expect(forwardQuestionPrefill("  ")).toBe("");
  });
});

describe("dueText", () => {
  it("puts the core's due label into the promise", () => {
    expect(dueText({ dueAt: "2026-03-05T10:30:00+01:00", dueLabel: "bis Donnerstag, 10:30" })).toBe(
      "Antwort zugesagt bis Donnerstag, 10:30",
    );
  });
});

describe("perAgentFieldError", () => {
  it("explains a refused per-agent switch by the field, not the message", () => {
    expect(perAgentFieldError(invalid("role", "only a supervisor"))).toEqual({ field: "role", text: PER_AGENT_ROLE_TEXT });
    expect(PER_AGENT_ROLE_TEXT).toContain("Teamleitung");
    expect(perAgentFieldError({ code: "NOT_SIGNED_IN", message: "nobody", field: null })).toBeNull();
  });

  it("explains the core's FORBIDDEN (not Teamleitung) next to the switch too", () => {
    const forbidden = { code: "FORBIDDEN" as const, message: "not permitted: changing the centre's settings", field: null };
    expect(perAgentFieldError(forbidden)).toEqual({ field: "role", text: PER_AGENT_ROLE_TEXT });
  });
});
