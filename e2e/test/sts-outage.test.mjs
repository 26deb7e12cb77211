// STS unreachable: uploads already holding credentials carry on; a caller
// who needs new ones gets a clear error, and the same call succeeds once STS
// is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await srv.faults({}); await browser?.close(); await srv?.cleanup(); });

test('an STS outage during an upload: the upload finishes; new callers get STSUnavailable, then succeed', async () => {
  const f = makeFile(32 << 20);
  const running = await modulePage(browser, srv.url);
  await running.page.setInputFiles('#file', f.path);
  await srv.faults({ latencyNs: 150e6 });
  // Starts with credentials, then STS goes down for the rest of its upload.
  const done = running.page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const info = await client.info();
    window.__client = client;
    const r = await client.multipartUpload(info.prefix + 'outage.bin', document.getElementById('file').files[0], { partSize: 1 << 20 });
    return r.name;
  });
  await running.page.waitForFunction(() => window.__client !== undefined);
  await srv.faults({ latencyNs: 150e6, stsDown: true });

  // A new visitor (no cached credentials) while STS is down.
  const fresh = await modulePage(browser, srv.url);
  await fresh.page.setInputFiles('#file', f.path);
  const attempt = () => fresh.page.evaluate(async () => {
    try {
      const client = new window.OSS({ stsEndpoint: '/api/sts' });
      const info = await client.info();
      const r = await client.multipartUpload(info.prefix + 'later.bin', document.getElementById('file').files[0]);
      return { ok: true, name: r.name };
    } catch (e) { return { ok: false, code: e.code, message: e.message }; }
  });
  const down = await attempt();
  assert.equal(down.ok, false);
  assert.equal(down.code, 'STSUnavailable', JSON.stringify(down));
  assert.match(down.message, /temporarily unavailable|try again/i);

  const name = await done; // the running upload never needed STS
  assert.equal(await md5OfURL(await running.page.evaluate((n) => window.__client.signatureUrl(n, { expires: 600 }), name)), f.md5);

  await srv.faults({});
  const up = await attempt();
  assert.equal(up.ok, true, JSON.stringify(up));
  await running.context.close();
  await fresh.context.close();
});
