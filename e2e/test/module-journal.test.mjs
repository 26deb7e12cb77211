// Hostile journals: a damaged IndexedDB record and IndexedDB missing
// altogether. Either way the upload completes and the page is told (warning),
// never silently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

function warnings(page) {
  const out = [];
  page.on('console', (m) => { if (m.type() === 'warning') out.push(m.text()); });
  return out;
}

test('a corrupt journal record is dropped with a warning and the upload completes', async () => {
  const f = makeFile(300 << 10);
  const { context, page } = await modulePage(browser, srv.url);
  const warned = warnings(page);
  await page.setInputFiles('#file', f.path);
  const res = await page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const info = await client.info();
    const file = document.getElementById('file').files[0];
    const name = info.prefix + 'corrupt.bin';
    // Start, stop after the first part so a record exists, then damage every record.
    await client.multipartUpload(name, file, { partSize: 100 << 10, parallel: 1, progress: (p, cp) => { if (cp && cp.doneParts.length >= 1) client.cancel(); } }).catch(() => {});
    const before = (await client.resumableUploads()).length;
    await new Promise((resolve, reject) => {
      const req = indexedDB.open('ossupload');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction('journal', 'readwrite');
        const st = tx.objectStore('journal');
        const keys = st.getAllKeys();
        keys.onsuccess = () => { for (const k of keys.result) st.put('{broken', k); };
        tx.oncomplete = () => { req.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
    const r = await client.multipartUpload(name, file, { partSize: 100 << 10 });
    return { before, status: r.res.status, url: await client.signatureUrl(r.name, { expires: 600 }), left: (await client.resumableUploads()).length, journal: info.journal };
  });
  assert.equal(res.journal, 'indexeddb');
  assert.equal(res.before, 1, 'the interrupted upload was journaled');
  assert.equal(res.status, 200);
  assert.equal(await md5OfURL(res.url), f.md5);
  assert.equal(res.left, 0);
  assert.ok(warned.some((w) => /corrupt journal record/.test(w)), JSON.stringify(warned));
  await context.close();
});

test('without IndexedDB the module falls back to an in-memory journal and says so', async () => {
  const f = makeFile(200 << 10);
  const { context, page } = await modulePage(browser, srv.url);
  const warned = warnings(page);
  await page.setInputFiles('#file', f.path);
  const res = await page.evaluate(async () => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const file = document.getElementById('file').files[0];
    const pre = await client.info();
    const r = await client.multipartUpload(pre.prefix + 'noidb.bin', file, { partSize: 100 << 10 });
    const info = await client.info();
    return { journal: info.journal, status: r.res.status, url: await client.signatureUrl(r.name, { expires: 600 }) };
  });
  assert.equal(res.journal, 'memory');
  assert.equal(res.status, 200);
  assert.equal(await md5OfURL(res.url), f.md5);
  assert.ok(warned.some((w) => /IndexedDB unavailable/.test(w)), JSON.stringify(warned));
  await context.close();
});
