// The demo page as a person uses it: upload, pause and resume, reload and
// resume from the unfinished panel, a refused different file. Each state is
// screenshotted into build/screenshots (not committed) and checked non-blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { makeFile, fetchLoopback } from '../lib/files.mjs';

const shots = join(root, 'build', 'screenshots');
let srv, browser;
before(async () => {
  mkdirSync(shots, { recursive: true });
  srv = await startServer();
  browser = await launch();
  await srv.faults({ latencyNs: 700e6 }); // slow parts, so a person's clicks land mid-upload
});
after(async () => { await browser?.close(); await srv?.cleanup(); });

async function shot(page, name, expectText) {
  const path = join(shots, `${name}.png`);
  const png = await page.screenshot({ path, fullPage: true });
  assert.ok(statSync(path).size > 8000, `${name}.png looks blank`);
  // Not blank: a real share of pixels differs from the top-left (background) colour.
  const inked = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 30) n++;
    return n / (d.length / 4);
  }, png.toString('base64'));
  assert.ok(inked > 0.01, `${name}.png is nearly blank (${(inked * 100).toFixed(2)}% ink)`);
  const text = await page.evaluate(() => document.body.innerText);
  for (const t of [].concat(expectText)) assert.match(text, t, `${name}: page should show ${t}`);
}

async function openDemo(viewport = { width: 1280, height: 800 }, initScript) {
  const context = await browser.newContext({ viewport });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  if (process.env.DEBUG) page.on('console', (m) => console.log('[page]', m.text()));
  await page.goto(srv.url + '/');
  await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 30000 });
  return { context, page };
}

test('upload, pause, resume, finish', async () => {
  const f = makeFile(64 << 20, 'holiday-video.mp4');
  const { context, page } = await openDemo();
  await shot(page, '01-ready', [/Ready\. Uploads resume after a reload\./, /Choose files or drop them here/]);
  await page.setInputFiles('#picker', f.path);
  await page.waitForFunction(() => /parts [1-9]/.test(document.querySelector('#uploads .figures')?.textContent || ''));
  await shot(page, '02-uploading', [/holiday-video\.mp4/, /of 64\.0 MiB/, /parts \d\/8/]);
  await page.getByRole('button', { name: 'Pause holiday-video.mp4' }).click();
  await page.waitForFunction(() => document.querySelector('#uploads .state')?.textContent === 'Paused');
  await shot(page, '03-paused', [/Paused/]);
  await page.getByRole('button', { name: 'Resume holiday-video.mp4' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 60000 });
  await shot(page, '04-finished', [/holiday-video\.mp4/, /signed download link/]);
  const href = await page.locator('#finished a').getAttribute('href');
  const r = await fetchLoopback(href);
  assert.equal(r.status, 200);
  assert.equal(Number(r.headers.get('content-length')), f.size);
  await context.close();
});

test('reload mid-upload, resume from the unfinished panel; a different file is refused', async () => {
  const f = makeFile(64 << 20, 'dataset.csv');
  const other = makeFile(1 << 20, 'other.csv');
  const { context, page } = await openDemo();
  await page.setInputFiles('#picker', f.path);
  await page.waitForFunction(() => /parts [2-7]\/8/.test(document.querySelector('#uploads .figures')?.textContent || ''));
  await page.reload();
  await page.waitForFunction(() => window.__demoReady === true);
  await page.waitForFunction(() => !document.getElementById('unfinished-section').hidden);
  await shot(page, '05-unfinished-after-reload', [/Unfinished uploads/, /dataset\.csv/, /already uploaded/]);

  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Resume dataset.csv: choose the same file' }).click();
  await (await chooser).setFiles(other.path);
  await page.waitForFunction(() => /is not the file/.test(document.querySelector('#unfinished .message')?.textContent || ''));
  await shot(page, '06-different-file-refused', [/other\.csv.*is not the file this upload started with.*refused/]);

  // Same name and size, other content: only the module's fingerprint can tell.
  const impostor = makeFile(64 << 20, 'dataset.csv');
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Resume dataset.csv: choose the same file' }).click();
  await (await chooser).setFiles(impostor.path);
  await page.waitForFunction(() => /FileChanged/.test(document.querySelector('#uploads .message')?.textContent || ''), null, { timeout: 30000 });
  await page.waitForFunction(() => !document.getElementById('unfinished-section').hidden);
  await shot(page, '06b-changed-file-refused', [/This is not the same file/, /FileChanged/, /Unfinished uploads/]);
  assert.equal(await page.getByRole('button', { name: 'Resume dataset.csv', exact: true }).isVisible(), false, 'no Resume for a refused file');
  await page.getByRole('button', { name: 'Dismiss dataset.csv' }).click();

  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Resume dataset.csv: choose the same file' }).click();
  await (await chooser).setFiles(f.path);
  await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 60000 });
  await shot(page, '07-resumed-and-finished', [/dataset\.csv/, /signed download link/, /resumed, finished parts were not sent again/]);
  await context.close();
});

test('reload mid-upload, resume directly from a stored file handle', async () => {
  // The File System Access picker cannot be driven headless; a file in the
  // origin-private file system gives a real FileSystemFileHandle instead.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.showOpenFilePicker = async () => [await (await navigator.storage.getDirectory()).getFileHandle('camera-roll.mov')];
  });
  const page = await context.newPage();
  try {
    await page.goto(srv.url + '/');
    await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 30000 });
    const size = 64 << 20;
    await page.evaluate(async (size) => {
      const h = await (await navigator.storage.getDirectory()).getFileHandle('camera-roll.mov', { create: true });
      const w = await h.createWritable();
      const chunk = new Uint8Array(1 << 20);
      for (let i = 0; i < chunk.length; i += 65536) crypto.getRandomValues(chunk.subarray(i, i + 65536));
      for (let off = 0; off < size; off += chunk.length) { chunk[0] = off >> 20; await w.write(chunk); }
      await w.close();
    }, size);
    await page.getByRole('button', { name: /Choose files or drop them here/ }).click();
    await page.waitForFunction(() => /parts [2-7]\/8/.test(document.querySelector('#uploads .figures')?.textContent || ''));
    await page.reload();
    await page.waitForFunction(() => window.__demoReady === true);
    await page.waitForFunction(() => !document.getElementById('unfinished-section').hidden);
    await shot(page, '11-handle-resume-offered', [/camera-roll\.mov/, /already uploaded/]);
    let chose = false;
    page.on('filechooser', () => { chose = true; });
    await page.getByRole('button', { name: 'Resume camera-roll.mov', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 60000 });
    await shot(page, '12-handle-resumed-and-finished', [/camera-roll\.mov/, /signed download link/, /resumed, finished parts were not sent again/]);
    assert.equal(chose, false, 'resuming with a stored handle must not ask for the file');
    const r = await fetchLoopback(await page.locator('#finished a').getAttribute('href'));
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers.get('content-length')), size);
  } finally {
    await context.close();
  }
});

test('error paths: expired credentials, network down', async () => {
  // Every token counts as expired: the module refreshes, is refused again, and
  // the row must say so in words, not a stack trace.
  await srv.faults({ tokenMaxAgeNs: 1 });
  const f = makeFile(8 << 20, 'report.pdf');
  const { context, page } = await openDemo();
  try {
    await page.setInputFiles('#picker', f.path);
    await page.waitForFunction(() => document.querySelector('#uploads .message')?.textContent, null, { timeout: 60000 });
    await shot(page, '09-credentials-expired', [/credentials expired/, /SecurityTokenExpired/, /Stopped/]);
    assert.equal(await page.getByRole('button', { name: 'Resume report.pdf' }).isVisible(), true);

    // Credentials work again: Resume finishes it.
    await srv.faults({ latencyNs: 700e6 });
    await page.getByRole('button', { name: 'Resume report.pdf' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 60000 });

    // Network down mid-upload, then back: resume finishes.
    const g = makeFile(64 << 20, 'backup.tar');
    await page.setInputFiles('#picker', g.path);
    await page.waitForFunction(() => /MiB of 64/.test(document.querySelector('#uploads .figures')?.textContent || ''));
    await context.setOffline(true);
    await page.waitForFunction(() => document.querySelector('#uploads .message')?.textContent, null, { timeout: 90000 });
    await shot(page, '10-network-down', [/network is down/]);
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Resume backup.tar' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 2, null, { timeout: 60000 });
  } catch (e) {
    await page.screenshot({ path: join(shots, 'failed-error-paths.png'), fullPage: true });
    throw new Error(`${e.message}\npage text:\n${await page.evaluate(() => document.body.innerText)}`);
  } finally {
    await srv.faults({ latencyNs: 700e6 });
    await context.close();
  }
});

test('policy denial: an object outside the caller\'s prefix is refused in words', async () => {
  // The page is told a prefix its credentials' session policy does not cover.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/api/sts', async (route) => {
    const r = await route.fetch();
    const body = await r.json();
    await route.fulfill({ response: r, json: { ...body, prefix: 'someone-else/' } });
  });
  const page = await context.newPage();
  try {
    await page.goto(srv.url + '/');
    await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 30000 });
    await page.setInputFiles('#picker', makeFile(1 << 20, 'secret-plans.pdf').path);
    await page.waitForFunction(() => document.querySelector('#uploads .message')?.textContent, null, { timeout: 60000 });
    await shot(page, '16-policy-denied', [/Not allowed/, /policy denial/, /AccessDenied/]);
    assert.equal(await page.getByRole('button', { name: 'Resume secret-plans.pdf' }).isVisible(), false, 'no Resume that cannot help');
  } finally {
    await context.close();
  }
});

test('several files dropped at once upload side by side', async () => {
  const { context, page } = await openDemo();
  await srv.faults({ latencyNs: 2e9 }); // long enough to photograph three rows in flight
  try {
    const dt = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      for (const [name, mib] of [['alpha.bin', 24], ['beta.bin', 16], ['gamma.bin', 3]]) {
        const b = new Uint8Array(mib << 20);
        for (let i = 0; i < b.length; i += 4096) b[i] = (i >> 12) & 255;
        dt.items.add(new File([b], name));
      }
      return dt;
    });
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer: dt });
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
    await page.waitForFunction(() => document.querySelectorAll('#uploads li').length + document.querySelectorAll('#finished li').length === 3);
    await page.waitForFunction(() => [...document.querySelectorAll('#uploads .figures')].filter((f) => /MiB of/.test(f.textContent)).length === 3);
    await shot(page, '17-several-dropped', [/alpha\.bin/, /beta\.bin/, /gamma\.bin/, /Uploading/]);
    await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 3, null, { timeout: 60000 });
    await shot(page, '18-several-finished', [/alpha\.bin/, /beta\.bin/, /gamma\.bin/]);
  } finally {
    await srv.faults({ latencyNs: 700e6 });
    await context.close();
  }
});

test('abort leaves nothing behind', async () => {
  const { context, page } = await openDemo();
  const journal = () => page.evaluate(async () => {
    const { default: OSS } = await import('/oss-upload.js');
    return (await new OSS({ stsEndpoint: '/api/sts' }).resumableUploads()).filter((r) => r.name.endsWith('draft.mkv'));
  });
  try {
    await page.setInputFiles('#picker', makeFile(64 << 20, 'draft.mkv').path);
    await page.waitForFunction(() => /parts [1-7]\/8/.test(document.querySelector('#uploads .figures')?.textContent || ''));
    const [rec] = await journal();
    assert.ok(rec?.uploadId, 'the upload is journaled while it runs');
    await page.getByRole('button', { name: 'Abort draft.mkv' }).click();
    await page.waitForFunction(() => /Aborted draft\.mkv/.test(document.getElementById('status').textContent));
    await shot(page, '19-aborted', [/Aborted draft\.mkv; nothing of it is kept/, /Nothing uploading/]);
    await page.reload();
    await page.waitForFunction(() => window.__demoReady === true);
    assert.deepEqual(await journal(), [], 'no journal record is left');
    const code = await page.evaluate(async ({ name, uploadId }) => {
      const { default: OSS } = await import('/oss-upload.js');
      try { await new OSS({ stsEndpoint: '/api/sts' }).listParts(name, uploadId); return 'still there'; } catch (e) { return e.code; }
    }, { name: rec.name, uploadId: rec.uploadId });
    assert.equal(code, 'NoSuchUpload', 'the server no longer has the multipart upload');
    assert.equal(await page.locator('#unfinished-section').isHidden(), true);
  } finally {
    await context.close();
  }
});

test('keyboard: the drop zone is a focusable button that opens the picker', async () => {
  // As in browsers without the File System Access API, so the drop zone
  // opens the <input type=file> chooser that Playwright can answer.
  const f = makeFile(4 << 20, 'notes.txt');
  const { context, page } = await openDemo(undefined, () => { window.showOpenFilePicker = undefined; });
  try {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drop');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    // Playwright turns on chooser interception asynchronously; one round trip lets it land first.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drop');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(f.path);
    await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 60000 });
    await shot(page, '13-keyboard-upload', [/notes\.txt/, /signed download link/]);
  } finally {
    await context.close();
  }
});

test('the page says so when the module cannot load', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.route('**/oss-upload.*wasm', (r) => r.fulfill({ status: 404, body: 'not found' }));
    await page.goto(srv.url + '/');
    await page.waitForFunction(() => /could not be loaded/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    await shot(page, '14-module-missing', [/The upload module could not be loaded/, /make wasm/]);
    assert.equal(await page.locator('#drop').isDisabled(), true, 'no dead drop zone');
    await page.unroute('**/oss-upload.*wasm');
    await page.route('**/api/sts', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"STSUnavailable","message":"down"}' }));
    await page.reload();
    await page.waitForFunction(() => document.getElementById('status').classList.contains('error'), null, { timeout: 30000 });
    await shot(page, '15-credentials-refused-at-start', [/credential/i]);
    assert.equal(await page.locator('#drop').isDisabled(), true);
  } finally {
    await context.close();
  }
});

test('phone-sized screen', async () => {
  const f = makeFile(64 << 20, 'a-photo-with-a-rather-long-file-name-from-the-camera.jpg');
  const { context, page } = await openDemo({ width: 390, height: 844 });
  await page.setInputFiles('#picker', f.path);
  await page.waitForFunction(() => /parts [1-7]\/8/.test(document.querySelector('#uploads .figures')?.textContent || ''));
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), false, 'no horizontal scrolling at 390 px while uploading');
  await shot(page, '08-phone-uploading', [/a-photo-with/, /Pause/]);
  await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 60000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scrolling at 390 px');
  await shot(page, '08-phone', [/a-photo-with-a-rather-long-file-name-from-the-camera\.jpg/]);
  await context.close();
});
