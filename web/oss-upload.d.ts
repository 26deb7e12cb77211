// Type declarations for ossupload: ali-oss's browser client in WebAssembly.
//
// The OSS namespace below is @types/ali-oss 6.23.3's (MIT, DefinitelyTyped; STS and the bucket/RTMP/image
// clients left out), so code written against @types/ali-oss compiles with only its import changed; the
// module's own additions are marked "ossupload:". e2e/types/sample.ts is checked with tsc --noEmit.

/** ossupload: a body: what ali-oss accepts as a Buffer in a browser, plus strings. */
type Body = File | Blob | ArrayBuffer | ArrayBufferView | string;

declare namespace OSS {
    interface Options {
        /** access secret you create */
        accessKeyId?: string | undefined;
        /** access secret you create */
        accessKeySecret?: string | undefined;
        /** used by temporary authorization */
        stsToken?: string | undefined;
        /** the default bucket you want to access If you don't have any bucket, please use putBucket() create one first. */
        bucket?: string | undefined;
        /** oss region domain. It takes priority over region. */
        endpoint?: string | undefined;
        /** the bucket data region location, please see Data Regions, default is oss-cn-hangzhou. */
        region?: string | undefined;
        /** access OSS with aliyun internal network or not, default is false. If your servers are running on aliyun too, you can set true to save lot of money. */
        internal?: boolean | undefined;
        /** instruct OSS client to use HTTPS (secure: true) or HTTP (secure: false) protocol. */
        secure?: boolean | undefined;
        /** instance level timeout for all operations, default is 60s */
        timeout?: string | number | undefined;
        /** use custom domain name */
        cname?: boolean | undefined;
        /** use time (ms) of refresh STSToken interval it should be less than sts info expire interval, default is 300000ms(5min) when sts info expires. */
        refreshSTSTokenInterval?: number;
        /** used by auto set stsToken、accessKeyId、accessKeySecret when sts info expires. return value must be object contains stsToken、accessKeyId、accessKeySecret */
        refreshSTSToken?: () => Promise<{ accessKeyId: string; accessKeySecret: string; stsToken: string }>;
        /** Use V4 signature. Default is false. */
        authorizationV4?: boolean | undefined;
    }

    /**
     * Generate STS Authorization
     */

    interface Credentials {
        /**
         * STS access key id.
         */
        AccessKeyId: string;

        /**
         * STS access key secret.
         */
        AccessKeySecret: string;

        /**
         * STS token.
         */
        SecurityToken: string;

        /**
         * STS expiration UTC time in ISO format.
         */
        Expiration: string;
    }

    interface STSOptions {
        /**
         * Access key id.
         */
        accessKeyId: string;

        /**
         * Access key secret.
         */
        accessKeySecret: string;
    }

    interface Bucket {
        name: string;
        region: string;
        creationDate: string;
        StorageClass: StorageType;
    }

    type StorageType = "Standard" | "IA" | "Archive";

    type ACLType = "public-read-write" | "public-read" | "private";

    type HTTPMethods = "GET" | "POST" | "DELETE" | "PUT";

    type RedundancyType = "LRS" | "ZRS";

    interface RequestOptions {
        // the operation timeout
        timeout?: number | undefined;
    }

    type RuleStatusType = "Enabled" | "Disabled";

    interface LifecycleRule {
        /** rule id, if not set, OSS will auto create it with random string. */
        id?: string | undefined;
        /** store prefix */
        prefix: string;
        /** rule status, allow values: Enabled or Disabled */
        status: RuleStatusType;
        /** expire after the days */
        days?: number | string | undefined;
        /** expire date, e.g.: 2022-10-11T00:00:00.000Z date and days only set one. */
        date: string;
    }

    interface CORSRule {
        /** configure for Access-Control-Allow-Origin header */
        allowedOrigin: string | string[];
        /** configure for Access-Control-Allow-Methods header */
        allowedMethod: string | string[];
        /** configure for Access-Control-Allow-Headers header */
        allowedHeader?: string | string[] | undefined;
        /** configure for Access-Control-Expose-Headers header */
        exposeHeader?: string | string[] | undefined;
        /** configure for Access-Control-Max-Age header */
        maxAgeSeconds?: string | string[] | undefined;
    }

    interface OwnerType {
        id: string;
        displayName: string;
    }

    interface ObjectMeta {
        /** object name on oss */
        name: string;
        /** object url */
        url: string;
        /** object last modified GMT date, e.g.: 2015-02-19T08:39:44.000Z */
        lastModified: string;
        /** object etag contains ", e.g.: "5B3C1A2E053D763E1B002CC607C5A0FE" */
        etag: string;
        /** object type, e.g.: Normal */
        type: string;
        /** object size, e.g.: 344606 */
        size: number;
        storageClass: StorageType;
        owner?: OwnerType;
    }

    interface BucketPolicy {
        Version: string;
        Statement: Array<{
            Action: string[];
            Effect: "Allow" | "Deny";
            Principal: string[];
            Resource: string[];
        }>;
    }

    interface NormalSuccessResponse {
        /** response status */
        status: number;
        /** response headers */
        /** todo the object in detail */
        headers: object;
        /** response size */
        size: number;
        /**  request total use time (ms) */
        rt: number;
    }

    /**
     * @see x-oss-meta-* in https://help.aliyun.com/document_detail/31978.html for Aliyun user
     * @see x-oss-meta-* in https://www.alibabacloud.com/help/en/doc-detail/31978.html for AlibabaCloud user
     */
    interface UserMeta extends Record<string, string | number> {
        uid: number;
        pid: number;
    }

    interface ObjectCallback {
        /** After a file is uploaded successfully, the OSS sends a callback request to this URL. */
        url: string;
        /** The host header value for initiating callback requests. */
        host?: string | undefined;
        /** The value of the request body when a callback is initiated, for example, key=$(key)&etag=$(etag)&my_var=$(x:my_var). */
        body: string;
        /** The Content-Type of the callback requests initiatiated, It supports application/x-www-form-urlencoded and application/json, and the former is the default value. */
        contentType?: string | undefined;
        customValue?: object | undefined;
        /** extra headers, detail see RFC 2616 */
        headers?: object | undefined;
    }

    interface ModifyData {
        /** object last modified GMT string */
        lastModified: string;
        /** object etag contains ", e.g.: "5B3C1A2E053D763E1B002CC607C5A0FE" */
        etag: string;
    }

    interface Checkpoint {
        /** The file object selected by the user, if the browser is restarted, it needs the user to manually trigger the settings */
        file: any;
        /** object key */
        name: string;
        fileSize: number;
        partSize: number;
        uploadId: string;
        doneParts: Array<{ number: number; etag: string }>;
    }

    interface ObjectPart {
        PartNumber: number;
        /** {Date} Time when a part is uploaded. */
        LastModified: any;
        ETag: string;
        size: number;
    }

    interface Upload {
        name: string;
        uploadId: string;
        initiated: any;
    }

    interface Channel {
        Name: string;
        Description: string;
        Status: string;
        LastModified: string;
        PublishUrls: string[];
        PlayUrls: string[];
    }

    interface ChannelHistory {
        StartTime: string;
        EndTime: string;
        /** the remote addr */
        RemoteAddr: string;
    }

    // parameters type
    interface ListBucketsQueryType {
        /** search buckets using prefix key */
        prefix?: string | undefined;
        /** search start from marker, including marker key */
        marker?: string | undefined;
        /** max buckets, default is 100, limit to 1000 */
        "max-keys"?: string | number | undefined;
    }

    interface PutBucketOptions {
        acl: ACLType;
        dataRedundancyType: RedundancyType;
        timeout: number;
        storageClass: StorageType;
    }

    interface PutBucketWebsiteConfig {
        /** default page, e.g.: index.html */
        index: string;
        /** error page, e.g.: 'error.html' */
        error?: string | undefined;
    }

    interface ListObjectsQuery {
        /** search object using prefix key */
        prefix?: string | undefined;
        /** search start from marker, including marker key */
        marker?: string | undefined;
        /** only search current dir, not including subdir */
        delimiter?: string | undefined; // delimiter search scope e.g.
        /** max objects, default is 100, limit to 1000 */
        "max-keys": string | number;
        /** Specifies that the object names in the response are URL-encoded. */
        "encoding-type"?: "url" | "";
    }

    interface ListV2ObjectsQuery {
        /** search object using prefix key */
        prefix?: string;
        /** search start from token, including token key */
        "continuation-token"?: string;
        /** only search current dir, not including subdir */
        delimiter?: string | number;
        /** max objects, default is 100, limit to 1000  */
        "max-keys"?: string | number;
        /**
         * The name of the object from which the list operation begins.
         * If this parameter is specified, objects whose names are alphabetically greater than the start-after parameter value are returned.
         */
        "start-after"?: string;
        /** Specifies whether to include the information about object owners in the response. */
        "fetch-owner"?: boolean;
        /** Specifies that the object names in the response are URL-encoded. */
        "encoding-type"?: "url" | "";
    }

    interface ListObjectResult {
        objects: ObjectMeta[];
        prefixes: string[];
        isTruncated: boolean;
        nextMarker: string;
        res: NormalSuccessResponse;
    }

    interface ListV2ObjectResult {
        objects: ObjectMeta[];
        prefixes: string[];
        isTruncated: boolean;
        nextContinuationToken: string;
        keyCount: number;
        res: NormalSuccessResponse;
    }

    interface PutObjectOptions {
        /** the operation timeout */
        timeout?: number | undefined;
        /** custom mime, will send with Content-Type entity header */
        mime?: string | undefined;
        /** user meta, will send with x-oss-meta- prefix string e.g.: { uid: 123, pid: 110 } */
        meta?: UserMeta | undefined;
        callback?: ObjectCallback | undefined;
        headers?: object | undefined;
    }

    interface PutObjectResult {
        name: string;
        url: string;
        data: object;
        res: NormalSuccessResponse;
    }

    interface PutStreamOptions {
        /** the stream length, chunked encoding will be used if absent */
        contentLength?: number | undefined;
        /** the operation timeout */
        timeout: number;
        /** custom mime, will send with Content-Type entity header */
        mime: string;
        meta: UserMeta;
        callback: ObjectCallback;
        headers?: object | undefined;
    }

    interface AppendObjectOptions {
        /** specify the position which is the content length of the latest object */
        position?: string | undefined;
        /** the operation timeout */
        timeout?: number | undefined;
        /** custom mime, will send with Content-Type entity header */
        mime?: string | undefined;
        meta?: UserMeta | undefined;
        headers?: object | undefined;
    }

    interface AppendObjectResult {
        name: string;
        /** the url of oss */
        url: string;
        res: NormalSuccessResponse;
        /** the next position */
        nextAppendPosition: string;
    }

    interface HeadObjectOptions {
        timeout?: number | undefined;
        headers?: object | undefined;
    }

    interface HeadObjectResult {
        /** response status, maybe 200 or 304 */
        status: number;
        meta: UserMeta;
        res: NormalSuccessResponse;
    }

    interface GetObjectOptions {
        timeout?: number | undefined;
        /** The Content-Type of the callback requests initiatiated, It supports application/x-www-form-urlencoded and application/json, and the former is the default value. */
        process?: string | undefined;
        headers?: object | undefined;
    }

    interface GetObjectResult {
        /** file content buffer if file parameter is null or ignore */
        content?: any;
        res: NormalSuccessResponse;
    }

    interface GetStreamOptions {
        timeout?: number | undefined;
        /** The Content-Type of the callback requests initiatiated, It supports application/x-www-form-urlencoded and application/json, and the former is the default value. */
        process?: string | undefined;
        headers?: object | undefined;
    }

    interface GetStreamResult {
        /** readable stream instance if response status is not 200, stream will be null. */
        stream?: any;
        res: NormalSuccessResponse;
    }

    interface CopyObjectOptions {
        timeout?: number | undefined;
        meta?: UserMeta | undefined;
        headers?: object | undefined;
    }

    interface CopyAndPutMetaResult {
        data: ModifyData;
        res: NormalSuccessResponse;
    }

    interface DeleteResult {
        res: NormalSuccessResponse;
    }

    interface DeleteMultiOptions {
        /** quite mode or verbose mode, default is false */
        quiet?: boolean | undefined;
        timeout?: number | undefined;
    }

    interface DeleteMultiResult {
        /** deleted object names list */
        deleted?: string[] | undefined;
        res: NormalSuccessResponse;
    }

    interface ResponseHeaderType {
        "content-type"?: string | undefined;
        "content-disposition"?: string | undefined;
        "cache-control"?: string | undefined;
    }

    interface SignatureUrlOptions {
        /** after expires seconds, the url will become invalid, default is 1800 */
        expires?: number | undefined;
        /** the HTTP method, default is 'GET' */
        method?: HTTPMethods | undefined;
        /** set the request content type */
        "Content-Type"?: string | undefined;
        /**  image process params, will send with x-oss-process e.g.: {process: 'image/resize,w_200'} */
        process?: string | undefined;
        /** traffic limit, range: 819200~838860800 */
        trafficLimit?: number | undefined;
        /** additional signature parameters in url */
        subResource?: object | undefined;
        /** set the response headers for download */
        response?: ResponseHeaderType | undefined;
        /** set the callback for the operation */
        callback?: ObjectCallback | undefined;
    }

    interface GetACLResult {
        acl: ACLType;
        res: NormalSuccessResponse;
    }

    interface InitMultipartUploadOptions {
        timeout?: number | undefined;
        /** Mime file type */
        mime?: string | undefined;
        meta?: UserMeta | undefined;
        headers?: object | undefined;
    }

    interface InitMultipartUploadResult {
        res: { status: number; headers: object; size: number; rt: number };
        /** bucket name */
        bucket: string;
        /** object name store on OSS */
        name: string;
        /** upload id, use for uploadPart, completeMultipart */
        uploadId: string;
    }

    interface UploadPartResult {
        name: string;
        etag: string;
        res: NormalSuccessResponse;
    }

    interface CompleteMultipartUploadOptions {
        timeout?: number | undefined;
        callback?: ObjectCallback | undefined;
        headers?: object | undefined;
    }

    interface CompleteMultipartUploadResult {
        bucket: string;
        name: string;
        etag: string;
        data: object;
        res: NormalSuccessResponse;
    }

    interface MultipartUploadOptions {
        /** the number of parts to be uploaded in parallel */
        parallel?: number | undefined;
        /** the suggested size for each part */
        partSize?: number | undefined;
        /** the progress callback called after each successful upload of one part */
        progress?: ((...args: any[]) => any) | undefined;
        /** the checkpoint to resume upload, if this is provided, it will continue the upload from where interrupted, otherwise a new multipart upload will be created. */
        checkpoint?: Checkpoint | undefined;
        meta?: UserMeta | undefined;
        mime?: string | undefined;
        callback?: ObjectCallback | undefined;
        headers?: object | undefined;
        timeout?: number | undefined;
        /** {Object} only uploadPartCopy api used, detail */
        copyheaders?: object | undefined;
    }

    interface MultipartUploadResult {
        bucket: string;
        name: string;
        etag: string;
        data: object;
        res: NormalSuccessResponse;
    }

    interface MultipartUploadCopyResult {
        bucket: string;
        name: string;
        etag: string;
        res: NormalSuccessResponse;
    }

    interface MultipartUploadCopySourceData {
        /** the source object name */
        sourceKey: string;
        /** sourceData.  the source bucket name */
        sourceBucketName: string;
        /** data copy start byte offset, e.g: 0 */
        startOffset: number;
        /** data copy end byte offset, e.g: 102400 */
        endOffset: number;
    }

    interface ListPartsQuery {
        /** The maximum part number in the response of the OSS. default value: 1000. */
        "max-parts": number;
        /** Starting position of a specific list. A part is listed only when the part number is greater than the value of this parameter. */
        "part-number-marker": number;
        /** Specify the encoding of the returned content and the encoding type. Optional value: url */
        "encoding-type": string;
    }

    interface ListPartsResult {
        uploadId: string;
        bucket: string;
        name: string;
        PartNumberMarker: number;
        nextPartNumberMarker: number;
        maxParts: number;
        isTruncated: boolean;
        parts: ObjectPart[];
        res: NormalSuccessResponse;
    }

    interface ListUploadsQuery {
        prefix?: string | undefined;
        "max-uploads"?: number | undefined;
        "key-marker"?: string | undefined;
        "upload-id-marker"?: string | undefined;
    }

    interface ListUploadsResult {
        res: NormalSuccessResponse;
        bucket: string;
        nextKeyMarker: any;
        nextUploadIdMarker: any;
        isTruncated: boolean;
        uploads: Upload[];
    }

    interface PutSymlinkOptions {
        /** the storage type include (Standard,IA,Archive) */
        storageClass?: string | undefined;
        /** user meta, will send with x-oss-meta- prefix string */
        meta?: UserMeta | undefined;
        /** extra headers */
        headers?: object | undefined;
    }

    interface PutChannelConf {
        Description?: string | undefined;
        Status?: string | undefined;
        Target?: {
            Type: string;
            FragDuration: number;
            FragCount: number;
            PlaylistName: string;
        } | undefined;
    }

    interface PutChannelResult {
        publishUrls: string[];
        playUrls: string[];
        res: NormalSuccessResponse;
    }

    interface GetChannelResult {
        Status: string;
        ConnectedTime?: string | undefined;
        RemoteAddr?: string | undefined;
        Video?: object | undefined;
        Audio?: object | undefined;
        res: NormalSuccessResponse;
    }

    interface ListChannelsQuery {
        /** the channel id prefix (returns channels with this prefix) */
        prefix: string;
        /** the channel id marker (returns channels after this id) */
        marker: string;
        /** max number of channels to return */
        "max-keys ": number;
    }

    interface ListChannelsResult {
        channels: Channel[];
        nextMarker: string | null;
        isTruncated: boolean;
        res: NormalSuccessResponse;
    }

    interface ChannelHistoryResult {
        records: ChannelHistory;
        res: NormalSuccessResponse;
    }

    interface GetRtmpUrlOptions {
        /** the expire time in seconds of the url */
        expires?: number | undefined;
        /** the additional parameters for url, e.g.: {playlistName: 'play.m3u8'} */
        params?: object | undefined;
        /** the operation timeout */
        timeout?: number | undefined;
    }

    interface GetBucketPolicyResult {
        policy: BucketPolicy | null;
        status: number;
        res: NormalSuccessResponse;
    }

    interface PostObjectParams {
        policy: string;
        OSSAccessKeyId: string;
        Signature: string;
    }

}

declare namespace OSS {
    // ---- ossupload's additions ----

    interface Options {
        /** ossupload: our server's credential endpoint (e.g. '/api/sts'): fetched and refreshed automatically. */
        stsEndpoint?: string | undefined;
        /** ossupload: fetch's credentials mode for the STS request (default 'same-origin'). */
        stsCredentials?: 'same-origin' | 'include' | 'omit' | undefined;
        /** ossupload: extra headers for the STS request, or a function returning them, called per request. */
        stsHeaders?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>) | undefined;
        /** ossupload: names whose journals these are, for refreshSTSToken clients (default: the bucket). */
        journalScope?: string | undefined;
        /** ossupload: refreshSTSToken may also resolve to STS's own keys (AccessKeyId, AccessKeySecret, SecurityToken, Expiration). */
    }

    /** ossupload: every call also accepts an AbortSignal. */
    interface RequestOptions {
        signal?: AbortSignal | undefined;
    }

    interface MultipartUploadOptions {
        /** ossupload: CRC64 checks of every part and of the object (default true). */
        integrity?: boolean | undefined;
        /** ossupload: ignore any journal and start a new upload. */
        fresh?: boolean | undefined;
        /** ossupload: wait for another tab uploading this file to this object instead of failing with UploadInProgress. */
        wait?: boolean | undefined;
        /** ossupload: a FileSystemFileHandle kept with the journal so resumableUploads() can return it. */
        fileHandle?: unknown;
        signal?: AbortSignal | undefined;
    }

    interface MultipartUploadResult {
        /** ossupload: parts from an earlier attempt were reused. */
        resumed?: boolean;
        /** ossupload: the journaled upload had expired on the server and a new one was started. */
        restarted?: boolean;
        /** ossupload: the object already was this file (same size and CRC64): nothing was sent. */
        alreadyDone?: boolean;
        /** ossupload: what degraded without failing (e.g. the journal fell back to memory). */
        warnings?: string[];
        crc64?: string;
    }

    /** ossupload: the 4th argument of progress: byte counts. */
    interface ProgressBytes { sent: number; total: number; partsDone: number; partsTotal: number }

    /** ossupload: an unfinished upload from the journal, for a resume UI. */
    interface ResumableUpload extends Checkpoint {
        uploadId: string;
        bytesDone: number;
        ageMs: number;
        /** An upload of it is running now (it holds the entry's Web Lock). */
        live?: boolean;
        /** Running in another tab or worker: offer neither resume nor discard. */
        elsewhere?: boolean;
        /** The FileSystemFileHandle given at upload time, if any. */
        handle?: unknown;
        fingerprint?: { name: string; size: number; lastModified: number; sample: string };
    }

    /**
     * ossupload: errors are Error objects shaped like ali-oss's. Besides OSS's codes: InvalidArgument, FileChanged,
     * CheckpointMismatch, Canceled (journal kept), Aborted, UploadInProgress, IdentityChanged, IntegrityMismatch,
     * Network (status -1), Timeout (status -2), CredentialsUnavailable, CredentialsNotReady, JournalError,
     * CompleteOutcomeUnknown, ModuleNotLoaded (a synchronous method before the module loaded). A progress callback
     * that throws rejects the upload with its own error.
     */
    interface OSSError extends Error {
        name: string;
        code: string;
        status: number;
        requestId: string;
        hostId?: string;
        ecCode?: string;
        partNum?: number;
    }

    /** ossupload: where the loader finds the WebAssembly module. */
    interface LoaderOptions {
        /** URL of oss-upload.wasm (default: next to the module file; relative URLs resolve against the page). */
        wasmURL?: string | URL;
    }
}

/**
 * An ali-oss-compatible client: `new OSS(options)` or `OSS(options)`.
 *
 * The WebAssembly module loads on the first call (or OSS.preload()). The synchronous methods (signatureUrl,
 * getObjectUrl, generateObjectUrl) need it loaded and throw code ModuleNotLoaded before; asyncSignatureUrl always
 * works.
 */
declare class OSS {
    /** Fetches and starts the WebAssembly module now rather than on the first call. */
    static preload(options?: OSS.LoaderOptions): Promise<unknown>;
    /** Sets loader options without loading anything. */
    static configure(options: OSS.LoaderOptions): void;

    constructor(options: OSS.Options);
    options: OSS.Options;

    useBucket(name: string): this;
    setBucket(name: string): this;
    getBucket(): string | undefined;

    list(query: OSS.ListObjectsQuery | null, options?: OSS.RequestOptions): Promise<OSS.ListObjectResult>;
    listV2(query: OSS.ListV2ObjectsQuery | null, options?: OSS.RequestOptions): Promise<OSS.ListV2ObjectResult>;
    put(name: string, file: Body, options?: OSS.PutObjectOptions & OSS.RequestOptions): Promise<OSS.PutObjectResult>;
    append(name: string, file: Body, options?: OSS.AppendObjectOptions & OSS.RequestOptions): Promise<OSS.AppendObjectResult>;
    getObjectUrl(name: string, baseUrl?: string): string;
    generateObjectUrl(name: string, baseUrl?: string): string;
    head(name: string, options?: OSS.HeadObjectOptions & OSS.RequestOptions): Promise<OSS.HeadObjectResult>;
    getObjectMeta(name: string, options?: OSS.RequestOptions & { versionId?: string }): Promise<{ status: number; res: OSS.NormalSuccessResponse }>;
    /** The content is a Blob. */
    get(name: string, file?: any, options?: OSS.GetObjectOptions & OSS.RequestOptions): Promise<OSS.GetObjectResult>;
    delete(name: string, options?: OSS.RequestOptions): Promise<OSS.DeleteResult>;
    copy(name: string, sourceName: string, options?: OSS.CopyObjectOptions & OSS.RequestOptions): Promise<OSS.CopyAndPutMetaResult>;
    copy(name: string, sourceName: string, sourceBucket?: string, options?: OSS.CopyObjectOptions & OSS.RequestOptions): Promise<OSS.CopyAndPutMetaResult>;
    putMeta(name: string, meta: OSS.UserMeta, options?: OSS.RequestOptions): Promise<OSS.CopyAndPutMetaResult>;
    deleteMulti(names: string[], options?: OSS.DeleteMultiOptions & OSS.RequestOptions): Promise<OSS.DeleteMultiResult>;
    /** A V1 presigned URL, synchronously (throws ModuleNotLoaded, or CredentialsNotReady for a client whose credentials are not fetched yet). */
    signatureUrl(name: string, options?: OSS.SignatureUrlOptions): string;
    asyncSignatureUrl(name: string, options?: OSS.SignatureUrlOptions): Promise<string>;
    signatureUrlV4(
        method: OSS.HTTPMethods,
        expires: number,
        request: { headers?: object | undefined; queries?: object | undefined } | undefined,
        objectName: string,
        additionalHeaders?: string[],
    ): Promise<string>;

    initMultipartUpload(name: string, options?: OSS.InitMultipartUploadOptions & OSS.RequestOptions): Promise<OSS.InitMultipartUploadResult>;
    uploadPart(name: string, uploadId: string, partNo: number, file: Body, start: number, end: number, options?: OSS.RequestOptions): Promise<OSS.UploadPartResult>;
    completeMultipartUpload(
        name: string,
        uploadId: string,
        parts: Array<{ number: number; etag: string }>,
        options?: OSS.CompleteMultipartUploadOptions & OSS.RequestOptions,
    ): Promise<OSS.CompleteMultipartUploadResult>;
    multipartUpload(name: string, file: Body, options?: OSS.MultipartUploadOptions): Promise<OSS.MultipartUploadResult>;
    listParts(name: string, uploadId: string, query?: OSS.ListPartsQuery, options?: OSS.RequestOptions): Promise<OSS.ListPartsResult>;
    listUploads(query: OSS.ListUploadsQuery, options?: OSS.RequestOptions): Promise<OSS.ListUploadsResult>;
    abortMultipartUpload(name: string, uploadId: string, options?: OSS.RequestOptions): Promise<OSS.NormalSuccessResponse>;
    /** Stops this client's uploads (journals kept); with {name, uploadId} that upload is aborted too. */
    cancel(abort?: { name: string; uploadId: string; options?: OSS.RequestOptions }): void;
    isCancel(): boolean;
    /** ossupload: releases this client (also done when it is garbage-collected). */
    close(): void;

    /** ossupload: unfinished uploads from the journal, for a resume UI. */
    resumableUploads(): Promise<OSS.ResumableUpload[]>;
    /** ossupload: where uploads go; journal is 'memory' when IndexedDB is unavailable. */
    info(): Promise<{ bucket: string; region: string; endpoint: string; prefix: string; journal: 'indexeddb' | 'memory' }>;
}

export default OSS;
export { OSS };
/** Bytes of WebAssembly linear memory in use by the module (0 before loading). */
export function wasmMemoryBytes(): number;
