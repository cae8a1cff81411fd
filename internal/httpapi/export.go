package httpapi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// Exports (docs/0033-search-and-export.md).

// attachment names a download: centavo-<what>-<UTC date>.<ext>.
func attachment(w http.ResponseWriter, what, ext string, now time.Time) {
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="centavo-%s-%s.%s"`, what, now.UTC().Format(time.DateOnly), ext))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

// exportTransactions writes the user's transactions that match the search
// parameters of r (format=csv, the default, or json) as an attachment,
// streamed.
func exportTransactions(w http.ResponseWriter, r *http.Request, l *ledger.Service, userID int64, now time.Time) error {
	q, err := searchParams(r)
	if err != nil {
		return err
	}
	write, ext, ctype := l.WriteCSV, "csv", "text/csv; charset=utf-8"
	switch r.URL.Query().Get("format") {
	case "", "csv":
	case "json":
		write, ext, ctype = l.WriteJSON, "json", "application/json"
	default:
		return errorf(centavo.EBADREQUEST, "format must be csv or json")
	}
	lw := &lazyWriter{w: w, start: func() {
		w.Header().Set("Content-Type", ctype)
		attachment(w, "transactions", ext, now)
	}}
	return lw.done(write(r.Context(), lw, userID, q))
}

// lazyWriter sends the answer's headers with its first byte, so that an
// error found before (a bad parameter) is answered as one.
type lazyWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.start()
	}
	return l.w.Write(p)
}

// done is the error to hand to the error writer: none once the answer has
// started (a stream cut short cannot become an error answer; the client
// sees it truncated).
func (l *lazyWriter) done(err error) error {
	if l.started {
		return nil
	}
	return err
}

func (s *server) handleExportTransactions() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return exportTransactions(w, r, s.Ledger, userID(r.Context()), s.Now())
	})
}

// meExportFiles are the files of GET /api/v1/me/export beside
// transactions.json: each is what the API answers to a GET of its path
// (so it holds what the API shows, never a credential, secret or token).
var meExportFiles = []struct{ name, path string }{
	{"profile.json", "/api/v1/me"},
	{"accounts.json", "/api/v1/accounts"},
	{"budgets.json", "/api/v1/budgets"},
	{"rules.json", "/api/v1/rules"},
	{"categories.json", "/api/v1/categories"},
	{"notifications.json", "/api/v1/notifications?limit=500"},
	{"notification-settings.json", "/api/v1/me/notification-settings"},
	{"webhooks.json", "/api/v1/me/webhooks"},
	{"networth.json", "/api/v1/networth"},
	{"goals.json", "/api/v1/goals"},
	{"recurring.json", "/api/v1/recurring"},
}

// handleMeExport answers a ZIP of JSON files with everything of the
// user's: the files above, transactions.json (all of them, streamed into
// the archive), balances.json (each account's last 90 days) and
// goal-contributions.json (each goal's contributions).
func (s *server) handleMeExport() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		// Everything but the transactions is read before the first byte:
		// a failure is still an error answer.
		files := make([][]byte, len(meExportFiles))
		for i, f := range meExportFiles {
			b, err := s.internalGet(r, f.path)
			if err != nil {
				return err
			}
			files[i] = b
		}
		balances, err := s.exportBalances(r)
		if err != nil {
			return err
		}
		contributions, err := s.exportContributions(r)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/zip")
		attachment(w, "export", "zip", s.Now())
		zw := zip.NewWriter(w)
		add := func(name string, write func(io.Writer) error) error {
			f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: s.Now().UTC()})
			if err != nil {
				return err
			}
			return write(f)
		}
		for i, f := range meExportFiles {
			if err := add(f.name, func(w io.Writer) error { _, err := w.Write(files[i]); return err }); err != nil {
				return nil // the answer started: it ends cut short
			}
		}
		if err := add("balances.json", func(w io.Writer) error { _, err := w.Write(balances); return err }); err != nil {
			return nil
		}
		if err := add("goal-contributions.json", func(w io.Writer) error { _, err := w.Write(contributions); return err }); err != nil {
			return nil
		}
		uid := userID(r.Context())
		if err := add("transactions.json", func(w io.Writer) error { return s.Ledger.WriteJSON(r.Context(), w, uid, ledger.Query{}) }); err != nil {
			s.Logger.ErrorContext(r.Context(), "export cut short", "err", err, "request_id", requestID(r.Context()))
			return nil
		}
		_ = zw.Close()
		return nil
	})
}

// exportBalances is {"accounts":[{"account_id", …the balances answer}]}.
func (s *server) exportBalances(r *http.Request) ([]byte, error) {
	list, err := s.Accounts.Accounts(r.Context(), userID(r.Context()))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"accounts":[`)
	for i, a := range list {
		b, err := s.internalGet(r, "/api/v1/accounts/"+strconv.FormatInt(a.ID, 10)+"/balances")
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"account_id":%d,"balances":%s}`, a.ID, bytes.TrimSpace(b))
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// exportContributions is {"goals":[{"goal_id","contributions":[…]}]}: the
// money recorded for each goal, as its contributions' answer lists it.
func (s *server) exportContributions(r *http.Request) ([]byte, error) {
	list, err := s.Goals.Goals(r.Context(), userID(r.Context()))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"goals":[`)
	for i, g := range list {
		b, err := s.internalGet(r, "/api/v1/goals/"+strconv.FormatInt(g.ID, 10)+"/contributions")
		if err != nil {
			return nil, err
		}
		var answer struct {
			Contributions json.RawMessage `json:"contributions"`
		}
		if err := json.Unmarshal(b, &answer); err != nil {
			return nil, err
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"goal_id":%d,"contributions":%s}`, g.ID, answer.Contributions)
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// internalGet answers a GET of one of the API's own paths with r's
// credentials, through the router, and returns its JSON; anything but a
// 200 is an error.
func (s *server) internalGet(r *http.Request, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", r.Header.Get("Authorization"))
	rec := &bufferWriter{header: http.Header{}}
	s.mux.ServeHTTP(rec, req)
	if rec.status != http.StatusOK {
		return nil, fmt.Errorf("export: %s answered %d: %s", path, rec.status, rec.body.Bytes())
	}
	return rec.body.Bytes(), nil
}

// bufferWriter is a ResponseWriter that keeps the answer.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }
func (b *bufferWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}
func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
