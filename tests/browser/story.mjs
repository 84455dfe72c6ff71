// Browser tests of newskg's story view, run by tests/browser/run.sh:
//   node tests/browser/story.mjs OUTDIR CHROMIUM
// OUTDIR holds pages/ (written by run.sh), node_modules/ (puppeteer-core)
// and gets shots/ (screenshots).  Prints "N passed, N failed" last.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [out, chromium] = process.argv.slice(2);
const require = createRequire(path.resolve(out, 'package.json'));
const puppeteer = require('puppeteer-core');
const pages = path.join(out, 'pages');
const shots = path.join(out, 'shots');

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail !== undefined ? ': ' + detail : ''}`); }
}
const readJsonl = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const norm = (s) => s.replace(/\s+/g, ' ').trim();

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newskg-chromium-'));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--font-render-hinting=none'],
});

// Open FILE in a fresh page; every request but the page itself is refused
// and counted, every console error and page error kept.
async function open(file, viewport = { width: 1366, height: 900 }) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const url = 'file://' + path.resolve(pages, file);
  const log = { requests: [], errors: [] };
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url || req.url().startsWith('data:')) req.continue();
    else { log.requests.push(req.url()); req.abort(); }
  });
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const wall = Date.now() - t0;
  await page.waitForSelector('html[data-ready="1"]', { timeout: 5000 });
  const nav = await page.evaluate(() => {
    const e = performance.getEntriesByType('navigation')[0];
    return e ? e.loadEventEnd - e.startTime : -1;
  });
  return { page, log, url, wall, nav };
}

// The facts a set of SVG elements stands for.
const factsOf = (cls) => cls.split(/\s+/).filter((c) => /^f\d+$/.test(c)).map((c) => +c.slice(1));

async function storyChecks(name, textFile) {
  const facts = readJsonl(path.join(pages, name + '.jsonl'));
  const text = textFile ? fs.readFileSync(path.join(pages, textFile)) : null;
  const { page, log } = await open(name + '.html');
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
  const info = await page.evaluate(() => ({
    svg: !!document.querySelector('main svg.nk-svg'),
    rows: document.querySelectorAll('#facts-table tbody tr').length,
    nfacts: +document.getElementById('n-facts').textContent,
    drawn: Array.from(document.querySelectorAll('svg.nk-svg g.node, svg.nk-svg g.edge'))
      .map((g) => g.getAttribute('class')),
    marks: document.querySelectorAll('.text mark[data-f]').length,
    scripts: document.scripts.length,
  }));
  check(`${name}: the SVG graph is there`, info.svg);
  check(`${name}: table rows = JSONL facts`, info.rows === facts.length, `${info.rows} vs ${facts.length}`);
  check(`${name}: fact count in the header = JSONL facts`, info.nfacts === facts.length);
  const drawn = new Set(info.drawn.flatMap(factsOf));
  const withTarget = facts.map((f, i) => (f.target ? i : -1)).filter((i) => i >= 0);
  check(`${name}: every fact with a target is drawn and carries its id`,
    withTarget.every((i) => drawn.has(i)), withTarget.filter((i) => !drawn.has(i)).join(','));
  check(`${name}: graph ids are facts of the JSONL`, [...drawn].every((i) => i >= 0 && i < facts.length));
  check(`${name}: every fact is marked in the text`, info.marks > 0 &&
    (await page.evaluate((n) => {
      const seen = new Set();
      document.querySelectorAll('.text mark[data-f]').forEach((m) => m.dataset.f.split(' ').forEach((x) => seen.add(+x)));
      return seen.size === n || seen.size;
    }, facts.length)) === true);
  check(`${name}: one script (the page's own)`, info.scripts === 1, info.scripts);

  // Click an edge of one fact: its sentence lights up in the text.
  const edge = await page.evaluate(() => {
    const gs = Array.from(document.querySelectorAll('svg.nk-svg g.edge.nk-action'));
    const g = gs.find((x) => x.getAttribute('class').split(' ').filter((c) => /^f\d+$/.test(c)).length === 1) || gs[0];
    if (!g) return null;
    g.id = g.id || 'nk-test-edge';
    return { id: g.id, cls: g.getAttribute('class') };
  });
  check(`${name}: an action edge exists`, !!edge);
  if (edge) {
    const fi = factsOf(edge.cls)[0];
    // a reader clicks the arrow's label (or its line)
    const box = await page.evaluate((id) => {
      const g = document.getElementById(id), t = g.querySelector('text') || g.querySelector('path');
      t.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = t.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, edge.id);
    await page.mouse.click(box.x, box.y);
    const lit = await page.evaluate(() => ({
      sent: Array.from(document.querySelectorAll('.text .hl-s')).map((e) => e.textContent).join(''),
      span: Array.from(document.querySelectorAll('.text mark.hl')).map((e) => e.textContent).join(''),
      row: Array.from(document.querySelectorAll('#facts-table tr.hl')).map((r) => +r.dataset.f),
      edgeLit: document.querySelectorAll('svg.nk-svg g.edge.hl').length,
    }));
    const f = facts[fi];
    if (f.sentence_text) {
      check(`${name}: click an edge -> its sentence is highlighted`,
        norm(lit.sent).includes(norm(f.sentence_text)), `fact ${fi}: "${lit.sent.slice(0, 80)}"`);
    }
    if (text && f.span) {
      const spanText = text.subarray(f.span[0], f.span[1]).toString('utf8');
      check(`${name}: click an edge -> its span is highlighted`, norm(lit.span).includes(norm(spanText)),
        `"${lit.span.slice(0, 60)}" vs "${spanText.slice(0, 60)}"`);
    }
    check(`${name}: click an edge -> its table row is highlighted`, lit.row.includes(fi), lit.row.join(','));
    await page.screenshot({ path: path.join(shots, `${name}-edge-selected.png`) });
  }

  // A table row lights its graph elements.
  const rowFact = facts.findIndex((f) => f.target);
  if (rowFact >= 0) {
    await page.click(`#facts-table tr[data-f="${rowFact}"] td:nth-child(3)`);
    const graphLit = await page.evaluate((fi) => Array.from(document.querySelectorAll('svg.nk-svg g.hl'))
      .some((g) => g.classList.contains('f' + fi)), rowFact);
    check(`${name}: click a row -> the graph highlights its fact`, graphLit);
  }

  // Selecting text lights the facts drawn from it.
  const sel = await page.evaluate(() => {
    const m = document.querySelector('.text mark[data-f]');
    const r = document.createRange();
    r.selectNodeContents(m);
    const s = window.getSelection();
    s.removeAllRanges();
    s.addRange(r);
    return m.dataset.f.split(' ');
  });
  await page.waitForFunction((want) => {
    const lit = (document.body.getAttribute('data-lit') || '').split(' ');
    return want.every((x) => lit.includes(x));
  }, { timeout: 3000 }, sel).then(() => true, () => false).then((ok) =>
    check(`${name}: select text -> its facts are highlighted`, ok));
  const rowsLit = await page.evaluate((want) => want.every((x) =>
    document.querySelector(`#facts-table tr[data-f="${x}"]`).classList.contains('hl')), sel);
  check(`${name}: select text -> its table rows are highlighted`, rowsLit);
  await page.evaluate(() => window.getSelection().removeAllRanges());

  // Filter by an actor: rows hidden, the graph dims to match.
  const counts = {};
  facts.forEach((f) => { if (f.actor) counts[f.actor.label] = (counts[f.actor.label] || 0) + 1; });
  const actor = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
  if (actor) {
    await page.select('#f-actor', actor);
    const r = await page.evaluate(() => ({
      shown: Array.from(document.querySelectorAll('#facts-table tbody tr')).filter((t) => !t.classList.contains('off')).map((t) => +t.dataset.f),
      dim: Array.from(document.querySelectorAll('svg.nk-svg g.dim')).map((g) => g.getAttribute('class')),
      bright: Array.from(document.querySelectorAll('svg.nk-svg g.node, svg.nk-svg g.edge'))
        .filter((g) => !g.classList.contains('dim') && /\bf\d+\b/.test(g.getAttribute('class')))
        .map((g) => g.getAttribute('class')),
    }));
    const want = facts.map((f, i) => (f.actor && f.actor.label === actor ? i : -1)).filter((i) => i >= 0);
    check(`${name}: filter by actor -> rows of that actor only`, JSON.stringify(r.shown.sort((a, b) => a - b)) === JSON.stringify(want),
      `${r.shown.length} vs ${want.length}`);
    check(`${name}: filter by actor -> the graph dims`, r.dim.length > 0);
    const wantSet = new Set(want);
    check(`${name}: filter by actor -> what stays bright shows the actor's facts`,
      r.bright.length > 0 && r.bright.every((c) => factsOf(c).some((i) => wantSet.has(i))));
    await page.screenshot({ path: path.join(shots, `${name}-filtered.png`) });
    await page.click('#f-clear');
  }
  const negated = facts.filter((f) => f.negated).length;
  await page.click('#f-neg');
  const shownNeg = await page.evaluate(() => Array.from(document.querySelectorAll('#facts-table tbody tr')).filter((t) => !t.classList.contains('off')).length);
  check(`${name}: "negated only" shows the negated facts`, shownNeg === negated, `${shownNeg} vs ${negated}`);
  await page.click('#f-clear');

  // Sorting by actor.
  await page.click('#facts-table th:nth-child(3)');
  const sorted = await page.evaluate(() => Array.from(document.querySelectorAll('#facts-table tbody tr')).map((t) => t.cells[2].textContent));
  const nonEmpty = sorted.filter((s) => s);
  check(`${name}: sorting by actor`, nonEmpty.every((s, i) => i === 0 || nonEmpty[i - 1].localeCompare(s) <= 0));

  check(`${name}: no request leaves the page`, log.requests.length === 0, log.requests.join(' '));
  check(`${name}: no script errors`, log.errors.length === 0, log.errors.join(' | '));
  await page.close();
}

async function hostileChecks(name) {
  const { page, log } = await open(name + '.html');
  await page.evaluate(() => {
    // hover and click everything, as a reader would
    document.querySelectorAll('svg.nk-svg g, mark, tr').forEach((e) => {
      e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      e.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
  });
  await new Promise((r) => setTimeout(r, 300));
  const r = await page.evaluate(() => ({
    pwned: window.__pwned,
    scripts: document.scripts.length,
    bad: document.querySelectorAll('main img, main iframe, .text b, td b b, main style, main textarea, main script, svg script, svg foreignObject, svg a[href]').length,
    text: document.querySelector('main').textContent,
    shown: getComputedStyle(document.body).display,
  }));
  check(`${name}: no script from the article ran`, r.pwned === undefined, r.pwned);
  check(`${name}: one script element (the page's own)`, r.scripts === 1, r.scripts);
  check(`${name}: no element from the article`, r.bad === 0, r.bad);
  check(`${name}: markup shows as text`, r.text.includes('<script>window.__pwned') && r.text.includes('</svg>'));
  check(`${name}: entities show as written`, !r.text.includes('&amp;') || r.text.includes('&amp; lies') || r.text.includes('&lt;'));
  check(`${name}: the article's <style> does not apply`, r.shown !== 'none');
  check(`${name}: no request leaves the page`, log.requests.length === 0, log.requests.join(' '));
  check(`${name}: no script errors`, log.errors.length === 0, log.errors.join(' | '));
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  await page.close();
}

async function diffChecks() {
  const changes = readJsonl(path.join(pages, 'diff.jsonl'));
  const { page, log } = await open('diff.html');
  const info = await page.evaluate(() => ({
    items: document.querySelectorAll('.changes li[data-f]').length,
    svg: !!document.querySelector('svg.nk-svg'),
    old: document.querySelectorAll('#text-old mark').length,
    new: document.querySelectorAll('#text-new mark').length,
  }));
  check('diff: the overlay graph is there', info.svg);
  check('diff: one list item per change', info.items === changes.length, `${info.items} vs ${changes.length}`);
  check('diff: both texts are marked', info.old > 0 && info.new > 0);
  // a changed fact: both texts scroll to and light its sentences
  const idx = await page.evaluate(() => {
    const lis = Array.from(document.querySelectorAll('.changes li[data-f]'));
    let i = lis.findIndex((li) => li.classList.contains('chg'));
    if (i < 0) i = lis.length - 1;
    return i;
  });
  if (idx >= 0) {
    const items = await page.$$('.changes li[data-f]');
    await items[idx].click();
    const r = await page.evaluate(() => {
      const vis = (id) => {
        const panel = document.getElementById(id), e = panel.querySelector('mark.hl');
        if (!e) return 'none';
        const pr = panel.getBoundingClientRect(), er = e.getBoundingClientRect();
        /* inside its panel's scroll box, and on the screen */
        return er.top >= pr.top - 1 && er.bottom <= pr.bottom + 1 && er.top >= 0 &&
          er.bottom <= window.innerHeight ? 'visible' : 'hidden';
      };
      const li = document.querySelectorAll('.changes li[data-f]');
      return { old: vis('text-old'), new: vis('text-new'), graph: document.querySelectorAll('svg.nk-svg g.hl').length,
        kind: li.length ? document.querySelector('.changes li.hl').className : '' };
    });
    const both = r.kind.includes('chg');
    check('diff: select a change -> its new sentence is shown', r.kind.includes('rem') || r.new === 'visible', r.new);
    check('diff: select a change -> its old sentence is shown', r.kind.includes('add') || r.old === 'visible', r.old);
    if (both) check('diff: a changed fact is marked in both texts', r.old === 'visible' && r.new === 'visible');
    check('diff: select a change -> the graph highlights it', r.graph > 0);
    await page.screenshot({ path: path.join(shots, 'diff-change-selected.png') });
  }
  check('diff: no request leaves the page', log.requests.length === 0, log.requests.join(' '));
  check('diff: no script errors', log.errors.length === 0, log.errors.join(' | '));
  await page.setViewport({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(shots, 'diff-phone.png'), fullPage: true });
  await page.close();
}

async function timing(name, maxMs, maxBytes) {
  const file = path.join(pages, name + '.html');
  const bytes = fs.statSync(file).size;
  check(`${name}: page weighs under ${maxBytes} bytes`, bytes < maxBytes, bytes);
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const { page, nav, wall } = await open(name + '.html');
    runs.push({ nav, wall });
    await page.close();
  }
  const navs = runs.map((r) => r.nav).sort((a, b) => a - b), walls = runs.map((r) => r.wall).sort((a, b) => a - b);
  const med = navs[2], medWall = walls[2];
  console.log(`# ${name}: ${bytes} bytes; load (navigation start to load end) median ${med.toFixed(0)} ms ` +
    `over 5 runs [${navs.map((x) => x.toFixed(0)).join(' ')}], goto..load ${medWall} ms`);
  check(`${name}: loads in under ${maxMs} ms`, med < maxMs, med);
}

async function phone(name) {
  const { page } = await open(name + '.html', { width: 390, height: 844, isMobile: true, deviceScaleFactor: 1 });
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(`${name}: no sideways scrolling at phone width`, over <= 1, over);
  await page.screenshot({ path: path.join(shots, `${name}-phone.png`) });
  await page.screenshot({ path: path.join(shots, `${name}-phone-full.png`), fullPage: true });
  await page.close();
}

try {
  await storyChecks('story', 'story.txt');
  await phone('story');
  await hostileChecks('hostile');
  await hostileChecks('hostile-facts');
  await diffChecks();
  if (fs.existsSync(path.join(pages, 'seed.html'))) {
    await storyChecks('seed', null);
    await timing('seed', 1000, 1024 * 1024);
    await phone('seed');
  } else {
    console.log('# the seed article (../shared) is missing: its page is not timed');
  }
  if (fs.existsSync(path.join(pages, 'big.html'))) {
    const n = readJsonl(path.join(pages, 'big.jsonl')).length;
    console.log(`# big: ${n} facts`);
    await storyChecks('big', null);
    await timing('big', 2000, 3 * 1024 * 1024);
  }
} catch (e) {
  check('the browser tests ran to the end', false, e && e.stack);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
