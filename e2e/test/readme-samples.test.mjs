// The README's usage block and ali-oss's own README samples, run unchanged
// apart from the import in Chromium against the embedded OSS (issue 12:
// "the README's usage block and ali-oss's README samples run unchanged apart
// from the import").
//
// ali-oss's samples are read from ali-oss 6.23's README.md (npm ali-oss, the
// pinned version), each found by its section and caption, so a sample is the
// text ali-oss publishes. Each runs twice, on ali-oss's own browser build and
// on our module, with the same `store` (ali-oss's samples' name for a client)
// and `file`; our module must end as ali-oss does (both succeed, or both
// throw the same error) and log as many values of the same types. The only
// changes to the samples are named in ADAPT below: placeholders and a path
// become values a browser has, and what only makes them runnable as a
// function body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, root } from '../lib/server.mjs';
import { launch, modulePage } from '../lib/browser.mjs';
import { assumeRole } from '../alioss-suite/run.mjs';

const require = createRequire(import.meta.url);
const aliDir = dirname(require.resolve('ali-oss/package.json'));
const aliREADME = readFileSync(join(aliDir, 'README.md'), 'utf8');

/** The code block after `caption` in the README section `heading` (the first one after `within`). */
function sample(heading, caption, within = '') {
  const start = aliREADME.indexOf(`\n### ${heading}\n`, aliREADME.indexOf(within));
  assert.ok(start >= 0, `ali-oss's README has section ${heading}`);
  const end = aliREADME.indexOf('\n### ', start + 5);
  const section = aliREADME.slice(start, end < 0 ? undefined : end);
  const m = new RegExp(`${caption.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\n]*\n(?:\n>[^\n]*\n)?\n\`\`\`(?:js|html)\n([\\s\\S]*?)\`\`\``).exec(section);
  assert.ok(m, `section ${heading} has the sample "${caption}"`);
  return m[1];
}

/**
 * The changes made to a sample, each named; nothing else is touched.
 * - A local path (Node's) becomes `file`, a File of the page, which is what
 *   ali-oss's browser build takes instead.
 * - Top-level `const` becomes `var`: ali-oss's samples declare `const
 *   result`/`const url` once per example in one block, which is valid only
 *   as separate snippets.
 * - A promise chain the sample leaves floating is awaited, so the harness
 *   knows when it ended.
 * - The browser sample's <script> tags: the script tag that loads the SDK is
 *   the import (OSS is given), its placeholders become the harness's
 *   credentials, and `endpoint` is added after `region` (the embedded OSS,
 *   as in the ported suite).
 */
const ADAPT = [
  [/'\/tmp\/file'/g, 'file'],
  [/^const /gm, 'var '],
  [/^(store|\s*store)\n?(\s*)\.(list|put|get|multipartUpload)\(/gm, 'await $1$2.$3('],
  [/^store\./gm, 'await store.'],
];

function adapt(code) {
  let s = code;
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(s);
  if (script) {
    s = script[1]
      .replace("'<access-key-id>'", 'cfg.accessKeyId').replace("'<access-key-secret>'", 'cfg.accessKeySecret')
      .replace("'<bucket-name>'", 'cfg.bucket').replace("'<security-token>'", 'cfg.stsToken')
      .replace("region: 'oss-cn-hangzhou',", "region: 'oss-cn-hangzhou', endpoint: cfg.endpoint,");
    s = s.replace(/^\s+/gm, '');
  }
  for (const [from, to] of ADAPT) s = s.replace(from, to);
  return s;
}

// [section, caption]: the browser sample and the object samples a front end uses.
const SAMPLES = [
  ['Basic usage', 'for creating client.', '\n## Browser Usage\n'],
  ['.list(query[, options])', 'List top 10 objects'],
  ['.list(query[, options])', 'List `fun/` dir including subdirs objects'],
  ['.list(query[, options])', 'List `fun/` dir objects, not including subdirs'],
  ['.get(name[, file, options])', 'Get an object content buffer'],
  ['.get(name[, file, options])', 'If `file` is Object, it will be treated as options.'],
  ['.delete(name[, options])', 'Delete an exists object'],
  ['.delete(name[, options])', 'Delete a not exists object'],
  ['.signatureUrl(name[, options, strictObjectNameValidation])', 'Get signature url for object'],
  ['.signatureUrl(name[, options, strictObjectNameValidation])', 'Get a signature url for a processed image'],
  ['.asyncSignatureUrl(name[, options, strictObjectNameValidation])', 'Get signature url for object'],
  ['.asyncSignatureUrl(name[, options, strictObjectNameValidation])', 'Get a signature url for a processed image'],
  ['.multipartUpload(name, file[, options])', 'Upload using multipart'],
  ['.multipartUpload(name, file[, options])', 'multipartUpload progress example'],
  ['.multipartUpload(name, file[, options])', 'multipartUpload with abort'],
  ['.multipartUpload(name, file[, options])', 'multipartUpload with cancel'],
  ['.multipartUpload(name, file[, options])', 'multipartUpload with capture `ConnectionTimeoutError` error'],
];

let srv, browser, context, page, cfg;
before(async () => {
  srv = await startServer();
  const creds = await assumeRole(`http://127.0.0.1:${srv.ports.sts}/`, srv.data);
  cfg = { region: 'cn-hangzhou', bucket: 'demo', endpoint: `http://localhost:${srv.ports.oss}`,
    accessKeyId: creds.Credentials.AccessKeyId, accessKeySecret: creds.Credentials.AccessKeySecret, stsToken: creds.Credentials.SecurityToken };
  browser = await launch();
  ({ context, page } = await modulePage(browser, srv.url));
  await page.route('**/aliyun-oss-sdk.js', (r) => r.fulfill({ contentType: 'text/javascript', body: readFileSync(join(aliDir, 'dist', 'aliyun-oss-sdk.js'), 'utf8') }));
  await page.evaluate(async () => {
    window.ModuleOSS = window.OSS;
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/aliyun-oss-sdk.js'; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
    window.AliOSS = window.OSS;
    window.OSS = window.ModuleOSS;
  });
});
after(async () => { await context?.close(); await browser?.close(); await srv?.cleanup(); });

/** Runs a sample body on one client: {ok, error, logs (typeof of each logged value)}. */
function run(client, body) {
  return page.evaluate(async ({ client, body, cfg }) => {
    const OSS = client === 'alioss' ? window.AliOSS : window.ModuleOSS;
    const store = new OSS({ ...cfg });
    // What the samples read or fetch: an object, and a 300 KiB file the page chose.
    await store.put('ossdemo/demo.txt', OSS.Buffer('demo'));
    const file = new File([new Uint8Array(300 << 10).fill(97)], 'file.bin');
    const logs = [];
    const console = { log: (...a) => { logs.push(a.map((v) => (v === null ? 'null' : typeof v)).join(',')); } };
    try {
      // eslint-disable-next-line no-new-func
      await new Function('OSS', 'store', 'file', 'console', 'cfg', `return (async () => {\n${body}\n})();`)(OSS, store, file, console, cfg);
      return { ok: true, logs };
    } catch (e) {
      return { ok: false, error: `${e?.name}${e?.code ? ' ' + e.code : ''}`, message: String(e?.message), logs };
    }
  }, { client, body, cfg });
}

test("ali-oss's README samples end on our module as on ali-oss", { timeout: 300_000 }, async (t) => {
  let ran = 0;
  for (const [heading, caption, within] of SAMPLES) {
    const body = adapt(sample(heading, caption, within));
    await t.test(`${heading} ${caption}`, async (st) => {
      const ali = await run('alioss', body);
      const ours = await run('module', body);
      assert.equal(ours.ok, ali.ok, `ali-oss ${JSON.stringify(ali)}; ours ${JSON.stringify(ours)}\n${body}`);
      if (!ali.ok) assert.equal(ours.error, ali.error, JSON.stringify({ ali, ours }));
      assert.deepEqual(ours.logs, ali.logs, 'the same values logged');
      if (ali.ok) ran++;
      st.diagnostic(`${ali.ok ? 'ran' : `threw ${ali.error}`} on both; ${ali.logs.length} lines logged`);
    });
  }
  assert.ok(ran >= 10, `${ran} samples ran on ali-oss`);
});

test("the README's usage block runs unchanged apart from the import", { timeout: 120_000 }, async () => {
  const md = readFileSync(join(root, 'README.md'), 'utf8');
  const block = [...md.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => /^import OSS from /m.test(b));
  assert.ok(block, 'README.md has a usage block');
  const body = `${block.replace(/^import OSS from .*$/m, '')}\nreturn { result, prefix };`;
  const r = await page.evaluate(async (body) => {
    const file = new File([new Uint8Array((8 << 20) + 12345).fill(7)], 'clip.mp4', { type: 'video/mp4' });
    // eslint-disable-next-line no-new-func
    const { result, prefix } = await new Function('OSS', 'file', `return (async () => {\n${body}\n})();`)(window.ModuleOSS, file);
    const head = await new window.ModuleOSS({ stsEndpoint: '/api/sts' }).head(result.name);
    return { name: result.name, prefix, status: result.res.status, etag: typeof result.etag, size: head.res.headers['content-length'],
      type: head.res.headers['content-type'], owner: head.meta.owner };
  }, body);
  assert.equal(r.name, `${r.prefix}clip.mp4`);
  assert.equal(r.status, 200);
  assert.equal(r.etag, 'string');
  assert.equal(r.size, String((8 << 20) + 12345));
  assert.equal(r.type, 'video/mp4');
  assert.equal(r.owner, 'me');
});
