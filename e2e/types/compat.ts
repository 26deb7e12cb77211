// Every ali-oss method and type that both declare: ours must be usable wherever @types/ali-oss's is, so any code
// written against @types/ali-oss compiles against web/oss-upload.d.ts, not only the samples. Each line fails to
// compile if not; a deliberate difference is marked @ts-expect-error with its reason (and fails if it goes away).
// Compiled by e2e/test/types.test.mjs.
import type Ali from 'ali-oss';
import type Ours from 'ossupload';

/** Compiles only if B can be used where A is expected. */
type Fits<A, B extends A> = B;

// ----- the client: ours accepts @types's arguments and returns what @types promises
type I = Ours;
type A = Ali;
export type Methods = [
  Fits<A['put'], I['put']>,
  Fits<A['append'], I['append']>,
  // @ts-expect-error OSS answers head's x-oss-meta-* as strings; @types requires numeric uid and pid
  Fits<A['head'], I['head']>,
  Fits<A['get'], I['get']>,
  Fits<A['delete'], I['delete']>,
  // @ts-expect-error ali-oss gives prefixes and nextMarker null when there are none; @types says string[] and string
  Fits<A['list'], I['list']>,
  // @ts-expect-error as list (prefixes, nextContinuationToken null)
  Fits<A['listV2'], I['listV2']>,
  Fits<A['copy'], I['copy']>,
  Fits<A['putMeta'], I['putMeta']>,
  Fits<A['getObjectUrl'], I['getObjectUrl']>,
  Fits<A['generateObjectUrl'], I['generateObjectUrl']>,
  Fits<A['useBucket'], I['useBucket']>,
  Fits<A['signatureUrl'], I['signatureUrl']>,
  Fits<A['asyncSignatureUrl'], I['asyncSignatureUrl']>,
  Fits<A['signatureUrlV4'], I['signatureUrlV4']>,
  Fits<A['multipartUpload'], I['multipartUpload']>,
  Fits<A['cancel'], I['cancel']>,
  Fits<A['isCancel'], I['isCancel']>,
  Fits<A['initMultipartUpload'], I['initMultipartUpload']>,
  Fits<A['uploadPart'], I['uploadPart']>,
  Fits<A['completeMultipartUpload'], I['completeMultipartUpload']>,
  Fits<A['listUploads'], I['listUploads']>,
  // @ts-expect-error ali-oss returns deleted as [{Key}] (lib/common/object/deleteMulti.js); @types says string[]
  Fits<A['deleteMulti'], I['deleteMulti']>,
  // @ts-expect-error ali-oss returns listParts' XML values (strings, PartNumber/ETag/Size); @types says numbers and `size`
  Fits<A['listParts'], I['listParts']>,
  // @ts-expect-error ali-oss returns {res} (lib/common/multipart.js); @types says the res itself
  Fits<A['abortMultipartUpload'], I['abortMultipartUpload']>,
  // @ts-expect-error ali-oss returns {res} (lib/browser/object.js restore); @types says the res itself
  Fits<A['restore'], I['restore']>,
  Fits<A['putSymlink'], I['putSymlink']>,
  Fits<A['getSymlink'], I['getSymlink']>,
  Fits<A['uploadPartCopy'], I['uploadPartCopy']>,
  Fits<A['multipartUploadCopy'], I['multipartUploadCopy']>,
];

// ----- inputs: what @types lets a caller build, ours accepts
export type Inputs = [
  Fits<Ours.Options, Ali.Options>,
  Fits<Ours.Checkpoint, Ali.Checkpoint>,
  Fits<Ours.MultipartUploadOptions, Ali.MultipartUploadOptions>,
  Fits<Ours.PutObjectOptions, Ali.PutObjectOptions>,
  Fits<Ours.AppendObjectOptions, Ali.AppendObjectOptions>,
  Fits<Ours.HeadObjectOptions, Ali.HeadObjectOptions>,
  Fits<Ours.GetObjectOptions, Ali.GetObjectOptions>,
  Fits<Ours.CopyObjectOptions, Ali.CopyObjectOptions>,
  Fits<Ours.DeleteMultiOptions, Ali.DeleteMultiOptions>,
  Fits<Ours.ListObjectsQuery, Ali.ListObjectsQuery>,
  Fits<Ours.ListV2ObjectsQuery, Ali.ListV2ObjectsQuery>,
  Fits<Ours.SignatureUrlOptions, Ali.SignatureUrlOptions>,
  Fits<Ours.ObjectCallback, Ali.ObjectCallback>,
  Fits<Ours.UserMeta, Ali.UserMeta>,
  Fits<Ours.InitMultipartUploadOptions, Ali.InitMultipartUploadOptions>,
  Fits<Ours.CompleteMultipartUploadOptions, Ali.CompleteMultipartUploadOptions>,
  Fits<Ours.ListPartsQuery, Ali.ListPartsQuery>,
  Fits<Ours.ListUploadsQuery, Ali.ListUploadsQuery>,
  Fits<Ours.RequestOptions, Ali.RequestOptions>,
  Fits<Ours.HTTPMethods, Ali.HTTPMethods>,
  Fits<Ours.PutSymlinkOptions, Ali.PutSymlinkOptions>,
  Fits<Ours.MultipartUploadCopySourceData, Ali.MultipartUploadCopySourceData>,
];

// ----- results: what ours returns, code typed with @types's names can hold
export type Results = [
  Fits<Ali.NormalSuccessResponse, Ours.NormalSuccessResponse>,
  Fits<Ali.PutObjectResult, Ours.PutObjectResult>,
  Fits<Ali.AppendObjectResult, Ours.AppendObjectResult>,
  Fits<Ali.GetObjectResult, Ours.GetObjectResult>,
  Fits<Ali.CopyAndPutMetaResult, Ours.CopyAndPutMetaResult>,
  Fits<Ali.DeleteResult, Ours.DeleteResult>,
  Fits<Ali.MultipartUploadResult, Ours.MultipartUploadResult>,
  Fits<Ali.InitMultipartUploadResult, Ours.InitMultipartUploadResult>,
  Fits<Ali.UploadPartResult, Ours.UploadPartResult>,
  Fits<Ali.CompleteMultipartUploadResult, Ours.CompleteMultipartUploadResult>,
  Fits<Ali.ListUploadsResult, Ours.ListUploadsResult>,
  Fits<Ali.Upload, Ours.Upload>,
  Fits<Ali.Checkpoint, Ours.Checkpoint>,
  Fits<Ali.ModifyData, Ours.ModifyData>,
  Fits<Ali.OwnerType, Ours.OwnerType>,
  Fits<Ali.MultipartUploadCopyResult, Ours.MultipartUploadCopyResult>,
  // @ts-expect-error OSS answers head's x-oss-meta-* as strings; @types requires numeric uid and pid
  Fits<Ali.HeadObjectResult, Ours.HeadObjectResult>,
  // @ts-expect-error ali-oss gives prefixes and nextMarker null when there are none; @types says string[] and string
  Fits<Ali.ListObjectResult, Ours.ListObjectResult>,
  // @ts-expect-error as ListObjectResult (prefixes, nextContinuationToken null)
  Fits<Ali.ListV2ObjectResult, Ours.ListV2ObjectResult>,
  // @ts-expect-error as deleteMulti above
  Fits<Ali.DeleteMultiResult, Ours.DeleteMultiResult>,
  // @ts-expect-error as listParts above
  Fits<Ali.ListPartsResult, Ours.ListPartsResult>,
  // @ts-expect-error as listParts above
  Fits<Ali.ObjectPart, Ours.ObjectPart>,
  // @ts-expect-error OSS has storage classes beyond @types's three (ColdArchive, DeepColdArchive)
  Fits<Ali.ObjectMeta, Ours.ObjectMeta>,
];
