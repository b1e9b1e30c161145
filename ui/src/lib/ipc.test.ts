import { describe, expect, it, vi } from "vitest";
import type { IpcError } from "./bindings/IpcError";
import { createIpc, type InvokeFn } from "./ipc";

function setup(impl: InvokeFn) {
  const invoke = vi.fn(impl);
  const reported: IpcError[] = [];
  const ipc = createIpc(invoke, (error) => reported.push(error));
  vi.spyOn(console, "error").mockImplementation(() => {});
  return { invoke, reported, ipc };
}

describe("createIpc", () => {
  it("passes camelCase arguments to the command and returns its value", async () => {
    const hits = [{ id: "hund-anmelden" }];
    const { invoke, reported, ipc } = setup(async () => hits);
    const result = await ipc.search("hund", 10);
    expect(invoke).toHaveBeenCalledWith("search", { query: "hund", limit: 10 });
    expect(result).toEqual({ ok: true, value: hits });
    expect(reported).toEqual([]);
  });

  it("uses the contract's command names", async () => {
    const { invoke, ipc } = setup(async () => null);
    await ipc.openEntry("steueramt");
    await ipc.ask("wann hat das bürgerbüro auf");
    await ipc.jump("hun");
    await ipc.appInfo();
    expect(invoke.mock.calls).toEqual([
      ["open_entry", { id: "steueramt" }],
      ["ask", { question: "wann hat das bürgerbüro auf" }],
      ["jump", { query: "hun" }],
      ["app_info", {}],
    ]);
  });

  it("reports a rejected IpcError with its code and does not throw", async () => {
    const { reported, ipc } = setup(async () => {
      throw { code: "ENTRY_NOT_FOUND", message: "no such entry" };
    });
    const result = await ipc.openEntry("weg");
    expect(result).toEqual({ ok: false, error: { code: "ENTRY_NOT_FOUND", message: "no such entry" } });
    expect(reported.map((e) => e.code)).toEqual(["ENTRY_NOT_FOUND"]);
  });

  it("reports a string rejection as INTERNAL", async () => {
    const { reported, ipc } = setup(() => Promise.reject("command open_entry not found"));
    const result = await ipc.openEntry("x");
    expect(result.ok).toBe(false);
    expect(reported).toEqual([{ code: "INTERNAL", message: "command open_entry not found" }]);
  });

  it("reports a synchronous throw (no Tauri bridge) as INTERNAL", async () => {
    const { reported, ipc } = setup(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'invoke')");
    });
    const result = await ipc.search("x");
    expect(result.ok).toBe(false);
    expect(reported[0]?.code).toBe("INTERNAL");
  });
});
