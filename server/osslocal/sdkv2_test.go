package osslocal_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"hash/crc64"
	"io"
	"strconv"
	"testing"
	"time"

	v2 "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

// The embedded OSS driven by the official v2 Go SDK (alibabacloud-oss-go-sdk-v2):
// V4 signing with x-oss-content-sha256, STS tokens, and its own CRC-64 checks,
// which it turns on by default and which fail the call on a mismatch.

func v2Client(t *testing.T, env *osslocaltest.Env, c osslocaltest.Creds) *v2.Client {
	t.Helper()
	cfg := v2.LoadDefaultConfig().
		WithCredentialsProvider(credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.AccessKeySecret, c.SecurityToken)).
		WithRegion(osslocaltest.Region).
		WithEndpoint(env.URL).
		WithUsePathStyle(true).
		WithRetryMaxAttempts(1)
	return v2.NewClient(cfg)
}

func v2Code(err error) string {
	var se *v2.ServiceError
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}

func TestSDKv2MultipartUpload(t *testing.T) {
	env := osslocaltest.Start(t)
	c := v2Client(t, env, env.STS(osslocaltest.PrefixPolicy(osslocaltest.Bucket, "v2/"), time.Hour))
	ctx := context.Background()
	b, k := v2.Ptr(osslocaltest.Bucket), v2.Ptr("v2/multi part.bin")
	data := bytes.Repeat([]byte("0123456789abcdef"), (256<<10)*2/16+1000) // three parts, the last one short

	init, err := c.InitiateMultipartUpload(ctx, &v2.InitiateMultipartUploadRequest{Bucket: b, Key: k})
	require.NoError(t, err)
	var parts []v2.UploadPart
	for i, off := 1, 0; off < len(data); i, off = i+1, off+(256<<10) {
		end := min(off+(256<<10), len(data))
		r, err := c.UploadPart(ctx, &v2.UploadPartRequest{Bucket: b, Key: k, UploadId: init.UploadId, PartNumber: int32(i), Body: bytes.NewReader(data[off:end])})
		require.NoError(t, err, "part %d (the SDK checks the part's CRC-64 itself)", i)
		sum := md5.Sum(data[off:end])
		assert.Equal(t, strconv.Quote(hexUpper(sum[:])), v2.ToString(r.ETag))
		parts = append(parts, v2.UploadPart{PartNumber: int32(i), ETag: r.ETag})
	}
	lp, err := c.ListParts(ctx, &v2.ListPartsRequest{Bucket: b, Key: k, UploadId: init.UploadId})
	require.NoError(t, err)
	assert.Len(t, lp.Parts, 3)

	done, err := c.CompleteMultipartUpload(ctx, &v2.CompleteMultipartUploadRequest{Bucket: b, Key: k, UploadId: init.UploadId,
		CompleteMultipartUpload: &v2.CompleteMultipartUpload{Parts: parts}})
	require.NoError(t, err, "Complete (the SDK checks the combined CRC-64)")
	want := crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))
	assert.Equal(t, strconv.FormatUint(want, 10), v2.ToString(done.HashCRC64))

	got, err := c.GetObject(ctx, &v2.GetObjectRequest{Bucket: b, Key: k})
	require.NoError(t, err)
	body, err := io.ReadAll(got.Body)
	got.Body.Close()
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, body), "the object is the bytes sent")

	_, err = c.AbortMultipartUpload(ctx, &v2.AbortMultipartUploadRequest{Bucket: b, Key: k, UploadId: init.UploadId})
	assert.Equal(t, "NoSuchUpload", v2Code(err), "a completed upload cannot be aborted")
}

func TestSDKv2ObjectsAndRefusals(t *testing.T) {
	env := osslocaltest.Start(t)
	root := v2Client(t, env, env.STS("", time.Hour))
	ctx := context.Background()
	b := v2.Ptr(osslocaltest.Bucket)

	_, err := root.PutObject(ctx, &v2.PutObjectRequest{Bucket: b, Key: v2.Ptr("v2/a.txt"), Body: bytes.NewReader([]byte("hello")),
		Metadata: map[string]string{"owner": "me"}})
	require.NoError(t, err)
	head, err := root.HeadObject(ctx, &v2.HeadObjectRequest{Bucket: b, Key: v2.Ptr("v2/a.txt")})
	require.NoError(t, err)
	assert.Equal(t, int64(5), head.ContentLength)
	assert.Equal(t, "me", head.Metadata["owner"])

	_, err = root.CopyObject(ctx, &v2.CopyObjectRequest{Bucket: b, Key: v2.Ptr("v2/b.txt"), SourceKey: v2.Ptr("v2/a.txt")})
	require.NoError(t, err)
	app, err := root.AppendObject(ctx, &v2.AppendObjectRequest{Bucket: b, Key: v2.Ptr("v2/log.txt"), Position: v2.Ptr(int64(0)), Body: bytes.NewReader([]byte("one"))})
	require.NoError(t, err)
	assert.Equal(t, int64(3), app.NextPosition)

	list, err := root.ListObjectsV2(ctx, &v2.ListObjectsV2Request{Bucket: b, Prefix: v2.Ptr("v2/"), MaxKeys: 2})
	require.NoError(t, err)
	assert.True(t, list.IsTruncated)
	assert.Len(t, list.Contents, 2)
	rest, err := root.ListObjectsV2(ctx, &v2.ListObjectsV2Request{Bucket: b, Prefix: v2.Ptr("v2/"), ContinuationToken: list.NextContinuationToken})
	require.NoError(t, err)
	assert.Len(t, rest.Contents, 1, "the continuation token resumes after the first page")

	del, err := root.DeleteMultipleObjects(ctx, &v2.DeleteMultipleObjectsRequest{Bucket: b,
		Objects: []v2.DeleteObject{{Key: v2.Ptr("v2/a.txt")}, {Key: v2.Ptr("v2/b.txt")}}})
	require.NoError(t, err)
	assert.Len(t, del.DeletedObjects, 2)
	_, err = root.HeadObject(ctx, &v2.HeadObjectRequest{Bucket: b, Key: v2.Ptr("v2/a.txt")})
	assert.Equal(t, "NoSuchKey", v2Code(err))

	// Refusals: another caller's prefix, an expired token, a wrong secret.
	scoped := v2Client(t, env, env.STS(osslocaltest.PrefixPolicy(osslocaltest.Bucket, "mine/"), time.Hour))
	_, err = scoped.PutObject(ctx, &v2.PutObjectRequest{Bucket: b, Key: v2.Ptr("theirs/x"), Body: bytes.NewReader([]byte("x"))})
	assert.Equal(t, "AccessDenied", v2Code(err))
	expired := v2Client(t, env, env.STS("", -time.Minute))
	_, err = expired.PutObject(ctx, &v2.PutObjectRequest{Bucket: b, Key: v2.Ptr("v2/x"), Body: bytes.NewReader([]byte("x"))})
	assert.Equal(t, "SecurityTokenExpired", v2Code(err))
	bad := env.STS("", time.Hour)
	bad.AccessKeySecret += "x"
	_, err = v2Client(t, env, bad).PutObject(ctx, &v2.PutObjectRequest{Bucket: b, Key: v2.Ptr("v2/x"), Body: bytes.NewReader([]byte("x"))})
	assert.Equal(t, "SignatureDoesNotMatch", v2Code(err))
}

func hexUpper(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, len(b)*2)
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
