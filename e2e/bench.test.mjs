// Speed and memory of the real window, measured in the page: the time from a
// keystroke (the keydown event's timestamp) until the result list answering the
// box's new text has been painted, and from Enter until the opened answer has
// been painted, over 100 varied queries typed key by key through WebDriver; and
// the desk's memory (PSS of the main process and its WebKit children) after
// start and after all those searches and some calls. Run by
// scripts/package-check.sh against the release window unpacked from the .deb;
// by hand on any build:
//   AUSKUNFT_DESK_BIN=target/release/auskunft-desk \
//     xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" node --test e2e/bench.test.mjs
// BENCH_QUERIES=N types only the first N queries (a quick look).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { application, byTestId, newSession, root, startDriver, stopDriver, until } from "./harness.mjs";
import { deskPss, describePss, environment, mib } from "./procmem.mjs";

/**
 * Issue 15's targets, in ms: keystroke → results painted, Enter → answer painted (p95). Printed, not asserted: under
 * Xvfb on the 2-core test machine WebKit paints in software and one frame takes 25–40 ms, so the figures say more
 * about that renderer than about the desk (see the stage medians); a pass or fail here would be noise. The desk turns
 * WebKit's DMA-BUF renderer off (src-tauri/src/main.rs): a frame is then painted about 1 ms after the DOM changed
 * instead of 12, and the desk needs about 95 MiB less PSS at start and 190 MiB less after the run. To compare with
 * WebKit's default, run with WEBKIT_DISABLE_DMABUF_RENDERER=0 (the desk keeps a value that is set; the same holds for
 * its other settings, ENVIRONMENT_SETTINGS below).
 */
const TARGET_P95_MS = 50;

/**
 * Issue 15's memory target, asserted: the desk with all its processes at most 300 MB (PSS) after the whole run, which
 * searches more in three minutes than an agent does in an hour of calls. Measured 262.0–274.3 MiB with the desk's
 * WebKit settings (src-tauri/src/main.rs, ENVIRONMENT_DEFAULTS), 313.3–313.6 MiB without the two that brought it
 * under; three days later 271.1–286.6 MiB (one CI run over the limit), and 257.6–257.9 MiB with glibc's allocator set to
 * give large blocks back (GLIBC_TUNABLES).
 */
/** Rounds over the queries: one is the standard run (10 calls, about an agent's hour); more are a soak. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

/** Issue 15's limit after an hour of calls, asserted on the standard run; a soak prints its figure. */
const MAX_PSS_KIB = 300e6 / 1024;

/** The variables the desk sets unless they are set; a run that sets one compares, the target is not asserted. */
const ENVIRONMENT_SETTINGS = ["WEBKIT_DISABLE_DMABUF_RENDERER", "GALLIUM_DRIVER", "JSC_useJIT", "GLIBC_TUNABLES"];

/**
 * Issue 15's "no growth over 1,000 searches", asserted as a bounded ratio: the desk's PSS (all its processes) after the
 * last call may exceed that after the first call past 1,000 searches by at most this fraction (about 45 MiB). A leak
 * of 50 KiB or more per search (a kept result list with its DOM nodes) fails it; the GC's and allocator's lazy
 * give-back does not. A smaller leak shows in the printed curve, not here.
 */
const MAX_LATE_GROWTH = 0.15;

let driver;

before(async () => {
  await startDriver();
  driver = await newSession();
  await driver.wait(until.elementLocated(byTestId("search-input")), 30000);
});

after(async () => {
  if (driver) await driver.quit().catch(() => {});
  stopDriver();
});

/**
 * What agents type: the development relevance sets (German, then English), 100 queries (`BENCH_QUERIES`), typed
 * `BENCH_ROUNDS` times over (default once; more rounds are a soak test of the desk's memory).
 */
function queries() {
  const read = (name) =>
    readFileSync(path.join(root, "tests", "data", name), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"))
      .map((line) => line.split("\t")[0].trim());
  const all = [...new Set([...read("queries-dev.tsv"), ...read("queries-en-dev.tsv")])];
  const picked = all.slice(0, Number(process.env.BENCH_QUERIES ?? 100));
  return Array.from({ length: ROUNDS }, () => picked).flat();
}

/** Nearest-rank percentile of sorted numbers. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

const fmt = (s) => `n=${s.n} p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

/**
 * The page's own stopwatch. A keydown in the search box starts it (the event's timestamp, so time spent before the
 * handler ran counts too); the input event names the text the list must answer; a mutation observer notices the list
 * answering that text (its data-query) or the answer view showing the entry Enter opened; the sample ends after the
 * next frame has been painted (a requestAnimationFrame callback runs before the paint, a message posted from it runs
 * after).
 */
const RECORDER = `
  if (window.__bench) return;
  const input = document.querySelector('[data-testid="search-input"]');
  const list = document.querySelector('[data-testid="results"]');
  const column = document.querySelector('.answer-column');
  const bench = (window.__bench = { searches: [], answers: [], skipped: 0, waiting: null, keydownAt: 0 });
  const stamp = (e) => {
    const now = performance.now();
    return e.timeStamp > now - 10000 && e.timeStamp <= now ? e.timeStamp : now;
  };
  // The core's part: each search and open_entry call through Tauri's IPC (a fetch of ipc://localhost/<command>), from
  // the request until its reply arrived, so a sample's DOM stage splits into waiting before the call, the round trip,
  // and the page's update.
  const fetch = window.fetch.bind(window);
  bench.ipc = {};
  window.fetch = (resource, init) => {
    const start = performance.now();
    const reply = fetch(resource, init);
    const url = String(resource?.url ?? resource);
    const cmd = ["search", "open_entry"].find((name) => url === "ipc://localhost/" + name);
    if (cmd) reply.then((r) => r.clone().arrayBuffer()).then(() => { bench.ipc[cmd] = { start, end: performance.now() }; }, () => {});
    return reply;
  };
  let frameAt = 0;
  const afterPaint = (done) =>
    requestAnimationFrame(() => {
      frameAt = performance.now();
      const channel = new MessageChannel();
      // Closed after use: an entangled port with a listener is never collected. Left open (until 2026-12-05), one
      // channel per sample grew the page and slowed its frames: over 8,000 searches (BENCH_ROUNDS=4) the PSS after
      // the run was 308.0 MiB instead of 286.2, and the paint stage's median 16-19 ms instead of 6-9 ms.
      channel.port1.onmessage = () => {
        channel.port1.close();
        done(performance.now());
      };
      channel.port2.postMessage(null);
    });
  const check = () => {
    const w = bench.waiting;
    if (!w || w.painting) return;
    const done =
      w.kind === "search"
        ? list.dataset.query === w.text
        : column.querySelector('[data-testid="answer"]')?.dataset.id === w.id && column.getAttribute("aria-busy") !== "true";
    if (!done) return;
    w.painting = true;
    const shown = performance.now();
    const call = bench.ipc[w.kind === "search" ? "search" : "open_entry"];
    const ipc = call && call.start >= w.t0 && call.end <= shown ? call : null;
    afterPaint((t) => {
      (w.kind === "search" ? bench.searches : bench.answers).push({
        text: w.text,
        id: w.id ?? null,
        ms: t - w.t0,
        // Where the time went: keydown → input event; → the DOM shows the answer (the core's round trip through
        // Tauri's IPC and Svelte's update); → the next frame's start (requestAnimationFrame); → painted.
        input: (w.inputAt ?? w.t0) - w.t0,
        dom: shown - (w.inputAt ?? w.t0),
        // The DOM stage's parts: → the IPC call went out; → its reply arrived; → the DOM shows it (Svelte's update).
        wait: ipc ? ipc.start - (w.inputAt ?? w.t0) : null,
        core: ipc ? ipc.end - ipc.start : null,
        update: ipc ? shown - ipc.end : null,
        frame: frameAt - shown,
        paint: t - frameAt,
      });
      if (bench.waiting === w) bench.waiting = null;
    });
  };
  input.addEventListener("keydown", (e) => {
    bench.keydownAt = stamp(e);
    if (e.key !== "Enter") return;
    const hit = list.querySelector('[data-testid="result"].selected') ?? list.querySelector('[data-testid="result"]');
    const shown = column.querySelector('[data-testid="answer"]')?.dataset.id;
    // The same entry again would not be painted anew (or a query without hits): nothing to measure.
    if (!hit || hit.dataset.id === shown) { bench.skipped += 1; bench.waiting = null; return; }
    bench.waiting = { kind: "answer", id: hit.dataset.id, text: input.value, t0: bench.keydownAt };
  }, true);
  input.addEventListener("input", () => {
    const inputAt = performance.now();
    bench.waiting = input.value.trim() === "" ? null : { kind: "search", text: input.value, t0: bench.keydownAt, inputAt };
  }, true);
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
`;

/** Resolves once the page recorded a sample of `kind` beyond `count` (true), or after 3 s (false). */
async function sampled(kind, count) {
  return driver.executeAsyncScript(
    `const [kind, count, done] = arguments;
     const deadline = performance.now() + 3000;
     const poll = () => {
       if (window.__bench[kind].length > count) return done(true);
       if (performance.now() > deadline) return done(false);
       setTimeout(poll, 2);
     };
     poll();`,
    kind,
    count,
  );
}

const counts = () => driver.executeScript("return [window.__bench.searches.length, window.__bench.answers.length]");

async function signIn() {
  const dialog = await driver.wait(until.elementLocated(byTestId("signin-dialog")), 15000);
  await dialog.findElement(byTestId("signin-name")).sendKeys("Bea Bench");
  await driver.executeScript("arguments[0].click()", await dialog.findElement(byTestId("signin-submit")));
  await driver.wait(async () => (await driver.findElements(byTestId("signin-dialog"))).length === 0, 10000);
}

async function acceptCall() {
  await driver.findElement({ css: "body" }).sendKeys(Key.F2);
  const timer = await driver.findElement(byTestId("call-timer"));
  await driver.wait(async () => /^\d\d:\d\d$/.test((await timer.getText()).trim()), 10000, "the call runs");
}

async function endCall() {
  await driver.findElement({ css: "body" }).sendKeys(Key.F4);
  const dialog = await driver.wait(until.elementLocated(byTestId("outcome-dialog")), 10000);
  const answered = await dialog.findElement({ css: '[data-testid="outcome-option"][data-outcome="answered"]' });
  await driver.executeScript("arguments[0].click()", answered);
  await driver.executeScript("arguments[0].click()", await dialog.findElement(byTestId("outcome-confirm")));
  await driver.wait(async () => (await driver.findElements(byTestId("outcome-dialog"))).length === 0, 10000);
}

test("keystroke → results and Enter → answer, painted, measured in the page; the desk's memory before and after", async () => {
  await signIn();
  // Let the window settle (first paint, knowledge base, store) before the first figure.
  await driver.sleep(3000);
  const start = deskPss(application);
  assert.ok(start.processes.length > 0, `no process runs ${application}`);
  console.log(`PSS after start: ${describePss(start)}`);
  // The figures below hold for the desk's own settings: it sets each one the caller did not (src-tauri/src/main.rs).
  const desk = start.processes.find((p) => p.name === path.basename(application)) ?? start.processes[0];
  const own = environment(desk.pid);
  assert.ok(own !== null, `cannot read the environment of ${application}`);
  const unset = ENVIRONMENT_SETTINGS.filter((name) => !own.has(name));
  assert.deepEqual(unset, [], `the desk runs without its settings ${unset.join(", ")}`);

  await driver.executeScript(RECORDER);
  const list = queries();
  let searchMisses = 0;
  let answerMisses = 0;
  let calls = 0;
  let keystrokes = 0;
  /** The desk's PSS (MiB) after each call, by the searches made so far. */
  const curve = [];
  const started = Date.now();
  for (const [i, text] of list.entries()) {
    if (i % 10 === 0) await acceptCall();
    const box = await driver.findElement(byTestId("search-input"));
    await driver.executeScript("arguments[0].focus()", box);
    await box.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
    for (const ch of text) {
      const [searches] = await counts();
      await box.sendKeys(ch);
      keystrokes += 1;
      // A space at the end changes nothing the list shows but is still searched and painted.
      if (!(await sampled("searches", searches))) searchMisses += 1;
    }
    // Enter opens the selected hit; when that entry is open already (queries on one topic follow each other), the
    // next hit is chosen first, so that Enter paints a new answer.
    const [selected, shown, hits] = await driver.executeScript(
      `return [document.querySelector('[data-testid="result"].selected')?.dataset.id,
        document.querySelector('[data-testid="answer"]')?.dataset.id,
        document.querySelectorAll('[data-testid="result"]').length]`,
    );
    if (selected !== undefined && selected === shown && hits > 1) await box.sendKeys(Key.ARROW_DOWN);
    const [, answers] = await counts();
    const skippedBefore = await driver.executeScript("return window.__bench.skipped");
    await box.sendKeys(Key.ENTER);
    const skipped = (await driver.executeScript("return window.__bench.skipped")) > skippedBefore;
    if (!skipped && !(await sampled("answers", answers))) answerMisses += 1;
    if (i % 10 === 9 || i === list.length - 1) {
      await endCall();
      calls += 1;
      // The curve, not only its ends: warming up levels off, a leak keeps climbing.
      curve.push({ searches: keystrokes, pss: deskPss(application).total });
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const bench = await driver.executeScript(
    "return { searches: window.__bench.searches, answers: window.__bench.answers, skipped: window.__bench.skipped }",
  );
  const keys = summary(bench.searches.map((s) => s.ms));
  const enter = summary(bench.answers.map((s) => s.ms));
  /** Medians of the stages, so a slow figure says where its time went. */
  const stages = (samples) =>
    ["input", "dom", "wait", "core", "update", "frame", "paint"]
      .map((k) => {
        const values = samples.map((s) => s[k]).filter((v) => v !== null && v !== undefined);
        return values.length ? `${k} ${summary(values).p50.toFixed(1)}` : `${k} –`;
      })
      .join(", ");
  console.log(`${list.length} queries, ${keystrokes} keystrokes (each one search), ${calls} calls, ${seconds} s`);
  console.log(`keystroke → results painted: ${fmt(keys)}; not painted within 3 s: ${searchMisses}`);
  console.log(`Enter → answer painted: ${fmt(enter)}; same entry as shown (not measured): ${bench.skipped}; not painted within 3 s: ${answerMisses}`);
  console.log(`  medians of the stages (ms), keystroke: ${stages(bench.searches)}`);
  console.log(`  medians of the stages (ms), Enter: ${stages(bench.answers)}`);
  // The slowest answers with their stages: whether the tail is one kind of entry or the machine's noise.
  const slowest = [...bench.answers].sort((a, b) => b.ms - a.ms).slice(0, 6);
  const part = (v) => (v === null || v === undefined ? "–" : v.toFixed(0));
  for (const s of slowest) {
    console.log(`  slow Enter: ${s.ms.toFixed(0)} ms "${s.text}" → ${s.id} (core ${part(s.core)}, update ${part(s.update)}, paint ${part(s.paint)}, frame ${part(s.frame)})`);
  }
  const verdict = (s) => (s.p95 <= TARGET_P95_MS ? "met" : "NOT met");
  console.log(`target p95 ≤ ${TARGET_P95_MS} ms: keystroke ${verdict(keys)}, Enter ${verdict(enter)}`);

  await driver.sleep(3000);
  const end = deskPss(application);
  console.log(`PSS after the run: ${describePss(end)}`);
  console.log(`PSS growth: ${mib(end.total - start.total)} MiB`);
  console.log(`PSS (MiB) after each call, by searches so far: ${curve.map((c) => `${c.searches}: ${mib(c.pss)}`).join(", ")}`);
  // No growth over 1,000 searches: from the first call after 1,000 searches to the last, the PSS may still move by
  // warming up and GC timing (JavaScriptCore and WebKit's allocator give memory back lazily; measured +2.0 % and
  // +5.6 % over that second half; in-page rounds of 2,014 searches each ended at 334, 313 and 320 MiB, the DOM at 405
  // nodes after every round) but not climb by more than MAX_LATE_GROWTH of itself.
  const mid = curve.find((c) => c.searches >= 1000);
  const last = curve[curve.length - 1];
  if (mid && last.searches - mid.searches >= 900) {
    const growth = (last.pss - mid.pss) / mid.pss;
    console.log(`PSS growth over searches ${mid.searches}–${last.searches}: ${(growth * 100).toFixed(1)} % (at most ${MAX_LATE_GROWTH * 100} %)`);
    assert.ok(growth <= MAX_LATE_GROWTH, `the desk's PSS grew by ${(growth * 100).toFixed(1)} % over searches ${mid.searches}–${last.searches}`);
  }

  const comparing = ENVIRONMENT_SETTINGS.filter((name) => name in process.env);
  if (list.length >= 100 && ROUNDS === 1 && comparing.length === 0) {
    assert.ok(end.total <= MAX_PSS_KIB, `the desk's PSS after the run is ${mib(end.total)} MiB, more than 300 MB (${mib(MAX_PSS_KIB)} MiB)`);
  } else {
    const why = comparing.length ? `set: ${comparing.join(", ")}` : ROUNDS > 1 ? `a soak of ${ROUNDS} rounds` : "a short run";
    console.log(`memory target not asserted (${why})`);
  }
  assert.equal(searchMisses, 0, "every keystroke's results were painted");
  assert.equal(answerMisses, 0, "every Enter's answer was painted");
  assert.ok(keystrokes >= 1000 || list.length < 100, `at least 1,000 searches (${keystrokes})`);
});
