// Internal to ossupload: one worker of the CRC-64 pool (web/crc64-pool.js).
// It reads its part once (Blob.slice → arrayBuffer, a chunk at a time) and
// hashes it with the WebAssembly slicing-by-16 kernel, or plain JavaScript
// where WebAssembly is missing; the page's main thread never touches the bytes.
//
// Request {id, blob, start, end}; answer {id, crc} (decimal, as
// x-oss-hash-crc64ecma) or {id, error: {name, message}}.
import { wasmKernel } from './crc64-wasm.js';
import { crc64Update } from './crc64-kernel.js';

const READ = 8 << 20; // bytes read per arrayBuffer(): bounds memory for parts of any size

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
    for (let off = start; off < end; off += READ) {
      const buf = await blob.slice(off, Math.min(off + READ, end)).arrayBuffer();
      crc = k.update(crc, new Uint8Array(buf));
    }
    self.postMessage({ id, crc: crc.toString() });
  } catch (e) {
    self.postMessage({ id, error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
  }
};
