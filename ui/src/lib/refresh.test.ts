import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FIGURES_REFRESH_MS, createPoller } from "./refresh";

interface Request {
  key: string;
  resolve: (value: string) => void;
  reject: (error: unknown) => void;
}

/** A poller whose requests the test answers by hand; `key` is what a request asked for (read at call time). */
function setup(intervalMs = 5_000) {
  let key = "today";
  const requests: Request[] = [];
  const applied: string[] = [];
  const busy: boolean[] = [];
  const fetch = vi.fn(
    () =>
      new Promise<string>((resolve, reject) => {
        requests.push({ key, resolve: (v) => resolve(v), reject });
      }),
  );
  const poller = createPoller<string>({
    intervalMs,
    fetch,
    apply: (v) => applied.push(v),
    onBusy: (b) => busy.push(b),
  });
  return {
    poller,
    fetch,
    requests,
    applied,
    busy,
    setKey: (k: string) => (key = k),
    /** Answers request `i` with "<its key>#i". */
    answer: async (i: number) => {
      const r = requests[i]!;
      r.resolve(`${r.key}#${i}`);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("poller", () => {
  it("refreshes every five seconds for the dashboard", () => {
    expect(FIGURES_REFRESH_MS).toBe(5_000);
  });

  it("loads at once when activated, then every interval", async () => {
    const t = setup();
    expect(t.fetch).not.toHaveBeenCalled();
    t.poller.setActive(true);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await t.answer(0);
    expect(t.applied).toEqual(["today#0"]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.fetch).toHaveBeenCalledTimes(2);
    await t.answer(1);
    expect(t.applied).toEqual(["today#0", "today#1"]);
    expect(t.busy).toEqual([true, false, true, false]);
    // activating again while active changes nothing
    t.poller.setActive(true);
    expect(t.fetch).toHaveBeenCalledTimes(2);
  });

  it("never overlaps: a tick while a request is in flight is skipped", async () => {
    const t = setup();
    t.poller.setActive(true);
    expect(t.poller.inFlight).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000 * 3);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await t.answer(0);
    expect(t.poller.inFlight).toBe(false);
    // the skipped ticks are not made up for: the next request comes with the next tick
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.fetch).toHaveBeenCalledTimes(2);
  });

  it("drops the answer of a request made before a reload and asks again once the one in flight settles", async () => {
    const t = setup();
    t.poller.setActive(true);
    t.setKey("week");
    t.poller.reload();
    // still one request at a time: the new one waits for the old one
    expect(t.fetch).toHaveBeenCalledTimes(1);
    await t.answer(0);
    expect(t.applied).toEqual([]);
    expect(t.fetch).toHaveBeenCalledTimes(2);
    expect(t.requests[1]?.key).toBe("week");
    await t.answer(1);
    expect(t.applied).toEqual(["week#1"]);
  });

  it("several reloads during one request end in a single new request for the latest", async () => {
    const t = setup();
    t.poller.setActive(true);
    t.setKey("week");
    t.poller.reload();
    t.setKey("month");
    t.poller.reload();
    await t.answer(0);
    expect(t.fetch).toHaveBeenCalledTimes(2);
    await t.answer(1);
    expect(t.applied).toEqual(["month#1"]);
  });

  it("a reload when idle asks at once", async () => {
    const t = setup();
    t.poller.setActive(true);
    await t.answer(0);
    t.setKey("month");
    t.poller.reload();
    expect(t.fetch).toHaveBeenCalledTimes(2);
    await t.answer(1);
    expect(t.applied).toEqual(["today#0", "month#1"]);
  });

  it("stops when hidden and starts again with a load when shown", async () => {
    const t = setup();
    t.poller.setActive(true);
    await t.answer(0);
    t.poller.setActive(false);
    expect(t.poller.active).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    // a reload while hidden waits until the view is shown
    t.setKey("week");
    t.poller.reload();
    expect(t.fetch).toHaveBeenCalledTimes(1);
    t.poller.setActive(true);
    expect(t.fetch).toHaveBeenCalledTimes(2);
    expect(t.requests[1]?.key).toBe("week");
    await t.answer(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.fetch).toHaveBeenCalledTimes(3);
  });

  it("applies an answer that arrives after hiding (it is still current) but asks no more", async () => {
    const t = setup();
    t.poller.setActive(true);
    t.poller.setActive(false);
    await t.answer(0);
    expect(t.applied).toEqual(["today#0"]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.fetch).toHaveBeenCalledTimes(1);
  });

  it("a hidden view does not send the request queued by a reload", async () => {
    const t = setup();
    t.poller.setActive(true);
    t.setKey("week");
    t.poller.reload();
    t.poller.setActive(false);
    await t.answer(0);
    expect(t.fetch).toHaveBeenCalledTimes(1);
    expect(t.applied).toEqual([]);
  });

  it("keeps refreshing after a request throws", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const t = setup();
    t.poller.setActive(true);
    t.requests[0]!.reject(new Error("boom"));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.applied).toEqual([]);
    expect(t.poller.inFlight).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    await t.answer(1);
    expect(t.applied).toEqual(["today#1"]);
  });

  it("after dispose nothing is asked or applied", async () => {
    const t = setup();
    t.poller.setActive(true);
    t.poller.dispose();
    await t.answer(0);
    await vi.advanceTimersByTimeAsync(20_000);
    t.poller.setActive(true);
    t.poller.reload();
    expect(t.fetch).toHaveBeenCalledTimes(1);
    expect(t.applied).toEqual([]);
  });
});
