// Opens a replay's report.html in the Debian chromium (playwright-core, no browser download) and prints what a
// person would see as JSON: each chart's title and legend, the results table, console errors, page errors and
// every request the page made besides itself. Saves a full-page screenshot.
// Usage: node report-check.mjs REPORT_HTML SCREENSHOT_PNG   (CHROMIUM overrides /usr/bin/chromium)
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [html, png] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  const self = pathToFileURL(html).href;
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("request", (r) => { if (r.url() !== self) requests.push(r.url()); });
  await page.goto(self, { waitUntil: "load" });
  await page.waitForFunction(() => document.body.getAttribute("data-drawn") !== null, null, { timeout: 15000 })
    .catch(() => {});
  const seen = await page.evaluate(() => ({
    drawn: document.body.getAttribute("data-drawn"),
    charts: [...document.querySelectorAll(".uplot")].map((c) => ({
      id: c.parentElement.id,
      title: c.querySelector(".u-title")?.textContent ?? null,
      legend: [...c.querySelectorAll(".u-legend .u-series .u-label")].map((l) => l.textContent),
      canvas: (() => { const k = c.querySelector("canvas"); return k ? [k.width, k.height] : null; })(),
    })),
    table: [...document.querySelectorAll("#results tr")].map((tr) => [...tr.children].map((td) => td.textContent)),
  }));
  await page.screenshot({ path: png, fullPage: true });
  console.log(JSON.stringify({ ...seen, consoleErrors, pageErrors, requests }));
} finally {
  await browser.close();
}
