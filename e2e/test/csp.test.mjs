// The module under a strict Content-Security-Policy: script-src 'self'
// 'wasm-unsafe-eval' is all it needs (no 'unsafe-eval', no inline script, no
// blob: workers); without 'wasm-unsafe-eval' it fails with a typed error.
// The page's origin is a small reverse proxy in front of the app (so the
// module and /api/sts are 'self') that sends the policy in a real header;
// Playwright's request interception is not used, as it loses XHR Blob bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let srv, browser, proxy, origin;
before(async () => {
  proxy = http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/csp.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': u.searchParams.get('csp') });
      res.end('<!doctype html><title>csp</title><body></body>');
      return;
    }
    const body = req.method === 'POST' ? await new Response(req).arrayBuffer() : undefined;
    const headers = {};
    for (const h of ['cookie', 'content-type', 'authorization', 'accept']) if (req.headers[h]) headers[h] = req.headers[h];
    const r = await fetch(srv.url + req.url, { method: req.method, headers, body });
    const out = {};
    for (const h of ['content-type', 'set-cookie', 'cache-control']) if (r.headers.get(h)) out[h] = r.headers.get(h);
    res.writeHead(r.status, out);
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${proxy.address().port}`;
  // The embedded OSS answers CORS for the page's origin, as a bucket's rule would.
  srv = await startServer({ extraArgs: ['-allowed-origins', origin] });
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.cleanup(); proxy?.close(); });

/** A page served with the given CSP header, reporting violations. */
async function pageWithCSP(csp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/csp.html?csp=' + encodeURIComponent(csp));
  await page.evaluate(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page };
}

const uploadOnce = async () => {
  const { default: OSS } = await import('/oss-upload.js');
  const data = new Uint8Array(5 << 20).map((_, i) => (i * 13) % 251);
  try {
    const client = new OSS({ stsEndpoint: '/api/sts' });
    const info = await client.info();
    const r = await client.multipartUpload(info.prefix + 'csp.bin', new Blob([data]), { partSize: 1 << 20, parallel: 4 });
    const got = new Uint8Array(await (await fetch(await client.signatureUrl(r.name))).arrayBuffer());
    return { ok: true, same: got.length === data.length && got.every((b, i) => b === data[i]), violations: window.violations };
  } catch (e) {
    return { ok: false, code: e.code, message: e.message, violations: window.violations };
  }
};

test("script-src 'self' 'wasm-unsafe-eval': uploads with integrity, no violations", async () => {
  const { context, page } = await pageWithCSP("script-src 'self' 'wasm-unsafe-eval'");
  const out = await page.evaluate(uploadOnce);
  assert.deepEqual(out, { ok: true, same: true, violations: [] });
  await context.close();
});

test("script-src 'self' alone: a typed error that names the cause", async () => {
  const { context, page } = await pageWithCSP("script-src 'self'");
  const out = await page.evaluate(uploadOnce);
  assert.equal(out.ok, false);
  assert.equal(out.code, 'ModuleBlockedByCSP');
  assert.match(out.message, /wasm-unsafe-eval/);
  await context.close();
});
