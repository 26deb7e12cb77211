package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/broker"
)

// clientFrom is an HTTP client whose connections come from src, so one test
// can be several client addresses (127.0.0.0/8 is all loopback).
func clientFrom(src string, jar http.CookieJar) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	return &http.Client{Jar: jar, Timeout: 5 * time.Minute, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 16}}
}

func stsFrom(c *http.Client, appURL string) (broker.Response, int, error) {
	resp, err := c.Post(appURL+"/api/sts", "", nil)
	if err != nil {
		return broker.Response{}, 0, err
	}
	defer resp.Body.Close()
	var r broker.Response
	json.NewDecoder(resp.Body).Decode(&r)
	return r, resp.StatusCode, nil
}

func sdkBucket(r broker.Response, hc *http.Client) (*oss.Bucket, error) {
	cl, err := oss.New(r.Endpoint, r.AccessKeyID, r.AccessKeySecret, oss.SecurityToken(r.StsToken), oss.AuthVersion(oss.AuthV4),
		oss.Region(r.Region), oss.HTTPClient(hc))
	if err != nil {
		return nil, err
	}
	return cl.Bucket(r.Bucket)
}

// stallReader gives n bytes, then blocks until release is closed.
type stallReader struct {
	n       int
	release chan struct{}
}

func (s *stallReader) Read(p []byte) (int, error) {
	if s.n == 0 {
		<-s.release
		return 0, io.ErrUnexpectedEOF
	}
	k := min(len(p), s.n)
	s.n -= k
	return k, nil
}

// TestSoakHostileLoad is the hostile-load tier of make soak (set
// OSSUPLOAD_SOAK to a duration): slow bodies with bad signatures, stalled
// signed uploads and cookie churn, each from its own address, hammer the
// real servers while honest multipart uploads run alongside. Every honest
// upload must finish byte-exact, /healthz must keep answering, and memory
// must stay bounded.
func TestSoakHostileLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("OSSUPLOAD_SOAK"))
	if err != nil {
		t.Skip("set OSSUPLOAD_SOAK=2m (make soak) to run the hostile-load soak")
	}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	cfg, err := FromFlags([]string{"-addr", "127.0.0.1:0", "-oss-addr", "127.0.0.1:0", "-sts-addr", "127.0.0.1:0", "-data", t.TempDir(), "-web", t.TempDir()})
	require.NoError(t, err)
	a, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	defer a.Shutdown(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	var wg sync.WaitGroup
	var slowConns, stalled, churn, churnRefused, uploads, healthOK, healthFail atomic.Int64
	var heapPeak atomic.Uint64
	var errs sync.Map
	run := func(n int, f func(i int)) {
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					f(i)
				}
			}()
		}
	}
	ossHost := strings.TrimPrefix(a.Cloud.OSSURL, "http://")

	// Slow bodies: a bad signature, Content-Length 1000, 2 bytes, from 127.0.0.2.
	run(64, func(int) {
		dl := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
		c, err := dl.DialContext(ctx, "tcp", ossHost)
		if err != nil {
			time.Sleep(100 * time.Millisecond)
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(time.Minute))
		fmt.Fprintf(c, "PUT /demo/uploads/x/k HTTP/1.1\r\nHost: oss\r\nAuthorization: OSS LTAIlocalroot0000000:AAAA\r\nDate: %s\r\nContent-Length: 1000\r\n\r\nab",
			time.Now().UTC().Format(http.TimeFormat))
		http.ReadResponse(bufio.NewReader(c), nil)
		slowConns.Add(1)
	})
	// Stalled uploads: signed UploadPart bodies that stop after 1 MiB, from 127.0.0.3.
	stallClient := clientFrom("127.0.0.3", nil)
	stallSTS := clientFrom("127.0.0.3", nil)
	run(32, func(i int) {
		r, code, err := stsFrom(stallSTS, a.URL) // a new identity each time, as an attacker would
		if err != nil || code != 200 {
			time.Sleep(time.Second)
			return
		}
		b, _ := sdkBucket(r, stallClient)
		imur, err := b.InitiateMultipartUpload(r.Prefix + "stall")
		if err != nil {
			return
		}
		b.UploadPart(imur, &stallReader{n: 1 << 20, release: release}, 4<<20, 1)
		stalled.Add(1)
	})
	// Cookie churn: /api/sts with no cookie, as fast as refusals come, from 127.0.0.4.
	churnClient := clientFrom("127.0.0.4", nil)
	run(4, func(int) {
		_, code, err := stsFrom(churnClient, a.URL)
		churn.Add(1)
		if err == nil && code != 200 {
			churnRefused.Add(1)
		}
	})
	// Health from 127.0.0.5, and memory.
	healthClient := clientFrom("127.0.0.5", nil)
	run(1, func(int) {
		resp, err := healthClient.Get(a.URL + "/healthz")
		if err == nil && resp.StatusCode == 200 {
			healthOK.Add(1)
			resp.Body.Close()
		} else {
			healthFail.Add(1)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > heapPeak.Load() {
			heapPeak.Store(ms.HeapInuse)
		}
		time.Sleep(500 * time.Millisecond)
	})
	// Honest uploads from 127.0.0.1: 3 parts of 1 MiB, checked byte-exact.
	// Each honest worker is one browser: it keeps its identity cookie.
	honest := clientFrom("127.0.0.1", nil)
	var browsers []*http.Client
	for range 4 {
		jar, _ := cookiejar.New(nil)
		browsers = append(browsers, clientFrom("127.0.0.1", jar))
	}
	run(4, func(i int) {
		r, code, err := stsFrom(browsers[i], a.URL)
		if err != nil || code != 200 {
			errs.Store(fmt.Sprintf("sts %d %v", code, err), true)
			return
		}
		b, _ := sdkBucket(r, honest)
		data := make([]byte, 3<<20-rand.Intn(1000))
		rand.Read(data)
		key := fmt.Sprintf("%shonest-%d-%d", r.Prefix, i, uploads.Load())
		imur, err := b.InitiateMultipartUpload(key)
		if err != nil {
			errs.Store("initiate: "+err.Error(), true)
			return
		}
		var parts []oss.UploadPart
		for n, off := 1, 0; off < len(data); n, off = n+1, off+1<<20 {
			chunk := data[off:min(off+1<<20, len(data))]
			p, err := b.UploadPart(imur, bytes.NewReader(chunk), int64(len(chunk)), n)
			if err != nil {
				errs.Store("part: "+err.Error(), true)
				return
			}
			parts = append(parts, p)
		}
		if _, err := b.CompleteMultipartUpload(imur, parts); err != nil {
			errs.Store("complete: "+err.Error(), true)
			return
		}
		rc, err := b.GetObject(key)
		if err != nil {
			errs.Store("get: "+err.Error(), true)
			return
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if md5.Sum(got) != md5.Sum(data) {
			errs.Store("an object is not the file: "+key, true)
			return
		}
		uploads.Add(1)
	})
	wg.Wait()
	t.Logf("soak %v: %d honest uploads byte-exact; %d slow-body connections answered; %d stalled uploads cut; %d cookie-churn requests (%d refused); /healthz %d ok, %d failed; heap in use peak %d MiB",
		d, uploads.Load(), slowConns.Load(), stalled.Load(), churn.Load(), churnRefused.Load(), healthOK.Load(), healthFail.Load(), heapPeak.Load()>>20)
	errs.Range(func(k, _ any) bool { t.Errorf("honest upload failed: %v", k); return true })
	assert.Positive(t, uploads.Load())
	assert.Zero(t, healthFail.Load(), "health kept answering")
	assert.Positive(t, churnRefused.Load(), "cookie churn was limited")
	assert.Less(t, heapPeak.Load(), uint64(512<<20), "memory stayed bounded")
}
