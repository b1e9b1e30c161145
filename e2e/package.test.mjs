// The packaged desk: the binary unpacked from the .deb (AUSKUNFT_DESK_BIN),
// started without AUSKUNFT_KB, finds the knowledge-base snapshot the
// package ships next to it and answers a search. Run by scripts/package-check.sh
// (the unpacked .deb) and scripts/package-install-check.sh (the desk installed
// with apt into a clean Debian root; it sets TAURI_DRIVER, E2E_DRIVER_PORT and
// E2E_SCREENSHOT_PREFIX so its screenshot does not replace the first one).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { application, byTestId, newSession, screenshot, startDriver, stopDriver, until } from "./harness.mjs";

let driver;
const shotPrefix = process.env.E2E_SCREENSHOT_PREFIX ?? "package";

before(async () => {
  assert.equal(process.env.E2E_PACKAGED, "1", "run through scripts/package-check.sh or scripts/package-install-check.sh");
  await startDriver();
  driver = await newSession();
  await driver.wait(until.elementLocated(byTestId("search-input")), 30000);
});

after(async () => {
  if (driver) await driver.quit().catch(() => {});
  stopDriver();
});

test("the packaged desk starts, signs in and answers from the packaged knowledge base", async () => {
  assert.ok(application.includes("/usr/bin/auskunft-desk"), `packaged binary expected: ${application}`);
  const dialog = await driver.wait(until.elementLocated(byTestId("signin-dialog")), 15000);
  await dialog.findElement(byTestId("signin-name")).sendKeys("Paula Paket");
  await driver.executeScript("arguments[0].click()", await dialog.findElement(byTestId("signin-submit")));
  await driver.wait(async () => (await driver.findElements(byTestId("signin-dialog"))).length === 0, 10000);

  const info = await driver.wait(until.elementLocated(byTestId("app-info")), 10000);
  await driver.wait(async () => /\d+\s*Eintr/.test(await info.getText()), 10000);
  const count = Number(((await info.getText()).match(/(\d+)\s*Eintr/) ?? [])[1] ?? 0);
  assert.ok(count >= 66, `the packaged snapshot's entries are counted: ${await info.getText()}`);

  const box = await driver.findElement(byTestId("search-input"));
  await box.sendKeys("hund anmelden");
  await driver.wait(async () => {
    const items = await driver.findElements(byTestId("result"));
    return items.length > 0 && (await items[0].getAttribute("data-id")) === "hund-anmelden";
  }, 10000, "first result should be hund-anmelden");
  await box.sendKeys(Key.ENTER);
  const title = await driver.wait(until.elementLocated(byTestId("answer-title")), 10000);
  await driver.wait(until.elementTextContains(title, "Hund anmelden"), 10000);
  await screenshot(driver, `${shotPrefix}-01-answer`);
});
