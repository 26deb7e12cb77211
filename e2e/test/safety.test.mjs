// No lost or mixed data (issue 16), in Chromium against the real server, the
// embedded OSS counting every byte it receives: aborts from another client
// and another tab stop a running upload; two tabs racing to resume one
// upload send it once; a different same-size file is never mixed with old
// parts; storage trouble degrades; identities do not see each other's
// journals; a first visit gives every client one identity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, openSync, writeSync, closeSync, statSync, utimesSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage, setupPage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

const MiB = 1 << 20;
const partSize = MiB;
const parallel = 2;
let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
  await srv.faults({ latencyNs: 150e6 }); // slow parts, so the test acts mid-upload
});
after(async () => { await browser?.close(); await srv?.cleanup(); });

// Starts an upload in the page without awaiting it; window.__runs[id] tracks it.
async function start(page, id, key, extra = {}) {
  await page.evaluate(({ id, key, partSize, parallel, extra }) => {
    window.__runs = window.__runs || {};
    const st = window.__runs[id] = { done: 0, cp: null, result: null, error: null };
    const client = window.__client = window.__client || new window.OSS({ stsEndpoint: '/api/sts' });
    const file = document.getElementById('file').files[0];
    client.info().then((info) => {
      window.__key = info.prefix + key;
      return client.multipartUpload(window.__key, file, {
        partSize, parallel, ...extra,
        progress: (p, cp) => { if (cp) { st.done = cp.doneParts.length; st.cp = { ...cp, file: null }; } },
      });
    }).then((r) => { st.result = { resumed: r.resumed, restarted: r.restarted, alreadyDone: r.alreadyDone, warnings: r.warnings }; },
      (e) => { st.error = { code: e.code, message: e.message }; });
  }, { id, key, partSize, parallel, extra });
}

const waitFor = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 60000, polling: 20 });
const run = (page, id) => page.evaluate((id) => window.__runs[id], id);
const received = async () => (await srv.stats()).bytesReceived;

async function objectStatus(page) {
  return page.evaluate(async () => (await fetch(await window.__client.signatureUrl(window.__key, { expires: 600 }))).status);
}

async function stopsAfterAbort(page, id) {
  // Bytes already in socket buffers when the requests were aborted may still
  // arrive; after that, nothing new may be sent (no restart, no more parts).
  await new Promise((r) => setTimeout(r, 1000));
  const settled = await received();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await received() - settled, 0, 'nothing is sent after the abort');
  const st = await run(page, id);
  assert.equal(st.error?.code, 'Aborted', JSON.stringify(st));
  assert.equal(await objectStatus(page), 404, 'nothing was committed');
}

test('an abort from a second client stops the running upload: Aborted, nothing more sent, never restarted', { timeout: 120000 }, async () => {
  const f = makeFile(16 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  const s0 = await received();
  await start(page, 'a', 'abort-client.bin');
  await waitFor(page, () => window.__runs.a.done >= 3);
  await page.evaluate(async () => {
    const other = new window.OSS({ stsEndpoint: '/api/sts' }); // as the demo's Discard does
    await other.abortMultipartUpload(window.__key, window.__runs.a.cp.uploadId);
  });
  await waitFor(page, () => window.__runs.a.error || window.__runs.a.result);
  await stopsAfterAbort(page, 'a');
  assert.ok(await received() - s0 < f.size, 'the file was not uploaded anyway');
  assert.equal((await page.evaluate(() => window.__client.resumableUploads())).length, 0);
  await context.close();
});

test('an abort from another tab reaches the running upload at once (BroadcastChannel)', { timeout: 120000 }, async () => {
  const f = makeFile(16 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await start(page, 'a', 'abort-tab.bin');
  await waitFor(page, () => window.__runs.a.done >= 3);
  const other = await context.newPage();
  await other.goto(srv.url + '/healthz');
  await setupPage(other);
  const listed = await other.evaluate(async () => {
    const c = new window.OSS({ stsEndpoint: '/api/sts' });
    const [e] = await c.resumableUploads();
    await c.abortMultipartUpload(e.name, e.uploadId);
    return { live: e.live, elsewhere: e.elsewhere };
  });
  assert.deepEqual(listed, { live: true, elsewhere: true }, 'the other tab sees the upload as live elsewhere');
  await waitFor(page, () => window.__runs.a.error || window.__runs.a.result);
  await stopsAfterAbort(page, 'a');
  await context.close();
});

test('two tabs racing to resume one upload: one writer, the other UploadInProgress; sent once', { timeout: 180000 }, async () => {
  const f = makeFile(12 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await start(page, 'first', 'race.bin');
  await waitFor(page, () => window.__runs.first.done >= 3);
  await page.evaluate(() => window.__client.cancel());
  await waitFor(page, () => window.__runs.first.error);
  const [pending] = await page.evaluate(() => window.__client.resumableUploads());
  const tab2 = await context.newPage();
  await tab2.goto(srv.url + '/healthz');
  await setupPage(tab2);
  await tab2.setInputFiles('#file', f.path);
  const s1 = await received();
  await Promise.all([start(page, 'x', 'race.bin'), start(tab2, 'x', 'race.bin')]);
  await waitFor(page, () => window.__runs.x.error || window.__runs.x.result);
  await waitFor(tab2, () => window.__runs.x.error || window.__runs.x.result);
  const outcomes = [await run(page, 'x'), await run(tab2, 'x')];
  const ok = outcomes.filter((o) => o.result);
  const busy = outcomes.filter((o) => o.error?.code === 'UploadInProgress');
  assert.equal(ok.length, 1, JSON.stringify(outcomes));
  assert.equal(busy.length, 1, JSON.stringify(outcomes));
  assert.equal(ok[0].result.resumed, true);
  const sent = await received() - s1;
  const left = f.size - pending.bytesDone;
  const completeXML = 64 << 10; // the Complete request's body counts as received bytes too
  assert.ok(sent <= left + completeXML, `sent ${sent} after the race; ${left} were left`);
  assert.equal(await md5OfURL(await page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }))), f.md5);
  await context.close();
});

// b is a with bytes changed at off, outside the fingerprint's samples, and
// a's modification time: the journal cannot tell them apart.
function alteredCopy(a, off) {
  const path = join(dirname(a.path), 'altered-' + Date.now() + '.bin');
  copyFileSync(a.path, path);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, off);
  closeSync(fd);
  const st = statSync(a.path);
  utimesSync(path, st.atime, st.mtime);
  return { path, size: a.size, md5: createHash('md5').update(readFileSync(path)).digest('hex') };
}

for (const integrity of [true, false]) {
  test(`a different same-size file is never mixed with old parts (integrity ${integrity ? 'on' : 'off'})`, { timeout: 180000 }, async () => {
    const a = makeFile(6 * MiB);
    const { context, page } = await modulePage(browser, srv.url);
    // The journal: the file changed outside the sampled ranges, same mtime.
    await page.setInputFiles('#file', a.path);
    await start(page, 'j0', `mix-journal-${integrity}.bin`, { integrity });
    await waitFor(page, () => window.__runs.j0.done >= 3);
    await page.evaluate(() => window.__client.cancel());
    await waitFor(page, () => window.__runs.j0.error);
    const b = alteredCopy(a, 1 * MiB + 1000); // inside part 2, which the server holds
    await page.setInputFiles('#file', b.path);
    await start(page, 'j1', `mix-journal-${integrity}.bin`, { integrity });
    await waitFor(page, () => window.__runs.j1.error || window.__runs.j1.result);
    const j1 = await run(page, 'j1');
    assert.equal(j1.error, null, JSON.stringify(j1.error));
    assert.equal(await md5OfURL(await page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }))), b.md5, 'exactly the new file');

    // An ali-oss checkpoint ({name, fileSize, partSize, uploadId, doneParts}) with another file.
    await page.setInputFiles('#file', a.path);
    await start(page, 'c0', `mix-cp-${integrity}.bin`, { integrity });
    await waitFor(page, () => window.__runs.c0.done >= 3);
    await page.evaluate(() => window.__client.cancel());
    await waitFor(page, () => window.__runs.c0.error);
    const cp = await page.evaluate(() => {
      const c = window.__runs.c0.cp;
      return { name: c.name, fileSize: c.fileSize, partSize: c.partSize, uploadId: c.uploadId, doneParts: c.doneParts.map((p) => ({ number: p.number, etag: p.etag })) };
    });
    const other = makeFile(6 * MiB, 'other.bin');
    await page.setInputFiles('#file', other.path);
    const s1 = await received();
    await start(page, 'c1', `mix-cp-${integrity}.bin`, { integrity, checkpoint: cp });
    await waitFor(page, () => window.__runs.c1.error || window.__runs.c1.result);
    const c1 = await run(page, 'c1');
    assert.equal(c1.error, null, JSON.stringify(c1.error));
    assert.ok(await received() - s1 >= other.size, 'every part of the other file was sent');
    assert.equal(await md5OfURL(await page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }))), other.md5, 'exactly the new file');
    await context.close();
  });
}

function warnings(page) {
  const out = [];
  page.on('console', (m) => { if (m.type() === 'warning') out.push(m.text()); });
  return out;
}

test('IndexedDB writes failing with QuotaExceededError: the upload completes with an in-memory journal and a warning', { timeout: 120000 }, async () => {
  const f = makeFile(3 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  const warned = warnings(page);
  await page.setInputFiles('#file', f.path);
  const s0 = await received();
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await start(page, 'q', 'quota.bin');
  await waitFor(page, () => window.__runs.q.error || window.__runs.q.result);
  const st = await run(page, 'q');
  assert.equal(st.error, null, JSON.stringify(st.error));
  assert.ok(st.result.warnings.some((w) => /quota/i.test(w) && /in memory/.test(w)), JSON.stringify(st.result.warnings));
  assert.ok(warned.some((w) => /quota/i.test(w)), JSON.stringify(warned));
  assert.ok(await received() - s0 <= f.size + partSize, 'sent about once');
  assert.equal(await md5OfURL(await page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }))), f.md5);
  await context.close();
});

test('an IndexedDB open that never completes times out to an in-memory journal', { timeout: 120000 }, async () => {
  const f = makeFile(2 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  const warned = warnings(page);
  await page.setInputFiles('#file', f.path);
  await page.evaluate(() => { indexedDB.open = () => new EventTarget(); });
  await start(page, 'h', 'hang.bin');
  await waitFor(page, () => window.__runs.h.error || window.__runs.h.result);
  const st = await run(page, 'h');
  assert.equal(st.error, null, JSON.stringify(st.error));
  assert.equal((await page.evaluate(() => window.__client.info())).journal, 'memory');
  assert.ok(warned.some((w) => /IndexedDB unavailable/.test(w)), JSON.stringify(warned));
  assert.equal(await md5OfURL(await page.evaluate(() => window.__client.signatureUrl(window.__key, { expires: 600 }))), f.md5);
  await context.close();
});

test('two identities in one browser profile see only their own journals', { timeout: 120000 }, async () => {
  const f = makeFile(6 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await start(page, 'a', 'mine.bin');
  await waitFor(page, () => window.__runs.a.done >= 2);
  await page.evaluate(() => window.__client.cancel());
  await waitFor(page, () => window.__runs.a.error);
  const alice = await context.cookies();
  await context.clearCookies(); // someone else on the same browser
  const bob = await page.evaluate(async () => {
    const c = new window.OSS({ stsEndpoint: '/api/sts' });
    return { prefix: (await c.info()).prefix, pending: await c.resumableUploads() };
  });
  assert.equal(bob.pending.length, 0, JSON.stringify(bob.pending));
  await context.clearCookies();
  await context.addCookies(alice);
  const back = await page.evaluate(async () => {
    const c = new window.OSS({ stsEndpoint: '/api/sts' });
    return { prefix: (await c.info()).prefix, pending: (await c.resumableUploads()).length };
  });
  assert.notEqual(back.prefix, bob.prefix);
  assert.equal(back.pending, 1, "alice's journal is still there");
  await context.close();
});

test('a first visit with several clients started at once gives them one identity', { timeout: 60000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(srv.url + '/'); // the page's own response fixes the identity
  const prefixes = await page.evaluate(async () => {
    const { default: OSS } = await import('/oss-upload.js');
    const clients = [1, 2, 3, 4].map(() => new OSS({ stsEndpoint: '/api/sts' }));
    return Promise.all(clients.map(async (c) => (await c.info()).prefix));
  });
  assert.equal(new Set(prefixes).size, 1, JSON.stringify(prefixes));
  await context.close();
});

test('the demo shows an upload running in another tab as such, without Resume or Discard', { timeout: 120000 }, async () => {
  const f = makeFile(16 * MiB, 'elsewhere.bin');
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  await start(page, 'a', 'elsewhere.bin');
  await waitFor(page, () => window.__runs.a.done >= 2);
  const demo = await context.newPage();
  await demo.goto(srv.url + '/');
  const row = demo.locator('#unfinished li', { hasText: 'elsewhere.bin' });
  await row.getByText('uploading in another tab').waitFor({ timeout: 30000 });
  assert.equal(await row.getByRole('button').count(), 0, 'no Resume or Discard for a live upload');
  await page.evaluate(() => window.__client.cancel());
  await context.close();
});

test('wait: true in a second tab waits for the writer, then finds the object done and sends nothing', { timeout: 180000 }, async () => {
  const f = makeFile(16 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  const tab2 = await context.newPage();
  await tab2.goto(srv.url + '/healthz');
  await setupPage(tab2);
  await page.setInputFiles('#file', f.path);
  await tab2.setInputFiles('#file', f.path);
  const s0 = await received();
  await start(page, 'a', 'wait.bin');
  await waitFor(page, () => window.__runs.a.done >= 2);
  await start(tab2, 'w', 'wait.bin', { wait: true });
  await waitFor(page, () => window.__runs.a.result || window.__runs.a.error);
  await waitFor(tab2, () => window.__runs.w.result || window.__runs.w.error);
  const [a, w] = [await run(page, 'a'), await run(tab2, 'w')];
  assert.equal(a.error, null, JSON.stringify(a.error));
  assert.equal(w.error, null, JSON.stringify(w.error));
  assert.equal(w.result.alreadyDone, true, JSON.stringify({ w: w.result, sent: await received() - s0 }));
  assert.ok(await received() - s0 < f.size + partSize, 'the file was sent once');
  await context.close();
});

test('a credential refresh that names another identity stops the upload with IdentityChanged, journal kept', { timeout: 120000 }, async () => {
  const f = makeFile(4 * MiB);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  try {
    await start(page, 'i', 'identity.bin', { partSize: 100 << 10 });
    await waitFor(page, () => window.__runs.i.done >= 1);
    await context.clearCookies(); // the refresh will get another identity
    await srv.faults({ tokenMaxAgeNs: 1, latencyNs: 150e6 }); // every token is now expired: the module must refresh
    await waitFor(page, () => window.__runs.i.error || window.__runs.i.result);
  } finally {
    await srv.faults({ latencyNs: 150e6 });
  }
  const st = await run(page, 'i');
  assert.equal(st.error?.code, 'IdentityChanged', JSON.stringify(st));
  assert.equal((await page.evaluate(() => window.__client.resumableUploads())).length, 1, 'the journal is kept');
  await context.close();
});
