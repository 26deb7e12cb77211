// Internal to ossupload: a CRC-64/ECMA kernel as a tiny hand-assembled
// WebAssembly module (about 400 bytes, built here at run time, no fetch).
//
// WebAssembly has native 64-bit integers, so slicing-by-8/16 costs one
// 8-byte table load per input byte instead of the two 32-bit halves plain
// JavaScript needs (web/crc64-kernel.js). The tables (16 x 256 x 8 bytes)
// live at address 0 of the module's memory; input is copied in at DATA.

import { crcTables } from './crc64-kernel.js';

const DATA = 1 << 16; // input window offset (tables take 32 KiB)
const CHUNK = 1 << 20; // bytes copied into wasm memory per call

const uleb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const sleb = (n) => { const o = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { o.push(b); return o; } o.push(b | 0x80); } };
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const str = (s) => vec([...new TextEncoder().encode(s)]);

// Opcodes used below.
const GET = 0x20, SET = 0x21, I32 = 0x41, I64 = 0x42, LOAD64 = 0x29, LOAD8U = 0x31;
const AND32 = 0x71, SHL32 = 0x74, ADD32 = 0x6a, SUB32 = 0x6b, LTU32 = 0x49, EQZ32 = 0x45;
const XOR64 = 0x85, SHRU64 = 0x88, SHL64 = 0x86, AND64 = 0x83, WRAP = 0xa7, BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BRIF = 0x0d, END = 0x0b, VOID = 0x40;
// Locals: 0 crc (i64), 1 ptr (i32), 2 len (i32), 3 a (i64), 4 b (i64).
const C = 0, P = 1, L = 2, A = 3, B = 4;

// lookup pushes table[k][(v >> shift) & 0xff] (an i64). The byte is
// shifted straight into place as a table offset (index * 8, i.e. bits 3..10)
// and masked once, so each lookup is one shift, one mask and one load.
function lookup(v, shift, k) {
  const o = [GET, v];
  if (shift > 3) o.push(I64, ...sleb(shift - 3), SHRU64);
  else if (shift < 3) o.push(I64, ...sleb(3 - shift), SHL64);
  o.push(I64, ...sleb(0x7f8), AND64);
  o.push(WRAP, LOAD64, 3, ...uleb(k * 2048));
  return o;
}

// fold pushes the XOR of the 8 lookups for the 8 bytes of v, tables top..top-7.
function fold(v, top) {
  const o = [];
  for (let j = 0; j < 8; j++) {
    o.push(...lookup(v, 8 * j, top - j));
    if (j) o.push(XOR64);
  }
  return o;
}

// advance(n) moves ptr and len on by n bytes.
const advance = (n) => [GET, P, I32, ...sleb(n), ADD32, SET, P, GET, L, I32, ...sleb(n), SUB32, SET, L];

function body(slices) {
  const step = slices === 16
    ? [GET, C, GET, P, LOAD64, 3, 0, XOR64, SET, A, GET, P, LOAD64, 3, 8, SET, B, ...fold(A, 15), ...fold(B, 7), XOR64, SET, C]
    : [GET, C, GET, P, LOAD64, 3, 0, XOR64, SET, A, ...fold(A, 7), SET, C];
  const code = [
    GET, C, I64, ...sleb(-1), XOR64, SET, C,
    BLOCK, VOID, LOOP, VOID,
    GET, L, I32, ...sleb(slices), LTU32, BRIF, 1,
    ...step, ...advance(slices), BR, 0, END, END,
    BLOCK, VOID, LOOP, VOID,
    GET, L, EQZ32, BRIF, 1,
    GET, C, GET, P, LOAD8U, 0, 0, XOR64, SET, A,
    GET, C, I64, 8, SHRU64, ...lookup(A, 0, 0), XOR64, SET, C,
    ...advance(1), BR, 0, END, END,
    GET, C, I64, ...sleb(-1), XOR64, END,
  ];
  const fn = [...vec([[2, 0x7e]]), ...code];
  return [...uleb(fn.length), ...fn];
}

/** The module's bytes: exports mem, crc8(crc, ptr, len) and crc16(crc, ptr, len). */
export function kernelModuleBytes() {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([0x7e, 0x7f, 0x7f]), ...vec([0x7e])]])),
    ...section(3, vec([0, 0])),
    ...section(5, vec([[0x00, 2]])),
    ...section(7, vec([[...str('mem'), 0x02, 0], [...str('crc8'), 0x00, 0], [...str('crc16'), 0x00, 1]])),
    ...section(10, vec([body(8), body(16)])),
  ]);
}

let kernel; // { update(crc: bigint, u8): bigint } once built; null if WebAssembly is missing

/**
 * The WebAssembly kernel, instantiated once per realm (synchronously: the
 * module is tiny), or null where WebAssembly is unavailable.
 */
export function wasmKernel(slices = 16) {
  if (kernel !== undefined) return kernel && kernel.withSlices(slices);
  if (typeof WebAssembly !== 'object') return (kernel = null);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(kernelModuleBytes()));
  const mem = exports.mem;
  mem.grow(Math.ceil((DATA + CHUNK) / 65536) - mem.buffer.byteLength / 65536);
  const { lo, hi } = crcTables();
  const t = new BigUint64Array(mem.buffer, 0, 16 * 256);
  for (let i = 0; i < t.length; i++) t[i] = (BigInt(hi[i] >>> 0) << 32n) | BigInt(lo[i] >>> 0);
  const make = (fn) => ({
    /** Continues the finished CRC crc (a bigint) over u8; returns the new one. */
    update(crc, u8) {
      const window = new Uint8Array(mem.buffer, DATA, CHUNK);
      for (let off = 0; off < u8.length; off += CHUNK) {
        const part = u8.subarray(off, Math.min(off + CHUNK, u8.length));
        window.set(part);
        crc = fn(crc, DATA, part.length);
      }
      return BigInt.asUintN(64, crc);
    },
  });
  const k8 = make(exports.crc8), k16 = make(exports.crc16);
  kernel = { withSlices: (s) => (s === 8 ? k8 : k16) };
  return kernel.withSlices(slices);
}
