//go:build !js

// Command scale measures the app server under load (make bench): N
// concurrent uploaders using the official Go SDK (aliyun-oss-go-sdk) against
// the embedded OSS, each with its own caller identity and STS credentials,
// and /api/sts under many distinct callers. It runs the real server binary
// as a separate process and samples its resident memory from /proc, so the
// figures are the server's alone. Results go to the scale section of
// docs/benchmarks.md.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
)

type config struct {
	server               string
	uploaders, sizeMiB   int
	partMiB              int
	callers, concurrency int
	doc                  string
}

func main() {
	var c config
	flag.StringVar(&c.server, "server", "", "the server binary (default: go build ./server)")
	flag.IntVar(&c.uploaders, "uploaders", 50, "concurrent SDK uploaders")
	flag.IntVar(&c.sizeMiB, "size-mib", 256, "MiB each uploader sends")
	flag.IntVar(&c.partMiB, "part-mib", 8, "part size, MiB (one part in flight per uploader)")
	flag.IntVar(&c.callers, "callers", 1000, "distinct /api/sts callers")
	flag.IntVar(&c.concurrency, "concurrency", 50, "/api/sts requests in flight")
	flag.StringVar(&c.doc, "doc", "docs/benchmarks.md", "document whose scale section is replaced ('' = print only)")
	flag.Parse()
	if err := run(c); err != nil {
		log.Fatal("scale: ", err)
	}
}

// server is the running app server process with its memory sampler.
type server struct {
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	peak int64 // peak VmRSS since the last resetPeak, bytes
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func startServer(bin, data, web string) (*server, error) {
	var addrs []string
	for range 3 {
		a, err := freePort()
		if err != nil {
			return nil, err
		}
		addrs = append(addrs, a)
	}
	// Every request comes from 127.0.0.1, so the per-address limit (meant
	// for one client address) is lifted, as in the e2e tests.
	cmd := exec.Command(bin, "-addr", addrs[0], "-oss-addr", addrs[1], "-sts-addr", addrs[2], "-data", data, "-web", web,
		"-rate-per-addr", "1000000", "-rate-per-caller", "1000", "-new-identities-per-addr", "1000000")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd}
	re := regexp.MustCompile(`ossupload: open (http://\S+?)/?\n`)
	buf := make([]byte, 4096)
	var got []byte
	deadline := time.Now().Add(60 * time.Second)
	for s.url == "" {
		n, err := out.Read(buf)
		got = append(got, buf[:n]...)
		if m := re.FindSubmatch(got); m != nil {
			s.url = string(m[1])
		}
		if err != nil || time.Now().After(deadline) {
			cmd.Process.Kill()
			return nil, fmt.Errorf("server did not start: %s", got)
		}
	}
	go io.Copy(io.Discard, out)
	go s.sample()
	return s, nil
}

// rss reads the process's resident set size.
func (s *server) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func (s *server) sample() {
	for {
		r := s.rss()
		if r == 0 {
			return
		}
		s.mu.Lock()
		s.peak = max(s.peak, r)
		s.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *server) resetPeak() {
	s.mu.Lock()
	s.peak = s.rss()
	s.mu.Unlock()
}

func (s *server) peakRSS() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

type stsAnswer struct {
	AccessKeyID     string `json:"accessKeyId"`
	AccessKeySecret string `json:"accessKeySecret"`
	StsToken        string `json:"stsToken"`
	Region          string `json:"region"`
	Bucket          string `json:"bucket"`
	Endpoint        string `json:"endpoint"`
	Prefix          string `json:"prefix"`
}

// caller is one browser: its own cookie jar, hence its own identity.
func newCaller() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 60 * time.Second}
}

func (s *server) sts(c *http.Client) (stsAnswer, error) {
	var a stsAnswer
	resp, err := c.Post(s.url+"/api/sts", "", nil)
	if err != nil {
		return a, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return a, fmt.Errorf("/api/sts: %s %s", resp.Status, b)
	}
	return a, json.NewDecoder(resp.Body).Decode(&a)
}

type stsResult struct {
	requests                     int
	wall                         time.Duration
	p50, p99, max                time.Duration
	rssBefore, rssPeak, rssAfter int64
	errors                       int
}

// stsPhase sends each of n distinct callers' first request (an AssumeRole
// against the embedded STS) and then a second (a cache hit).
func stsPhase(s *server, n, conc int) stsResult {
	callers := make([]*http.Client, n)
	for i := range callers {
		callers[i] = newCaller()
	}
	r := stsResult{rssBefore: s.rss()}
	s.resetPeak()
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	t0 := time.Now()
	sem := make(chan struct{}, conc)
	for range 2 {
		var wg sync.WaitGroup
		for _, c := range callers {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				t := time.Now()
				if _, err := s.sts(c); err != nil {
					errs.Add(1)
					return
				}
				d := time.Since(t)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	r.wall = time.Since(t0)
	r.requests = 2 * n
	r.errors = int(errs.Load())
	slices.Sort(lat)
	if len(lat) > 0 {
		r.p50, r.p99, r.max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	}
	r.rssPeak = s.peakRSS()
	runtime.GC()
	time.Sleep(time.Second)
	r.rssAfter = s.rss()
	return r
}

type uploadResult struct {
	bytes                        int64
	wall                         time.Duration
	rssBefore, rssPeak, rssAfter int64
	errors                       []string
}

// pattern is the uploaders' data: 1 MiB of random bytes, repeated (the
// server hashes and stores every byte; it does not deduplicate).
var pattern = func() []byte {
	b := make([]byte, 1<<20)
	rand.New(rand.NewSource(7)).Read(b)
	return b
}()

type patternReader struct{ off, n int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.n <= 0 {
		return 0, io.EOF
	}
	k := copy(b[:min(int64(len(b)), p.n)], pattern[p.off%int64(len(pattern)):])
	p.off += int64(k)
	p.n -= int64(k)
	return k, nil
}

func uploadOne(s *server, i int, size, part int64) error {
	a, err := s.sts(newCaller())
	if err != nil {
		return err
	}
	cl, err := oss.New(a.Endpoint, a.AccessKeyID, a.AccessKeySecret, oss.SecurityToken(a.StsToken), oss.AuthVersion(oss.AuthV4),
		oss.Region(a.Region), oss.EnableCRC(false), oss.Timeout(30, 600), oss.ForcePathStyle(true)) // Go does not resolve <bucket>.localhost
	if err != nil {
		return err
	}
	bk, err := cl.Bucket(a.Bucket)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("%sscale-%d.bin", a.Prefix, i)
	imur, err := bk.InitiateMultipartUpload(key)
	if err != nil {
		return err
	}
	var parts []oss.UploadPart
	for n, off := 1, int64(0); off < size; n, off = n+1, off+part {
		k := min(part, size-off)
		p, err := bk.UploadPart(imur, &patternReader{off: off, n: k}, k, n)
		if err != nil {
			return fmt.Errorf("part %d: %w", n, err)
		}
		parts = append(parts, p)
	}
	if _, err := bk.CompleteMultipartUpload(imur, parts); err != nil {
		return err
	}
	return nil
}

func uploadPhase(s *server, n int, size, part int64) uploadResult {
	r := uploadResult{rssBefore: s.rss()}
	s.resetPeak()
	var mu sync.Mutex
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := uploadOne(s, i, size, part); err != nil {
				mu.Lock()
				r.errors = append(r.errors, err.Error())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.wall = time.Since(t0)
	r.bytes = int64(n-len(r.errors)) * size
	r.rssPeak = s.peakRSS()
	time.Sleep(time.Second)
	r.rssAfter = s.rss()
	return r
}

func run(c config) error {
	bin := c.server
	tmp, err := os.MkdirTemp("", "ossupload-scale-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin == "" {
		bin = filepath.Join(tmp, "server")
		if out, err := exec.Command("go", "build", "-o", bin, "./server").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./server: %v\n%s", err, out)
		}
	}
	web := filepath.Join(tmp, "web")
	if err := os.MkdirAll(web, 0o755); err != nil {
		return err
	}
	s, err := startServer(bin, filepath.Join(tmp, "data"), web)
	if err != nil {
		return err
	}
	defer func() {
		s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
		}
	}()
	idle := s.rss()
	fmt.Fprintf(os.Stderr, "scale: server idle RSS %.1f MiB; %d callers on /api/sts\n", mib(idle), c.callers)
	st := stsPhase(s, c.callers, c.concurrency)
	fmt.Fprintf(os.Stderr, "scale: /api/sts %d requests in %v (%d errors), RSS peak %.1f MiB\n", st.requests, st.wall, st.errors, mib(st.rssPeak))
	fmt.Fprintf(os.Stderr, "scale: %d uploaders x %d MiB\n", c.uploaders, c.sizeMiB)
	up := uploadPhase(s, c.uploaders, int64(c.sizeMiB)<<20, int64(c.partMiB)<<20)
	fmt.Fprintf(os.Stderr, "scale: %.1f MiB in %v = %.1f MB/s, RSS peak %.1f MiB, errors %d\n", mib(up.bytes), up.wall, float64(up.bytes)/1e6/up.wall.Seconds(), mib(up.rssPeak), len(up.errors))
	sec := section(c, idle, st, up)
	fmt.Println(sec)
	if c.doc == "" {
		return nil
	}
	return replaceSection(c.doc, "scale", sec)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func section(c config, idle int64, st stsResult, up uploadResult) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!-- scale:begin -->\n## Scale: the app server under load (bench/scale, %s)\n\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "The real server binary in its own process (local mode, embedded OSS and STS, data on local disk); its resident memory\n")
	fmt.Fprintf(&b, "(VmRSS from /proc, sampled every 50 ms) is the server's alone. Clients are Go programs on the same %d-core machine,\n", runtime.NumCPU())
	fmt.Fprintf(&b, "shared with other work, so rates are noisy. Server idle: %.1f MiB RSS.\n\n", mib(idle))
	fmt.Fprintf(&b, "| measure | value |\n|---|---|\n")
	fmt.Fprintf(&b, "| /api/sts: %d distinct callers (own cookie each), 2 requests each (AssumeRole, then cache hit), %d in flight | %d requests in %.2f s = %.0f req/s; %d errors |\n",
		c.callers, c.concurrency, st.requests, st.wall.Seconds(), float64(st.requests)/st.wall.Seconds(), st.errors)
	fmt.Fprintf(&b, "| /api/sts latency p50 / p99 / max | %.1f / %.1f / %.1f ms |\n", ms(st.p50), ms(st.p99), ms(st.max))
	fmt.Fprintf(&b, "| server RSS before / peak / after (GC) the /api/sts phase | %.1f / %.1f / %.1f MiB |\n", mib(st.rssBefore), mib(st.rssPeak), mib(st.rssAfter))
	fmt.Fprintf(&b, "| %d concurrent Go SDK uploaders x %d MiB (each: own caller and STS credentials, %d MiB parts one at a time, V4) | %.0f MiB committed in %.1f s = **%.0f MB/s** ingest; %d failed |\n",
		c.uploaders, c.sizeMiB, c.partMiB, mib(up.bytes), up.wall.Seconds(), float64(up.bytes)/1e6/up.wall.Seconds(), len(up.errors))
	fmt.Fprintf(&b, "| server RSS before / peak / after the upload phase | %.1f / %.1f / %.1f MiB |\n", mib(up.rssBefore), mib(up.rssPeak), mib(up.rssAfter))
	if len(up.errors) > 0 {
		fmt.Fprintf(&b, "\nUpload errors (first): `%s`\n", up.errors[0])
	}
	b.WriteString("\nMemory is bounded by design: the embedded OSS streams each part body through at most 8 pooled chunks of 256 KiB\n")
	b.WriteString("(file write, MD5 for the ETag and CRC-64 side by side; server/osslocal/ingest.go), so a part in flight costs at\n")
	b.WriteString("most 2 MiB whatever its size. The /api/sts broker keeps one small credential-cache entry and one limiter per\n")
	b.WriteString("caller: the cache holds at most 200,000 entries and evicts the oldest (an evicted caller costs one more\n")
	b.WriteString("AssumeRole); the limiter tables are swept when idle and capped at 200,000 (full: 503 ServerBusy).\n")
	b.WriteString("<!-- scale:end -->")
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// replaceSection swaps the <!-- name:begin --> ... <!-- name:end --> block of
// path for sec, or appends sec.
func replaceSection(path, name, sec string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	re := regexp.MustCompile(`(?s)<!-- ` + name + `:begin -->.*?<!-- ` + name + `:end -->`)
	var doc string
	if re.Match(old) {
		doc = re.ReplaceAllLiteralString(string(old), sec)
	} else {
		doc = strings.TrimRight(string(old), "\n") + "\n\n" + sec + "\n"
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}
