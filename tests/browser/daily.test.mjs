// daily.test.mjs - the daily jobs of issue 16 item 2 in a browser: a region reporter opens the
// entry form, sees only what they owe in their own region, gets an error summarised at the top
// (focused, linked to the field), fixes it and submits from the top buttons, and downloads the
// template of what they owe; an analyst enters a value of her own, then on the review screen
// approves the reporter's value while her own is refused by the four-eyes rule. Period 2019
// keeps these cells apart from the other journeys. Users come from tools/browser-test.sh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const PERIOD = '2019';

let browser;
const problems = [];

before(async () => {
  assert.ok(BASE, 'INNOMON_URL must name the server (run tools/browser-test.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  assert.deepEqual(problems, [], 'no page error and no console error but the expected 4xx answers');
});

async function signedIn(name, width = 1280) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`${name}: page error: ${err.message}`));
  page.on('console', (msg) => {
    /* the browser logs every 4xx answer: a refused form is one, and the test checks it itself */
    if (msg.type() === 'error' && !/status of 4(22|03)/.test(msg.text())) problems.push(`${name}: console error: ${msg.text()}`);
  });
  await page.goto(`${BASE}/signin`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(`${name}-pass-2025x`);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${BASE}/`);
  return page;
}

/* The entry form for PERIOD, reached as a person does: the menu, then the period. */
async function entryForm(page) {
  await page.getByRole('link', { name: '数据填报' }).click();
  await page.locator('#period').fill(PERIOD);
  await page.getByRole('button', { name: '显示' }).click();
  await page.locator('table.entry').waitFor();
}

test('a reporter enters what they owe, from an error to a submitted value, and takes the template', async () => {
  const page = await signedIn('xt');
  await entryForm(page);
  // only 湘潭, only what is owed; no region preselected in the picker (not the province)
  const groups = await page.locator('table.entry tr.group th').allTextContents();
  assert.deepEqual(groups, ['湘潭']);
  const inputs = page.locator('table.entry input[inputmode="decimal"]');
  const n = await inputs.count();
  assert.ok(n > 0 && n < 20, `a few cells owed, not the plan's every indicator (${n})`);
  assert.match(await page.locator('p.muted').filter({ hasText: '应填报项数' }).textContent(), new RegExp(`${n}$`));
  assert.deepEqual(await page.locator('#region option').allTextContents(), ['我应填报的全部地区', '湘潭']);

  // a bad figure, checked with the button above the table
  /* a count, not the rank the dashboard journey watches */
  const first = page.locator('table.entry tr').filter({ hasText: '重大原创科技成果' }).locator('input[inputmode="decimal"]');
  const field = await first.getAttribute('name');
  await first.fill('12x');
  await page.locator('p.actions').first().getByRole('button', { name: '检查' }).click();
  const summary = page.locator('#errors');
  await summary.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'errors', 'the summary has the focus');
  const box = await summary.boundingBox();
  assert.ok(box && box.y < 900, 'the summary is in view, not below the table');
  assert.equal(await summary.getByRole('link').first().getAttribute('href'), `#${field}`);
  const bad = page.locator(`input[name="${field}"]`);
  assert.equal(await bad.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator(`[id="e.${field}"]`).textContent(), /不是有效数字|数值/);
  await page.screenshot({ path: join(ARTIFACTS, 'entry-error.png'), fullPage: true });
  // the link takes the eye to the field
  await summary.getByRole('link').first().click();
  assert.match(page.url(), new RegExp(`#${field.replace(/\./g, '\\.')}$`));

  await bad.fill('3');
  await page.locator('p.actions').first().getByRole('button', { name: '提交审核' }).click();
  assert.equal((await page.locator('p[role=status]').textContent()).trim(), '已提交审核。');
  assert.match(await page.locator(`tr:has(input[name="${field}"])`).textContent(), /已报送/);
  await page.screenshot({ path: join(ARTIFACTS, 'entry-submitted.png'), fullPage: true });

  // the template of what is owed
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: /下载填报模板/ }).click()]);
  assert.match(download.suggestedFilename(), /^innomon-template-2019.*\.xlsx$/);
  const path = join(ARTIFACTS, 'template.xlsx');
  await download.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK', 'an xlsx (zip) workbook');
  await page.context().close();
});

test('an approver approves the reporter\'s value and is refused her own', async () => {
  const page = await signedIn('ana');
  // ana enters a figure of her own for 湘潭 (every indicator she may report there)
  await page.goto(`${BASE}/entry?region=xiangtan&period=${PERIOD}&every=1`);
  const own = page.locator('tr').filter({ hasText: '技术合同成交额' }).first().locator('input[inputmode="decimal"]');
  await own.fill('88');
  await page.locator('p.actions').last().getByRole('button', { name: '提交审核' }).click();
  assert.equal((await page.locator('p[role=status]').textContent()).trim(), '已提交审核。');

  await page.getByRole('link', { name: '数据审核' }).click();
  const submitted = page.locator('section').filter({ has: page.locator('h2', { hasText: '待审核' }) }).first();
  const rows = submitted.locator('tbody tr').filter({ hasText: PERIOD }).filter({ hasText: '湘潭' });
  const mine = rows.filter({ hasText: '您录入或报送，须由他人审核' });
  const theirs = rows.filter({ hasText: 'xt' }).filter({ hasNotText: '须由他人审核' });
  assert.equal(await mine.count(), 1, 'her own value is marked');
  assert.ok(await theirs.count() >= 1, 'the reporter\'s value is there');
  await page.screenshot({ path: join(ARTIFACTS, 'review-own.png'), fullPage: true });
  await mine.getByRole('checkbox').check();
  await theirs.first().getByRole('checkbox').check();
  await submitted.getByRole('button', { name: '审核通过' }).click();
  const said = page.locator('p[role=alert]');
  await said.waitFor();
  const text = await said.textContent();
  assert.match(text, /已审核通过： 1/);
  assert.match(text, /未审核（您录入或报送的数据须由另一人审核）： 1/);
  // hers waits for another person; the reporter's is approved
  const still = page.locator('section').filter({ has: page.locator('h2', { hasText: '待审核' }) }).first()
    .locator('tbody tr').filter({ hasText: PERIOD }).filter({ hasText: '技术合同成交额' });
  assert.equal(await still.count(), 1, 'her own value is still waiting');
  await page.screenshot({ path: join(ARTIFACTS, 'review-refused.png'), fullPage: true });
  await page.context().close();
});

test('the admin creates a user: picked region, a valid name pattern, the password twice', async () => {
  const page = await signedIn('admin');
  await page.goto(`${BASE}/admin/users`);
  const form = page.locator('form[action="/admin/users"]');
  const name = form.locator('input[name="name"]');
  await name.fill('Bad Name');
  assert.equal(await name.evaluate((el) => el.validity.patternMismatch), true, 'the pattern works in Chrome');
  await name.fill('zz.rep-2');
  assert.equal(await name.evaluate((el) => el.validity.valid), true);
  await form.locator('select[name="role"]').selectOption('region_reporter');
  await form.locator('select[name="region"]').selectOption({ label: '株洲 (zhuzhou)' });
  await form.getByLabel('密码（可不填：自动生成一次性密码）').fill('zz-rep-2-passw0rd');
  await form.getByLabel('再次输入密码').fill('zz-rep-2-passw0rd-typo');
  await form.getByRole('button', { name: '新增' }).click();
  const alert = page.locator('p[role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /两次输入的密码不一致/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'errors');
  assert.match(await page.locator('#password2-error').textContent(), /两次输入的密码不一致/);
  const again = page.locator('form[action="/admin/users"]');
  await again.locator('select[name="role"]').selectOption('region_reporter');
  await again.locator('select[name="region"]').selectOption('zhuzhou');
  await again.getByLabel('密码（可不填：自动生成一次性密码）').fill('zz-rep-2-passw0rd');
  await again.getByLabel('再次输入密码').fill('zz-rep-2-passw0rd');
  await again.getByRole('button', { name: '新增' }).click();
  assert.match(await page.locator('p[role=status]').textContent(), /已添加用户/);
  await page.context().close();
});
