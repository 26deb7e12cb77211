// Internal to ossupload: a lazily created pool of Web Workers that compute
// part CRC-64/ECMA values (x-oss-hash-crc64ecma) off the calling thread.
//
// Importing this file starts nothing. The first hashPart() creates a worker;
// more are added while every worker is busy, up to
// navigator.hardwareConcurrency (at most MAX_WORKERS), and each idles out
// after IDLE_MS. A worker that fails to start (no Worker constructor, a CSP
// forbidding workers, a failed script load) marks the pool unavailable and
// the caller falls back to its own path (Go's, in ossupload).

const MAX_WORKERS = 8;
const IDLE_MS = 15000;
// A job that has not answered after JOB_MS plus 1 ms per KiB (reading at
// 1 MB/s) is given up and its worker replaced: a worker the browser killed
// silently must not hang an upload. The caller then hashes on its own path.
const JOB_MS = 30000;

let broken = ''; // why the pool cannot run, once known
const idle = []; // workers waiting for a job
const queue = []; // jobs waiting for a worker: {msg, resolve, reject}
let count = 0; // workers alive
let nextID = 1;

/** Workers the pool may run at once. */
export function poolSize() {
  const n = globalThis.navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(MAX_WORKERS, Number.isInteger(n) && n > 0 ? n : 2));
}

/** Why hashPart cannot run here ('' if it can). */
export function unavailableReason() {
  if (broken) return broken;
  if (typeof globalThis.Worker !== 'function') return 'no Worker constructor in this context';
  return '';
}

/**
 * The CRC-64/ECMA of blob.slice(start, end) as a decimal string, computed in
 * a worker. Rejects with an Error whose name is 'PoolUnavailable' when the
 * pool cannot run, or with the worker's read error (e.g. NotReadableError).
 */
export function hashPart(blob, start, end) {
  const why = unavailableReason();
  if (why) return Promise.reject(unavailable(why));
  return new Promise((resolve, reject) => {
    queue.push({ msg: { id: nextID++, blob, start, end }, resolve, reject });
    dispatch();
  });
}

function unavailable(why) {
  const e = new Error('ossupload CRC pool: ' + why);
  e.name = 'PoolUnavailable';
  return e;
}

function dispatch() {
  while (queue.length) {
    let w = idle.pop();
    if (w) clearTimeout(w.idleTimer);
    else if (count < poolSize()) w = spawn();
    if (!w) return; // all busy: the next finished job dispatches again
    run(w, queue.shift());
  }
}

function spawn() {
  let worker;
  try {
    worker = new Worker(new URL('./crc64-worker.js', import.meta.url), { type: 'module', name: 'ossupload-crc64' });
  } catch (e) {
    fail(String(e?.message ?? e));
    return undefined;
  }
  count++;
  const w = { worker, job: undefined, idleTimer: undefined, jobTimer: undefined };
  worker.onmessage = ({ data }) => {
    clearTimeout(w.jobTimer);
    const job = w.job;
    w.job = undefined;
    if (job && data.id === job.msg.id) {
      if (data.error) {
        const e = new Error(data.error.message);
        e.name = data.error.name;
        job.reject(e);
      } else {
        job.resolve(data.crc);
      }
    }
    idle.push(w);
    w.idleTimer = setTimeout(() => retire(w), IDLE_MS);
    dispatch();
  };
  // A worker that cannot load its script (CSP, 404, no module workers)
  // reports it here; nothing will ever answer, so give up on workers.
  worker.onerror = (ev) => {
    ev.preventDefault?.();
    clearTimeout(w.jobTimer);
    const job = w.job;
    w.job = undefined;
    retire(w);
    fail(ev.message || 'the CRC worker failed to start');
    job?.reject(unavailable(broken));
  };
  return w;
}

function run(w, job) {
  w.job = job;
  w.jobTimer = setTimeout(() => {
    if (w.job !== job) return;
    w.job = undefined;
    retire(w);
    const e = new Error('ossupload CRC pool: a worker did not answer in time');
    e.name = 'PoolTimeout';
    job.reject(e);
    dispatch();
  }, JOB_MS + (job.msg.end - job.msg.start) / 1024);
  w.worker.postMessage(job.msg);
}

function retire(w) {
  clearTimeout(w.idleTimer);
  clearTimeout(w.jobTimer);
  const i = idle.indexOf(w);
  if (i >= 0) idle.splice(i, 1);
  w.worker.terminate();
  count--;
}

function fail(why) {
  broken = why;
  for (const job of queue.splice(0)) job.reject(unavailable(why));
}
