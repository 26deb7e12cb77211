// Type declarations for ossupload: ali-oss's browser client in WebAssembly.
//
// The names are @types/ali-oss's (OSS.Options, OSS.Checkpoint, OSS.MultipartUploadOptions, OSS.PutObjectResult...),
// so TypeScript written against `import OSS from 'ali-oss'` compiles with only its import line changed
// (e2e/types checks this with tsc). Where @types/ali-oss and ali-oss itself disagree, these say what ali-oss
// returns (deleteMulti's deleted are {Key} objects, listParts' numbers are strings, list's prefixes may be null);
// inputs accept everything @types/ali-oss accepts, plus this module's extras (stsEndpoint, signal, integrity...).

declare namespace OSS {
  // ----- constructor --------------------------------------------------------------------------------------

  /** `new OSS(options)`: ali-oss's options with its defaults, plus stsEndpoint and the STS request's options. */
  interface Options {
    /** Our server's credential endpoint (e.g. '/api/sts', relative to the page): fetched and refreshed
     *  automatically; it also gives region, bucket, endpoint and the caller's prefix. */
    stsEndpoint?: string | undefined;
    /** fetch's credentials mode for the STS request (default 'same-origin'; 'include' sends cookies cross-origin). */
    stsCredentials?: 'same-origin' | 'include' | 'omit' | undefined;
    /** Extra headers for the STS request (e.g. Authorization: 'Bearer ...'), or a function returning them, called per request. */
    stsHeaders?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>) | undefined;
    /** Access key ID (with accessKeySecret and stsToken, unless stsEndpoint or refreshSTSToken gives them). */
    accessKeyId?: string | undefined;
    accessKeySecret?: string | undefined;
    /** The STS security token that goes with temporary keys. */
    stsToken?: string | undefined;
    bucket?: string | undefined;
    /** e.g. 'oss-cn-hangzhou.aliyuncs.com' or 'https://my-oss.example.com'; takes priority over region. */
    endpoint?: string | undefined;
    /** Default 'oss-cn-hangzhou' ('cn-hangzhou' works too). */
    region?: string | undefined;
    /** ali-oss's internal endpoint switch: meaningless in a browser (a console warning says it is ignored). */
    internal?: boolean | undefined;
    /** HTTPS (default: as the page). */
    secure?: boolean | undefined;
    /** Per request: milliseconds or a duration such as '60s' (default 60 s). */
    timeout?: string | number | undefined;
    /** The endpoint is a custom domain bound to the bucket. */
    cname?: boolean | undefined;
    /** Milliseconds between refreshSTSToken calls when credentials carry no expiration (default 300000). */
    refreshSTSTokenInterval?: number | undefined;
    /** Called for new credentials before they expire; ali-oss's keys or STS's own (AccessKeyId, SecurityToken...). */
    refreshSTSToken?: (() => Promise<STSToken | Credentials>) | undefined;
    /** Sign with OSS V4 (default V1, as ali-oss; an stsEndpoint client always signs V4). */
    authorizationV4?: boolean | undefined;
    /** Retries of a request that got no answer (default 0, as ali-oss). */
    retryMax?: number | undefined;
    /** Names whose journals these are, for refreshSTSToken clients (default: the bucket). With stsEndpoint the
     *  identity is the bucket and prefix /api/sts gives; with static keys, the access key. */
    journalScope?: string | undefined;
    /** Accepted for ali-oss compatibility (requests always go through the browser's XHR). */
    useFetch?: boolean | undefined;
    /** As ali-oss: 'latin1' sends every header value as its UTF-8 bytes (e.g. meta in Chinese); by default a value
     *  up to U+00FF goes out as ISO-8859-1, as ali-oss sends it, and one beyond U+00FF (which ali-oss's default
     *  refuses) or a signed one (x-oss-*) beyond ASCII as its UTF-8 bytes. */
    headerEncoding?: 'utf-8' | 'latin1' | (string & {}) | undefined;
  }

  /** What refreshSTSToken resolves to, in ali-oss's keys. */
  interface STSToken {
    accessKeyId: string;
    accessKeySecret: string;
    stsToken: string;
    /** ISO 8601; when absent, refreshSTSTokenInterval decides. */
    expiration?: string | undefined;
  }

  /** STS's own keys (AssumeRole's Credentials), also accepted from refreshSTSToken. */
  interface Credentials {
    AccessKeyId: string;
    AccessKeySecret: string;
    SecurityToken: string;
    Expiration?: string;
  }

  /** Where the loader finds the WebAssembly module. */
  interface LoaderOptions {
    /** URL of oss-upload.wasm (default: next to the module file; relative URLs resolve against the page). */
    wasmURL?: string | URL | undefined;
  }

  // ----- common -------------------------------------------------------------------------------------------

  type HTTPMethods = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';

  type StorageType = 'Standard' | 'IA' | 'Archive' | 'ColdArchive' | 'DeepColdArchive';

  /** Request headers, e.g. {'Cache-Control': 'no-cache'}; values are sent as strings. (Any object, as in
   *  @types/ali-oss, so headers typed `object` there still fit.) */
  type RequestHeaders = { [name: string]: string | number | boolean | null | undefined } | object;

  /** Options every call accepts. */
  interface RequestOptions {
    /** ali-oss's per-call timeout (milliseconds): bounds each request of the call instead of the constructor's timeout. */
    timeout?: number | undefined;
    /** Beyond ali-oss: aborting it rejects the call with code Canceled (a multipart upload keeps its journal). */
    signal?: AbortSignal | undefined;
  }

  /** ali-oss's result.res. */
  interface NormalSuccessResponse {
    status: number;
    statusCode: number;
    /** Lower-case names, as ali-oss gives them: res.headers['x-oss-request-id'], res.headers.etag. */
    headers: Record<string, string>;
    /** Bytes of the response body. */
    size: number;
    /** Milliseconds the request took. */
    rt: number;
    /** The URL(s) requested. */
    requestUrls: string[];
    aborted?: boolean;
    keepAliveSocket?: boolean;
    /** x-oss-request-id, for convenience. */
    requestId?: string;
  }

  /** Earlier name of NormalSuccessResponse. */
  type ResponseInfo = NormalSuccessResponse;

  /** User metadata, sent as x-oss-meta-<key>; read back (head) as strings. */
  type UserMeta = Record<string, string | number>;

  /** OSS's upload callback: after the upload, OSS POSTs to url and its JSON answer becomes result.data. */
  interface ObjectCallback {
    url: string;
    /** The Host header of the callback request. */
    host?: string | undefined;
    /** e.g. 'key=${object}&etag=${etag}&my_var=${x:my_var}' */
    body: string;
    /** 'application/x-www-form-urlencoded' (default) or 'application/json'. */
    contentType?: string | undefined;
    callbackSNI?: boolean | undefined;
    /** Custom variables (x:<key>) for body. */
    customValue?: { [name: string]: string | number | boolean } | object | undefined;
    headers?: RequestHeaders | undefined;
  }

  /** What ali-oss accepts as a Buffer, and Files and Blobs. */
  type Body = File | Blob | ArrayBuffer | ArrayBufferView | string;

  /** An error: an Error with ali-oss's fields. name is code + 'Error' (e.g. 'NoSuchKeyError'), or 'cancel' / 'abort' for a canceled / aborted upload, as in ali-oss. */
  interface OSSError extends Error {
    name: string;
    code: ErrorCode;
    /** HTTP status; -1 when the request got no answer (network), -2 when it timed out. */
    status: number;
    requestId: string;
    hostId: string;
    /** OSS's EC code, when the answer had one. */
    ecCode?: string;
    /** The part that failed. */
    partNum?: number;
  }

  /** OSS's own codes (AccessDenied, NoSuchKey, NoSuchUpload, SecurityTokenExpired, ...) pass through; the module
   *  adds: InvalidArgument, FileChanged (not the file options.checkpoint was written for, or changed while read), CheckpointMismatch,
   *  Canceled (cancel() or a signal; journal kept), Aborted (aborted here, in another client or tab: nothing more
   *  is sent), UploadInProgress (another tab is uploading it), IdentityChanged (the credentials now belong to
   *  another prefix; journal kept), IntegrityMismatch, RequestError and ConnectionTimeoutError (ali-oss's codes for
   *  a request that got no answer: status -1 and -2), SourceReadError, JournalError, CompleteOutcomeUnknown, CredentialsUnavailable, CredentialsNotReady, ModuleNotLoaded, ModuleFetchFailed,
   *  ModuleFailed, ModuleBlockedByCSP, NotSupported, Internal. */
  type ErrorCode =
    | 'InvalidArgument' | 'FileChanged' | 'CheckpointMismatch' | 'Canceled' | 'Aborted' | 'UploadInProgress'
    | 'IdentityChanged' | 'IntegrityMismatch' | 'RequestError' | 'ConnectionTimeoutError' | 'SourceReadError' | 'JournalError'
    | 'CompleteOutcomeUnknown' | 'CredentialsUnavailable' | 'CredentialsNotReady' | 'ModuleNotLoaded'
    | 'ModuleFetchFailed' | 'ModuleFailed' | 'ModuleBlockedByCSP' | 'NotSupported' | 'Internal'
    | 'AccessDenied' | 'NoSuchKey' | 'NoSuchBucket' | 'NoSuchUpload' | 'InvalidPart' | 'SecurityTokenExpired'
    | 'RequestTimeTooSkewed'
    | (string & {});

  // ----- objects ------------------------------------------------------------------------------------------

  interface OwnerType {
    id: string;
    displayName: string;
  }

  /** An object in list results. */
  interface ObjectMeta {
    name: string;
    url: string;
    /** e.g. '2015-02-19T08:39:44.000Z' */
    lastModified: string;
    /** With its quotes, e.g. '"5B3C1A2E053D763E1B002CC607C5A0FE"'. */
    etag: string;
    /** e.g. 'Normal', 'Multipart', 'Appendable' */
    type: string;
    size: number;
    storageClass: StorageType | (string & {});
    owner?: OwnerType | null;
    /** An archived object's restore state (ali-oss's parseRestoreInfo); undefined if never restored. */
    restoreInfo?: RestoreInfo | undefined;
  }

  /** A listed object's restore state. */
  interface RestoreInfo {
    /** A restore was requested and is not done yet. */
    ongoingRequest: boolean;
    /** When the restored copy expires (once the restore is done). */
    expiryDate?: Date | undefined;
  }

  /** restore()'s options, as ali-oss. Without options the object is taken for Archive. */
  interface RestoreOptions extends RequestOptions {
    /** The object's storage class (default 'Archive'); only ColdArchive and DeepColdArchive send JobParameters. */
    type?: 'Archive' | 'ColdArchive' | 'DeepColdArchive' | (string & {}) | undefined;
    /** Days the restored copy stays readable (default 2). */
    Days?: number | string | undefined;
    /** The restore tier of Cold and Deep Cold Archive (default 'Standard'). */
    JobParameters?: 'Expedited' | 'Standard' | 'Bulk' | (string & {}) | undefined;
    versionId?: string | undefined;
  }

  interface PutSymlinkOptions extends RequestOptions {
    /** e.g. 'Standard', 'IA', 'Archive' */
    storageClass?: StorageType | (string & {}) | undefined;
    meta?: UserMeta | undefined;
    headers?: RequestHeaders | undefined;
    versionId?: string | undefined;
  }

  interface GetSymlinkResult {
    /** The target key (decoded x-oss-symlink-target; undefined if the bucket's CORS rule does not expose it). */
    targetName: string;
    res: NormalSuccessResponse;
  }

  interface ListObjectsQuery {
    prefix?: string | undefined;
    /** List after this key. */
    marker?: string | undefined;
    /** e.g. '/' to list one "directory" (its subdirectories come in prefixes). */
    delimiter?: string | undefined;
    /** Default 100, at most 1000. */
    'max-keys'?: string | number | undefined;
    'encoding-type'?: 'url' | '' | undefined;
  }

  interface ListV2ObjectsQuery {
    prefix?: string | undefined;
    'continuation-token'?: string | undefined;
    /** ali-oss's spelling of continuation-token, accepted too. */
    continuationToken?: string | undefined;
    delimiter?: string | number | undefined;
    'max-keys'?: string | number | undefined;
    'start-after'?: string | undefined;
    'fetch-owner'?: boolean | undefined;
    'encoding-type'?: 'url' | '' | undefined;
  }

  interface ListObjectResult {
    objects: ObjectMeta[];
    /** The common prefixes with a delimiter; null when there are none (as ali-oss). */
    prefixes: string[] | null;
    isTruncated: boolean;
    /** Pass as marker for the next page; null on the last. */
    nextMarker: string | null;
    res: NormalSuccessResponse;
  }

  interface ListV2ObjectResult {
    objects: ObjectMeta[];
    prefixes: string[] | null;
    isTruncated: boolean;
    keyCount: number;
    continuationToken: string | null;
    nextContinuationToken: string | null;
    res: NormalSuccessResponse;
  }

  interface PutObjectOptions extends RequestOptions {
    /** Content-Type (default: from the File's name, else the Blob's type). */
    mime?: string | undefined;
    meta?: UserMeta | undefined;
    callback?: ObjectCallback | undefined;
    headers?: RequestHeaders | undefined;
    /** ali-oss's Content-MD5 switch (default true: no MD5). */
    disabledMD5?: boolean | undefined;
  }

  interface PutObjectResult {
    name: string;
    url: string;
    /** The callback server's JSON answer, with options.callback (undefined without). */
    data: any;
    res: NormalSuccessResponse;
  }

  interface AppendObjectOptions extends PutObjectOptions {
    /** Where to append: the object's current length (nextAppendPosition of the last append); default 0. */
    position?: string | number | undefined;
  }

  interface AppendObjectResult {
    name: string;
    url: string;
    /** Where the next append goes. */
    nextAppendPosition: string;
    res: NormalSuccessResponse;
  }

  interface HeadObjectOptions extends RequestOptions {
    versionId?: string | undefined;
    headers?: RequestHeaders | undefined;
  }

  interface HeadObjectResult {
    /** 200, or 304 with a conditional header. */
    status: number;
    /** x-oss-meta-* of the object, without the prefix. */
    meta: Record<string, string>;
    res: NormalSuccessResponse;
  }

  interface GetObjectMetaResult {
    status: number;
    res: NormalSuccessResponse;
  }

  interface ResponseHeaderType {
    'content-type'?: string | undefined;
    'content-disposition'?: string | undefined;
    'cache-control'?: string | undefined;
    'content-language'?: string | undefined;
    'content-encoding'?: string | undefined;
    expires?: string | undefined;
  }

  interface GetObjectOptions extends RequestOptions {
    /** Image processing, e.g. 'image/resize,w_200'. */
    process?: string | undefined;
    versionId?: string | undefined;
    /** Response headers OSS should send (response-content-type...). */
    response?: ResponseHeaderType | undefined;
    /** e.g. {Range: 'bytes=0-99'} */
    headers?: RequestHeaders | undefined;
  }

  interface GetObjectResult {
    /** The object's bytes: a Blob here (ali-oss gives a Buffer); read with .text() or .arrayBuffer(). */
    content: Blob;
    res: NormalSuccessResponse;
  }

  interface CopyObjectOptions extends RequestOptions {
    /** New metadata for the copy (replaces the source's). */
    meta?: UserMeta | undefined;
    headers?: RequestHeaders | undefined;
  }

  interface ModifyData {
    lastModified: string;
    etag: string;
  }

  interface CopyAndPutMetaResult {
    /** null only when a conditional header made OSS answer 304 (typed as present, as @types/ali-oss). */
    data: ModifyData;
    res: NormalSuccessResponse;
  }

  interface DeleteOptions extends RequestOptions {
    versionId?: string | undefined;
  }

  interface DeleteResult {
    res: NormalSuccessResponse;
  }

  interface DeleteMultiOptions extends RequestOptions {
    /** Quiet mode: OSS lists no deleted keys. */
    quiet?: boolean | undefined;
  }

  interface DeleteMultiResult {
    /** The keys deleted, as OSS lists them ([] in quiet mode). */
    deleted: Array<{ Key: string; VersionId?: string }>;
    res: NormalSuccessResponse;
  }

  interface SignatureUrlOptions {
    /** Seconds the URL is valid (default 1800). */
    expires?: number | undefined;
    /** Default 'GET'. */
    method?: HTTPMethods | undefined;
    /** The Content-Type the request will send (for a PUT URL). */
    'Content-Type'?: string | undefined;
    'Content-MD5'?: string | undefined;
    process?: string | undefined;
    /** Bits per second, 819200 to 838860800. */
    trafficLimit?: number | undefined;
    subResource?: { [name: string]: string } | object | undefined;
    response?: ResponseHeaderType | undefined;
    callback?: ObjectCallback | undefined;
    /** Headers the request will send, signed. */
    headers?: RequestHeaders | undefined;
  }

  // ----- multipart ----------------------------------------------------------------------------------------

  interface DonePart {
    number: number;
    etag: string;
    size?: number;
    crc64?: string;
  }

  /** What identifies a file across reloads (kept in the journal). */
  interface Fingerprint {
    name: string;
    size: number;
    lastModified: number;
    sample: string;
  }

  /** ali-oss's checkpoint, plus what a safe resume needs. Pass it back as options.checkpoint to resume. */
  interface Checkpoint {
    /** The file being uploaded (null in resumableUploads(): the page must choose it again, or use handle). */
    file: any;
    name: string;
    fileSize: number;
    partSize: number;
    uploadId: string;
    doneParts: DonePart[];
    bucket?: string;
    bytesDone?: number;
    fingerprint?: Fingerprint;
    id?: string;
    created?: number;
    updated?: number;
  }

  /** Byte-level progress, the 4th argument of progress (beyond ali-oss). */
  interface ProgressBytes {
    sent: number;
    total: number;
    partsDone: number;
    partsTotal: number;
  }

  /**
   * Called (and awaited) as ali-oss calls it: (0, checkpoint, Initiate's res) after Initiate, (done/(parts+1),
   * checkpoint, that part's res) per part, (1, null, Complete's res) at the end; a file sent in one PUT gets just
   * (1): exactly ali-oss's calls. A function that declares the 4th parameter, bytes, gets byte-level calls in
   * between as well. A throw or rejection rejects the upload with it (journal kept).
   * checkpoint and res are typed as present, as ali-oss's samples use them; they are null or undefined in the
   * calls named above, so test them before use.
   */
  type ProgressCallback = (
    percentage: number,
    checkpoint: Checkpoint,
    res: NormalSuccessResponse,
    bytes: ProgressBytes,
  ) => unknown;

  interface MultipartUploadOptions extends RequestOptions {
    /** Parts in flight (default 4). */
    parallel?: number | undefined;
    /** Bytes per part, 100 KiB to 5 GiB (default 8 MiB); a file smaller than 100 KiB is sent with one PUT. */
    partSize?: number | undefined;
    progress?: ProgressCallback | undefined;
    /** Resume this upload (ali-oss's checkpoint, or one from resumableUploads()); another file is refused with
     *  FileChanged. Without it the journal resumes this very file, and an interrupted upload of another version of
     *  it (same name and object, other size, date or content) is aborted and a new one started, as ali-oss starts
     *  over (with a console warning; one running in another tab is left alone). */
    checkpoint?: Checkpoint | undefined;
    meta?: UserMeta | undefined;
    /** Content-Type (default: from the File's name, else the Blob's type). */
    mime?: string | undefined;
    callback?: ObjectCallback | undefined;
    /** Sent with Initiate, every part and Complete, as ali-oss does. */
    headers?: RequestHeaders | undefined;
    /** Accepted for ali-oss compatibility. */
    disabledMD5?: boolean | undefined;
    /** Beyond ali-oss: CRC64 checks of every part and of the object (default true). */
    integrity?: boolean | undefined;
    /** Beyond ali-oss: ignore any journal and start a new upload (the old one is aborted, here and in other tabs). */
    fresh?: boolean | undefined;
    /** Beyond ali-oss: if another tab or client is uploading this file to this object, wait for it instead of
     *  failing at once with UploadInProgress; if it finished the object, resolve with alreadyDone and send nothing. */
    wait?: boolean | undefined;
    /** Beyond ali-oss: a FileSystemFileHandle for the file, kept with the journal so resumableUploads() can return it. */
    fileHandle?: unknown;
  }

  interface MultipartUploadResult {
    bucket: string;
    name: string;
    etag: string;
    /** The callback server's JSON answer, with options.callback (undefined without). */
    data: any;
    res: NormalSuccessResponse;
    /** The object's CRC64 (decimal string). */
    crc64?: string;
    /** Parts from an earlier attempt were reused. */
    resumed?: boolean;
    /** The journaled upload no longer existed on the server and the journal proved it expired (older than the
     *  bucket's 7-day lifecycle rule), so a new one was started. A vanished upload that is younger was aborted
     *  by someone: the call fails with code Aborted and is never restarted by itself. */
    restarted?: boolean;
    /** The object already was this file (same size and CRC64): nothing was sent. */
    alreadyDone?: boolean;
    /** What degraded without failing, e.g. the journal could not be saved (QuotaExceededError) and the upload
     *  went on with a journal in memory (also logged with console.warn). */
    warnings?: string[];
  }

  interface InitMultipartUploadOptions extends RequestOptions {
    mime?: string | undefined;
    meta?: UserMeta | undefined;
    headers?: RequestHeaders | undefined;
  }

  interface InitMultipartUploadResult {
    bucket: string;
    name: string;
    uploadId: string;
    res: NormalSuccessResponse;
  }

  interface UploadPartOptions extends RequestOptions {
    headers?: RequestHeaders | undefined;
  }

  interface UploadPartResult {
    name: string;
    etag: string;
    /** The part's CRC64 (decimal string). */
    crc64?: string;
    res: NormalSuccessResponse;
  }

  interface CompleteMultipartUploadOptions extends RequestOptions {
    callback?: ObjectCallback | undefined;
    headers?: RequestHeaders | undefined;
    /** Called with (1, null, res) once Complete succeeded. */
    progress?: ProgressCallback | undefined;
  }

  interface CompleteMultipartUploadResult {
    bucket: string;
    name: string;
    etag: string;
    /** The callback server's JSON answer, with options.callback (undefined without). */
    data: any;
    res: NormalSuccessResponse;
  }

  /** multipartUploadCopy's sourceData; uploadPartCopy takes sourceKey and sourceBucketName. */
  interface MultipartUploadCopySourceData {
    sourceKey: string;
    /** Default: the client's bucket. */
    sourceBucketName?: string | undefined;
    /** First byte to copy (default 0). */
    startOffset?: number | undefined;
    /** Byte after the last to copy (default: the source's size). */
    endOffset?: number | undefined;
  }

  /** multipartUploadCopy's checkpoint, as ali-oss passes it to progress. */
  interface CopyCheckpoint {
    name: string;
    copySize: number;
    partSize: number;
    uploadId: string;
    doneParts: Array<{ number: number; etag: string }>;
  }

  interface MultipartUploadCopyOptions extends RequestOptions {
    /** Parts copied at once (default 5). */
    parallel?: number | undefined;
    /** Bytes per part, at least 100 KiB (default 1 MiB, raised to fit 10,000 parts). */
    partSize?: number | undefined;
    /** Called (and awaited) with (0, checkpoint, Initiate's res), (done/parts, checkpoint, that part's res) per
     *  part and (1, null, Complete's res), as ali-oss. A throw or rejection rejects the copy with it. */
    progress?: ((percentage: number, checkpoint: any, res: NormalSuccessResponse) => unknown) | undefined;
    /** Resume the copy it describes. */
    checkpoint?: CopyCheckpoint | Checkpoint | undefined;
    /** The source's version. */
    versionId?: string | undefined;
    /** Headers of every UploadPartCopy, e.g. x-oss-copy-source-if-match. */
    copyheaders?: RequestHeaders | undefined;
    meta?: UserMeta | undefined;
    mime?: string | undefined;
    callback?: ObjectCallback | undefined;
    /** Sent with Initiate and Complete. */
    headers?: RequestHeaders | undefined;
  }

  interface MultipartUploadCopyResult {
    bucket: string;
    name: string;
    etag: string;
    /** The callback server's JSON answer, with options.callback (undefined without). */
    data?: any;
    res: NormalSuccessResponse;
  }

  interface UploadPartCopyOptions extends RequestOptions {
    /** Headers of the request, e.g. x-oss-copy-source-if-match. */
    headers?: RequestHeaders | undefined;
    /** The source's version. */
    versionId?: string | undefined;
  }

  interface ListPartsQuery {
    'max-parts'?: number | string | undefined;
    'part-number-marker'?: number | string | undefined;
    'encoding-type'?: string | undefined;
  }

  /** A part as OSS lists it (XML values, so strings, as in ali-oss). */
  interface ObjectPart {
    PartNumber: string;
    LastModified: string;
    ETag: string;
    Size: string;
  }

  interface ListPartsResult {
    uploadId: string;
    bucket: string;
    name: string;
    partNumberMarker?: number | string;
    nextPartNumberMarker: number | string;
    maxParts: number | string;
    isTruncated: boolean | string;
    parts: ObjectPart[];
    res: NormalSuccessResponse;
  }

  interface ListUploadsQuery {
    prefix?: string | undefined;
    'max-uploads'?: number | string | undefined;
    'key-marker'?: string | undefined;
    'upload-id-marker'?: string | undefined;
    delimiter?: string | undefined;
  }

  interface Upload {
    name: string;
    uploadId: string;
    initiated: string;
  }

  interface ListUploadsResult {
    uploads: Upload[];
    bucket: string;
    nextKeyMarker: string;
    nextUploadIdMarker: string;
    isTruncated: boolean;
    res: NormalSuccessResponse;
  }

  /** cancel()'s argument: also abort this upload (as ali-oss). */
  interface CancelAbort {
    name: string;
    uploadId: string;
    options?: RequestOptions | undefined;
  }

  /** An unfinished upload from the journal (beyond ali-oss). */
  interface ResumableUpload extends Checkpoint {
    ageMs: number;
    /** An upload of it is running now (it holds the entry's Web Lock). */
    live?: boolean;
    /** Running in another tab or worker: offer neither resume nor discard. */
    elsewhere?: boolean;
    /** The FileSystemFileHandle given at upload time, if any: resume with await handle.getFile(). */
    handle?: unknown;
  }

  /**
   * Where uploads go. journal is 'memory' when IndexedDB is unavailable (a console warning says so; uploads then
   * do not resume after a reload). A corrupt journal record is dropped with a console warning and that file
   * uploads from the start.
   */
  interface Info {
    bucket: string;
    region: string;
    endpoint: string;
    /** Where this caller may write, e.g. 'uploads/<id>/' (from /api/sts; '' otherwise). */
    prefix: string;
    journal: 'indexeddb' | 'memory';
  }

  /** `OSS` itself: a class that, as in ali-oss, may also be called without new. */
  interface Constructor {
    new (options: Options): OSS;
    (options: Options): OSS;
    readonly prototype: OSS;
    /** Fetches and starts the WebAssembly module now rather than on the first call; concurrent calls share one load. */
    preload(options?: LoaderOptions): Promise<unknown>;
    /** Sets loader options without loading anything. */
    configure(options: LoaderOptions): void;
    /** ali-oss's OSS.Buffer, as bytes: a string (UTF-8), ArrayBuffer or typed array to a Uint8Array (also OSS.Buffer.from). */
    Buffer(value: string | ArrayBuffer | ArrayBufferView): Uint8Array;
  }
}

/** An ali-oss-compatible client. The WebAssembly module loads on the first call (or OSS.preload()). */
interface OSS {
  /** ali-oss's client.options: the options given with ali-oss's defaults, trimmed keys, timeout in milliseconds
   *  and (at run time, as ali-oss) endpoint as a url.parse()d object with format(); bucket follows useBucket. */
  options: OSS.Options;
  /** ali-oss's stsTokenFreshTime: when the credentials given count as fresh (the client's creation). */
  stsTokenFreshTime: Date;

  // objects

  /** Uploads a small object with one PUT. */
  put(name: string, file: OSS.Body, options?: OSS.PutObjectOptions): Promise<OSS.PutObjectResult>;
  /** Appends to an Appendable object (creating it at position 0). */
  append(name: string, file: OSS.Body, options?: OSS.AppendObjectOptions): Promise<OSS.AppendObjectResult>;
  head(name: string, options?: OSS.HeadObjectOptions): Promise<OSS.HeadObjectResult>;
  /** Size, ETag and last modification only (a lighter head). */
  getObjectMeta(name: string, options?: OSS.HeadObjectOptions): Promise<OSS.GetObjectMetaResult>;
  /** Downloads an object; content is a Blob. A file argument (a Node path in ali-oss) is ignored. */
  get(name: string, options?: OSS.GetObjectOptions): Promise<OSS.GetObjectResult>;
  get(name: string, file: unknown, options?: OSS.GetObjectOptions): Promise<OSS.GetObjectResult>;
  delete(name: string, options?: OSS.DeleteOptions): Promise<OSS.DeleteResult>;
  /** Deletes up to 1000 objects in one request. */
  deleteMulti(names: Array<string | { key: string; versionId?: string }>, options?: OSS.DeleteMultiOptions): Promise<OSS.DeleteMultiResult>;
  list(query?: OSS.ListObjectsQuery | null, options?: OSS.RequestOptions): Promise<OSS.ListObjectResult>;
  listV2(query?: OSS.ListV2ObjectsQuery | null, options?: OSS.RequestOptions): Promise<OSS.ListV2ObjectResult>;
  /** Copies sourceName ('key' in this bucket, or '/bucket/key') to name. */
  copy(name: string, sourceName: string, options?: OSS.CopyObjectOptions): Promise<OSS.CopyAndPutMetaResult>;
  copy(name: string, sourceName: string, sourceBucket?: string, options?: OSS.CopyObjectOptions): Promise<OSS.CopyAndPutMetaResult>;
  /** Replaces an object's metadata. */
  putMeta(name: string, meta: OSS.UserMeta | null, options?: OSS.RequestOptions): Promise<OSS.CopyAndPutMetaResult>;
  /** Restores an archived object (202; a second call while it runs fails with RestoreAlreadyInProgress). */
  restore(name: string, options?: OSS.RestoreOptions): Promise<{ res: OSS.NormalSuccessResponse }>;
  /** Makes name a symbolic link to targetName. */
  putSymlink(name: string, targetName: string, options?: OSS.PutSymlinkOptions): Promise<{ res: OSS.NormalSuccessResponse }>;
  getSymlink(name: string, options?: { versionId?: string | undefined } & OSS.RequestOptions): Promise<OSS.GetSymlinkResult>;
  /** The object's URL on the endpoint (or baseUrl); synchronous. */
  getObjectUrl(name: string, baseUrl?: string): string;
  /** The object's URL on the bucket's domain (or baseUrl); synchronous. */
  generateObjectUrl(name: string, baseUrl?: string): string;
  /** Later calls go to this bucket. */
  useBucket(name: string): this;
  setBucket(name: string): this;
  getBucket(): string | undefined;

  // signed URLs

  /** A V1 presigned URL, synchronously as in ali-oss. Needs the module loaded and credentials at hand (after any
   *  awaited call or OSS.preload(); otherwise it throws ModuleNotLoaded or CredentialsNotReady): prefer
   *  asyncSignatureUrl. */
  signatureUrl(name: string, options?: OSS.SignatureUrlOptions, strictObjectNameValidation?: boolean): string;
  /** signatureUrl that loads the module and fetches or refreshes credentials first. */
  asyncSignatureUrl(name: string, options?: OSS.SignatureUrlOptions & OSS.RequestOptions, strictObjectNameValidation?: boolean): Promise<string>;
  /** The hex V4 signature of a PostObject policy (a JSON string or an object), for the form's x-oss-signature;
   *  synchronous as in ali-oss, so it needs the module loaded and credentials at hand (as signatureUrl). A string
   *  that is not JSON throws 'Policy string is not a valid JSON: ...'. */
  signPostObjectPolicyV4(policy: string | object, date: Date): string;
  /** A V4 presigned URL. */
  signatureUrlV4(
    method: OSS.HTTPMethods,
    expires: number,
    request: { headers?: object | undefined; queries?: object | undefined } | undefined,
    objectName: string,
    additionalHeaders?: string[],
  ): Promise<string>;

  // multipart

  /** Uploads a file in parts, in parallel, resuming from the journal or a checkpoint. */
  multipartUpload(name: string, file: OSS.Body, options?: OSS.MultipartUploadOptions): Promise<OSS.MultipartUploadResult>;
  multipartUpload(file: File | Blob, name: string, options?: OSS.MultipartUploadOptions): Promise<OSS.MultipartUploadResult>;
  /** Stops this client's uploads (they reject with code Canceled; journals are kept for a resume). With
   *  {name, uploadId}, that upload is aborted on OSS too. */
  cancel(abort?: OSS.CancelAbort): void;
  /** True after cancel() or abortMultipartUpload() until the next multipartUpload or resetCancelFlag(). */
  isCancel(): boolean;
  /** ali-oss's resetCancelFlag(): isCancel() is false again (multipartUpload and multipartUploadCopy do it themselves). */
  resetCancelFlag(): void;
  /** Aborts an upload and forgets its journal. */
  abortMultipartUpload(name: string, uploadId: string, options?: OSS.RequestOptions): Promise<{ res: OSS.NormalSuccessResponse }>;
  listParts(name: string, uploadId: string, query?: OSS.ListPartsQuery | null, options?: OSS.RequestOptions): Promise<OSS.ListPartsResult>;
  listUploads(query?: OSS.ListUploadsQuery | null, options?: OSS.RequestOptions): Promise<OSS.ListUploadsResult>;
  initMultipartUpload(name: string, options?: OSS.InitMultipartUploadOptions): Promise<OSS.InitMultipartUploadResult>;
  /** Uploads bytes [start, end) of file as part partNo. */
  uploadPart(name: string, uploadId: string, partNo: number, file: OSS.Body, start: number, end: number, options?: OSS.UploadPartOptions): Promise<OSS.UploadPartResult>;
  completeMultipartUpload(
    name: string,
    uploadId: string,
    parts: Array<{ number: number; etag: string }>,
    options?: OSS.CompleteMultipartUploadOptions,
  ): Promise<OSS.CompleteMultipartUploadResult>;
  /** Copies bytes range ('start-last', '' for the whole source) of an object into part partNo of an upload. */
  uploadPartCopy(
    name: string,
    uploadId: string,
    partNo: number,
    range: string,
    sourceData: { sourceKey: string; sourceBucketName?: string | undefined },
    options?: OSS.UploadPartCopyOptions,
  ): Promise<OSS.UploadPartResult>;
  /** Copies an object (or a byte range of it) server-side with a multipart upload: HEAD, Initiate, UploadPartCopy
   *  in parallel, Complete. cancel() stops it, as it stops multipartUpload. */
  multipartUploadCopy(
    name: string,
    sourceData: OSS.MultipartUploadCopySourceData,
    options?: OSS.MultipartUploadCopyOptions,
  ): Promise<OSS.MultipartUploadCopyResult>;

  // beyond ali-oss

  /** Unfinished uploads of this identity from the journal (for a resume UI). */
  resumableUploads(): Promise<OSS.ResumableUpload[]>;
  info(): Promise<OSS.Info>;
  /** Releases this client; later calls reject. */
  close(): void;
}

declare const OSS: OSS.Constructor;

export default OSS;
export { OSS };

/** Bytes of WebAssembly linear memory in use by the module (for benchmarks and diagnostics; 0 before loading). */
export function wasmMemoryBytes(): number;

// The names of earlier versions.
export type OSSOptions = OSS.Options;
export type Checkpoint = OSS.Checkpoint;
export type DonePart = OSS.DonePart;
export type Fingerprint = OSS.Fingerprint;
export type ProgressBytes = OSS.ProgressBytes;
export type MultipartUploadOptions = OSS.MultipartUploadOptions;
export type MultipartUploadResult = OSS.MultipartUploadResult;
export type ResponseInfo = OSS.NormalSuccessResponse;
export type ResumableUpload = OSS.ResumableUpload;
export type OSSError = OSS.OSSError;
export type LoaderOptions = OSS.LoaderOptions;
