// The only place that calls Tauri. Every command goes through `call`, which never throws: a rejection is normalised to
// an `IpcError`, reported to the error banner, and returned as a failed `Result` so callers can simply ignore it.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { Answer } from "./bindings/Answer";
import type { AppInfo } from "./bindings/AppInfo";
import type { IpcError } from "./bindings/IpcError";
import type { SearchHit } from "./bindings/SearchHit";
import type { TitleJump } from "./bindings/TitleJump";
import { errorState } from "./errorState.svelte";
import { toIpcError } from "./errors";

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type InvokeFn = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

/** Number of hits the search column shows. */
export const SEARCH_LIMIT = 10;

export function createIpc(invoke: InvokeFn, report: (error: IpcError) => void) {
  async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<Result<T>> {
    try {
      // `invoke` itself can throw synchronously-ish outside Tauri (no IPC bridge); `await` inside `try` catches both.
      const value = (await invoke(cmd, args)) as T;
      return { ok: true, value };
    } catch (rejection) {
      const error = toIpcError(rejection);
      console.error(`IPC ${cmd} failed`, error);
      report(error);
      return { ok: false, error };
    }
  }

  return {
    call,
    search: (query: string, limit: number = SEARCH_LIMIT) => call<SearchHit[]>("search", { query, limit }),
    jump: (query: string) => call<TitleJump[]>("jump", { query }),
    openEntry: (id: string) => call<Answer>("open_entry", { id }),
    ask: (question: string) => call<Answer | null>("ask", { question }),
    appInfo: () => call<AppInfo>("app_info"),
  };
}

export type Ipc = ReturnType<typeof createIpc>;

export const ipc: Ipc = createIpc((cmd, args) => tauriInvoke(cmd, args), (error) => errorState.report(error));
