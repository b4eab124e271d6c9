// journey.test.mjs - the data journey of issue 5, as people do it in a browser: a region reporter
// signs in, uploads a file with an error, sees the error in the preview, fixes the file and
// submits it; an analyst approves it on the review screen and the dashboard tile changes; a
// reader switches to English. Then every page is opened in both languages and must show no
// missing-translation marker. Users come from tools/browser-test.sh (password NAME-pass-2025x).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const RANK = '株洲、湘潭国家创新型城市创新能力排名';
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
});

/* A new browser context (its own cookies) signed in as name. */
async function signedIn(name) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`${name}: page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${name}: console error: ${msg.text()}`); });
  if (name) {
    await page.goto(`${BASE}/signin`);
    await page.getByLabel('用户名').fill(name);
    await page.getByLabel('密码').fill(`${name}-pass-2025x`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${BASE}/`);
    assert.equal(await page.locator('header .account a').first().textContent(), name);
  }
  return page;
}

/* The dashboard tile of the 株洲/湘潭 rank for 湘潭. */
function xiangtanTile(page) {
  return page.locator('article.tile:has(a[href="/indicators/city_rank_zz_xt#target-xiangtan"])');
}

test('a reporter uploads a file with an error, fixes it and submits it', async () => {
  const page = await signedIn('xt');
  await page.getByRole('link', { name: '数据填报' }).click();
  await page.getByRole('link', { name: '改为上传文件（CSV或Excel）' }).click();
  const bad = '指标,地区,时期,数值,来源\n株洲、湘潭国家创新型城市创新能力排名,湘潭,2024Q5,50,湘潭市科技局\n';
  await page.getByLabel('文件').setInputFiles({ name: 'xiangtan-2024.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: '上传并检查' }).click();
  // a file that fails its check is answered 422 with its errors and not kept (no /entry/imports/ID)
  const errors = page.locator('table.errors');
  await errors.waitFor();
  const refused = problems.findIndex((p) => p.startsWith('xt: console error:') && p.includes('status of 422'));
  assert.ok(refused >= 0, 'the refused upload is answered 422');
  problems.splice(refused, 1); /* the browser logs every 4xx answer; this one is expected */
  assert.match(await errors.textContent(), /“2024Q5”不是有效时期/);
  assert.equal(await page.getByRole('button', { name: '确认导入并提交审核' }).count(), 0, 'a file with errors cannot be committed');
  await page.screenshot({ path: join(ARTIFACTS, 'import-error.png'), fullPage: true });

  await page.getByRole('link', { name: '修改文件后重新上传' }).click();
  const good = bad.replace('2024Q5', '2024');
  await page.getByLabel('文件').setInputFiles({ name: 'xiangtan-2024.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: '上传并检查' }).click();
  await page.waitForURL(/\/entry\/imports\/\d+$/);
  const changes = page.locator('table.changes');
  assert.match(await changes.textContent(), /湘潭\s*2024\s*—\s*50\b/);
  await page.screenshot({ path: join(ARTIFACTS, 'import-preview.png'), fullPage: true });
  await page.getByRole('button', { name: '确认导入并提交审核' }).click();
  assert.equal((await page.locator('h1').textContent()).trim(), '导入完成');
  await page.context().close();
});

test('an analyst approves it and the dashboard tile changes', async () => {
  const page = await signedIn('ana');
  const before = xiangtanTile(page);
  assert.match(await before.textContent(), /58位/);
  assert.match(await before.locator('.status').textContent(), /暂无法评估/);

  await page.getByRole('link', { name: '数据审核' }).click();
  const row = page.locator('table.review tr').filter({ hasText: RANK }).filter({ hasText: '湘潭' });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /50位/);
  await page.screenshot({ path: join(ARTIFACTS, 'review.png'), fullPage: true });
  await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: '审核通过' }).first().click();
  assert.match(await page.locator('p[role=status]').textContent(), /已审核通过： 1/);

  await page.goto(`${BASE}/`);
  const tile = xiangtanTile(page);
  assert.match(await tile.locator('.value').textContent(), /50位\s*2024/);
  assert.equal((await tile.locator('.status').textContent()).trim(), '已达标');
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-after-approval.png'), fullPage: true });
  await page.context().close();
});

test('a reader switches to English', async () => {
  const page = await signedIn('reader');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal((await page.locator('h1').textContent()).trim(), 'Monitoring dashboard');
  assert.equal((await xiangtanTile(page).locator('.status').textContent()).trim(), 'Met');
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-en.png'), fullPage: true });
  /* the choice is kept: the next page is English without ?lang= */
  await page.getByRole('link', { name: 'Plan', exact: true }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.context().close();
});

test('every page renders in both languages without a missing translation', async () => {
  const admin = await signedIn('admin');
  const anonymous = await signedIn(null);
  const pages = ['/', '/?region=changsha', '/plan', '/units', '/units/kjt', '/measures/1', '/measures/15',
    '/indicators/city_rank_zz_xt?revisions=1', '/indicators/tech_contract_turnover', '/indicators/talent_new',
    '/regions/changsha', '/regions/zcq', '/entry', '/entry/import', '/review', '/admin/users', '/admin/audit', '/account',
    '/admin/plan', '/admin/plan/indicators/revenue_tiq', '/reports', '/supervision', '/reporting', '/notices', '/inbox',
    '/scorecards', '/matrix'];
  for (const lang of ['zh', 'en']) {
    for (const path of pages) {
      const url = `${BASE}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
      const resp = await admin.goto(url);
      assert.equal(resp.status(), 200, url);
      const text = await admin.locator('body').textContent();
      assert.ok(!text.includes(MISSING), `${url} shows a missing translation`);
      assert.ok(Buffer.byteLength(await admin.content()) < 100 * 1024, `${url} is over 100 KB`);
    }
    const resp = await anonymous.goto(`${BASE}/signin?lang=${lang}`);
    assert.equal(resp.status(), 200);
    assert.ok(!(await anonymous.locator('body').textContent()).includes(MISSING));
  }
  for (const [name, path] of [['plan', '/plan'], ['indicator', '/indicators/city_rank_zz_xt'], ['region', '/regions/changsha'],
    ['units', '/units'], ['measure', '/measures/1'], ['entry', '/entry'], ['admin-users', '/admin/users']]) {
    await admin.goto(`${BASE}${path}${path.includes('?') ? '&' : '?'}lang=zh`);
    await admin.screenshot({ path: join(ARTIFACTS, `${name}-zh.png`), fullPage: true });
  }
  assert.deepEqual(problems, []);
});
