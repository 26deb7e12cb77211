// Internal to ossupload: one worker of the CRC-64 pool (web/crc64-pool.js).
// It reads its part once, as a stream (Blob.slice().stream(): the browser's
// own chunks, a few dozen KiB each, hashed while still in cache, and no
// part-sized allocation), and hashes it with the WebAssembly slicing-by-16
// kernel, or plain JavaScript where WebAssembly is missing; the page's main
// thread never touches the bytes. bench/bench.mjs's "pool alone" figure
// measures this path; streaming measured faster and steadier than reading
// 8 MiB (or 1 MiB) arrayBuffers on Chromium 156.
//
// Request {id, blob, start, end}; answer {id, crc} (decimal, as
// x-oss-hash-crc64ecma) or {id, error: {name, message}}.
import { wasmKernel } from './crc64-wasm.js';
import { crc64Update } from './crc64-kernel.js';

const READ = 8 << 20; // bytes per arrayBuffer() where Blob.stream() is missing: bounds memory

function kernel() {
  const k = wasmKernel(16);
  if (k) return k;
  return {
    update(crc, u8) {
      const [l, h] = crc64Update([Number(crc & 0xffffffffn), Number(crc >> 32n)], u8, 8);
      return (BigInt(h) << 32n) | BigInt(l);
    },
  };
}

self.onmessage = async ({ data: { id, blob, start, end } }) => {
  try {
    const k = kernel();
    let crc = 0n;
    const part = blob.slice(start, end);
    if (typeof part.stream === 'function') {
      const reader = part.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        crc = k.update(crc, value);
      }
    } else {
      for (let off = 0; off < part.size; off += READ) {
        crc = k.update(crc, new Uint8Array(await part.slice(off, Math.min(off + READ, part.size)).arrayBuffer()));
      }
    }
    self.postMessage({ id, crc: crc.toString() });
  } catch (e) {
    self.postMessage({ id, error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
  }
};
