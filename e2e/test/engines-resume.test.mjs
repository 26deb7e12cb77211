// Resuming in every engine (ENGINES, default chromium,firefox,webkit): a tab
// reload mid-upload then choosing the same file again; a stored file handle
// resuming without choosing, where the engine can keep one; cancel then
// resume; abort leaves nothing; a different file is refused. The embedded OSS
// counts the bytes it receives, so "not sent again" is measured, not timed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { engines, launchEngine, modulePageOn, setupModule, sized } from '../lib/engines.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

const MiB = 1 << 20;
const partSize = MiB;
const parallel = 2;
// The Complete request's XML body (about 100 bytes a part) is counted with the part bytes the backend received.
const completeXML = 16 << 10;
const timeout = 300000;

let srv;
before(async () => {
  srv = await startServer();
  await srv.faults({ latencyNs: 150e6 }); // slow parts, so the test can act mid-upload
});
after(async () => { await srv?.cleanup(); });

// Starts an upload in the page without awaiting it; window.__state tracks it.
async function startUpload(page, key, extra = {}) {
  await page.evaluate(({ key, partSize, parallel, extra }) => {
    window.__state = { done: 0, cp: null, result: null, error: null };
    window.__client = new window.OSS({ stsEndpoint: '/api/sts' });
    const file = document.getElementById('file').files[0];
    window.__client.info().then((info) => {
      window.__key = info.prefix + key;
      return window.__client.multipartUpload(window.__key, file, {
        partSize, parallel, ...extra,
        progress: (p, cp) => { if (cp) { window.__state.done = cp.doneParts.length; window.__state.cp = { ...cp, file: null }; } },
      });
    }).then((r) => { window.__state.result = { resumed: r.resumed, restarted: r.restarted, name: r.name }; },
      (e) => { window.__state.error = { code: e.code, message: e.message }; });
    return null;
  }, { key, partSize, parallel, extra });
}

async function finish(page, key, extra = {}) {
  await startUpload(page, key, extra);
  await page.waitForFunction(() => window.__state.result || window.__state.error, null, { timeout: 240000 });
  return page.evaluate(() => window.__state);
}

const signedURL = (page) => page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }));

async function cancelWhen(page, parts) {
  await page.waitForFunction((n) => window.__state.done >= n, parts, { timeout: 120000 });
  await page.evaluate(() => { window.__client.cancel(); return null; });
  await page.waitForFunction(() => window.__state.error, null, { timeout: 120000 });
}

for (const name of engines) {
  describe(name, { concurrency: 1 }, () => {
    let engine;
    before(async () => { engine = await launchEngine(name); });
    after(async () => { await engine?.close(); });

    test('reload mid-upload, choose the same file: finishes without re-sending completed parts', { timeout }, async () => {
      const f = makeFile(sized(name, 16 * MiB, 16 * MiB));
      const page = await modulePageOn(engine, srv.url);
      try {
        await page.setInputFiles('#file', f.path);
        const s0 = await srv.stats();
        await startUpload(page, 'engine-reload.bin');
        await page.waitForFunction(() => window.__state.done >= 5, null, { timeout: 120000 });
        const doneAtReload = await page.evaluate(() => window.__state.done);
        await page.reload();
        await setupModule(page);
        const pending = await page.evaluate(async () => (await new window.OSS({ stsEndpoint: '/api/sts' }).resumableUploads())
          .map((r) => ({ name: r.name, bytesDone: r.bytesDone, handle: !!r.handle })));
        assert.equal(pending.length, 1, JSON.stringify(pending));
        assert.equal(pending[0].handle, false, 'a file from <input type=file> has no handle: it must be chosen again');
        await page.setInputFiles('#file', f.path); // re-picking: nothing in the journal can read the file
        const s1 = await srv.stats();
        const st = await finish(page, 'engine-reload.bin');
        assert.equal(st.error, null, JSON.stringify(st.error));
        assert.equal(st.result.resumed, true);
        const s2 = await srv.stats();
        const afterReload = s2.bytesReceived - s1.bytesReceived;
        const remaining = f.size - doneAtReload * partSize;
        // The Complete request's XML body counts as received bytes too: part bytes alone must fit in what was left.
        assert.ok(afterReload <= remaining + completeXML, `sent ${afterReload} after the reload; ${remaining} were left`);
        const resent = (s2.bytesReceived - s0.bytesReceived) - f.size;
        assert.ok(resent <= parallel * partSize, `re-sent ${resent} bytes, at most parallel x partSize allowed`);
        assert.equal(await md5OfURL(await signedURL(page)), f.md5);
        assert.equal((await page.evaluate(() => window.__client.resumableUploads())).length, 0, 'the journal is deleted on success');
      } finally { await page.close(); }
    });

    test('a stored file handle resumes after a reload without choosing the file, where the engine keeps handles', { timeout }, async (t) => {
      // An origin-private file stands in for a picked one (the picker cannot
      // be driven headless). Engines without OPFS or without structured-clone
      // of handles into IndexedDB are recorded, and must still resume by re-picking.
      const page = await modulePageOn(engine, srv.url);
      try {
        const started = await page.evaluate(async () => {
          if (!navigator.storage?.getDirectory) return { supported: false, why: 'no navigator.storage.getDirectory' };
          let handle;
          try {
            const dir = await navigator.storage.getDirectory();
            handle = await dir.getFileHandle('engine-handle.bin', { create: true });
            const data = new Uint8Array(4 << 20).map((_, i) => i % 253);
            if (handle.createWritable) {
              const w = await handle.createWritable();
              await w.write(data);
              await w.close();
            } else {
              return { supported: false, why: 'no FileSystemFileHandle.createWritable' };
            }
          } catch (e) { return { supported: false, why: `OPFS: ${e.name}: ${e.message}` }; }
          const client = new window.OSS({ stsEndpoint: '/api/sts' });
          const info = await client.info();
          const code = await client.multipartUpload(info.prefix + 'engine-handle.bin', await handle.getFile(), {
            partSize: 512 * 1024, parallel: 1, fileHandle: handle,
            progress: (p, cp) => { if (cp && cp.doneParts.length >= 2) client.cancel(); },
          }).then(() => 'finished', (e) => e.code);
          return { supported: true, code };
        });
        if (!started.supported) {
          t.diagnostic(`${name}: no stored handle (${started.why}); resume re-picks the file`);
          return;
        }
        assert.equal(started.code, 'Canceled', JSON.stringify(started));
        await page.reload();
        await setupModule(page);
        const out = await page.evaluate(async () => {
          const client = new window.OSS({ stsEndpoint: '/api/sts' });
          const [rec] = await client.resumableUploads();
          if (!rec) return { ok: false, why: 'no journal record' };
          if (!rec.handle) return { ok: true, handle: false };
          const r = await client.multipartUpload(rec.name, await rec.handle.getFile(), { checkpoint: rec });
          return { ok: true, handle: true, resumed: r.resumed, left: (await client.resumableUploads()).length };
        });
        assert.equal(out.ok, true, JSON.stringify(out));
        // Chromium keeps the handle; others may not be able to store it, which
        // is allowed (the README's table says so) as long as the record is kept.
        if (name === 'chromium') assert.deepEqual(out, { ok: true, handle: true, resumed: true, left: 0 });
        else if (out.handle) assert.deepEqual(out, { ok: true, handle: true, resumed: true, left: 0 });
        t.diagnostic(`${name}: ${out.handle ? 'the stored handle resumed without re-picking' : 'the record kept no handle; resume re-picks the file'}`);
      } finally { await page.close(); }
    });

    test('cancel keeps the journal; calling multipartUpload again resumes', { timeout }, async () => {
      const f = makeFile(sized(name, 12 * MiB, 8 * MiB));
      const page = await modulePageOn(engine, srv.url);
      try {
        await page.setInputFiles('#file', f.path);
        await startUpload(page, 'engine-cancel.bin');
        await cancelWhen(page, 3);
        const st = await page.evaluate(() => ({ ...window.__state, isCancel: window.__client.isCancel() }));
        assert.equal(st.error.code, 'Canceled');
        assert.equal(st.isCancel, true);
        const pending = await page.evaluate(() => window.__client.resumableUploads());
        assert.equal(pending.length, 1);
        assert.ok(pending[0].bytesDone >= 3 * partSize);
        assert.equal(pending[0].fileSize, f.size);
        const again = await finish(page, 'engine-cancel.bin');
        assert.equal(again.error, null);
        assert.equal(again.result.resumed, true);
        assert.equal(await md5OfURL(await signedURL(page)), f.md5);
      } finally { await page.close(); }
    });

    test('abort leaves nothing on the server and forgets the journal', { timeout }, async () => {
      const f = makeFile(8 * MiB);
      const page = await modulePageOn(engine, srv.url);
      try {
        await page.setInputFiles('#file', f.path);
        await startUpload(page, 'engine-abort.bin');
        await cancelWhen(page, 2);
        const out = await page.evaluate(async () => {
          const uploadId = window.__state.cp.uploadId;
          await window.__client.abortMultipartUpload(window.__key, uploadId);
          let code = 'none';
          try { await window.__client.listParts(window.__key, uploadId); } catch (e) { code = e.code; }
          const url = await window.__client.signatureUrl(window.__key, { expires: 600 });
          return { code, pending: (await window.__client.resumableUploads()).length, status: (await fetch(url)).status };
        });
        assert.deepEqual(out, { code: 'NoSuchUpload', pending: 0, status: 404 });
      } finally { await page.close(); }
    });

    test('resuming with a different file is refused with FileChanged', { timeout }, async () => {
      const f = makeFile(8 * MiB);
      const other = makeFile(8 * MiB, 'other.bin');
      const page = await modulePageOn(engine, srv.url);
      try {
        await page.setInputFiles('#file', f.path);
        await startUpload(page, 'engine-changed.bin');
        await cancelWhen(page, 2);
        await page.setInputFiles('#file', other.path);
        const code = await page.evaluate(async () => {
          const [rec] = await window.__client.resumableUploads();
          try {
            await window.__client.multipartUpload(rec.name, document.getElementById('file').files[0], { checkpoint: rec });
            return 'accepted';
          } catch (e) { return e.code; }
        });
        assert.equal(code, 'FileChanged');
      } finally { await page.close(); }
    });

    test('an IndexedDB open slower than the old 3 s limit is waited for: the upload is listed after a reload', { timeout }, async () => {
      const f = makeFile(4 * MiB);
      const page = await modulePageOn(engine, srv.url);
      try {
        await page.setInputFiles('#file', f.path);
        // Before the module's first open: indexedDB.open answers 4 s late, as on a
        // loaded machine, and its result throws until then like a pending request's.
        await page.evaluate(() => {
          const real = indexedDB.open.bind(indexedDB);
          indexedDB.open = (...args) => {
            let inner = null;
            const pending = () => new DOMException('The request is pending', 'InvalidStateError');
            // An EventTarget that is an IDBOpenDBRequest to instanceof, with its own getters.
            const fake = Object.defineProperties(Object.setPrototypeOf(new EventTarget(), IDBOpenDBRequest.prototype), {
              readyState: { get: () => (inner ? inner.readyState : 'pending') },
              result: { get: () => { if (!inner) throw pending(); return inner.result; } },
              error: { get: () => { if (!inner) throw pending(); return inner.error; } },
              transaction: { get: () => (inner ? inner.transaction : null) },
              ...Object.fromEntries(['onupgradeneeded', 'onblocked', 'onsuccess', 'onerror'].map((k) => [k, { value: null, writable: true }])),
            });
            setTimeout(() => {
              inner = real(...args);
              for (const type of ['upgradeneeded', 'blocked', 'success', 'error']) {
                inner.addEventListener(type, (e) => {
                  const copy = type === 'upgradeneeded' || type === 'blocked'
                    ? new IDBVersionChangeEvent(type, { oldVersion: e.oldVersion, newVersion: e.newVersion }) : new Event(type, { cancelable: true });
                  fake.dispatchEvent(copy);
                  fake['on' + type]?.call(fake, copy);
                  if (copy.defaultPrevented) e.preventDefault();
                });
              }
            }, 4000);
            return fake;
          };
          return null;
        });
        await startUpload(page, 'engine-slow-idb.bin');
        await cancelWhen(page, 1);
        assert.equal(await page.evaluate(() => window.__state.error.code), 'Canceled');
        assert.equal(await page.evaluate(async () => (await window.__client.info()).journal), 'indexeddb');
        await page.reload();
        await setupModule(page);
        const listed = await page.evaluate(async () => (await new window.OSS({ stsEndpoint: '/api/sts' }).resumableUploads())
          .filter((r) => r.name.endsWith('engine-slow-idb.bin')).map((r) => r.bytesDone));
        assert.equal(listed.length, 1, 'the journal was in IndexedDB, not memory');
        assert.ok(listed[0] >= partSize, `${listed[0]} bytes recorded`);
        await page.setInputFiles('#file', f.path);
        const st = await finish(page, 'engine-slow-idb.bin');
        assert.equal(st.error, null, JSON.stringify(st.error));
        assert.equal(st.result.resumed, true);
      } finally { await page.close(); }
    });
  });
}
