// ossupload: ali-oss's browser client, in Go compiled to WebAssembly.
//
//   import OSS from 'ossupload';            // or '/oss-upload.js'
//   const client = new OSS({ stsEndpoint: '/api/sts' });   // or ali-oss's options
//   await client.multipartUpload('uploads/me/big.bin', file, { progress: (p) => ... });
//
// Importing costs nothing: the WebAssembly module is fetched and compiled on
// the first call (or by OSS.preload()), once, however many calls race for it.
// It works in a page and in a (module) Web Worker.
//
// Every method returns what ali-oss returns. The synchronous ones
// (signatureUrl, getObjectUrl, generateObjectUrl) need the module loaded:
// after any awaited call or `await OSS.preload()`; before that they throw an
// error with code 'ModuleNotLoaded' (asyncSignatureUrl always works).
import * as runtime from './oss-upload-runtime.js';

/** Bytes of WebAssembly linear memory in use by the module (for benchmarks and diagnostics; 0 before loading). */
export function wasmMemoryBytes() {
  return runtime.wasmMemoryBytes();
}

// A client collected without close() releases its Go side too.
const finalizer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => { runtime.native()?.close(handle); })
  : null;

// Clients with a call in flight, kept reachable until it settles:
// `await new OSS(o).put(...)` drops its only reference to the client while
// the call runs, and the finalizer must not stop it.
const inFlight = new Map();

function keepAlive(client, promise) {
  inFlight.set(promise, client);
  const release = () => { inFlight.delete(promise); };
  promise.then(release, release);
  return promise;
}

/**
 * ali-oss's client.options as its initOptions leaves them: its defaults,
 * trimmed keys, timeout in milliseconds, and endpoint as a url.parse()d
 * object (format(), host, hostname, protocol...). In stsEndpoint mode the
 * endpoint is the server's and known only after the first call: null here
 * unless given.
 */
function aliOptions(given) {
  const secure = typeof location !== 'undefined' && location.protocol === 'https:';
  const o = {
    region: 'oss-cn-hangzhou', internal: false, secure, timeout: 60000, bucket: null, endpoint: null, cname: false,
    isRequestPay: false, sldEnable: false, headerEncoding: 'utf-8', refreshSTSToken: null, refreshSTSTokenInterval: 300000,
    retryMax: 0, authorizationV4: false, useFetch: false, ...given,
  };
  if (typeof o.accessKeyId === 'string') o.accessKeyId = o.accessKeyId.trim();
  if (typeof o.accessKeySecret === 'string') o.accessKeySecret = o.accessKeySecret.trim();
  o.timeout = milliseconds(o.timeout);
  if (o.endpoint) o.endpoint = parsedURL(/^[a-z][a-z0-9+.-]*:\/\//i.test(String(o.endpoint)) ? String(o.endpoint) : `http${o.secure ? 's' : ''}://${o.endpoint}`);
  else if (!o.stsEndpoint && typeof o.region === 'string') {
    const vpc = o.region.startsWith('vpc100-oss-cn-');
    o.endpoint = parsedURL(`http${o.secure ? 's' : ''}://${o.region}${o.internal && !vpc ? '-internal' : ''}.aliyuncs.com`);
  }
  o.inited = true;
  o.cancelFlag = false;
  o.amendTimeSkewed = 0;
  return o;
}

/** humanize-ms, as ali-oss reads timeout: a number, or '60s', '2m', '500ms'... */
function milliseconds(v) {
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(v);
  if (!m) return v;
  return Number(m[1]) * { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[(m[2] || 'ms').toLowerCase()];
}

/** A url.parse()d URL as ali-oss keeps its endpoint (format() gives the href). */
function parsedURL(href) {
  let u;
  try { u = new URL(href); } catch { return href; }
  const v = {
    protocol: u.protocol, slashes: true, auth: null, host: u.host, port: u.port || null, hostname: u.hostname.replace(/^\[|\]$/g, ''),
    hash: null, search: null, query: null, pathname: u.pathname, path: u.pathname, href: u.href,
  };
  Object.defineProperty(v, 'format', { value: () => u.href, enumerable: false });
  Object.defineProperty(v, 'toString', { value: () => u.href, enumerable: false });
  return v;
}

/** An ali-oss-compatible client. */
class Client {
  #h; // the Go client's handle, once the module is loaded
  #opts; // the options given to Go (stsEndpoint resolved)
  #canceled = false;
  #closed = false;
  #aborts = new Set(); // abortMultipartUpload calls in flight

  constructor(options = {}) {
    options = { ...options };
    const base = runtime.pageBase(); // undefined outside browsers, where every call rejects anyway
    if (typeof options.stsEndpoint === 'string' && base) {
      // Relative to the page (or the Worker), like any URL the application
      // writes, not to wherever this module happens to be served from.
      options.stsEndpoint = new URL(options.stsEndpoint, base).href;
    }
    // ali-oss's client.options passed back (endpoint a url.parse()d object): its URL.
    if (options.endpoint && typeof options.endpoint === 'object') options.endpoint = String(options.endpoint.href ?? options.endpoint.format?.() ?? '');
    const view = aliOptions(options);
    // ali-oss's internal (or VPC) endpoint from region: requests go there too.
    if (options.internal && !options.endpoint && !options.stsEndpoint && view.endpoint) {
      options.endpoint = view.endpoint.format().replace(/\/$/, '');
      delete options.internal;
    }
    this.#opts = options;
    /** ali-oss's client.options after its initOptions (bucket follows useBucket). */
    this.options = view;
    /** ali-oss's stsTokenFreshTime: when the credentials given were fresh (refreshSTSToken is called refreshSTSTokenInterval later). */
    this.stsTokenFreshTime = new Date();
    // Once the module is loaded, bad options throw here as in ali-oss; until
    // then they reject the first call.
    const native = runtime.native();
    if (native) this.#create(native);
  }

  #create(native) {
    const r = native.create(this.#opts);
    if (r.error) throw r.error;
    this.#h = r.value;
    finalizer?.register(this, this.#h, this);
  }

  /** The native table with this client created in it. */
  async #native() {
    if (this.#closed) throw runtime.moduleError('InvalidArgument', 'this client was closed');
    const native = runtime.native() ?? await runtime.load();
    if (this.#h === undefined) this.#create(native);
    return native;
  }

  /** Calls an asynchronous native method. */
  async #call(name, args) {
    const native = await this.#native();
    return keepAlive(this, native[name](this.#h, ...args));
  }

  /** Calls a synchronous native method: returns its value or throws its error. */
  #sync(name, args) {
    const native = runtime.native();
    if (!native) {
      throw runtime.moduleError('ModuleNotLoaded',
        `ossupload: ${name}() is synchronous and the module is not loaded yet: await OSS.preload() or any call first` +
        (name === 'signatureUrl' ? ', or use asyncSignatureUrl()' : ''));
    }
    if (this.#closed) throw runtime.moduleError('InvalidArgument', 'this client was closed');
    if (this.#h === undefined) this.#create(native);
    const r = native[name](this.#h, ...args);
    if (r.error) throw r.error;
    return r.value;
  }

  /** multipartUpload(name, file, {parallel, partSize, progress, checkpoint, meta, mime, headers, callback, integrity, fresh, signal}). */
  async multipartUpload(name, file, options = {}) {
    this.#canceled = false;
    const native = await this.#native();
    // cancel() while the module was loading stops this upload before it starts.
    if (this.#canceled) throw runtime.moduleError('Canceled', 'the upload was canceled before it started');
    try {
      return await keepAlive(this, native.multipartUpload(this.#h, name, file, options));
    } catch (e) {
      // Stopped by abortMultipartUpload (from its own progress, say): as in
      // ali-oss, which awaits progress, it settles once the abort did.
      if (this.#aborts.size) await Promise.allSettled([...this.#aborts]);
      throw e;
    }
  }

  /** Stops this client's uploads (or the one named); journals are kept so they can resume. With {name, uploadId}, that upload is aborted too. */
  cancel(abort) {
    this.#canceled = true;
    if (this.#h !== undefined) runtime.native()?.cancel(this.#h, abort);
  }

  /** True after cancel() (or abortMultipartUpload) until the next multipartUpload or resetCancelFlag(). */
  isCancel() { return this.#canceled; }

  /** ali-oss's resetCancelFlag(): isCancel() is false again. */
  resetCancelFlag() { this.#canceled = false; }

  /** Releases this client; later calls reject. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#h !== undefined) {
      finalizer?.unregister(this);
      runtime.native()?.close(this.#h);
    }
  }

  /** ali-oss's useBucket(name): later calls go to that bucket. */
  useBucket(name) {
    if (this.#h !== undefined) this.#sync('useBucket', [name]);
    this.#opts = { ...this.#opts, bucket: name };
    this.options.bucket = name;
    return this;
  }
  setBucket(name) { return this.useBucket(name); }
  getBucket() { return this.options.bucket; }

  put(name, file, options = {}) { return this.#call('put', [name, file, options]); }
  append(name, file, options = {}) { return this.#call('append', [name, file, options]); }
  head(name, options = {}) { return this.#call('head', [name, options]); }
  getObjectMeta(name, options = {}) { return this.#call('getObjectMeta', [name, options]); }
  /** ali-oss's get: content is a Blob here; as ali-oss's Buffer, its toString() is the text (up to 16 MiB). */
  async get(name, file, options = {}) {
    const r = await this.#call('get', [name, file, options]);
    if (r.content instanceof Blob) {
      // As ali-oss's Buffer: content.length is the byte count.
      Object.defineProperty(r.content, 'length', { value: r.content.size, configurable: true, writable: true });
    }
    if (r.content instanceof Blob && r.content.size <= 16 << 20) {
      const text = await r.content.text();
      Object.defineProperty(r.content, 'toString', { value: () => text, configurable: true, writable: true });
    }
    return r;
  }
  delete(name, options = {}) { return this.#call('delete', [name, options]); }
  deleteMulti(names, options = {}) { return this.#call('deleteMulti', [names, options]); }
  list(query = {}, options = {}) { return this.#call('list', [query ?? {}, options]); }
  listV2(query = {}, options = {}) { return this.#call('listV2', [query ?? {}, options]); }
  copy(name, sourceName, bucketName, options) { return this.#call('copy', [name, sourceName, bucketName, options].filter((a) => a !== undefined)); }
  putMeta(name, meta, options = {}) { return this.#call('putMeta', [name, meta, options]); }
  restore(name, options) { return this.#call('restore', options === undefined ? [name] : [name, options]); }
  putSymlink(name, targetName, options = {}) { return this.#call('putSymlink', [name, targetName, options]); }
  getSymlink(name, options = {}) { return this.#call('getSymlink', [name, options]); }

  /**
   * ali-oss's abortMultipartUpload: as ali-oss, it also sets the cancel flag
   * (isCancel() is true), and a multipartUpload of that upload stops.
   */
  abortMultipartUpload(name, uploadId, options = {}) {
    this.#canceled = true;
    if (this.#h !== undefined && typeof name === 'string' && typeof uploadId === 'string') runtime.native()?.cancel(this.#h, { name });
    const p = this.#call('abortMultipartUpload', [name, uploadId, options]);
    this.#aborts.add(p);
    const done = () => { this.#aborts.delete(p); };
    p.then(done, done);
    return p;
  }
  listParts(name, uploadId, query = {}, options = {}) { return this.#call('listParts', [name, uploadId, query ?? {}, options]); }
  listUploads(query = {}, options = {}) { return this.#call('listUploads', [query ?? {}, options]); }
  initMultipartUpload(name, options = {}) { return this.#call('initMultipartUpload', [name, options]); }
  uploadPart(name, uploadId, partNo, file, start, end, options = {}) { return this.#call('uploadPart', [name, uploadId, partNo, file, start, end, options]); }
  completeMultipartUpload(name, uploadId, parts, options = {}) { return this.#call('completeMultipartUpload', [name, uploadId, parts, options]); }
  uploadPartCopy(name, uploadId, partNo, range, sourceData, options = {}) { return this.#call('uploadPartCopy', [name, uploadId, partNo, range, sourceData, options]); }
  /** ali-oss's multipartUploadCopy(name, sourceData, options): cancel() stops it, as it stops multipartUpload. */
  async multipartUploadCopy(name, sourceData, options = {}) {
    this.#canceled = false;
    const native = await this.#native();
    if (this.#canceled) throw runtime.moduleError('Canceled', 'the copy was canceled before it started');
    return keepAlive(this, native.multipartUploadCopy(this.#h, name, sourceData, options));
  }

  /** ali-oss's signatureUrl(name, options, strictObjectNameValidation = true): a V1 presigned URL, synchronously (see the top of this file). */
  signatureUrl(name, options, strict = true) { return this.#sync('signatureUrl', [name, options ?? {}, strict]); }
  /** signatureUrl that fetches or refreshes credentials first if needed. */
  asyncSignatureUrl(name, options, strict = true) { return this.#call('asyncSignatureUrl', [name, options ?? {}, strict]); }
  /** ali-oss's signatureUrlV4(method, expires, request, objectName, additionalHeaders). */
  signatureUrlV4(method, expires, request, objectName, additionalHeaders) {
    return this.#call('signatureUrlV4', [method, expires, request ?? {}, objectName, additionalHeaders ?? []]);
  }
  /** ali-oss's signPostObjectPolicyV4(policy, date): the PostObject form's x-oss-signature, synchronously (see the top of this file). */
  signPostObjectPolicyV4(policy, date) { return this.#sync('signPostObjectPolicyV4', [policy, date]); }
  /** ali-oss's getObjectUrl(name, baseUrl): synchronous. */
  getObjectUrl(name, baseUrl) { return this.#sync('getObjectUrl', [name, baseUrl ?? '']); }
  /** ali-oss's generateObjectUrl(name, baseUrl): synchronous. */
  generateObjectUrl(name, baseUrl) { return this.#sync('generateObjectUrl', [name, baseUrl ?? '']); }

  /** Unfinished uploads from the journal: [{name, fileSize, bytesDone, ageMs, uploadId, fingerprint, ...}]. */
  resumableUploads() { return this.#call('resumableUploads', []); }

  /** Where uploads go: {bucket, region, endpoint, prefix, journal}. */
  info() { return this.#call('info', []); }
}

/**
 * `new OSS(options)` or, as ali-oss allows, `OSS(options)`: the same client.
 */
export default function OSS(options) {
  return new Client(options);
}
OSS.prototype = Client.prototype;
Object.defineProperty(Client.prototype, 'constructor', { value: OSS, writable: true, configurable: true });

/**
 * Fetches and starts the WebAssembly module now instead of on the first
 * call. Options: {wasmURL} (default: oss-upload.wasm next to this file).
 */
OSS.preload = (options) => runtime.load(options);

/** Sets loader options ({wasmURL}) without loading anything. */
OSS.configure = (options) => runtime.configure(options);

/**
 * ali-oss's browser build exports its Buffer as OSS.Buffer (its docs write
 * `new OSS.Buffer('text')`): here, bytes as a Uint8Array from a string
 * (UTF-8), an ArrayBuffer or a view, with or without `new`.
 */
OSS.Buffer = function Buffer(value) {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw runtime.moduleError('InvalidArgument', 'OSS.Buffer takes a string, an ArrayBuffer or a typed array');
};
OSS.Buffer.from = OSS.Buffer;

export { OSS };
