// pipeline.test.mjs - enterprise evaluation in a browser: an analyst uploads the DEMO firms on
// 登记库, opens 梯度培育 (the projection labelled as such, beside the 高新技术企业数 target), the
// list of firms, and one firm that falls short of 科技型中小企业: reads why it scores what it scores
// (each point with its figure, band and the article it follows) and what it would need (the
// smallest lifts); the region reporter of 湘潭 lists only 湘潭's firms and is refused a 长沙 firm
// with the reason; an anonymous visitor sees counts only, small ones withheld. Runs on the
// shared server (shipped plan); it adds firms records only, which other journeys never read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const FIRMS = fileURLToPath(new URL('../../data/demo/demo_firms.csv', import.meta.url));
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

test('an analyst loads the firms, reads the pipeline, and opens a firm to see why and what it needs', async () => {
  const ana = await signedIn('ana');
  await ana.goto(`${BASE}/registries?kind=firms`);
  await ana.getByLabel('登记库类别').selectOption({ label: '企业年度数据' });
  const file = readFileSync(FIRMS);
  const rows = file.toString('utf-8').trim().split('\n').length - 1;
  await ana.getByLabel('文件').setInputFiles({ name: 'demo_firms.csv', mimeType: 'text/csv', buffer: file });
  await ana.getByRole('button', { name: '上传' }).click();
  assert.equal((await ana.locator('[role=status] p').textContent()).trim(), `已导入： ${rows} / ${rows} / 0 / 0 (行数 / 新增 / 修订 / 未变)`);

  await ana.getByRole('link', { name: '梯度培育' }).click();
  await ana.waitForURL(`${BASE}/pipeline`);
  assert.equal((await ana.locator('h1').textContent()).trim(), '企业梯度培育测算');
  assert.match(await ana.locator('p.projection-label').textContent(), /登记库测算，非认定结果。.*2024 年度数据.*400 家企业/);
  const proj = ana.locator('table.projections tbody tr').filter({ hasText: '高新技术企业数' });
  assert.equal(await proj.count(), 1, 'the projection stands beside the 高新技术企业数 target');
  assert.match(await proj.locator('td').nth(3).textContent(), /10,?000/);

  await ana.getByRole('link', { name: /查看企业名单/ }).click();
  await ana.waitForURL(/\/firms\?year=2024$/);
  assert.equal((await ana.locator('p.summary strong').textContent()).trim(), '400');

  // a firm that falls short of 科技型中小企业 on its score alone
  const list = ana.locator('table.firms tbody tr');
  let target = null;
  for (let i = 0; i < await list.count() && !target; i++) {
    const cell = list.nth(i).locator('td').nth(3);
    if ((await cell.textContent()).trim() === '不符合') {
      const href = await list.nth(i).locator('a').first().getAttribute('href');
      const probe = await ana.context().newPage();
      await probe.goto(`${BASE}${href}`);
      if (await probe.locator('#m-tsme ul.lifts').count() > 0) target = href;
      await probe.close();
    }
  }
  assert.ok(target, 'some firm fails 科技型中小企业 with lifts to offer');
  await ana.goto(`${BASE}${target}`);
  const tsme = ana.locator('#m-tsme');
  assert.match(await tsme.locator('h2').textContent(), /科技型中小企业\s*不符合/);
  assert.match(await tsme.locator('p.score').textContent(), /总分 \d+ 分，合格线 60 分。/);
  // why: every point with its figure, band and article
  const staff = tsme.locator('tr[data-item="tsme.staff_ratio"]');
  assert.match(await staff.locator('td').nth(2).textContent(), /科技人员 \d+ ÷ 职工总数 \d+ = [\d.]+%/);
  assert.match(await staff.locator('td.rule').textContent(), /国科发政〔2017〕115号 第七条（一）/);
  assert.match(await tsme.locator('tr[data-item="tsme.score"] th').textContent(), /综合评价得分/);
  assert.equal((await tsme.locator('tr[data-item="tsme.score"] .mark').textContent()).trim(), '✗ 不满足');
  assert.equal((await tsme.locator('tr[data-item="tsme.resident"] .mark').textContent()).trim(), '人工核实');
  // what it would need
  assert.equal((await tsme.locator('h3').textContent()).trim(), '达标所需的最小改变');
  const lifts = await tsme.locator('li.lift').allTextContents();
  assert.ok(lifts.length > 0 && lifts.every((t) => /→|口径/.test(t)), lifts.join(' | '));
  assert.equal(await ana.locator('section.method').count(), 5);
  assert.match(await ana.locator('#m-hnte').textContent(), /专家评定|✗ 不满足/);
  assert.ok(!(await ana.locator('body').textContent()).includes(MISSING));
  await ana.screenshot({ path: join(ARTIFACTS, 'firm.png'), fullPage: true });

  await ana.goto(`${BASE}${target}&lang=en`);
  assert.match(await ana.locator('#m-tsme h2').textContent(), /Technology-based SME\s*Does not qualify/);
  assert.ok(!(await ana.locator('body').textContent()).includes(MISSING));
  await ana.goto(`${BASE}/pipeline?lang=zh`);
});

test('the region reporter of 湘潭 sees 湘潭 firms only; the public sees counts only', async () => {
  const xt = await signedIn('xt');
  await xt.goto(`${BASE}/firms`);
  const regions = (await xt.locator('table.firms tbody tr td:nth-child(2)').allTextContents()).map((s) => s.trim());
  assert.ok(regions.length > 0 && regions.every((r) => r === '湘潭' || r === '湘潭高新区'), [...new Set(regions)].join(','));
  const resp = await xt.goto(`${BASE}/firms/91430100DEM000002Q`);
  assert.equal(resp.status(), 403);
  assert.match(await xt.locator('p.error').textContent(), /仅对省科技厅和企业所在地区的填报人员开放/);

  const anon = await (await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' })).newPage();
  await anon.goto(`${BASE}/pipeline`);
  const cells = (await anon.locator('table.pipeline tbody td').allTextContents()).map((s) => s.trim());
  assert.ok(cells.includes('<3'), 'small counts are withheld');
  assert.ok(cells.every((c) => c === '<3' || Number(c) >= 3), cells.join(','));
  await anon.goto(`${BASE}/firms`);
  assert.match(anon.url(), /\/signin/);
  await anon.goto(`${BASE}/indicators/hnte_count`);
  assert.match(await anon.locator('#projection').textContent(), /登记库测算，非认定结果/);
});
