// The demo page in every engine (ENGINES, default chromium,firefox,webkit):
// it loads and says Ready, uploads a chosen file to a working download link,
// pauses and resumes, and after a reload mid-upload resumes from the
// unfinished panel once the same file is chosen again (the path every engine
// without File System Access takes), refusing another file. Screenshots go to
// build/screenshots/engines (not committed) and are checked not blank.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { engines, launchEngine } from '../lib/engines.mjs';
import { makeFile, fetchLoopback } from '../lib/files.mjs';

const MiB = 1 << 20;
const timeout = 300000;
const shots = join(root, 'build', 'screenshots', 'engines');

let srv;
before(async () => {
  mkdirSync(shots, { recursive: true });
  srv = await startServer();
  // Slow parts, so clicks land mid-upload: the demo sends 8 MiB parts, 4 at a
  // time, so a 72 MiB file is two waves of 4 parts and then a ninth. The
  // latency is added before the server reads a part, so a part's bytes (and
  // the figures the page paints from them) move only as its wait ends: with
  // a single wave after the first, "parts k/n" could show for a moment only.
  await srv.faults({ latencyNs: 3e9 });
});
after(async () => { await srv?.cleanup(); });

const text = (page) => page.evaluate(() => document.body.innerText);

async function shot(page, name, expect) {
  const png = await page.screenshot();
  writeFileSync(join(shots, `${name}.png`), png);
  assert.ok(png.length > 8000, `${name}.png looks blank (${png.length} bytes)`);
  const body = await text(page);
  for (const t of [].concat(expect)) assert.match(body, t, `${name}: the page should show ${t}`);
}

// Clicks a button by its accessible name (aria-label or text), as a person would pick it.
function click(page, label) {
  return page.evaluate((label) => {
    const b = [...document.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') || x.textContent.trim()) === label);
    if (!b) throw new Error(`no button ${label}: ${[...document.querySelectorAll('button')].map((x) => x.getAttribute('aria-label') || x.textContent).join(' | ')}`);
    b.click();
    return null;
  }, label);
}

async function openDemo(engine) {
  const page = await engine.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(srv.url + '/');
  await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 60000 });
  return page;
}

const finishedCount = (n) => [(n) => document.querySelectorAll('#finished li').length === n, n, { timeout: 240000 }];

for (const name of engines) {
  describe(name, { concurrency: 1 }, () => {
    let engine;
    before(async () => { engine = await launchEngine(name); });
    after(async () => { await engine?.close(); });

    test('the demo uploads a chosen file; pause and resume', { timeout }, async () => {
      const f = makeFile(72 * MiB, 'holiday-video.mp4');
      const page = await openDemo(engine);
      try {
        await shot(page, `${name}-01-ready`, [/Ready\./, /Choose files or drop them here/]);
        await page.setInputFiles('#picker', f.path);
        await page.waitForFunction(() => /parts [1-8]\/9/.test(document.querySelector('#uploads .figures')?.textContent || ''), null, { timeout: 120000 });
        // Pause at once, then photograph: a screenshot can take longer than the rest of the upload (WebKit).
        await click(page, 'Pause holiday-video.mp4');
        await page.waitForFunction(() => document.querySelector('#uploads .state')?.textContent === 'Paused', null, { timeout: 60000 });
        await shot(page, `${name}-02-paused`, [/holiday-video\.mp4/, /parts \d+\/\d+/, /Paused/]);
        await click(page, 'Resume holiday-video.mp4');
        await page.waitForFunction(...finishedCount(1));
        await shot(page, `${name}-03-finished`, [/holiday-video\.mp4/, /signed download link/]);
        const href = await page.evaluate(() => document.querySelector('#finished a').href);
        const r = await fetchLoopback(href);
        assert.equal(r.status, 200);
        assert.equal(Number(r.headers.get('content-length')), f.size);
      } finally { await page.close(); }
    });

    test('reload mid-upload: the unfinished panel resumes once the same file is chosen; another file is refused', { timeout }, async () => {
      const f = makeFile(72 * MiB, 'dataset.csv');
      const other = makeFile(MiB, 'other.csv');
      const page = await openDemo(engine);
      try {
        // As in engines without File System Access: the drop zone's <input>.
        await page.setInputFiles('#picker', f.path);
        await page.waitForFunction(() => /parts [1-8]\/9/.test(document.querySelector('#uploads .figures')?.textContent || ''), null, { timeout: 120000 });
        await page.reload();
        await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 60000 });
        // The Resume button, not just the panel: while the old page's lock lingers the row reads
        // "uploading in another tab" and has no actions (the demo looks again until it goes).
        await page.waitForFunction(() => !document.getElementById('unfinished-section').hidden
          && [...document.querySelectorAll('#unfinished button')].some((b) => b.getAttribute('aria-label') === 'Resume dataset.csv: choose the same file'), null, { timeout: 60000 });
        await shot(page, `${name}-04-unfinished-after-reload`, [/Unfinished uploads/, /dataset\.csv/, /already uploaded/]);
        // The Resume button opens the hidden chooser; WebDriver cannot answer
        // a native dialog, so the chooser is not opened and the file is set on it.
        await page.evaluate(() => { document.getElementById('resume-picker').click = () => {}; return null; });
        await click(page, 'Resume dataset.csv: choose the same file');
        await page.setInputFiles('#resume-picker', other.path);
        await page.waitForFunction(() => /is not the file/.test(document.querySelector('#unfinished .message')?.textContent || ''), null, { timeout: 60000 });
        await shot(page, `${name}-05-different-file-refused`, [/other\.csv.*is not the file this upload started with/]);
        await click(page, 'Resume dataset.csv: choose the same file');
        await page.setInputFiles('#resume-picker', f.path);
        await page.waitForFunction(...finishedCount(1));
        await shot(page, `${name}-06-resumed-and-finished`, [/dataset\.csv/, /signed download link/, /resumed, finished parts were not sent again/]);
      } finally { await page.close(); }
    });
  });
}
