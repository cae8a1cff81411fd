package app

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/centavo/centavo/internal/auth"
)

// clientAddr is the address of the client of r: the connection's remote
// address, unless that is one of the trusted reverse proxies; then the
// rightmost X-Forwarded-For entry that is not a trusted proxy (the proxies
// append, so entries to its left are the client's to forge). The zero Addr
// when it cannot be told.
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	remote := remoteAddr(r)
	if !remote.IsValid() || !inPrefixes(remote, trusted) {
		return remote
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := remote
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: trust nothing left of it
		}
		client = a.Unmap()
		if !inPrefixes(client, trusted) {
			break
		}
	}
	return client
}

// remoteAddr is the connection's peer address.
func remoteAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(r.RemoteAddr)
	return a.Unmap()
}

func inPrefixes(a netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// withClient puts the request's client address in its context, where
// sign-in and sign-up throttle by it (auth.WithClient).
func withClient(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := clientAddr(r, trusted); a.IsValid() {
			r = r.WithContext(auth.WithClient(r.Context(), a))
		}
		next.ServeHTTP(w, r)
	})
}
