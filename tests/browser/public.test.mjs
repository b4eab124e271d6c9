// public.test.mjs - what an anonymous visitor can do with the ended plan: the dashboard leads
// with the final verdicts (counts on data-count-<verdict>, the same as the API's final summary)
// and the evidence under each; the visitor downloads the final evaluation report as PDF from the
// dashboard, an indicator's own figures as CSV (UTF-8 with BOM, its sources) from its page, and
// the open data from the footer of any page. Reads only; runs on the shared server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));

let browser;
const problems = [];

before(async () => {
  assert.ok(BASE, 'INNOMON_URL must name the server (run tools/browser-test.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  assert.deepEqual(problems, []);
});

async function visitor() {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('response', (resp) => { if (resp.status() >= 500) problems.push(`HTTP ${resp.status()} for ${resp.url()}`); });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  return page;
}

test('the dashboard of an ended plan leads with the final verdicts, the same counts as the API', async () => {
  const page = await visitor();
  await page.goto(`${BASE}/`);
  const final = page.locator('#final-summary');
  await final.waitFor();
  const api = await (await page.request.get(`${BASE}/api/v1/progress?final=1`)).json();
  for (const v of ['met', 'not_met', 'provisional_met', 'provisional_not_met', 'no_final'])
    assert.equal(Number(await final.getAttribute(`data-count-${v}`)), api.summary[v], v);
  // the evidence: every headline target under its verdict, in words
  assert.equal(await final.locator('ul.evidence li').count(), api.n_headline);
  assert.match(await final.locator('h2').textContent(), /终期评估结论/);
  await page.screenshot({ path: join(ARTIFACTS, 'public-dashboard.png'), fullPage: true });
});

test('an anonymous visitor downloads the final report as PDF and an indicator\'s figures as CSV', async () => {
  const page = await visitor();
  await page.goto(`${BASE}/`);
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#final-summary p.downloads').getByRole('link', { name: 'PDF' }).click(),
  ]);
  const pdfPath = await pdf.path();
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.suggestedFilename(), /\.pdf$/);

  await page.goto(`${BASE}/indicators/tech_contract_turnover`);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('p.downloads').getByRole('link', { name: 'CSV' }).click(),
  ]);
  const bytes = readFileSync(await csv.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark');
  const lines = bytes.subarray(3).toString('utf-8').trim().split('\n');
  assert.match(lines[0], /^INDICATOR,INDICATOR_NAME,REF_AREA/);
  assert.ok(lines.length > 5);
  for (const line of lines.slice(1)) assert.match(line, /^tech_contract_turnover,技术合同成交额,/);
  assert.match(csv.suggestedFilename(), /tech_contract_turnover\.csv$/);

  // the footer of any page offers the open data
  await page.goto(`${BASE}/plan`);
  const [all] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('footer .open-data').getByRole('link', { name: 'XLSX' }).click(),
  ]);
  assert.equal(readFileSync(await all.path()).subarray(0, 2).toString('latin1'), 'PK');
});
