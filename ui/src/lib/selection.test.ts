import { describe, expect, it } from "vitest";
import { initialSelection, moveSelection, searchKeyAction, selectedId } from "./selection";

describe("searchKeyAction", () => {
  const plain = { query: "hund", modified: false };

  it.each([
    ["ArrowDown", "down"],
    ["ArrowUp", "up"],
    ["Enter", "open"],
    ["Escape", "clear"],
  ] as const)("%s means %s", (key, action) => {
    expect(searchKeyAction(key, plain)).toBe(action);
  });

  it("PageDown/PageUp and Ctrl+↓/↑ scroll the answer, without leaving the box", () => {
    expect(searchKeyAction("PageDown", plain)).toBe("answer-down");
    expect(searchKeyAction("PageUp", plain)).toBe("answer-up");
    expect(searchKeyAction("ArrowDown", { ...plain, modified: true, ctrlOnly: true })).toBe("answer-down");
    expect(searchKeyAction("ArrowUp", { ...plain, modified: true, ctrlOnly: true })).toBe("answer-up");
    // Alt+↓ or Shift+PageDown stay the system's.
    expect(searchKeyAction("ArrowDown", { ...plain, modified: true })).toBeNull();
    expect(searchKeyAction("PageDown", { ...plain, modified: true })).toBeNull();
  });

  it("Esc on an empty box leaves it", () => {
    expect(searchKeyAction("Escape", { query: "", modified: false })).toBe("blur");
  });

  it("Esc on a box with only spaces still clears first", () => {
    expect(searchKeyAction("Escape", { query: "  ", modified: false })).toBe("clear");
  });

  it("leaves ordinary typing and modified keys to the input", () => {
    expect(searchKeyAction("a", plain)).toBeNull();
    expect(searchKeyAction("Home", plain)).toBeNull();
    expect(searchKeyAction("ArrowDown", { ...plain, modified: true })).toBeNull();
    expect(searchKeyAction("Enter", { ...plain, composing: true })).toBeNull();
  });
});

describe("moveSelection", () => {
  it("moves down and up within the list", () => {
    expect(moveSelection(0, 1, 3)).toBe(1);
    expect(moveSelection(2, -1, 3)).toBe(1);
  });

  it("stops at both ends instead of wrapping", () => {
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
  });

  it("starts at the first hit going down and at the last going up", () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
  });

  it("selects nothing in an empty list", () => {
    expect(moveSelection(0, 1, 0)).toBe(-1);
    expect(moveSelection(-1, -1, 0)).toBe(-1);
  });

  it("pulls an index beyond a shrunken list back inside", () => {
    expect(moveSelection(9, 1, 3)).toBe(2);
  });
});

describe("initialSelection and selectedId", () => {
  const hits = [{ id: "a" }, { id: "b" }];

  it("selects the best hit of a new list", () => {
    expect(initialSelection(2)).toBe(0);
    expect(initialSelection(0)).toBe(-1);
  });

  it("gives the id at the index, or null outside the list", () => {
    expect(selectedId(hits, 1)).toBe("b");
    expect(selectedId(hits, -1)).toBeNull();
    expect(selectedId(hits, 2)).toBeNull();
  });
});
