// A Web Worker timing one CRC-64/ECMA kernel on one core (bench/bench.mjs):
// the plain-JS and WebAssembly kernels of web/, or (kernel 'go8'/'go16')
// Go's, by loading bench/crcgo compiled to wasm. Answers {mbps, crc}.
self.onmessage = async ({ data: { kernel, mib } }) => {
  try {
    if (kernel.startsWith('go')) {
      importScripts('/wasm_exec_bench.js');
      const go = new self.Go();
      const { instance } = await WebAssembly.instantiateStreaming(fetch('/crc-go.wasm'), go.importObject);
      go.run(instance);
      const r = self.goCRCBench(mib, Number(kernel.slice(2)));
      self.postMessage({ mbps: r.mbps, crc: r.crc });
      return;
    }
    const { crc64Update } = await import('/crc64-kernel.js');
    const { wasmKernel } = await import('/crc64-wasm.js');
    const buf = new Uint8Array(mib << 20);
    for (let i = 0; i < buf.length; i++) buf[i] = Math.imul(i, 2654435761) >>> 13;
    const slices = Number(kernel.replace(/\D/g, ''));
    const run = kernel.startsWith('wasm')
      ? () => Number(wasmKernel(slices).update(0n, buf) >> 11n)
      : () => { const [l, h] = crc64Update([0, 0], buf, slices); return Number(((BigInt(h) << 32n) | BigInt(l)) >> 11n); };
    let best = Infinity, crc;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      crc = run();
      best = Math.min(best, performance.now() - t);
    }
    self.postMessage({ mbps: buf.length / 1e6 / (best / 1000), crc });
  } catch (e) {
    self.postMessage({ error: String(e?.stack ?? e) });
  }
};
