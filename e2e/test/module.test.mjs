// The browser module end to end: real Chromium, the real server, the
// embedded OSS counting what it receives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { makeFile, md5OfURL } from '../lib/files.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.cleanup(); });

async function upload(page, key, opts = {}) {
  return page.evaluate(async ({ key, opts }) => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const info = await client.info();
    const file = document.getElementById('file').files[0];
    const events = [];
    try {
      const r = await client.multipartUpload(info.prefix + key, file, { ...opts, progress: (p, cp) => { events.push([p, cp ? cp.doneParts.length : -1]); } });
      return { ok: true, r: { name: r.name, etag: r.etag, resumed: r.resumed, status: r.res.status }, events, prefix: info.prefix, url: await client.signatureUrl(r.name, { expires: 600 }) };
    } catch (e) {
      return { ok: false, code: e.code, name: e.name, message: e.message, events };
    }
  }, { key, opts });
}

test('a 64 MiB file chosen through <input type=file> arrives byte for byte', async () => {
  const f = makeFile(64 << 20);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  const before = await srv.stats();
  const res = await upload(page, 'big.bin', { parallel: 4, partSize: 8 << 20 });
  assert.ok(res.ok, JSON.stringify(res));
  assert.equal(res.r.status, 200);
  assert.equal(await md5OfURL(res.url), f.md5);
  const last = res.events.at(-1);
  assert.equal(last[0], 1, 'progress ends at 1');
  assert.ok(res.events.slice(0, -1).every(([p]) => p < 1), '1 only after Complete');
  const after = await srv.stats();
  assert.equal(after.bytesReceived - before.bytesReceived >= f.size, true);
  assert.ok(after.bytesReceived - before.bytesReceived < f.size + (1 << 20), 'nothing sent twice');
  await context.close();
});

test('hostile arguments get typed errors', async () => {
  const f = makeFile(1024);
  const { context, page } = await modulePage(browser, srv.url);
  await page.setInputFiles('#file', f.path);
  const codes = await page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const file = document.getElementById('file').files[0];
    const info = await client.info();
    const tryCode = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return e.code; } };
    return {
      notFile: await tryCode(() => client.multipartUpload(info.prefix + 'x', 42)),
      notName: await tryCode(() => client.multipartUpload(42, file)),
      emptyKey: await tryCode(() => client.multipartUpload('', file)),
      longKey: await tryCode(() => client.multipartUpload(info.prefix + 'a'.repeat(1100), file)),
      smallPart: await tryCode(() => client.multipartUpload(info.prefix + 'x', file, { partSize: 1000 })),
      badParallel: await tryCode(() => client.multipartUpload(info.prefix + 'x', file, { parallel: 0 })),
      nanPart: await tryCode(() => client.multipartUpload(info.prefix + 'x', file, { partSize: 'big' })),
      badCheckpoint: await tryCode(() => client.multipartUpload(info.prefix + 'x', file, { checkpoint: { uploadId: 'U', fileSize: 99, partSize: 102400, doneParts: [] } })),
      otherPrefix: await tryCode(() => client.multipartUpload('uploads/someone-else/x', file)),
      noOptions: await tryCode(async () => new window.OSS()),
      swapped: await tryCode(() => client.multipartUpload(file, info.prefix + 'swapped.bin')),
    };
  });
  assert.deepEqual(codes, {
    notFile: 'InvalidArgument', notName: 'InvalidArgument', emptyKey: 'InvalidArgument', longKey: 'InvalidArgument',
    smallPart: 'InvalidArgument', badParallel: 'InvalidArgument', nanPart: 'InvalidArgument', badCheckpoint: 'FileChanged',
    otherPrefix: 'AccessDenied', noOptions: 'InvalidArgument', swapped: 'no error',
  });
  await context.close();
});
