// axe-core in the real window: WCAG 2.1 A and AA rules, run on whatever the
// window shows at the moment. The library's source is injected into the page
// with executeScript (the strict CSP forbids loading it by a script tag).
// E2E_AXE_SOFT=1 prints the violations (and what axe could not decide) without
// failing, to see all of them in one run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe on the document (or `context`, a CSS selector) and returns its violations, one line per element. */
export async function axeViolations(driver, context = "document") {
  const injected = await driver.executeScript("return typeof window.axe !== 'undefined'");
  if (!injected) await driver.executeScript(axeSource);
  const result = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const context = arguments[0] === "document" ? document : arguments[0];
     window.axe
       .run(context, { runOnly: { type: "tag", values: arguments[1] }, resultTypes: ["violations"] })
       .then((r) => done({ passes: r.passes.length, incomplete: r.incomplete.map((v) => v.id + " x" + v.nodes.length), violations: r.violations.map((v) => ({
         id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
       })) }))
       .catch((e) => done({ error: String(e) }));`,
    context,
    WCAG_TAGS,
  );
  if (result.error) throw new Error(`axe failed: ${result.error}`);
  if (process.env.E2E_AXE_SOFT === "1") console.log(`axe: ${result.passes} rules pass; needs review: ${result.incomplete.join(", ")}`);
  return result.violations;
}

/** Lists violations readably: rule, impact, each element's selector and axe's summary. */
export function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target}\n      ${(n.summary ?? "").replace(/\n/g, "\n      ")}`).join("\n"),
    )
    .join("\n");
}

/** Asserts no WCAG 2.1 AA violation in what the window shows (`view` names it in the message). */
export async function assertAccessible(driver, view) {
  const violations = await axeViolations(driver);
  if (violations.length > 0) console.log(`axe, ${view}:\n${describeViolations(violations)}`);
  if (process.env.E2E_AXE_SOFT === "1") return;
  assert.equal(violations.length, 0, `axe (WCAG 2.1 AA) on ${view}:\n${describeViolations(violations)}`);
}
