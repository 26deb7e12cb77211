// ali-oss behaviours of our module that front ends rely on beyond what the
// ported suite pins down, in Chromium against the embedded OSS: progress is
// called exactly as ali-oss calls it (byte-level calls only for a function
// that declares the 4th parameter), and abortMultipartUpload on the
// uploading client ends that upload as ali-oss's does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';

let srv, browser, context, page;
before(async () => {
  srv = await startServer();
  browser = await launch();
  ({ context, page } = await modulePage(browser, srv.url));
});
after(async () => { await context?.close(); await browser?.close(); await srv?.cleanup(); });

test("progress: ali-oss's calls exactly; byte-level ones only for (p, checkpoint, res, bytes), never going back", { timeout: 120_000 }, async () => {
  const r = await page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const { prefix } = await client.info();
    const file = new File([new Uint8Array((1 << 20) + 1).fill(5)], 'p.bin'); // 11 parts of 100 KiB
    const three = [];
    await client.multipartUpload(prefix + 'p3.bin', file, { partSize: 100 << 10, progress(p, cpt, res) { three.push([p, !!cpt, res && res.status]); } });
    const four = [];
    await client.multipartUpload(prefix + 'p4.bin', file, { partSize: 100 << 10, progress(p, cpt, res, bytes) { four.push([p, !!cpt, typeof bytes.sent]); } });
    return { three, four };
  });
  assert.equal(r.three.length, 13, JSON.stringify(r.three)); // (0) + 11 parts + (1), as ali-oss
  assert.deepEqual(r.three[0], [0, true, 200]);
  assert.deepEqual(r.three.at(-1), [1, false, 200]);
  r.three.slice(1, -1).forEach(([p, cpt, status], i) => assert.deepEqual([p, cpt, status], [(i + 1) / 12, true, 200]));
  assert.ok(r.four.length >= 13, JSON.stringify(r.four));
  assert.ok(r.four.every(([p], i) => i === 0 || p >= r.four[i - 1][0]), `never going back: ${JSON.stringify(r.four)}`);
  assert.ok(r.four.every(([, , t]) => t === 'number'));
  assert.deepEqual(r.four.at(-1), [1, false, 'number']);
});

test("abortMultipartUpload from the upload's own progress: the upload ends as ali-oss's (cancel), nothing left", { timeout: 120_000 }, async () => {
  const r = await page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const { prefix } = await client.info();
    const name = prefix + 'abort-self.bin';
    const file = new File([new Uint8Array(1 << 20).fill(3)], 'a.bin');
    let id;
    let err = 'resolved';
    try {
      await client.multipartUpload(name, file, {
        partSize: 100 << 10, parallel: 2,
        async progress(p, cpt) { if (p === 0) id = cpt.uploadId; if (p > 0.5) await client.abortMultipartUpload(name, id); },
      });
    } catch (e) { err = { name: e.name, code: e.code, status: e.status }; }
    let parts = 'listed';
    try { await client.listParts(name, id); } catch (e) { parts = e.code; }
    return { err, isCancel: client.isCancel(), pending: (await client.resumableUploads()).length, parts };
  });
  assert.deepEqual(r, { err: { name: 'cancel', code: 'Canceled', status: 0 }, isCancel: true, pending: 0, parts: 'NoSuchUpload' });
});

test("client.options as ali-oss's initOptions leaves them, and new OSS(client.options) is the same client", { timeout: 60_000 }, async () => {
  const r = await page.evaluate(async () => {
    await window.OSS.preload();
    const a = new window.OSS({ accessKeyId: ' ak\t', accessKeySecret: '\nsk ', endpoint: 'localhost:9000', bucket: 'demo', timeout: '2s' });
    const b = new window.OSS(a.options);
    const o = a.options;
    return {
      endpoint: o.endpoint.format(), host: o.endpoint.host, protocol: o.endpoint.protocol, keys: [o.accessKeyId, o.accessKeySecret],
      timeout: o.timeout, defaults: [o.region, o.secure, o.cname, o.useFetch, o.retryMax, o.authorizationV4, o.refreshSTSTokenInterval],
      fresh: a.stsTokenFreshTime instanceof Date, url: b.signatureUrl('k'),
      region: new window.OSS({ accessKeyId: 'a', accessKeySecret: 's', region: 'oss-cn-beijing', internal: true }).options.endpoint.format(),
    };
  });
  assert.deepEqual({ ...r, url: r.url.split('?')[0] }, {
    endpoint: 'http://localhost:9000/', host: 'localhost:9000', protocol: 'http:', keys: ['ak', 'sk'], timeout: 2000,
    defaults: ['oss-cn-hangzhou', false, false, false, 0, false, 300000], fresh: true, url: 'http://demo.localhost:9000/k',
    region: 'http://oss-cn-beijing-internal.aliyuncs.com/',
  });
});
