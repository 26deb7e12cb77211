// Many small files: this module's put(name, file) against ali-oss's put, in
// headless Chromium over a bare CDP pipe, interleaved rounds, medians. A tool
// for finding where a small file's time goes (the WAN bench's "200 files of
// 64 KiB" row, bench/wan.mjs), not part of `make bench`.
//
// SMALL_FILES (200), SMALL_LANES (4), SMALL_ROUNDS (3), SMALL_KIB (64);
// SMALL_RTT_MS (0: loopback; else through bench/wan with that round trip and
// a 100 Mbit/s link, the broadband profile); SMALL_LOG=1 puts a logging proxy
// in front of the OSS and prints every request's method, path and the
// headers of its preflight; SMALL_PROFILE=<file> saves a CPU profile of one
// extra round of ours (.cpuprofile, for Chromium's DevTools) and prints the
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

const web = mkdtempSync(join(tmpdir(), 'ossupload-small-web-'));
cpSync(join(root, 'web'), web, { recursive: true });
cpSync(join(root, 'bench', 'wan-page.html'), join(web, 'wan-page.html'));
cpSync(join(root, 'e2e', 'node_modules', 'ali-oss', 'dist', 'aliyun-oss-sdk.min.js'), join(web, 'aliyun-oss-sdk.min.js'));
const srv = await startServer({ web });
const small = makeFile(KIB * 1024, 'small.bin');
let endpoint = srv.ossURL, wanProc, proxy;
const log = [];

if (process.env.SMALL_LOG === '1') {
  // A logging proxy: what each uploader sends, request by request.
  const up = new URL(srv.ossURL);
  proxy = http.createServer((req, res) => {
    const h = req.headers;
    log.push({ m: req.method, path: req.url.split('?')[0], q: req.url.split('?')[1] ?? '', acrh: h['access-control-request-headers'] ?? '', hdrs: Object.keys(h).sort().join(',') });
    const f = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: h }, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
    f.on('error', () => res.destroy());
    req.pipe(f);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${proxy.address().port}`;
}
if (RTT > 0) {
  const wanBin = join(mkdtempSync(join(tmpdir(), 'ossupload-small-bin-')), 'wan');
  execFileSync('go', ['build', '-o', wanBin, './bench/wan'], { cwd: root });
  wanProc = spawn(wanBin, ['-upstream', new URL(endpoint).host], { stdio: ['ignore', 'pipe', 'inherit'] });
  const w = await new Promise((resolve, reject) => {
    let out = '';
    wanProc.stdout.on('data', (d) => { out += d; const m = out.match(/wan: listen (\S+) control (\S+)/); if (m) resolve({ endpoint: 'http://' + m[1], control: m[2] }); });
    wanProc.on('exit', (c) => reject(new Error('wan exited ' + c)));
  });
  const r = await fetch(w.control + '/profile', { method: 'POST', body: JSON.stringify({ rttMs: RTT, rateBitsPerS: 100e6, resetPct: 0 }) });
  if (!r.ok) throw new Error('profile: ' + (await r.text()));
  endpoint = w.endpoint;
}

const chrome = await launchChromium();
const { page } = chrome;
await page.goto(srv.url + '/wan-page.html');
for (let i = 0; i < 600 && !(await page.eval('window.__ready === true')); i++) await sleep(50);
await page.eval(`window.__endpoint = ${JSON.stringify(endpoint)}`);
await page.setFile('#file', small.path);
// Warm both (connections, the module's first call) before timing.
await page.eval('wan.smallOurs(8, 4, "warm-")');
await page.eval('wan.smallAli(8, 4, "warm-")');

const res = { ours: [], ali: [] };
const reqs = { ours: [], ali: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const who of r % 2 ? ['ali', 'ours'] : ['ours', 'ali']) {
    log.length = 0;
    const m0 = await page.metrics();
    const tag = JSON.stringify(`r${r}-`);
    const x = await page.eval(who === 'ours' ? `wan.smallOurs(${N}, ${LANES}, ${tag})` : `wan.smallAli(${N}, ${LANES}, ${tag})`);
    const m1 = await page.metrics();
    const cpu = (m1.TaskDuration - m0.TaskDuration) * 1000 / N; // ms of renderer main-thread work per file
    res[who].push({ fps: N / (x.ms / 1000), cpu });
    reqs[who] = [...log];
    console.error(`round ${r + 1} ${who}: ${(N / (x.ms / 1000)).toFixed(1)} files/s, page main-thread ${cpu.toFixed(2)} ms/file`);
  }
}
const st = await page.eval('window.__state');
for (const who of ['ours', 'ali']) {
  const fps = median(res[who].map((x) => x.fps)), cpu = median(res[who].map((x) => x.cpu));
  console.log(`${who}: median ${fps.toFixed(1)} files/s, ${cpu.toFixed(2)} ms main-thread per file (${N} x ${KIB} KiB, ${LANES} lanes, RTT ${RTT} ms, ${ROUNDS} rounds)`);
}
console.log(`ours/ali-oss files/s: ${(median(res.ours.map((x) => x.fps)) / median(res.ali.map((x) => x.fps))).toFixed(2)}; failures ${st.failures} ${st.errors.slice(0, 3).join(' | ')}`);
if (process.env.SMALL_LOG === '1') {
  for (const who of ['ours', 'ali']) {
    const by = {};
    for (const q of reqs[who]) { const k = `${q.m} ${q.q ? '?' + q.q.replace(/=[^&]*/g, '') : ''} acrh=[${q.acrh}]`; by[k] = (by[k] || 0) + 1; }
    console.log(`${who} requests (last round): ${reqs[who].length}`);
    for (const [k, n] of Object.entries(by)) console.log(`  ${n} x ${k}`);
    const put = reqs[who].find((q) => q.m === 'PUT');
    if (put) console.log(`  PUT headers: ${put.hdrs}`);
  }
}
if (process.env.SMALL_PROFILE) {
  for (const who of ['ours', 'ali']) {
    await page.send('Profiler.enable');
    await page.send('Profiler.setSamplingInterval', { interval: 200 });
    await page.send('Profiler.start');
    await page.eval(who === 'ours' ? `wan.smallOurs(${N}, ${LANES}, 'prof-')` : `wan.smallAli(${N}, ${LANES}, 'prof-')`);
    const { profile } = await page.send('Profiler.stop');
    writeFileSync(process.env.SMALL_PROFILE.replace(/(\.cpuprofile)?$/, `-${who}.cpuprofile`), JSON.stringify(profile));
    // Self time per function (sampled).
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
}
await chrome.close();
proxy?.close();
wanProc?.kill();
await srv.cleanup();
rmSync(web, { recursive: true, force: true });
rmSync(dirname(small.path), { recursive: true, force: true });
