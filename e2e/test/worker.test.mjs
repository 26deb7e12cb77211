// The module in a Web Worker (the page's main thread stays free), and a
// FileSystemFileHandle kept with the journal so a reload resumes without
// choosing the file again (an origin-private file stands in for a picked one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

test('uploads from a module Web Worker', async () => {
  const { context, page } = await modulePage(browser, srv.url);
  const out = await page.evaluate(async () => {
    // A blob: worker has no base for '/path' specifiers: import by absolute URL.
    const src = `
      import OSS from '${location.origin}/oss-upload.js';
      self.onmessage = async (e) => {
        try {
          const client = new OSS({ stsEndpoint: '/api/sts' });
          const info = await client.info();
          const r = await client.multipartUpload(info.prefix + 'worker.bin', e.data, { partSize: 102400 });
          const url = await client.signatureUrl(r.name, { expires: 600 });
          const got = new Uint8Array(await (await fetch(url)).arrayBuffer());
          postMessage({ ok: true, etag: r.etag, size: got.length, same: got.every((b, i) => b === (i * 31) % 251), journal: info.journal });
        } catch (err) { postMessage({ ok: false, code: err.code, message: err.message }); }
      };
      // The module's top-level await means messages sent before this point
      // could arrive before onmessage exists: say when to send.
      postMessage('ready');`;
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
    const data = new Uint8Array(350000).map((_, i) => (i * 31) % 251);
    return new Promise((resolve) => {
      w.onmessage = (e) => { if (e.data === 'ready') w.postMessage(new Blob([data])); else resolve(e.data); };
      w.onerror = (e) => resolve({ ok: false, code: 'WorkerError', message: e.message });
    });
  });
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.equal(out.size, 350000);
  assert.equal(out.same, true);
  assert.equal(out.journal, 'indexeddb');
  await context.close();
});

test('a stored file handle lets a reloaded page resume without picking the file', async () => {
  await srv.faults({ latencyNs: 300e6 });
  const { context, page } = await modulePage(browser, srv.url);
  await page.evaluate(async () => {
    const dir = await navigator.storage.getDirectory();
    const handle = await dir.getFileHandle('handle.bin', { create: true });
    const w = await handle.createWritable();
    await w.write(new Uint8Array(4 << 20).map((_, i) => i % 253));
    await w.close();
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const info = await client.info();
    window.__done = client.multipartUpload(info.prefix + 'handle.bin', await handle.getFile(), {
      partSize: 512 * 1024, parallel: 1, fileHandle: handle,
      progress: (p, cp) => { if (cp && cp.doneParts.length >= 2) client.cancel(); },
    }).catch((e) => e.code);
    return window.__done;
  });
  await page.reload();
  const out = await page.evaluate(async () => {
    const { default: OSS } = await import('/oss-upload.js');
    const client = new OSS({ stsEndpoint: '/api/sts' });
    const [rec] = await client.resumableUploads();
    if (!rec || !rec.handle) return { ok: false, rec: !!rec };
    const file = await rec.handle.getFile(); // a picked file would first ask: await rec.handle.requestPermission({mode: 'read'})
    const r = await client.multipartUpload(rec.name, file, { checkpoint: rec });
    return { ok: true, resumed: r.resumed, left: (await client.resumableUploads()).length };
  });
  await srv.faults({});
  assert.deepEqual(out, { ok: true, resumed: true, left: 0 });
  await context.close();
});
