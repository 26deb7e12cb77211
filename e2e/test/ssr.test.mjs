// Server-side rendering: importing the module in Node does not throw, leaves
// no globals, and every call rejects with a typed error saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/server.mjs';

test('importing in Node works; calls reject with NotSupported', async () => {
  const before = Object.getOwnPropertyNames(globalThis);
  const m = await import(pathToFileURL(join(root, 'web', 'oss-upload.js')).href);
  assert.deepEqual(Object.getOwnPropertyNames(globalThis).filter((k) => !before.includes(k)), []);
  const client = new m.default({ stsEndpoint: '/api/sts' });
  for (const call of [() => client.info(), () => client.multipartUpload('a', new Blob(['x'])), () => m.default.preload()]) {
    await assert.rejects(call(), (e) => e.code === 'NotSupported' && /runs in browsers/.test(e.message));
  }
  assert.equal(m.wasmMemoryBytes(), 0);
});
