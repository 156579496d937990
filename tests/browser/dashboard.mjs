// Opens pacenote dashboards (`report --format html`) in a real headless
// Chromium and fails unless each one, in light and dark mode, at desktop and
// phone widths:
//   - loads with no network request at all (every request but the page's own
//     is recorded and aborted);
//   - logs no console error, throws nothing, and violates no
//     Content-Security-Policy directive;
//   - runs no script and links to nothing outside itself;
//   - has, for every chart, a non-empty SVG with a <title> and <desc> and a
//     data table behind a <details>;
//   - has no serious or critical axe-core violation (contrast included);
//   - prints black on white without the navigation, in either scheme.
// It takes a full-page screenshot of each run (and of each print view).
//
//   node tests/browser/dashboard.mjs --modules DIR --out DIR NAME=PAGE.html…
//
// DIR holds puppeteer-core and axe-core (npm); the browser is CHROMIUM, or
// chromium on the PATH. puppeteer-core never downloads a browser.

import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const modules = resolve(opt('--modules', 'target/browser/node_modules'));
const out = resolve(opt('--out', 'target/browser/screenshots'));
// With --docs DIR, the first page's desktop views (the top of the page) are
// also written there, as dashboard-light.png and dashboard-dark.png.
const docs = opt('--docs', null);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const pages = args.map((a) => {
  const [name, file] = a.split('=');
  if (!name || !file) throw new Error(`expected NAME=PAGE.html, got ${a}`);
  return { name, file: resolve(file) };
});
if (pages.length === 0) {
  console.error('usage: dashboard.mjs [--modules DIR] [--out DIR] NAME=PAGE.html…');
  process.exit(2);
}

const require = createRequire(join(modules, 'noop.js'));
const puppeteer = require('puppeteer-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHARTS = ['weekly', 'calendar', 'mix'];
const VIEWPORTS = {
  desktop: { width: 1200, height: 900, deviceScaleFactor: 1 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

const profile = mkdtempSync(join(tmpdir(), 'pacenote-chromium-'));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions', '--hide-scrollbars',
  ],
});

const failures = [];
mkdirSync(out, { recursive: true });

async function check({ name, file }, scheme, viewport) {
  const where = `${name} (${scheme}, ${viewport})`;
  const fail = (msg) => failures.push(`${where}: ${msg}`);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  await page.setViewport(VIEWPORTS[viewport]);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url && req.resourceType() === 'document') {
      req.continue();
    } else {
      fail(`requested ${req.resourceType()} ${req.url()}`);
      req.abort();
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') fail(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('requestfailed', (req) => {
    if (req.url() !== url) fail(`request failed: ${req.url()}`);
  });
  // Record CSP violations (reported as events on the document).
  await page.evaluateOnNewDocument(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) fail('no response for the page');

  const facts = await page.evaluate((expected) => {
    const problems = [];
    if (document.scripts.length) problems.push(`${document.scripts.length} script elements`);
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    if (!csp || !/default-src 'none'/.test(csp.content)) problems.push('no CSP forbidding everything by default');
    for (const el of document.querySelectorAll('*')) {
      for (const at of el.attributes) {
        const n = at.name.toLowerCase();
        if (n.startsWith('on')) problems.push(`event handler ${n} on <${el.localName}>`);
        if (['href', 'src', 'srcset', 'xlink:href', 'action', 'formaction', 'poster', 'data'].includes(n)
            && !(n === 'href' && /^#[a-z-]+$/.test(at.value))) {
          problems.push(`<${el.localName} ${n}="${at.value}"> points outside the page`);
        }
        if (n === 'style') problems.push(`style attribute on <${el.localName}>`);
      }
    }
    const charts = [...document.querySelectorAll('figure.chart')];
    const ids = charts.map((f) => f.id.replace(/^chart-/, ''));
    for (const id of expected) {
      if (!ids.includes(id)) problems.push(`chart ${id} is missing`);
    }
    for (const f of charts) {
      const svg = f.querySelector('svg');
      const box = svg && svg.getBoundingClientRect();
      if (!svg || box.width < 100 || box.height < 15) { problems.push(`${f.id}: no visible SVG`); continue; }
      const marks = [...svg.querySelectorAll('rect, path, line')]
        .filter((e) => { const b = e.getBBox(); return b.width > 0 || b.height > 0; });
      if (marks.length < 1) problems.push(`${f.id}: the SVG draws nothing`);
      if (svg.getAttribute('role') !== 'img') problems.push(`${f.id}: the SVG is not role=img`);
      const t = svg.querySelector(':scope > title');
      const d = svg.querySelector(':scope > desc');
      if (!t || !t.textContent.trim()) problems.push(`${f.id}: no <title>`);
      if (!d || !d.textContent.trim()) problems.push(`${f.id}: no <desc>`);
      const labelled = (svg.getAttribute('aria-labelledby') || '').split(' ');
      if (!t || !d || !labelled.includes(t.id) || !labelled.includes(d.id)) problems.push(`${f.id}: aria-labelledby does not name its title and desc`);
      const table = f.querySelector('details table');
      if (!table || table.tBodies[0].rows.length === 0) problems.push(`${f.id}: no data table in a <details>`);
    }
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    return { problems, csp: window.__csp, charts: ids, overflow, height: document.documentElement.scrollHeight };
  }, CHARTS);
  facts.problems.forEach(fail);
  facts.csp.forEach((v) => fail(`CSP violation: ${v}`));
  if (facts.overflow > 1) fail(`the page is ${facts.overflow}px wider than the viewport`);

  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\n').slice(1).join(' ')),
    }));
  });
  for (const v of axe) {
    const line = `axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(' | ')}`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(line);
    else console.log(`  note: ${where}: ${line}`);
  }
  // Print: the light palette on white, whatever the screen's scheme, and
  // no navigation.
  if (viewport === 'desktop') {
    await page.emulateMediaType('print');
    const printed = await page.evaluate(() => ({
      bg: getComputedStyle(document.documentElement).backgroundColor,
      fg: getComputedStyle(document.body).color,
      nav: getComputedStyle(document.querySelector('nav')).display,
    }));
    if (printed.bg !== 'rgb(255, 255, 255)' || printed.fg !== 'rgb(0, 0, 0)' || printed.nav !== 'none') {
      fail(`print: background ${printed.bg}, text ${printed.fg}, navigation ${printed.nav}`);
    }
    await page.screenshot({ path: join(out, `${name}-print-${scheme}.png`), fullPage: true });
    await page.emulateMediaType('screen');
  }
  const shot = join(out, `${name}-${viewport}-${scheme}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  if (docs && name === pages[0].name && viewport === 'desktop') {
    const top = join(resolve(docs), `dashboard-${scheme}.png`);
    await page.screenshot({ path: top, clip: { x: 0, y: 0, width: 1200, height: 1900 } });
    console.log(`     ${where}: the top of the page → ${top}`);
  }
  console.log(`ok   ${where}: ${facts.charts.length} charts, ${axe.length} minor axe notes, ${facts.height}px tall → ${shot}`);
  await page.close();
}

try {
  for (const p of pages) {
    for (const scheme of ['light', 'dark']) {
      for (const viewport of Object.keys(VIEWPORTS)) {
        await check(p, scheme, viewport);
      }
    }
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('every dashboard loaded offline, without errors or serious accessibility problems');
