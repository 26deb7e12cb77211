// ali-oss's restore, putSymlink/getSymlink, multipartUploadCopy and
// signPostObjectPolicyV4 on our module, in Chromium against the embedded OSS,
// beyond what ali-oss's own suite checks (e2e/alioss-suite): the progress and
// checkpoint of a part copy as ali-oss reports them, resuming and canceling
// it, restore's errors, and the post-policy signature equal to the one
// ali-oss itself computes. Uses the local root key, as api.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { installObjectHelpers, rootKeyOf } from '../lib/object-page.mjs';

const require = createRequire(import.meta.url);
let srv, browser, page, context, rootKey;
before(async () => {
  srv = await startServer();
  rootKey = rootKeyOf(srv);
  browser = await launch();
  ({ context, page } = await modulePage(browser, srv.url));
  await installObjectHelpers(page, srv);
});
after(async () => { await context?.close(); await browser?.close(); await srv?.cleanup(); });

test('multipartUploadCopy: a byte range in parts, progress and checkpoint as ali-oss, the copy exactly that range', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    const src = window.bytes(450 << 10, 3);
    await c.put('methods/copy-src', src);
    const calls = [];
    const progress = (p, cpt, res) => { calls.push({ p, cpt: cpt && JSON.parse(JSON.stringify(cpt)), status: res?.status }); };
    const out = await c.multipartUploadCopy('methods/copy-range', { sourceKey: 'methods/copy-src', startOffset: 1000, endOffset: 1000 + (350 << 10) },
      { partSize: 100 << 10, parallel: 2, progress, headers: { 'Cache-Control': 'no-store' } });
    const got = await c.get('methods/copy-range');
    const head = await c.head('methods/copy-range');
    return { calls, status: out.res.status, name: out.name, etag: out.etag, same: await window.same(got.content, src.subarray(1000, 1000 + (350 << 10))),
      cacheControl: head.res.headers['cache-control'] };
  });
  assert.equal(r.status, 200);
  assert.equal(r.name, 'methods/copy-range');
  assert.ok(r.etag);
  assert.ok(r.same, 'the copy is exactly the range');
  assert.equal(r.cacheControl, 'no-store', 'headers go with Initiate');
  const [first, ...rest] = r.calls;
  const last = rest.pop();
  assert.equal(first.p, 0);
  assert.equal(first.cpt.copySize, 350 << 10);
  assert.equal(first.cpt.partSize, 100 << 10);
  assert.ok(first.cpt.uploadId);
  assert.deepEqual(first.cpt.doneParts, []);
  assert.deepEqual(rest.map((c) => c.p), [1 / 4, 2 / 4, 3 / 4, 4 / 4], 'done/parts after each part');
  assert.deepEqual(rest.map((c) => c.cpt.doneParts.length), [1, 2, 3, 4]);
  assert.ok(rest.every((c) => c.status === 200 && c.cpt.uploadId === first.cpt.uploadId));
  assert.deepEqual(last, { p: 1, cpt: null, status: 200 }, '(1, null, res) after Complete, as ali-oss');
});

test('multipartUploadCopy: a throwing progress rejects with its error; the checkpoint resumes; cancel() stops it', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    const src = window.bytes(400 << 10, 5);
    await c.put('methods/copy-src2', src);
    let saved;
    const boom = Object.assign(new Error('boom'), { marker: 'mine' });
    const first = await window.attempt(() => c.multipartUploadCopy('methods/copy-resume', { sourceKey: 'methods/copy-src2' },
      { partSize: 100 << 10, parallel: 1, progress: (p, cpt) => { if (cpt) saved = JSON.parse(JSON.stringify(cpt)); if (p > 0) throw boom; } }));
    const parts = [];
    const again = await c.multipartUploadCopy('methods/copy-resume', { sourceKey: 'methods/copy-src2' },
      { checkpoint: saved, parallel: 1, progress: (p, cpt) => { if (cpt) parts.push(cpt.doneParts.length); } });
    const same = await window.same((await c.get('methods/copy-resume')).content, src);

    const canceled = await window.attempt(() => c.multipartUploadCopy('methods/copy-cancel', { sourceKey: 'methods/copy-src2' },
      { partSize: 100 << 10, parallel: 1, progress: (p) => { if (p > 0) c.cancel(); } }));
    const isCancel = c.isCancel();
    const small = await window.attempt(() => c.multipartUploadCopy('methods/copy-small', { sourceKey: 'methods/copy-src2', endOffset: 1000 }));
    const missing = await window.attempt(() => c.multipartUploadCopy('methods/copy-missing', { sourceKey: 'methods/no-such-source' }));
    return { first, saved, parts, status: again.res.status, same, canceled, isCancel, small, missing };
  });
  assert.equal(r.first.ok, false);
  assert.equal(r.first.e.marker, 'mine', 'rejected with the thrown error itself');
  assert.equal(r.saved.doneParts.length, 1);
  assert.deepEqual(r.parts, [2, 3, 4], 'the resumed copy skips the part done');
  assert.equal(r.status, 200);
  assert.ok(r.same, 'the resumed copy is the whole source');
  assert.equal(r.canceled.ok, false);
  assert.equal(r.canceled.e.name, 'cancel');
  assert.equal(r.isCancel, true);
  assert.equal(r.small.ok, false);
  assert.match(r.small.e.message, /copySize must not be smaller than 102400/);
  assert.equal(r.missing.e.code, 'NoSuchKey');
});

test('restore: OperationNotSupported for Standard, 202 then RestoreAlreadyInProgress for Archive, restoreInfo in list', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    await c.put('methods/standard', 'abc');
    await c.put('methods/archive', 'abc', { headers: { 'x-oss-storage-class': 'Archive' } });
    await c.put('methods/cold', 'abc', { headers: { 'x-oss-storage-class': 'ColdArchive' } });
    const standard = await window.attempt(() => c.restore('methods/standard'));
    const archive = await c.restore('methods/archive');
    const again = await window.attempt(() => c.restore('methods/archive'));
    const tier = await window.attempt(() => c.restore('methods/archive', { type: 'ColdArchive' }));
    const cold = await c.restore('methods/cold', { type: 'ColdArchive', Days: 3, JobParameters: 'Bulk' });
    const list = await c.list({ prefix: 'methods/' });
    const info = Object.fromEntries(list.objects.map((o) => [o.name, o.restoreInfo]));
    return { standard, archive: archive.res.status, again, tier, cold: cold.res.headers['x-oss-object-restore-priority'], info };
  });
  assert.equal(r.standard.e.status, 400);
  assert.equal(r.standard.e.code, 'OperationNotSupported');
  assert.equal(r.archive, 202);
  assert.equal(r.again.e.name, 'RestoreAlreadyInProgressError');
  assert.equal(r.tier.e.code, 'MalformedXML', 'an Archive object takes no JobParameters');
  assert.equal(r.cold, 'Bulk');
  assert.deepEqual(r.info['methods/archive'], { ongoingRequest: true });
  assert.equal(r.info['methods/standard'], undefined);
});

test('putSymlink/getSymlink; header values beyond ASCII are sent as ali-oss sends them, and as signed', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    await c.put('methods/目标 a.txt', 'target');
    const put = await c.putSymlink('/methods/link', '/methods/目标 a.txt', { meta: { who: '我' }, storageClass: 'IA' });
    const got = await c.getSymlink('methods/link');
    const content = await (await c.get('methods/link')).content.text();
    // (An unsigned value up to U+00FF goes out as ISO-8859-1, as ali-oss sends it: jsbridge's TestHeaderBytes; the
    // embedded OSS keeps header values as UTF-8 text, so it cannot hand such a byte back.)
    await c.put('methods/meta', 'x', { meta: { who: '我', city: 'Zürich' } });
    const head = await c.head('methods/meta');
    const meta = head.meta;
    const latin1 = new window.OSS(window.rootOptions({ headerEncoding: 'latin1' }));
    await latin1.put('methods/meta2', 'x', { headers: { 'Content-Language': 'x-café' } });
    const language = (await c.head('methods/meta2')).res.headers['content-language'];
    return { put: put.res.status, target: got.targetName, content, meta, language };
  });
  assert.equal(r.put, 200);
  assert.equal(r.target, 'methods/目标 a.txt');
  assert.equal(r.content, 'target');
  assert.equal(Buffer.from(r.meta.who, 'latin1').toString('utf8'), '我', 'the meta bytes are the UTF-8 of what was put');
  assert.equal(Buffer.from(r.meta.city, 'latin1').toString('utf8'), 'Zürich', 'signed: UTF-8, as signed');
  assert.equal(Buffer.from(r.language, 'latin1').toString('utf8'), 'x-café', "headerEncoding 'latin1': UTF-8, as ali-oss");
});

test('signPostObjectPolicyV4: the signature ali-oss computes; a policy that is not JSON throws as in ali-oss', { timeout: 120000 }, async () => {
  const policy = { expiration: '2030-01-01T00:00:00.000Z', conditions: [{ bucket: 'demo' }, ['content-length-range', 1, 10], { 'x-oss-meta-a': '阿' }] };
  const date = Date.UTC(2026, 11, 4, 23, 59, 59);
  const r = await page.evaluate(async ({ policy, date }) => {
    const c = new window.OSS(window.rootOptions({ region: 'oss-cn-hangzhou' }));
    await window.OSS.preload();
    const bad = (() => { try { c.signPostObjectPolicyV4('test', new Date()); return null; } catch (e) { return e.message; } })();
    return { obj: c.signPostObjectPolicyV4(policy, new Date(date)), str: c.signPostObjectPolicyV4(JSON.stringify(policy), new Date(date)), bad };
  }, { policy, date });
  const { signPostObjectPolicyV4 } = require('ali-oss/lib/common/object/signPostObjectPolicyV4');
  const want = signPostObjectPolicyV4.call({ options: { accessKeySecret: rootKey.accessKeySecret, region: 'oss-cn-hangzhou' } }, policy, new Date(date));
  assert.equal(r.obj, want);
  assert.equal(r.str, want);
  assert.match(r.bad, /^Policy string is not a valid JSON:/);
});
