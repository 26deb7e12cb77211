// Deterministic test files and their digests.
import { get as httpGet } from 'node:http';
import { lookup as dnsLookup } from 'node:dns';
import { createHash, randomBytes } from 'node:crypto';
import { openSync, writeSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The files made by this process, removed when it exits: a make test run
// writes a few GB of them, which would otherwise stay in the temp directory.
const made = [];
process.on('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

/** Writes size pseudo-random bytes; returns {path, md5}. */
export function makeFile(size, name = 'file.bin') {
  const dir = mkdtempSync(join(tmpdir(), 'ossupload-file-'));
  made.push(dir);
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const h = createHash('md5');
  const chunk = randomBytes(1 << 20);
  let left = size;
  let i = 0;
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    chunk[0] = i & 255; chunk[1] = (i >> 8) & 255; // vary chunks
    const b = chunk.subarray(0, n);
    writeSync(fd, b);
    h.update(b);
    left -= n;
    i++;
  }
  closeSync(fd);
  return { path, md5: h.digest('hex'), size };
}

/**
 * MD5 of what a GET of url returns. The embedded OSS is handed out as
 * http://localhost:PORT, so signed URLs are virtual-hosted on
 * <bucket>.localhost, which browsers resolve to loopback and Node does not:
 * such names are resolved to 127.0.0.1 here.
 */
export async function md5OfURL(url) {
  const res = await getLoopback(url);
  const h = createHash('md5');
  let body = '';
  for await (const chunk of res) { if (res.statusCode === 200) h.update(chunk); else body += chunk; }
  if (res.statusCode !== 200) throw new Error(`GET ${res.statusCode}: ${body}`);
  return h.digest('hex');
}

const lookup = (host, opts, cb) => (host === 'localhost' || host.endsWith('.localhost')
  ? (opts && opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4))
  : dnsLookup(host, opts, cb));

/** GET url (an http.IncomingMessage), resolving *.localhost to 127.0.0.1 as browsers do. */
export function getLoopback(url) {
  return new Promise((resolve, reject) => httpGet(url, { lookup }, resolve).on('error', reject));
}

/** A fetch-like GET of url for status and headers, resolving *.localhost as browsers do. */
export async function fetchLoopback(url) {
  const res = await getLoopback(url);
  res.resume();
  return { status: res.statusCode, headers: { get: (n) => res.headers[n.toLowerCase()] ?? null } };
}
