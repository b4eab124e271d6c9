// views.test.mjs - the pages people look for, in a browser: search from the header box (a
// Chinese term, then a unit by two characters), the responsibility matrix's filters (choose an
// action and a unit, the rows follow, the legend explains the abbreviations, the print view),
// the map (cities coloured, parks as dots, the table beside it, one indicator chosen), and an
// indicator's metadata tab (reached by its tab link, kept when switching to English). No
// console error, no failed request. Users come from tools/browser-test.sh (NAME-pass-2025x).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));

let browser;
const problems = [];

function watch(page, who) {
  page.on('pageerror', (err) => problems.push(`${who}: page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${who}: console error: ${msg.text()}`); });
  page.on('response', (resp) => {
    if (resp.status() >= 400) problems.push(`${who}: HTTP ${resp.status()} for ${resp.url()}`);
  });
}

async function open(name) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page, name ?? 'anonymous');
  if (name) {
    await page.goto(`${BASE}/signin`);
    await page.getByLabel('用户名').fill(name);
    await page.getByLabel('密码').fill(`${name}-pass-2025x`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${BASE}/`);
  }
  return page;
}

before(async () => {
  assert.ok(BASE, 'INNOMON_URL must name the server (run tools/browser-test.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  assert.deepEqual(problems, [], 'no console error, page error or failed request');
});

test('search from the header finds an indicator by Chinese words and a unit by two characters', async () => {
  const page = await open(null);
  await page.goto(`${BASE}/`);
  const box = page.getByRole('search').first().getByRole('searchbox');
  await box.fill('技术合同');
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  const hit = page.locator('ol.hits a[href="/indicators/tech_contract_turnover"]');
  assert.equal((await hit.textContent()).trim(), '技术合同成交额');
  assert.ok(await page.locator('ol.hits mark').first().isVisible(), 'the term is marked in the text');
  await page.screenshot({ path: join(ARTIFACTS, 'search-zh.png'), fullPage: true });
  await page.locator('main').getByRole('searchbox').fill('科技');
  await page.locator('main').getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/q=%E7%A7%91%E6%8A%80/);
  assert.ok(await page.locator('ol.hits a[href="/units/kjt"]').isVisible(), '省科技厅 is found by two characters');
  await hit.count();
  await page.locator('ol.hits a[href="/units/kjt"]').click();
  await page.waitForURL(`${BASE}/units/kjt`);
  assert.equal((await page.locator('h1').textContent()).trim(), '省科技厅');
});

test('the matrix filters by action and unit, explains its abbreviations and prints', async () => {
  const page = await open('ana');
  await page.goto(`${BASE}/matrix`);
  const rows = page.locator('table.rmatrix tbody th[scope="row"]');
  assert.equal(await rows.count(), 27, 'every measure is a row');
  const header = page.locator('table.rmatrix thead th').first();
  assert.equal(await header.evaluate((el) => getComputedStyle(el).position), 'sticky', 'the header row sticks');
  await page.getByLabel('行动').selectOption('2');
  await page.getByLabel('责任单位', { exact: true }).selectOption('gxt');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(/action=2&unit=gxt/);
  const shown = await rows.allTextContents();
  assert.ok(shown.length >= 1 && shown.length <= 4, `action 2 has four measures: ${shown}`);
  for (const t of shown) assert.match(t.trim(), /^(8|9|10|11)\./);
  assert.ok(await page.locator('thead th.chosen').getByText('工信厅').isVisible(), 'the chosen unit is marked');
  assert.ok(await page.locator('dl.abbrs dt', { hasText: '工信厅' }).isVisible(), 'the legend lists the abbreviation');
  await page.screenshot({ path: join(ARTIFACTS, 'matrix-filtered.png'), fullPage: true });
  await page.getByRole('link', { name: '打印版' }).click();
  await page.waitForURL(/print=1/);
  assert.equal(await page.locator('form.filters').count(), 0, 'the print view has no filters');
  assert.ok(await page.locator('.print-view table.rmatrix').isVisible());
  await page.getByRole('link', { name: '清除筛选' }).count();
  await page.goto(`${BASE}/matrix?lang=en`);
  assert.equal(await rows.count(), 27, 'in English too every measure is a row, none cut off');
  const wrap = page.locator('div.matrix-wrap');
  const overflow = await page.evaluate(() => document.querySelector('main').scrollWidth <= document.querySelector('main').clientWidth + 1);
  assert.ok(await wrap.isVisible() && overflow, 'the table scrolls inside its box, the page does not');
});

test('the map colours the cities, dots the parks and tells the same in a table', async () => {
  const page = await open(null);
  await page.goto(`${BASE}/`);
  await page.locator('header nav').getByRole('link', { name: '地图' }).click();
  await page.waitForURL(`${BASE}/map`);
  const svg = page.locator('figure.map svg');
  assert.ok(await svg.isVisible());
  assert.ok(await svg.locator('polygon').count() > 10, 'cities and their neighbours are drawn');
  assert.equal(await svg.locator('circle').count(), 4, 'the four parks are dots');
  assert.ok(await page.locator('table.map-table tr[data-region="changsha"]').isVisible());
  assert.match(await page.locator('figcaption').textContent(), /Apache License 2\.0/);
  await page.screenshot({ path: join(ARTIFACTS, 'map-zh.png'), fullPage: true });
  await page.getByLabel('指标').selectOption('city_rank_changsha');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(/indicator=city_rank_changsha/);
  const row = page.locator('table.map-table tr[data-region="changsha"] td.num');
  const counts = (await row.allTextContents()).map(Number);
  assert.equal(counts.reduce((a, b) => a + b, 0), 1, '长沙 has one target of that indicator');
});

test('an indicator\'s metadata tab is a view of its own, kept in English', async () => {
  const page = await open(null);
  await page.goto(`${BASE}/indicators/invention_patents_per_10k`);
  await page.locator('nav.tabs').getByRole('link', { name: '元数据' }).click();
  await page.waitForURL(/tab=meta/);
  const meta = page.locator('dl.meta');
  assert.ok(await meta.getByText('数据来源机构').isVisible());
  assert.ok(await meta.getByText('下次发布').isVisible());
  assert.equal(await page.locator('nav.tabs a[aria-current="page"]').textContent(), '元数据');
  await page.locator('header .lang').getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/tab=meta&lang=en/);
  assert.equal(await page.locator('nav.tabs a[aria-current="page"]').textContent(), 'Metadata');
  const share = await page.locator('a.share-link').getAttribute('href');
  assert.equal(share, '/indicators/invention_patents_per_10k?tab=meta&lang=en', 'the share link reproduces the view');
  await page.screenshot({ path: join(ARTIFACTS, 'metadata-en.png'), fullPage: true });
});
