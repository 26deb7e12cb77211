// The demo page: plain ES modules over the ossupload module.
const $ = (id) => document.getElementById(id);
const status = $('status');
let OSS;
try {
  ({ default: OSS } = await import('./oss-upload.js'));
  // The import alone loads nothing; this page uploads, so load now and say
  // at once if the WebAssembly module is missing.
  await OSS.preload();
} catch (e) {
  status.textContent = `The upload module could not be loaded (${e.message}). Uploads are unavailable; check that web/oss-upload.wasm was built (make wasm) and reload.`;
  status.classList.add('error');
  throw e;
}

// What a person should read for each stable error code (see wasm/upload/errors.go
// and OSS's own codes, which pass through unchanged).
const NETWORK = 'The network is down or the storage service cannot be reached. Resume when you are back online; finished parts are kept.';
const RETRY_LATER = 'The storage service is failing right now. Resume in a moment; finished parts are kept.';
const MESSAGES = {
  Canceled: 'Paused. Resume continues where it stopped.',
  FileChanged: 'This is not the same file (its size, date or content differs), so the upload cannot continue with it. Choose the original file, or start a new upload.',
  CheckpointMismatch: 'The saved progress belongs to another file or object. Choose the original file, or start a new upload.',
  AccessDenied: 'Not allowed: your upload credentials do not permit writing there (policy denial).',
  SecurityTokenExpired: 'Your upload credentials expired and could not be renewed. Resume to try with fresh ones, or reload the page.',
  InvalidAccessKeyId: 'Your upload credentials were refused. Reload the page and resume.',
  InvalidSecurityToken: 'Your upload credentials were refused. Reload the page and resume.',
  SignatureDoesNotMatch: 'The storage service refused the request signature. Reload the page and resume.',
  RequestTimeTooSkewed: 'This computer\u2019s clock is too far off for the storage service. Correct the clock, then resume.',
  CredentialsUnavailable: 'Upload credentials are unavailable right now. Try again in a moment; finished parts are kept.',
  STSUnavailable: 'The credential service is down. Try again in a moment; finished parts are kept.',
  TooManyRequests: 'Too many requests; wait a few seconds and resume.',
  Network: NETWORK,
  RequestError: NETWORK,
  NetworkError: NETWORK,
  Timeout: 'The storage service stopped answering in time. Resume when the connection is better; finished parts are kept.',
  ConnectionTimeoutError: 'The storage service stopped answering in time. Resume when the connection is better; finished parts are kept.',
  InternalError: RETRY_LATER,
  ServiceUnavailable: RETRY_LATER,
  QuotaExceeded: 'The storage quota is full: nothing more can be stored until space is freed.',
  EntityTooLarge: 'The file is larger than the storage service allows.',
  IntegrityMismatch: 'A part arrived corrupted and could not be repaired. Resume to send it again.',
  NoSuchUpload: 'The upload no longer exists on the server; start it again.',
  CompleteOutcomeUnknown: 'The last step\u2019s answer was lost, so it is not known whether the file arrived. Check the finished list after a reload.',
  UploadInProgress: 'This file is already uploading in another tab or row.',
  Aborted: 'The upload was aborted (here, in another tab or by another client); nothing more was sent and nothing was stored. Upload the file again to start over.',
  IdentityChanged: 'You are now signed in as someone else, so this upload stopped; its progress is kept for the previous identity. Reload the page.',
  SourceReadError: 'The file could not be read any more (moved, deleted or permission lost). Choose it again.',
  JournalError: 'Progress could not be saved in this browser (storage full or private mode): the upload works but will not resume after a reload.',
  InvalidArgument: 'The upload settings are invalid.',
};
// Codes that trying again cannot fix: the row offers no Resume for them.
const FINAL = new Set(['Aborted', 'IdentityChanged', 'FileChanged', 'CheckpointMismatch', 'AccessDenied', 'EntityTooLarge', 'QuotaExceeded', 'InvalidArgument']);

/** A human sentence for an error, with the code and request ID for support. */
function message(e) {
  const base = MESSAGES[e.code] || (/quota/i.test(`${e.code} ${e.message}`) ? MESSAGES.QuotaExceeded : `Upload failed: ${e.message}`);
  const ref = [e.code && `code ${e.code}`, e.partNum && `part ${e.partNum}`, e.requestId && `request ${e.requestId}`].filter(Boolean).join(', ');
  return ref ? `${base} (${ref})` : base;
}

// One client to ask where uploads go; one per file so pausing one file
// (client.cancel()) leaves the others running.
const info = await new OSS({ stsEndpoint: '/api/sts' }).info().catch((e) => {
  status.textContent = message(e);
  status.classList.add('error');
  throw e;
});
$('drop').disabled = false;
status.textContent = info.journal === 'indexeddb'
  ? 'Ready. Uploads resume after a reload.'
  : 'Ready, but this browser has no IndexedDB: uploads will not resume after a reload.';

const fmtBytes = (n) => {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${u[i]}`;
};
const fmtTime = (s) => {
  const t = Math.ceil(s);
  return !isFinite(s) ? '—' : t < 60 ? `${t} s` : t < 3600 ? `${Math.floor(t / 60)} min ${t % 60} s` : `${Math.floor(t / 3600)} h ${Math.round((t % 3600) / 60)} min`;
};
const fmtAge = (ms) => (ms < 60e3 ? 'just now' : ms < 3600e3 ? `${Math.round(ms / 60e3)} min ago` : ms < 86400e3 ? `${Math.round(ms / 3600e3)} h ago` : `${Math.round(ms / 86400e3)} days ago`);

function refreshEmpty() {
  $('no-uploads').hidden = $('uploads').children.length > 0;
  $('no-finished').hidden = $('finished').children.length > 0;
}

class Upload {
  constructor(file, checkpoint = null, handle = null) {
    this.file = file;
    this.handle = handle;
    this.key = checkpoint ? checkpoint.name : info.prefix + file.name;
    this.checkpoint = checkpoint;
    this.client = new OSS({ stsEndpoint: '/api/sts' });
    this.el = $('upload-row').content.firstElementChild.cloneNode(true);
    this.el.querySelector('.file-name').textContent = file.name;
    this.bar = this.el.querySelector('progress');
    this.bar.setAttribute('aria-label', `Progress of ${file.name}`);
    this.state = this.el.querySelector('.state');
    this.figures = this.el.querySelector('.figures');
    this.msg = this.el.querySelector('.message');
    for (const b of this.el.querySelectorAll('button')) {
      b.setAttribute('aria-label', `${b.textContent} ${file.name}`);
      b.addEventListener('click', () => this[b.dataset.act]());
    }
    $('uploads').append(this.el);
    refreshEmpty();
  }

  /** Figures without speed or time left, for a row that is not moving. */
  still() {
    const b = this.last;
    if (b) this.figures.textContent = `${fmtBytes(b.sent)} of ${fmtBytes(b.total)} · parts ${b.partsDone}/${b.partsTotal}`;
  }

  setState(text, cls = '') {
    this.state.textContent = text;
    this.state.className = `state ${cls}`;
  }

  buttons({ pause, resume, cancel, abort }) {
    const q = (a) => this.el.querySelector(`[data-act=${a}]`);
    q('pause').hidden = !pause; q('resume').hidden = !resume; q('cancel').hidden = !cancel; q('abort').hidden = !abort;
  }

  async start() {
    this.msg.textContent = '';
    this.setState('Uploading');
    this.buttons({ pause: true, cancel: true, abort: true });
    const t0 = performance.now();
    let startBytes = null;
    const samples = [];
    let lastPaint = 0;
    try {
      const opts = {
        progress: (p, cp, res, bytes) => {
          if (cp) this.uploadId = cp.uploadId;
          if (!bytes) return;
          this.last = bytes;
          if (startBytes === null) startBytes = bytes.sent;
          const now = performance.now();
          if (now - lastPaint < 100 && p < 1) return;
          lastPaint = now;
          // Speed over the last few seconds, so it follows the network rather than the whole history.
          samples.push([now, bytes.sent]);
          while (samples.length > 2 && now - samples[0][0] > 4000) samples.shift();
          const [t1, s1] = (now - samples[0][0]) > 500 ? samples[0] : [t0, startBytes];
          const secs = (now - t1) / 1000;
          const speed = secs > 0.2 ? (bytes.sent - s1) / secs : 0;
          this.bar.value = p;
          // Screen readers hear every quarter, not every repaint.
          const q = Math.floor(p * 4);
          if (q > (this.quarter ?? 0) && q < 4) { this.quarter = q; this.el.querySelector('.milestone').textContent = `${this.file.name}: ${q * 25}% uploaded`; }
          const pace = speed ? `${(speed / 1e6).toFixed(1)} MB/s · ${fmtTime((bytes.total - bytes.sent) / speed)} left` : 'measuring speed…';
          this.figures.textContent = `${fmtBytes(bytes.sent)} of ${fmtBytes(bytes.total)} · ${pace} · parts ${bytes.partsDone}/${bytes.partsTotal}`;
        },
      };
      if (this.checkpoint) opts.checkpoint = this.checkpoint;
      // OSS tells the app server itself when the object is complete (an upload callback, verified there),
      // so the app learns it from OSS rather than from this page.
      opts.callback = { url: `${location.origin}/api/oss-callback`, contentType: 'application/x-www-form-urlencoded',
        body: 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}' };
      // Stored with the journal, so after a reload the page can resume without asking for the file.
      if (this.handle) opts.fileHandle = this.handle;
      const r = await this.client.multipartUpload(this.key, this.file, opts);
      this.bar.value = 1;
      this.setState(r.resumed ? 'Done (resumed)' : 'Done', 'done');
      const secs = (performance.now() - t0) / 1000;
      this.figures.textContent = `${fmtBytes(this.file.size)} in ${secs.toFixed(1)} s`;
      // The finished row exists before the active one goes, so the file is never missing from both lists.
      await addFinished(r.name, this.file.size, r);
      this.el.remove();
      refreshEmpty();
      loadUnfinished();
    } catch (e) {
      if (e.code === 'Canceled' && this.paused) {
        this.setState('Paused');
        this.still();
        this.buttons({ resume: true, cancel: true, abort: true });
        return;
      }
      if (this.gone) return;
      this.setState('Stopped', 'failed');
      this.still();
      this.msg.textContent = message(e);
      // A refused file leaves the saved upload untouched: offer it again in the panel.
      if (FINAL.has(e.code)) {
        this.el.classList.add('final');
        const b = this.el.querySelector('[data-act=cancel]');
        b.textContent = 'Dismiss';
        b.setAttribute('aria-label', `Dismiss ${this.file.name}`);
        if (!this.last) this.bar.hidden = true;
        loadUnfinished();
      }
      this.buttons({ resume: !FINAL.has(e.code), cancel: true, abort: !!this.uploadId });
    }
  }

  pause() { this.paused = true; this.client.cancel(); }
  resume() { this.paused = false; this.start(); this.el.querySelector('[data-act=pause]').focus(); }
  cancel() {
    this.gone = true;
    this.client.cancel();
    this.el.remove();
    refreshEmpty();
    setTimeout(loadUnfinished, 300);
    status.textContent = `Stopped ${this.file.name}; it is listed under unfinished uploads.`;
  }
  async abort() {
    this.gone = true;
    this.client.cancel();
    this.el.remove();
    refreshEmpty();
    if (this.uploadId) {
      try { await this.client.abortMultipartUpload(this.key, this.uploadId); } catch (e) { status.textContent = message(e); }
    }
    status.textContent = `Aborted ${this.file.name}; nothing of it is kept.`;
    loadUnfinished();
  }
}

async function addFinished(name, size, { resumed, restarted }) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.textContent = name.slice(info.prefix.length) || name;
  a.href = await new OSS({ stsEndpoint: '/api/sts' }).asyncSignatureUrl(name, { expires: 3600 });
  a.setAttribute('download', '');
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `${fmtBytes(size)} · signed download link, valid for 1 hour${resumed ? ' · resumed, finished parts were not sent again' : ''}${restarted ? ' · the earlier upload had expired on the server, so it was sent again' : ''}`;
  li.append(a, meta);
  $('finished').prepend(li);
  refreshEmpty();
  confirmFromServer(name, meta);
}

/** Marks a finished upload "confirmed by the server" once the app server has OSS's verified callback for it. */
async function confirmFromServer(name, meta) {
  for (let i = 0; i < 5; i++) {
    try {
      const r = await fetch('/api/oss-callback', { credentials: 'same-origin' });
      const { uploads = [] } = r.ok ? await r.json() : {};
      if (uploads.some((u) => u.object === name)) {
        meta.append(' · ');
        const b = document.createElement('strong');
        b.className = 'confirmed';
        b.textContent = 'confirmed by the server';
        meta.append(b);
        return;
      }
    } catch { /* offline: the link above still works */ }
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/** Starts one upload per entry; entries are Files or {file, handle}. */
function startFiles(entries) {
  for (const e of entries) {
    try {
      if (e instanceof File) new Upload(e).start();
      else new Upload(e.file, null, e.handle).start();
    } catch (err) {
      // The module itself failed (its runtime ended): say so rather than do nothing.
      status.textContent = `${(e.file ?? e).name} could not start: ${message(err)} Reload the page to try again.`;
      status.classList.add('error');
    }
  }
}

/** Reads the files behind FileSystemFileHandles; a failure is reported, not thrown. */
async function fromHandles(handles) {
  const out = [];
  for (const handle of handles) {
    try { out.push({ file: await handle.getFile(), handle }); } catch (e) { status.textContent = `${handle.name} could not be read: ${e.message}`; }
  }
  return out;
}

let relist = null;

async function loadUnfinished() {
  clearTimeout(relist);
  let list = [];
  try { list = await new OSS({ stsEndpoint: '/api/sts' }).resumableUploads(); } catch { return; }
  // A row another tab is uploading becomes resumable here when that tab
  // closes or reloads (its lock goes a moment after it): look again until then.
  if (list.some((r) => r.elsewhere)) relist = setTimeout(loadUnfinished, 2000);
  const active = new Set([...document.querySelectorAll('#uploads .upload:not(.final) .file-name')].map((e) => e.textContent));
  // Live in this tab: shown as its running row already.
  list = list.filter((r) => !active.has(r.fingerprint.name) && !(r.live && !r.elsewhere));
  const ul = $('unfinished');
  ul.replaceChildren();
  $('unfinished-section').hidden = list.length === 0;
  for (const rec of list) {
    const li = document.createElement('li');
    li.className = 'upload';
    const head = document.createElement('div');
    head.className = 'row-head';
    const nm = document.createElement('span');
    nm.className = 'file-name';
    nm.textContent = rec.fingerprint.name || rec.name;
    const st = document.createElement('span');
    st.className = 'state';
    st.textContent = rec.elsewhere ? 'uploading in another tab' : `${Math.floor((100 * rec.bytesDone) / Math.max(1, rec.fileSize))}% · ${fmtAge(rec.ageMs)}`;
    head.append(nm, st);
    const bar = document.createElement('progress');
    bar.max = 1; bar.value = rec.bytesDone / Math.max(1, rec.fileSize);
    bar.setAttribute('aria-label', `Saved progress of ${nm.textContent}`);
    const fig = document.createElement('div');
    fig.className = 'figures';
    fig.textContent = `${fmtBytes(rec.bytesDone)} of ${fmtBytes(rec.fileSize)} already uploaded`;
    const actions = document.createElement('div');
    actions.className = 'actions';
    const resume = document.createElement('button');
    resume.type = 'button';
    resume.className = 'primary';
    resume.textContent = rec.handle ? 'Resume' : 'Resume…';
    resume.setAttribute('aria-label', rec.handle ? `Resume ${nm.textContent}` : `Resume ${nm.textContent}: choose the same file`);
    const msg = document.createElement('div');
    msg.className = 'message';
    msg.setAttribute('role', 'alert');
    resume.addEventListener('click', () => (rec.handle ? resumeFromHandle(rec, msg) : pickForResume(rec, msg)));
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'danger';
    discard.textContent = 'Discard';
    discard.setAttribute('aria-label', `Discard ${nm.textContent}`);
    discard.addEventListener('click', async () => {
      try { await new OSS({ stsEndpoint: '/api/sts' }).abortMultipartUpload(rec.name, rec.uploadId); } catch (e) { status.textContent = message(e); }
      loadUnfinished();
    });
    actions.append(resume, discard);
    // Another tab is its one writer: resuming or discarding here would fight it.
    li.append(head, bar, fig, msg, ...(rec.elsewhere ? [] : [actions]));
    ul.append(li);
  }
}

/** Resumes with the file handle stored at upload time (after the browser's permission prompt). */
async function resumeFromHandle(rec, msg) {
  try {
    const h = rec.handle;
    if (h.queryPermission && (await h.queryPermission({ mode: 'read' })) !== 'granted'
        && (await h.requestPermission({ mode: 'read' })) !== 'granted') {
      msg.textContent = 'Permission to read the file was not given. Choose the file instead.';
      return pickForResume(rec, msg);
    }
    const f = await h.getFile();
    msg.textContent = '';
    new Upload(f, rec, h).start();
    loadUnfinished();
  } catch (e) {
    msg.textContent = `The file could not be opened again (${e.message}). Choose it to resume.`;
    pickForResume(rec, msg);
  }
}

function pickForResume(rec, msg) {
  const picker = $('resume-picker');
  picker.onchange = () => {
    const f = picker.files[0];
    picker.value = '';
    if (!f) return;
    // The module checks the full fingerprint (size, date, sampled content) and
    // answers FileChanged; this catches the obvious mistake before any request.
    if (f.name !== rec.fingerprint.name || f.size !== rec.fileSize) {
      msg.textContent = `\u201c${f.name}\u201d (${fmtBytes(f.size)}) is not the file this upload started with (\u201c${rec.fingerprint.name}\u201d, ${fmtBytes(rec.fileSize)}), so it was refused. Choose that file to resume.`;
      return;
    }
    msg.textContent = '';
    new Upload(f, rec).start();
    loadUnfinished();
  };
  picker.click();
}

const drop = $('drop');
const picker = $('picker');
// Where the File System Access API exists, pick through it so each upload
// keeps a handle and resumes after a reload without asking for the file.
drop.addEventListener('click', async () => {
  if (!window.showOpenFilePicker) return picker.click();
  let handles;
  try { handles = await window.showOpenFilePicker({ multiple: true }); } catch { return; } // dismissed
  startFiles(await fromHandles(handles));
});
picker.addEventListener('change', () => { startFiles([...picker.files]); picker.value = ''; });
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const items = [...e.dataTransfer.items].filter((i) => i.kind === 'file');
  const files = [...e.dataTransfer.files];
  // Handles must be requested before the event handler yields.
  const pending = items.map((i) => (i.getAsFileSystemHandle ? i.getAsFileSystemHandle().catch(() => null) : null));
  const handles = await Promise.all(pending);
  startFiles(files.map((file, i) => (handles[i]?.kind === 'file' ? { file, handle: handles[i] } : file)));
});
refreshEmpty();
loadUnfinished();
window.__demoReady = true;
