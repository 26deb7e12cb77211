// A bare Chrome DevTools Protocol client over --remote-debugging-pipe. It
// enables only what it uses (Page, Runtime, Performance, DOM): never the
// Network domain, whose request-body capture slows Blob uploads ~8x and
// would distort the comparison.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'ossupload-bench-profile-'));
  const proc = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const out = proc.stdio[3];
  const inp = proc.stdio[4];
  let id = 0;
  const pending = new Map();
  const listeners = [];
  let buf = Buffer.alloc(0);
  inp.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    let i;
    while ((i = buf.indexOf(0)) >= 0) {
      const msg = JSON.parse(buf.subarray(0, i).toString());
      buf = buf.subarray(i + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        msg.error ? reject(new Error(msg.error.message)) : resolve(msg.result);
      } else {
        for (const l of listeners) l(msg);
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const m = { id: ++id, method, params };
    if (sessionId) m.sessionId = sessionId;
    pending.set(m.id, { resolve, reject });
    out.write(JSON.stringify(m) + '\0');
  });
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  await s('Page.enable');
  await s('Runtime.enable');
  await s('Performance.enable');
  await s('DOM.enable');
  const page = {
    async goto(url) {
      const loaded = new Promise((r) => listeners.push((m) => { if (m.method === 'Page.loadEventFired' && m.sessionId === sessionId) r(); }));
      await s('Page.navigate', { url });
      await loaded;
    },
    async eval(expr) {
      const r = await s('Runtime.evaluate', { expression: expr, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
      return r.result.value;
    },
    async setFile(selector, path) {
      const { result } = await s('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(selector)})` });
      await s('DOM.setFileInputFiles', { files: [path], objectId: result.objectId });
    },
    // send is a raw CDP command on the page's session (Profiler, for bench/small.mjs).
    send: (method, params) => s(method, params),
    async metrics() {
      const { metrics } = await s('Performance.getMetrics');
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    },
  };
  return {
    page,
    version: (await send('Browser.getVersion')).product,
    async close() {
      if (proc.exitCode === null) { proc.kill(); await new Promise((r) => proc.once('exit', r)); }
      // Chromium's helpers may still be writing the profile for a moment after
      // the browser exits: remove it until it stays gone (about 5 s at most).
      for (let i = 0; i < 25; i++) {
        try { rmSync(profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }); } catch { /* retried */ }
        await new Promise((r) => setTimeout(r, 200));
        if (!existsSync(profile)) break;
      }
    },
  };
}
