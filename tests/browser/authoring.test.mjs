// authoring.test.mjs - an administrator authors a plan in the browser: from /plans to the
// upload page, the template downloaded (a workbook that loads as it is), a workbook with four
// problems uploaded (every one shown with its sheet, row and column; nothing created), the
// corrected workbook previewed and created as a draft, a target edited on the draft's own page,
// the draft put in force, and then it is the plan every visitor sees first, its series carried on
// from the plan before it (its table and its chart); the plan before it then marked superseded
// on its own page, shown so on /plans, its final evaluation kept; every change in the audit log
// with who made it. An analyst finds no way in and is refused. The workbooks are
// tests/data/plans/successor written by tests/data/plan_workbook.py. After: the shipped plan is
// put back in force and the new one made a draft again (hidden, never the default), so the other
// journeys see the store as init made it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const BIN = process.env.INNOMON_BIN;
const DB = process.env.INNOMON_DB;
const ROOT = process.env.INNOMON_SOURCE_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const TITLE = '示例接续规划（2026—2030年）';

let browser, admin, tmp;
const problems = [];

/* tests/data/plans/successor as a workbook, with the cells of sets changed (FILE:ROW:COLUMN=VALUE). */
function workbook(name, ...sets) {
  const out = join(tmp, name);
  execFileSync('python3', [join(ROOT, 'tests/data/plan_workbook.py'), join(ROOT, 'tests/data/plans/successor'), out,
    ...sets.flatMap((s) => ['--set', s])]);
  return out;
}

before(async () => {
  assert.ok(BASE && BIN && DB, 'INNOMON_URL, INNOMON_BIN and INNOMON_DB come from tools/browser-test.sh');
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'innomon-authoring-'));
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  admin = await context.newPage();
  admin.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  admin.on('response', (resp) => { if (resp.status() >= 500) problems.push(`HTTP ${resp.status()} for ${resp.url()}`); });
  await admin.goto(`${BASE}/signin`);
  await admin.getByLabel('用户名').fill('admin');
  await admin.getByLabel('密码').fill('admin-pass-2025x');
  await admin.getByRole('button', { name: '登录' }).click();
  await admin.waitForURL(`${BASE}/`);
});

after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (BIN && DB && /next-2030/.test(execFileSync(BIN, ['--db', DB, 'plan', 'status'], { encoding: 'utf-8' }))) {
    execFileSync(BIN, ['--db', DB, 'plan', 'status', 'czt-2024', 'in_force']);
    execFileSync(BIN, ['--db', DB, 'plan', 'status', 'next-2030', 'draft']);
  }
  assert.deepEqual(problems, []);
});

test('the template: every sheet, and as it is it loads', async () => {
  await admin.goto(`${BASE}/plans`);
  await admin.getByRole('link', { name: '新建规划（上传工作簿）' }).click();
  await admin.waitForURL(`${BASE}/admin/plans/new`);
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: '下载工作簿模板（含表头与示例行）' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'plan-template.xlsx');
  const path = join(tmp, 'template.xlsx');
  writeFileSync(path, readFileSync(await download.path()));
  assert.match(execFileSync(BIN, ['plan', 'check', path], { encoding: 'utf-8' }), /plan example-2030: .*is valid/s);
});

test('a workbook with problems: every one with its sheet, row and column, nothing created', async () => {
  await admin.goto(`${BASE}/admin/plans/new`);
  await admin.getByLabel('规划工作簿（.xlsx）').setInputFiles(workbook('bad.xlsx', 'plan.csv:1:issued=2026-13-01',
    'indicators.csv:2:unit_zh=', 'targets.csv:1:comparator==>', 'targets.csv:2:region=hubei'));
  await admin.getByRole('button', { name: '上传并检查' }).click();
  await admin.locator('#problems').waitFor();
  assert.match(await admin.locator('[role=alert]').textContent(), /未创建任何内容/);
  const rows = await admin.locator('table.errors tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent.trim()).join(' ')));
  assert.deepEqual(rows, ['规划 2 G issued', '指标 3 D unit_zh', '目标值 2 D comparator', '目标值 3 B region']);
  await admin.screenshot({ path: join(ARTIFACTS, 'authoring-problems.png'), fullPage: true });
  assert.doesNotMatch(execFileSync(BIN, ['--db', DB, 'plan', 'status'], { encoding: 'utf-8' }), /next-2030/);
});

test('the corrected workbook: previewed, created as a draft, edited, put in force, the default', async () => {
  await admin.goto(`${BASE}/admin/plans/new`);
  await admin.getByLabel('规划工作簿（.xlsx）').setInputFiles(workbook('good.xlsx'));
  await admin.getByRole('button', { name: '上传并检查' }).click();
  await admin.waitForURL(/\/admin\/plans\/uploads\/\d+$/);
  const facts = admin.locator('#would-create');
  assert.match(await admin.locator('main h2').first().textContent(), /将创建新规划（草案）/);
  assert.match(await facts.textContent(), /next-2030/);
  assert.match(await facts.textContent(), new RegExp(TITLE.replace(/[()（）]/g, '.')));
  assert.equal((await admin.locator('table.counts tr', { hasText: '目标值' }).locator('td').textContent()).trim(), '2');
  await admin.screenshot({ path: join(ARTIFACTS, 'authoring-preview.png'), fullPage: true });

  await admin.getByRole('button', { name: '创建为草案' }).click();
  await admin.waitForURL(`${BASE}/admin/plan?plan=next-2030&created=1`);
  assert.match(await admin.locator('[role=status]').textContent(), /已保存为草案，版本 1/);
  assert.equal((await admin.locator('.badge.phase').textContent()).trim(), '草案（未发布）');
  // a visitor does not see the draft
  const visitor = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  assert.equal((await visitor.goto(`${BASE}/plan?plan=next-2030`)).status(), 404);

  // edit a target of the draft on its own page
  const row = admin.locator('table.edit tr', { hasText: '技术合同成交额 · 湖南 · 2030' });
  await row.getByLabel('目标值', { exact: true }).fill('8500');
  await row.getByRole('button', { name: '保存' }).click();
  assert.match(await admin.locator('[role=status]').textContent(), /已保存为计划版本 2/);
  assert.equal(await admin.locator('table.edit tr', { hasText: '技术合同成交额 · 湖南 · 2030' }).getByLabel('目标值', { exact: true }).inputValue(), '8500');

  // put it in force
  await admin.getByLabel('规划状态').selectOption({ label: '发布实施' });
  await admin.getByRole('button', { name: '保存状态' }).click();
  assert.match(await admin.locator('[role=status]').textContent(), /规划状态已更新/);
  assert.equal((await admin.locator('.badge.phase').textContent()).trim(), '实施中');
  await admin.screenshot({ path: join(ARTIFACTS, 'authoring-in-force.png'), fullPage: true });

  // its first figure, published (entering figures is the pipeline journey's)
  const csv = join(tmp, 'figures.csv');
  writeFileSync(csv, 'indicator,region,period,value,source\ncontracts_2030,hunan,2026,6000,测试数据\n');
  execFileSync(BIN, ['--db', DB, 'import', 'values', csv, '--plan', 'next-2030', '--status', 'published']);

  // now it is what every visitor sees first, its series carried on from the plan before it
  await visitor.goto(`${BASE}/`);
  assert.equal((await visitor.locator('header.site a.tagline').textContent()).trim(), TITLE);
  await visitor.goto(`${BASE}/indicators/contracts_2030`);
  const earlier = visitor.locator('table.values tr.continued');
  assert.ok(await earlier.count() >= 5, 'the earlier plan\'s figures, marked');
  for (const badge of await earlier.locator('.badge.earlier').allTextContents())
    assert.equal(badge.trim(), '前期规划数据');
  assert.equal((await visitor.locator('table.values tr:not(.continued) th', { hasText: '2026' }).count()), 1,
    'its own figure of 2026, not marked');
  // the chart of its figures draws the whole series, each earlier point saying so when pointed
  // at; the progress chart starts at the base year, the figure the assessment reads first
  const pointed = async (section) => (await visitor.locator(`section[aria-labelledby=${section}] svg title`).allTextContents())
    .filter((t) => /^\d{4}: /.test(t));
  const whole = await pointed('values');
  assert.deepEqual(whole.map((t) => t.slice(0, 4)), ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
  assert.ok(whole.slice(0, 7).every((t) => t.endsWith('(前期规划数据)')), whole.join(' | '));
  assert.match(whole[7], /^2026: 6,000$/);
  assert.deepEqual(await pointed('progress'), ['2025: 5,384.9 (前期规划数据)', '2026: 6,000']);
  assert.match(await visitor.locator('main dl').first().textContent(), /接续前期规划的指标.*长株潭国家自主创新示范区提质升级行动计划/s);
  assert.match(await visitor.locator('main').textContent(), /目标.*8,500/s);
  await visitor.context().close();
});

test('the plan before it superseded: shown so, its final evaluation kept, every change audited', async () => {
  await admin.goto(`${BASE}/plans`);
  await admin.locator('table.plans tr', { hasText: '长株潭国家自主创新示范区提质升级行动计划' })
    .getByRole('link', { name: '维护此规划' }).click();
  await admin.waitForURL(`${BASE}/admin/plan?plan=czt-2024`);
  await admin.getByLabel('规划状态').selectOption({ label: '已被取代' });
  await admin.getByLabel('取代它的规划').selectOption({ label: TITLE });
  await admin.getByRole('button', { name: '保存状态' }).click();
  assert.match(await admin.locator('[role=status]').textContent(), /规划状态已更新/);
  assert.equal((await admin.locator('.badge.phase').textContent()).trim(), '已被取代');

  const visitor = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await visitor.goto(`${BASE}/plans`);
  const row = visitor.locator('table.plans tr', { hasText: '长株潭国家自主创新示范区提质升级行动计划' });
  assert.match(await row.locator('td').last().textContent(), /^已被取代取代它的规划 示例接续规划/);
  assert.equal(await row.getByRole('link', { name: '维护此规划' }).count(), 0, 'a visitor manages nothing');
  // still evaluable: its dashboard leads with its final verdicts
  await row.getByRole('link', { name: '长株潭国家自主创新示范区提质升级行动计划', exact: true }).click();
  await visitor.waitForURL(`${BASE}/?plan=czt-2024`);
  assert.match(await visitor.locator('#final-summary h2').textContent(), /终期评估结论/);
  await visitor.screenshot({ path: join(ARTIFACTS, 'authoring-superseded.png'), fullPage: true });
  await visitor.context().close();

  // the audit log: the draft created, edited, put in force, the plan before it superseded, by admin
  await admin.goto(`${BASE}/admin/audit`);
  const seen = async (action) => {
    await admin.getByLabel('操作', { exact: true }).fill(action);
    await admin.getByRole('button', { name: '筛选' }).click();
    return admin.locator('table.audit tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  };
  const created = (await seen('plan.create')).filter((r) => r[5] === 'plan next-2030');
  assert.equal(created.length, 1, 'one plan.create of next-2030');
  assert.match(created[0][2], /admin/);
  const versions = (await seen('plan.version')).filter((r) => r[5] === 'plan next-2030');
  assert.equal(versions.length, 1, 'the edit made its version 2');
  const statuses = (await seen('plan.status')).map((r) => [r[2], r[5], r[6]]);
  assert.equal(statuses.length, 2);
  assert.match(statuses[0].join(' '), /admin.*plan czt-2024.*status: in_force → superseded.*superseded_by: — → next-2030/);
  assert.match(statuses[1].join(' '), /admin.*plan next-2030.*status: draft → in_force/);
});

test('an analyst: no way to author or manage plans, and refused when trying', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${BASE}/signin`);
  await page.getByLabel('用户名').fill('ana');
  await page.getByLabel('密码').fill('ana-pass-2025x');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${BASE}/`);
  await page.goto(`${BASE}/plans`);
  assert.equal(await page.getByRole('link', { name: '新建规划（上传工作簿）' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: '维护此规划' }).count(), 0);
  for (const path of ['/admin/plans/new', '/admin/plan?plan=czt-2024']) {
    assert.equal((await page.goto(`${BASE}${path}`)).status(), 403, path);
    assert.match(await page.locator('main').textContent(), /您没有此操作的权限/);
  }
  await context.close();
});
