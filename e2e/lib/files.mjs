// Deterministic test files and their digests.
import { createHash, randomBytes } from 'node:crypto';
import { openSync, writeSync, closeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes size pseudo-random bytes; returns {path, md5}. */
export function makeFile(size, name = 'file.bin') {
  const dir = mkdtempSync(join(tmpdir(), 'ossupload-file-'));
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

export async function md5OfURL(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${r.status}: ${await r.text()}`);
  const h = createHash('md5');
  for await (const chunk of r.body) h.update(chunk);
  return h.digest('hex');
}
