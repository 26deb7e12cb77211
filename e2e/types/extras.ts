// What this module adds to ali-oss, written against web/oss-upload.d.ts (e2e/test/types.test.mjs compiles it).
import OSS from 'ossupload';

OSS.configure({ wasmURL: '/static/oss-upload.wasm' });
await OSS.preload();

const client = OSS({ stsEndpoint: '/api/sts', stsCredentials: 'include', stsHeaders: async () => ({ Authorization: 'Bearer t' }) });
const { prefix, journal }: OSS.Info = await client.info();
if (journal === 'memory') console.warn('uploads will not resume after a reload');

export async function upload(file: File, stop: AbortSignal): Promise<OSS.MultipartUploadResult | undefined> {
  try {
    const r = await client.multipartUpload(prefix + file.name, file, {
      signal: stop,
      integrity: true,
      wait: true,
      progress: (p, _cpt, _res, bytes: OSS.ProgressBytes) => console.log(p, `${bytes.sent}/${bytes.total}`),
    });
    if (r.alreadyDone) console.log('nothing to send');
    for (const w of r.warnings ?? []) console.warn(w);
    console.log(r.crc64, r.resumed, r.restarted, r.res.requestUrls[0], r.res.headers['x-oss-request-id']);
    return r;
  } catch (e) {
    const err = e as OSS.OSSError;
    if (err.code === 'Canceled') return undefined;
    if (err.code === 'FileChanged' || err.code === 'UploadInProgress') throw err;
    console.error(err.name, err.status, err.requestId, err.hostId, err.partNum);
    throw err;
  }
}

export async function resumeUI(pick: () => Promise<File>): Promise<void> {
  const pending: OSS.ResumableUpload[] = await client.resumableUploads();
  for (const u of pending) {
    if (u.elsewhere) continue;
    const file = u.handle ? await (u.handle as { getFile(): Promise<File> }).getFile() : await pick();
    await client.multipartUpload(u.name, file, { checkpoint: u });
  }
  const blob: Blob = (await client.get(prefix + 'a.txt')).content;
  console.log(await blob.text(), client.signatureUrl(prefix + 'a.txt'));
  client.close();
}
