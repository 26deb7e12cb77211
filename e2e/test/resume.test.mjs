// Resuming: after a tab reload, after cancel(), from an explicit ali-oss
// checkpoint; abort leaves nothing; a different file is refused. The
// embedded OSS counts every byte it receives, so "not sent again" is measured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage, setupPage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

const MiB = 1 << 20;
const partSize = MiB;
const parallel = 2;
// The Complete request's XML body (about 100 bytes a part) is counted with the part bytes the backend received.
const completeXML = 16 << 10;
let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
  await srv.faults({ latencyNs: 150e6 }); // slow parts, so the test can act mid-upload
});
after(async () => { await browser?.close(); await srv?.cleanup(); });

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
  }, { key, partSize, parallel, extra });
}

async function waitFor(page, fn, arg) {
  await page.waitForFunction(fn, arg, { timeout: 60000, polling: 20 });
}

async function finish(page, key, extra = {}) {
  await startUpload(page, key, extra);
  await waitFor(page, () => window.__state.result || window.__state.error);
  return page.evaluate(() => window.__state);
}

async function signedURL(page) {
  return page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }));
}

test('reload mid-upload, choose the same file: finishes without re-sending completed parts', async () => {
  const f = makeFile(16 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  const s0 = await srv.stats();
  await startUpload(page, 'reload.bin');
  await waitFor(page, () => window.__state.done >= 5);
  const doneAtReload = await page.evaluate(() => window.__state.done);
  await page.reload();
  await setupPage(page);
  await page.setInputFiles('#file', f.path);
  const s1 = await srv.stats();
  const st = await finish(page, 'reload.bin');
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
  const left = await page.evaluate(() => window.__client.resumableUploads());
  assert.equal(left.length, 0, 'the journal is deleted on success');
  await context.close();
});

test('cancel keeps the journal; calling multipartUpload again resumes', async () => {
  const f = makeFile(12 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await startUpload(page, 'cancel.bin');
  await waitFor(page, () => window.__state.done >= 3);
  await page.evaluate(() => window.__client.cancel());
  await waitFor(page, () => window.__state.error);
  const st = await page.evaluate(() => ({ ...window.__state, isCancel: window.__client.isCancel() }));
  assert.equal(st.error.code, 'Canceled');
  assert.equal(st.isCancel, true);
  const pending = await page.evaluate(() => window.__client.resumableUploads());
  assert.equal(pending.length, 1);
  assert.ok(pending[0].bytesDone >= 3 * partSize);
  assert.equal(pending[0].fileSize, f.size);
  const again = await finish(page, 'cancel.bin');
  assert.equal(again.error, null);
  assert.equal(again.result.resumed, true);
  assert.equal(await md5OfURL(await signedURL(page)), f.md5);
  await context.close();
});

test('abort leaves nothing on the server and forgets the journal', async () => {
  const f = makeFile(8 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await startUpload(page, 'abort.bin');
  await waitFor(page, () => window.__state.done >= 2);
  await page.evaluate(() => window.__client.cancel());
  await waitFor(page, () => window.__state.error);
  const out = await page.evaluate(async () => {
    const uploadId = window.__state.cp.uploadId;
    await window.__client.abortMultipartUpload(window.__key, uploadId);
    let code = 'none';
    try { await window.__client.listParts(window.__key, uploadId); } catch (e) { code = e.code; }
    const url = await window.__client.signatureUrl(window.__key, { expires: 600 });
    return { code, pending: (await window.__client.resumableUploads()).length, status: (await fetch(url)).status };
  });
  assert.deepEqual(out, { code: 'NoSuchUpload', pending: 0, status: 404 });
  await context.close();
});

test('resuming with a different file is refused with FileChanged', async () => {
  const f = makeFile(8 * MiB);
  const other = makeFile(8 * MiB, 'other.bin');
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await startUpload(page, 'changed.bin');
  await waitFor(page, () => window.__state.done >= 2);
  await page.evaluate(() => window.__client.cancel());
  await waitFor(page, () => window.__state.error);
  await page.setInputFiles('#file', other.path);
  const code = await page.evaluate(async () => {
    const [rec] = await window.__client.resumableUploads();
    try {
      await window.__client.multipartUpload(rec.name, document.getElementById('file').files[0], { checkpoint: rec });
      return 'accepted';
    } catch (e) { return e.code; }
  });
  assert.equal(code, 'FileChanged');
  await context.close();
});

test('an ali-oss checkpoint passed explicitly resumes in a fresh browser profile', async () => {
  const f = makeFile(12 * MiB);
  const first = await modulePage(browser, srv.url);
  await first.page.setInputFiles('#file', f.path);
  await startUpload(first.page, 'explicit.bin');
  await waitFor(first.page, () => window.__state.done >= 4);
  await first.page.evaluate(() => window.__client.cancel());
  await waitFor(first.page, () => window.__state.error);
  const cp = await first.page.evaluate(() => {
    const c = window.__state.cp; // ali-oss's fields only: no fingerprint
    return { name: c.name, fileSize: c.fileSize, partSize: c.partSize, uploadId: c.uploadId, doneParts: c.doneParts.map((p) => ({ number: p.number, etag: p.etag })) };
  });
  const cookies = await first.context.cookies();
  await first.context.close();

  const context = await browser.newContext(); // empty IndexedDB
  await context.addCookies(cookies); // same caller, same prefix
  const page = await context.newPage();
  await page.goto(srv.url + '/healthz');
  await setupPage(page);
  await page.setInputFiles('#file', f.path);
  const s1 = await srv.stats();
  const st = await finish(page, 'explicit.bin', { checkpoint: cp });
  assert.equal(st.error, null, JSON.stringify(st.error));
  assert.equal(st.result.resumed, true);
  const sent = (await srv.stats()).bytesReceived - s1.bytesReceived;
  assert.ok(sent <= f.size - cp.doneParts.length * partSize + completeXML, `sent ${sent}`);
  assert.equal(await md5OfURL(await signedURL(page)), f.md5);
  await context.close();
});
