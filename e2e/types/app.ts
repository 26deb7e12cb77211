// A front end written against ali-oss and @types/ali-oss. make test type-checks it twice with tsc --noEmit:
// as it is, against @types/ali-oss, and with only its import line changed to this module (see e2e/test/types.test.mjs).
import OSS from 'ali-oss';

type STSAnswer = { accessKeyId: string; accessKeySecret: string; stsToken: string; region: string; bucket: string };

async function fetchSTS(): Promise<STSAnswer> {
  const r = await fetch('/api/sts', { method: 'POST' });
  if (!r.ok) throw new Error(`STS: ${r.status}`);
  return (await r.json()) as STSAnswer;
}

export async function createClient(): Promise<OSS> {
  const sts = await fetchSTS();
  const options: OSS.Options = {
    region: sts.region,
    bucket: sts.bucket,
    accessKeyId: sts.accessKeyId,
    accessKeySecret: sts.accessKeySecret,
    stsToken: sts.stsToken,
    secure: true,
    timeout: 120000,
    refreshSTSTokenInterval: 300000,
    refreshSTSToken: async () => {
      const next = await fetchSTS();
      return { accessKeyId: next.accessKeyId, accessKeySecret: next.accessKeySecret, stsToken: next.stsToken };
    },
  };
  return new OSS(options);
}

const savedKey = (name: string) => `upload-checkpoint:${name}`;

function loadCheckpoint(name: string, file: File): OSS.Checkpoint | undefined {
  const raw = localStorage.getItem(savedKey(name));
  if (!raw) return undefined;
  const cpt = JSON.parse(raw) as OSS.Checkpoint;
  cpt.file = file; // a checkpoint's file does not survive JSON
  return cpt;
}

export async function uploadFile(client: OSS, name: string, file: File, onPercent: (p: number) => void): Promise<string> {
  let lastCheckpoint: OSS.Checkpoint | undefined;
  const options: OSS.MultipartUploadOptions = {
    parallel: 4,
    partSize: 1024 * 1024,
    checkpoint: loadCheckpoint(name, file),
    meta: { uid: 1, pid: 2, owner: 'me' },
    mime: file.type || 'application/octet-stream',
    headers: { 'Cache-Control': 'no-cache', 'Content-Disposition': `attachment; filename="${file.name}"` },
    callback: {
      url: 'https://app.example.com/oss-callback',
      body: 'bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&owner=${x:owner}',
      contentType: 'application/x-www-form-urlencoded',
      customValue: { owner: 'me' },
    },
    progress: (p: number, cpt: OSS.Checkpoint, res: OSS.NormalSuccessResponse) => {
      onPercent(Math.round(p * 100));
      if (cpt) {
        lastCheckpoint = cpt;
        const { file: _file, ...rest } = cpt;
        localStorage.setItem(savedKey(name), JSON.stringify(rest));
      }
      if (res) console.debug('part status', res.status, res.rt);
    },
  };
  try {
    const result: OSS.MultipartUploadResult = await client.multipartUpload(name, file, options);
    localStorage.removeItem(savedKey(name));
    console.log('uploaded', result.name, result.bucket, result.etag, result.res.status, result.data);
    return result.etag;
  } catch (err: any) {
    if (client.isCancel()) {
      console.log('paused; resume from', lastCheckpoint?.uploadId);
      throw err;
    }
    switch (err.code) {
      case 'AccessDenied':
        throw new Error(`not allowed to write ${name}`);
      case 'NoSuchUpload':
        localStorage.removeItem(savedKey(name));
        break;
      case 'ConnectionTimeoutError':
        console.warn('timed out, part', err.partNum);
        break;
    }
    console.error(err.name, err.status, err.requestId, err.message);
    throw err;
  }
}

export function pauseUpload(client: OSS): void {
  client.cancel();
}

export async function discardUpload(client: OSS, cpt: OSS.Checkpoint): Promise<void> {
  client.cancel({ name: cpt.name, uploadId: cpt.uploadId });
  await client.abortMultipartUpload(cpt.name, cpt.uploadId);
  localStorage.removeItem(savedKey(cpt.name));
}

export async function putSmall(client: OSS, name: string, text: string): Promise<string> {
  const blob = new Blob([text], { type: 'text/plain' });
  const options: OSS.PutObjectOptions = { mime: 'text/plain', headers: { 'x-oss-forbid-overwrite': 'true' } };
  const r: OSS.PutObjectResult = await client.put(name, blob, options);
  return r.url;
}

export async function describe(client: OSS, name: string): Promise<string> {
  const head: OSS.HeadObjectResult = await client.head(name);
  const got: OSS.GetObjectResult = await client.get(name);
  return `${name}: ${head.status} ${head.res.size} bytes, meta ${JSON.stringify(head.meta)}, content ${typeof got.content}`;
}

export async function listFolder(client: OSS, prefix: string): Promise<OSS.ObjectMeta[]> {
  const all: OSS.ObjectMeta[] = [];
  let marker: string | undefined;
  do {
    const page: OSS.ListObjectResult = await client.list({ prefix, marker, delimiter: '/', 'max-keys': 100 }, {});
    all.push(...page.objects);
    for (const sub of page.prefixes || []) console.log('folder', sub);
    marker = page.isTruncated ? page.nextMarker || undefined : undefined;
  } while (marker);
  return all;
}

export async function listV2Names(client: OSS, prefix: string): Promise<string[]> {
  const r = await client.listV2({ prefix, 'max-keys': 50 });
  return r.objects.map((o) => `${o.name} ${o.size} ${o.lastModified}`);
}

export function downloadLink(client: OSS, name: string): string {
  const options: OSS.SignatureUrlOptions = {
    expires: 600,
    response: { 'content-disposition': `attachment; filename="${name}"` },
  };
  return client.signatureUrl(name, options);
}

export async function shareLink(client: OSS, name: string): Promise<string> {
  return client.asyncSignatureUrl(name, { expires: 3600, method: 'GET' });
}

export async function uploadLink(client: OSS, name: string): Promise<string> {
  return client.signatureUrl(name, { method: 'PUT', 'Content-Type': 'application/octet-stream', expires: 60 });
}

export async function removeAll(client: OSS, names: string[]): Promise<number> {
  if (names.length === 1) {
    const r: OSS.DeleteResult = await client.delete(names[0]);
    return r.res.status === 204 ? 1 : 0;
  }
  const r: OSS.DeleteMultiResult = await client.deleteMulti(names, { quiet: false });
  return r.deleted ? r.deleted.length : 0;
}

export async function duplicate(client: OSS, from: string, to: string): Promise<string> {
  const r: OSS.CopyAndPutMetaResult = await client.copy(to, from);
  const again = await client.copy(to + '.bak', from, { meta: { uid: 1, pid: 2 } });
  return r.data.etag + again.res.status;
}

export async function unfinished(client: OSS, prefix: string): Promise<OSS.Upload[]> {
  const r: OSS.ListUploadsResult = await client.listUploads({ prefix, 'max-uploads': 100 });
  for (const u of r.uploads) {
    const parts: OSS.ListPartsResult = await client.listParts(u.name, u.uploadId, { 'max-parts': 1000, 'part-number-marker': 0, 'encoding-type': '' });
    console.log(u.name, parts.parts.length);
  }
  return r.uploads;
}

export async function manualMultipart(client: OSS, name: string, file: File): Promise<string> {
  const init: OSS.InitMultipartUploadResult = await client.initMultipartUpload(name, { mime: file.type });
  const size = 1024 * 1024;
  const parts: Array<{ number: number; etag: string }> = [];
  for (let start = 0, n = 1; start < file.size; start += size, n++) {
    const part: OSS.UploadPartResult = await client.uploadPart(name, init.uploadId, n, file, start, Math.min(start + size, file.size));
    parts.push({ number: n, etag: part.etag });
  }
  const done: OSS.CompleteMultipartUploadResult = await client.completeMultipartUpload(name, init.uploadId, parts);
  return done.etag;
}

export function switchBucket(client: OSS, bucket: string): string {
  client.useBucket(bucket);
  return client.generateObjectUrl('index.html') + ' ' + client.getObjectUrl('index.html');
}

export async function appendLog(client: OSS, name: string, lines: string[]): Promise<string> {
  let position = '0';
  for (const line of lines) {
    const r: OSS.AppendObjectResult = await client.append(name, new Blob([line + '\n']), { position, mime: 'text/plain' });
    position = r.nextAppendPosition;
  }
  return position;
}

export async function tag(client: OSS, name: string): Promise<number> {
  const r = await client.putMeta(name, { uid: 1, pid: 2, reviewed: 'yes' }, { timeout: 30000 });
  return r.res.status;
}

export async function v4Link(client: OSS, name: string): Promise<string> {
  return client.signatureUrlV4('GET', 600, { headers: {}, queries: { 'response-cache-control': 'no-cache' } }, name);
}
