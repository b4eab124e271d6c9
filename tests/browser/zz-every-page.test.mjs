// zz-every-page.test.mjs - every page, in Chinese and English, 390 px and 1400 px wide (issue 16
// item 5). The pages are the GET ROUTE_PAGE rows of src/web/route.c, so a new page cannot be
// missed: a route whose parameters or whose action this file cannot fill fails the test. Route
// parameters are real codes read from the store through the JSON API. Each page is opened as the
// principal its action names (anonymous for public pages) and must show:
//   - no horizontal overflow of the document (scrollWidth <= clientWidth); a wide table may
//     scroll sideways inside itself or a box that says so (overflow-x: auto or scroll); the
//     failure names the outermost elements past the right edge;
//   - no text outside its box: no text node whose box sticks out of the nearest ancestor that
//     clips (overflow other than visible, an <svg> among them: a chart's label cut at its edge)
//     unless that ancestor scrolls, and no text node wider than its own (non-inline) parent
//     element (a label spilling out of a tile, a cell or a button); visually hidden text (.sr,
//     1x1 px) is left out;
//   - no chart text (an <svg> in a <figure>: charts and the map) drawn below 9 px high;
//   - no menu item (the site menu, tabs, switches) wrapped mid-label;
//   - no console error, page error or failed request;
//   - no axe-core violation of the WCAG 2.0/2.1 A and AA rules, axe run inside the page. No
//     rule is switched off.
// Chart files, templates and the evaluation report are downloads: they must answer 200 as a file.
// On PostgreSQL (INNOMON_TEST_PG, tools/pg-test.sh) layout and accessibility are those of the
// SQLite run (same markup, same stylesheet), so there each page is opened in both languages at
// 1400 px only and must answer 200 without a console error or an overflow; axe and screenshots
// are left to the SQLite run, which keeps make test within its time.
// Screenshots (the whole page, its first 6000 px) go to INNOMON_PAGE_SHOTS (tools/browser-test.sh puts them in
// BUILD/page-shots/), with problems.txt listing every failure by page, language, width, user.
// Named to run last on the shared server of tools/browser-test.sh: the pages then show what the
// other journeys entered (an import preview, notices, a progress report); this test changes
// nothing but the audit trail's sign-ins. Users come from tools/browser-test.sh (NAME-pass-2025x).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.INNOMON_URL;
const SHOTS = process.env.INNOMON_PAGE_SHOTS
  ?? join(process.env.INNOMON_ARTIFACTS ?? fileURLToPath(new URL('./artifacts/', import.meta.url)), 'pages');
const AXE = readFileSync(fileURLToPath(new URL('./node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const ROUTES = readFileSync(fileURLToPath(new URL('../../src/web/route.c', import.meta.url)), 'utf8');
/* INNOMON_PAGE_ONLY=REGEX: only the paths it matches (while fixing a page) */
const ONLY = process.env.INNOMON_PAGE_ONLY ? new RegExp(process.env.INNOMON_PAGE_ONLY) : null;
const FULL = !process.env.INNOMON_TEST_PG;
const WIDTHS = FULL ? [390, 1400] : [1400];
const LANGS = ['zh', 'en'];
/* WCAG 2.0 and 2.1, levels A and AA: every rule of these tags runs, none is switched off. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* Who opens a page of each action (src/core/authz.h): the role a person doing that job has.
 * Pages for writing values are opened by a region reporter and a unit reporter: they differ. */
const WHO = {
  ACT_READ_PUBLIC: [null],
  ACT_READ_INTERNAL: ['ana'],
  ACT_OWN_ACCOUNT: ['kjt'],
  ACT_WRITE_VALUES: ['xt', 'kjt'],
  ACT_REVIEW_VALUES: ['ana'],
  ACT_WRITE_REPORT: ['kjt'],
  ACT_SUPERVISE: ['ana'],
  ACT_EDIT_PLAN: ['admin'],
  ACT_MANAGE_USERS: ['admin'],
  ACT_READ_AUDIT: ['admin'],
};

/* The GET pages of the route table: [pattern, action] (PUB is route.c's name for ACT_READ_PUBLIC). */
function pageRoutes() {
  const rows = [...ROUTES.matchAll(/\{"GET", "([^"]+)", \w+, ROUTE_PAGE, (\w+),/g)];
  const lines = ROUTES.split('\n').filter((l) => l.includes('"GET"') && l.includes('ROUTE_PAGE'));
  assert.equal(rows.length, lines.length, 'every GET page row of src/web/route.c is understood');
  return rows.map((m) => ({ pattern: m[1], action: m[2] === 'PUB' ? 'ACT_READ_PUBLIC' : m[2] }));
}

let browser;
const contexts = new Map(); /* worker and principal name ('' anonymous) -> signed-in page */

async function pageOf(name, worker = 0) {
  const key = `${worker}:${name ?? ''}`;
  if (contexts.has(key))
    return contexts.get(key);
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console error: ${msg.text()}`); });
  page.on('response', (resp) => { if (resp.status() >= 400) page.problems.push(`HTTP ${resp.status()} for ${resp.url()}`); });
  if (name) {
    await page.goto(`${BASE}/signin?lang=zh`);
    await page.getByLabel('用户名').fill(name);
    await page.getByLabel('密码').fill(`${name}-pass-2025x`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${BASE}/`);
  }
  contexts.set(key, page);
  return page;
}

/* GET path of the JSON API as name; the parsed answer. */
async function api(name, path) {
  const page = await pageOf(name);
  const resp = await page.context().request.get(`${BASE}${path}`);
  assert.equal(resp.status(), 200, `GET ${path} as ${name ?? 'anonymous'}`);
  return resp.json();
}

/* The concrete paths (with the principal who may see them, when it is not the route's) of every
 * route with parameters or a required query, from the store. A pattern with parameters missing
 * here fails the test. */
async function fillers() {
  const plan = await api(null, '/api/v1/plan');
  const first = (list, what) => {
    assert.ok(list.length > 0, `the store has no ${what} to open`);
    return list[0];
  };
  /* one of each kind: a province, a city, a park ... */
  const byKind = (list, kind) => [...new Map(list.map((x) => [x[kind], x])).values()];
  const indicators = byKind(plan.indicators, 'scale');
  const measures = plan.actions.flatMap((a) => a.measures);
  const unit = first(plan.units, 'unit').code;
  const reports = (await api('ana', '/api/v1/progress-reports')).reports;
  const notices = (await api('ana', '/api/v1/notices')).notices;
  const firms = (await api('ana', '/api/v1/firms')).firms;
  /* uploads are values files (journey.test.mjs) and plan workbooks (authoring.test.mjs): a
   * workbook is the upload its authoring page opens for the admin */
  const all = (await api('admin', '/api/v1/audit?action=import.upload')).events;
  const admin = (await pageOf('admin')).context().request;
  const workbooks = [];
  for (const e of all.filter((x) => x.actor === 'admin')) {
    const resp = await admin.get(`${BASE}/admin/plans/uploads/${e.object_id}`);
    if (resp.status() === 200 && (await resp.text()).includes(`/admin/plans/uploads/${e.object_id}/create`))
      workbooks.push(e);
  }
  const uploads = all.filter((e) => !workbooks.includes(e));
  const upload = first(uploads, 'import upload (journey.test.mjs makes one)');
  const workbook = first(workbooks, 'plan workbook upload (authoring.test.mjs makes one)');
  const report = first(reports, 'progress report (quarter.test.mjs makes one)');
  return {
    '/regions/:code': byKind(plan.regions, 'kind').map((r) => ({ path: `/regions/${r.code}` })),
    '/measures/:n': [first(measures, 'measure'), measures[measures.length - 1]].map((m) => ({ path: `/measures/${m.number}` })),
    '/units/:code': [{ path: `/units/${unit}` }],
    '/indicators/:code': indicators.flatMap((i) => [{ path: `/indicators/${i.code}` }]).concat(
      [{ path: `/indicators/${indicators[0].code}?tab=meta` }]),
    '/indicators/:code/chart.svg': [{ path: `/indicators/${indicators[0].code}/chart.svg`, file: true }],
    '/indicators/:code/chart.png': [{ path: `/indicators/${indicators[0].code}/chart.png`, file: true }],
    '/entry/imports/:id': [{ path: `/entry/imports/${upload.object_id}`, who: upload.actor }],
    '/admin/plans/uploads/:id': [{ path: `/admin/plans/uploads/${workbook.object_id}` }],
    '/admin/plan/indicators/:code': indicators.slice(0, 1).map((i) => ({ path: `/admin/plan/indicators/${i.code}` })),
    '/reporting/:period/:measure/:unit': [{ path: `/reporting/${report.period}/${report.measure}/${report.unit}` }],
    '/notices/:id': [{ path: `/notices/${first(notices, 'notice (quarter.test.mjs raises them)').id}` }],
    '/firms/:code': [{ path: `/firms/${first(firms, 'firm').code}` }],
    /* the evaluation report of the plan's target year: a download, as the chart files are */
    '/reports/evaluation': [{ path: `/reports/evaluation?period=${plan.plan.target_year ?? plan.plan.valid_until.slice(0, 4)}&format=html`, file: true }],
  };
}

/* Runs in the page: what is wrong with its layout at this width, each with a selector. */
function layoutProblems() {
  const out = [];
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
      const id = e.getAttribute('id');
      if (id) {
        parts.unshift(`${e.localName}#${id}`);
        break;
      }
      let s = e.localName;
      if (e.classList.length)
        s += '.' + [...e.classList].join('.');
      const same = e.parentElement ? [...e.parentElement.children].filter((c) => c.localName === e.localName) : [];
      if (same.length > 1)
        s += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(s);
      if (e.localName === 'main' || e.localName === 'header' || e.localName === 'footer')
        break;
    }
    return parts.join(' > ');
  };
  const scrolls = (el) => /auto|scroll/.test(getComputedStyle(el).overflowX);
  const clips = (el) => {
    const cs = getComputedStyle(el);
    return cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
  };
  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      if ((r.width <= 1 && r.height <= 1) || cs.visibility === 'hidden' || cs.display === 'none' || cs.clip === 'rect(0px, 0px, 0px, 0px)')
        return true;
    }
    return false;
  };
  const root = document.documentElement;
  const W = root.clientWidth;
  if (root.scrollWidth > W + 1) {
    /* the outermost elements that reach past the right edge outside a scrolling container */
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= W + 1 || (r.width === 0 && r.height === 0))
        continue;
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        inScroller ||= scrolls(p);
      const pr = el.parentElement.getBoundingClientRect();
      const parentWide = el.parentElement !== document.body && pr.right > W + 1;
      if (!inScroller && !parentWide)
        wide.push(`${selector(el)} (right edge ${Math.round(r.right)} px)`);
    }
    out.push(`the page is ${root.scrollWidth} px wide in a ${W} px window: ${wide.slice(0, 5).join('; ') || 'no single element'}`);
  }
  /* a menu item (the site menu, tabs, switches) is a short label: it never wraps mid-label */
  for (const a of document.querySelectorAll('header nav a, nav.tabs a, nav.switch a')) {
    const lines = new Set([...a.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lines.size > 1)
      out.push(`the menu item ${JSON.stringify(a.textContent.trim())} wraps onto ${lines.size} lines: ${selector(a)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.data.trim())
      continue;
    const parent = t.parentElement;
    if (!parent || seen.has(parent) || /^(script|style|noscript|option|title)$/.test(parent.localName) || hidden(parent))
      continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length)
      continue;
    const box = {
      left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)),
      top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)),
    };
    const text = JSON.stringify(t.data.trim().slice(0, 40));
    /* cut off by an ancestor that clips and does not scroll */
    for (let a = parent; a && a !== document.body; a = a.parentElement) {
      if (!clips(a))
        continue;
      const cs = getComputedStyle(a);
      if (/auto|scroll/.test(cs.overflowX) || /auto|scroll/.test(cs.overflowY))
        break;
      const r = a.getBoundingClientRect();
      if (box.left < r.left - 1 || box.right > r.right + 1 || box.top < r.top - 1 || box.bottom > r.bottom + 1) {
        out.push(`text ${text} is cut off by ${selector(a)} (text ${Math.round(box.left)}..${Math.round(box.right)} x ${Math.round(box.top)}..${Math.round(box.bottom)}, box ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)})`);
        seen.add(parent);
      }
      break;
    }
    if (seen.has(parent))
      continue;
    /* wider than its own element (an SVG <text>/<tspan> is its own box) */
    const pr = parent.getBoundingClientRect();
    if (getComputedStyle(parent).display !== 'inline' && (box.left < pr.left - 1 || box.right > pr.right + 1)) {
      out.push(`text ${text} sticks out of ${selector(parent)} (text ${Math.round(box.left)}..${Math.round(box.right)}, box ${Math.round(pr.left)}..${Math.round(pr.right)})`);
      seen.add(parent);
    }
  }
  /* a chart's text stays legible: a chart shrinks with the page, its text never below 9 px */
  for (const svg of document.querySelectorAll('figure svg')) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width || hidden(svg))
      continue;
    const scale = svg.getBoundingClientRect().width / vb.width;
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (t.textContent.trim() && px < 9) {
        out.push(`chart text ${JSON.stringify(t.textContent.trim().slice(0, 30))} is ${px.toFixed(1)} px high in ${selector(svg)}`);
        break;
      }
    }
  }
  return out;
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object')))
    await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  return result.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')}`
    + (v.nodes.length > 4 ? `; and ${v.nodes.length - 4} more` : ''));
}

/* Every check of one page in one language at one width; the list of what is wrong. */
async function check(page, path, lang, width) {
  page.problems.length = 0;
  await page.setViewportSize({ width, height: 900 });
  const url = `${BASE}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
  const resp = await page.goto(url);
  const found = [];
  if (resp.status() !== 200)
    found.push(`HTTP ${resp.status()}`);
  found.push(...await page.evaluate(layoutProblems));
  if (FULL) {
    found.push(...await axeViolations(page));
    const name = `${path.replace(/^\//, '').replace(/[^A-Za-z0-9_-]+/g, '_') || 'home'}-${lang}-${width}.png`;
    const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), 6000);
    await page.screenshot({ path: join(SHOTS, name), fullPage: true, clip: { x: 0, y: 0, width, height } });
  }
  found.push(...page.problems);
  return found;
}

let plan;

before(async () => {
  assert.ok(BASE, 'INNOMON_URL must name the server (run tools/browser-test.sh)');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  const routes = pageRoutes();
  assert.ok(routes.length > 20, 'the route table of src/web/route.c is read');
  const fill = await fillers();
  plan = [];
  for (const rt of routes) {
    const who = WHO[rt.action];
    assert.ok(who, `no principal opens pages of ${rt.action} (${rt.pattern}): add one to WHO`);
    /* a pattern ending in a file name extension (chart.svg, template.xlsx) is a download */
    const views = fill[rt.pattern] ?? (rt.pattern.includes(':') ? undefined
      : [{ path: rt.pattern, file: /\.[a-z0-9]+$/.test(rt.pattern) }]);
    assert.ok(views, `no parameters for ${rt.pattern}: add them to fillers()`);
    for (const v of views)
      for (const name of v.who ? [v.who] : who)
        if (!ONLY || ONLY.test(v.path))
          plan.push({ ...v, name });
  }
});

after(async () => {
  await browser?.close();
});

/* One worker's share of the views; what is wrong, each line naming the page, language, width
 * and principal. */
async function run(views, worker) {
  const failures = [];
  for (const v of views) {
    const page = await pageOf(v.name, worker);
    const who = v.name ?? 'anonymous';
    if (v.file) {
      const resp = await page.context().request.get(`${BASE}${v.path}`);
      const type = resp.headers()['content-type'] ?? '';
      const download = /^image\//.test(type) || /^attachment/.test(resp.headers()['content-disposition'] ?? '');
      if (resp.status() !== 200 || !download)
        failures.push(`${v.path} as ${who}: HTTP ${resp.status()} ${type}, not a file`);
      continue;
    }
    for (const lang of LANGS)
      for (const width of WIDTHS)
        for (const f of await check(page, v.path, lang, width))
          failures.push(`${v.path} [${lang}, ${width} px, ${who}]: ${f}`);
  }
  return failures;
}

test(`every page in both languages at ${WIDTHS.join(' and ')} px: no overflow, no clipped text, no console error${FULL ? ', no axe violation' : ''}`, async () => {
  /* two browser pages at a time (one browser): axe dominates the time, and it is CPU bound */
  const workers = Number(process.env.INNOMON_PAGE_WORKERS ?? 2);
  const shares = Array.from({ length: workers }, (_, w) => plan.filter((_, i) => i % workers === w));
  const failures = (await Promise.all(shares.map((share, w) => run(share, w)))).flat().sort();
  const n = plan.filter((v) => !v.file).length * LANGS.length * WIDTHS.length;
  console.log(`every-page: ${n} views checked, screenshots in ${SHOTS}`);
  writeFileSync(join(SHOTS, 'problems.txt'), failures.map((f) => `${f}\n`).join(''));
  if (failures.length)
    console.log(failures.join('\n'));
  assert.equal(failures.length, 0, `${failures.length} problems (listed above and in ${join(SHOTS, 'problems.txt')})`);
});
