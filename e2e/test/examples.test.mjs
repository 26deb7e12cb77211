// The package as front ends consume it: examples/ installs npm pack's tarball
// of web/ and builds one app with Vite and with webpack (make examples). The
// built output, served by the app server, uploads in Chromium: the bundlers
// found the wasm and the CRC worker, and nothing loads before the first call.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let browser;
const servers = [];
after(async () => { await browser?.close(); for (const s of servers) await s.cleanup(); });

for (const bundler of ['vite', 'webpack']) {
  test(`the ${bundler} build uploads byte-exact and fetches the wasm only when used`, async (t) => {
    const dist = join(root, 'examples', 'dist', bundler);
    assert.ok(existsSync(join(dist, 'index.html')), `${dist} is missing: run make examples`);
    const srv = await startServer({ web: dist });
    servers.push(srv);
    browser ??= await launch();
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(srv.url + '/');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(requests.filter((p) => p.endsWith('.wasm')), [], 'no wasm before the first call');

    const data = Buffer.alloc((3 << 20) + 12345).map((_, i) => (i * 17) % 251);
    await page.setInputFiles('#file', { name: `${bundler}.bin`, mimeType: 'application/octet-stream', buffer: data });
    await page.waitForFunction(() => /^uploaded|: /.test(document.getElementById('status').textContent), null, { timeout: 120000 });
    assert.match(await page.textContent('#status'), /^uploaded .*\.bin$/);
    const got = await page.evaluate(async () => {
      const b = new Uint8Array(await (await fetch(window.example.last.url)).arrayBuffer());
      return { size: b.length, sha256: [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))].map((x) => x.toString(16).padStart(2, '0')).join('') };
    });
    assert.deepEqual(got, { size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    const wasm = requests.filter((p) => p.endsWith('.wasm'));
    t.diagnostic(JSON.stringify({ wasm, crc64: requests.filter((p) => /crc64/.test(p)) }));
    assert.equal(wasm.length, 1);
    await context.close();
  });
}
