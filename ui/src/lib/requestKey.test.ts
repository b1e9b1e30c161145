import { describe, expect, it } from "vitest";
import { newRequestKey } from "./requestKey";

describe("newRequestKey", () => {
  it("gives keys the core accepts, a new one each time", () => {
    const keys = new Set(Array.from({ length: 100 }, () => newRequestKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });
});
