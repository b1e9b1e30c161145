import { describe, expect, it } from "vitest";
import type { TitleJump } from "./bindings/TitleJump";
import { JUMP_CHIPS, jumpChips, jumpKeyLabel, wantsJump } from "./jump";

const jump = (id: string): TitleJump => ({ id, title: id, kind: "service" });

describe("wantsJump", () => {
  it("asks from two characters on, spaces around not counted", () => {
    expect(wantsJump("")).toBe(false);
    expect(wantsJump(" w ")).toBe(false);
    expect(wantsJump("ü")).toBe(false);
    expect(wantsJump("bb")).toBe(true);
    expect(wantsJump("  wu  ")).toBe(true);
  });
});

describe("jumpChips", () => {
  const jumps = ["a", "b", "c", "d", "e", "f"].map(jump);

  it("keeps the core's order and shows at most four", () => {
    expect(JUMP_CHIPS).toBe(4);
    expect(jumpChips(jumps, []).map((j) => j.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("leaves out the entry that is already the first search result, only that one", () => {
    expect(jumpChips(jumps, [{ id: "a" }, { id: "b" }]).map((j) => j.id)).toEqual(["b", "c", "d", "e"]);
    expect(jumpChips(jumps, [{ id: "c" }]).map((j) => j.id)).toEqual(["a", "b", "d", "e"]);
    expect(jumpChips(jumps, [{ id: "zz" }]).map((j) => j.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("is empty without jumps", () => {
    expect(jumpChips([], [{ id: "a" }])).toEqual([]);
  });
});

describe("jumpKeyLabel", () => {
  it("names the key of each chip", () => {
    expect([0, 1, 2, 3].map(jumpKeyLabel)).toEqual(["Alt+1", "Alt+2", "Alt+3", "Alt+4"]);
  });
});
