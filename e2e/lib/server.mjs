// Starts the real server (built from ./server) on free loopback ports with
// the embedded OSS/STS and fault injection, for browser tests and benchmarks.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

let built = false;
export function buildServer() {
  const bin = join(root, 'bin', 'server');
  if (!built) {
    execFileSync('go', ['build', '-o', bin, './server'], { cwd: root, stdio: 'inherit' });
    built = true;
  }
  return bin;
}

/** Start the server; returns {url, ossURL, stop(), restart(), data}. */
export async function startServer({ data, web, ports: fixed, extraArgs = [] } = {}) {
  const bin = buildServer();
  const dir = data ?? mkdtempSync(join(tmpdir(), 'ossupload-e2e-'));
  const ports = fixed ?? { app: await freePort(), oss: await freePort(), sts: await freePort() };
  const args = ['-addr', `127.0.0.1:${ports.app}`, '-oss-addr', `127.0.0.1:${ports.oss}`, '-sts-addr', `127.0.0.1:${ports.sts}`,
    '-data', dir, '-web', web ?? join(root, 'web'), '-faults', '-rate-per-addr', '1000', '-rate-per-caller', '1000',
    '-new-identities-per-addr', '1000', ...extraArgs];
  const proc = spawn(bin, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  let token = '';
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + out + log)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      // The /_local endpoints need the token the server prints at start.
      const t = out.match(/ossupload: local token ([0-9a-f]+)/);
      if (t) token = t[1];
      const m = out.match(/ossupload: open (http:\/\/\S+?)\/?\n/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${out}${log}`)); });
  });
  const ossURL = `http://127.0.0.1:${ports.oss}`;
  const stop = async () => {
    if (proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  };
  return {
    url, ossURL, data: dir, ports, log: () => log, stop,
    async cleanup() { await stop(); if (!data) rmSync(dir, { recursive: true, force: true }); },
    async stats() { return (await fetch(`${ossURL}/_local/stats`, { headers: { 'X-Local-Token': token } })).json(); },
    async faults(settings) {
      const r = await fetch(`${ossURL}/_local/faults`, { method: 'POST', body: JSON.stringify(settings), headers: { 'X-Local-Token': token } });
      return r.json();
    },
    /** The local-mode secrets the server generated in its data directory. */
    secrets() { return JSON.parse(readFileSync(join(dir, 'local-secrets.json'), 'utf8')); },
  };
}

export { existsSync };
