// plans.test.mjs - one journey for each kind of plan the store holds beside the shipped one: a
// plan with no measures (the shipped 湖南创新型省份建设实施方案), a city's plan with district and
// county governments (tests/data/plans/city-districts) and a plan using every kind of target
// (tests/data/plans/every-kind), the last two loaded by `innomon plan load` on the shared store
// in setup. Each: from /plans, its dashboard (its own regions to switch to), its plan page, an
// indicator page with its chart, a region page, and the evaluation report downloaded from
// /reports, the plan chosen once and remembered. After: the loaded plans are made drafts again
// (hidden, never the default), so the other journeys see the store as init made it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const BIN = process.env.INNOMON_BIN;
const DB = process.env.INNOMON_DB;
const ROOT = process.env.INNOMON_SOURCE_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const LOADED = { 'city-districts': 'city-2013', 'every-kind': 'kinds-2030' };

let browser;
const problems = [];

function innomon(...args) {
  return execFileSync(BIN, ['--db', DB, ...args], { encoding: 'utf-8' });
}

before(async () => {
  assert.ok(BASE && BIN && DB, 'INNOMON_URL, INNOMON_BIN and INNOMON_DB come from tools/browser-test.sh');
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const dir of Object.keys(LOADED))
    assert.match(innomon('plan', 'load', join(ROOT, 'tests/data/plans', dir)), /stored as version|is unchanged/);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const code of Object.values(LOADED))
    innomon('plan', 'status', code, 'draft');
  assert.deepEqual(problems, []);
});

async function visitor() {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('response', (resp) => { if (resp.status() >= 400) problems.push(`HTTP ${resp.status()} for ${resp.url()}`); });
  return page;
}

// The journey through one plan; what is particular to it is checked by the callbacks.
async function journey({ code, title, phase, indicator, region, regionSwitch, format, onDashboard, onPlan, onIndicator }) {
  const page = await visitor();
  await page.goto(`${BASE}/plans`);
  if (phase) // its phase on /plans (a plan whose dates are all past: the same whatever today is)
    assert.equal((await page.locator('table.plans tr', { hasText: title }).locator('td').last().textContent()).trim(), phase);
  await page.locator('table.plans').getByRole('link', { name: title, exact: true }).click();
  await page.waitForURL(`${BASE}/?plan=${code}`);
  // the dashboard: the plan named beside the site's name, its own regions to switch to
  assert.equal((await page.locator('header.site a.tagline').textContent()).trim(), title);
  const switcher = page.locator('main a[href^="/?region="]');
  assert.deepEqual(await switcher.allTextContents(), regionSwitch);
  await onDashboard?.(page);
  await page.screenshot({ path: join(ARTIFACTS, `plans-${code}-dashboard.png`), fullPage: true });

  // the plan page, reached by the plan's name in the header: the choice is remembered
  await page.locator('header.site a.tagline').click();
  await page.waitForURL(`${BASE}/plan`);
  assert.equal((await page.locator('h1').textContent()).trim(), title);
  await onPlan?.(page);
  await page.screenshot({ path: join(ARTIFACTS, `plans-${code}-plan.png`), fullPage: true });

  // an indicator page: its chart and its values
  await page.locator('main').getByRole('link', { name: indicator, exact: true }).first().click();
  await page.waitForURL(/\/indicators\//);
  assert.equal((await page.locator('h1').textContent()).trim(), indicator);
  assert.ok(await page.locator('main svg').count() >= 1, 'the indicator page draws its chart');
  await onIndicator?.(page);
  await page.screenshot({ path: join(ARTIFACTS, `plans-${code}-indicator.png`), fullPage: true });

  // a region page of the plan's own regions
  const resp = await page.goto(`${BASE}/regions/${region.code}`);
  assert.equal(resp.status(), 200);
  assert.equal((await page.locator('h1').textContent()).trim(), region.name);

  // the evaluation report, from /reports (the footer's link): the plan chosen at the start
  await page.locator('footer.site').getByRole('link', { name: '监测评估报告' }).click();
  await page.waitForURL(`${BASE}/reports`);
  await page.locator('#format').selectOption(format);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '生成并下载' }).click(),
  ]);
  assert.match(download.suggestedFilename(), new RegExp(`^${code}-evaluation-\\d{4}-zh\\.${format}$`));
  const bytes = readFileSync(await download.path());
  if (format === 'pdf')
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  else
    assert.ok(bytes.toString('utf-8').includes(`《${title}》`), 'the report is the chosen plan\'s');
  await page.context().close();
}

test('a plan with no measures: its pages say so, its final evaluation and report stand', async () => {
  await journey({
    code: 'innov-prov-2018', title: '湖南创新型省份建设实施方案', phase: '已到期（终期评估）', indicator: '高新技术企业数',
    region: { code: 'hn', name: '湖南' }, regionSwitch: ['湖南'], format: 'html',
    onDashboard: async (page) => {
      // ended: it leads with its final verdicts
      assert.match(await page.locator('#final-summary h2').textContent(), /终期评估结论/);
    },
    onPlan: async (page) => {
      assert.equal(await page.locator('article.action').count(), 0);
      assert.match(await page.locator('#actions').locator('xpath=..').textContent(), /未分解具体任务举措和责任单位/);
    },
    onIndicator: async (page) => {
      assert.ok(await page.locator('table.values tbody tr').count() >= 3, 'its published figures');
    },
  });
});

test('a city plan with county-level regions: its districts and county to switch to, twelve actions', async () => {
  await journey({
    code: 'city-2013', title: '示例市关于加快科技创新的实施意见', phase: '已到期（终期评估）', indicator: '高新技术企业数',
    region: { code: 'north-county', name: '北县' }, regionSwitch: ['示例市', '东区', '西区', '北县'], format: 'html',
    onPlan: async (page) => {
      const actions = page.locator('article.action h3');
      assert.ok(await actions.count() >= 11);
      assert.match(await actions.nth(10).textContent(), /^（十一）/);
      assert.match(await page.locator('main').textContent(), /北县人民政府/);
    },
  });
});

test('a plan using every kind of target: each said in words, the report as PDF', async () => {
  await journey({
    code: 'kinds-2030', title: '示例规划：每一种目标', indicator: '主要河流断面水质',
    region: { code: 'changsha', name: '长沙' }, regionSwitch: ['湖南', '长沙'], format: 'pdf',
    onPlan: async (page) => {
      const text = await page.locator('main').textContent();
      for (const words of ['年均增长不低于7%', '较2025年下降不少于13.5%', '< 5.5%', '3%左右（±0.5）', '累计不少于20,000家',
        '每年 ≤ 800亿元', '≤ 8位', '保位进位', '较基期提升', 'Ⅱ类或更好', '折合800万人', '定性目标（评审认定）', '约束性', '预期性'])
        assert.ok(text.includes(words), `the plan page says "${words}"`);
    },
  });
});
