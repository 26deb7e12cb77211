// Upload callbacks end to end in Chromium: ali-oss 6.23's own browser build
// uploads with its `callback` option (PutObject and a multipart upload) to the
// embedded OSS, which calls back the app's POST /api/oss-callback; the app
// verifies OSS's signature, answers, and the page then sees its uploads as
// confirmed by the server (GET /api/oss-callback).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

const require = createRequire(import.meta.url);
const aliossDist = readFileSync(join(dirname(require.resolve('ali-oss/package.json')), 'dist', 'aliyun-oss-sdk.js'));

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

test('ali-oss uploads with callbacks are confirmed by the app server', { timeout: 120000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/ali-oss.js', (route) => route.fulfill({ body: aliossDist, contentType: 'text/javascript' }));
  await page.goto(srv.url + '/healthz');
  const out = await page.evaluate(async () => {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/ali-oss.js'; s.onload = resolve; s.onerror = reject;
      document.head.append(s);
    });
    const creds = await (await fetch('/api/sts', { method: 'POST' })).json();
    const client = new OSS({ ...creds, authorizationV4: true });
    const callback = { url: `${location.origin}/api/oss-callback`, contentType: 'application/x-www-form-urlencoded',
      body: 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}' };
    const put = await client.put(creds.prefix + 'note.txt', new Blob(['hello'], { type: 'text/plain' }), { callback });
    const big = new Blob([new Uint8Array(300 << 10).fill(7)]);
    const mp = await client.multipartUpload(creds.prefix + 'big.bin', big, { partSize: 100 << 10, callback });
    const bad = await client.put(creds.prefix + 'refused.txt', new Blob(['x']), {
      callback: { ...callback, url: `${location.origin}/api/oss-callback?x=1`, body: 'object=${object}' } }).then(() => 'stored', (e) => e.name || e.code);
    const listed = await (await fetch('/api/oss-callback')).json();
    return { endpoint: creds.endpoint, prefix: creds.prefix, put: put.data, putStatus: put.res.status, mp: mp.data, mpStatus: mp.res.status, bad, listed };
  });
  assert.match(out.endpoint, /^http:\/\/localhost:\d+$/, '/api/sts hands out a name ali-oss can sign for');
  assert.equal(out.putStatus, 200);
  assert.deepEqual(out.put, { status: 'confirmed', object: out.prefix + 'note.txt', size: 5, etag: '5D41402ABC4B2A76B9719D911017C592' });
  assert.equal(out.mpStatus, 200);
  assert.equal(out.mp.status, 'confirmed');
  assert.equal(out.mp.size, 300 << 10);
  assert.notEqual(out.bad, 'stored', 'a callback the app refuses (no size) fails the upload with CallbackFailed');
  assert.deepEqual(out.listed.uploads.map((u) => [u.object, u.size]), [[out.prefix + 'note.txt', 5], [out.prefix + 'big.bin', 300 << 10]]);
  assert.equal(out.listed.uploads[0].mimeType, 'text/plain');
  await context.close();
});

test('our module sends the callback on Complete; the demo shows the upload confirmed by the server', { timeout: 180000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(srv.url + '/');
  await page.waitForFunction(() => window.__demoReady === true, null, { timeout: 60000 });
  const file = { name: 'confirmed.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(300 << 10, 7) };
  await page.locator('input[type=file]').first().setInputFiles(file);
  await page.waitForFunction(() => document.querySelectorAll('#finished li').length === 1, null, { timeout: 120000 });
  await page.waitForFunction(() => document.querySelector('#finished .confirmed')?.textContent === 'confirmed by the server', null, { timeout: 15000 });
  const listed = await page.evaluate(async () => (await (await fetch('/api/oss-callback')).json()).uploads);
  assert.equal(listed.length, 1);
  assert.match(listed[0].object, /\/confirmed\.bin$/);
  assert.equal(listed[0].size, 300 << 10);
  await context.close();
});
