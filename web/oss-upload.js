// ossupload: ali-oss's multipartUpload, in Go compiled to WebAssembly.
//
//   import OSS from '/oss-upload.js';
//   const client = new OSS({ stsEndpoint: '/api/sts' });
//   await client.multipartUpload('uploads/me/big.bin', file, { progress: (p) => ... });
//
// Loading is a top-level await: once the import resolves, the module is
// ready. It works in a page and in a (module) Web Worker.
import './wasm_exec.js';

const go = new globalThis.Go();
const wasmURL = new URL('./oss-upload.wasm', import.meta.url);
let instance;
if (WebAssembly.instantiateStreaming) {
  ({ instance } = await WebAssembly.instantiateStreaming(fetch(wasmURL), go.importObject));
} else {
  const bytes = await (await fetch(wasmURL)).arrayBuffer();
  ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
}
// go.run returns a promise that settles only if Go exits; main registers the
// native functions before it blocks, so they exist once run() has started.
go.run(instance);
const native = globalThis.__ossuploadNative;
if (!native) throw new Error('ossupload: the WebAssembly module did not start');

/** Bytes of WebAssembly linear memory in use by the module (for benchmarks and diagnostics). */
export function wasmMemoryBytes() {
  return instance.exports.mem.buffer.byteLength;
}

/** An ali-oss-compatible client: `new OSS(options)`. */
export default class OSS {
  constructor(options = {}) {
    options = { ...options };
    if (typeof options.stsEndpoint === 'string') {
      // Resolve against this module's URL, not the caller's: a Worker made
      // from a blob: URL has no base for '/api/sts'.
      options.stsEndpoint = new URL(options.stsEndpoint, import.meta.url).href;
    }
    const r = native.create(options);
    if (r.error) throw r.error;
    this._h = r.handle;
    this._canceled = false;
    this.options = { ...options };
  }

  /** multipartUpload(name, file, {parallel, partSize, progress, checkpoint, meta, mime, headers, integrity, fresh}). */
  async multipartUpload(name, file, options = {}) {
    this._canceled = false;
    const opts = { ...options };
    if (options.progress) {
      const user = options.progress;
      // ali-oss passes (p, checkpoint, res); we also pass byte counts.
      opts.progress = (p, checkpoint, res, bytes) => user(p, checkpoint, res, bytes);
    }
    return native.multipartUpload(this._h, name, file, opts);
  }

  /** Stops this client's uploads; their journals are kept so they can resume. */
  cancel() {
    this._canceled = true;
    native.cancel(this._h);
  }

  /** True after cancel() until the next multipartUpload. */
  isCancel() {
    return this._canceled;
  }

  abortMultipartUpload(name, uploadId) { return native.abortMultipartUpload(this._h, name, uploadId); }
  listParts(name, uploadId) { return native.listParts(this._h, name, uploadId); }
  listUploads(query = {}) { return native.listUploads(this._h, query); }
  initMultipartUpload(name, options = {}) { return native.initMultipartUpload(this._h, name, options); }
  uploadPart(name, uploadId, partNo, file, start, end) { return native.uploadPart(this._h, name, uploadId, partNo, file, start, end); }
  completeMultipartUpload(name, uploadId, parts) { return native.completeMultipartUpload(this._h, name, uploadId, parts); }

  /** A signed URL (V4). Async, unlike ali-oss, because credentials may need fetching. */
  signatureUrl(name, options = {}) { return native.signatureUrl(this._h, name, options); }
  asyncSignatureUrl(name, options = {}) { return native.signatureUrl(this._h, name, options); }

  /** Unfinished uploads from the journal: [{name, fileSize, bytesDone, ageMs, uploadId, fingerprint, ...}]. */
  resumableUploads() { return native.resumableUploads(this._h); }

  /** Where uploads go: {bucket, region, endpoint, prefix, journal}. */
  info() { return native.info(this._h); }
}

export { OSS };
