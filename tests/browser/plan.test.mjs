// plan.test.mjs - the first browser journey: from the home page open the plan, see its actions
// and measures, open measure 1 and read its lead unit, switch to English. Drives Debian's chromium with
// playwright-core against the server tools/browser-test.sh started (INNOMON_URL); screenshots
// go to INNOMON_ARTIFACTS (tests/browser/artifacts/). Run: tools/browser-test.sh build
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const TITLE_ZH = '长株潭国家自主创新示范区提质升级行动计划';
const TITLE_EN = 'Action Plan for Upgrading the Changsha-Zhuzhou-Xiangtan National Independent Innovation Demonstration Zone';

let browser;
let page;
const problems = []; // console errors, page errors and CSP violations seen by the browser

before(async () => {
  assert.ok(BASE, 'INNOMON_URL must name the server (run tools/browser-test.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400) problems.push(`HTTP ${resp.status()} for ${resp.url()}`);
  });
});

after(async () => {
  await browser?.close();
});

test('the home page leads to the plan: its title, 6 actions and 27 measure links', async () => {
  const resp = await page.goto(`${BASE}/`);
  assert.equal(resp.status(), 200);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.screenshot({ path: join(ARTIFACTS, 'home-zh.png'), fullPage: true });
  await page.locator('main').getByRole('link', { name: TITLE_ZH, exact: true }).click();
  await page.waitForURL(`${BASE}/plan`);
  assert.equal((await page.locator('h1').textContent()).trim(), TITLE_ZH);
  assert.equal(await page.title(), `${TITLE_ZH} · 创新规划监测评估`);

  const actions = page.locator('article.action');
  assert.equal(await actions.count(), 6);
  for (let i = 0; i < 6; i++) {
    assert.ok(await actions.nth(i).isVisible(), `action ${i + 1} is visible`);
  }
  assert.equal((await actions.first().locator('h3').textContent()).trim(), '（一）自主创新登峰行动');

  const measures = page.locator('a[href^="/measures/"]');
  assert.equal(await measures.count(), 27);
  for (let i = 0; i < 27; i++) {
    const link = measures.nth(i);
    assert.ok(await link.isVisible(), `measure link ${i + 1} is visible`);
    assert.equal(await link.getAttribute('href'), `/measures/${i + 1}`);
  }
  // the stylesheet loaded under the Content-Security-Policy and applies
  assert.equal(await page.evaluate(() => document.styleSheets.length), 1);
  assert.equal(await page.locator('header.site').evaluate((el) => getComputedStyle(el).display), 'flex');
  await page.screenshot({ path: join(ARTIFACTS, 'plan-zh.png'), fullPage: true });
});

test('measure 1 names 省科技厅 as its lead unit', async () => {
  await page.goto(`${BASE}/plan`);
  await page.locator('a[href="/measures/1"]').click();
  await page.waitForURL(`${BASE}/measures/1`);
  assert.equal((await page.locator('h1').textContent()).trim(), '1. 争创国家区域科技创新中心');
  assert.equal((await page.locator('dd.lead').textContent()).trim(), '省科技厅');
  const co = (await page.locator('dd.co').textContent()).trim();
  assert.equal(co, '省发展改革委、省教育厅、省自然资源厅、省财政厅、长沙市人民政府、株洲市人民政府、湘潭市人民政府');
  await page.screenshot({ path: join(ARTIFACTS, 'measure-1.png'), fullPage: true });

  // the lead unit's page lists the measure
  await page.locator('dd.lead a').click();
  await page.waitForURL(`${BASE}/units/kjt`);
  assert.equal((await page.locator('h1').textContent()).trim(), '省科技厅');
  assert.ok(await page.locator('a[href="/measures/1"]').isVisible());
});

test('the language link switches to English and the choice sticks', async () => {
  await page.goto(`${BASE}/plan`);
  await page.getByRole('link', { name: 'English', exact: true }).click();
  await page.waitForURL(`${BASE}/plan?lang=en`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal((await page.locator('h1').textContent()).trim(), TITLE_EN);
  assert.equal((await page.locator('article.action h3').first().textContent()).trim(),
    'Action 1. Action to scale new heights in independent innovation');
  await page.screenshot({ path: join(ARTIFACTS, 'plan-en.png'), fullPage: true });

  // without ?lang the cookie keeps English
  await page.goto(`${BASE}/measures/1`);
  assert.equal((await page.locator('dd.lead').textContent()).trim(), 'Department of Science and Technology of Hunan Province');
  await page.screenshot({ path: join(ARTIFACTS, 'measure-1-en.png'), fullPage: true });

  // and the Chinese link switches back
  await page.getByRole('link', { name: '中文', exact: true }).click();
  assert.equal((await page.locator('h1').textContent()).trim(), '1. 争创国家区域科技创新中心');
});

test('the browser saw no script errors or blocked resources', () => {
  assert.deepEqual(problems, []);
});
