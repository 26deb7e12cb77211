// ossupload: ali-oss's multipartUpload, in Go compiled to WebAssembly.
//
//   import OSS from 'ossupload';            // or '/oss-upload.js'
//   const client = new OSS({ stsEndpoint: '/api/sts' });
//   await client.multipartUpload('uploads/me/big.bin', file, { progress: (p) => ... });
//
// Importing costs nothing: the WebAssembly module is fetched and compiled on
// the first call (or by OSS.preload()), once, however many calls race for it.
// It works in a page and in a (module) Web Worker.
import * as runtime from './oss-upload-runtime.js';

/** Bytes of WebAssembly linear memory in use by the module (for benchmarks and diagnostics; 0 before loading). */
export function wasmMemoryBytes() {
  return runtime.wasmMemoryBytes();
}

/** An ali-oss-compatible client: `new OSS(options)`. */
export default class OSS {
  /**
   * Fetches and starts the WebAssembly module now instead of on the first
   * call. Options: {wasmURL} (default: oss-upload.wasm next to this file).
   */
  static preload(options) {
    return runtime.load(options);
  }

  /** Sets loader options ({wasmURL}) without loading anything. */
  static configure(options) {
    runtime.configure(options);
  }

  constructor(options = {}) {
    options = { ...options };
    const base = runtime.pageBase(); // undefined outside browsers, where every call rejects anyway
    if (typeof options.stsEndpoint === 'string' && base) {
      // Relative to the page (or the Worker), like any URL the application
      // writes, not to wherever this module happens to be served from.
      options.stsEndpoint = new URL(options.stsEndpoint, base).href;
    }
    this._canceled = false;
    this.options = { ...options };
    this._opts = options;
    this._h = undefined;
    // Once the module is loaded, bad options throw here as before; until
    // then they reject the first call.
    if (runtime.native()) this._create(runtime.native());
  }

  _create(native) {
    const r = native.create(this._opts);
    if (r.error) throw r.error;
    this._h = r.handle;
  }

  /** The native table with this client created in it. */
  async _native() {
    const native = runtime.native() ?? await runtime.load();
    if (this._h === undefined) this._create(native);
    return native;
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
    const native = await this._native();
    // cancel() while the module was loading stops this upload before it starts.
    if (this._canceled) throw runtime.moduleError('Canceled', 'the upload was canceled before it started');
    return native.multipartUpload(this._h, name, file, opts);
  }

  /** Stops this client's uploads; their journals are kept so they can resume. */
  cancel() {
    this._canceled = true;
    if (this._h !== undefined) runtime.native()?.cancel(this._h);
  }

  /** True after cancel() until the next multipartUpload. */
  isCancel() {
    return this._canceled;
  }

  async abortMultipartUpload(name, uploadId) { return (await this._native()).abortMultipartUpload(this._h, name, uploadId); }
  async listParts(name, uploadId) { return (await this._native()).listParts(this._h, name, uploadId); }
  async listUploads(query = {}) { return (await this._native()).listUploads(this._h, query); }
  async initMultipartUpload(name, options = {}) { return (await this._native()).initMultipartUpload(this._h, name, options); }
  async uploadPart(name, uploadId, partNo, file, start, end) { return (await this._native()).uploadPart(this._h, name, uploadId, partNo, file, start, end); }
  async completeMultipartUpload(name, uploadId, parts) { return (await this._native()).completeMultipartUpload(this._h, name, uploadId, parts); }

  /** A signed URL (V4). Async, unlike ali-oss, because credentials may need fetching. */
  async signatureUrl(name, options = {}) { return (await this._native()).signatureUrl(this._h, name, options); }
  async asyncSignatureUrl(name, options = {}) { return (await this._native()).signatureUrl(this._h, name, options); }

  /** Unfinished uploads from the journal: [{name, fileSize, bytesDone, ageMs, uploadId, fingerprint, ...}]. */
  async resumableUploads() { return (await this._native()).resumableUploads(this._h); }

  /** Where uploads go: {bucket, region, endpoint, prefix, journal}. */
  async info() { return (await this._native()).info(this._h); }
}

export { OSS };
