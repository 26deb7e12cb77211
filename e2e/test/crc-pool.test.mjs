// The CRC-64 worker pool (web/crc64-pool.js) against Go's CRC-64/ECMA:
// golden vectors made by Go (bench/crcvectors, the CRC OSS sends as
// x-oss-hash-crc64ecma), every kernel, a Worker context, and uploads with
// integrity on that the backend's CRCs verify, with and without workers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

const vectors = JSON.parse(readFileSync(join(root, 'e2e', 'testdata', 'crc64-vectors.json'), 'utf8'));

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

// Runs in the page or a Worker: the pool's and every kernel's CRC per vector.
const computeAll = async (vectors) => {
  const pool = await import('/crc64-pool.js');
  const { crc64Update } = await import('/crc64-kernel.js');
  const { wasmKernel } = await import('/crc64-wasm.js');
  const data = (seed, size) => {
    const b = new Uint8Array(size);
    let x = seed >>> 0;
    for (let i = 0; i < size; i++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      b[i] = x & 0xff;
    }
    return b;
  };
  const js = (u8, s) => { const [l, h] = crc64Update([0, 0], u8, s); return ((BigInt(h) << 32n) | BigInt(l)).toString(); };
  const out = [];
  for (const v of vectors) {
    const d = data(v.seed, v.size);
    const sub = d.subarray(v.start, v.end);
    out.push({
      pool: await pool.hashPart(new Blob([d]), v.start, v.end),
      js8: js(sub, 8), js16: js(sub, 16),
      wasm8: wasmKernel(8).update(0n, sub).toString(), wasm16: wasmKernel(16).update(0n, sub).toString(),
    });
  }
  return out;
};

test('the pool and every kernel give Go\'s CRC-64/ECMA, in a page and in a Worker', { timeout: 120000 }, async () => {
  const { context, page } = await modulePage(browser, srv.url);
  const want = vectors.map((v) => ({ pool: v.crc, js8: v.crc, js16: v.crc, wasm8: v.crc, wasm16: v.crc }));
  assert.deepEqual(await page.evaluate(computeAll, vectors), want);
  // A module Worker runs the same code (the pool nests its own workers).
  const inWorker = await page.evaluate(async ({ src, vectors }) => {
    const url = URL.createObjectURL(new Blob([`const computeAll = ${src};
      self.onmessage = async (e) => { try { self.postMessage({ ok: await computeAll(e.data) }); } catch (err) { self.postMessage({ err: String(err) }); } };`], { type: 'text/javascript' }));
    const w = new Worker(url, { type: 'module' });
    const r = await new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.onerror = (e) => resolve({ err: e.message }); w.postMessage(vectors.slice(0, 12)); });
    w.terminate();
    return r;
  }, { src: computeAll.toString().replaceAll("import('/", `import('${srv.url}/`), vectors });
  assert.deepEqual(inWorker, { ok: want.slice(0, 12) });
  await context.close();
});

async function uploadWithIntegrity(page, key) {
  return page.evaluate(async (key) => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const info = await client.info();
    const file = document.getElementById('file').files[0];
    try {
      const r = await client.multipartUpload(info.prefix + key, file, { parallel: 4, partSize: 1 << 20, integrity: true });
      return { ok: true, url: await client.signatureUrl(r.name, { expires: 600 }) };
    } catch (e) {
      return { ok: false, code: e.code, message: e.message };
    }
  }, key);
}

test('an upload with integrity on verifies every part through the pool, and through Go without workers', { timeout: 180000 }, async () => {
  const f = makeFile(12 * (1 << 20) + 12345);
  for (const workers of [true, false]) {
    const context = await browser.newContext();
    // Without a Worker constructor the loader leaves Go's hasher in place.
    if (!workers) await context.addInitScript(() => { delete globalThis.Worker; });
    const page = await context.newPage();
    await page.goto(srv.url + '/healthz');
    await page.evaluate(async () => {
      document.body.innerHTML = '<input type="file" id="file">';
      window.OSS = (await import('/oss-upload.js')).default;
    });
    await page.setInputFiles('#file', f.path);
    const res = await uploadWithIntegrity(page, `crc-pool-${workers}.bin`);
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(await md5OfURL(res.url), f.md5);
    const crcWorkers = page.workers().filter((w) => w.url().endsWith('/crc64-worker.js')).length;
    if (workers) assert.ok(crcWorkers >= 1, 'the parts were hashed in the pool');
    else assert.equal(crcWorkers, 0);
    await context.close();
  }
});
