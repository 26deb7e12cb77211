// Credentials that expire mid-upload: the backend counts tokens older than a
// few seconds as expired, so a long upload must fetch fresh ones from /api/sts
// and carry on, byte-exact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

test('credentials expiring mid-upload: a clear SecurityTokenExpired, then the same call resumes, byte-exact', async () => {
  // The broker hands out the same credentials until 80% of their (>= 15 min)
  // lifetime, so tokens the backend expires early cannot be refreshed into
  // working ones: the module must stop with a clear code and keep the journal.
  const f = makeFile(4 << 20);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  const run = () => page.evaluate(async () => {
    window.__client ??= new window.OSS({ stsEndpoint: '/api/sts' });
    const client = window.__client;
    const info = await client.info();
    const file = document.getElementById('file').files[0];
    try {
      const r = await client.multipartUpload(info.prefix + 'expiring.bin', file, { partSize: 100 << 10, parallel: 2 });
      return { ok: true, status: r.res.status, resumed: r.resumed, url: await client.signatureUrl(r.name, { expires: 600 }) };
    } catch (e) { return { ok: false, code: e.code, status: e.status, message: e.message, pending: (await client.resumableUploads()).length }; }
  });
  let first;
  try {
    await srv.faults({ tokenMaxAgeNs: 2e9, latencyNs: 300e6 });
    first = await run();
  } finally {
    await srv.faults({});
  }
  assert.equal(first.ok, false, JSON.stringify(first));
  assert.equal(first.code, 'SecurityTokenExpired');
  assert.equal(first.status, 403);
  assert.equal(first.pending, 1, 'the journal is kept');
  const before = await srv.stats();
  const second = await run();
  assert.ok(second.ok, JSON.stringify(second));
  assert.equal(second.resumed, true);
  assert.equal(second.status, 200);
  const sent = (await srv.stats()).bytesReceived - before.bytesReceived;
  assert.ok(sent < f.size, `resume sent ${sent} of ${f.size} bytes`);
  assert.equal(await md5OfURL(second.url), f.md5);
  await context.close();
});
