import { describe, expect, it } from "vitest";
import type { ErrorCode } from "./bindings/ErrorCode";
import { ERROR_TEXT, errorText, isErrorCode, toIpcError } from "./errors";

const ALL_CODES: ErrorCode[] = [
  "KB_UNAVAILABLE",
  "ENTRY_NOT_FOUND",
  "INDEX_FAILED",
  "INVALID_INPUT",
  "STORE_FAILED",
  "NOT_SIGNED_IN",
  "PORTAL_UNAVAILABLE",
  "INTERNAL",
];

describe("toIpcError", () => {
  it("keeps a known code and its message", () => {
    expect(toIpcError({ code: "ENTRY_NOT_FOUND", message: "no entry 'hund'" })).toEqual({
      code: "ENTRY_NOT_FOUND",
      message: "no entry 'hund'",
      field: null,
    });
  });

  it("keeps the field an INVALID_INPUT is about", () => {
    expect(toIpcError({ code: "INVALID_INPUT", message: "contact: missing", field: "contact" })).toEqual({
      code: "INVALID_INPUT",
      message: "contact: missing",
      field: "contact",
    });
  });

  it.each([
    ["missing", {}],
    ["null", { field: null }],
    ["empty", { field: "" }],
    ["not a string", { field: 3 }],
  ])("reads a %s field as null", (_label, extra) => {
    expect(toIpcError({ code: "INVALID_INPUT", message: "x", ...extra }).field).toBeNull();
  });

  it("keeps NOT_SIGNED_IN", () => {
    expect(toIpcError({ code: "NOT_SIGNED_IN", message: "sign in first", field: null }).code).toBe("NOT_SIGNED_IN");
  });

  it("keeps PORTAL_UNAVAILABLE and says in German that the portal could not be asked", () => {
    const error = toIpcError({ code: "PORTAL_UNAVAILABLE", message: "portal: connection refused", field: null });
    expect(error).toEqual({ code: "PORTAL_UNAVAILABLE", message: "portal: connection refused", field: null });
    expect(errorText(error)).toBe("Das Portal ist gerade nicht erreichbar. Bitte später erneut abfragen.");
  });

  it("maps an unknown code to INTERNAL but keeps the details for the log", () => {
    const error = toIpcError({ code: "DISK_ON_FIRE", message: "boom" });
    expect(error.code).toBe("INTERNAL");
    expect(error.message).toContain("DISK_ON_FIRE");
    expect(error.message).toContain("boom");
  });

  it.each([
    ["a plain string", "command search not found"],
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["an object without message", { code: "ENTRY_NOT_FOUND" }],
    ["an object with a non-string code", { code: 7, message: "x" }],
    ["an array", ["KB_UNAVAILABLE", "x"]],
  ])("maps %s to INTERNAL", (_label, value) => {
    expect(toIpcError(value).code).toBe("INTERNAL");
  });

  it("keeps the message of a thrown Error", () => {
    expect(toIpcError(new TypeError("window.__TAURI_INTERNALS__ is undefined"))).toEqual({
      code: "INTERNAL",
      message: "window.__TAURI_INTERNALS__ is undefined",
      field: null,
    });
  });

  it("keeps a string rejection as the message", () => {
    expect(toIpcError("invalid args `query`").message).toBe("invalid args `query`");
  });

  it("does not treat inherited properties as codes", () => {
    expect(isErrorCode("toString")).toBe(false);
    expect(toIpcError({ code: "constructor", message: "x" }).code).toBe("INTERNAL");
  });
});

describe("errorText", () => {
  it("gives each known code its own German text", () => {
    for (const code of ALL_CODES) {
      expect(errorText({ code, message: "ignored", field: null })).toBe(ERROR_TEXT[code]);
    }
    expect(new Set(ALL_CODES.map((code) => ERROR_TEXT[code])).size).toBe(ALL_CODES.length);
  });

  it("chooses by code and never by message", () => {
    const text = errorText({ code: "KB_UNAVAILABLE", message: "ENTRY_NOT_FOUND", field: "ENTRY_NOT_FOUND" });
    expect(text).toBe(ERROR_TEXT.KB_UNAVAILABLE);
    expect(text).toContain("Wissensdatenbank");
  });

  it("shows the INTERNAL text for anything that is not an IpcError", () => {
    expect(errorText(toIpcError("kaputt"))).toBe(ERROR_TEXT.INTERNAL);
    expect(errorText(toIpcError({ code: "NEU_IM_KERN", message: "x" }))).toBe(ERROR_TEXT.INTERNAL);
    expect(ERROR_TEXT.INTERNAL).toMatch(/unerwarteter Fehler/);
  });

  it("falls back to INTERNAL when a value bypassed the type system", () => {
    const smuggled = { code: "BOGUS", message: "x" } as unknown as Parameters<typeof errorText>[0];
    expect(errorText(smuggled)).toBe(ERROR_TEXT.INTERNAL);
  });
});
