// ali-oss's API on our module, in Chromium against the embedded OSS: callers'
// callbacks cannot take the runtime down, results and errors have ali-oss's
// shapes, constructor options are honoured, and the object methods work.
// Object-method tests use the local root key (they need more than an
// upload's least-privilege STS policy); multipart tests use /api/sts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { installObjectHelpers } from '../lib/object-page.mjs';

let srv, browser, page, context;
before(async () => {
  srv = await startServer();
  browser = await launch();
  ({ context, page } = await modulePage(browser, srv.url));
  await installObjectHelpers(page, srv);
});
after(async () => { await context?.close(); await browser?.close(); await srv?.cleanup(); });

test('sync methods before the module loads throw ModuleNotLoaded; asyncSignatureUrl works', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    // As ali-oss, no URL is signed for an IP endpoint: the same listener as a name.
    const c = new window.OSS(window.rootOptions({ endpoint: window.rootOptions().endpoint.replace('127.0.0.1', 'localhost') }));
    const before = (() => { try { c.signatureUrl('x'); return 'no error'; } catch (e) { return e.code; } })();
    const url = await c.asyncSignatureUrl('x', { expires: 60 });
    return { before, url, after: c.signatureUrl('x', { expires: 60 }) };
  });
  assert.equal(r.before, 'ModuleNotLoaded');
  assert.match(r.url, /OSSAccessKeyId=LTAIlocalroot0000000/);
  assert.match(r.after, /Signature=/);
});

for (const kind of ['throws', 'rejects']) {
  test(`a progress callback that ${kind} rejects the upload with its own error; the journal stays; the next calls work`, { timeout: 300000 }, async () => {
    const r = await page.evaluate(async (kind) => {
      const client = new window.OSS({ stsEndpoint: '/api/sts' });
      const { prefix } = await client.info();
      const file = new File([window.bytes(350 << 10)], 'p.bin');
      const boom = Object.assign(new Error('boom'), { marker: 'mine' });
      let calls = 0;
      const progress = (p, cpt) => {
        calls++;
        if (cpt && cpt.doneParts.length === 1) { if (kind === 'throws') throw boom; return Promise.reject(boom); }
      };
      const first = await window.attempt(() => client.multipartUpload(prefix + 'p-' + kind, file, { partSize: 100 << 10, parallel: 1, progress }));
      const journal = (await client.resumableUploads()).filter((u) => u.name === prefix + 'p-' + kind).length;
      const again = await client.multipartUpload(prefix + 'p-' + kind, file, { partSize: 100 << 10, parallel: 1 });
      const fresh = await new window.OSS({ stsEndpoint: '/api/sts' }).multipartUpload(prefix + 'p2-' + kind, file, { partSize: 100 << 10 });
      return { first, calls, journal, resumed: again.resumed, status: again.res.status, fresh: fresh.res.status };
    }, kind);
    assert.equal(r.first.ok, false);
    assert.equal(r.first.e.marker, 'mine', 'rejected with the thrown error itself');
    assert.equal(r.journal, 1, 'journal kept');
    assert.equal(r.resumed, true);
    assert.equal(r.status, 200);
    assert.equal(r.fresh, 200);
  });

  test(`a refreshSTSToken that ${kind} rejects the call with CredentialsUnavailable; the runtime stays up`, { timeout: 120000 }, async () => {
    const r = await page.evaluate(async (kind) => {
      const bad = new window.OSS({ region: 'cn-hangzhou', bucket: 'demo', endpoint: window.rootOptions().endpoint,
        refreshSTSToken: () => { if (kind === 'throws') throw new Error('no token'); return Promise.reject(new Error('no token')); } });
      const first = await window.attempt(() => bad.head('nothing'));
      const second = await window.attempt(() => bad.head('nothing'));
      const good = new window.OSS(window.rootOptions());
      await good.put('after-refresh-' + kind, 'ok');
      return { first, second, after: (await good.head('after-refresh-' + kind)).status };
    }, kind);
    assert.equal(r.first.ok, false);
    assert.equal(r.first.e.code, 'CredentialsUnavailable');
    assert.equal(r.second.e.code, 'CredentialsUnavailable');
    assert.equal(r.after, 200);
  });
}

test('refreshSTSToken may resolve to STS\'s own keys (AccessKeyId, AccessKeySecret, SecurityToken, Expiration)', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS({ region: 'oss-cn-hangzhou', bucket: 'demo', endpoint: window.rootOptions().endpoint,
      refreshSTSToken: async () => ({ AccessKeyId: window.rootOptions().accessKeyId, AccessKeySecret: window.rootOptions().accessKeySecret, SecurityToken: '', Expiration: new Date(Date.now() + 3600e3).toISOString() }) });
    return (await c.put('sts-keys', 'x')).res.status;
  });
  assert.equal(r, 200);
});

test('multipartUpload: ali-oss\'s progress calls, result and res shapes', { timeout: 300000 }, async () => {
  const sent = [];
  const onReq = (q) => {
    const u = new URL(q.url());
    if (u.port !== new URL(srv.ossURL).port || q.method() === 'OPTIONS' || q.method() === 'HEAD') return;
    const kind = u.searchParams.has('uploads') ? 'initiate' : u.searchParams.has('partNumber') ? 'part' : u.searchParams.has('uploadId') ? 'complete' : 'other';
    sent.push([kind, q.headers()['cache-control']]);
  };
  page.on('request', onReq);
  const r = await page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const { prefix } = await client.info();
    const file = new File([window.bytes(250 << 10)], 'shape.png');
    const calls = [];
    const result = await client.multipartUpload(prefix + 'shape', file, {
      partSize: 100 << 10, parallel: 1, headers: { 'Cache-Control': 'no-cache' },
      // Byte-level calls in between repeat the last response object: keep each new one.
      progress: (p, cpt, res) => { if ((res && res !== window.prevRes) || p === 1) window.prevRes = res, calls.push({ p, cpt: cpt && { uploadId: cpt.uploadId, done: cpt.doneParts.length, file: cpt.file === file, partSize: cpt.partSize, fileSize: cpt.fileSize }, res: res && { status: res.status, etag: res.headers.etag, rid: res.headers['x-oss-request-id'], url: res.requestUrls[0] } }); },
    });
    const head = await new window.OSS(window.rootOptions()).head(prefix + 'shape');
    return { calls, result: { name: result.name, bucket: result.bucket, etag: result.etag, res: { status: result.res.status, statusCode: result.res.statusCode, rid: result.res.headers['x-oss-request-id'], etag: result.res.headers.etag, urls: result.res.requestUrls, rt: typeof result.res.rt, size: typeof result.res.size } }, type: head.res.headers['content-type'] };
  });
  const [init, ...rest] = r.calls;
  assert.equal(init.p, 0);
  assert.ok(init.cpt.uploadId);
  assert.equal(init.cpt.done, 0);
  assert.equal(init.cpt.file, true);
  assert.equal(init.cpt.partSize, 100 << 10);
  assert.equal(init.cpt.fileSize, 250 << 10);
  assert.equal(init.res.status, 200);
  assert.match(init.res.url, /\?uploads/);
  const parts = rest.filter((c) => c.p > 0 && c.p < 1);
  assert.deepEqual(parts.map((c) => c.p), [1 / 4, 2 / 4, 3 / 4], 'doneParts/(parts+1), as ali-oss');
  for (const c of parts) { assert.ok(c.res.etag); assert.ok(c.res.rid); assert.match(c.res.url, /partNumber=/); assert.ok(c.cpt.uploadId); }
  const last = rest.at(-1);
  assert.equal(last.p, 1);
  assert.equal(last.cpt, null);
  assert.equal(last.res.status, 200);
  assert.equal(r.result.res.status, 200);
  assert.equal(r.result.res.statusCode, 200);
  assert.ok(r.result.res.rid);
  assert.ok(r.result.etag);
  assert.equal(r.result.etag, r.result.res.etag);
  assert.equal(r.result.bucket, 'demo');
  // The real URL: path style on an IP endpoint, virtual-hosted on a name (demo.localhost).
  assert.match(r.result.res.urls[0], /^http:\/\/(127\.0\.0\.1:\d+\/demo|demo\.localhost:\d+)\/uploads\/.*\/shape\?uploadId=/);
  assert.equal(r.result.res.rt, 'number');
  assert.equal(r.type, 'image/png', 'mime from the file name');
  page.off('request', onReq);
  assert.deepEqual(sent.filter(([k]) => k !== 'other'), [['initiate', 'no-cache'], ['part', 'no-cache'], ['part', 'no-cache'], ['part', 'no-cache'], ['complete', 'no-cache']],
    'headers go with Initiate, every part and Complete, as in ali-oss');
});

test('a file under 100 KiB is one PUT, as in ali-oss; progress(1) after it', { timeout: 120000 }, async () => {
  const reqs = [];
  const onReq = (q) => { if (q.url().startsWith(srv.ossURL) && q.method() !== 'OPTIONS') reqs.push(q.method() + ' ' + new URL(q.url()).search); };
  page.on('request', onReq);
  const r = await page.evaluate(async () => {
    const client = new window.OSS(window.rootOptions());
    const ps = [];
    const res = await client.multipartUpload('small.txt', new Blob(['hello'], { type: 'text/plain' }), { progress: (p) => ps.push(p) });
    return { ps, status: res.res.status, etag: res.etag, name: res.name };
  });
  page.off('request', onReq);
  assert.deepEqual(reqs, ['PUT ']);
  assert.deepEqual(r.ps, [1]);
  assert.equal(r.status, 200);
  assert.ok(r.etag);
});

test('errors have ali-oss\'s name, code, status, requestId and hostId', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    return { get: await window.attempt(() => c.get('missing/key')), head: await window.attempt(() => c.head('missing/key')) };
  });
  assert.equal(r.get.e.name, 'NoSuchKeyError');
  assert.equal(r.get.e.code, 'NoSuchKey');
  assert.equal(r.get.e.status, 404);
  assert.ok(r.get.e.requestId);
  assert.equal(r.head.e.code, 'NoSuchKey');
  assert.equal(r.head.e.status, 404);
});

test('options: OSS() without new, endpoint without region signs V1, authorizationV4 signs V4, unknown options warn once', { timeout: 120000 }, async () => {
  const auth = [];
  const onReq = (q) => { if (q.url().startsWith(srv.ossURL) && q.method() === 'PUT') auth.push(q.headers().authorization?.split(' ')[0]); };
  page.on('request', onReq);
  const warnings = [];
  const onConsole = (m) => { if (m.type() === 'warning') warnings.push(m.text()); };
  page.on('console', onConsole);
  const r = await page.evaluate(async () => {
    const { region, ...noRegion } = window.rootOptions({ someFutureOption: 1 });
    const v1 = window.OSS(noRegion);
    const a = (await v1.put('v1', 'a')).res.status;
    const v4 = new window.OSS(window.rootOptions({ authorizationV4: true, someFutureOption: 2 }));
    const b = (await v4.put('v4', 'b')).res.status;
    return { a, b, instance: v1 instanceof window.OSS };
  });
  page.off('request', onReq);
  page.off('console', onConsole);
  assert.deepEqual([r.a, r.b, r.instance], [200, 200, true]);
  assert.deepEqual(auth, ['OSS', 'OSS4-HMAC-SHA256']);
  assert.equal(warnings.filter((w) => w.includes('someFutureOption')).length, 1);
});

test('object methods: put (File, Blob, ArrayBuffer, typed array, string), head, getObjectMeta, get, delete, list, listV2', { timeout: 180000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    const u8 = window.bytes(1000);
    const puts = {};
    for (const [k, body] of Object.entries({ file: new File([u8], 'f.json'), blob: new Blob([u8]), ab: u8.buffer, u8, dv: new DataView(u8.buffer), str: 'x'.repeat(1000) })) {
      const p = await c.put('obj/' + k, body, { meta: { who: k } });
      puts[k] = { status: p.res.status, name: p.name, url: p.url };
    }
    const head = await c.head('obj/file');
    const meta = await c.getObjectMeta('obj/u8');
    const got = await c.get('obj/str');
    const list = await c.list({ prefix: 'obj/', 'max-keys': 10 });
    const list2 = await c.listV2({ prefix: 'obj/', 'max-keys': 10 });
    const del = await c.delete('obj/dv');
    const gone = await window.attempt(() => c.head('obj/dv'));
    return {
      puts, head: { status: head.status, meta: head.meta, type: head.res.headers['content-type'], len: head.res.headers['content-length'] },
      meta: meta.status, got: { isBlob: got.content instanceof Blob, text: (await window.text(got.content)).length, status: got.res.status },
      list: { names: list.objects.map((o) => o.name), size: list.objects[0].size, etag: list.objects[0].etag, truncated: list.isTruncated },
      list2: { n: list2.objects.length, truncated: list2.isTruncated, keyCount: list2.keyCount },
      del: del.res.status, gone: gone.e?.code,
    };
  });
  for (const k of ['file', 'blob', 'ab', 'u8', 'dv', 'str']) assert.equal(r.puts[k].status, 200, k);
  assert.equal(r.puts.file.url, `${srv.ossURL}/demo/obj/file`);
  assert.equal(r.head.status, 200);
  assert.equal(r.head.type, 'application/json');
  assert.equal(r.head.len, '1000');
  assert.equal(r.meta, 200);
  assert.deepEqual(r.got, { isBlob: true, text: 1000, status: 200 });
  assert.deepEqual(r.list.names, ['obj/ab', 'obj/blob', 'obj/dv', 'obj/file', 'obj/str', 'obj/u8']);
  assert.equal(r.list.size, 1000);
  assert.match(r.list.etag, /^".+"$/);
  assert.equal(r.list.truncated, false);
  assert.equal(r.list2.n, 6);
  assert.equal(r.list2.truncated, false);
  assert.equal(r.del, 204);
  assert.equal(r.gone, 'NoSuchKey');
});

test('signatureUrl is a synchronous string after a call; signatureUrlV4, getObjectUrl, generateObjectUrl, useBucket', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions({ endpoint: window.rootOptions().endpoint.replace('127.0.0.1', 'localhost') }));
    const ip = new window.OSS(window.rootOptions());
    await c.put('signed.txt', 'signed body');
    const refused = (() => { try { return ip.signatureUrl('signed.txt'); } catch (e) { return e.message; } })();
    const v1 = c.signatureUrl('signed.txt', { expires: 60 });
    const v4 = await c.signatureUrlV4('GET', 60, {}, 'signed.txt');
    const fetched = [await (await fetch(v1)).text(), await (await fetch(v4)).text()];
    return { type: typeof v1, refused, fetched, objectUrl: ip.getObjectUrl('a b/c'), generated: c.generateObjectUrl('k', 'https://cdn.example.com'), same: c.useBucket('demo') === c, bucket: c.getBucket() };
  });
  assert.equal(r.type, 'string');
  assert.equal(r.refused, 'can not get the object URL when endpoint is IP');
  assert.deepEqual(r.fetched, ['signed body', 'signed body']);
  assert.equal(r.objectUrl, `${srv.ossURL}/a%20b/c`);
  assert.equal(r.generated, 'https://cdn.example.com/k');
  assert.equal(r.same, true);
  assert.equal(r.bucket, 'demo');
});

test('an AbortSignal cancels any call; cancel({name, uploadId}) aborts that upload', { timeout: 300000 }, async () => {
  const r = await page.evaluate(async () => {
    const client = new window.OSS({ stsEndpoint: '/api/sts' });
    const { prefix } = await client.info();
    const file = new File([window.bytes(2 << 20)], 'c.bin');
    const ac = new AbortController();
    const aborted = await window.attempt(() => client.multipartUpload(prefix + 'sig', file, { partSize: 100 << 10, parallel: 1, signal: ac.signal, progress: (p, cpt) => { if (cpt && cpt.doneParts.length === 2) ac.abort(); } }));
    const pre = new AbortController(); pre.abort();
    const headAborted = await window.attempt(() => new window.OSS(window.rootOptions()).head('x', { signal: pre.signal }));
    let id;
    const canceled = await window.attempt(() => client.multipartUpload(prefix + 'cx', file, { partSize: 100 << 10, parallel: 1, progress: (p, cpt) => { if (cpt && cpt.doneParts.length === 1) { id = cpt.uploadId; client.cancel({ name: prefix + 'cx', uploadId: id }); } } }));
    // cancel({name, uploadId}) sends the abort after the call settles: wait for it, however slow the machine.
    let parts;
    for (let i = 0; i < 300; i++) {
      parts = await window.attempt(() => client.listParts(prefix + 'cx', id));
      if (parts.e?.code === 'NoSuchUpload') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { aborted: aborted.e?.code, headAborted: headAborted.e?.code, canceled: canceled.e?.code, isCancel: client.isCancel(), parts: parts.e?.code };
  });
  assert.equal(r.aborted, 'Canceled');
  assert.equal(r.headAborted, 'Canceled');
  assert.equal(r.canceled, 'Canceled');
  assert.equal(r.isCancel, true);
  assert.equal(r.parts, 'NoSuchUpload', 'cancel({name, uploadId}) aborted the upload');
});

test('hostile options and arrays (a throwing getter, a Proxy, a forged length) reject that call only; the next call works', { timeout: 120000 }, async () => {
  const r = await page.evaluate(async () => {
    const c = new window.OSS(window.rootOptions());
    const getter = await window.attempt(() => c.put('hostile', 'x', { get meta() { throw Object.assign(new Error('trap'), { marker: 'getter' }); } }));
    const proxy = await window.attempt(() => c.head('hostile', new Proxy({}, { get() { throw new Error('proxy trap'); } })));
    const badHeader = await window.attempt(() => c.put('hostile', 'x', { headers: { 'bad\nname': 'v' } }));
    // Arrays the caller hands over: a throwing length, a Proxy, a forged length.
    const parts = await window.attempt(() => c.completeMultipartUpload('hostile', 'id', { get length() { throw new Error('length trap'); } }));
    const names = await window.attempt(() => c.deleteMulti(new Proxy(['a'], { get() { throw new Error('names trap'); } })));
    const forged = await window.attempt(() => c.completeMultipartUpload('hostile', 'id', { length: 2 ** 32 - 1 }));
    return { getter: getter.e, proxy: proxy.e?.message, badHeader: badHeader.e?.code, parts: parts.e?.message, names: names.e?.message,
      forged: forged.e?.code, after: (await c.put('hostile', 'x')).res.status };
  });
  assert.match(r.parts, /length trap/);
  assert.match(r.names, /names trap/);
  assert.equal(r.forged, 'InvalidArgument');
  assert.equal(r.getter.marker, 'getter');
  assert.match(r.proxy, /proxy trap/);
  assert.ok(r.badHeader, 'a header the browser refuses is an error');
  assert.equal(r.after, 200);
});

test('timeout (the constructor\'s or a call\'s) bounds each request (status -2); retryMax retries requests that got no answer (status -1)', { timeout: 180000 }, async () => {
  let partRequests = 0;
  const onReq = (q) => { if (q.url().startsWith(srv.ossURL) && q.method() === 'PUT' && q.url().includes('partNumber=')) partRequests++; };
  page.on('request', onReq);
  try {
    await srv.faults({ latencyNs: 3e9 });
    const slow = await page.evaluate(async () => {
      const c = new window.OSS(window.rootOptions({ timeout: 500 }));
      const { uploadId } = await c.initMultipartUpload('slow');
      return window.attempt(() => c.uploadPart('slow', uploadId, 1, new Blob(['x']), 0, 1));
    });
    assert.equal(slow.e.code, 'ConnectionTimeoutError'); // ali-oss's code and name
    assert.equal(slow.e.name, 'ConnectionTimeoutError');
    assert.equal(slow.e.status, -2);
    // A call's own timeout bounds its requests, as ali-oss's options.timeout does.
    const perCall = await page.evaluate(async () => {
      const c = new window.OSS(window.rootOptions());
      const { uploadId } = await c.initMultipartUpload('slow');
      return window.attempt(() => c.uploadPart('slow', uploadId, 1, new Blob(['x']), 0, 1, { timeout: 500 }));
    });
    assert.equal(perCall.e.status, -2);
    await srv.faults({ partFailRate: 1, kinds: ['drop'] });
    partRequests = 0;
    const dropped = await page.evaluate(async () => {
      const c = new window.OSS(window.rootOptions({ retryMax: 2 }));
      const { uploadId } = await c.initMultipartUpload('dropped');
      return window.attempt(() => c.uploadPart('dropped', uploadId, 1, new Blob(['x'.repeat(1000)]), 0, 1000));
    });
    assert.equal(dropped.e.status, -1);
    assert.equal(partRequests, 3, 'one request and retryMax retries');
  } finally {
    page.off('request', onReq);
    await srv.faults({});
  }
});
