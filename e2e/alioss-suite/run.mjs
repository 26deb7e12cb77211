// Runs the ported ali-oss 6.23 browser suite in a browser engine (Chromium by
// default; ENGINE=firefox or webkit, through e2e/lib/engines.mjs) against the
// real server (embedded OSS and STS on free ports), with the client under
// test as a switch: "alioss" (ali-oss's own dist/aliyun-oss-sdk.js) or
// "module" (our web/oss-upload.js). Prints pass/fail counts per client.
//
//   node alioss-suite/run.mjs [alioss|module ...]   (default: alioss)
//   VERBOSE=1 prints every failure; GREP=regex runs matching cases only.
import { mkdtempSync, cpSync, rmSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer, root } from '../lib/server.mjs';
import { launchEngine } from '../lib/engines.mjs';
import { build } from './build.mjs';
import { exclusions, isPublicAPI, expectedCases } from './adapt.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// Local mode's root key ID and role (README "What make run starts"); the
// secret is generated per data directory (local-secrets.json).
const rootKeyID = 'LTAIlocalroot0000000';
const roleArn = 'acs:ram::1000000000000000:role/ossupload-local';

/** A web directory: the app's web/ plus the suite page, mocha, ali-oss's build and the bundle. */
async function webDir() {
  const dir = mkdtempSync(join(tmpdir(), 'alioss-suite-web-'));
  cpSync(join(root, 'web'), dir, { recursive: true });
  const s = join(dir, 'alioss-suite');
  mkdirSync(s);
  const out = join(here, '..', 'build', 'alioss-suite');
  mkdirSync(out, { recursive: true });
  cpSync(await build(out), join(s, 'tests.js'));
  cpSync(require.resolve('mocha/mocha.js'), join(s, 'mocha.js'));
  cpSync(join(dirname(require.resolve('ali-oss/package.json')), 'dist', 'aliyun-oss-sdk.js'), join(s, 'aliyun-oss-sdk.js'));
  cpSync(join(here, 'suite.html'), join(s, 'index.html'));
  return dir;
}

/** AssumeRole on the embedded STS with ali-oss's own STS client, as ali-oss's test build does. */
export async function assumeRole(stsURL, dataDir) {
  const { rootAccessKeySecret } = JSON.parse(readFileSync(join(dataDir, 'local-secrets.json'), 'utf8'));
  const OSS = require('ali-oss');
  const sts = new OSS.STS({ accessKeyId: rootKeyID, accessKeySecret: rootAccessKeySecret, endpoint: stsURL });
  const r = await sts.assumeRole(roleArn, undefined, 3600, 'alioss-suite');
  return JSON.parse(r.res.data.toString());
}

/** Summarize one client's results. */
export function summarize(client, cases, results) {
  const rows = cases.map((c) => ({ ...c, public: isPublicAPI(c.body), ...(results[c.fullTitle] || { state: 'failed', err: 'did not run' }) }));
  const count = (f) => rows.filter(f).length;
  const unregistered = Math.max(0, expectedCases - rows.length);
  return {
    client,
    total: rows.length + unregistered,
    unregistered,
    passed: count((r) => r.state === 'passed'),
    failed: count((r) => r.state === 'failed') + unregistered,
    skipped: count((r) => r.state === 'skipped'),
    publicTotal: count((r) => r.public),
    publicPassed: count((r) => r.public && r.state === 'passed'),
    rows,
  };
}

/** Run the suite once per client in engine; returns a summary per client. */
export async function runSuite(clients = ['alioss'], { grep, engine: engineName = 'chromium' } = {}) {
  const web = await webDir();
  const server = await startServer({ web });
  const engine = await launchEngine(engineName);
  const out = [];
  try {
    const creds = await assumeRole(`http://127.0.0.1:${server.ports.sts}/`, server.data);
    const config = { ...creds, region: 'cn-hangzhou', bucket: 'demo', endpoint: `http://localhost:${server.ports.oss}` };
    for (const client of clients) {
      const page = await engine.newPage();
      // The page's console, where the engine's driver reports it (Playwright, Puppeteer).
      page.raw?.on?.('console', (m) => { if (process.env.DEBUG || (process.env.PROGRESS && m.text().startsWith('suite:'))) console.log('[page]', m.text()); });
      const exclusions = exclusionsFor(client, engineName, grep);
      await page.goto(`${server.url}/alioss-suite/?client=${client}#${encodeURIComponent(JSON.stringify({ config, exclusions }))}`);
      await page.waitForFunction(() => window.__suite && window.__suite.done, null, { timeout: 20 * 60 * 1000 });
      const { cases, results, fatal, loadErrors } = await page.evaluate(() => window.__suite);
      if (fatal) throw new Error(`${client} in ${engineName}: ${fatal}`);
      out.push({ ...summarize(client, cases, results), engine: engineName, loadErrors });
      await page.close();
    }
  } finally {
    await engine.close();
    await server.cleanup();
    rmSync(web, { recursive: true, force: true });
  }
  return out;
}

/** The exclusions that apply to client in engine, as the page takes them (and GREP's). */
function exclusionsFor(client, engine, grep) {
  const list = exclusions.filter((e) => (!e.clients || e.clients.includes(client)) && (!e.engines || e.engines.includes(engine))).map((e) => ({ source: e.title.source, flags: e.title.flags, reason: e.reason }));
  if (grep) list.push({ source: `^(?!.*(${grep}))`, flags: '', reason: 'GREP' });
  return list;
}

/** One line per client, and the failures when verbose. */
export function report(summaries, verbose) {
  for (const s of summaries) {
    console.log(`ali-oss suite [${s.client}${s.engine && s.engine !== 'chromium' ? ' in ' + s.engine : ''}]: ${s.passed}/${s.total} passed, ${s.failed} failed, ${s.skipped} skipped; public-API cases ${s.publicPassed}/${s.publicTotal}`);
    if (s.unregistered) console.log(`  ${s.unregistered} cases were never registered: the suite stopped loading under this client (counted as failed)`);
    for (const e of s.loadErrors || []) console.log(`  the suite stopped registering cases: ${e.split('\n').slice(0, 3).join(' | ')}`);
    if (verbose) {
      for (const r of s.rows.filter((x) => x.state === 'failed')) console.log(`  FAIL ${r.public ? '' : '(internal) '}${r.fullTitle}\n       ${String(r.err).split('\n').slice(0, 3).join('\n       ')}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const clients = process.argv.slice(2);
  const s = await runSuite(clients.length ? clients : ['alioss'], { grep: process.env.GREP, engine: process.env.ENGINE });
  report(s, !!process.env.VERBOSE);
  if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(s, null, 1));
}
