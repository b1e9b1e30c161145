// Keyboard behaviour of the search box, as pure functions so it can be tested without a window.

export type SearchKeyAction = "up" | "down" | "open" | "clear" | "blur" | "answer-down" | "answer-up";

export interface SearchKeyContext {
  /** Current text in the search box. */
  query: string;
  /** Whether a modifier (Ctrl, Alt, Meta) is held; those combinations belong to the system or to global shortcuts. */
  modified: boolean;
  /** Ctrl alone is held (Ctrl+↓/↑ scroll the answer). */
  ctrlOnly?: boolean;
  /** True while an input method is composing text (dead keys, IME): keys then belong to the composition. */
  composing?: boolean;
}

/** What a key pressed in the search box means, or `null` if the input should handle it as text. */
export function searchKeyAction(key: string, ctx: SearchKeyContext): SearchKeyAction | null {
  if (ctx.composing) return null;
  // The answer is read while the cursor stays in the box: a long answer scrolls from here, by a page.
  if (ctx.ctrlOnly && key === "ArrowDown") return "answer-down";
  if (ctx.ctrlOnly && key === "ArrowUp") return "answer-up";
  if (ctx.modified) return null;
  switch (key) {
    case "PageDown":
      return "answer-down";
    case "PageUp":
      return "answer-up";
    case "ArrowDown":
      return "down";
    case "ArrowUp":
      return "up";
    case "Enter":
      return "open";
    case "Escape":
      // First Esc empties the box, a second one (on an empty box) leaves it.
      return ctx.query === "" ? "blur" : "clear";
    default:
      return null;
  }
}

/**
 * Moves the selected index by `delta` within `count` results. Stops at both ends instead of wrapping: while the caller
 * talks, a selection that jumps from the last hit to the first is easy to miss. -1 means "nothing selected".
 */
export function moveSelection(current: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return delta >= 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + delta));
}

/** Selection after a new result list arrived: the best hit, so Enter opens it at once. */
export function initialSelection(count: number): number {
  return count > 0 ? 0 : -1;
}

/** The id of the selected item, if the index points into the list. */
export function selectedId<T extends { id: string }>(items: readonly T[], index: number): string | null {
  return index >= 0 && index < items.length ? (items[index]?.id ?? null) : null;
}
