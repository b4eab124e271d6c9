// registries.test.mjs - the registries in a browser: an analyst opens 登记库, uploads a talents
// file with an unknown region (refused: the row, column and value shown, nothing stored), then
// the corrected file (imported, counted), filters the records by 长沙 (the zones below it
// included); a unit reporter reads the records but gets no upload form; an anonymous visitor
// is sent to sign in. Runs on the shared server after quarter.test.mjs; it adds registry records
// only, which the other journeys never read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const MISSING = '\u27e6'; // ⟦, the start of a missing-translation marker

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

async function signedIn(name) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  page.on('response', (resp) => { if (resp.status() >= 500) problems.push(`${name}: HTTP ${resp.status()} for ${resp.url()}`); });
  await page.goto(`${BASE}/signin`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(`${name}-pass-2025x`);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${BASE}/`);
  return page;
}

const talents = (region) => Buffer.from(
  '编号,人才计划,入选年度,地区\n' +
  'BT-1,芙蓉计划,2024,长沙\n' +
  `BT-2,芙蓉计划,2024,${region}\n` +
  'BT-3,湖湘英才,2025,株洲\n', 'utf-8');

test('an analyst uploads a talents file with an error, fixes it, and reads the records by region', async () => {
  const ana = await signedIn('ana');
  await ana.getByRole('link', { name: '登记库' }).click();
  await ana.waitForURL(`${BASE}/registries`);
  await ana.getByRole('link', { name: '高层次人才' }).click();
  assert.equal((await ana.locator('p.summary strong').textContent()).trim(), '0');

  await ana.getByLabel('登记库类别').selectOption({ label: '高层次人才' });
  await ana.getByLabel('文件').setInputFiles({ name: '人才名单.csv', mimeType: 'text/csv', buffer: talents('火星') });
  await ana.getByRole('button', { name: '上传' }).click();
  assert.equal((await ana.locator('[role=alert] p').first().textContent()).trim(), '文件有错误，未导入任何记录。');
  const bad = ana.locator('[role=alert] table.errors tbody tr');
  assert.equal(await bad.count(), 1);
  assert.equal((await bad.locator('td').nth(0).textContent()).trim(), '3');
  assert.equal((await bad.locator('td').nth(2).textContent()).trim(), '火星');
  await ana.goto(`${BASE}/registries?kind=talents`);
  assert.equal((await ana.locator('p.summary strong').textContent()).trim(), '0', 'all or nothing: the good rows are not stored');

  await ana.getByLabel('登记库类别').selectOption({ label: '高层次人才' });
  await ana.getByLabel('文件').setInputFiles({ name: '人才名单.csv', mimeType: 'text/csv', buffer: talents('宁乡高新区') });
  await ana.getByRole('button', { name: '上传' }).click();
  assert.equal((await ana.locator('[role=status] p').textContent()).trim(), '已导入： 3 / 3 / 0 / 0 (行数 / 新增 / 修订 / 未变)');

  await ana.goto(`${BASE}/registries?kind=talents`);
  await ana.getByLabel('地区').selectOption({ label: '长沙' });
  await ana.getByRole('button', { name: '显示' }).click();
  assert.match(ana.url(), /kind=talents&region=changsha$/);
  assert.equal((await ana.locator('p.summary strong').textContent()).trim(), '2');
  const rows = ana.locator('table.registry tbody tr');
  assert.deepEqual((await rows.locator('td:first-child').allTextContents()).map((s) => s.trim()).sort(), ['BT-1', 'BT-2']);
  assert.equal((await rows.filter({ hasText: 'BT-2' }).locator('td').nth(3).textContent()).trim(), '宁乡高新区');
  assert.ok(!(await ana.locator('body').textContent()).includes(MISSING));
  await ana.screenshot({ path: join(ARTIFACTS, 'registries.png'), fullPage: false });
  const columns = await ana.locator('table.columns').textContent();
  assert.match(columns, /成交额 \/ amount（万元）/, 'the upload form says the unit of a contract amount');
  assert.match(columns, /有效期止 \/ valid_to（可空）/, 'and which columns may be empty');
  await ana.goto(`${BASE}/registries?kind=talents&lang=en`);
  assert.equal((await ana.locator('h1').textContent()).trim(), 'Registries');
  assert.deepEqual((await ana.locator('table.registry thead th').allTextContents()).map((t) => t.trim()),
    ['ID', 'Programme', 'Year selected', 'Region', 'Revision']);
  assert.ok(!(await ana.locator('body').textContent()).includes(MISSING));
  await ana.goto(`${BASE}/registries?lang=zh`);
});

test('a unit reporter reads the records but cannot upload; an anonymous visitor must sign in', async () => {
  const kjt = await signedIn('kjt');
  await kjt.goto(`${BASE}/registries?kind=talents`);
  assert.equal((await kjt.locator('p.summary strong').textContent()).trim(), '3');
  assert.equal(await kjt.locator('#upload').count(), 0);
  const anon = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await anon.goto(`${BASE}/registries`);
  assert.match(anon.url(), /\/signin/);
});
