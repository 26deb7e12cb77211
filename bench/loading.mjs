// make bench-loading: what the module costs a visitor, in Chromium against
// the app server on loopback. For a page that imports the module but never
// uploads; a first visit that uploads (import + first call); and a repeat
// visit in the same browser profile: bytes over the wire (Resource Timing's
// transferSize: headers and body as received, compressed), requests, and time
// from import() to the module being ready. Medians of ROUNDS fresh profiles.
// Writes docs/loading.md.
import { writeFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../e2e/lib/server.mjs';
import { launch } from '../e2e/lib/browser.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const kB = (n) => (n / 1000).toFixed(1) + ' kB';

const srv = await startServer();
const browser = await launch();

// One visit: load a blank page, import the module, optionally preload it;
// report what the import and the load transferred and how long they took.
async function visit(context, { upload }) {
  const page = await context.newPage();
  await page.goto(srv.url + '/healthz');
  const out = await page.evaluate(async (upload) => {
    performance.clearResourceTimings();
    const t0 = performance.now();
    const { default: OSS } = await import('/oss-upload.js');
    const imported = performance.now() - t0;
    if (upload) await OSS.preload();
    else await new Promise((r) => setTimeout(r, 500)); // anything the import started has time to show
    const ready = performance.now() - t0;
    const res = performance.getEntriesByType('resource').map((e) => ({
      name: new URL(e.name).pathname, transfer: e.transferSize, body: e.encodedBodySize, decoded: e.decodedBodySize,
    }));
    return { imported, ready, res };
  }, upload);
  await page.close();
  const wasm = out.res.filter((r) => r.name.endsWith('.wasm'));
  return {
    importMs: out.imported, readyMs: out.ready, requests: out.res.length,
    transfer: out.res.reduce((s, r) => s + r.transfer, 0),
    wasmTransfer: wasm.reduce((s, r) => s + r.transfer, 0), wasmFetched: wasm.length,
    jsTransfer: out.res.filter((r) => r.name.endsWith('.js')).reduce((s, r) => s + r.transfer, 0),
    res: out.res,
  };
}

const rows = { never: [], first: [], repeat: [], third: [] };
for (let i = 0; i < ROUNDS; i++) {
  let ctx = await browser.newContext();
  rows.never.push(await visit(ctx, { upload: false }));
  await ctx.close();
  ctx = await browser.newContext();
  rows.first.push(await visit(ctx, { upload: true }));
  rows.repeat.push(await visit(ctx, { upload: true }));
  // Chromium may keep the compiled wasm code with the cached response once
  // its optimising tier has run; a later visit shows whether that pays.
  rows.third.push(await visit(ctx, { upload: true }));
  await ctx.close();
}
await browser.close();
await srv.cleanup();

const files = readdirSync(join(root, 'web')).filter((f) => /^oss-upload\.[0-9a-f]{16}\.wasm/.test(f));
const size = (suffix) => { const f = files.find((n) => n.endsWith('.wasm' + suffix)); return f ? statSync(join(root, 'web', f)).size : NaN; };
const m = (k, key) => median(rows[k].map((r) => r[key]));
const table = [
  '| visit | requests | bytes over the wire | of which wasm | wasm resources | import() resolved | ready (import + load) |',
  '|---|---|---|---|---|---|---|',
  ...[['page that imports but never uploads', 'never'], ['first visit, uploads', 'first'], ['repeat visit, uploads', 'repeat'], ['third visit, uploads', 'third']].map(([label, k]) =>
    `| ${label} | ${m(k, 'requests')} | ${kB(m(k, 'transfer'))} | ${kB(m(k, 'wasmTransfer'))} | ${m(k, 'wasmFetched')} | ${m(k, 'importMs').toFixed(0)} ms | ${k === 'never' ? '—' : m(k, 'readyMs').toFixed(0) + ' ms'} |`),
];
const md = `# Loading cost

Written by \`make bench-loading\` (bench/loading.mjs): Chromium (headless, Debian's) against the app server on
loopback, ${ROUNDS} fresh browser profiles, medians. "Bytes over the wire" is Resource Timing's transferSize (headers
and compressed body as received; 0 when served from the cache without asking). Loopback: times are compile and
start-up cost, not network time.

${table.join('\n')}

The module's wasm: ${(size('') / 1e6).toFixed(2)} MB raw, ${(size('.br') / 1e6).toFixed(2)} MB brotli (served to
Chromium), ${(size('.zst') / 1e6).toFixed(2)} MB zstd, ${(size('.gz') / 1e6).toFixed(2)} MB gzip.

What those bytes are, per package, why the linker keeps them and what cutting them would take: docs/wasm-size.md.

Repeat visits revalidate the module's JavaScript files (no-cache, answered 304 with no body): their few hundred bytes
of headers are the repeat visit's bytes. The wasm is under a content-hashed name with \`Cache-Control: immutable\`:
on a repeat visit it comes from the browser's cache without a request (a resource entry with transferSize 0).

Resources of one first visit:

| resource | transferred | body | decoded |
|---|---|---|---|
${rows.first[0].res.map((r) => `| ${r.name} | ${r.transfer} | ${r.body} | ${r.decoded} |`).join('\n')}
`;
writeFileSync(join(root, 'docs', 'loading.md'), md);
console.log(md);
