// Reliability under reloads, faults and restarts, and the secrets sweep.
// TRIALS (default 20; `make soak` uses 100) reload trials of a 128 MiB upload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { launch, modulePage, setupPage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

const MiB = 1 << 20;
const TRIALS = Number(process.env.TRIALS || 20);
const FILE_MIB = Number(process.env.TORTURE_MIB || 128);
const partSize = 4 * MiB;
const parallel = 4;
let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

async function begin(page, key, opts = {}) {
  await page.evaluate(({ key, opts }) => {
    window.__st = { done: 0, result: null, error: null };
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    window.__client = client;
    client.info().then((info) => client.multipartUpload(info.prefix + key, document.getElementById('file').files[0], {
      ...opts, progress: (p, cp) => { if (cp) window.__st.done = cp.doneParts.length; },
    })).then((r) => { window.__st.result = { resumed: r.resumed, name: r.name }; }, (e) => { window.__st.error = { code: e.code, message: e.message }; });
  }, { key, opts });
}
const settled = (page) => page.waitForFunction(() => window.__st.result || window.__st.error, null, { timeout: 180000, polling: 50 });
const state = (page) => page.evaluate(() => window.__st);
const url = (page, name) => page.evaluate((n) => window.__client.signatureUrl(n, { expires: 600 }), name);

test(`reload torture: ${TRIALS} reloads at random moments of a ${FILE_MIB} MiB upload`, async () => {
  const f = makeFile(FILE_MIB * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  let worst = 0;
  let totalResent = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    await page.setInputFiles('#file', f.path);
    const s0 = await srv.stats();
    const key = `torture/t${trial}.bin`;
    await begin(page, key, { partSize, parallel });
    await page.waitForTimeout(50 + Math.random() * 700); // a random moment
    await page.reload();
    await setupPage(page);
    await page.setInputFiles('#file', f.path);
    await begin(page, key, { partSize, parallel });
    await settled(page);
    const st = await state(page);
    assert.equal(st.error, null, `trial ${trial}: ${JSON.stringify(st.error)}`);
    assert.equal(await md5OfURL(await url(page, st.result.name)), f.md5, `trial ${trial}: object differs`);
    const resent = (await srv.stats()).bytesReceived - s0.bytesReceived - f.size;
    worst = Math.max(worst, resent);
    totalResent += Math.max(0, resent);
    assert.ok(resent <= parallel * partSize, `trial ${trial}: re-sent ${resent} bytes > parallel x partSize`);
  }
  console.log(`# reload torture: ${TRIALS} trials of ${FILE_MIB} MiB, every object byte-exact; re-sent per reload: worst ${(worst / MiB).toFixed(1)} MiB, mean ${(totalResent / TRIALS / MiB).toFixed(1)} MiB (limit ${parallel * partSize / MiB} MiB)`);
  await context.close();
});

for (const rate of [0.1, 0.3]) {
  test(`${rate * 100}% of parts fail (500, 503, dropped connections), with latency spikes: byte-exact`, async () => {
    const f = makeFile(48 * MiB);
    const { context, page } = await modulePage(browser, srv.url);
    await page.setInputFiles('#file', f.path);
    await srv.faults({ partFailRate: rate, kinds: ['500', '503', 'drop'], latencyNs: 20e6 });
    const s0 = await srv.stats();
    await begin(page, `faults/${rate}.bin`, { partSize: MiB, parallel });
    await settled(page);
    await srv.faults({});
    const st = await state(page);
    assert.equal(st.error, null, JSON.stringify(st.error));
    assert.equal(await md5OfURL(await url(page, st.result.name)), f.md5);
    const puts = (await srv.stats()).partPuts - s0.partPuts;
    console.log(`# faults ${rate * 100}%: 48 parts needed ${puts} UploadPart calls; object byte-exact`);
    await context.close();
  });
}

test('the backend restarted mid-upload: the upload carries on, byte-exact', async () => {
  const f = makeFile(64 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await srv.faults({ latencyNs: 200e6 });
  await begin(page, 'restart.bin', { partSize: 2 * MiB, parallel });
  await page.waitForFunction(() => window.__st.done >= 4, null, { timeout: 60000 });
  const { ports, data } = srv;
  await srv.stop();
  await new Promise((r) => setTimeout(r, 1000));
  srv = await startServer({ data, ports });
  await settled(page);
  const st = await state(page);
  assert.equal(st.error, null, JSON.stringify(st.error));
  assert.equal(await md5OfURL(await url(page, st.result.name)), f.md5);
  await context.close();
});

test('the root AccessKey secret appears in no response, page, module or log line', async () => {
  const secret = srv.secrets().rootAccessKeySecret; // generated per data directory
  const { context, page } = await modulePage(browser, srv.url);
  const bodies = await page.evaluate(async () => {
    const out = [];
    for (const p of ['/', '/index.html', '/demo.js', '/oss-upload.js', '/oss-upload.d.ts', '/go-runtime.js', '/oss-upload-runtime.js', '/healthz']) out.push(await (await fetch(p)).text());
    out.push(await (await fetch('/api/sts', { method: 'POST' })).text());
    out.push(document.documentElement.outerHTML);
    return out;
  });
  for (const b of bodies) assert.ok(!b.includes(secret));
  for (const f of readdirSync(join(root, 'web'))) {
    if (statSync(join(root, 'web', f)).isFile()) assert.ok(!readFileSync(join(root, 'web', f)).includes(secret), f);
  }
  assert.ok(!srv.log().includes(secret), 'server log');
  await context.close();
});
