// make bench (WAN part): uploads through a simulated WAN link, ali-oss against
// this module, in headless Chromium over a bare CDP pipe. The link is
// bench/wan (embedded Toxiproxy for latency, per-connection bandwidth and
// connection resets, behind a shared per-direction cap of all connections).
// Writes the WAN section of docs/benchmarks.md.
//
// WAN_SIZE_MIB (256), WAN_PROFILES (broadband,mobile), WAN_SCENARIOS
// (clean,reload,resets), WAN_CONTENDERS (all), WAN_RESET_PCT (1),
// WAN_ROUNDS (3: the contenders of a scenario take turns, round after round,
// and the report gives medians; the small files too), WAN_SMALL_FILES (200;
// 0 skips) tune the run.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, root } from '../e2e/lib/server.mjs';
import { makeFile } from '../e2e/lib/files.mjs';
import { launchChromium } from './cdp.mjs';

const MiB = 1 << 20;
const SIZE = Number(process.env.WAN_SIZE_MIB || 256) * MiB;
const RESET_PCT = Number(process.env.WAN_RESET_PCT || 1);
const profiles = {
  broadband: { rttMs: 40, rateBitsPerS: 100e6 },
  mobile: { rttMs: 120, rateBitsPerS: 20e6 },
};
const scenarios = ['clean', 'reload', 'resets'];
const contenders = {
  // Not a contender: what plain fetch PUTs reach through this link (clean only).
  'link ceiling: fetch PUT 4 x 8 MiB': { start: (k) => `wan.ceiling(${k})`, resumes: false, only: 'clean' },
  'ali-oss defaults': { start: (k) => `wan.alioss(${k}, 0, 0)`, resumes: false },
  'ali-oss 4 x 8 MiB': { start: (k) => `wan.alioss(${k}, ${8 * MiB}, 4)`, resumes: false },
  'ali-oss documented resume': { start: (k) => `wan.aliossResume(${k})`, resumes: true },
  'ossupload defaults': { start: (k) => `wan.ours(${k})`, resumes: true },
};
const pick = (env, all) => (process.env[env] ? process.env[env].split(',').map((s) => s.trim()) : all);
const useProfiles = pick('WAN_PROFILES', Object.keys(profiles));
const useScenarios = pick('WAN_SCENARIOS', scenarios);
const useContenders = pick('WAN_CONTENDERS', Object.keys(contenders)).filter((c) => contenders[c]); // 'none': small files only
const SMALL = Number(process.env.WAN_SMALL_FILES ?? 200);
const ROUNDS = Math.max(1, Number(process.env.WAN_ROUNDS || 3));
const fmt = (x, d = 1) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// WAN_MERGE=1 keeps the rows of an earlier run of this section that this run
// does not repeat (to rerun one scenario without the others).
const SECTION = process.env.WAN_SECTION || 'wan';
const resultsPath = join(root, 'build', `${SECTION}-results.json`);
// WAN_REPORT_ONLY=1 measures nothing: it rewrites the section from the saved results.
const REPORT_ONLY = process.env.WAN_REPORT_ONLY === '1';
const earlier = (process.env.WAN_MERGE === '1' || REPORT_ONLY) && existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : { rows: [], smallRes: null };

// measure runs every chosen upload and returns the rows.
async function measure() {
const web = mkdtempSync(join(tmpdir(), 'ossupload-wan-web-'));
cpSync(join(root, 'web'), web, { recursive: true });
cpSync(join(root, 'bench', 'wan-page.html'), join(web, 'wan-page.html'));
cpSync(join(root, 'e2e', 'node_modules', 'ali-oss', 'dist', 'aliyun-oss-sdk.min.js'), join(web, 'aliyun-oss-sdk.min.js'));
const wanBin = join(mkdtempSync(join(tmpdir(), 'ossupload-wan-bin-')), 'wan');
execFileSync('go', ['build', '-o', wanBin, './bench/wan'], { cwd: root });

let srv, chrome, wanProc, file, small;
async function cleanup() {
  try { await chrome?.close(); } catch { /* gone */ }
  try { await srv?.cleanup(); } catch { /* gone */ }
  wanProc?.kill();
  for (const p of [web, dirname(wanBin), file && dirname(file.path), small && dirname(small.path)]) if (p) rmSync(p, { recursive: true, force: true });
}
process.on('uncaughtException', async (e) => { console.error('wan bench failed:', e); await cleanup(); process.exit(1); });
process.on('unhandledRejection', async (e) => { console.error('wan bench failed:', e); await cleanup(); process.exit(1); });

srv = await startServer({ web });
wanProc = spawn(wanBin, ['-upstream', new URL(srv.ossURL).host], { stdio: ['ignore', 'pipe', 'inherit'] });
const wan = await new Promise((resolve, reject) => {
  let out = '';
  wanProc.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/wan: listen (\S+) control (\S+)/);
    if (m) resolve({ endpoint: 'http://' + m[1], control: m[2] });
  });
  wanProc.on('exit', (c) => reject(new Error('wan exited ' + c)));
});
const setProfile = async (p) => {
  const r = await fetch(wan.control + '/profile', { method: 'POST', body: JSON.stringify(p) });
  if (!r.ok) throw new Error('profile: ' + (await r.text()));
};
const linkStats = async () => (await fetch(wan.control + '/stats')).json();
const objDir = join(srv.data, 'b', 'demo', 'o');
const clearObjects = () => { for (const f of readdirSync(objDir)) rmSync(join(objDir, f), { force: true }); };

file = makeFile(SIZE, 'wan.bin');
chrome = await launchChromium();
const { page } = chrome;
async function openPage() {
  await page.goto(srv.url + '/wan-page.html');
  for (let i = 0; i < 600 && !(await page.eval('window.__ready === true')); i++) await sleep(50);
  await page.eval(`window.__endpoint = ${JSON.stringify(wan.endpoint)}`);
}
console.error(`wan: ${SIZE / MiB} MiB; profiles ${useProfiles}; scenarios ${useScenarios}; link ${wan.endpoint}`);

// One upload: wall time from the first call to the committed object, with a
// reload at 50% when asked (the user picks the same file again at once).
async function runOne(name, c, scenario, key) {
  await openPage();
  await page.eval('localStorage.clear(); indexedDB.databases().then((dbs) => Promise.all(dbs.map((d) => new Promise((r) => { const q = indexedDB.deleteDatabase(d.name); q.onsuccess = q.onerror = q.onblocked = r; }))))');
  await openPage();
  await page.setFile('#file', file.path);
  const s0 = await srv.stats();
  const l0 = await linkStats(); // the link counts from the last profile change: this upload's share is the difference
  const t0 = Date.now();
  let failures = 0, errors = [], reloaded = false;
  const k = JSON.stringify(key);
  page.eval(`void (window.__run = ${c.start(k)}.catch((e) => { window.__state.fatal = String(e); }))`).catch(() => {});
  for (;;) {
    await sleep(200);
    let st;
    try { st = await page.eval('window.__state'); } catch { continue; }
    // The reload comes when the backend has received half the file: the
    // same physical point for every contender (their progress figures
    // differ: ali-oss counts finished parts, this module bytes sent).
    if (scenario === 'reload' && !reloaded && (await srv.stats()).bytesReceived - s0.bytesReceived >= SIZE / 2) {
      failures += st.failures; errors.push(...st.errors);
      reloaded = true;
      await openPage();
      await page.setFile('#file', file.path);
      page.eval(`void (window.__run = ${c.start(k)}.catch((e) => { window.__state.fatal = String(e); }))`).catch(() => {});
      continue;
    }
    if (st.done || st.fatal) {
      failures += st.failures; errors.push(...st.errors);
      if (st.fatal) errors.push('fatal: ' + st.fatal);
      break;
    }
    if (Date.now() - t0 > Number(process.env.WAN_TIMEOUT_S || 1800) * 1000) { errors.push('timeout'); break; }
  }
  // The page stamps the moment the object was committed; polling adds no delay.
  let doneAt;
  try { doneAt = await page.eval('window.__state.doneAt'); } catch { /* page gone */ }
  const ms = (doneAt ?? Date.now()) - t0;
  const s1 = await srv.stats();
  const l1 = await linkStats();
  const link = { conns: l1.conns - l0.conns, resets: l1.resets - l0.resets };
  const ok = !errors.some((e) => e.startsWith('fatal') || e === 'timeout');
  clearObjects();
  return { ms, ok, failures, errors: errors.slice(0, 3), backendBytes: s1.bytesReceived - s0.bytesReceived, link };
}

const rows = [];
for (const pn of useProfiles) {
  for (const scenario of useScenarios) {
    const prof = { ...profiles[pn], resetPct: scenario === 'resets' ? RESET_PCT : 0, resetAfterMs: 0, resetEveryMs: 1000 };
    await setProfile(prof);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const cn of useContenders) {
        if (contenders[cn].only && contenders[cn].only !== scenario) continue;
        const r = await runOne(cn, contenders[cn], scenario, `wan/${pn}-${scenario}-${cn.replace(/\W+/g, '-')}-${round}.bin`);
        const capacity = prof.rateBitsPerS / 8; // bytes per second
        const goodput = r.ok ? SIZE / (r.ms / 1000) / capacity : NaN;
        rows.push({ profile: pn, scenario, contender: cn, round, ...r, goodput, at: new Date().toISOString().slice(11, 16) });
        console.error(`  ${pn} ${scenario} round ${round} ${cn}: ${fmt(r.ms / 1000)} s, goodput ${fmt(goodput, 2)}, backend ${fmt(r.backendBytes / MiB)} MiB, failures ${r.failures}, conns ${r.link.conns}, resets ${r.link.resets} ${r.errors.join(' | ')}`);
      }
    }
  }
}

// Many small files over the broadband profile.
let smallRes = earlier.smallRes;
if (SMALL > 0) {
  await setProfile({ ...profiles.broadband, resetPct: 0 });
  small = makeFile(64 * 1024, 'small.bin');
  // Interleaved rounds in alternating order, each on a fresh page (a new
  // module instance, as a user's visit) with new names: a name sent before
  // has its CORS preflight cached by the browser, which would halve the
  // round trips of every round after the first.
  const runs = { ours: [], ali: [] };
  let failures = 0, errors = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const w of r % 2 ? ['ali', 'ours'] : ['ours', 'ali']) {
      await openPage();
      await page.setFile('#file', small.path);
      runs[w].push(await page.eval(`wan.${w === 'ours' ? 'smallOurs' : 'smallAli'}(${SMALL}, 4, ${JSON.stringify(`r${r}-`)})`));
      const st = await page.eval('window.__state');
      failures += st.failures; errors.push(...st.errors);
      console.error(`  small files round ${r + 1} ${w}: ${fmt(SMALL / (runs[w].at(-1).ms / 1000))}/s`);
    }
  }
  const med = (xs) => { const v = xs.map((x) => x.ms).sort((a, b) => a - b); return { ...xs[0], ms: v[Math.floor(v.length / 2)], all: xs.map((x) => Math.round(x.ms)) }; };
  const ours = med(runs.ours), ali = med(runs.ali);
  smallRes = { ours, ali, rounds: ROUNDS, failures, errors: errors.slice(0, 3) };
  clearObjects();
  console.error(`  small files: ours ${fmt(SMALL / (ours.ms / 1000))}/s (put: ${ours.usePut}), ali-oss ${fmt(SMALL / (ali.ms / 1000))}/s`);
}
const version = chrome.version;
return { rows, smallRes, version, cleanup };
}

let rows = [], smallRes = earlier.smallRes, version = earlier.version ?? process.env.WAN_VERSION ?? 'Chromium';
// REPORT_ONLY summarizes the saved runs again (rows of results saved before rounds existed are kept as they are).
let runs = REPORT_ONLY ? (earlier.runs ?? []) : [];
if (!REPORT_ONLY) {
  const m = await measure();
  ({ rows: runs, smallRes, version } = m);
  await m.cleanup();
}
const key = (r) => `${r.profile}/${r.scenario}/${r.contender}`;
rows = summarize(runs);
if (REPORT_ONLY && runs.length) earlier.rows = [];
const fresh = new Set(rows.map(key));
rows.unshift(...earlier.rows.filter((r) => !fresh.has(key(r))));
const profilesIn = Object.keys(profiles).filter((p) => rows.some((r) => r.profile === p));
const order = (r) => [profilesIn.indexOf(r.profile), scenarios.indexOf(r.scenario), Object.keys(contenders).indexOf(r.contender)];
rows.sort((x, y) => { const a = order(x), b = order(y); return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });

// summarize turns the runs of each contender in each scenario into one row:
// the median of its rounds (wall time, bytes received, link connections and
// resets), the range of wall times, and the failures of every round added up.
// A round that failed outright counts in `failed` and not in the medians.
function summarize(all) {
  const median = (xs) => { const v = [...xs].sort((a, b) => a - b); const n = v.length; return n === 0 ? NaN : n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2; };
  const groups = new Map();
  for (const r of all) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const ok = rs.filter((r) => r.ok);
    const ms = median(ok.map((r) => r.ms));
    const cap = profiles[rs[0].profile].rateBitsPerS / 8;
    return {
      profile: rs[0].profile, scenario: rs[0].scenario, contender: rs[0].contender, rounds: rs.length, failed: rs.length - ok.length,
      ok: ok.length > 0, ms, minMs: Math.min(...ok.map((r) => r.ms)), maxMs: Math.max(...ok.map((r) => r.ms)),
      goodput: ok.length ? SIZE / (ms / 1000) / cap : NaN,
      backendBytes: median(rs.map((r) => r.backendBytes)), failures: rs.reduce((n, r) => n + r.failures, 0),
      link: { conns: median(rs.map((r) => r.link.conns)), resets: median(rs.map((r) => r.link.resets)) },
      errors: rs.flatMap((r) => r.errors).slice(0, 3), at: rs[0].at,
    };
  });
}

// The WAN section of docs/benchmarks.md.
const wall = (r) => (r.ok ? `${fmt(r.ms / 1000)}${r.rounds > 1 ? ` (${fmt(r.minMs / 1000)}-${fmt(r.maxMs / 1000)})` : ''}${r.failed ? `, ${r.failed} failed` : ''}` : '**failed**');
const table = rows.map((r) => `| ${r.profile} | ${r.scenario} | ${r.contender} | ${wall(r)} | ${fmt(r.goodput, 2)} | ${fmt(r.backendBytes / MiB)} | ${r.failures} | ${fmt(r.link.conns, 0)} / ${fmt(r.link.resets, 0)} | ${r.rounds ?? 1} | ${r.at ?? 'first run'} |`).join('\n');
const misses = [];
// resendWhy explains a loss by the bytes sent again, when they account for it.
function resendWhy(ours, other, cap) {
  const gap = (ours.ms - other.ms) / 1000;
  const extra = (ours.backendBytes - other.backendBytes) / cap; // seconds of link time
  const base = `${fmt((ours.ms / other.ms - 1) * 100, 0)}% faster than ours`;
  if (extra >= gap / 2) {
    return `${base}: ours sent ${fmt((ours.backendBytes - other.backendBytes) / MiB)} MiB more again (${fmt(ours.backendBytes / MiB)} against ${fmt(other.backendBytes / MiB)} MiB received), ${fmt(extra)} s of this link, of the ${fmt(gap)} s gap. `
      + `A reset loses the part in flight on that connection, and ours are 8 MiB${other.contender === 'ali-oss defaults' ? ' against ali-oss\'s 1 MiB' : ''}; resets are random draws, and the link reset a median ${fmt(ours.link.resets, 0)} of our connections per upload against ${fmt(other.link.resets, 0)} of theirs.`;
  }
  return `${base}, not explained by bytes sent again (${fmt(ours.backendBytes / MiB)} against ${fmt(other.backendBytes / MiB)} MiB received); medians of ${ours.rounds ?? 1} round(s) on a shared machine.`;
}
for (const pn of profilesIn) {
  for (const sc of scenarios) {
    const ours = rows.find((r) => r.profile === pn && r.scenario === sc && r.contender === 'ossupload defaults');
    if (!ours) continue;
    const cap = profiles[pn].rateBitsPerS / 8;
    const ideal = SIZE / cap;
    const ceil = rows.find((r) => r.profile === pn && r.scenario === 'clean' && contenders[r.contender]?.only);
    if (!(ours.goodput >= 0.9)) {
      const over = ours.ms / 1000 - ideal;
      let why = `${fmt(over)} s over the ${fmt(ideal)} s the bytes alone need at full link rate.`;
      if (sc === 'reload') why += ` The reload costs the parts in flight when the page went away (the backend received ${fmt(ours.backendBytes / MiB)} MiB for a ${SIZE / MiB} MiB file: up to 4 x 8 MiB parts are sent again, since a part cut short cannot be kept), plus the reload itself, the module's start and one ListParts round trip before sending resumes.`;
      else why += ' Fixed costs the link cannot overlap at this size: credentials, Initiate, a CORS preflight and TCP slow start per new connection, and Complete, each a round trip or more; and the tail, when fewer than 4 parts remain in flight. The fraction grows toward the capacity with the file size.';
      if (sc === 'resets') why += ` The link reset a median ${fmt(ours.link.resets, 0)} of ${fmt(ours.link.conns, 0)} connections per upload; a reset part is retried from its start.`;
      if (ceil) why += ` For scale: plain fetch PUTs through the same link reached ${fmt(ceil.goodput, 2)} of the nominal capacity in this run.`;
      misses.push(`- ${pn} / ${sc}: ours at ${fmt(ours.goodput, 3)} of the link's capacity (target 0.9): ${why}`);
    }
    for (const other of rows.filter((r) => r.profile === pn && r.scenario === sc && r.contender !== ours.contender && !contenders[r.contender]?.only)) {
      if (other.ok && !(ours.ms < other.ms)) {
        const d = (ours.ms - other.ms) / other.ms;
        const why = Math.abs(d) < 0.05
          ? `within ${fmt(Math.abs(d) * 100, 0)}% (medians of ${ours.rounds ?? 1} round(s); ours ranged ${fmt(ours.minMs / 1000)}-${fmt(ours.maxMs / 1000)} s, theirs ${fmt(other.minMs / 1000)}-${fmt(other.maxMs / 1000)} s): both are limited by the link, which any uploader that keeps one connection sending fills.`
          : resendWhy(ours, other, cap);
        misses.push(`- ${pn} / ${sc}: ${other.contender} (${fmt(other.ms / 1000)} s) was not slower than ours (${fmt(ours.ms / 1000)} s), ${why}`);
      }
    }
  }
}
// WAN_SECTION names this run's section, so runs of different sizes or
// profiles can stand side by side in the document.
const section = `<!-- ${SECTION}:begin -->
## WAN: ${SIZE / MiB} MiB through a simulated link, ${profilesIn.join(' and ')} (bench/wan.mjs, ${new Date().toISOString().slice(0, 10)})

Link (bench/wan, one process): the browser connects to a shared link cap of our own, which forwards to an embedded
Toxiproxy v2.5.0, which forwards to the embedded OSS. **What is capped:** the TCP payload bytes of *all* connections
to the OSS together, separately per direction (browser→OSS and OSS→browser), each at the profile's rate, by one
token bucket per direction (golang.org/x/time/rate, 64 KiB burst); TCP/IP headers are not counted. Toxiproxy adds
latency (RTT/2 on each direction), its per-connection bandwidth toxic at the same rate (so one connection alone can
never exceed the link either), and in the *resets* scenario reset_peer at toxicity ${RESET_PCT / 100}: Toxiproxy draws
per connection, and a browser keeps a handful of connections open for a whole upload, so one draw per connection
would reset almost nothing; bench/wan re-applies the toxic every second, so **each open connection has a ${RESET_PCT}%
chance per second of being reset** (TCP RST, at its next request bytes), as well as at its start. Only OSS traffic crosses the link: the
page, the module (preloaded before timing) and /api/sts are on loopback.

Profiles: broadband = 40 ms RTT, 100 Mbit/s; mobile = 120 ms RTT, 20 Mbit/s. Wall time is from the first
\`multipartUpload\` call to the committed object, including, in *reload*, a page reload at 50% and the user picking the
same file again at once, triggered when the backend has received half the file's bytes. Contenders that cannot resume start over after the reload; a user who sees an upload fail
retries it (counted as a failure the user saw). Goodput = file size / wall time / link capacity. The *link ceiling*
row is not a contender: plain \`fetch\` PUTs of 4 x 8 MiB presigned parts through the same link, a reference for what
the link delivered at that moment, not a bound (the emulated link loses capacity when the shared machine delays its
goroutines, and the load changes from minute to minute). *link conns /
resets*: connections the link accepted during that upload (Chromium keeps its keep-alive connections across page
loads, so an upload may open none), and those that ended in an error there (approximate: a reset can also end as
a clean close). Chromium resends by itself a request that fails on a reused keep-alive connection before any answer
(Blob bodies can be read again), so most resets reach no uploader as an error: they show as bytes the backend received
twice and as time, not as failures (ali-oss has no part retry, so any reset it saw as an error would fail its upload).
${version}; ${cpus().length} cores shared with other work, so figures are noisy. One interleaved run: in each scenario the
contenders take turns, round after round (${ROUNDS} rounds); each row gives medians over its rounds (wall time with its
range, goodput from the median wall time, bytes received, link connections and resets) and the failures of all rounds.

| profile | scenario | contender | wall s, median (range) | goodput / capacity | backend MiB received | failures user saw | link conns / resets | rounds | run at (UTC) |
|---|---|---|---|---|---|---|---|---|---|
${table}
${smallRes ? `
${SMALL} files of 64 KiB, broadband, 4 at a time${smallRes.rounds ? `, median of ${smallRes.rounds} interleaved rounds, each on a fresh page with new names` : ''}: ossupload ${fmt(SMALL / (smallRes.ours.ms / 1000))} files/s (${smallRes.ours.usePut ? '`put`' : '`multipartUpload`: `put` had not landed in the module'}), ali-oss \`put\` ${fmt(SMALL / (smallRes.ali.ms / 1000))} files/s; failures ${smallRes.failures}.
` : ''}
### Missed WAN targets

${misses.length ? misses.join('\n') : 'None in this run.'}
<!-- ${SECTION}:end -->`;
const docPath = join(root, 'docs', 'benchmarks.md');
let doc = readFileSync(docPath, 'utf8');
const re = new RegExp(`<!-- ${SECTION}:begin -->[\\s\\S]*?<!-- ${SECTION}:end -->`);
doc = re.test(doc) ? doc.replace(re, () => section) : doc.trimEnd() + '\n\n' + section + '\n';
writeFileSync(docPath, doc);
writeFileSync(resultsPath, JSON.stringify({ rows, runs, smallRes, version }, null, 1));
console.log(section);
