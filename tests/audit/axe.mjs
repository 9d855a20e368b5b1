// axe-core in headless Chromium: `node axe.mjs URL...` prints one JSON array on stdout, one item
// per page and viewport: {url, viewport, violations: [{id, impact, help, targets}]}.
// Python (portal_audit.axe) decides what fails, so the bar lives in one place.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { launchOptions } from './chrome.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// A cheap phone and a desktop: reflow, target size and contrast differ between the two.
const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } };

const browser = await puppeteer.launch(launchOptions());
const results = [];
try {
  for (const url of process.argv.slice(2)) {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      const response = await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(AXE);
      const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      results.push({
        url,
        viewport: name,
        status: response ? response.status() : 0,
        violations: axe.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
          count: v.nodes.length,
        })),
      });
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
