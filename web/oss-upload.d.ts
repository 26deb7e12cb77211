// Type declarations for ossupload: ali-oss's multipart API in WebAssembly.

export interface OSSOptions {
  /** Our server's credential endpoint (e.g. '/api/sts'): fetched and refreshed automatically. */
  stsEndpoint?: string;
  /** fetch's credentials mode for the STS request (default 'same-origin'; 'include' sends cookies cross-origin). */
  stsCredentials?: 'same-origin' | 'include' | 'omit';
  /** Extra headers for the STS request (e.g. Authorization: 'Bearer ...'), or a function returning them, called per request. */
  stsHeaders?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  region?: string;
  endpoint?: string;
  bucket?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  stsToken?: string;
  refreshSTSToken?: () => Promise<{ accessKeyId: string; accessKeySecret: string; stsToken: string; expiration?: string }>;
  /** Milliseconds between refreshSTSToken calls when credentials carry no expiration (default 300000). */
  refreshSTSTokenInterval?: number;
  secure?: boolean;
  timeout?: number;
  /** Names whose journals these are, for refreshSTSToken clients (default: the bucket). With stsEndpoint the
   *  identity is the bucket and prefix /api/sts gives; with static keys, the access key. */
  journalScope?: string;
}

export interface DonePart { number: number; etag: string; size?: number; crc64?: string }

export interface Fingerprint { name: string; size: number; lastModified: number; sample: string }

/** ali-oss's checkpoint, plus what a safe resume needs. */
export interface Checkpoint {
  file?: File | Blob | null;
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

export interface ProgressBytes { sent: number; total: number; partsDone: number; partsTotal: number }

export interface MultipartUploadOptions {
  parallel?: number;
  partSize?: number;
  /** Awaited like ali-oss; called per part (with a checkpoint) and for byte-level progress. */
  progress?: (p: number, checkpoint: Checkpoint | null, res: unknown, bytes: ProgressBytes) => void | Promise<void>;
  checkpoint?: Checkpoint;
  meta?: Record<string, string>;
  mime?: string;
  headers?: Record<string, string>;
  /** CRC64 checks of every part and of the object (default true). */
  integrity?: boolean;
  /** Ignore any journal and start a new upload (the old one is aborted, here and in other tabs). */
  fresh?: boolean;
  /** If another tab or client is uploading this file to this object, wait for it instead of failing at once
   *  with UploadInProgress; if it finished the object, resolve with alreadyDone and send nothing. */
  wait?: boolean;
  /** A FileSystemFileHandle for the file, kept with the journal so resumableUploads() can return it. */
  fileHandle?: unknown;
}

export interface ResponseInfo { status: number; statusCode: number; headers: Record<string, string>; requestUrls: string[]; requestId?: string }

export interface MultipartUploadResult {
  name: string;
  bucket: string;
  etag: string;
  crc64?: string;
  /** Parts from an earlier attempt were reused. */
  resumed: boolean;
  /** The journaled upload no longer existed on the server and the journal proved it expired (older than the
   *  bucket's 7-day lifecycle rule), so a new one was started. A vanished upload that is younger was aborted
   *  by someone: the call fails with code Aborted and is never restarted by itself. */
  restarted: boolean;
  /** The object already was this file (same size and CRC64): nothing was sent. */
  alreadyDone?: boolean;
  /** What degraded without failing, e.g. the journal could not be saved (QuotaExceededError) and the upload
   *  went on with a journal in memory (also logged with console.warn). */
  warnings?: string[];
  res: ResponseInfo;
}

export interface ResumableUpload extends Checkpoint {
  ageMs: number;
  /** An upload of it is running now (it holds the entry's Web Lock). */
  live?: boolean;
  /** Running in another tab or worker: offer neither resume nor discard. */
  elsewhere?: boolean;
  /** The FileSystemFileHandle given at upload time, if any: resume with await handle.getFile(). */
  handle?: unknown;
}

/** Errors are Error objects with a stable code. Besides OSS's codes: InvalidArgument, FileChanged (a part of the
 *  file differs from the one adopted), CheckpointMismatch, Canceled (journal kept), Aborted (aborted here, in
 *  another client or tab: nothing more is sent), UploadInProgress (another tab is uploading it), IdentityChanged
 *  (the credentials now belong to another prefix; journal kept), IntegrityMismatch, Network, Timeout,
 *  JournalError, CompleteOutcomeUnknown. */
export interface OSSError extends Error {
  name: string;
  code: string;
  status: number;
  requestId: string;
  partNum?: number;
}

/** Where the loader finds the WebAssembly module. */
export interface LoaderOptions {
  /** URL of oss-upload.wasm (default: next to the module file; relative URLs resolve against the page). */
  wasmURL?: string | URL;
}

export default class OSS {
  /** Fetches and starts the WebAssembly module now rather than on the first call; concurrent calls share one load. */
  static preload(options?: LoaderOptions): Promise<unknown>;
  /** Sets loader options without loading anything. */
  static configure(options: LoaderOptions): void;
  constructor(options: OSSOptions);
  multipartUpload(name: string, file: File | Blob, options?: MultipartUploadOptions): Promise<MultipartUploadResult>;
  multipartUpload(file: File | Blob, name: string, options?: MultipartUploadOptions): Promise<MultipartUploadResult>;
  cancel(): void;
  isCancel(): boolean;
  abortMultipartUpload(name: string, uploadId: string): Promise<{ res: { status: number } }>;
  listParts(name: string, uploadId: string): Promise<{ uploadId: string; bucket: string; name: string; parts: { PartNumber: string; ETag: string; Size: string }[] }>;
  listUploads(query?: { prefix?: string }): Promise<{ uploads: { name: string; uploadId: string; initiated: string }[]; isTruncated: boolean }>;
  initMultipartUpload(name: string, options?: { mime?: string; meta?: Record<string, string>; headers?: Record<string, string> }): Promise<{ bucket: string; name: string; uploadId: string }>;
  uploadPart(name: string, uploadId: string, partNo: number, file: File | Blob, start: number, end: number): Promise<{ name: string; etag: string; crc64?: string }>;
  completeMultipartUpload(name: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ bucket: string; name: string; etag: string; res: ResponseInfo }>;
  signatureUrl(name: string, options?: { expires?: number; method?: string }): Promise<string>;
  asyncSignatureUrl(name: string, options?: { expires?: number; method?: string }): Promise<string>;
  resumableUploads(): Promise<ResumableUpload[]>;
  /**
   * Where uploads go. journal is 'memory' when IndexedDB is unavailable (a console warning says so; uploads then
   * do not resume after a reload). A corrupt journal record is dropped with a console warning and that file
   * uploads from the start.
   */
  info(): Promise<{ bucket: string; region: string; endpoint: string; prefix: string; journal: 'indexeddb' | 'memory' }>;
}
export { OSS };
export function wasmMemoryBytes(): number;
