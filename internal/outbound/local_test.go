package outbound

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLocalServes(t *testing.T) {
	t.Parallel()
	var none *Local
	if none.Serves(mustURL(t, "http://127.0.0.1:8080/sandbox/ofx")) {
		t.Error("a nil Local serves")
	}
	l := NewLocal("/sandbox/", http.NotFoundHandler())
	if l.Serves(mustURL(t, "http://127.0.0.1:8080/sandbox/ofx")) {
		t.Error("served before Listening")
	}
	if err := l.Listening("127.0.0.1:8080"); err != nil {
		t.Fatal(err)
	}
	if err := l.Listening("[::]:9000"); err != nil {
		t.Fatal(err)
	}
	if err := l.Listening("not an address"); err == nil {
		t.Error("a bad listen address accepted")
	}
	for u, want := range map[string]bool{
		"http://127.0.0.1:8080/sandbox/ofx":                       true,
		"http://localhost:8080/sandbox/simplefin/claim/x":         true,
		"http://127.0.0.1:8080/sandbox/":                          true,
		"http://127.0.0.1:8080/sandbox/../api/v1/me":              false, // the path is cleaned first
		"http://127.0.0.1:8080/api/v1/me":                         false,
		"http://127.0.0.1:8080/sandboxes/x":                       false,
		"https://127.0.0.1:8080/sandbox/ofx":                      false, // serve speaks plain http
		"http://127.0.0.1:8081/sandbox/ofx":                       false,
		"http://127.0.0.2:8080/sandbox/ofx":                       false,
		"http://[::1]:8080/sandbox/ofx":                           false,
		"http://10.0.0.1:8080/sandbox/ofx":                        false,
		"http://127.0.0.1:9000/sandbox/ofx":                       true, // listening on every address
		"http://[::1]:9000/sandbox/ofx":                           true,
		"http://localhost:9000/sandbox/ofx":                       true,
		"http://192.168.1.2:9000/sandbox/ofx":                     false, // maybe us, but not known to be
		"http://bank.example:8080/sandbox/ofx":                    false,
		"http://127.0.0.1/sandbox/ofx":                            false, // port 80
		"http://demo-1:secret-1@127.0.0.1:8080/sandbox/simplefin": true,
	} {
		if got := l.Serves(mustURL(t, u)); got != want {
			t.Errorf("Serves(%s) = %v, want %v", u, got, want)
		}
	}
}

// TestLocalRoundTrip: under the production policy, a request to the
// server's own sandbox is served in process — nothing listens at the
// address — and the handler sees it as the server would.
func TestLocalRoundTrip(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		user, pass, _ := r.BasicAuth()
		w.Header().Set("X-Seen", fmt.Sprintf("%s %s %s %s %s:%s %s", r.Method, r.Host, r.RequestURI, r.URL.Path, user, pass, b))
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-Late", "ignored") // after the status, as on a real server
		io.WriteString(w, "sandbox answer")
	})
	l := NewLocal("/sandbox/", h)
	if err := l.Listening("127.0.0.1:1"); err != nil {
		t.Fatal(err)
	}
	p := Banks(false, l)
	u := "http://demo-1:secret-1@127.0.0.1:1/sandbox/ofx?x=1"
	if err := p.CheckURL(mustURL(t, u)); err != nil {
		t.Fatalf("the local sandbox refused by the URL check: %v", err)
	}
	res, err := p.Client(5*time.Second).Post(u, "application/x-ofx", strings.NewReader("OFXBODY"))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	want := "POST 127.0.0.1:1 /sandbox/ofx?x=1 /sandbox/ofx demo-1:secret-1 OFXBODY"
	if res.StatusCode != 201 || string(b) != "sandbox answer" || res.Header.Get("X-Seen") != want || res.Header.Get("X-Late") != "" {
		t.Fatalf("%d %q %q", res.StatusCode, b, res.Header)
	}
	// Another path on the same address is not local: refused as loopback.
	if _, err := p.Client(5 * time.Second).Get("http://127.0.0.1:1/api/v1/me"); err == nil {
		t.Fatal("a non-sandbox path of the server's address was allowed")
	}
}

func TestLocalPanic(t *testing.T) {
	t.Parallel()
	l := NewLocal("/", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	if err := l.Listening("127.0.0.1:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := Banks(false, l).Client(5 * time.Second).Get("http://127.0.0.1:1/x"); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("a panicking handler: %v", err)
	}
}
