// Internal to ossupload, not its public API: fetches, compiles and starts the
// Go WebAssembly module on first use, and hands out its table of native
// functions. web/oss-upload.js (the OSS class) is the only intended caller.
//
// Importing this file costs nothing: no fetch, no compile, no globals. The
// first load() (from the first OSS call, or OSS.preload()) fetches the wasm
// and compiles it while it streams in; concurrent first calls share that one
// instantiation. Afterwards native() returns the table synchronously.

// The wasm's URL as a literal next to import.meta.url, so bundlers (Vite,
// webpack 5) see it, copy the file into their output and rewrite the URL.
const defaultWasmURL = () => new URL('./oss-upload.wasm', import.meta.url);

let configuredURL; // string | URL, set by configure({ wasmURL })
let pending; // Promise of the running instantiation, shared by concurrent callers
let current; // { native, instance } once started, until the Go program exits

/** Why the module cannot run here, or '' if it can (a browser page or Worker). */
export function unsupportedReason() {
  if (typeof WebAssembly !== 'object' || typeof fetch !== 'function') {
    return 'ossupload runs in browsers: this environment has no WebAssembly or fetch';
  }
  const g = globalThis;
  if (typeof g.document !== 'object' && typeof g.WorkerGlobalScope !== 'function') {
    return 'ossupload runs in browsers (a page or a Web Worker), not in a server-side runtime';
  }
  return '';
}

/** An Error with the module's stable shape: {name, code, status, requestId}. */
export function moduleError(code, message, cause) {
  const e = new Error(message, cause === undefined ? undefined : { cause });
  e.name = 'OSSUploadError';
  e.code = code;
  e.status = -1;
  e.requestId = '';
  return e;
}

/**
 * Sets loader options before the first load: {wasmURL} is where the module's
 * .wasm is fetched from (default: next to this file). Changing the URL after
 * the module started has no effect on the running instance.
 */
export function configure(options = {}) {
  if (options.wasmURL !== undefined && options.wasmURL !== null) {
    if (typeof options.wasmURL !== 'string' && !(options.wasmURL instanceof URL)) {
      throw moduleError('InvalidArgument', 'ossupload: wasmURL must be a string or a URL');
    }
    configuredURL = options.wasmURL;
  }
}

/** The native table if the module is loaded and running, else undefined. Synchronous. */
export function native() {
  return current?.native;
}

/** Loads the module once; resolves to the native table. A failed load is retried by the next call. */
export function load(options) {
  if (options) configure(options);
  if (current) return Promise.resolve(current.native);
  if (!pending) {
    pending = instantiate(wasmURL()).then(
      (c) => { current = c; pending = undefined; return c.native; },
      (e) => { pending = undefined; throw e; },
    );
  }
  return pending;
}

/** Bytes of WebAssembly linear memory in use (0 before the module is loaded). */
export function wasmMemoryBytes() {
  return current ? current.instance.exports.mem.buffer.byteLength : 0;
}

function wasmURL() {
  if (configuredURL === undefined) return defaultWasmURL();
  // A relative wasmURL is relative to the page (or Worker), like any URL
  // the application writes.
  return new URL(String(configuredURL), pageBase());
}

/** The base for URLs the application gives us: the page's base URI, or the Worker's location. */
export function pageBase() {
  const g = globalThis;
  if (typeof g.document === 'object' && g.document?.baseURI) return g.document.baseURI;
  const loc = g.location;
  if (loc?.href) {
    // A Worker made from a blob: URL has no hierarchical base; its origin
    // (the page that made it) is the natural one.
    return loc.protocol === 'blob:' ? loc.origin + '/' : loc.href;
  }
  return undefined;
}

async function instantiate(url) {
  const why = unsupportedReason();
  if (why) throw moduleError('NotSupported', why);
  // wasm_exec.js as a module: parsed only now, and it installs nothing.
  // The CRC-64 worker pool (web/crc64-pool.js) is imported alongside; it
  // starts no worker until the first part is hashed.
  const [{ Go, fs, process, path }, pool] = await Promise.all([import('./go-runtime.js'), import('./crc64-pool.js')]);
  const go = new Go();
  const key = '__ossupload_' + Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');
  go.env = { OSSUPLOAD_NATIVE_KEY: key };
  const instance = await compile(url, go.importObject);
  // Go's syscall package reads globalThis.fs, process and path while it
  // initialises, and keeps what it read: they are there only for that.
  const restore = borrowGlobals({ fs, process, path });
  let native;
  try {
    // run() executes Go's initialisation and main synchronously up to main's
    // first block; by then main has published the table under our key.
    const exited = go.run(instance);
    native = globalThis[key];
    exited.finally(() => { if (current?.instance === instance) current = undefined; });
  } finally {
    delete globalThis[key];
    restore();
  }
  if (!native) throw moduleError('ModuleFailed', 'ossupload: the WebAssembly module did not start');
  // Part CRCs are computed by the worker pool when this context can run
  // workers, else in Go (the engine's default).
  if (!pool.unavailableReason()) native.setPartHasher?.(pool.hashPart);
  return { native, instance };
}

async function compile(url, imports) {
  let resp;
  try {
    resp = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw moduleError('ModuleFetchFailed', `ossupload: fetching ${url} failed: ${e?.message ?? e}`, e);
  }
  if (!resp.ok) {
    throw moduleError('ModuleFetchFailed', `ossupload: fetching ${url} failed: HTTP ${resp.status}`);
  }
  try {
    // Streaming compilation needs the application/wasm type; a server that
    // sends another type gets the buffered path instead of an error.
    const type = resp.headers.get('Content-Type') || '';
    if (WebAssembly.instantiateStreaming && type.split(';')[0].trim().toLowerCase() === 'application/wasm') {
      return (await WebAssembly.instantiateStreaming(resp, imports)).instance;
    }
    return (await WebAssembly.instantiate(await resp.arrayBuffer(), imports)).instance;
  } catch (e) {
    throw moduleError('ModuleFailed', `ossupload: compiling ${url} failed: ${e?.message ?? e}`, e);
  }
}

// borrowGlobals sets globalThis[name] = value for each entry and returns a
// function that puts back exactly what was there before (or nothing).
function borrowGlobals(values) {
  const saved = [];
  for (const [name, value] of Object.entries(values)) {
    const had = Object.getOwnPropertyDescriptor(globalThis, name);
    if (had && !had.configurable) continue; // cannot borrow: Go gets the page's own
    try {
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
      saved.push([name, had]);
    } catch { /* leave the page's own */ }
  }
  return () => {
    for (const [name, had] of saved.reverse()) {
      if (had) Object.defineProperty(globalThis, name, had);
      else delete globalThis[name];
    }
  };
}
