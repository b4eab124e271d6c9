// supervision-settings.test.mjs - the admin's 督办设置 page in a browser (issue 6: milestones
// "editable by admins and importable", notice rules "data, editable"): the admin marks measure 2's
// milestone done and the measure page says so; adds a milestone, first with a unit that has no
// duty on the measure (refused, the typed title kept), then right; uploads a 任务分解表 with a bad
// date (refused with row and column, nothing stored), then the corrected file; changes how long
// units have to answer a missing-report notice; reads the page in English. Runs after the other
// journeys (files run in name order on one server) so its changes cannot disturb them.
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
let admin;
const problems = [];

before(async () => {
  assert.ok(BASE, 'INNOMON_URL must name the server (run tools/browser-test.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, javaScriptEnabled: false });
  admin = await context.newPage();
  admin.on('response', (resp) => { if (resp.status() >= 500) problems.push(`HTTP ${resp.status()} for ${resp.url()}`); });
  await admin.goto(`${BASE}/signin`);
  await admin.getByLabel('用户名').fill('admin');
  await admin.getByLabel('密码').fill('admin-pass-2025x');
  await admin.getByRole('button', { name: '登录' }).click();
  await admin.waitForURL(`${BASE}/`);
});

after(async () => {
  await browser?.close();
  assert.deepEqual(problems, []);
});

/* The row of the milestone with this code (or the new-milestone row for null). */
function milestoneRow(code) {
  return admin.locator('#milestones + p + table tr', { has: code ? admin.locator('code', { hasText: code }) : admin.locator('th', { hasText: '新增里程碑' }) });
}

async function message() {
  return (await admin.locator('[role=status] p, [role=alert] p').first().textContent()).trim();
}

test('the admin marks a milestone done and the measure page shows it done', async () => {
  await admin.getByRole('link', { name: '督办设置' }).click();
  await admin.waitForURL(`${BASE}/admin/supervision`);
  assert.equal((await admin.locator('h1').textContent()).trim(), '督办设置');
  const row = milestoneRow('m02-2025');
  assert.equal(await row.getByLabel('完成时限').inputValue(), '2025-12-31');
  await row.getByLabel('完成日期').fill('2025-11-28');
  await row.getByRole('button', { name: '保存' }).click();
  assert.equal(await message(), '已保存。');
  assert.equal(await milestoneRow('m02-2025').getByLabel('完成日期').inputValue(), '2025-11-28');
  await admin.screenshot({ path: join(ARTIFACTS, 'supervision-settings.png'), fullPage: false });

  await admin.goto(`${BASE}/measures/2`);
  const ms = admin.locator('table.milestones tbody tr');
  assert.equal(await ms.count(), 1);
  assert.equal((await ms.locator('.badge').textContent()).trim(), '已完成 2025-11-28');
});

test('a milestone for a unit without a duty on the measure is refused and the form keeps what was typed', async () => {
  await admin.goto(`${BASE}/admin/supervision`);
  let row = milestoneRow(null);
  await row.getByLabel('编号').fill('m15-2026-plan');
  await row.getByLabel('举措').fill('15');
  await row.getByLabel('里程碑').fill('印发园区提质升级工作方案');
  await row.getByLabel('责任单位').selectOption({ label: '省委组织部' });
  await row.getByLabel('完成时限').fill('2026-06-30');
  await row.getByRole('button', { name: '新增' }).click();
  assert.equal(await message(), '里程碑未保存，请改正以下问题。');
  const problem = admin.locator('[role=alert] table.errors tbody tr');
  assert.equal(await problem.count(), 1);
  assert.equal((await problem.locator('td').nth(1).textContent()).trim(), 'owner');
  assert.match(await problem.locator('td').nth(3).textContent(), /既不牵头也不配合/);
  row = milestoneRow(null);
  assert.equal(await row.getByLabel('里程碑').inputValue(), '印发园区提质升级工作方案');
  assert.equal(await row.getByLabel('编号').inputValue(), 'm15-2026-plan');
  assert.equal(await admin.locator('code', { hasText: 'm15-2026-plan' }).count(), 0);

  await row.getByLabel('责任单位').selectOption({ label: '省科技厅' });
  await row.getByLabel('关联指标').fill('千亿级园区数；全国前50强国家级园区数');
  await row.getByRole('button', { name: '新增' }).click();
  assert.equal(await message(), '里程碑已新增。');
  assert.equal(await milestoneRow('m15-2026-plan').getByLabel('里程碑').inputValue(), '印发园区提质升级工作方案');
  assert.equal(await milestoneRow('m15-2026-plan').getByLabel('关联指标').inputValue(), 'parks_100bn;top50_national_parks',
    'indicators typed by their Chinese names are stored as codes');
  await admin.goto(`${BASE}/measures/15`);
  assert.equal(await admin.locator('table.milestones tbody tr', { hasText: '印发园区提质升级工作方案' }).count(), 1);
});

test('a task breakdown table with a bad date imports nothing; corrected, it imports', async () => {
  await admin.goto(`${BASE}/admin/supervision`);
  const csv = (due) => Buffer.from(
    '编号,举措,里程碑,责任单位,完成时限\n' +
    'm12-2026-a,12,创新型企业梯度培育库建成,kjt,2026-03-31\n' +
    `m12-2026-b,12,科技领军企业名单发布,kjt,${due}\n`, 'utf-8');
  await admin.getByLabel('文件').setInputFiles({ name: '任务分解表.csv', mimeType: 'text/csv', buffer: csv('2026-02-30') });
  await admin.getByRole('button', { name: '上传' }).click();
  assert.equal(await message(), '文件有错误，未导入任何里程碑。');
  const bad = admin.locator('[role=alert] table.errors tbody tr');
  assert.equal(await bad.count(), 1);
  assert.equal((await bad.locator('td').nth(0).textContent()).trim(), '3');
  assert.equal((await bad.locator('td').nth(2).textContent()).trim(), '2026-02-30');
  assert.equal(await admin.locator('code', { hasText: 'm12-2026-a' }).count(), 0, 'all or nothing: the good row is not stored either');

  await admin.getByLabel('文件').setInputFiles({ name: '任务分解表.csv', mimeType: 'text/csv', buffer: csv('2026-06-30') });
  await admin.getByRole('button', { name: '上传' }).click();
  assert.equal(await message(), '已导入： 2 / 2 / 0 / 0 (行数 / 新增 / 修改 / 未变)');
  assert.equal(await admin.locator('code', { hasText: /^m12-2026-[ab]$/ }).count(), 2);
});

test('the admin changes the reply days of the missing-report rule', async () => {
  await admin.goto(`${BASE}/admin/supervision`);
  const rule = admin.locator('#rules + p + table tr', { has: admin.locator('code', { hasText: 'report-missing' }) });
  await rule.getByLabel('答复期限（天）').fill('7');
  await rule.getByRole('button', { name: '保存' }).click();
  assert.equal(await message(), '已保存。');
  const again = admin.locator('#rules + p + table tr', { has: admin.locator('code', { hasText: 'report-missing' }) });
  assert.equal(await again.getByLabel('答复期限（天）').inputValue(), '7');
  assert.ok(await again.getByLabel('启用').isChecked(), 'the rule stays enabled');
  await again.getByLabel('答复期限（天）').fill('0');
  await again.getByRole('button', { name: '保存' }).click();
  assert.equal(await message(), '规则设置超出范围。');
  const typed = admin.locator('#rules + p + table tr', { has: admin.locator('code', { hasText: 'report-missing' }) });
  assert.equal(await typed.getByLabel('答复期限（天）').inputValue(), '0', 'the refused form shows what was typed');
  await admin.goto(`${BASE}/admin/supervision`);
  const kept = admin.locator('#rules + p + table tr', { has: admin.locator('code', { hasText: 'report-missing' }) });
  assert.equal(await kept.getByLabel('答复期限（天）').inputValue(), '7', 'the stored rule is unchanged');
});

test('the settings page reads in English without a missing translation', async () => {
  await admin.goto(`${BASE}/admin/supervision?lang=en`);
  assert.equal((await admin.locator('h1').textContent()).trim(), 'Supervision settings');
  const body = await admin.locator('body').textContent();
  assert.ok(!body.includes(MISSING));
  assert.ok(body.includes('Import a task breakdown table'));
  await admin.goto(`${BASE}/admin/supervision?lang=zh`);
  assert.ok(!(await admin.locator('body').textContent()).includes(MISSING));
});
