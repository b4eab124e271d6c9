// quarter.test.mjs - task supervision in a browser (issue 6): the department opens a reporting
// cycle on its review screen; a unit reporter (省科技厅, kjt) fills in its report on measure 1
// (progress, narrative, a figure, an evidence file), saves a draft, submits; the department
// returns it with a reason; the unit sees the reason in its inbox and on its page, revises and
// submits again; the department approves. The scorecards and the responsibility matrix render
// in both languages. Users come from tools/browser-test.sh (password NAME-pass-2025x); no
// JavaScript is needed by the pages. Screenshots go to INNOMON_ARTIFACTS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const ARTIFACTS = process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url));
const MISSING = '\u27e6'; // ⟦, the start of a missing-translation marker
const PERIOD = '2030Q1';
const MEASURE_1 = '1. 争创国家区域科技创新中心';

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

/* A new browser context signed in as name (JavaScript off: the pages work without it). */
async function signedIn(name) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`${name}: page error: ${err.message}`));
  /* a refused upload answers 422 on purpose: answers are checked below, status by status */
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`${name}: console error: ${msg.text()}`);
  });
  page.on('response', (resp) => { if (resp.status() >= 500) problems.push(`${name}: HTTP ${resp.status()} for ${resp.url()}`); });
  await page.goto(`${BASE}/signin`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(`${name}-pass-2025x`);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${BASE}/`);
  return page;
}

/* The article of measure 1 on the unit's reporting page. */
function measure1(page) {
  return page.locator('article#m-1');
}

async function noMissingTranslation(page) {
  assert.ok(!(await page.locator('body').textContent()).includes(MISSING), `${page.url()} shows a missing translation`);
}

test('the department opens a reporting cycle on its review screen', async () => {
  const ana = await signedIn('ana');
  await ana.getByRole('link', { name: '督办审核' }).click();
  await ana.waitForURL(`${BASE}/supervision`);
  const deadline = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  await ana.getByLabel('时期').fill(PERIOD);
  await ana.getByLabel('截止时间').fill(deadline);
  await ana.getByRole('button', { name: '开启', exact: true }).click();
  await ana.waitForURL(new RegExp(`/supervision\\?cycle=${PERIOD}&msg=opened$`));
  assert.equal((await ana.locator('p.ok').textContent()).trim(), '填报周期已开启。');
  assert.equal((await ana.locator('#cycle-head .period').textContent()).trim(), PERIOD);
  const owed = Number((await ana.locator('li.count-owed strong').textContent()).trim());
  assert.ok(owed > 100, `every responsibility owes a report (${owed})`);
  assert.equal((await ana.locator('li.count-on_time strong').textContent()).trim(), '0');
  await noMissingTranslation(ana);
  await ana.screenshot({ path: join(ARTIFACTS, 'supervision-opened.png'), fullPage: false });
  await ana.context().close();
});

test('a unit reporter drafts, uploads evidence and submits its report', async () => {
  const kjt = await signedIn('kjt');
  /* the inbox says the cycle is open */
  await kjt.locator('header .inbox-link').click();
  await kjt.waitForURL(`${BASE}/inbox`);
  assert.match(await kjt.locator('ul.inbox').textContent(), /填报周期开启/);
  await kjt.getByRole('link', { name: '进展填报' }).click();
  await kjt.waitForURL(`${BASE}/reporting`);
  assert.equal((await kjt.locator('.lead .period').textContent()).trim(), PERIOD);
  const m1 = measure1(kjt);
  assert.equal((await m1.locator('h3').first().textContent()).trim(), MEASURE_1);
  assert.match(await m1.locator('p.state').textContent(), /牵头单位/);
  assert.match(await m1.locator('p.state').textContent(), /未填报/);
  /* the lead unit sees its co-units' reports on the measure */
  assert.match(await m1.locator('details.co-reports summary').textContent(), /配合单位报告/);
  await m1.getByLabel('推进情况').selectOption('on_track');
  await m1.getByLabel('进展情况说明').fill('已形成区域科技创新中心建设方案，报国家部委审核。');
  await m1.getByLabel('重大原创科技成果').fill('32');
  await m1.getByRole('button', { name: '保存草稿' }).click();
  await kjt.waitForURL(/msg=saved#m-1$/);
  assert.equal((await kjt.locator('p.ok').textContent()).trim(), '草稿已保存。');
  assert.match(await measure1(kjt).locator('p.state').textContent(), /草稿/);
  assert.equal(await measure1(kjt).getByLabel('重大原创科技成果').inputValue(), '32');

  /* evidence: a PDF is kept; a PNG named .pdf is refused with a clear message */
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  await measure1(kjt).getByLabel('上传佐证材料').setInputFiles({ name: '方案.pdf', mimeType: 'application/pdf', buffer: png });
  await measure1(kjt).getByRole('button', { name: '上传', exact: true }).click();
  assert.match(await kjt.locator('article#m-1 p.error').first().textContent(), /文件内容与扩展名不符/);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  await measure1(kjt).getByLabel('上传佐证材料').setInputFiles({ name: '建设方案.pdf', mimeType: 'application/pdf', buffer: pdf });
  await measure1(kjt).getByRole('button', { name: '上传', exact: true }).click();
  await kjt.waitForURL(/msg=uploaded#m-1$/);
  assert.equal((await measure1(kjt).locator('ul.files a').first().textContent()).trim(), '建设方案.pdf');
  await measure1(kjt).scrollIntoViewIfNeeded();
  await kjt.screenshot({ path: join(ARTIFACTS, 'reporting-draft.png'), fullPage: false });

  await measure1(kjt).getByRole('button', { name: '提交审核' }).click();
  await kjt.waitForURL(/msg=submitted#m-1$/);
  assert.equal((await kjt.locator('p.ok').textContent()).trim(), '报告已提交审核。');
  assert.match(await measure1(kjt).locator('p.state').textContent(), /已提交/);
  assert.match(await measure1(kjt).locator('p.state').textContent(), /按时报送/);
  /* submitted: no more form, the content is shown */
  assert.equal(await measure1(kjt).getByRole('button', { name: '提交审核' }).count(), 0);
  assert.match(await measure1(kjt).locator('p.narrative').textContent(), /建设方案/);
  await noMissingTranslation(kjt);
  await kjt.context().close();
});

test('the department returns the report with a reason; the unit revises it; it is approved', async () => {
  const ana = await signedIn('ana');
  await ana.goto(`${BASE}/supervision?cycle=${PERIOD}`);
  const row = ana.locator('table.review-queue tbody tr').filter({ hasText: '省科技厅' }).filter({ has: ana.locator('a[href="/measures/1"]') });
  assert.equal(await row.count(), 1);
  await ana.screenshot({ path: join(ARTIFACTS, 'supervision-review.png'), fullPage: false });
  await row.getByPlaceholder('退回原因').fill('请补充成果清单');
  await row.getByRole('button', { name: '退回' }).click();
  await ana.waitForURL(/msg=returned$/);
  assert.equal((await ana.locator('p.ok').textContent()).trim(), '报告已退回。');

  const kjt = await signedIn('kjt');
  await kjt.goto(`${BASE}/inbox`);
  assert.match(await kjt.locator('ul.inbox').textContent(), /报告被退回.*请补充成果清单/s);
  await kjt.goto(`${BASE}/reporting`);
  assert.match(await measure1(kjt).locator('p.returned').textContent(), /请补充成果清单/);
  /* the form keeps what was written */
  assert.match(await measure1(kjt).getByLabel('进展情况说明').inputValue(), /建设方案/);
  await measure1(kjt).getByLabel('进展情况说明').fill('已形成建设方案；重大原创科技成果清单见附件（32项）。');
  await measure1(kjt).getByRole('button', { name: '提交审核' }).click();
  await kjt.waitForURL(/msg=submitted#m-1$/);

  await ana.goto(`${BASE}/supervision?cycle=${PERIOD}`);
  const again = ana.locator('table.review-queue tbody tr').filter({ hasText: '省科技厅' }).filter({ has: ana.locator('a[href="/measures/1"]') });
  /* the report's page: every revision, the evidence */
  await again.getByRole('link', { name: '省科技厅' }).click();
  await ana.waitForURL(`${BASE}/reporting/${PERIOD}/1/kjt`);
  assert.equal(await ana.locator('table.revisions tbody tr').count(), 4);
  assert.equal((await ana.locator('ul.files a').textContent()).trim(), '建设方案.pdf');
  await ana.screenshot({ path: join(ARTIFACTS, 'report-detail.png'), fullPage: true });
  await ana.getByRole('button', { name: '通过' }).click();
  await ana.waitForURL(/msg=approved$/);
  assert.match(await ana.locator('p.state').textContent(), /已通过/);
  await noMissingTranslation(ana);

  await kjt.goto(`${BASE}/reporting`);
  assert.match(await measure1(kjt).locator('p.state').textContent(), /已通过/);
  await kjt.context().close();
  await ana.context().close();
});

test('scorecards, the matrix and the notices render in both languages', async () => {
  const ana = await signedIn('ana');
  for (const lang of ['zh', 'en']) {
    for (const path of ['/scorecards', `/scorecards?period=${PERIOD}&kind=city`, '/matrix', '/notices', '/inbox',
      `/supervision?cycle=${PERIOD}`, '/reporting?unit=kjt', `/reporting/${PERIOD}/1/kjt`, '/units/kjt', '/measures/1', '/']) {
      const url = `${BASE}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
      const resp = await ana.goto(url);
      assert.equal(resp.status(), 200, url);
      await noMissingTranslation(ana);
    }
  }
  await ana.goto(`${BASE}/scorecards?lang=zh`);
  const kjtRow = ana.locator('table.scorecards tr[data-unit="kjt"]');
  assert.equal((await kjtRow.locator('td.on-time').textContent()).trim(), '1'); /* submitted before the deadline */
  assert.match(await ana.locator('section.formula').textContent(), /A 按时报送率/);
  await ana.screenshot({ path: join(ARTIFACTS, 'scorecards-zh.png'), fullPage: true });
  await ana.goto(`${BASE}/matrix?lang=zh`);
  /* kjt's column (headed 科技厅) shows its approved report; measures are the rows */
  const approved = ana.locator('table.rmatrix td.cell.rs-approved[title^="科技厅 · "]');
  assert.equal(await approved.count(), 1);
  await ana.screenshot({ path: join(ARTIFACTS, 'matrix-zh.png'), fullPage: true });
  await ana.context().close();
  assert.deepEqual(problems, []);
});
