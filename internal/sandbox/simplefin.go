package sandbox

// The sandbox bank's SimpleFIN Bridge (https://www.simplefin.org/protocol.html):
//
//	GET  /simplefin/setup-token?login=demo-<n>&password=secret-<n>[&base=URL]
//	POST /simplefin/claim/{token}
//	GET  /simplefin/accounts?start-date=&end-date=&account=&pending=&balances-only=
//	GET  /simplefin/info
//
// A real bridge has a web page where the user makes a setup token; the
// sandbox has setup-token instead. The token is base64 of a claim URL on the
// same host and under the same prefix as the request (or under base, when
// given); the first POST to the claim URL answers the access URL
// http://<login>:<access password>@<host><prefix>/simplefin, the next ones
// 403. /accounts takes that user and password as HTTP Basic credentials and
// answers the same two accounts, with the same ids, transactions and
// balances as the OFX server, so that linking through either route gives the
// same data. The fault logins misbehave as they do over OFX.
//
// Unclaimed setup tokens live in memory (bounded, one set per Handler). An
// access password is not remembered: it is a random nonce signed for the
// login with the sandbox's fixed key, so an access URL keeps working after a
// restart and on every mount. The login's own password (secret-<n>) is
// accepted too, so an access URL can be written by hand.

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// simplefinMaxTokens bounds the unclaimed setup tokens kept in memory.
	simplefinMaxTokens = 10_000
	// simplefinTokenTTL is how long a setup token can be claimed.
	simplefinTokenTTL = 24 * time.Hour
	// simplefinOrgName is the bank's name in SimpleFIN answers.
	simplefinOrgName = "Centavo Sandbox Bank"
)

// simplefinKey signs access passwords. It is fixed and public: the sandbox's
// customers and passwords are public too; it only has to survive restarts.
const simplefinKey = "centavo sandbox simplefin access"

// simplefinBridge is the SimpleFIN side of a Bank.
type simplefinBridge struct {
	bank *Bank

	mu     sync.Mutex
	claims map[string]simplefinClaim // unclaimed setup tokens
}

type simplefinClaim struct {
	login   string
	base    url.URL // where the bank was reached: scheme, host, mount prefix
	created time.Time
}

// mountSimpleFIN adds the SimpleFIN routes to the bank's mux.
func (b *Bank) mountSimpleFIN(mux *http.ServeMux) {
	s := &simplefinBridge{bank: b, claims: map[string]simplefinClaim{}}
	mux.HandleFunc("GET /simplefin/setup-token", s.serveSetupToken)
	mux.HandleFunc("POST /simplefin/claim/{token}", s.serveClaim)
	mux.HandleFunc("GET /simplefin/accounts", s.serveAccounts)
	mux.HandleFunc("GET /simplefin/info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string][]string{"versions": {"1.0"}})
	})
}

func (s *simplefinBridge) serveSetupToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cust, ok := ParseLogin(q.Get("login"))
	if !ok || subtle.ConstantTimeCompare([]byte(q.Get("password")), []byte(cust.Password())) != 1 {
		http.Error(w, "wrong login or password", http.StatusForbidden)
		return
	}
	base, err := requestBase(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	token := randomText(24)
	s.mu.Lock()
	s.evictLocked()
	s.claims[token] = simplefinClaim{login: cust.Login, base: base, created: s.bank.Now()}
	s.mu.Unlock()
	claim := base.JoinPath("simplefin", "claim", token)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, base64.StdEncoding.EncodeToString([]byte(claim.String())))
}

// evictLocked makes room for one more token: expired ones go first, then
// the oldest.
func (s *simplefinBridge) evictLocked() {
	if len(s.claims) < simplefinMaxTokens {
		return
	}
	now := s.bank.Now()
	oldest, first := "", time.Time{}
	for tok, c := range s.claims {
		if now.Sub(c.created) > simplefinTokenTTL {
			delete(s.claims, tok)
			continue
		}
		if oldest == "" || c.created.Before(first) {
			oldest, first = tok, c.created
		}
	}
	if len(s.claims) >= simplefinMaxTokens {
		delete(s.claims, oldest)
	}
}

func (s *simplefinBridge) serveClaim(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	s.mu.Lock()
	c, ok := s.claims[token]
	delete(s.claims, token)
	s.mu.Unlock()
	if !ok || s.bank.Now().Sub(c.created) > simplefinTokenTTL {
		http.Error(w, "this setup token was already claimed or does not exist", http.StatusForbidden)
		return
	}
	access := c.base.JoinPath("simplefin")
	access.User = url.UserPassword(c.login, accessPassword(c.login))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, access.String())
}

// accessPassword makes a new access password for the login: a random nonce
// and its signature.
func accessPassword(login string) string {
	nonce := randomText(12)
	return nonce + "." + accessMAC(login, nonce)
}

func accessMAC(login, nonce string) string {
	m := hmac.New(sha256.New, []byte(simplefinKey))
	m.Write([]byte(login))
	m.Write([]byte{0})
	m.Write([]byte(nonce))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// authorized checks an access password, or the login's own password.
func authorized(cust Customer, password string) bool {
	if subtle.ConstantTimeCompare([]byte(password), []byte(cust.Password())) == 1 {
		return true
	}
	nonce, mac, ok := strings.Cut(password, ".")
	return ok && nonce != "" && hmac.Equal([]byte(mac), []byte(accessMAC(cust.Login, nonce)))
}

func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return base64.RawURLEncoding.EncodeToString(b)
}

// requestBase is where the client reached the bank: the base parameter when
// given, else the request's scheme and Host and the prefix the handler is
// mounted under (what http.StripPrefix took off the path).
func requestBase(r *http.Request) (url.URL, error) {
	if b := r.URL.Query().Get("base"); b != "" {
		u, err := url.Parse(b)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return url.URL{}, fmt.Errorf("base must be an http(s) URL without credentials, query or fragment")
		}
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = ""
		return *u, nil
	}
	u := url.URL{Scheme: "http", Host: r.Host}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if orig, err := url.ParseRequestURI(r.RequestURI); err == nil {
		if prefix, ok := strings.CutSuffix(orig.Path, r.URL.Path); ok {
			u.Path = strings.TrimSuffix(prefix, "/")
		}
	}
	return u, nil
}

// The SimpleFIN answer, as the protocol writes it.
type (
	sfinAccountSet struct {
		Errors   []string      `json:"errors"`
		Accounts []sfinAccount `json:"accounts"`
	}
	sfinOrg struct {
		Domain  string `json:"domain"`
		SFINURL string `json:"sfin-url"`
		Name    string `json:"name"`
		ID      string `json:"id"`
	}
	sfinAccount struct {
		Org              sfinOrg           `json:"org"`
		ID               string            `json:"id"`
		Name             string            `json:"name"`
		Currency         string            `json:"currency"`
		Balance          string            `json:"balance"`
		AvailableBalance string            `json:"available-balance"`
		BalanceDate      int64             `json:"balance-date"`
		Transactions     []sfinTransaction `json:"transactions"`
		Holdings         []struct{}        `json:"holdings"`
	}
	sfinTransaction struct {
		ID           string `json:"id"`
		Posted       int64  `json:"posted"`
		Amount       string `json:"amount"`
		Description  string `json:"description"`
		Payee        string `json:"payee"`
		Memo         string `json:"memo"`
		TransactedAt int64  `json:"transacted_at"`
		Pending      bool   `json:"pending"`
	}
)

// simplefinGarbage is what garbage-<n> answers: the start of an answer that
// breaks off into nonsense.
const simplefinGarbage = "{\"errors\":[],\"accounts\":[{\"org\":{\"name\":\"Sandbox\x00\xfe<<<}}]]" +
	"<html><body>502 Bad Gateway</body></html>"

func (s *simplefinBridge) serveAccounts(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	cust, known := ParseLogin(user)
	if !ok || !known || !authorized(cust, pass) {
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	switch cust.Fault {
	case FaultSlow:
		select {
		case <-time.After(s.bank.SlowDelay):
		case <-r.Context().Done():
			return
		}
	case FaultFlaky:
		if s.bank.nextFlaky(cust.Login)%2 == 1 {
			http.Error(w, "service temporarily unavailable", http.StatusServiceUnavailable)
			return
		}
	case FaultGarbage:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, simplefinGarbage)
		return
	}
	q := r.URL.Query()
	now := s.bank.Now().UTC()
	// The protocol's window: posted on or after start-date and before
	// end-date. Defaults as on the OFX side: 90 days back, through today.
	from, to := now.AddDate(0, 0, -90), truncDay(now).Add(24*time.Hour)
	for name, t := range map[string]*time.Time{"start-date": &from, "end-date": &to} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || n > 253402300799 {
				http.Error(w, name+" must be a time in unix seconds", http.StatusBadRequest)
				return
			}
			*t = time.Unix(n, 0).UTC()
		}
	}
	only := map[string]bool{}
	for _, id := range q["account"] {
		only[id] = true
	}
	base, _ := requestBase(r)
	base.RawQuery = ""
	sfinURL := base.JoinPath("simplefin").String()
	host := base.Hostname()
	out := sfinAccountSet{Errors: []string{}, Accounts: []sfinAccount{}}
	for _, acct := range cust.Accounts() {
		if len(only) > 0 && !only[acct.ID] {
			continue
		}
		// The OFX side's LEDGERBAL and AVAILBAL, as of now.
		bal, avail := cust.Balance(acct.Type, now), cust.AvailableBalance(acct.Type, now)
		a := sfinAccount{
			Org:              sfinOrg{Domain: host, SFINURL: sfinURL, Name: simplefinOrgName, ID: Org},
			ID:               acct.ID,
			Name:             acct.Name,
			Currency:         "USD",
			Balance:          decimalCents(bal),
			AvailableBalance: decimalCents(avail),
			BalanceDate:      now.Unix(),
			Transactions:     []sfinTransaction{},
			Holdings:         []struct{}{},
		}
		if q.Get("balances-only") != "1" {
			for _, t := range cust.Transactions(acct.Type, from, to, now) {
				if t.Posted.Before(from) || !t.Posted.Before(to) {
					continue
				}
				a.Transactions = append(a.Transactions, sfinTransaction{
					ID: t.FITID, Posted: t.Posted.Unix(), Amount: decimalCents(t.AmountCents),
					Description: t.Name, TransactedAt: t.Posted.Unix(),
				})
			}
		}
		out.Accounts = append(out.Accounts, a)
	}
	writeJSON(w, out)
}

// decimalCents writes minor units as a decimal string with two decimals.
func decimalCents(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-cents)
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

func writeJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}
