package broker

import "net/http"

// PageIdentity sets the identity cookie on one of the page's own responses
// (its HTML, its module) when the browser has none, so the identity is fixed
// from the first byte: clients the page starts together then call /api/sts
// with one cookie instead of each minting an identity. It counts against the
// same per-address limit on new identities as /api/sts; over the limit the
// page is served without a cookie and /api/sts decides. Authentications
// that do not mint (bearer tokens, proxy headers) are left alone.
func (b *Broker) PageIdentity(w http.ResponseWriter, r *http.Request) {
	m, ok := b.cfg.Auth.(Minter)
	if !ok || !m.WouldMint(r) {
		return
	}
	now := b.cfg.Now()
	addr := b.clientAddr(r)
	b.mu.Lock()
	b.sweep(now)
	mintOK, _ := b.limit(b.mints, addr, b.cfg.NewIdentitiesPerAddr/60, int(3*b.cfg.NewIdentitiesPerAddr)+1, now)
	b.mu.Unlock()
	if mintOK {
		_, _ = b.cfg.Auth.Authenticate(w, r)
	}
}
