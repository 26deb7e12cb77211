// A browser front end written against @types/ali-oss 6.23.3. `make test`
// type-checks it twice with tsc --noEmit: as is, against @types/ali-oss, and
// with only the import line changed, against web/oss-upload.d.ts.
import OSS from 'ali-oss';

const options: OSS.Options = {
  region: 'oss-cn-hangzhou',
  accessKeyId: 'STS.id',
  accessKeySecret: 'secret',
  stsToken: 'token',
  bucket: 'demo',
  secure: true,
  timeout: 60000,
  refreshSTSToken: async () => ({ accessKeyId: 'a', accessKeySecret: 'b', stsToken: 'c' }),
  refreshSTSTokenInterval: 300000,
};
const client = new OSS(options);

let checkpoint: OSS.Checkpoint | undefined;

// ali-oss README: multipart upload with progress and resume.
export async function upload(file: File): Promise<string> {
  const opts: OSS.MultipartUploadOptions = {
    parallel: 4,
    partSize: 1024 * 1024,
    meta: { uid: 1, pid: 2, year: 2026 },
    mime: 'image/jpeg',
    headers: { 'Cache-Control': 'no-cache' },
    progress: (p: number, cpt: OSS.Checkpoint, res: OSS.NormalSuccessResponse) => {
      checkpoint = cpt;
      console.log(p, res && res.headers && (res.headers as Record<string, string>)['x-oss-request-id']);
    },
  };
  if (checkpoint) opts.checkpoint = checkpoint;
  const result: OSS.MultipartUploadResult = await client.multipartUpload('object-name', file, opts);
  console.log(result.name, result.etag, result.bucket, result.res.status);
  return result.name;
}

export async function objects(): Promise<void> {
  const put: OSS.PutObjectResult = await client.put('a.txt', new Blob(['hello']), { mime: 'text/plain', meta: { uid: 1, pid: 2, k: 'v' } });
  console.log(put.name, put.url, put.res.status);
  const head: OSS.HeadObjectResult = await client.head('a.txt');
  console.log(head.status, head.meta);
  const got: OSS.GetObjectResult = await client.get('a.txt');
  console.log(got.content, got.res.status);
  const list: OSS.ListObjectResult = await client.list({ prefix: 'a', 'max-keys': 10 }, {});
  for (const o of list.objects) console.log(o.name, o.size, o.etag);
  const list2: OSS.ListV2ObjectResult = await client.listV2({ prefix: 'a', 'max-keys': '10' });
  console.log(list2.objects.length, list2.nextContinuationToken);
  const copied: OSS.CopyAndPutMetaResult = await client.copy('b.txt', 'a.txt');
  console.log(copied.data?.etag);
  await client.putMeta('b.txt', { color: 'blue' } as unknown as OSS.UserMeta, {});
  const appended: OSS.AppendObjectResult = await client.append('log.txt', new Blob(['1']), { position: '0' });
  console.log(appended.nextAppendPosition);
  const del: OSS.DeleteResult = await client.delete('b.txt');
  console.log(del.res.status);
  const multi: OSS.DeleteMultiResult = await client.deleteMulti(['a.txt', 'log.txt'], { quiet: true });
  console.log(multi.deleted);
  const url: string = client.signatureUrl('a.txt', { expires: 3600, method: 'GET', response: { 'content-disposition': 'attachment' } });
  const asyncUrl: string = await client.asyncSignatureUrl('a.txt', { expires: 60 });
  const v4: string = await client.signatureUrlV4('GET', 60, { headers: {}, queries: {} }, 'a.txt');
  console.log(url, asyncUrl, v4, client.getObjectUrl('a.txt'), client.generateObjectUrl('a.txt'));
  client.useBucket('other');
}

export async function lowLevel(file: File): Promise<void> {
  const init: OSS.InitMultipartUploadResult = await client.initMultipartUpload('big.bin', { mime: 'application/octet-stream' });
  const part: OSS.UploadPartResult = await client.uploadPart('big.bin', init.uploadId, 1, file, 0, file.size);
  const parts: OSS.ListPartsResult = await client.listParts('big.bin', init.uploadId);
  console.log(parts.parts.length);
  const done: OSS.CompleteMultipartUploadResult = await client.completeMultipartUpload('big.bin', init.uploadId, [{ number: 1, etag: part.etag }]);
  console.log(done.etag);
  const uploads: OSS.ListUploadsResult = await client.listUploads({ prefix: 'big' });
  console.log(uploads.uploads.length);
  await client.abortMultipartUpload('big.bin', init.uploadId);
  client.cancel({ name: 'big.bin', uploadId: init.uploadId });
  console.log(client.isCancel());
}

export function isOSSError(e: unknown): string {
  const err = e as { code?: string; status?: number; requestId?: string };
  return `${err.code} ${err.status} ${err.requestId}`;
}
