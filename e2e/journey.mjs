// The newcomer's journey in a real browser (Debian's chromium, driven by playwright-core):
// a viewer follows a red indicator and is told the children are not for them; an analyst sees
// the children and uploads an extract; a manager adds progress and sees the RAG change.
// Every page visited is checked with axe-core against WCAG 2.2 AA and the journey fails on any
// violation. Screenshots of the main pages go to the folder given.
//
// node journey.mjs BASE_URL PASSWORD EXTRACT_FILE SHOTS_DIR
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [base, password, extract, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const fail = (m) => { throw new Error(m); };
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
let pagesChecked = 0;

// axe-core over the page as it is now: any WCAG 2.2 A or AA violation fails the journey.
async function accessible(page) {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), wcag);
  if (r.violations.length > 0) {
    const detail = r.violations.map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    fail(`${page.url()}: accessibility violations: ${detail.join("; ")}`);
  }
  pagesChecked += 1;
}

// The stylesheet is GOV.UK Frontend when the build had npm (always so when SIGHTLINE_E2E=require).
const css = await (await fetch(`${base}/assets/govuk.css`)).text();
if (process.env.SIGHTLINE_E2E === "require" && !css.startsWith("/* GOV.UK Frontend")) {
  fail(`the pages are not using GOV.UK Frontend: ${css.slice(0, 80)}`);
}
if (css.includes("GDS Transport")) fail("the stylesheet names the GDS Transport font, which is for GOV.UK only");

async function signIn(user) {
  // axe-core is injected as an inline script, which the pages' content security policy
  // forbids: the test browser is told to ignore the policy (the pages themselves need none).
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  if (!page.url().endsWith("/login")) fail(`not sent to sign in: ${page.url()}`);
  await accessible(page);
  await page.fill("#username", user);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  if (!(await page.isVisible("text=Key indicators"))) fail(`${user}: no overview after sign in`);
  await accessible(page);
  return page;
}

// Viewer: overview, then a red indicator, and no children.
let page = await signIn("viewer");
await page.screenshot({ path: `${shots}/overview.png`, fullPage: true });
const red = page.locator("tr:has(.app-tag--red) a").first();
if ((await red.count()) === 0) fail("no red indicator on the overview");
const redHref = await red.getAttribute("href");
await Promise.all([page.waitForNavigation(), red.click()]);
if ((await page.locator("svg.chart title").count()) === 0) fail("no chart on the indicator page");
if (!(await page.isVisible("text=Your role sees figures only"))) fail("viewer was not told rows are not for them");
if ((await page.locator("text=/p-[0-9a-f]{10}/").count()) > 0) fail("viewer saw a child id");
await page.screenshot({ path: `${shots}/indicator-viewer.png`, fullPage: true });
await accessible(page);
await page.context().close();

// Analyst: the same indicator shows the children behind it; then upload an extract.
page = await signIn("analyst");
await page.goto(`${base}${redHref}`);
const childRows = page.locator("caption:has-text('Child-level rows') >> xpath=.. >> tbody tr");
if ((await childRows.count()) === 0) fail("analyst sees no children behind the red figure");
await page.screenshot({ path: `${shots}/indicator-analyst.png`, fullPage: true });
await accessible(page);
await page.goto(`${base}/line-of-sight`);
await page.screenshot({ path: `${shots}/line-of-sight.png`, fullPage: true });
await accessible(page);
await page.goto(`${base}/data`);
await page.setInputFiles("#file", extract);
await page.fill("#as_at", "2024-07-31");
await Promise.all([page.waitForNavigation(), page.click("text=Load and check")]);
if (!(await page.isVisible("text=as at 2024-07-31"))) fail("the uploaded extract's report is not shown");
await page.screenshot({ path: `${shots}/data.png`, fullPage: true });
await accessible(page);
await page.context().close();

// Manager: add progress to an open action and see it become complete.
page = await signIn("manager");
await page.goto(`${base}/plan`);
await page.screenshot({ path: `${shots}/plan.png`, fullPage: true });
await accessible(page);
const open = page.locator("tr:has(.app-tag--amber) a, tr:has(.app-tag--red) a, tr:has(.app-tag--green) a").first();
await Promise.all([page.waitForNavigation(), open.click()]);
await page.fill("#text", "Signed off at the improvement board");
await page.selectOption("#status", "complete");
await Promise.all([page.waitForNavigation(), page.click("text=Save progress")]);
if (!(await page.isVisible(".app-tag--blue"))) fail("the action's RAG did not change to complete");
if (!(await page.isVisible("text=Signed off at the improvement board"))) fail("the progress is not shown");
await page.screenshot({ path: `${shots}/action.png`, fullPage: true });
await accessible(page);
await page.context().close();

// Admin: the remaining pages (indicators list, inspections, money, workforce, meetings, the
// self-evaluation, readiness, admin with the audit log), and a pack built on the Packs page.
page = await signIn("admin");
for (const [path, shot] of [["/indicators", "indicators"], ["/inspections", "inspections"], ["/money", "money"], ["/workforce", "workforce"], ["/meetings", "meetings"], ["/meetings/body/scrutiny", "scrutiny"], ["/meetings/1", "meeting"], ["/self-evaluation", "self-evaluation"], ["/readiness", "readiness"], ["/admin", "admin"]]) {
  await page.goto(`${base}${path}`);
  await page.screenshot({ path: `${shots}/${shot}.png`, fullPage: true });
  await accessible(page);
}
// A scrutiny pack for publication, built from the Packs page.
await page.goto(`${base}/packs`);
await page.selectOption("#kind", "scrutiny");
await page.selectOption("#format", "pdf");
await page.check("#public");
await Promise.all([page.waitForNavigation(), page.click("text=Build the pack")]);
if (!(await page.isVisible("text=is stored"))) fail("the pack was not built");
if (!(await page.isVisible("text=Public"))) fail("the public pack is not listed as public");
await page.screenshot({ path: `${shots}/packs.png`, fullPage: true });
await accessible(page);
await page.context().close();

await browser.close();
console.log(`e2e: all journeys passed; ${pagesChecked} pages met WCAG 2.2 AA (axe-core); screenshots in`, shots);
