// "Direkt zu": the core's fuzzy title jump shown as a few chips under the search box, for agents who know the entry
// they want ("wunschkennz", "bb watt"). The core ranks; this only decides which of its answers become chips.
import type { SearchHit } from "./bindings/SearchHit";
import type { TitleJump } from "./bindings/TitleJump";

/** The jump is asked for once the box holds this many characters (one letter matches half the titles). */
export const JUMP_MIN_CHARS = 2;

/** At most this many chips, opened with Alt+1 … Alt+4. */
export const JUMP_CHIPS = 4;

/** Whether `query` is long enough for the title jump. */
export function wantsJump(query: string): boolean {
  return [...query.trim()].length >= JUMP_MIN_CHARS;
}

/**
 * The chips to show: the core's jumps in its order, without the entry that is already the first search result (Enter
 * opens that one), at most `max`.
 */
export function jumpChips(
  jumps: readonly TitleJump[],
  hits: readonly Pick<SearchHit, "id">[],
  max: number = JUMP_CHIPS,
): TitleJump[] {
  const first = hits[0]?.id ?? null;
  return jumps.filter((jump) => jump.id !== first).slice(0, max);
}

/** The key that opens chip `index` (0-based), as shown on the chip. */
export function jumpKeyLabel(index: number): string {
  return `Alt+${index + 1}`;
}
