// ali-oss's object methods on our module in every engine (ENGINES, default
// chromium,firefox,webkit), against the embedded OSS on another origin (CORS):
// every request goes out by the module's XMLHttpRequest (jsbridge/transport.go)
// and its answer is read as an ArrayBuffer, so each engine's XHR, CORS and
// header handling is on the path. The Chromium-only files (api, methods,
// compat) go deeper into each method; this one checks that what they assert
// holds in Firefox and WebKit too. Each case is one evaluate in one page per
// engine, under its own key prefix.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';
import { engines, launchEngine, modulePageOn } from '../lib/engines.mjs';
import { makeFile } from '../lib/files.mjs';
import { installObjectHelpers } from '../lib/object-page.mjs';

const timeout = 120000; // a loaded 2-core machine: generous, never a timing assert

/**
 * An OSS look-alike that never answers (/demo/stall*) or closes the
 * connection unanswered (/demo/drop*), after a proper CORS preflight: what a
 * timed-out or failed request looks like to each engine.
 */
async function startNoAnswerServer() {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || '*');
      res.end();
    } else if (req.url.startsWith('/demo/drop')) {
      req.socket.destroy();
    } // else: /demo/stall, never answered until the client gives up.
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => { for (const s of sockets) s.destroy(); return new Promise((r) => server.close(r)); },
  };
}

// Each case: run(arg) is evaluated in the page (arg: {p, noAnswerURL}, p the
// engine's key prefix) and returns plain data; check(r, {p, ossURL, engine})
// asserts on it. skip: {engine: reason}, for a case an engine cannot run (an
// engine that behaves differently is asserted as it does, with the reason:
// see the non-ASCII case).
const cases = [
  {
    name: 'put: bytes, Blob, File and a picked file with meta and headers; head and getObjectMeta read them back',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      const u8 = window.bytes(1000);
      const bodies = { u8, blob: new Blob([u8], { type: 'text/plain' }), file: new File([u8], 'f.json'), picked: document.getElementById('file').files[0] };
      const out = {};
      for (const [k, body] of Object.entries(bodies)) {
        const put = await c.put(p + 'put/' + k, body, { meta: { who: k, n: 7 }, headers: { 'Cache-Control': 'no-store', 'Content-Language': 'zh-CN' } });
        const head = await c.head(p + 'put/' + k);
        const h = head.res.headers;
        out[k] = { put: put.res.status, name: put.name, url: put.url, etag: put.res.headers.etag === h.etag && /^".+"$/.test(h.etag),
          status: head.status, meta: head.meta, type: h['content-type'], len: h['content-length'], cache: h['cache-control'], language: h['content-language'] };
      }
      const meta = await c.getObjectMeta(p + 'put/u8');
      out.meta = { status: meta.status, len: meta.res.headers['content-length'], etag: /^".+"$/.test(meta.res.headers.etag) };
      const mime = await c.put(p + 'put/mime', 'x', { mime: 'image/png' });
      out.mime = [mime.res.status, (await c.head(p + 'put/mime')).res.headers['content-type']];
      return out;
    },
    check: (r, { p, ossURL }) => {
      const types = { u8: 'application/octet-stream', blob: 'text/plain', file: 'application/json', picked: 'image/png' };
      for (const [k, type] of Object.entries(types)) {
        assert.deepEqual(r[k], { put: 200, name: p + 'put/' + k, url: `${ossURL}/demo/${p}put/${k}`, etag: true, status: 200, meta: { who: k, n: '7' },
          type, len: k === 'picked' ? '1024' : '1000', cache: 'no-store', language: 'zh-CN' }, k);
      }
      assert.deepEqual(r.meta, { status: 200, len: '1000', etag: true });
      assert.deepEqual(r.mime, [200, 'image/png']);
    },
  },
  {
    name: 'get: every byte value back exactly as a Blob (the ArrayBuffer answer), an empty object, a Range, a gzip-encoded object',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      const all = new Uint8Array(1 << 20);
      for (let i = 0; i < all.length; i++) all[i] = (i + (i >> 8)) & 255; // all 256 values, every pair of neighbours
      await c.put(p + 'get/bin', all);
      await c.put(p + 'get/empty', new Uint8Array(0));
      const got = await c.get(p + 'get/bin');
      const empty = await c.get(p + 'get/empty');
      const range = await c.get(p + 'get/bin', { headers: { Range: 'bytes=250-261' } });
      // Stored gzip-encoded: the browser decodes the answer, as it does for ali-oss's XHR.
      const text = 'gzip '.repeat(2000);
      const gz = new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      await c.put(p + 'get/gz', gz, { headers: { 'Content-Encoding': 'gzip' }, mime: 'text/plain' });
      const gzGot = await c.get(p + 'get/gz');
      return {
        gzip: { text: (await window.text(gzGot.content)) === text, encoding: gzGot.res.headers['content-encoding'], len: Number(gzGot.res.headers['content-length']) === gz.length },
        got: { isBlob: got.content instanceof Blob, size: got.content.size, same: await window.same(got.content, all), status: got.res.status, len: got.res.headers['content-length'] },
        empty: { isBlob: empty.content instanceof Blob, size: empty.content.size, status: empty.res.status },
        range: { status: range.res.status, bytes: Array.from(new Uint8Array(await range.content.arrayBuffer())), contentRange: range.res.headers['content-range'] },
      };
    },
    check: (r) => {
      assert.deepEqual(r.got, { isBlob: true, size: 1 << 20, same: true, status: 200, len: String(1 << 20) });
      assert.deepEqual(r.empty, { isBlob: true, size: 0, status: 200 });
      assert.deepEqual(r.gzip, { text: true, encoding: 'gzip', len: true });
      assert.deepEqual(r.range, { status: 206, bytes: [250, 251, 252, 253, 254, 255, 1, 2, 3, 4, 5, 6], contentRange: 'bytes 250-261/1048576' });
    },
  },
  {
    name: "a missing object: ali-oss's error name, code, status, requestId and hostId from get, head and getObjectMeta",
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      return { get: await window.attempt(() => c.get(p + 'missing')), head: await window.attempt(() => c.head(p + 'missing')),
        meta: await window.attempt(() => c.getObjectMeta(p + 'missing')) };
    },
    check: (r) => {
      assert.equal(r.get.e.name, 'NoSuchKeyError');
      assert.equal(r.get.e.code, 'NoSuchKey');
      assert.equal(r.get.e.status, 404);
      assert.ok(r.get.e.requestId, 'requestId');
      assert.ok(r.get.e.hostId, 'hostId');
      for (const k of ['head', 'meta']) {
        // (ali-oss's message for a body-less 404 is 'Object not exists'; the module keeps OSS's own from x-oss-err.)
        assert.deepEqual([r[k].e.name, r[k].e.code, r[k].e.status], ['NoSuchKeyError', 'NoSuchKey', 404], k);
        assert.ok(r[k].e.requestId, `${k} requestId (a body-less 404: from the exposed header)`);
      }
    },
  },
  {
    name: 'list and listV2 with prefix and delimiter, and listV2 by pages',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      for (const k of ['a', 'b', 'd/x', 'd/y', 'e/z']) await c.put(p + 'l/' + k, k);
      const names = (r) => ({ objects: (r.objects || []).map((o) => o.name), prefixes: r.prefixes, truncated: r.isTruncated });
      const list = await c.list({ prefix: p + 'l/', delimiter: '/' });
      const v2 = await c.listV2({ prefix: p + 'l/', delimiter: '/' });
      const page1 = await c.listV2({ prefix: p + 'l/', 'max-keys': 3 });
      const page2 = await c.listV2({ prefix: p + 'l/', 'max-keys': 3, 'continuation-token': page1.nextContinuationToken });
      const o = list.objects[0];
      return { list: names(list), v2: { ...names(v2), keyCount: v2.keyCount }, page1: names(page1), page2: names(page2),
        first: { size: o.size, etag: /^".+"$/.test(o.etag), type: o.type, storageClass: o.storageClass, url: o.url, lastModified: !isNaN(Date.parse(o.lastModified)) } };
    },
    check: (r, { p, ossURL }) => {
      const l = (...ks) => ks.map((k) => p + 'l/' + k);
      assert.deepEqual(r.list, { objects: l('a', 'b'), prefixes: l('d/', 'e/'), truncated: false });
      assert.deepEqual(r.v2, { objects: l('a', 'b'), prefixes: l('d/', 'e/'), truncated: false, keyCount: 4 });
      assert.deepEqual(r.page1, { objects: l('a', 'b', 'd/x'), prefixes: null, truncated: true });
      assert.deepEqual(r.page2, { objects: l('d/y', 'e/z'), prefixes: null, truncated: false });
      assert.deepEqual(r.first, { size: 1, etag: true, type: 'Normal', storageClass: 'Standard', url: `${ossURL}/demo/${p}l/a`, lastModified: true });
    },
  },
  {
    name: 'copy keeps or replaces meta; deleteMulti, verbose and quiet',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      await c.put(p + 'c/src', window.bytes(5000, 9), { meta: { from: 'src' } });
      const kept = await c.copy(p + 'c/kept', p + 'c/src');
      const replaced = await c.copy(p + 'c/replaced', p + 'c/src', { meta: { to: 'new' }, headers: { 'Content-Type': 'text/csv' } });
      const heads = {};
      for (const k of ['kept', 'replaced']) {
        const h = await c.head(p + 'c/' + k);
        heads[k] = { meta: h.meta, type: h.res.headers['content-type'], same: await window.same((await c.get(p + 'c/' + k)).content, window.bytes(5000, 9)) };
      }
      const verbose = await c.deleteMulti([p + 'c/kept', p + 'c/never-was']);
      const quiet = await c.deleteMulti([p + 'c/replaced', p + 'c/src'], { quiet: true });
      const left = await c.list({ prefix: p + 'c/' });
      return { copy: { status: kept.res.status, etag: /^".+"$/.test(kept.data.etag), lastModified: !!kept.data.lastModified }, replaced: replaced.res.status, heads,
        verbose: { status: verbose.res.status, deleted: verbose.deleted.map((d) => d.Key).sort() }, quiet: { status: quiet.res.status, deleted: quiet.deleted }, left: left.objects || [] };
    },
    check: (r, { p }) => {
      assert.deepEqual(r.copy, { status: 200, etag: true, lastModified: true });
      assert.equal(r.replaced, 200);
      assert.deepEqual(r.heads.kept.meta, { from: 'src' }, 'no meta: the source\'s is kept (COPY)');
      assert.deepEqual(r.heads.replaced, { meta: { to: 'new' }, type: 'text/csv', same: true }, 'meta: REPLACE');
      assert.equal(r.heads.kept.same, true);
      assert.deepEqual(r.verbose, { status: 200, deleted: [p + 'c/kept', p + 'c/never-was'] });
      assert.deepEqual(r.quiet, { status: 200, deleted: [] });
      assert.deepEqual(r.left, []);
    },
  },
  {
    name: 'putMeta, delete; restore: OperationNotSupported for Standard, 202 then RestoreAlreadyInProgress for Archive',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      await c.put(p + 'r/obj', 'x', { meta: { old: '1' } });
      const putMeta = await c.putMeta(p + 'r/obj', { fresh: '2' });
      const meta = (await c.head(p + 'r/obj')).meta;
      const del = await c.delete(p + 'r/obj');
      const gone = await window.attempt(() => c.head(p + 'r/obj'));
      await c.put(p + 'r/standard', 'abc');
      await c.put(p + 'r/archive', 'abc', { headers: { 'x-oss-storage-class': 'Archive' } });
      const standard = await window.attempt(() => c.restore(p + 'r/standard'));
      const archive = await c.restore(p + 'r/archive');
      const again = await window.attempt(() => c.restore(p + 'r/archive'));
      const info = (await c.list({ prefix: p + 'r/archive' })).objects[0].restoreInfo;
      return { putMeta: putMeta.res.status, meta, del: del.res.status, gone: gone.e?.code, standard: [standard.e?.status, standard.e?.code],
        archive: archive.res.status, again: again.e?.name, info };
    },
    check: (r) => {
      assert.deepEqual(r, { putMeta: 200, meta: { fresh: '2' }, del: 204, gone: 'NoSuchKey', standard: [400, 'OperationNotSupported'],
        archive: 202, again: 'RestoreAlreadyInProgressError', info: { ongoingRequest: true } });
    },
  },
  {
    name: 'multipart by hand: initMultipartUpload, uploadPart of Blob slices, listParts, listUploads, complete; abort',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      const k = p + 'mp/obj';
      const data = window.bytes(250 << 10, 4);
      const blob = new Blob([data]);
      const { uploadId } = await c.initMultipartUpload(k, { meta: { m: '1' }, mime: 'text/csv' });
      const p1 = await c.uploadPart(k, uploadId, 1, blob, 0, 100 << 10);
      const p2 = await c.uploadPart(k, uploadId, 2, blob, 100 << 10, 250 << 10);
      const parts = await c.listParts(k, uploadId);
      const uploads = await c.listUploads({ prefix: p + 'mp/' });
      const done = await c.completeMultipartUpload(k, uploadId, [{ number: 1, etag: p1.etag }, { number: 2, etag: p2.etag }]);
      const head = await c.head(k);
      const other = await c.initMultipartUpload(p + 'mp/aborted');
      const aborted = await c.abortMultipartUpload(p + 'mp/aborted', other.uploadId);
      const gone = await window.attempt(() => c.listParts(p + 'mp/aborted', other.uploadId));
      return { parts: parts.parts.map((x) => [Number(x.PartNumber), Number(x.Size), x.ETag === p1.etag || x.ETag === p2.etag]),
        uploads: uploads.uploads.map((u) => [u.name, u.uploadId === uploadId]), status: done.res.status,
        same: await window.same((await c.get(k)).content, data), meta: head.meta, type: head.res.headers['content-type'], aborted: aborted.res.status, gone: gone.e?.code };
    },
    check: (r, { p }) => {
      assert.deepEqual(r, { parts: [[1, 100 << 10, true], [2, 150 << 10, true]], uploads: [[p + 'mp/obj', true]], status: 200, same: true,
        meta: { m: '1' }, type: 'text/csv', aborted: 204, gone: 'NoSuchUpload' });
    },
  },
  {
    name: 'putACL/getACL; putObjectTagging/getObjectTagging/deleteObjectTagging',
    // Ready for when they exist: the README's method list has none of them, nor has the embedded OSS ?acl or ?tagging.
    skip: Object.fromEntries(['chromium', 'firefox', 'webkit'].map((e) => [e, 'the module has no object ACL or tagging methods yet'])),
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      const k = p + 'acl/obj';
      await c.put(k, 'x');
      const before = await c.getACL(k);
      const put = await c.putACL(k, 'public-read');
      const after = await c.getACL(k);
      const tag = await c.putObjectTagging(k, { team: 'web', 名: '值 x' });
      const tags = await c.getObjectTagging(k);
      const del = await c.deleteObjectTagging(k);
      const none = await c.getObjectTagging(k);
      return { before: before.acl, put: put.res.status, after: after.acl, owner: typeof after.owner.id, tag: tag.status, tags: [tags.status, tags.tag], del: del.status, none: none.tag };
    },
    check: (r) => {
      assert.deepEqual(r, { before: 'default', put: 200, after: 'public-read', owner: 'string', tag: 200, tags: [200, { team: 'web', 名: '值 x' }], del: 204, none: {} });
    },
  },
  {
    name: 'putSymlink/getSymlink; append twice, then at a wrong position',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      await c.put(p + 's/目标 a.txt', 'target');
      const link = await c.putSymlink(p + 's/link', p + 's/目标 a.txt', { meta: { who: 'link' } });
      const sym = await c.getSymlink(p + 's/link');
      const linkMeta = sym.res.headers['x-oss-meta-who'];
      const through = await window.text((await c.get(p + 's/link')).content);
      const one = await c.append(p + 's/app', new Uint8Array([0, 1, 2]));
      const two = await c.append(p + 's/app', new Blob(['\xff-end']), { position: one.nextAppendPosition });
      const bad = await window.attempt(() => c.append(p + 's/app', 'x', { position: 1 }));
      const all = new Uint8Array(await (await c.get(p + 's/app')).content.arrayBuffer());
      return { link: link.res.status, target: sym.targetName, meta: linkMeta, through, one: [one.res.status, one.nextAppendPosition], two: two.nextAppendPosition,
        bad: [bad.e?.code, bad.e?.status], all: Array.from(all) };
    },
    check: (r, { p }) => {
      assert.deepEqual(r, { link: 200, target: p + 's/目标 a.txt', meta: 'link', through: 'target', one: [200, '3'], two: '9',
        bad: ['PositionNotEqualToLength', 409], all: [0, 1, 2, 0xc3, 0xbf, 45, 101, 110, 100] });
    },
  },
  {
    // WebKitGTK sends a header value as the UTF-8 of its code points, not one byte each as Chromium and Firefox
    // do: the module learns that from the first signature mismatch (jsbridge/headerbytes.go) and sends 'Zürich'
    // right there too; a value beyond U+00FF has no UTF-8 that WebKitGTK can send (setRequestHeader refuses
    // the string, and its bytes as a byte string leave encoded twice), so there it is a typed error.
    name: 'meta and headers beyond ASCII: as ali-oss sends them (UTF-8 when signed), headerEncoding latin1',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      await c.put(p + 'h/city', 'x', { meta: { city: 'Zürich', n: 'ü' } });
      const meta = (await c.head(p + 'h/city')).meta;
      const who = await window.attempt(async () => { await c.put(p + 'h/who', 'x', { meta: { who: '我' } }); return (await c.head(p + 'h/who')).meta.who; });
      const latin1 = new window.OSS(window.rootOptions({ headerEncoding: 'latin1' }));
      await latin1.put(p + 'h/lang', 'x', { headers: { 'Content-Language': 'x-café' }, meta: { who: 'é' } });
      const head = await c.head(p + 'h/lang');
      return { meta, who: who.ok ? who.v : who.e.code, language: head.res.headers['content-language'], lang: head.meta.who };
    },
    check: (r, { engine }) => {
      // Header values reach JavaScript as byte strings (one code point a byte), as ali-oss gets them.
      const utf8 = (s) => Buffer.from(s, 'latin1').toString('utf8');
      assert.equal(utf8(r.meta.city), 'Zürich', 'signed: UTF-8, as signed');
      assert.equal(utf8(r.meta.n), 'ü');
      assert.equal(engine === 'webkit' ? r.who : utf8(r.who), engine === 'webkit' ? 'InvalidArgument' : '我', 'beyond U+00FF: the UTF-8 of what was put');
      assert.equal(utf8(r.language), 'x-café', "headerEncoding 'latin1': UTF-8, as ali-oss");
      assert.equal(utf8(r.lang), 'é');
    },
  },
  {
    name: "no answer: options.timeout gives ali-oss's ConnectionTimeoutError (-2), a dropped connection RequestError (-1), an AbortSignal Canceled",
    run: async ({ noAnswerURL }) => {
      const c = new window.OSS(window.rootOptions({ endpoint: noAnswerURL }));
      const timedOut = await window.attempt(() => c.get('stall', { timeout: 300 }));
      const headTimedOut = await window.attempt(() => c.head('stall', { timeout: '300ms' }));
      const dropped = await window.attempt(() => c.get('drop'));
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      const aborted = await window.attempt(() => c.get('stall', { signal: ac.signal }));
      const pick = (r) => [r.e?.name, r.e?.code, r.e?.status];
      return { timedOut: pick(timedOut), headTimedOut: pick(headTimedOut), dropped: pick(dropped), aborted: aborted.e?.code,
        after: (await new window.OSS(window.rootOptions()).put('after-no-answer', 'x')).res.status };
    },
    check: (r) => {
      assert.deepEqual(r, {
        timedOut: ['ConnectionTimeoutError', 'ConnectionTimeoutError', -2], headTimedOut: ['ConnectionTimeoutError', 'ConnectionTimeoutError', -2],
        dropped: ['RequestError', 'RequestError', -1], aborted: 'Canceled', after: 200,
      });
    },
  },
  {
    name: 'multipartUploadCopy: a byte range in parts, the copy exactly that range',
    run: async ({ p }) => {
      const c = new window.OSS(window.rootOptions());
      const src = window.bytes(450 << 10, 3);
      await c.put(p + 'mc/src', src);
      const ps = [];
      const out = await c.multipartUploadCopy(p + 'mc/range', { sourceKey: p + 'mc/src', startOffset: 1000, endOffset: 1000 + (350 << 10) },
        { partSize: 100 << 10, parallel: 2, progress: (q, cpt) => { ps.push([q, cpt ? cpt.doneParts.length : null]); } });
      return { status: out.res.status, name: out.name, ps, same: await window.same((await c.get(p + 'mc/range')).content, src.subarray(1000, 1000 + (350 << 10))) };
    },
    check: (r, { p }) => {
      assert.deepEqual(r, { status: 200, name: p + 'mc/range', same: true, ps: [[0, 0], [0.25, 1], [0.5, 2], [0.75, 3], [1, 4], [1, null]] });
    },
  },
  {
    name: 'in a module Web Worker: put, get of every byte value, head and a 404, by the worker\'s own XMLHttpRequest',
    run: async ({ p }) => {
      // A blob: worker has no base for '/path' specifiers: import by absolute URL.
      const src = `
        import OSS from '${location.origin}/oss-upload.js';
        self.onmessage = async (e) => {
          try {
            const c = new OSS(e.data.options);
            const all = new Uint8Array(3 << 16).map((_, i) => i + (i >> 8));
            await c.put(e.data.key, all, { meta: { from: 'worker' } });
            const got = new Uint8Array(await (await c.get(e.data.key)).content.arrayBuffer());
            const head = await c.head(e.data.key);
            let missing;
            try { await c.get(e.data.key + '-missing'); } catch (err) { missing = [err.name, err.status]; }
            postMessage({ same: got.length === all.length && got.every((b, i) => b === all[i]), meta: head.meta, missing });
          } catch (err) { postMessage({ error: err.code + ': ' + err.message }); }
        };
        postMessage('ready');`;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
      try {
        return await new Promise((resolve) => {
          w.onmessage = (e) => (e.data === 'ready' ? w.postMessage({ options: window.rootOptions(), key: p + 'worker/bin' }) : resolve(e.data));
          w.onerror = (e) => resolve({ error: 'WorkerError: ' + e.message });
        });
      } finally { w.terminate(); }
    },
    check: (r) => {
      assert.deepEqual(r, { same: true, meta: { from: 'worker' }, missing: ['NoSuchKeyError', 404] });
    },
  },
  {
    name: 'signatureUrl (GET, and PUT with a Content-Type) and signatureUrlV4, fetched by the page',
    run: async ({ p }) => {
      // As ali-oss, no URL is signed for an IP endpoint: the same listener as a name.
      const c = new window.OSS(window.rootOptions({ endpoint: window.rootOptions().endpoint.replace('127.0.0.1', 'localhost') }));
      await c.put(p + 'signed.txt', 'signed body');
      const get = c.signatureUrl(p + 'signed.txt', { expires: 60, response: { 'content-disposition': 'attachment; filename="s.txt"' } });
      const v4 = await c.signatureUrlV4('GET', 60, {}, p + 'signed.txt');
      const put = c.signatureUrl(p + 'signed-put.txt', { method: 'PUT', expires: 60, 'Content-Type': 'text/plain' });
      const fetched = await fetch(get);
      const putRes = await fetch(put, { method: 'PUT', body: 'put by url', headers: { 'Content-Type': 'text/plain' } });
      return { text: await fetched.text(), disposition: fetched.headers.get('content-disposition'), v4: await (await fetch(v4)).text(),
        put: putRes.status, back: await window.text((await c.get(p + 'signed-put.txt')).content) };
    },
    check: (r) => {
      assert.deepEqual(r, { text: 'signed body', disposition: 'attachment; filename="s.txt"', v4: 'signed body', put: 200, back: 'put by url' });
    },
  },
];

let srv, noAnswer;
before(async () => { srv = await startServer(); noAnswer = await startNoAnswerServer(); });
after(async () => { await noAnswer?.close(); await srv?.cleanup(); });

for (const name of engines) {
  describe(name, { concurrency: 1 }, () => {
    let engine, page;
    const picked = makeFile(1024, 'picked.png');
    before(async () => {
      engine = await launchEngine(name);
      page = await modulePageOn(engine, srv.url);
      await installObjectHelpers(page, srv);
      await page.setInputFiles('#file', picked.path);
    });
    after(async () => { await page?.close(); await engine?.close(); });

    for (const c of cases) {
      test(c.name, { timeout, skip: c.skip?.[name] || false }, async () => {
        const p = `em-${name}/`;
        const r = await page.evaluate(c.run, { p, noAnswerURL: noAnswer.url });
        c.check(r, { p, ossURL: srv.ossURL, engine: name });
      });
    }
  });
}
