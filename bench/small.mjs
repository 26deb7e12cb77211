// Many small files: this module's put(name, file) against ali-oss's put, in
// headless Chromium over a bare CDP pipe, interleaved rounds, medians. A tool
// for finding where a small file's time goes (the WAN bench's "200 files of
// 64 KiB" row, bench/wan.mjs), not part of `make bench`:
//
//	SMALL_RTT_MS=40 node bench/small.mjs
//
// Every run opens the page afresh (a new module instance, as a user's visit)
// and uploads SMALL_FILES new names (a name sent before has its CORS
// preflight cached by the browser).
//
// SMALL_FILES (200), SMALL_LANES (4), SMALL_ROUNDS (3), SMALL_KIB (64);
// SMALL_RTT_MS (0: loopback; else through bench/wan with that round trip and
// a 100 Mbit/s link, the broadband profile); SMALL_BASE=<dir>: a web
// directory of another build of the module (`make wasm` in a checkout of the
// baseline), run as contender "base" with its own server, for a before/after
// in one interleaved run; SMALL_TRACE=1 splits each call's time at the
// XMLHttpRequest (before send, send to answer, after the answer);
// SMALL_LOG=1 puts a logging proxy in front of the OSS and prints the
// requests of each contender's last run and the headers of its preflight;
// SMALL_POST=1 adds the reference "post": PostObject forms sent by fetch,
// which need no CORS preflight (wan-page's smallPost);
// SMALL_PROFILE=<prefix> saves a CPU profile of each contender's first run
// (<prefix>-<who>.cpuprofile, for Chromium's DevTools) and prints the
// functions with the most self time.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, root } from '../e2e/lib/server.mjs';
import { makeFile } from '../e2e/lib/files.mjs';
import { launchChromium } from './cdp.mjs';

const N = Number(process.env.SMALL_FILES || 200);
const LANES = Number(process.env.SMALL_LANES || 4);
const ROUNDS = Number(process.env.SMALL_ROUNDS || 3);
const KIB = Number(process.env.SMALL_KIB || 64);
const RTT = Number(process.env.SMALL_RTT_MS || 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const temps = [];
const procs = [];

let wanBin;
// stack starts a server for a web directory, with the logging proxy and the
// link in front of its OSS when asked: {srv, endpoint, control, log}.
async function stack(webDir) {
  const web = mkdtempSync(join(tmpdir(), 'ossupload-small-web-'));
  temps.push(web);
  cpSync(webDir, web, { recursive: true });
  cpSync(join(root, 'bench', 'wan-page.html'), join(web, 'wan-page.html'));
  cpSync(join(root, 'e2e', 'node_modules', 'ali-oss', 'dist', 'aliyun-oss-sdk.min.js'), join(web, 'aliyun-oss-sdk.min.js'));
  const srv = await startServer({ web });
  const st = { srv, endpoint: srv.ossURL, control: null, log: [] };
  if (process.env.SMALL_LOG === '1') {
    const up = new URL(srv.ossURL);
    const proxy = http.createServer((req, res) => {
      const h = req.headers;
      st.log.push({ m: req.method, q: req.url.split('?')[1] ?? '', acrh: h['access-control-request-headers'] ?? '', hdrs: Object.keys(h).sort().join(',') });
      const f = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: h }, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
      f.on('error', () => res.destroy());
      req.pipe(f);
    });
    await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
    procs.push({ kill: () => proxy.close() });
    st.endpoint = `http://127.0.0.1:${proxy.address().port}`;
  }
  if (RTT > 0) {
    if (!wanBin) {
      wanBin = join(mkdtempSync(join(tmpdir(), 'ossupload-small-bin-')), 'wan');
      temps.push(dirname(wanBin));
      execFileSync('go', ['build', '-o', wanBin, './bench/wan'], { cwd: root });
    }
    const p = spawn(wanBin, ['-upstream', new URL(st.endpoint).host], { stdio: ['ignore', 'pipe', 'inherit'] });
    procs.push(p);
    const w = await new Promise((resolve, reject) => {
      let out = '';
      p.stdout.on('data', (d) => { out += d; const m = out.match(/wan: listen (\S+) control (\S+)/); if (m) resolve({ endpoint: 'http://' + m[1], control: m[2] }); });
      p.on('exit', (c) => reject(new Error('wan exited ' + c)));
    });
    const r = await fetch(w.control + '/profile', { method: 'POST', body: JSON.stringify({ rttMs: RTT, rateBitsPerS: 100e6, resetPct: 0 }) });
    if (!r.ok) throw new Error('profile: ' + (await r.text()));
    st.endpoint = w.endpoint;
    st.control = w.control;
  }
  return st;
}

// summarize prints the functions with the most self time in a CPU profile, per file.
function summarize(who, profile) {
  if (process.env.SMALL_PROFILE) writeFileSync(`${process.env.SMALL_PROFILE}-${who}.cpuprofile`, JSON.stringify(profile));
  const dt = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => { dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i + 1] ?? 0)); });
  const self = new Map();
  let total = 0;
  for (const [id, us] of dt) {
    const cf = byId.get(id).callFrame;
    const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
    self.set(k, (self.get(k) || 0) + us);
    if (cf.functionName !== '(idle)') total += us;
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.SMALL_TOP || 15));
  console.log(`profile ${who}: ${(total / 1000 / N).toFixed(2)} ms busy per file; self time per file:`);
  for (const [k, us] of top) console.log(`  ${(us / 1000 / N).toFixed(3)} ms  ${k}`);
}

// TRACE splits each file's time at the XMLHttpRequest both send with:
// before send (the client's work to get the request out), send to the answer
// (the network, preflight included, and the server), after the answer (the
// client's work to resolve the caller's promise). The listener is added at
// open, before the client's own, so it sees the answer first.
const TRACE = `window.__trace = { calls: new Map(), xhrs: new Map(),
  call(name, t0, t1) { this.calls.set(name.split('/').pop(), [t0, t1]); },
  install() {
    const tr = this, open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (m, url, ...rest) {
      const key = m === 'PUT' ? decodeURIComponent(String(url).split('?')[0]).split('/').pop() : '';
      if (key) { const x = this.__x = {}; tr.xhrs.set(key, x); this.addEventListener('readystatechange', () => { if (this.readyState === 4) x.load = performance.now(); }); }
      return open.call(this, m, url, ...rest);
    };
    XMLHttpRequest.prototype.send = function (body) { if (this.__x) this.__x.send = performance.now(); return send.call(this, body); };
  },
  take() {
    const out = [];
    for (const [k, [t0, t1]] of this.calls) { const x = this.xhrs.get(k); if (x && x.load) out.push([x.send - t0, x.load - x.send, t1 - x.load, t1 - t0]); }
    return out;
  } }; window.__trace.install();`;

const small = makeFile(KIB * 1024, 'small.bin');
temps.push(dirname(small.path));
const main = await stack(join(root, 'web'));
const who = { ours: { st: main, run: 'smallOurs' }, ali: { st: main, run: 'smallAli' } };
if (process.env.SMALL_POST === '1') who.post = { st: main, run: 'smallPost' };
if (process.env.SMALL_BASE) who.base = { st: await stack(process.env.SMALL_BASE), run: 'smallOurs' };
const names = Object.keys(who);
const chrome = await launchChromium();
const { page } = chrome;

async function runOne(w, r) {
  const { st, run } = who[w];
  await page.goto(st.srv.url + '/wan-page.html');
  for (let i = 0; i < 600 && !(await page.eval('window.__ready === true')); i++) await sleep(50);
  await page.eval(`window.__endpoint = ${JSON.stringify(st.endpoint)}`);
  await page.setFile('#file', small.path);
  if (process.env.SMALL_TRACE === '1') await page.eval(TRACE);
  const prof = process.env.SMALL_PROFILE && r === 0;
  if (prof) { await page.send('Profiler.enable'); await page.send('Profiler.setSamplingInterval', { interval: 200 }); await page.send('Profiler.start'); }
  st.log.length = 0;
  const c0 = st.control && await (await fetch(st.control + '/stats')).json();
  const m0 = await page.metrics();
  const x = await page.eval(`wan.${run}(${N}, ${LANES}, ${JSON.stringify(`r${r}-`)})`);
  const m1 = await page.metrics();
  const c1 = st.control && await (await fetch(st.control + '/stats')).json();
  if (prof) summarize(w, (await page.send('Profiler.stop')).profile);
  const out = { fps: N / (x.ms / 1000), cpu: (m1.TaskDuration - m0.TaskDuration) * 1000 / N, state: await page.eval('window.__state') };
  let line = `round ${r + 1} ${w}: ${out.fps.toFixed(1)} files/s, page main-thread ${out.cpu.toFixed(2)} ms/file`;
  if (st.control) line += `, ${c1.conns - c0.conns} new connections`;
  if (process.env.SMALL_TRACE === '1') {
    const t = await page.eval('window.__trace.take()');
    out.split = [0, 1, 2, 3].map((j) => median(t.map((y) => y[j])));
    const slow = t.filter((y) => y[3] > 1.5 * out.split[3]);
    line += `\n  per call (median of ${t.length}): before send ${out.split[0].toFixed(1)}, send to answer ${out.split[1].toFixed(1)}, after ${out.split[2].toFixed(1)} ms; mean call ${mean(t.map((y) => y[3])).toFixed(1)} ms; ${slow.length} over 1.5x the median (before send ${mean(slow.map((y) => y[0])).toFixed(1)}, send to answer ${mean(slow.map((y) => y[1])).toFixed(1)} ms)`;
  }
  console.error(line);
  return out;
}

const res = Object.fromEntries(names.map((n) => [n, []]));
let failures = 0;
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order, so no contender always runs first on a cold browser.
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const w of order) {
    const out = await runOne(w, r);
    failures += out.state.failures;
    res[w].push(out);
  }
}
for (const w of names) {
  const s = res[w][0].split ? `; per call before send ${median(res[w].map((x) => x.split[0])).toFixed(1)} ms, after ${median(res[w].map((x) => x.split[2])).toFixed(1)} ms` : '';
  console.log(`${w}: median ${median(res[w].map((x) => x.fps)).toFixed(1)} files/s, ${median(res[w].map((x) => x.cpu)).toFixed(2)} ms page main-thread per file${s} (${N} x ${KIB} KiB, ${LANES} lanes, RTT ${RTT} ms, ${ROUNDS} rounds)`);
}
const fps = (w) => median(res[w].map((x) => x.fps));
console.log(`ours/ali-oss ${(fps('ours') / fps('ali')).toFixed(2)}${who.base ? `, base/ali-oss ${(fps('base') / fps('ali')).toFixed(2)}, ours/base ${(fps('ours') / fps('base')).toFixed(2)}` : ''}; failures ${failures}`);
if (process.env.SMALL_LOG === '1') {
  for (const st of new Set(Object.values(who).map((w) => w.st))) {
    const by = {};
    for (const q of st.log) { const k = `${q.m}${q.q ? ' ?' + q.q.replace(/=[^&]*/g, '') : ''} acrh=[${q.acrh}]`; by[k] = (by[k] || 0) + 1; }
    console.log(`requests of the last run on ${st.srv.url}: ${st.log.length}`);
    for (const [k, n] of Object.entries(by)) console.log(`  ${n} x ${k}`);
  }
}
await chrome.close();
for (const p of procs) p.kill();
await main.srv.cleanup();
await who.base?.st.srv.cleanup();
for (const t of temps) rmSync(t, { recursive: true, force: true });
