// The real desk window: type like an agent, see results from the Rust
// core, open an answer with office cards. Screenshots of every view go to
// target/e2e-screenshots/.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { byTestId, newSession, screenshot, startDriver, stopDriver, until } from "./harness.mjs";

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

async function search(text) {
  const box = await driver.findElement(byTestId("search-input"));
  await box.clear();
  // Clearing fires no input event in every driver: select all and replace.
  await box.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
  await box.sendKeys(text);
  return box;
}

async function firstResultId(expected) {
  await driver.wait(async () => {
    const items = await driver.findElements(byTestId("result"));
    if (items.length === 0) return false;
    return (await items[0].getAttribute("data-id")) === expected;
  }, 10000, `first result should become ${expected}`);
  const items = await driver.findElements(byTestId("result"));
  return items[0].getAttribute("data-id");
}

test("the window starts with an empty search and the shipped knowledge base", async () => {
  const info = await driver.wait(until.elementLocated(byTestId("app-info")), 10000);
  await driver.wait(async () => /\d+/.test(await info.getText()), 10000);
  const text = await info.getText();
  const count = Number((text.match(/(\d+)\s*Eintr/) ?? [])[1] ?? 0);
  assert.ok(count >= 66, `status line should count the entries: ${text}`);
  await screenshot(driver, "01-start");
});

test("a query with a typo finds the Personalausweis and opens it", async () => {
  const box = await search("personalausweiss");
  assert.equal(await firstResultId("personalausweis"), "personalausweis");
  const first = (await driver.findElements(byTestId("result")))[0];
  const marks = await first.findElements({ css: "mark" });
  assert.ok(marks.length > 0, "the snippet highlights the matched words");
  await screenshot(driver, "02-results-typo");
  await box.sendKeys(Key.ENTER);
  const title = await driver.wait(until.elementLocated(byTestId("answer-title")), 10000);
  await driver.wait(until.elementTextContains(title, "Personalausweis"), 10000);
  const summary = await driver.findElement(byTestId("answer-summary")).getText();
  assert.ok(summary.length > 20, "the read-aloud summary is shown");
  await screenshot(driver, "03-answer-personalausweis");
});

test("an office question shows the office card with its open state", async () => {
  const box = await search("wann hat das bürgerbüro wattenscheid auf");
  assert.equal(await firstResultId("buergerbuero-wattenscheid"), "buergerbuero-wattenscheid");
  await box.sendKeys(Key.ENTER);
  const card = await driver.wait(until.elementLocated(byTestId("location-card")), 10000);
  const state = await card.findElement(byTestId("open-state"));
  const kind = await state.getAttribute("data-kind");
  assert.ok(["open", "closed", "appointment_only"].includes(kind), `state kind ${kind}`);
  const label = await state.getText();
  assert.match(label, /Geöffnet bis|Geschlossen|Termin/);
  await screenshot(driver, "04-answer-office");
});

test("nonsense shows the no-results hint, not an error", async () => {
  await search("xqzvw");
  await driver.wait(until.elementLocated(byTestId("no-results")), 10000);
  assert.equal((await driver.findElements(byTestId("error-banner"))).length, 0);
  assert.equal((await driver.findElements(byTestId("result"))).length, 0);
  await screenshot(driver, "05-no-results");
});

test("the supervisor view can be opened", async () => {
  await driver.findElement(byTestId("view-supervisor")).click();
  await driver.wait(until.elementIsVisible(await driver.findElement(byTestId("supervisor-view"))), 10000);
  await screenshot(driver, "06-supervisor");
  await driver.findElement(byTestId("view-agent")).click();
});
