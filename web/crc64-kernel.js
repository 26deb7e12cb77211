// Internal to ossupload: CRC-64/ECMA kernels in plain JavaScript, exactly as
// OSS computes x-oss-hash-crc64ecma (Go's hash/crc64 with crc64.ECMA: the
// reflected polynomial 0xC96C5795D7870F42, register pre- and post-inverted).
//
// JavaScript has no fast 64-bit integers (BigInt allocates), so the 64-bit
// register is two int32 halves and every table is split into low and high
// words: slicing-by-N needs 2N lookups per N bytes. Tables are Int32Array so
// V8 keeps values as small integers instead of boxing doubles.

const POLY_LO = 0xD7870F42 | 0;
const POLY_HI = 0xC96C5795 | 0;

let tables; // { lo: Int32Array(16*256), hi: Int32Array(16*256) }

/** The 16 slicing tables (table k at offset k*256), built once per realm. */
export function crcTables() {
  if (tables) return tables;
  const lo = new Int32Array(16 * 256);
  const hi = new Int32Array(16 * 256);
  for (let i = 0; i < 256; i++) {
    let l = i, h = 0;
    for (let j = 0; j < 8; j++) {
      const odd = l & 1;
      l = (l >>> 1) | (h << 31);
      h = h >>> 1;
      if (odd) { l ^= POLY_LO; h ^= POLY_HI; }
    }
    lo[i] = l; hi[i] = h;
  }
  for (let k = 1; k < 16; k++) {
    for (let i = 0; i < 256; i++) {
      const pl = lo[(k - 1) * 256 + i], ph = hi[(k - 1) * 256 + i];
      const t = pl & 0xff;
      lo[k * 256 + i] = ((pl >>> 8) | (ph << 24)) ^ lo[t];
      hi[k * 256 + i] = (ph >>> 8) ^ hi[t];
    }
  }
  tables = { lo, hi };
  return tables;
}

// byteLoop advances the raw (inverted) register over bytes [i, end).
function byteLoop(l, h, u8, i, end, lo, hi) {
  for (; i < end; i++) {
    const t = (l ^ u8[i]) & 0xff;
    l = ((l >>> 8) | (h << 24)) ^ lo[t];
    h = (h >>> 8) ^ hi[t];
  }
  return [l, h];
}

/**
 * Continues a CRC over u8 (a Uint8Array). state is [lo, hi] of a finished
 * CRC (start with [0, 0]); returns the new finished CRC as [lo, hi] uint32s.
 * slices is 8 or 16 (the kernel to use).
 */
export function crc64Update(state, u8, slices = 16) {
  const { lo, hi } = crcTables();
  let l = ~state[0], h = ~state[1];
  let i = 0;
  const n = u8.length;
  // Word loads need 4-byte alignment of the view's start.
  const head = Math.min(n, (4 - (u8.byteOffset & 3)) & 3);
  [l, h] = byteLoop(l, h, u8, 0, head, lo, hi);
  i = head;
  const words = n - i >= 4 ? new Int32Array(u8.buffer, u8.byteOffset + i, (n - i) >>> 2) : new Int32Array(0);
  let w = 0;
  if (slices === 16) {
    const stop = words.length - 3;
    for (; w < stop; w += 4) {
      const a = l ^ words[w], b = h ^ words[w + 1], c = words[w + 2], d = words[w + 3];
      l = lo[3840 + (a & 0xff)] ^ lo[3584 + ((a >>> 8) & 0xff)] ^ lo[3328 + ((a >>> 16) & 0xff)] ^ lo[3072 + (a >>> 24)] ^
          lo[2816 + (b & 0xff)] ^ lo[2560 + ((b >>> 8) & 0xff)] ^ lo[2304 + ((b >>> 16) & 0xff)] ^ lo[2048 + (b >>> 24)] ^
          lo[1792 + (c & 0xff)] ^ lo[1536 + ((c >>> 8) & 0xff)] ^ lo[1280 + ((c >>> 16) & 0xff)] ^ lo[1024 + (c >>> 24)] ^
          lo[768 + (d & 0xff)] ^ lo[512 + ((d >>> 8) & 0xff)] ^ lo[256 + ((d >>> 16) & 0xff)] ^ lo[d >>> 24];
      h = hi[3840 + (a & 0xff)] ^ hi[3584 + ((a >>> 8) & 0xff)] ^ hi[3328 + ((a >>> 16) & 0xff)] ^ hi[3072 + (a >>> 24)] ^
          hi[2816 + (b & 0xff)] ^ hi[2560 + ((b >>> 8) & 0xff)] ^ hi[2304 + ((b >>> 16) & 0xff)] ^ hi[2048 + (b >>> 24)] ^
          hi[1792 + (c & 0xff)] ^ hi[1536 + ((c >>> 8) & 0xff)] ^ hi[1280 + ((c >>> 16) & 0xff)] ^ hi[1024 + (c >>> 24)] ^
          hi[768 + (d & 0xff)] ^ hi[512 + ((d >>> 8) & 0xff)] ^ hi[256 + ((d >>> 16) & 0xff)] ^ hi[d >>> 24];
    }
  }
  const stop8 = words.length - 1;
  for (; w < stop8; w += 2) {
    const a = l ^ words[w], b = h ^ words[w + 1];
    l = lo[1792 + (a & 0xff)] ^ lo[1536 + ((a >>> 8) & 0xff)] ^ lo[1280 + ((a >>> 16) & 0xff)] ^ lo[1024 + (a >>> 24)] ^
        lo[768 + (b & 0xff)] ^ lo[512 + ((b >>> 8) & 0xff)] ^ lo[256 + ((b >>> 16) & 0xff)] ^ lo[b >>> 24];
    h = hi[1792 + (a & 0xff)] ^ hi[1536 + ((a >>> 8) & 0xff)] ^ hi[1280 + ((a >>> 16) & 0xff)] ^ hi[1024 + (a >>> 24)] ^
        hi[768 + (b & 0xff)] ^ hi[512 + ((b >>> 8) & 0xff)] ^ hi[256 + ((b >>> 16) & 0xff)] ^ hi[b >>> 24];
  }
  [l, h] = byteLoop(l, h, u8, i + w * 4, n, lo, hi);
  return [~l >>> 0, ~h >>> 0];
}

/** The CRC-64/ECMA of u8 as a decimal string, as in x-oss-hash-crc64ecma. */
export function crc64Decimal(u8, slices = 16) {
  const [l, h] = crc64Update([0, 0], u8, slices);
  return ((BigInt(h) << 32n) | BigInt(l)).toString();
}
