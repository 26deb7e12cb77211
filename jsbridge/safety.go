//go:build js && wasm

package jsbridge

import (
	"context"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/checkpoint/broadcast"
	"github.com/ossupload/ossupload/checkpoint/idbstore"
	"github.com/ossupload/ossupload/checkpoint/weblock"
	"github.com/ossupload/ossupload/wasm/upload"
)

// newUploader builds the client's engine: one writer per upload across tabs
// (Web Locks), aborts heard from other clients and tabs (BroadcastChannel),
// journals scoped to the identity, warnings on the console. It also starts
// the stale sweep, at most once an hour per origin.
func (c *Client) newUploader() *upload.Uploader {
	up := upload.New(c.api, c.store, upload.Config{Hasher: PoolHasher{}, Locks: weblock.New(), Bus: broadcast.Shared(),
		Scope: c.journalScope(), Warn: consoleWarn})
	go sweepThrottled(up)
	return up
}

func consoleWarn(msg string) { js.Global().Get("console").Call("warn", "ossupload: "+msg) }

// journalScope names the identity journals belong to: the bucket and
// prefix /api/sts gave, else the caller's journalScope option, else the
// access key (static credentials) or the bucket (refreshSTSToken, whose keys
// change at every refresh).
func (c *Client) journalScope() string {
	if s := c.creds.Scope(); s != "" {
		return "sts:" + c.endpoint + "/" + s
	}
	if s := optString(c.opts, "journalScope"); s != "" {
		return "app:" + s
	}
	if c.opts.Get("refreshSTSToken").Type() != js.TypeFunction {
		return "ak:" + optString(c.opts, "accessKeyId") + "@" + c.endpoint + "/" + c.bucket
	}
	return "refresh:" + c.endpoint + "/" + c.bucket
}

// sweepEvery throttles the stale sweep across clients and reloads.
const sweepEvery = time.Hour

var (
	sweepMu   sync.Mutex
	lastSweep time.Time // where there is no localStorage (a Worker)
)

// sweepThrottled aborts this identity's uploads idle for upload.StaleAfter,
// unless a sweep ran within sweepEvery (remembered in localStorage where
// there is one, so reloads do not sweep each time).
func sweepThrottled(up *upload.Uploader) {
	sweepMu.Lock()
	defer sweepMu.Unlock()
	const key = "ossupload:lastSweep"
	ls := js.Global().Get("localStorage")
	hasLS := ls.Type() == js.TypeObject
	if hasLS {
		if v := ls.Call("getItem", key); v.Type() == js.TypeString {
			if ms, err := strconv.ParseInt(v.String(), 10, 64); err == nil && time.Since(time.UnixMilli(ms)) < sweepEvery {
				return
			}
		}
		ls.Call("setItem", key, strconv.FormatInt(time.Now().UnixMilli(), 10))
	} else {
		if time.Since(lastSweep) < sweepEvery {
			return
		}
		lastSweep = time.Now()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if n, err := up.Sweep(ctx); err == nil && n > 0 {
		consoleWarn("aborted " + strconv.Itoa(n) + " upload(s) idle for more than 7 days")
	}
}

// resumable lists this identity's unfinished uploads for resumableUploads():
// entries another tab is uploading now are marked live and elsewhere, so a
// page offers neither Resume nor Discard for them.
func (c *Client) resumable(ctx context.Context) ([]any, error) {
	pend, err := c.up.Pending(ctx)
	if err != nil {
		return nil, err
	}
	out := []any{}
	now := time.Now()
	for _, p := range pend {
		v := checkpointValue(p.Record, js.Null())
		v["ageMs"] = float64(now.Sub(p.Updated).Milliseconds())
		v["live"] = p.Live
		v["elsewhere"] = p.Live && !p.Here
		if st, ok := c.store.(*idbstore.Store); ok {
			if h, err := st.Handle(ctx, p.ID); err == nil && h.Type() == js.TypeObject {
				v["handle"] = h
			}
		}
		out = append(out, v)
	}
	return out, nil
}

func stringsValue(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
