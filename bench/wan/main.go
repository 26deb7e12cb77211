//go:build !js

// Command wan is the WAN link of the benchmark (bench/wan.mjs): an embedded
// Toxiproxy (github.com/Shopify/toxiproxy/v2, pinned in go.mod) for latency,
// per-connection bandwidth and connection resets, behind a shared link cap
// of our own, because Toxiproxy's bandwidth toxic limits each connection
// separately and a browser opens several.
//
//	browser → [link: shared token buckets] → [toxiproxy: latency, bandwidth, reset_peer] → embedded OSS
//
// The link cap limits the TCP payload bytes of all connections together,
// separately per direction (client→server and server→client), each at the
// profile's rate; TCP/IP headers and the loopback's own cost are not
// counted. It prints "wan: listen <addr> control <url>" and takes
// POST /profile and GET /stats on the control URL.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"golang.org/x/time/rate"
)

// Profile is one network condition.
type Profile struct {
	RTTMillis    int     `json:"rttMs"`        // added round trip, split evenly between directions
	RateBits     int64   `json:"rateBitsPerS"` // link capacity per direction (0: unlimited)
	ResetPercent float64 `json:"resetPct"`     // share of connections Toxiproxy resets
	ResetAfterMS int     `json:"resetAfterMs"` // a reset connection dies this long after its next client bytes
	// ResetEveryMS re-draws the reset for every open connection this often
	// (0: once, when the connection opens). Browsers keep a handful of
	// connections open for a whole upload, so a draw per connection alone
	// would almost never reset anything; re-applying the toxic makes
	// Toxiproxy draw again for each live connection.
	ResetEveryMS int `json:"resetEveryMs"`
}

// Stats counts what crossed the link since the last profile change.
type Stats struct {
	Conns     int64 `json:"conns"`
	Resets    int64 `json:"resets"` // connections that ended with an error (a Toxiproxy reset)
	BytesUp   int64 `json:"bytesUp"`
	BytesDown int64 `json:"bytesDown"`
}

// burst is the token bucket depth: about one TCP send buffer's worth, so the
// cap smooths at the scale of a few milliseconds at 100 Mbit/s.
const burst = 64 << 10

type link struct {
	up, down                          *rate.Limiter
	conns, resets, bytesUp, bytesDown atomic.Int64
}

func main() {
	upstream := flag.String("upstream", "", "host:port of the embedded OSS")
	listen := flag.String("listen", "127.0.0.1:0", "where browsers connect")
	flag.Parse()
	if *upstream == "" {
		log.Fatal("wan: -upstream is required")
	}
	// Toxics log through zerolog's global logger, at trace level.
	zerolog.SetGlobalLevel(zerolog.Disabled)
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	tp := toxiproxy.NewProxy(srv, "oss", "127.0.0.1:0", *upstream)
	if err := tp.Start(); err != nil {
		log.Fatal(err)
	}
	l := &link{up: rate.NewLimiter(rate.Inf, burst), down: rate.NewLimiter(rate.Inf, burst)}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	go l.serve(ln, tp.Listen)
	ctl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	var stopReroll func()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /profile", func(w http.ResponseWriter, r *http.Request) {
		var p Profile
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if stopReroll != nil {
			stopReroll()
			stopReroll = nil
		}
		if err := apply(tp, l, p); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if p.ResetPercent > 0 && p.ResetEveryMS > 0 {
			stopReroll = reroll(tp, p)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(Stats{Conns: l.conns.Load(), Resets: l.resets.Load(), BytesUp: l.bytesUp.Load(), BytesDown: l.bytesDown.Load()})
	})
	fmt.Printf("wan: listen %s control http://%s\n", ln.Addr(), ctl.Addr())
	if err := http.Serve(ctl, mux); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// apply replaces Toxiproxy's toxics and the link's rates with p's and
// zeroes the counters. Connections already open keep the toxics they had.
func apply(tp *toxiproxy.Proxy, l *link, p Profile) error {
	tp.Toxics.ResetToxics(context.Background())
	add := func(js string) error {
		_, err := tp.Toxics.AddToxicJson(strings.NewReader(js))
		return err
	}
	var errs []error
	if p.RTTMillis > 0 {
		for _, s := range []string{"upstream", "downstream"} {
			errs = append(errs, add(fmt.Sprintf(`{"name":"latency_%s","type":"latency","stream":%q,"attributes":{"latency":%d}}`, s, s, p.RTTMillis/2)))
		}
	}
	lim := rate.Inf
	if p.RateBits > 0 {
		// Toxiproxy's own cap, per connection, in KB (1000 bytes) per second.
		for _, s := range []string{"upstream", "downstream"} {
			errs = append(errs, add(fmt.Sprintf(`{"name":"bandwidth_%s","type":"bandwidth","stream":%q,"attributes":{"rate":%d}}`, s, s, p.RateBits/8/1000)))
		}
		lim = rate.Limit(float64(p.RateBits) / 8)
	}
	if p.ResetPercent > 0 {
		errs = append(errs, add(fmt.Sprintf(`{"name":"reset","type":"reset_peer","stream":"upstream","toxicity":%g,"attributes":{"timeout":%d}}`, p.ResetPercent/100, p.ResetAfterMS)))
	}
	l.up.SetLimit(lim)
	l.down.SetLimit(lim)
	l.conns.Store(0)
	l.resets.Store(0)
	l.bytesUp.Store(0)
	l.bytesDown.Store(0)
	return errors.Join(errs...)
}

// reroll re-applies the reset toxic every p.ResetEveryMS, so Toxiproxy
// draws again (toxicity) for every open connection; it returns a stop func.
func reroll(tp *toxiproxy.Proxy, p Profile) func() {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Duration(p.ResetEveryMS) * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				_, _ = tp.Toxics.UpdateToxicJson("reset", strings.NewReader(fmt.Sprintf(`{"toxicity":%g,"attributes":{"timeout":%d}}`, p.ResetPercent/100, p.ResetAfterMS)))
			}
		}
	}()
	return func() { close(stop); <-done }
}

func (l *link) serve(ln net.Listener, to string) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		l.conns.Add(1)
		go l.pipe(c, to)
	}
}

// pipe carries one connection both ways through the shared buckets; an
// error other than a clean close on either side resets the other.
func (l *link) pipe(c net.Conn, to string) {
	u, err := net.Dial("tcp", to)
	if err != nil {
		c.Close()
		return
	}
	var once sync.Once
	done := make(chan struct{}, 2)
	kill := func(err error) {
		once.Do(func() {
			if err != nil {
				l.resets.Add(1)
				// Pass the reset on to the browser as a reset, not a clean end.
				if tc, ok := c.(*net.TCPConn); ok {
					_ = tc.SetLinger(0)
				}
			}
			c.Close()
			u.Close()
		})
	}
	go func() { kill(shape(u, c, l.up, &l.bytesUp)); done <- struct{}{} }()
	go func() { kill(shape(c, u, l.down, &l.bytesDown)); done <- struct{}{} }()
	<-done
	<-done
}

// shape copies src to dst, taking each chunk's bytes from the bucket first.
// It returns nil at a clean end of src, else the error that ended it.
func shape(dst io.Writer, src io.Reader, lim *rate.Limiter, n *atomic.Int64) error {
	buf := make([]byte, 16<<10)
	for {
		k, err := src.Read(buf)
		if k > 0 {
			if werr := lim.WaitN(context.Background(), k); werr != nil {
				return werr
			}
			if _, werr := dst.Write(buf[:k]); werr != nil {
				return werr
			}
			n.Add(int64(k))
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
	}
}
