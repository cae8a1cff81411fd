package outbound

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
)

// maxLocalAnswer bounds an answer served in process.
const maxLocalAnswer = 64 << 20

// Local serves, in process, the requests for a path prefix of this
// server's own listening addresses: the built-in sandbox bank at
// http://<listen address>/sandbox/…. Such a request never reaches the
// network, so the address rule does not apply to it, and it reaches the
// given handler only — never the rest of the server. Until Listening is
// called, nothing is local.
type Local struct {
	prefix  string // "/sandbox/"
	handler http.Handler

	mu    sync.RWMutex
	addrs []netip.AddrPort
}

// NewLocal serves http://<listen address><prefix>… with h, which sees the
// request as the server would (path, Host, RequestURI).
func NewLocal(prefix string, h http.Handler) *Local {
	return &Local{prefix: prefix, handler: h}
}

// Listening records an address the server listens on ("127.0.0.1:8080").
func (l *Local) Listening(addr string) error {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return fmt.Errorf("outbound: listen address %q: %w", addr, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.addrs = append(l.addrs, netip.AddrPortFrom(ap.Addr().Unmap().WithZone(""), ap.Port()))
	return nil
}

// Serves reports whether u is served in process: plain http (the server
// speaks nothing else), to one of the listening addresses — the address
// itself; a loopback address or "localhost" when the server listens on a
// loopback or every address — and a path under the prefix.
func (l *Local) Serves(u *url.URL) bool {
	if l == nil || u == nil || u.Scheme != "http" {
		return false
	}
	if !strings.HasPrefix(path.Clean("/"+u.Path)+"/", l.prefix) {
		return false
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	host := strings.ToLower(u.Hostname())
	ip, err := netip.ParseAddr(host)
	ip = ip.Unmap().WithZone("")
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, a := range l.addrs {
		if strconv.Itoa(int(a.Port())) != port {
			continue
		}
		anyOrLoopback := a.Addr().IsUnspecified() || a.Addr().IsLoopback()
		switch {
		case err == nil && ip == a.Addr(),
			err == nil && a.Addr().IsUnspecified() && ip.IsLoopback(),
			err != nil && host == "localhost" && anyOrLoopback:
			return true
		}
	}
	return false
}

// RoundTrip serves req with the handler and returns its answer.
func (l *Local) RoundTrip(req *http.Request) (res *http.Response, err error) {
	in := req.Clone(req.Context())
	in.URL = &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	in.RequestURI = req.URL.RequestURI()
	in.Host = req.URL.Host
	in.RemoteAddr = "127.0.0.1:0" // the server itself
	in.Proto, in.ProtoMajor, in.ProtoMinor = "HTTP/1.1", 1, 1
	if in.Body == nil {
		in.Body = http.NoBody
	}
	if u := req.URL.User; u != nil && in.Header.Get("Authorization") == "" {
		pass, _ := u.Password()
		in.SetBasicAuth(u.Username(), pass) // as http.Transport does
	}
	defer in.Body.Close()
	w := &answer{header: http.Header{}}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("outbound: the in-process handler failed: %v", r)
		}
	}()
	l.handler.ServeHTTP(w, in)
	if w.err != nil {
		return nil, w.err
	}
	code := w.code
	if code == 0 {
		code = http.StatusOK
	}
	return &http.Response{
		Status: fmt.Sprintf("%d %s", code, http.StatusText(code)), StatusCode: code,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: w.sentHeader(), Body: io.NopCloser(bytes.NewReader(w.body.Bytes())), ContentLength: int64(w.body.Len()),
		Request: req,
	}, nil
}

// answer is the ResponseWriter of an in-process request.
type answer struct {
	header http.Header // as the handler changes it
	sent   http.Header // as it was when the status was written
	code   int
	body   bytes.Buffer
	err    error
}

func (a *answer) Header() http.Header { return a.header }

func (a *answer) WriteHeader(code int) {
	if a.code == 0 {
		a.code = code
		a.sent = a.header.Clone()
	}
}

func (a *answer) sentHeader() http.Header {
	if a.sent == nil {
		return a.header
	}
	return a.sent
}

func (a *answer) Write(p []byte) (int, error) {
	a.WriteHeader(http.StatusOK)
	if a.body.Len()+len(p) > maxLocalAnswer {
		a.err = errors.New("outbound: the in-process answer is too large")
		return 0, a.err
	}
	return a.body.Write(p)
}
