// Lighthouse (mobile, default simulated throttling) in headless Chromium:
// `node lighthouse.mjs URL...` prints one JSON array on stdout, one item per page:
// {url, scores: {category: 0..1}, failing: {category: [{id, title, score, displayValue}]}}.
// Python (portal_audit.lighthouse) judges the scores against the bars.
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { launchOptions } from './chrome.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

function summary(lhr) {
  const scores = {};
  const failing = {};
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category ? category.score : null;
    failing[id] = (category ? category.auditRefs : [])
      .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
      .filter(({ ref, audit }) => ref.weight > 0 && audit.score !== null && audit.score < 1)
      .map(({ audit }) => ({
        id: audit.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue || '',
      }));
  }
  return { url: lhr.finalDisplayedUrl, lighthouse: lhr.lighthouseVersion, scores, failing,
           runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null };
}

const browser = await puppeteer.launch(launchOptions());
const results = [];
try {
  for (const url of process.argv.slice(2)) {
    const page = await browser.newPage();
    const runner = await lighthouse(url, { logLevel: 'error', onlyCategories: CATEGORIES }, undefined, page);
    results.push(summary(runner.lhr));
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
