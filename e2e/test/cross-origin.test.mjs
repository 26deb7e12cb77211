// Where the app lives: the module is served from one origin (the app server,
// standing in for a CDN) and imported by a page on another. A relative
// stsEndpoint resolves against the page, and the STS request carries the
// application's bearer token (stsHeaders), same-origin or cross-origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

// The broker's bearer-token mode: the server is started with this secret,
// and the test plays the application's login, which issues tokens.
const secret = randomBytes(32).toString('base64');
process.env.OSSUPLOAD_AUTH_SECRET = secret;
const token = (id) => `${id}.${createHmac('sha256', secret).update(`bearer\0${id}`).digest('base64url')}`;

let srv, browser, page0, pageOrigin;
before(async () => {
  // The page's own origin: a page, and /api/sts forwarded to the app's
  // broker as a same-origin backend would (Authorization passed through).
  let appURL;
  page0 = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/api/sts') {
      const r = await fetch(appURL + '/api/sts', { method: 'POST', headers: { Authorization: req.headers.authorization ?? '' } });
      res.writeHead(r.status, { 'Content-Type': 'application/json' });
      res.end(await r.text());
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another origin</title><body></body>');
  });
  await new Promise((r) => page0.listen(0, '127.0.0.1', r));
  pageOrigin = `http://127.0.0.1:${page0.address().port}`;
  srv = await startServer({ extraArgs: ['-allowed-origins', pageOrigin] });
  appURL = srv.url;
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.cleanup(); page0?.close(); });

/** Runs fn in a page on pageOrigin with the module imported from the app's origin. */
async function onOtherOrigin(fn, arg) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => { if (process.env.DEBUG) console.log('[page]', m.text()); });
  await page.goto(pageOrigin + '/app/page.html');
  try {
    return await page.evaluate(fn, arg);
  } finally {
    await context.close();
  }
}

const upload = async ({ moduleURL, sts, token, base }) => {
  const { default: OSS } = await import(moduleURL);
  const data = new Uint8Array(300000).map((_, i) => (i * 7) % 251);
  const client = new OSS({ stsEndpoint: sts, stsHeaders: () => ({ Authorization: 'Bearer ' + token }) });
  try {
    const info = await client.info();
    const r = await client.multipartUpload(info.prefix + 'cross.bin', new Blob([data]), { partSize: 102400 });
    const got = new Uint8Array(await (await fetch(await client.signatureUrl(r.name))).arrayBuffer());
    return { ok: true, prefix: info.prefix, same: got.length === data.length && got.every((b, i) => b === data[i]), sts: client.options.stsEndpoint };
  } catch (e) {
    return { ok: false, code: e.code, message: e.message };
  }
};

test('a relative stsEndpoint goes to the page\'s origin, not the module\'s, with the bearer token', async () => {
  const out = await onOtherOrigin(upload, { moduleURL: srv.url + '/oss-upload.js', sts: '/api/sts', token: token('alice') });
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.equal(out.sts, pageOrigin + '/api/sts');
  assert.equal(out.same, true);
  assert.match(out.prefix, /alice/);
});

test('a cross-origin stsEndpoint with a bearer token in stsHeaders', async () => {
  const out = await onOtherOrigin(upload, { moduleURL: srv.url + '/oss-upload.js', sts: srv.url + '/api/sts', token: token('bob') });
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.equal(out.same, true);
  assert.match(out.prefix, /bob/);
});

test('without the token the broker refuses in words; bad STS options are typed errors', async () => {
  const out = await onOtherOrigin(async (moduleURL) => {
    const { default: OSS } = await import(moduleURL);
    // Bad options throw from the constructor once the module is loaded, and
    // reject the first call before: either way, a typed error.
    const code = async (f) => { try { await f(); return 'resolved'; } catch (e) { return e.code; } };
    return {
      none: await code(() => new OSS({ stsEndpoint: '/api/sts' }).info()),
      badToken: await code(() => new OSS({ stsEndpoint: '/api/sts', stsHeaders: { Authorization: 'Bearer nobody.x' } }).info()),
      badMode: await code(() => new OSS({ stsEndpoint: '/api/sts', stsCredentials: 'always' }).info()),
      badHeaders: await code(() => new OSS({ stsEndpoint: '/api/sts', stsHeaders: 'Bearer x' }).info()),
      throwing: await code(() => new OSS({ stsEndpoint: '/api/sts', stsHeaders: () => { throw new Error('no session'); } }).info()),
    };
  }, srv.url + '/oss-upload.js');
  assert.deepEqual(out, { none: 'Unauthenticated', badToken: 'Unauthenticated', badMode: 'InvalidArgument', badHeaders: 'InvalidArgument', throwing: 'CredentialsUnavailable' });
});
