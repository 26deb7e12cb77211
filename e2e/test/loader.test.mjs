// The loader: importing the module costs nothing (no wasm fetched, no
// globals), the first call or OSS.preload() loads it once however many
// callers race, and nothing stays on globalThis afterwards either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

/** A fresh page on the app's origin that records every request it makes. */
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
  await page.goto(srv.url + '/healthz');
  return { context, page, requests };
}

const wasmRequests = (requests) => requests.filter((p) => p.includes('.wasm'));

test('import fetches no wasm and leaves no globals; concurrent first calls share one load; none left after', async () => {
  const { context, page, requests } = await freshPage();
  const out = await page.evaluate(async () => {
    const before = Object.getOwnPropertyNames(globalThis);
    const m = await import('/oss-upload.js');
    const afterImport = Object.getOwnPropertyNames(globalThis);
    // Let anything the import might have started run.
    await new Promise((r) => setTimeout(r, 300));
    const loadedEarly = m.wasmMemoryBytes();
    const clients = Array.from({ length: 5 }, () => new m.default({ stsEndpoint: '/api/sts' }));
    const infos = await Promise.all(clients.map((c) => c.info()));
    const afterLoad = Object.getOwnPropertyNames(globalThis);
    const diff = (a, b) => b.filter((k) => !a.includes(k));
    return {
      addedByImport: diff(before, afterImport), addedByLoad: diff(before, afterLoad),
      loadedEarly, loadedAfter: m.wasmMemoryBytes() > 0,
      buckets: infos.map((i) => i.bucket),
      leaks: ['Go', 'fs', 'process', 'path', '__ossuploadNative'].filter((k) => k in globalThis),
    };
  });
  assert.deepEqual(out.addedByImport, []);
  assert.deepEqual(out.addedByLoad, []);
  assert.deepEqual(out.leaks, []);
  assert.equal(out.loadedEarly, 0);
  assert.equal(out.loadedAfter, true);
  assert.equal(new Set(out.buckets).size, 1);
  assert.equal(wasmRequests(requests).length, 1, requests.join('\n'));
  await context.close();
});

test('a page that never uploads fetches nothing but the module scripts', async () => {
  const { context, page, requests } = await freshPage();
  await page.evaluate(async () => {
    const { default: OSS } = await import('/oss-upload.js');
    new OSS({ stsEndpoint: '/api/sts' }); // constructing a client does not load either
    await new Promise((r) => setTimeout(r, 500));
  });
  assert.deepEqual(wasmRequests(requests), []);
  assert.deepEqual(requests.filter((p) => /go-runtime|oss-upload-wasm|crc64/.test(p)), [], requests.join('\n'));
  await context.close();
});

test('OSS.preload() loads once, with a configurable wasm URL; later calls reuse it', async () => {
  const { context, page, requests } = await freshPage();
  const out = await page.evaluate(async () => {
    const { default: OSS } = await import('/oss-upload.js');
    await Promise.all([OSS.preload({ wasmURL: '/oss-upload.wasm?from=option' }), OSS.preload(), OSS.preload()]);
    const info = await new OSS({ stsEndpoint: '/api/sts' }).info();
    return { journal: info.journal };
  });
  assert.equal(out.journal, 'indexeddb');
  assert.deepEqual(wasmRequests(requests), ['/oss-upload.wasm?from=option']);
  await context.close();
});

test('a wasm URL that fails rejects with a typed error, and the next call can succeed', async () => {
  const { context, page } = await freshPage();
  const out = await page.evaluate(async () => {
    const { default: OSS } = await import('/oss-upload.js');
    const first = await OSS.preload({ wasmURL: '/missing.wasm' }).then(() => 'loaded', (e) => ({ code: e.code, message: e.message }));
    const bad = await new OSS({ stsEndpoint: '/api/sts' }).info().then(() => 'loaded', (e) => e.code);
    // A fallback HTML page where the wasm should be (a dev server, an SPA route): named as such.
    const html = await OSS.preload({ wasmURL: '/index.html' }).then(() => 'loaded', (e) => ({ code: e.code, message: e.message }));
    OSS.configure({ wasmURL: '/oss-upload.wasm' });
    const info = await new OSS({ stsEndpoint: '/api/sts' }).info();
    return { first, bad, html, journal: info.journal };
  });
  assert.equal(out.first.code, 'ModuleFetchFailed');
  assert.match(out.first.message, /404/);
  assert.equal(out.bad, 'ModuleFetchFailed');
  assert.equal(out.html.code, 'ModuleFetchFailed');
  assert.match(out.html.message, /HTML page/);
  assert.equal(out.journal, 'indexeddb');
  await context.close();
});

test('two imports racing the first load (the WebKit top-level-await trap) both work', async () => {
  const { context, page } = await freshPage();
  const out = await page.evaluate(async () => {
    const a = import('/oss-upload.js').then((m) => new m.default({ stsEndpoint: '/api/sts' }).info());
    const b = import('/oss-upload.js?second').then((m) => new m.default({ stsEndpoint: '/api/sts' }).info());
    const [x, y] = await Promise.all([a, b]);
    return [x.journal, y.journal];
  });
  assert.deepEqual(out, ['indexeddb', 'indexeddb']);
  await context.close();
});

test('the wasm arrives brotli-compressed under an immutable hashed URL; a repeat visit transfers none of it', async () => {
  const context = await browser.newContext();
  const visit = async () => {
    const page = await context.newPage();
    const responses = [];
    page.on('response', async (r) => { if (r.url().includes('.wasm')) responses.push({ url: r.url(), headers: await r.allHeaders() }); });
    await page.goto(srv.url + '/healthz');
    const out = await page.evaluate(async () => {
      const { default: OSS } = await import('/oss-upload.js');
      await OSS.preload();
      const [e] = performance.getEntriesByType('resource').filter((r) => r.name.includes('.wasm'));
      return { name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize };
    });
    await page.close();
    return { ...out, responses };
  };
  const first = await visit();
  assert.match(first.name, /\/oss-upload\.[0-9a-f]{16}\.wasm$/);
  const h = first.responses[0].headers;
  assert.equal(h['content-encoding'], 'br');
  assert.match(h['cache-control'], /immutable/);
  assert.ok(first.transfer > 0 && first.encoded < first.decoded / 3, JSON.stringify(first));
  const repeat = await visit();
  assert.equal(repeat.name, first.name);
  assert.equal(repeat.transfer, 0, 'served from the cache without revalidation');
  await context.close();
});
