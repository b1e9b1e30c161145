// The real desk window: type like an agent, see results from the Rust
// core, open an answer with office cards. Screenshots of every view go to
// target/e2e-screenshots/.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { assertAccessible } from "./axe.mjs";
import { byTestId, newSession, screenshot, startDriver, stopDriver, until } from "./harness.mjs";

let driver;
/** The desk's data folder (its SQLite store is `auskunft.sqlite3` there). */
let dataDir;

before(async () => {
  dataDir = await startDriver();
  driver = await newSession();
  await driver.wait(until.elementLocated(byTestId("search-input")), 30000);
});

/** Clicks an element via script: WebKitWebDriver refuses clicks on
 * elements a modal's backdrop overlaps, which is not what we test. */
async function press(el) {
  await driver.executeScript("arguments[0].click()", el);
}

after(async () => {
  if (driver) await driver.quit().catch(() => {});
  stopDriver();
});

async function search(text) {
  const box = await driver.findElement(byTestId("search-input"));
  await box.clear();
  // Clearing fires no input event in every driver: select all and replace.
  await box.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
  await box.sendKeys(text);
  return box;
}

async function firstResultId(expected) {
  let seen = null;
  await driver.wait(async () => {
    try {
      const items = await driver.findElements(byTestId("result"));
      if (items.length === 0) return false;
      seen = await items[0].getAttribute("data-id");
      return seen === expected;
    } catch (e) {
      // The list re-rendered between finding and reading (search as you type).
      if (e.name === "StaleElementReferenceError") return false;
      throw e;
    }
  }, 10000, `first result should become ${expected}`);
  return seen;
}

test("a fresh desk asks who is working and signs in", async () => {
  const dialog = await driver.wait(until.elementLocated(byTestId("signin-dialog")), 15000);
  await screenshot(driver, "00-sign-in");
  await assertAccessible(driver, "the sign-in dialog");
  const name = await dialog.findElement(byTestId("signin-name"));
  await name.sendKeys("Alex Muster");
  await press(await dialog.findElement(byTestId("signin-submit")));
  await driver.wait(async () => (await driver.findElements(byTestId("signin-dialog"))).length === 0, 10000);
});

test("the window starts with an empty search and the shipped knowledge base", async () => {
  const info = await driver.wait(until.elementLocated(byTestId("app-info")), 10000);
  await driver.wait(async () => /\d+/.test(await info.getText()), 10000);
  const text = await info.getText();
  const count = Number((text.match(/(\d+)\s*Eintr/) ?? [])[1] ?? 0);
  assert.ok(count >= 66, `status line should count the entries: ${text}`);
  await screenshot(driver, "01-start");
  await assertAccessible(driver, "the agent view at start");
});

test("the shortcut help and the knowledge base's problems pass axe (WCAG 2.1 AA)", async () => {
  const help = await driver.findElement(byTestId("shortcut-help"));
  await press(await help.findElement({ css: "summary" }));
  await driver.wait(async () => (await help.getAttribute("open")) !== null, 5000, "the shortcut help opens");
  await screenshot(driver, "01b-shortcut-help");
  await assertAccessible(driver, "the shortcut help");
  await press(await help.findElement({ css: "summary" }));
  const toggles = await driver.findElements(byTestId("kb-problems-toggle"));
  if (toggles.length > 0) {
    await press(toggles[0]);
    await driver.wait(until.elementLocated(byTestId("kb-problems")), 5000, "the problems list opens");
    await screenshot(driver, "01c-kb-problems");
    await assertAccessible(driver, "the knowledge base's problems");
    await press(toggles[0]);
  } else {
    console.log("the knowledge base has no problems: no list to check");
  }
  await driver.findElement(byTestId("search-input")).click();
});

test("a query with a typo finds the Personalausweis and opens it", async () => {
  const box = await search("personalausweiss");
  assert.equal(await firstResultId("personalausweis"), "personalausweis");
  const first = (await driver.findElements(byTestId("result")))[0];
  const marks = await first.findElements({ css: "mark" });
  assert.ok(marks.length > 0, "the snippet highlights the matched words");
  await screenshot(driver, "02-results-typo");
  await assertAccessible(driver, "the agent view with results");
  await box.sendKeys(Key.ENTER);
  const title = await driver.wait(until.elementLocated(byTestId("answer-title")), 10000);
  await driver.wait(until.elementTextContains(title, "Personalausweis"), 10000);
  const summary = await driver.findElement(byTestId("answer-summary")).getText();
  assert.ok(summary.length > 20, "the read-aloud summary is shown");
  // Not an hours question: the Bürgerbüros' week tables are folded under
  // today's hours. Read afresh on each attempt: the cards re-render when
  // the office states arrive.
  let folded = null;
  await driver.wait(async () => {
    try {
      const weeks = await driver.findElements({ css: '[data-testid="answer"] [data-testid="week-hours"]' });
      if (weeks.length === 0) return false;
      folded = (await Promise.all(weeks.map((w) => w.getAttribute("open")))).every((o) => o === null);
      return true;
    } catch (e) {
      if (e.name === "StaleElementReferenceError") return false;
      throw e;
    }
  }, 10000, "the Bürgerbüro cards of the Personalausweis with their week");
  assert.equal(folded, true, "a question not about hours folds the offices' week tables");
  await screenshot(driver, "03-answer-personalausweis");
  await assertAccessible(driver, "the agent view with results and an answer");
});

test("an English question opens the German entry at the asked section, with the English short answer", async () => {
  const box = await search("what do i need to register my dog");
  assert.equal(await firstResultId("hund-anmelden"), "hund-anmelden");
  await box.sendKeys(Key.ENTER);
  const en = await driver.wait(until.elementLocated(byTestId("answer-summary-en")), 10000);
  await driver.wait(until.elementTextContains(en, "Register your dog"), 10000);
  assert.equal(await en.getAttribute("lang"), "en");
  const focused = await driver.findElements({ css: '[data-section="unterlagen"][data-focused="true"]' });
  assert.equal(focused.length, 1, "the documents section is the focused one");
  await screenshot(driver, "03b-answer-english");
});

test("an office question shows the office card with its open state", async () => {
  const box = await search("wann hat das bürgerbüro wattenscheid auf");
  assert.equal(await firstResultId("buergerbuero-wattenscheid"), "buergerbuero-wattenscheid");
  await box.sendKeys(Key.ENTER);
  // The answer re-renders once the office states arrive: read the badge
  // afresh on every attempt instead of holding on to an element.
  let kind = null;
  let label = "";
  let weekOpen = null;
  await driver.wait(async () => {
    try {
      const state = await driver.findElement({ css: '[data-testid="answer"][data-id="buergerbuero-wattenscheid"] [data-testid="open-state"]' });
      kind = await state.getAttribute("data-kind");
      label = await state.getText();
      const week = await driver.findElement({ css: '[data-testid="answer"][data-id="buergerbuero-wattenscheid"] [data-testid="week-hours"]' });
      weekOpen = await week.getAttribute("open");
      return true;
    } catch {
      return false;
    }
  }, 10000, "the office card of Wattenscheid with its state");
  assert.ok(["open", "closed", "appointment_only"].includes(kind), `state kind ${kind}`);
  assert.match(label, /Geöffnet bis|Geschlossen|Termin/);
  assert.notEqual(weekOpen, null, "the office's own answer shows its week table open");
  await screenshot(driver, "04-answer-office");
  await assertAccessible(driver, "an answer with an office card");
});

test("a question about another day shows that day on the office card", async () => {
  const box = await search("hat das bürgerbüro wattenscheid am samstag offen");
  assert.equal(await firstResultId("buergerbuero-wattenscheid"), "buergerbuero-wattenscheid");
  await box.sendKeys(Key.ENTER);
  let text = "";
  await driver.wait(async () => {
    try {
      const day = await driver.findElement({ css: '[data-testid="answer"][data-id="buergerbuero-wattenscheid"] [data-testid="asked-day"]' });
      text = await day.getText();
      return true;
    } catch {
      return false;
    }
  }, 10000, "the asked day on the card of Wattenscheid");
  // Wattenscheid keeps no Saturday hours: whichever Saturday comes next.
  assert.match(text, /^Am Sa, \d\d\.\d\d\.: geschlossen/);
});

test("nonsense shows the no-results hint, not an error", async () => {
  await search("xqzvw");
  await driver.wait(until.elementLocated(byTestId("no-results")), 10000);
  assert.equal((await driver.findElements(byTestId("error-banner"))).length, 0);
  assert.equal((await driver.findElements(byTestId("result"))).length, 0);
  await screenshot(driver, "05-no-results");
});

test("Direkt zu: a title the search ranks second is one Alt+digit away", async () => {
  // "wohngeldstelle" ranks the Wohngeld service first (it lists the office's
  // name as its own synonym); the jump offers the office itself.
  await search("wohngeldstelle");
  assert.equal(await firstResultId("wohngeld"), "wohngeld");
  let position = -1;
  await driver.wait(async () => {
    try {
      const chips = await driver.findElements(byTestId("jump-chip"));
      const ids = await Promise.all(chips.map((c) => c.getAttribute("data-id")));
      position = ids.indexOf("wohngeldstelle");
      return position >= 0;
    } catch (e) {
      if (e.name === "StaleElementReferenceError") return false;
      throw e;
    }
  }, 10000, "a chip for the Wohngeldstelle");
  await screenshot(driver, "05b-jump-chips");
  await assertAccessible(driver, "results with Direkt zu chips");
  const box = await driver.findElement(byTestId("search-input"));
  await box.sendKeys(Key.chord(Key.ALT, String(position + 1)));
  const title = await driver.wait(until.elementLocated(byTestId("answer-title")), 10000);
  await driver.wait(until.elementTextContains(title, "Wohngeldstelle"), 10000);
});

test("Enter right after the text arrives opens that text's answer, never the previous one's (50 times)", async () => {
  const tries = [
    ["personalausweis", "Personalausweis"],
    ["hundesteuer anmelden", "Hund anmelden"],
  ];
  const box = await driver.findElement(byTestId("search-input"));
  for (let i = 0; i < 50; i += 1) {
    const [text, title] = tries[i % tries.length];
    await box.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
    // One WebDriver command: the text and Enter, faster than the search pause.
    await box.sendKeys(text, Key.ENTER);
    const shown = await driver.findElement(byTestId("answer-title"));
    if (i === 0) await screenshot(driver, "05c-enter-at-once");
    await driver.wait(until.elementTextContains(shown, title), 5000, `try ${i + 1}: "${text}" opens ${title}`);
  }
  await box.sendKeys(Key.ESCAPE);
});

test("Ctrl+Plus, Ctrl+Minus and Ctrl+0 zoom the window (low vision)", async () => {
  const width = () => driver.executeScript("return window.innerWidth");
  const before = await width();
  const body = await driver.findElement({ css: "body" });
  await body.sendKeys(Key.chord(Key.CONTROL, "+"));
  await driver.wait(async () => (await width()) < before, 5000, "Ctrl+Plus makes the page larger (fewer CSS pixels)");
  await body.sendKeys(Key.chord(Key.CONTROL, "+"));
  await screenshot(driver, "05d-zoomed");
  await body.sendKeys(Key.chord(Key.CONTROL, "0"));
  await driver.wait(async () => (await width()) === before, 5000, "Ctrl+0 resets the zoom");
  await body.sendKeys(Key.chord(Key.CONTROL, "-"));
  await driver.wait(async () => (await width()) > before, 5000, "Ctrl+Minus makes it smaller");
  await body.sendKeys(Key.chord(Key.CONTROL, "0"));
  await driver.wait(async () => (await width()) === before, 5000, "back to 100 %");
});

test("a whole call: F2, open an entry as topic, notes, forward with a field error, F4 with outcome", async () => {
  const body = await driver.findElement({ css: "body" });
  await body.sendKeys(Key.F2);
  const timer = await driver.findElement(byTestId("call-timer"));
  await driver.wait(async () => /^\d\d:\d\d$/.test((await timer.getText()).trim()), 10000);

  const box = await search("hundesteuer anmelden");
  assert.equal(await firstResultId("hund-anmelden"), "hund-anmelden");
  await box.sendKeys(Key.ENTER);
  const topic = await driver.wait(until.elementLocated({ css: '[data-testid="case-topic"][data-entry-id="hund-anmelden"]' }), 10000);
  assert.ok(await topic.isDisplayed());

  const notes = await driver.findElement(byTestId("notes"));
  await notes.sendKeys("Hund seit 1. November im Haushalt");
  const status = await driver.findElement(byTestId("notes-status"));
  await driver.wait(async () => /gespeichert/.test(await status.getText()), 10000, "notes are saved while typing");
  await screenshot(driver, "07-call-with-topic");
  await assertAccessible(driver, "the case panel during a call");

  await press(await driver.findElement(byTestId("forward-open")));
  const dialog = await driver.wait(until.elementLocated(byTestId("forward-dialog")), 10000);
  const office = await dialog.findElement(byTestId("forward-office"));
  await driver.wait(async () => (await office.findElements({ css: 'option[value="steueramt"]' })).length === 1, 10000);
  await driver.executeScript(
    "arguments[0].value = 'steueramt'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
    office,
  );
  const due = await dialog.findElement(byTestId("forward-due"));
  await driver.wait(async () => /bis /.test(await due.getText()), 10000, "the due time is shown in words");
  await assertAccessible(driver, "the forward dialog");
  await press(await dialog.findElement(byTestId("forward-channel-phone")));
  await press(await dialog.findElement(byTestId("forward-submit")));
  const fieldError = await driver.wait(
    until.elementLocated({ css: '[data-testid="forward-error"][data-field="contact"]' }),
    10000,
    "a phone forward without a number is refused at the contact field",
  );
  assert.ok((await fieldError.getText()).length > 0);
  await screenshot(driver, "08-forward-field-error");
  await assertAccessible(driver, "the forward dialog with a field error");
  await dialog.findElement(byTestId("forward-contact")).sendKeys("0234 1234567");
  await press(await dialog.findElement(byTestId("forward-submit")));
  await driver.wait(async () => (await driver.findElements(byTestId("forward-dialog"))).length === 0, 10000);
  const openForward = await driver.wait(until.elementLocated(byTestId("open-forward")), 10000);
  assert.match(await openForward.getText(), /Steueramt/);

  await body.sendKeys(Key.F4);
  const outcome = await driver.wait(until.elementLocated(byTestId("outcome-dialog")), 10000);
  await screenshot(driver, "09-end-call-outcome");
  await assertAccessible(driver, "the outcome dialog");
  const forwarded = await outcome.findElement({ css: '[data-testid="outcome-option"][data-outcome="forwarded"]' });
  await press(forwarded);
  await press(await outcome.findElement(byTestId("outcome-confirm")));
  await driver.wait(async () => (await driver.findElements(byTestId("outcome-dialog"))).length === 0, 10000);
  const recent = await driver.wait(until.elementLocated(byTestId("recent-call")), 10000);
  await driver.wait(async () => /Weitergeleitet/.test(await recent.getText()), 10000, "the ended call is listed with its outcome");
  await screenshot(driver, "10-call-ended");
  await assertAccessible(driver, "the agent view with recent calls and an open forward");
});

test("an agent has no Teamleitung view; Teamleitung signs in with the desk's password and sees the day's figures", async () => {
  assert.equal((await driver.findElements(byTestId("view-supervisor"))).length, 0, "no Teamleitung switch for an agent");
  await press(await driver.findElement(byTestId("sign-out")));
  const dialog = await driver.wait(until.elementLocated(byTestId("signin-dialog")), 10000);
  // The known names arrive a moment after the dialog opens.
  await driver.wait(until.elementLocated(byTestId("signin-known")), 10000);
  // Chosen the way a keyboard does it: the select's value changes and says so.
  await driver.executeScript(
    "arguments[0].value = 'supervisor'; arguments[0].dispatchEvent(new Event('change', { bubbles: true }))",
    await dialog.findElement(byTestId("signin-role")),
  );
  // The first switch to Teamleitung at this desk chooses the password.
  const password = await driver.wait(until.elementLocated(byTestId("signin-password")), 10000);
  await password.sendKeys("Teamleitung-2026");
  const name = await dialog.findElement(byTestId("signin-name"));
  await name.sendKeys("Tea Leitung");
  await driver.wait(async () => (await name.getAttribute("value")) === "Tea Leitung", 5000, "the name is typed");
  await screenshot(driver, "11a-sign-in-teamleitung");
  await assertAccessible(driver, "the sign-in dialog for Teamleitung");
  await press(await dialog.findElement(byTestId("signin-submit")));
  await driver.wait(async () => (await driver.findElements(byTestId("signin-dialog"))).length === 0, 10000);
  await driver.wait(until.elementLocated(byTestId("view-supervisor")), 10000).click();
  await driver.wait(until.elementIsVisible(await driver.findElement(byTestId("supervisor-view"))), 10000);
  await press(await driver.wait(until.elementLocated(byTestId("period-today")), 10000));
  const tile = await driver.wait(until.elementLocated(byTestId("tile-calls")), 15000);
  // The call logged above is today's one call.
  await driver.wait(async () => /\b1\b/.test(await tile.getText()), 15000, "today's calls tile counts the logged call");
  const chart = await driver.wait(until.elementLocated({ css: '[data-testid="chart-hours"] canvas' }), 15000);
  assert.ok(await chart.isDisplayed(), "the hours chart is drawn on a canvas");
  await driver.findElement(byTestId("per-agent-reason"));
  await screenshot(driver, "11-supervisor");
  await assertAccessible(driver, "the Teamleitung view");
  await driver.findElement(byTestId("view-agent")).click();
});

test("open forwards: Meine lists what this person wrote, Alle the centre's, and a colleague can mark one done", async () => {
  // Signed in as Tea Leitung since the test before, who wrote no forward; Alex Muster's forward from the whole call
  // is the centre's only open one.
  const mine = await driver.wait(until.elementLocated(byTestId("forwards-mine")), 10000);
  const all = await driver.findElement(byTestId("forwards-all"));
  await driver.wait(async () => /^Meine 0\b/.test((await mine.getText()).trim()), 10000, "no forward of her own");
  assert.match((await all.getText()).trim(), /^Alle 1\b/, "the centre has one open forward");
  assert.equal(await mine.getAttribute("aria-pressed"), "true", "a desk starts with its own forwards");
  assert.equal((await driver.findElements(byTestId("open-forward"))).length, 0, "her own list is empty");
  await press(all);
  const row = await driver.wait(until.elementLocated(byTestId("open-forward")), 10000, "Alle lists the colleague's forward");
  assert.match(await row.getText(), /Steueramt/);
  assert.equal(await all.getAttribute("aria-pressed"), "true");
  assert.equal(await mine.getAttribute("aria-pressed"), "false");
  await screenshot(driver, "11b-forwards-all");
  await assertAccessible(driver, "the centre's open forwards");
  await press(await row.findElement(byTestId("forward-done")));
  await driver.wait(
    async () => (await driver.findElements(byTestId("open-forward"))).length === 0,
    10000,
    "the forward leaves the list once a colleague marked it done",
  );
  await driver.wait(
    async () => /^Alle 0\b/.test((await driver.findElement(byTestId("forwards-all")).getText()).trim()),
    10000,
    "the count follows the store",
  );
  await press(await driver.findElement(byTestId("forwards-mine")));
  await driver.wait(
    async () => (await driver.findElement(byTestId("forwards-mine")).getAttribute("aria-pressed")) === "true",
    10000,
  );
});

/**
 * What the layout looks like at the current zoom: the CSS viewport, the answer column's width, and every element of
 * the header, the call bar and (when shown) the Teamleitung view's head and tiles that sticks out of its box or out
 * of the window (clipped: the window never scrolls sideways).
 */
async function layoutAtZoom() {
  return driver.executeScript(`
    const width = window.innerWidth;
    const clipped = [];
    const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? "[" + el.dataset.testid + "]" : "." + (el.className?.toString().split(" ")[0] ?? ""));
    // Closed <details> content and hidden views are not on screen.
    // Text only for screen readers is clipped on purpose.
    const shown = (el) =>
      !el.closest(".visually-hidden") && (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0);
    const check = (el) => {
      if (!el || !shown(el)) return;
      if (el.scrollWidth > el.clientWidth + 1) clipped.push(name(el) + " scrollWidth " + el.scrollWidth + " > " + el.clientWidth);
      for (const child of el.querySelectorAll("*")) {
        if (!shown(child)) continue;
        const r = child.getBoundingClientRect();
        if (r.width > 0 && (r.right > width + 1 || r.left < -1)) clipped.push(name(child) + " spans " + Math.round(r.left) + ".." + Math.round(r.right) + " of " + width);
        else if (child.clientWidth > 0 && child.scrollWidth > child.clientWidth + 1) clipped.push(name(child) + " scrollWidth " + child.scrollWidth + " > " + child.clientWidth);
      }
    };
    for (const sel of [".topbar", ".callbar", ".supervisor .head", ".tiles", ".statusbar"]) document.querySelectorAll(sel).forEach(check);
    for (const tile of document.querySelectorAll(".tiles > .tile")) {
      if (shown(tile) && tile.scrollWidth > tile.clientWidth + 1) clipped.push(name(tile) + " content wider than the tile");
    }
    const answer = document.querySelector(".answer-column");
    return {
      width,
      height: window.innerHeight,
      answer: answer && shown(answer) ? Math.round(answer.getBoundingClientRect().width) : null,
      clipped,
    };
  `);
}

test("at 200 % zoom (640 CSS px wide) the answer stays readable and neither header nor tiles are clipped", async () => {
  const body = await driver.findElement({ css: "body" });
  const width = () => driver.executeScript("return window.innerWidth");
  const full = await width();
  // Tauri's zoom steps by 20 %: five steps make 200 %.
  for (let i = 0; i < 5; i += 1) await body.sendKeys(Key.chord(Key.CONTROL, "+"));
  await driver.wait(async () => (await width()) <= Math.ceil(full / 2), 5000, "200 % zoom halves the CSS width");
  try {
    const box = await search("hundesteuer anmelden");
    assert.equal(await firstResultId("hund-anmelden"), "hund-anmelden");
    await box.sendKeys(Key.ENTER);
    const title = await driver.wait(until.elementLocated(byTestId("answer-title")), 10000);
    await driver.wait(until.elementTextContains(title, "Hund anmelden"), 10000);
    const agent = await layoutAtZoom();
    console.log(`200 %, agent view: ${agent.width}×${agent.height} CSS px, answer column ${agent.answer} px`);
    await screenshot(driver, "zoom200-agent");
    assert.ok(agent.answer >= 300, `the answer column is ${agent.answer} CSS px wide at ${agent.width} px`);
    assert.deepEqual(agent.clipped, [], "nothing in the header or the call bar is clipped");
    await assertAccessible(driver, "the agent view at 200 %");

    await press(await driver.findElement(byTestId("view-supervisor")));
    await driver.wait(until.elementIsVisible(await driver.findElement(byTestId("supervisor-view"))), 10000);
    await driver.wait(until.elementLocated(byTestId("tile-calls")), 15000);
    const lead = await layoutAtZoom();
    await screenshot(driver, "zoom200-supervisor");
    assert.deepEqual(lead.clipped, [], "nothing in the header, the view's head or the tiles is clipped");
  } finally {
    await press(await driver.findElement(byTestId("view-agent")));
    await body.sendKeys(Key.chord(Key.CONTROL, "0"));
    await driver.wait(async () => (await width()) === full, 5000, "back to 100 %");
  }
});

/** Replaces a form field's text the way an agent does: select all, type. */
async function fill(testid, text) {
  // The dialog opens at once and its form arrives from the core a moment later.
  const input = await driver.wait(until.elementLocated(byTestId(testid)), 10000, `form field ${testid}`);
  await input.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
  if (text) await input.sendKeys(text);
  return input;
}

async function waitForState(state, message) {
  await driver.wait(
    async () => {
      const badges = await driver.findElements(byTestId("handoff-state"));
      return badges.length === 1 && (await badges[0].getAttribute("data-state")) === state;
    },
    20000,
    message,
  );
}

test("a portal application: F7 opens the form, an inline plate error, the portal refuses a taken plate, corrected, delivered with a reference", async () => {
  const body = await driver.findElement({ css: "body" });
  await body.sendKeys(Key.F2);
  const timer = await driver.findElement(byTestId("call-timer"));
  await driver.wait(async () => /^\d\d:\d\d$/.test((await timer.getText()).trim()), 10000);

  const box = await search("wunschkennzeichen reservieren");
  assert.equal(await firstResultId("wunschkennzeichen"), "wunschkennzeichen");
  await box.sendKeys(Key.ENTER);
  const open = await driver.wait(until.elementLocated(byTestId("handoff-open")), 10000);
  await driver.wait(until.elementIsEnabled(open), 10000, "the portal button is enabled during a call");
  await body.sendKeys(Key.F7);
  await driver.wait(until.elementLocated(byTestId("handoff-dialog")), 10000);

  // A plate of another city: the desk says so next to the field, as typed.
  await fill("handoff-field-plate", "BOX-A 1");
  const plateError = await driver.wait(until.elementLocated(byTestId("handoff-error-plate")), 10000);
  await driver.wait(async () => (await plateError.getText()).length > 0, 10000, "the plate's problem is shown inline");
  await screenshot(driver, "12-handoff-inline-error");
  await assertAccessible(driver, "the portal form (F7) with an inline error");

  // A well-formed plate that someone else has reserved: only the portal knows.
  await fill("handoff-field-plate", "BO-EM 64");
  await fill("handoff-field-holder.name.given_names", "Erika");
  await fill("handoff-field-holder.name.surname", "Mustermann");
  await fill("handoff-field-holder.address.street", "Hattinger Straße");
  await fill("handoff-field-holder.address.house_number", "389");
  await fill("handoff-field-holder.address.postal_code", "44795");
  await fill("handoff-field-contact.phone", "0234 123456");
  await driver.wait(
    async () => (await driver.findElements(byTestId("handoff-error-plate"))).length === 0,
    10000,
    "the plate's problem goes once the plate is valid",
  );
  await press(await driver.findElement(byTestId("handoff-send")));
  await waitForState("rejected", "the portal refuses the taken plate");
  const problems = await driver.findElement(byTestId("handoff-problems"));
  assert.match(await problems.getText(), /bereits vergeben/);
  await screenshot(driver, "13-handoff-rejected");
  await assertAccessible(driver, "the portal form with the portal's rejection");

  await press(await driver.findElement(byTestId("handoff-correct")));
  const again = await driver.wait(until.elementLocated(byTestId("handoff-error-plate")), 10000);
  assert.match(await again.getText(), /bereits vergeben/, "the portal's problem is next to the plate");
  await fill("handoff-field-plate", "BO-EM 65");
  await press(await driver.findElement(byTestId("handoff-send")));
  await waitForState("delivered", "the corrected application reaches the portal");
  const reference = await driver.findElement(byTestId("handoff-reference"));
  assert.match((await reference.getText()).trim(), /^MB-\d{4}-\d{6}$/);
  const link = await driver.findElement(byTestId("handoff-link"));
  assert.match(await link.getText(), /^http:\/\/127\.0\.0\.1:\d+\/finish\//);
  await screenshot(driver, "14-handoff-delivered");
  await assertAccessible(driver, "the portal form, delivered");
  await press(await driver.findElement(byTestId("handoff-close")));

  const item = await driver.wait(
    until.elementLocated({ css: '[data-testid="call-handoffs"] [data-testid="handoff-item"]' }),
    10000,
  );
  await driver.wait(async () => (await item.getAttribute("data-state")) === "delivered", 10000);
  assert.match(await item.getText(), /MB-\d{4}-\d{6}/);
  // The citizen asks what became of it: the desk asks the portal.
  await press(await driver.findElement({ css: '[data-testid="call-handoffs"] [data-testid="handoff-item-check"]' }));
  const decision = await driver.wait(
    until.elementLocated({ css: '[data-testid="call-handoffs"] [data-testid="handoff-item-decision"]' }),
    10000,
  );
  assert.equal(await decision.getAttribute("data-decision"), "submitted");
  assert.match(await decision.getText(), /noch nicht bearbeitet/);
  await screenshot(driver, "14b-handoff-decision");
  const desk = await driver.findElement(byTestId("desk-handoffs"));
  assert.match(await desk.getText(), /Wunschkennzeichen/);

  await body.sendKeys(Key.F4);
  const outcome = await driver.wait(until.elementLocated(byTestId("outcome-dialog")), 10000);
  const portal = await outcome.findElement({ css: '[data-testid="outcome-option"][data-outcome="portal_handoff"]' });
  await press(portal);
  await press(await outcome.findElement(byTestId("outcome-confirm")));
  await driver.wait(async () => (await driver.findElements(byTestId("outcome-dialog"))).length === 0, 10000);
  await screenshot(driver, "15-handoff-call-ended");
});

/** Holds the desk's SQLite file locked by another program (the sqlite3 shell in `BEGIN IMMEDIATE`) until released. */
async function lockStore() {
  const shell = spawn("sqlite3", [path.join(dataDir, "auskunft.sqlite3")], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  shell.stdout.on("data", (chunk) => (out += chunk));
  // Waits for the desk's own write to finish, and stops at an error (then "locked" is never printed).
  shell.stdin.write(".timeout 5000\n.bail on\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  const deadline = Date.now() + 10000;
  while (!out.includes("locked")) {
    if (Date.now() > deadline) throw new Error("the sqlite3 shell did not take the lock");
    await new Promise((r) => setTimeout(r, 50));
  }
  return () =>
    new Promise((resolve) => {
      shell.on("exit", resolve);
      shell.stdin.end("ROLLBACK;\n.quit\n");
    });
}

test("the store locked by another program: the answer opens at once, the topic waits as unsaved and is written once", async () => {
  const body = await driver.findElement({ css: "body" });
  await body.sendKeys(Key.F2);
  const timer = await driver.findElement(byTestId("call-timer"));
  await driver.wait(async () => /^\d\d:\d\d$/.test((await timer.getText()).trim()), 10000);

  const release = await lockStore();
  try {
    const box = await search("sperrmüll abholen");
    assert.equal(await firstResultId("sperrmuell"), "sperrmuell");
    await box.sendKeys(Key.ENTER);
    // The answer does not wait for the store (its write would wait 5 s for the lock, then fail).
    await driver.wait(
      until.elementLocated({ css: '[data-testid="answer"][data-id="sperrmuell"]' }),
      3000,
      "the answer is shown while the store is locked",
    );
    const unsaved = await driver.wait(
      until.elementLocated({ css: '[data-testid="case-topic-unsaved"][data-entry-id="sperrmuell"]' }),
      15000,
      "the topic is listed as not saved yet",
    );
    assert.match(await unsaved.getText(), /nicht gespeichert/);
    // The banner says it goes again by itself, not "Bitte erneut versuchen".
    const banner = await driver.findElement(byTestId("error-banner"));
    assert.match(await banner.getText(), /automatisch erneut gesendet/);
    assert.doesNotMatch(await banner.getText(), /Bitte erneut versuchen/);
    await screenshot(driver, "16-topic-unsaved");
    await assertAccessible(driver, "the case panel with an unsaved topic");
  } finally {
    await release();
  }
  // Sent again under its key once the file is free (every 5 s).
  await driver.wait(
    until.elementLocated({ css: '[data-testid="case-topic"][data-entry-id="sperrmuell"]' }),
    20000,
    "the topic is written once the store is free",
  );
  assert.equal((await driver.findElements(byTestId("case-topic-unsaved"))).length, 0);

  await body.sendKeys(Key.F4);
  const outcome = await driver.wait(until.elementLocated(byTestId("outcome-dialog")), 10000);
  await press(await outcome.findElement({ css: '[data-testid="outcome-option"][data-outcome="answered"]' }));
  await press(await outcome.findElement(byTestId("outcome-confirm")));
  await driver.wait(async () => (await driver.findElements(byTestId("outcome-dialog"))).length === 0, 10000);
  // However often it was sent, the opening is one topic and one search row.
  const rows = (sql) => execFileSync("sqlite3", [path.join(dataDir, "auskunft.sqlite3"), sql], { encoding: "utf8" }).trim();
  assert.equal(rows("SELECT COUNT(*) FROM call_topics WHERE entry_id = 'sperrmuell'"), "1");
  assert.equal(rows("SELECT COUNT(*) FROM search_log WHERE opened_entry_id = 'sperrmuell'"), "1");
});
