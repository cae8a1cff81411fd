package simplefin

import (
	"context"
	"encoding/base64"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/outbound"
	"github.com/centavo/centavo/internal/sandbox"
)

var now = time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)

// secrets collects every error of a test and checks at the end that none
// holds a setup token, a claim path or an access URL's user or password.
type secrets struct {
	t      *testing.T
	mu     sync.Mutex
	words  []string
	errors []error
}

func newSecrets(t *testing.T) *secrets {
	s := &secrets{t: t}
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, err := range s.errors {
			for _, w := range s.words {
				if w != "" && strings.Contains(err.Error(), w) {
					t.Errorf("error %q leaks the secret %q", err, w)
				}
			}
		}
	})
	return s
}

func (s *secrets) add(words ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.words = append(s.words, words...)
}

// check records err and returns its kind (0 for nil).
func (s *secrets) check(err error) connector.Kind {
	if err == nil {
		return 0
	}
	s.mu.Lock()
	s.errors = append(s.errors, err)
	s.mu.Unlock()
	return connector.KindOf(err)
}

func (s *secrets) addAccess(access string) {
	u, err := url.Parse(access)
	if err != nil || u.User == nil {
		s.t.Fatalf("bad access URL")
	}
	pass, _ := u.User.Password()
	s.add(u.User.Username(), pass, access)
}

func setup(t *testing.T) string {
	t.Helper()
	bank := sandbox.NewBank(func() time.Time { return now }, nil)
	bank.SlowDelay = 2 * time.Second
	srv := httptest.NewServer(bank.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// client reaches the tests' bridges on loopback: private banks allowed.
func client() *Client {
	return New(5*time.Second, func() time.Time { return now }, outbound.Banks(true, nil))
}

// strictClient keeps to the production policy; h answers, in process, at
// the returned base URL (the way serve reaches its own sandbox bank).
func strictClient(h http.Handler) (*Client, string) {
	local := outbound.NewLocal("/", h)
	if err := local.Listening("127.0.0.1:9"); err != nil {
		panic(err)
	}
	return New(5*time.Second, func() time.Time { return now }, outbound.Banks(false, local)), "http://127.0.0.1:9"
}

// setupToken asks the sandbox bank for a setup token.
func setupToken(t *testing.T, s *secrets, bank, login string) string {
	t.Helper()
	cust, _ := sandbox.ParseLogin(login)
	res, err := http.Get(bank + "/simplefin/setup-token?login=" + login + "&password=" + cust.Password())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("setup token: %d %s", res.StatusCode, b)
	}
	claim, _ := base64.StdEncoding.DecodeString(string(b))
	s.add(string(b), string(claim), string(claim[strings.LastIndexByte(string(claim), '/')+1:]))
	return string(b)
}

// link claims a token for login and returns the credentials and the
// institution to discover with.
func link(t *testing.T, s *secrets, bank, login string) (centavo.Credentials, centavo.Institution) {
	t.Helper()
	c := client()
	access, err := c.Claim(context.Background(), setupToken(t, s, bank, login))
	if s.check(err) != 0 {
		t.Fatal(err)
	}
	s.addAccess(access)
	base, err := BaseURL(access)
	if err != nil {
		t.Fatal(err)
	}
	if base != bank+"/simplefin" {
		t.Fatalf("base URL %q", base)
	}
	return centavo.Credentials{Password: access}, centavo.Institution{URL: base}
}

func TestClaimDiscoverFetch(t *testing.T) {
	t.Parallel()
	s := newSecrets(t)
	bank := setup(t)
	creds, inst := link(t, s, bank, "demo-4")
	c := client()
	found, err := c.Discover(context.Background(), inst, creds)
	if s.check(err) != 0 {
		t.Fatal(err)
	}
	cust, _ := sandbox.ParseLogin("demo-4")
	if len(found) != 2 || found[0].Type != "checking" || found[1].Type != "credit_card" {
		t.Fatalf("discovered %+v", found)
	}
	since := now.AddDate(0, -2, 0)
	for i, d := range found {
		want := cust.Accounts()[i]
		di := d.Institution
		if d.Name != want.Name || d.Currency != "USD" || di.AccountID != want.ID || di.AccountType != AccountType ||
			di.URL != bank+"/simplefin" || di.Org == "" || strings.Contains(di.URL, "@") {
			t.Fatalf("discovered %+v, want %+v", d, want)
		}
		st, err := c.Fetch(context.Background(), di, creds, since)
		if s.check(err) != 0 {
			t.Fatal(err)
		}
		txns := cust.Transactions(want.Type, since, now, now)
		if len(st.Transactions) != len(txns) || st.Currency != "USD" || st.RawExt != "json" || len(st.Raw) == 0 {
			t.Fatalf("%s: %d transactions (want %d), currency %q", d.Name, len(st.Transactions), len(txns), st.Currency)
		}
		for k, tx := range st.Transactions {
			w := txns[k]
			if tx.InstitutionID != w.FITID || tx.AmountCents != w.AmountCents || tx.Descriptor != w.Name ||
				!tx.PostedAt.Equal(w.Posted) || tx.PostedAt.Location() != time.UTC || tx.Pending || tx.Currency != "USD" {
				t.Fatalf("transaction %d = %+v, want %+v", k, tx, w)
			}
		}
	}
	// Someone else's account id.
	other, _ := sandbox.ParseLogin("demo-5")
	gone := found[0].Institution
	gone.AccountID = other.Accounts()[0].ID
	_, err = c.Fetch(context.Background(), gone, creds, since)
	if s.check(err) != connector.KindRejected || connector.MessageOf(err) != "the account is no longer available from the bridge" {
		t.Fatalf("unknown account: %v", err)
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	s := newSecrets(t)
	bank := setup(t)
	ctx := context.Background()
	c := client()
	acct := func(login string, i int) string {
		cust, _ := sandbox.ParseLogin(login)
		return cust.Accounts()[i].ID
	}
	fetch := func(c *Client, creds centavo.Credentials, inst centavo.Institution) error {
		_, err := c.Fetch(ctx, inst, creds, now.AddDate(0, 0, -10))
		return err
	}

	// A setup token works once.
	token := setupToken(t, s, bank, "demo-1")
	access, err := c.Claim(ctx, token)
	if s.check(err) != 0 {
		t.Fatal(err)
	}
	s.addAccess(access)
	_, err = c.Claim(ctx, token)
	if s.check(err) != connector.KindAuth || connector.MessageOf(err) != "this setup token was already used or is invalid" {
		t.Fatalf("reused token: %v", err)
	}

	// A wrong access password.
	u, _ := url.Parse(access)
	pass, _ := u.User.Password()
	wrong := "x" + pass[1:]
	if wrong == pass { // the random password may start with x
		wrong = "y" + pass[1:]
	}
	u.User = url.UserPassword("demo-1", wrong)
	inst := centavo.Institution{URL: bank + "/simplefin", AccountID: acct("demo-1", 0), AccountType: AccountType}
	if err := fetch(c, centavo.Credentials{Password: u.String()}, inst); s.check(err) != connector.KindAuth {
		t.Fatalf("wrong access password: %v", err)
	}
	if _, err := c.Discover(ctx, inst, centavo.Credentials{Password: u.String()}); s.check(err) != connector.KindAuth {
		t.Fatalf("wrong access password: %v", err)
	}
	if err := fetch(c, centavo.Credentials{}, inst); s.check(err) != connector.KindAuth {
		t.Fatalf("no access URL: %v", err)
	}

	// Faults.
	garbage, _ := link(t, s, bank, "garbage-1")
	inst.AccountID = acct("garbage-1", 0)
	if err := fetch(c, garbage, inst); s.check(err) != connector.KindMalformed {
		t.Fatalf("garbage: %v", err)
	}
	flaky, _ := link(t, s, bank, "flaky-1")
	inst.AccountID = acct("flaky-1", 1)
	var kinds []connector.Kind
	for range 2 {
		kinds = append(kinds, s.check(fetch(c, flaky, inst)))
	}
	if kinds[0] != 0 || kinds[1] != connector.KindTransient {
		t.Fatalf("flaky: %v, want success then transient", kinds)
	}
	slow, _ := link(t, s, bank, "slow-1")
	quick := client()
	quick.HTTP.Timeout = 200 * time.Millisecond
	inst.AccountID = acct("slow-1", 0)
	if err := fetch(quick, slow, inst); s.check(err) != connector.KindTransient {
		t.Fatalf("timeout: %v", err)
	}

	// Nothing listens: transient, and the claim path is not in the error.
	closed := base64.StdEncoding.EncodeToString([]byte("http://127.0.0.1:1/simplefin/claim/sekrit-claim-path"))
	s.add("sekrit-claim-path", closed)
	if _, err := c.Claim(ctx, closed); s.check(err) != connector.KindTransient || connector.MessageOf(err) != connector.Unreachable {
		t.Fatalf("closed port: %v", err)
	}
	s.add("p4ssw0rd-closed")
	if err := fetch(c, centavo.Credentials{Password: "http://u:p4ssw0rd-closed@127.0.0.1:1/simplefin"}, inst); s.check(err) != connector.KindTransient ||
		connector.MessageOf(err) != connector.Unreachable {
		t.Fatalf("closed port: %v", err)
	}
}

// TestRequireHTTPS: under the production policy, claim and access URLs
// must be https to a public address; nothing is sent otherwise.
func TestRequireHTTPS(t *testing.T) {
	t.Parallel()
	s := newSecrets(t)
	ctx := context.Background()
	c := New(5*time.Second, func() time.Time { return now }, outbound.Banks(false, nil))
	for _, claim := range []string{"http://bridge.example/simplefin/claim/tok-abc123", "https://10.0.0.1:8080/simplefin/claim/tok-abc123",
		"https://[::1]/simplefin/claim/tok-abc123", "https://localhost/simplefin/claim/tok-abc123", "ftp://bridge.example/claim/tok-abc123"} {
		token := base64.StdEncoding.EncodeToString([]byte(claim))
		s.add(token, "tok-abc123")
		if _, err := c.Claim(ctx, token); s.check(err) != connector.KindRejected {
			t.Errorf("claim %s: %v", claim, err)
		}
	}
	s.add("pw-123456")
	for _, access := range []string{"http://user:pw-123456@bridge.example/simplefin", "https://user:pw-123456@[2001:db8::1]/simplefin",
		"https://user:pw-123456@192.168.1.20/simplefin", "https://user:pw-123456@[64:ff9b::7f00:1]/simplefin",
		"bridge.example/simplefin", "https://bridge.example/simplefin", "https://user@bridge.example/simplefin", "::"} {
		_, err := c.Fetch(ctx, centavo.Institution{AccountID: "A"}, centavo.Credentials{Password: access}, now)
		if s.check(err) != connector.KindRejected {
			t.Errorf("access URL %q: %v", access, err)
		}
	}
	// BaseURL reads the URL only; the policy is the client's.
	for _, bad := range []string{"bridge.example/simplefin", "https://bridge.example/simplefin", "https://user@bridge.example/simplefin", "::"} {
		if _, err := BaseURL(bad); s.check(err) == 0 {
			t.Errorf("BaseURL accepted %q", bad)
		}
	}
}

// TestClaimAnswerKeepsToPolicy: a bridge that answers a claim with an
// access URL the policy refuses (plain http, a private address, no
// credentials) gave an unusable answer.
func TestClaimAnswerKeepsToPolicy(t *testing.T) {
	t.Parallel()
	s := newSecrets(t)
	s.add("pw-bridge")
	for _, body := range []string{"<html>hello</html>", "http://u:pw-bridge@bridge.example/simplefin", "https://u:pw-bridge@10.1.2.3/simplefin",
		"https://bridge.example/simplefin"} {
		c, base := strictClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }))
		token := base64.StdEncoding.EncodeToString([]byte(base + "/simplefin/claim/abc"))
		if _, err := c.Claim(context.Background(), token); s.check(err) != connector.KindMalformed {
			t.Errorf("claim answered %q: %v", body, err)
		}
	}
}

func TestDecodeSetupToken(t *testing.T) {
	t.Parallel()
	claim := "https://bridge.example/simplefin/claim/abc~def?x=1"
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		token := enc.EncodeToString([]byte(claim))
		token = "  " + token[:10] + "\n" + token[10:] + "\n"
		u, err := decodeSetupToken(token)
		if err != nil || u.String() != claim {
			t.Errorf("%q: %v, %v", token, u, err)
		}
	}
	for _, bad := range []string{"", "   ", "not base64!", base64.StdEncoding.EncodeToString([]byte("just text")), base64.StdEncoding.EncodeToString([]byte{0xff, 0xfe}), strings.Repeat("A", 5000)} {
		if _, err := decodeSetupToken(bad); connector.KindOf(err) != connector.KindRejected {
			t.Errorf("%.20q: %v", bad, err)
		}
	}
}

// bridge serves a fixed accounts answer (and claims) on loopback.
func bridge(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/claim/") {
			w.WriteHeader(status)
			io.WriteString(w, body)
			return
		}
		if u, p, ok := r.BasicAuth(); !ok || u != "user" || p != "pw-bridge" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	u.User = url.UserPassword("user", "pw-bridge")
	return u.String() + "/simplefin"
}

func TestBridgeAnswers(t *testing.T) {
	t.Parallel()
	s := newSecrets(t)
	s.add("pw-bridge")
	ctx := context.Background()
	c := client()
	inst := centavo.Institution{AccountID: "ACT-1", AccountType: AccountType}
	const reauth = "You must reauthenticate with Example Bank"

	// Only errors: rejected with the bridge's message, for both calls.
	access := bridge(t, 200, `{"errors":["`+reauth+`"],"accounts":[]}`)
	_, err := c.Discover(ctx, inst, centavo.Credentials{Password: access})
	if s.check(err) != connector.KindRejected || !strings.Contains(connector.MessageOf(err), reauth) {
		t.Fatalf("errors only: %v", err)
	}
	_, err = c.Fetch(ctx, inst, centavo.Credentials{Password: access}, now)
	if s.check(err) != connector.KindRejected || !strings.Contains(connector.MessageOf(err), reauth) {
		t.Fatalf("errors only: %v", err)
	}
	// The newer errlist form.
	access = bridge(t, 200, `{"errlist":[{"code":"con.auth","msg":"`+reauth+`"}],"accounts":[]}`)
	_, err = c.Fetch(ctx, inst, centavo.Credentials{Password: access}, now)
	if s.check(err) != connector.KindRejected || !strings.Contains(connector.MessageOf(err), reauth) {
		t.Fatalf("errlist: %v", err)
	}

	// Errors alongside data: the data. Other accounts are ignored; a
	// pending transaction without posted takes transacted_at; one with no
	// date at all waits until it posts.
	access = bridge(t, 200, `{"errors":["Example Bank is slow today"],"accounts":[
	  {"org":{"name":"Other"},"id":"ACT-0","name":"Other","currency":"USD","balance":"1","transactions":[{"id":"X","posted":1,"amount":"1"}]},
	  {"org":{"name":"Example Bank","domain":"bank.example"},"id":"ACT-1","name":"Gold Card","currency":"https://example.com/points","balance":"-12.30",
	   "transactions":[
	    {"id":"T1","posted":1700000000,"amount":"-12.345","description":"  SQ *BLUE BOTTLE ","payee":"Blue Bottle","memo":"m"},
	    {"id":"T2","posted":0,"transacted_at":1700003600,"amount":"5","description":"","payee":"Refund Co","pending":false},
	    {"id":"T3","posted":"1700007200","amount":-0.5,"memo":"fee only"},
	    {"id":"T4","posted":0,"amount":"-1.00","description":"dateless","pending":true}
	  ],"holdings":[{"id":"H"}]}]}`)
	st, err := c.Fetch(ctx, inst, centavo.Credentials{Password: access}, now)
	if s.check(err) != 0 {
		t.Fatal(err)
	}
	want := []connector.Transaction{
		{InstitutionID: "T1", PostedAt: time.Unix(1700000000, 0).UTC(), AmountCents: -1235, Currency: "XXX", Descriptor: "SQ *BLUE BOTTLE"},
		{InstitutionID: "T2", PostedAt: time.Unix(1700003600, 0).UTC(), AmountCents: 500, Currency: "XXX", Descriptor: "Refund Co", Pending: true},
		{InstitutionID: "T3", PostedAt: time.Unix(1700007200, 0).UTC(), AmountCents: -50, Currency: "XXX", Descriptor: "fee only"},
	}
	if st.Currency != "XXX" || len(st.Transactions) != len(want) {
		t.Fatalf("statement %+v", st)
	}
	for i, tx := range st.Transactions {
		if !reflect.DeepEqual(tx, want[i]) {
			t.Errorf("transaction %d = %+v, want %+v", i, tx, want[i])
		}
	}
	found, err := c.Discover(ctx, centavo.Institution{}, centavo.Credentials{Password: access})
	if s.check(err) != 0 || len(found) != 2 || found[1].Type != "credit_card" || found[1].Institution.Org != "Example Bank" || found[1].Currency != "XXX" {
		t.Fatalf("discover: %+v, %v", found, err)
	}

	// Unreadable answers.
	for _, body := range []string{`<html>502</html>`, `[]`, `{"accounts":[{"id":"ACT-1","transactions":[{"id":"","posted":1,"amount":"1"}]}]}`,
		`{"accounts":[{"id":"ACT-1","transactions":[{"id":"T","posted":1,"amount":"1e5"}]}]}`,
		`{"accounts":[{"id":"ACT-1","transactions":[{"id":"T","posted":"yesterday","amount":"1"}]}]}`} {
		_, err := c.Fetch(ctx, inst, centavo.Credentials{Password: bridge(t, 200, body)}, now)
		if s.check(err) != connector.KindMalformed {
			t.Errorf("%s: %v", body, err)
		}
	}
	// Statuses.
	for status, kind := range map[int]connector.Kind{500: connector.KindTransient, 429: connector.KindTransient, 402: connector.KindRejected,
		404: connector.KindRejected, 401: connector.KindAuth, 302: connector.KindRejected} {
		_, err := c.Fetch(ctx, inst, centavo.Credentials{Password: bridge(t, status, `{}`)}, now)
		if s.check(err) != kind {
			t.Errorf("HTTP %d: %v, want %v", status, err, kind)
		}
	}
	// A claim answered with something that is not an access URL.
	for _, body := range []string{"<html>hello</html>", "https://bridge.example/simplefin"} {
		claimURL := strings.Replace(bridge(t, 200, body), "user:pw-bridge@", "", 1) + "/claim/abc"
		if _, err := c.Claim(ctx, base64.StdEncoding.EncodeToString([]byte(claimURL))); s.check(err) != connector.KindMalformed {
			t.Errorf("claim answered %q: %v", body, err)
		}
	}
}

func TestParseCents(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"-12.5": -1250, "12.34": 1234, "0": 0, "-0": 0, "100": 10000, "1.005": 101, "-1.005": -101, "+3": 300, ".5": 50, "7.": 700,
		"1.004": 100, "-2.49999": -250, "0.125": 13, " 42.10 ": 4210, "0012.30": 1230,
		"92233720368547758.07": 9223372036854775807, "-92233720368547758.07": -9223372036854775807, "92233720368547758.064": 9223372036854775806,
	} {
		got, err := parseCents(in)
		if err != nil || got != want {
			t.Errorf("parseCents(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-", ".", "+-1", "1e3", "1,234.56", "12.3.4", "0x10", "1/2", "NaN", "92233720368547758.08", "92233720368547758.075", "123456789012345678"} {
		if got, err := parseCents(bad); err == nil {
			t.Errorf("parseCents(%q) = %d, want an error", bad, got)
		}
	}
}

// FuzzParseCents: parseCents agrees with exact rational arithmetic.
func FuzzParseCents(f *testing.F) {
	for _, s := range []string{"-12.345", "0.005", "1", "99999999999999999.99", ".5", "-0.0049"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseCents(s)
		if err != nil {
			return
		}
		r, ok := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(s), "+"))
		if !ok {
			t.Fatalf("parseCents(%q) = %d, but it is no number", s, got)
		}
		// Round half away from zero, exactly.
		v := new(big.Rat).Mul(r, big.NewRat(100, 1))
		q, m := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
		if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(v.Denom()) >= 0 {
			q.Add(q, big.NewInt(int64(v.Num().Sign())))
		}
		if !q.IsInt64() || q.Int64() != got {
			t.Fatalf("parseCents(%q) = %d, want %s", s, got, q)
		}
	})
}
