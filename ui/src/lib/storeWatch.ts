// Other desks' changes, as the centre's store tells them: a loop of long polls (`store_changes` answers when another
// desk changed something the window lists, or after 25 s with nothing new). A desk on its own SQLite file answers
// `live: false` at once and the loop ends: its own writes refresh its lists, and the 30-second refresh stays.
import type { StoreChangesView } from "./bindings/StoreChangesView";
import type { Result } from "./ipc";

/** After a failed call (desk closing, core busy) the loop waits this long before asking again. */
export const WATCH_RETRY_MS = 5_000;

export interface StoreWatchDeps {
  storeChanges: (seen: number) => Promise<Result<StoreChangesView>>;
  /** Called with the tables that changed (`*`: anything) after another desk's change. */
  onChange: (tables: readonly string[]) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Starts watching; the returned function stops it (no change is reported after that). */
export function watchStore(deps: StoreWatchDeps): () => void {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let stopped = false;
  void (async () => {
    let seen = 0;
    while (!stopped) {
      const answer = await deps.storeChanges(seen);
      if (stopped) return;
      if (!answer.ok) {
        await sleep(WATCH_RETRY_MS);
        continue;
      }
      if (!answer.value.live) return;
      if (answer.value.tables.length > 0) deps.onChange(answer.value.tables);
      seen = answer.value.seq;
    }
  })();
  return () => {
    stopped = true;
  };
}
