package localcloud

import (
	"net"
	"net/http"
	"sync"
)

// newConns tracks connections that have not yet carried a request.
// http.Server.Shutdown waits up to 5 seconds for such connections (browsers
// preconnect, transports dial spares); they have nothing in flight, so
// shutdown closes them at once instead.
type newConns struct {
	mu sync.Mutex
	m  map[net.Conn]struct{}
}

func (n *newConns) track(c net.Conn, s http.ConnState) {
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

func (n *newConns) closeAll() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for c := range n.m {
		c.Close()
	}
	clear(n.m)
}
