import { describe, expect, it, vi } from "vitest";
import type { StoreChangesView } from "./bindings/StoreChangesView";
import type { Result } from "./ipc";
import { watchStore } from "./storeWatch";

function ok(value: StoreChangesView): Result<StoreChangesView> {
  return { ok: true, value };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe("watchStore", () => {
  it("passes back the count it has seen and reports each change", async () => {
    const answers = [
      ok({ live: true, seq: 1, tables: ["*"] }),
      ok({ live: true, seq: 1, tables: [] }),
      ok({ live: true, seq: 3, tables: ["calls", "forwards"] }),
    ];
    const storeChanges = vi.fn(async (_seen: number) => answers.shift() ?? new Promise<never>(() => {}));
    const onChange = vi.fn();
    const stop = watchStore({ storeChanges, onChange });
    await flush();
    expect(storeChanges.mock.calls.map((c) => c[0])).toEqual([0, 1, 1, 3]);
    expect(onChange.mock.calls).toEqual([[["*"]], [["calls", "forwards"]]]);
    stop();
  });

  it("ends at once for a store that tells nothing (a single desk)", async () => {
    const storeChanges = vi.fn(async () => ok({ live: false, seq: 0, tables: [] }));
    const onChange = vi.fn();
    watchStore({ storeChanges, onChange });
    await flush();
    expect(storeChanges).toHaveBeenCalledTimes(1);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("waits after a failure and reports nothing once stopped", async () => {
    let release: () => void = () => {};
    const sleep = vi.fn(() => new Promise<void>((r) => (release = r)));
    const answers: Result<StoreChangesView>[] = [
      { ok: false, error: { code: "INTERNAL", message: "closing", field: null } },
      ok({ live: true, seq: 2, tables: ["forwards"] }),
    ];
    const storeChanges = vi.fn(async () => answers.shift() ?? new Promise<never>(() => {}));
    const onChange = vi.fn();
    const stop = watchStore({ storeChanges, onChange, sleep });
    await flush();
    expect(sleep).toHaveBeenCalledWith(5_000);
    stop();
    release();
    await flush();
    expect(onChange).not.toHaveBeenCalled();
  });
});
