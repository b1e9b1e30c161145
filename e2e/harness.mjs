// Starts tauri-driver for the built desk binary and hands out WebDriver
// sessions. Everything runs locally: with a server URL, selenium downloads
// nothing.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, By, until } from "selenium-webdriver";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "..");
export const application = process.env.AUSKUNFT_DESK_BIN ?? path.join(root, "target", "debug", "auskunft-desk");
export const screenshotDir = path.join(root, "target", "e2e-screenshots");
const port = Number(process.env.E2E_DRIVER_PORT ?? 4444);
const nativePort = port + 1;

let driverProcess;
let portalProcess;

/** The portal's token for the window under test. */
export const portalToken = "e2e-portal-token";
/** A plate the portal treats as reserved by someone else (a rejection only it can know). */
export const takenPlate = "BO-EM 64";

/** Starts portal-sim on a free port; resolves with its base URL once it listens. */
export async function startPortal() {
  const bin = process.env.PORTAL_SIM_BIN ?? path.join(root, "target", "debug", "portal-sim");
  portalProcess = spawn(
    bin,
    ["--listen", "127.0.0.1:0", "--token", portalToken, "--taken-plates", takenPlate],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`portal-sim did not start: ${seen}`)), 20000);
    portalProcess.on("error", (e) => reject(new Error(`cannot start ${bin}: ${e.message}`)));
    portalProcess.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

async function waitForStatus(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not answer at ${url} within ${ms} ms`);
}

/** Starts portal-sim, then tauri-driver with a fresh data folder for the app and the portal's address. */
export async function startDriver() {
  const data = mkdtempSync(path.join(tmpdir(), "auskunft-e2e-"));
  const portalUrl = await startPortal();
  const env = {
    ...process.env,
    AUSKUNFT_DATA: data,
    AUSKUNFT_KB: path.join(root, "knowledge-base"),
    AUSKUNFT_PORTAL_URL: portalUrl,
    AUSKUNFT_PORTAL_TOKEN: portalToken,
  };
  // A packaged desk must find its knowledge base by itself (E2E_PACKAGED=1).
  if (process.env.E2E_PACKAGED === "1") delete env.AUSKUNFT_KB;
  const bin = process.env.TAURI_DRIVER ?? "tauri-driver";
  driverProcess = spawn(bin, ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  driverProcess.on("error", (e) => {
    console.error(`cannot start ${bin}: ${e.message}`);
  });
  await waitForStatus(`http://127.0.0.1:${port}/status`, 20000);
  mkdirSync(screenshotDir, { recursive: true });
  return data;
}

export function stopDriver() {
  if (driverProcess && !driverProcess.killed) driverProcess.kill();
  if (portalProcess && !portalProcess.killed) portalProcess.kill();
}

export async function newSession() {
  const capabilities = {
    browserName: "wry",
    "tauri:options": { application },
  };
  return new Builder().usingServer(`http://127.0.0.1:${port}/`).withCapabilities(capabilities).build();
}

/**
 * Keeps the page painting for a moment: WebKitWebDriver's screenshot waits for the window's next presentation update,
 * and with WebKit's DMA-BUF renderer off (the desk turns it off, see src-tauri/src/main.rs) a page with nothing left to
 * paint never presents one, so the screenshot would wait for ever (seen after the end-of-call dialog closed). A 1×1
 * pixel in the corner changes between transparent and 1 % grey for two seconds, then goes.
 */
const REPAINT_NUDGE = `
  const el = document.createElement("div");
  el.setAttribute("aria-hidden", "true");
  el.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647";
  document.body.append(el);
  let n = 0;
  const tick = () => {
    n += 1;
    el.style.background = n % 2 ? "rgb(0 0 0 / 0.01)" : "transparent";
    if (n < 40) setTimeout(tick, 50);
    else el.remove();
  };
  setTimeout(tick, 50);`;

/** Saves a screenshot after the window has painted the last change. */
export async function screenshot(driver, name) {
  // Two animation frames plus a little: the frame after an assertion may
  // still show the previous state.
  await driver.executeAsyncScript(
    "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 250)));",
  );
  await driver.executeScript(REPAINT_NUDGE);
  const png = await driver.takeScreenshot();
  writeFileSync(path.join(screenshotDir, `${name}.png`), png, "base64");
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);
export { By, until };
