// Package idleconns lets a server shut down without waiting on connections
// that never carried a request. http.Server.Shutdown waits up to 5 seconds
// for such connections (browsers preconnect, transports dial spares); they
// have nothing in flight, so they can be closed at once.
package idleconns

import (
	"net"
	"net/http"
	"sync"
)

// Tracker records connections that have not yet carried a request.
type Tracker struct {
	mu sync.Mutex
	m  map[net.Conn]struct{}
}

// Track is an http.Server.ConnState hook.
func (n *Tracker) Track(c net.Conn, s http.ConnState) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.m == nil {
		n.m = map[net.Conn]struct{}{}
	}
	if s == http.StateNew {
		n.m[c] = struct{}{}
	} else {
		delete(n.m, c)
	}
}

// CloseAll closes every connection still waiting for its first request.
func (n *Tracker) CloseAll() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for c := range n.m {
		c.Close()
	}
	clear(n.m)
}
