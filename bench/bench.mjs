// make bench: our module against ali-oss and the browser's own ceiling, side
// by side in one run, in headless Chromium driven over a bare CDP pipe (no
// Network domain), against the embedded OSS on loopback. Writes docs/benchmarks.md.
import { execFileSync, execSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { startServer, root } from '../e2e/lib/server.mjs';
import { makeFile } from '../e2e/lib/files.mjs';
import { launchChromium } from './cdp.mjs';

const MiB = 1 << 20;
const SIZE = Number(process.env.BENCH_SIZE_MIB || 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const PART = 8 * MiB;
const PARALLEL = 4;

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x, d = 1) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));

// A web root with the module, the bench page and ali-oss's browser build.
const web = mkdtempSync(join(tmpdir(), 'ossupload-bench-web-'));
cpSync(join(root, 'web'), web, { recursive: true });
cpSync(join(root, 'bench', 'page.html'), join(web, 'page.html'));
cpSync(join(root, 'e2e', 'node_modules', 'ali-oss', 'dist', 'aliyun-oss-sdk.min.js'), join(web, 'aliyun-oss-sdk.min.js'));
// The CRC-64 kernel comparison: a timing worker, and Go's kernels compiled to wasm with Go's own loader.
cpSync(join(root, 'bench', 'kernel-worker.js'), join(web, 'kernel-worker.js'));
cpSync(join(execSync('go env GOROOT', { encoding: 'utf8' }).trim(), 'lib', 'wasm', 'wasm_exec.js'), join(web, 'wasm_exec_bench.js'));
execFileSync('go', ['build', '-o', join(web, 'crc-go.wasm'), './bench/crcgo'], { cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' } });

// On any failure, stop what this run started and remove its temp files, then exit non-zero.
let srv, chrome, file, resumeFile;
async function failed(err) {
  console.error('bench failed:', err);
  try { await chrome?.close(); } catch { /* already gone */ }
  try { await srv?.cleanup(); } catch { /* already gone */ }
  for (const p of [web, file && dirname(file.path), resumeFile && dirname(resumeFile.path)]) if (p) rmSync(p, { recursive: true, force: true });
  process.exit(1);
}
process.on('uncaughtException', failed);
process.on('unhandledRejection', failed);

srv = await startServer({ web });
const objDir = join(srv.data, 'b', 'demo', 'o');
const clearObjects = () => { for (const f of readdirSync(objDir)) rmSync(join(objDir, f), { force: true }); };
console.error(`bench: ${SIZE / MiB} MiB file, ${ROUNDS} rounds, ${PARALLEL} x ${PART / MiB} MiB parts`);
file = makeFile(SIZE, 'bench.bin');
chrome = await launchChromium();
const { page } = chrome;

async function openPage() {
  await page.goto(srv.url + '/page.html');
  for (let i = 0; i < 300 && !(await page.eval('window.__benchReady === true')); i++) await new Promise((r) => setTimeout(r, 50));
  await page.setFile('#file', file.path);
}
await openPage();

const paths = [
  ['a: fetch PUT of Blob.slice() (ceiling)', (k) => `bench.ceiling(${JSON.stringify(k)}, ${PART}, ${PARALLEL})`],
  ['b: ali-oss multipartUpload, 4 x 8 MiB', (k) => `bench.alioss(${JSON.stringify(k)}, ${PART}, ${PARALLEL})`],
  ['b0: ali-oss multipartUpload, defaults', (k) => `bench.alioss(${JSON.stringify(k)}, 0, 0)`],
  ['c: ossupload, integrity on', (k) => `bench.ours(${JSON.stringify(k)}, ${PART}, ${PARALLEL}, true)`],
  ['c0: ossupload, integrity off', (k) => `bench.ours(${JSON.stringify(k)}, ${PART}, ${PARALLEL}, false)`],
];
const results = Object.fromEntries(paths.map(([n]) => [n, { mbps: [], cpu: [], mem: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, expr] of paths) {
    const m0 = await page.metrics();
    const r = await page.eval(expr(`bench/r${round}-${name[0]}${name[1]}.bin`));
    const m1 = await page.metrics();
    clearObjects();
    const mbps = SIZE / 1e6 / (r.ms / 1000);
    results[name].mbps.push(mbps);
    results[name].cpu.push(m1.TaskDuration - m0.TaskDuration);
    if (r.memPeak) results[name].mem.push(r);
    console.error(`  round ${round + 1} ${name}: ${fmt(mbps)} MB/s`);
  }
}

// CRC-64/ECMA kernels, one Worker (one core) each, interleaved rounds.
const KERNEL_MIB = Number(process.env.BENCH_KERNEL_MIB || 64);
const kernelNames = [['js8', 'plain JS, slicing-by-8'], ['js16', 'plain JS, slicing-by-16'], ['wasm8', 'hand-written wasm, slicing-by-8'],
  ['wasm16', 'hand-written wasm, slicing-by-16 (the pool\'s kernel)'], ['go8', 'Go wasm, hash/crc64 (slicing-by-8)'], ['go16', 'Go wasm, slicing-by-16']];
const kernels = Object.fromEntries(kernelNames.map(([k]) => [k, { mbps: [], crc: new Set() }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [k] of kernelNames) {
    const r = await page.eval(`bench.kernel(${JSON.stringify(k)}, ${KERNEL_MIB})`);
    kernels[k].mbps.push(r.mbps);
    kernels[k].crc.add(r.crc);
    console.error(`  round ${round + 1} kernel ${k}: ${fmt(r.mbps)} MB/s`);
  }
}
const kernelCRCs = new Set(Object.values(kernels).flatMap((k) => [...k.crc]));
const goKernelBytes = statSync(join(web, 'crc-go.wasm')).size;
function kernelVerdict() {
  const ranked = kernelNames.map(([k, label]) => [median(kernels[k].mbps), k, label]).sort((x, y) => y[0] - x[0]);
  const ours = median(kernels.wasm16.mbps);
  if (ranked[0][1] === 'wasm16') return `The pool's kernel was the fastest (${fmt(ours, 0)} MB/s per core).`;
  const overlap = Math.min(...kernels[ranked[0][1]].mbps) <= Math.max(...kernels.wasm16.mbps);
  return `Fastest here: ${ranked[0][2]} at ${fmt(ranked[0][0], 0)} MB/s per core, ${fmt((ranked[0][0] / ours - 1) * 100, 0)}% above the pool's kernel (${fmt(ours, 0)} MB/s)${overlap ? '; their ranges overlap on this shared machine' : ''}. Either is several times the upload rate, so the kernel is not what limits integrity-on uploads (see the closing note).`;
}
// The integrity work alone: the pool reading and hashing the whole file, no upload.
const poolRates = [];
for (let round = 0; round < ROUNDS; round++) {
  const r = await page.eval(`bench.poolRate(${PART}, ${PARALLEL})`);
  poolRates.push(SIZE / 1e6 / (r.ms / 1000));
  console.error(`  round ${round + 1} pool read+CRC alone: ${fmt(poolRates.at(-1))} MB/s`);
}

// Page load to the first part's body sent, on a fresh navigation.
await openPage();
const firstSend = await page.eval(`(async () => { const t = performance.now(); await bench.ours('bench/first.bin', ${PART}, ${PARALLEL}, true); return window.__sends[0]; })()`);
const moduleReady = await page.eval('window.__moduleReadyMs');
clearObjects();

// Resume after a reload: a 1,000-part upload stopped at 990 parts.
const smallPart = 100 * 1024;
resumeFile = makeFile(1000 * smallPart, 'resume.bin');
// Three trials (each a new object key), reported as the median with min and max.
const RESUME_TRIALS = Number(process.env.BENCH_RESUME_TRIALS || 3);
const resumes = [];
for (let t = 0; t < RESUME_TRIALS; t++) {
  const key = `bench/resume${t}.bin`;
  await page.setFile('#file', resumeFile.path);
  await page.eval(`bench.partial(${JSON.stringify(key)}, ${smallPart}, ${PARALLEL}, 990)`);
  await page.goto(srv.url + '/page.html');
  for (let i = 0; i < 300 && !(await page.eval('window.__benchReady === true')); i++) await new Promise((r) => setTimeout(r, 50));
  await page.setFile('#file', resumeFile.path);
  const r = await page.eval(`bench.resume(${JSON.stringify(key)}, ${smallPart}, ${PARALLEL})`);
  resumes.push(r);
  console.error(`  resume trial ${t + 1}: ${fmt(r.firstSendMs, 0)} ms (resumed: ${r.resumed})`);
  clearObjects();
}
const resumeMs = resumes.map((r) => r.firstSendMs ?? NaN);
const resume = { firstSendMs: median(resumeMs), min: Math.min(...resumeMs), max: Math.max(...resumeMs), resumed: resumes.every((r) => r.resumed) };
clearObjects();
await chrome.close();
await srv.cleanup();
rmSync(web, { recursive: true, force: true });

// Module size.
const wasm = readFileSync(join(root, 'web', 'oss-upload.wasm'));
const size = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, br: brotliCompressSync(wasm).length };

// Go benchmarks of the backend's part ingest, /api/sts and the journal at 10,000 parts.
function goBench(pkg, pattern, benchtime) {
  const out = execFileSync('go', ['test', '-run', '^$', '-bench', pattern, '-benchtime', benchtime, '-count', '1', pkg], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((l) => l.startsWith('Benchmark'));
}
const ingest = goBench('./server/osslocal/', 'Ingest', '5x');
const stsBench = goBench('./server/broker/', 'STSCached', '2s');
const journalBench = goBench('./checkpoint/', 'Journal10000Parts', '1x');

const row = (name) => {
  const r = results[name];
  return `| ${name} | ${fmt(median(r.mbps))} | ${fmt(Math.min(...r.mbps))} | ${fmt(Math.max(...r.mbps))} | ${fmt(median(r.cpu), 2)} | ${fmt(median(r.cpu) / (SIZE / 2 ** 30), 2)} |`;
};
const med = (n) => median(results[n].mbps);
const a = med(paths[0][0]), b = med(paths[1][0]), c = med(paths[3][0]), c0 = med(paths[4][0]);
// Page main-thread CPU per GiB: ours with integrity on against the cheaper ali-oss path.
const cpuGiB = (n) => median(results[n].cpu) / (SIZE / 2 ** 30);
const cpuC = cpuGiB(paths[3][0]), cpuB = Math.min(cpuGiB(paths[1][0]), cpuGiB(paths[2][0]));
const mems = [...results[paths[3][0]].mem, ...results[paths[4][0]].mem];
const memPeak = Math.max(...mems.map((m) => m.memPeak)) / MiB;
const memBefore = Math.min(...mems.map((m) => m.memBefore)) / MiB;
const memAfter = Math.max(...mems.map((m) => m.memAfter)) / MiB;
const cpuModel = (cpus()[0]?.model || 'unknown').trim();
const goVersion = execSync('go version', { encoding: 'utf8' }).trim();
function closingNote() {
  const miss = [];
  if (!(c0 / a >= 0.9)) miss.push(`- Integrity off reaches ${fmt(c0 / a, 2)} of the ceiling, ${fmt((0.9 - c0 / a) * 100, 0)} points short of 0.9: the bytes sent are the same Blob slices as (a); what differs is the work between parts (V4 signing and scheduling in Go/wasm, the IndexedDB journal write), which needs CPU the page competes for: its rounds ranged ${fmt(Math.min(...results[paths[4][0]].mbps))}-${fmt(Math.max(...results[paths[4][0]].mbps))} MB/s against ${fmt(Math.min(...results[paths[0][0]].mbps))}-${fmt(Math.max(...results[paths[0][0]].mbps))} for (a) on this 2-core machine shared with other builds.`);
  if (!(c / a >= 0.9)) {
    const P = median(poolRates);
    const model = 1 / (1 / a + 1 / P);
    miss.push(`- Integrity on reaches ${fmt(c / a, 2)} of the ceiling, ${fmt((0.9 - c / a) * 100, 0)} points short of 0.9. The CRC is off the page (main-thread CPU ${fmt(cpuC, 2)} s/GiB against ${fmt(cpuGiB(paths[4][0]), 2)} with integrity off), and the kernel is not the limit (${fmt(median(kernels.wasm16.mbps), 0)} MB/s per core): the cost is CPU for reading every part a second time (Blob.slice().stream() in a worker) and hashing it, which the pool alone does at ${fmt(P)} MB/s here. On this machine the upload is CPU-bound (${cpus().length} cores shared by Chromium's network and renderer processes, the embedded OSS hashing and writing every byte, and other helpers' builds; the ceiling (a) itself ranged ${fmt(Math.min(...results[paths[0][0]].mbps))}-${fmt(Math.max(...results[paths[0][0]].mbps))} MB/s between rounds), so the two share one CPU budget: at rates a and P alone, together they can reach at most 1/(1/a + 1/P) = ${fmt(model)} MB/s, and (c) measured ${fmt(c)}. A client whose cores are not also running the server and other builds has room for the second read beside the upload; this machine cannot show it.`);
  }
  if (!(cpuC <= 0.25 * cpuB)) miss.push(`- Page main-thread CPU with integrity on is ${fmt(cpuC, 2)} s/GiB, ${fmt(cpuC / cpuB, 2)}x ali-oss's ${fmt(cpuB, 2)} s/GiB, over the 0.25x target: what remains on the main thread is the Go runtime's signing, scheduling and XHR callbacks, not the CRC.`);
  if (!(c / b >= 4)) miss.push(`- Against ali-oss with the same 4 x 8 MiB the module is ${fmt(c / b, 2)}x (integrity on) and ${fmt(c0 / b, 2)}x (off), short of 4x: on loopback ali-oss already runs at ${fmt(b / a, 2)} of the ceiling, so no uploader can beat it by more than ${fmt(a / b, 1)}x here (the ceiling itself is ${fmt(a / b, 2)}x ali-oss); with integrity on, the second read of each part for its CRC takes part of the margin (see above). The 4x target presumes ali-oss far below the link's capacity. ali-oss with its defaults runs at ${fmt(median(results[paths[2][0]].mbps))} MB/s.`);
  if (!(memPeak <= 32)) miss.push(`- Wasm memory peaked at ${fmt(memPeak)} MiB, ${fmt(memPeak - 32)} MiB over 32 MiB.`);
  if (!(size.gzip <= 2.5e6)) miss.push(`- The module is ${fmt(size.gzip / 1e6, 2)} MB gzipped, ${fmt(size.gzip / 1e6 - 2.5, 2)} MB (${fmt((size.gzip / 2.5e6 - 1) * 100, 0)}%) over 2.5 MB: the Go runtime plus net/http, crypto and the aliyun-oss-go-sdk (which pulls in much of the standard library) compiled to wasm; brotli brings it to ${fmt(size.br / 1e6, 2)} MB.`);
  if (!(resume.firstSendMs != null && resume.firstSendMs <= 150)) miss.push(`- Resume took ${fmt(resume.firstSendMs, 0)} ms (median; ${fmt(resume.min, 0)}-${fmt(resume.max, 0)}), ${fmt(resume.firstSendMs - 150, 0)} ms over 150 ms: the span covers the IndexedDB journal read, one ListParts of 990 parts (XML decoded in wasm) reconciled against the journal, and signing the first new part, on a 2-core machine shared with other builds, where it varies run to run.`);
  return miss.length ? `## Closing note: missed targets\n\n${miss.join('\n')}` : '## Closing note\n\nAll targets met in this run.';
}
const met = (ok) => (ok ? 'met' : '**missed**');
const md = `# Benchmarks

Generated by \`make bench\` on ${new Date().toISOString().slice(0, 10)}. Every figure comes from one run on one machine;
the browser paths were interleaved (${ROUNDS} rounds of a, b, b0, c, c0) so they share the same conditions.

Machine: ${cpus().length} x ${cpuModel}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; ${chrome.version}; ${goVersion}; node ${process.version}.
Chromium is driven over a bare DevTools pipe (\`--remote-debugging-pipe\`, bench/cdp.mjs) with only the Page, Runtime,
DOM and Performance domains enabled: never the Network domain, whose request-body capture slows Blob uploads about 8x.
Backend: the embedded OSS (server/osslocal) on 127.0.0.1, writing to local disk, signatures and STS tokens verified.

## Upload throughput, ${SIZE / MiB} MiB file chosen through \`<input type=file>\`, ${PARALLEL} parts in flight, ${PART / MiB} MiB parts

| path | median MB/s | min | max | page CPU s / upload (median) | page CPU s / GiB |
|---|---|---|---|---|---|
${paths.map(([n]) => row(n)).join('\n')}

Ratios of medians: c/a = ${fmt(c / a, 2)}, c0/a = ${fmt(c0 / a, 2)}, c/b = ${fmt(c / b, 2)}, c0/b = ${fmt(c0 / b, 2)};
page main-thread CPU per GiB, c / min(b, b0) = ${fmt(cpuC / cpuB, 2)}.

With integrity on (c) each part's CRC-64/ECMA is computed off the page: a pool of Web Workers (web/crc64-pool.js,
created on the first part, up to navigator.hardwareConcurrency) reads the part once (Blob.slice().arrayBuffer())
and hashes it with the hand-written WebAssembly slicing-by-16 kernel (compared below); the page's main thread never
touches the bytes.

## CRC-64/ECMA kernels, one Worker (one core) each, ${KERNEL_MIB} MiB in memory, best of 3 passes, median of ${ROUNDS} rounds

| kernel | median MB/s | min | max |
|---|---|---|---|
${kernelNames.map(([k, label]) => `| ${label} | ${fmt(median(kernels[k].mbps), 0)} | ${fmt(Math.min(...kernels[k].mbps), 0)} | ${fmt(Math.max(...kernels[k].mbps), 0)} |`).join('\n')}

The pool alone (no upload), reading and hashing the ${SIZE / MiB} MiB file ${PARALLEL} parts at a time with
\`navigator.hardwareConcurrency\` = ${cpus().length} workers at most: median ${fmt(median(poolRates))} MB/s (${fmt(Math.min(...poolRates))}-${fmt(Math.max(...poolRates))}).

All kernels agreed on the CRC: ${kernelCRCs.size === 1}. ${kernelVerdict()} Plain JS has no fast 64-bit integers, so its
register is two int32 halves and each byte costs two table lookups; WebAssembly has i64, so the hand-written module
(web/crc64-wasm.js, ~400 bytes assembled at run time) does one 8-byte lookup per byte. Go's kernels compile to similar
wasm, but a worker would have to fetch and start the Go runtime with them (bench/crcgo: ${fmt(goKernelBytes / 1e6, 1)} MB of wasm),
against ~400 bytes built in place.

(a) is a real multipart upload on the embedded OSS: ali-oss initiates it and presigns each UploadPart URL (V1 query
signature carrying partNumber and uploadId) before timing starts; the timed span is plain \`fetch\` PUTs of
Blob.slice() parts plus CompleteMultipartUpload. (b) is ali-oss 6.23's browser build (\`dist/aliyun-oss-sdk.min.js\`).
(c) is this module: Go signs (V4, x-oss-date) and orchestrates, the Blob slice itself is the XHR body. Page CPU is the
renderer's Performance.getMetrics TaskDuration delta across the upload (the module's Web Worker, if any, is not in it).

## Module

| measure | value |
|---|---|
| oss-upload.wasm raw | ${fmt(size.raw / MiB, 2)} MiB |
| gzip -9 | ${fmt(size.gzip / MiB, 2)} MiB |
| brotli | ${fmt(size.br / MiB, 2)} MiB |
| wasm linear memory before / peak / after an upload | ${fmt(memBefore)} / ${fmt(memPeak)} / ${fmt(memAfter)} MiB |
| module ready after navigation start | ${fmt(moduleReady, 0)} ms |
| navigation start to first part body sent | ${fmt(firstSend, 0)} ms |
| resume after reload, 1,000-part upload (990 done): call to first new part sent, median of ${RESUME_TRIALS} (min-max) | ${fmt(resume.firstSendMs, 0)} ms (${fmt(resume.min, 0)}-${fmt(resume.max, 0)}; all resumed: ${resume.resumed}) |

## Go benchmarks (same run)

\`\`\`
${[...ingest, ...stsBench, ...journalBench].join('\n')}
\`\`\`

## Targets (reported, never asserted)

| target | measured | |
|---|---|---|
| c0 >= 0.9 x a (integrity off) | ${fmt(c0 / a, 2)} | ${met(c0 / a >= 0.9)} |
| c >= 0.9 x a (integrity on) | ${fmt(c / a, 2)} | ${met(c / a >= 0.9)} |
| page main-thread CPU/GiB, c <= 0.25 x ali-oss | ${fmt(cpuC / cpuB, 2)} x | ${met(cpuC <= 0.25 * cpuB)} |
| c >= 4 x b | ${fmt(c / b, 2)} | ${met(c / b >= 4)} |
| wasm memory <= 32 MiB throughout | peak ${fmt(memPeak)} MiB | ${met(memPeak <= 32)} |
| module <= 2.5 MB gzipped | ${fmt(size.gzip / 1e6, 2)} MB | ${met(size.gzip <= 2.5e6)} |
| resume <= 150 ms | ${fmt(resume.firstSendMs, 0)} ms | ${met(resume.firstSendMs != null && resume.firstSendMs <= 150)} |

${closingNote()}
`;
// Sections written by bench/wan.mjs and bench/scale.mjs are kept across runs.
const docPath = join(root, 'docs', 'benchmarks.md');
let kept = '';
try {
  const old = readFileSync(docPath, 'utf8');
  for (const m of old.matchAll(/<!-- (\w+):begin -->[\s\S]*?<!-- \1:end -->/g)) kept += '\n' + m[0] + '\n';
} catch { /* first run */ }
writeFileSync(docPath, md + kept);
console.log(md);
rmSync(dirname(file.path), { recursive: true, force: true });
rmSync(dirname(resumeFile.path), { recursive: true, force: true });
