package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/ingest"
)

// Bounds of the import form: the file reader's own limit, plus room for the
// multipart envelope and the small fields.
const (
	maxUploadBytes = file.DefaultMaxBytes + 256<<10
	maxUploadParts = 32
	maxFieldBytes  = 4 << 10
	// previewRows bounds each list of a preview or result page; the counts
	// are always whole.
	previewRows = ingest.ImportSample
	// importAnswerWithin is how long after its request arrives an import
	// must stop (between two chunks) to answer: well within serve's 60 s
	// WriteTimeout, which counts from the request's headers.
	importAnswerWithin = 45 * time.Second
)

// importForm is one account's import form: what it shows, and what the
// user chose when it is shown again after an error.
type importForm struct {
	AccountID   int64
	Open        bool // shown open: a new account, or an error to fix
	MappingOpen bool // the CSV columns are shown open
	Saved       bool // the CSV fields hold the account's saved mapping
	Format      string
	DryRun      bool

	Date, DateFormat, Description, Amount, Debit, Credit, Delimiter, SkipRows string
	HasHeader, DecimalComma, Negate                                           bool
}

// savedImportForm is an account's import form, with the CSV mapping its
// last import saved (the service uses it when the form sends none).
func savedImportForm(a centavo.Account) importForm {
	f := importForm{AccountID: a.ID, HasHeader: true}
	if len(a.Institution.CSVMapping) == 0 {
		return f
	}
	var m file.CSVMapping
	if err := json.Unmarshal(a.Institution.CSVMapping, &m); err != nil {
		return f
	}
	f = mappingForm(a.ID, &m)
	f.Saved = true
	return f
}

func mappingForm(accountID int64, m *file.CSVMapping) importForm {
	f := importForm{AccountID: accountID, HasHeader: true}
	if m == nil {
		return f
	}
	f.Date, f.DateFormat, f.Description, f.Amount, f.Debit, f.Credit = m.Date, m.DateFormat, m.Description, m.Amount, m.Debit, m.Credit
	f.Delimiter, f.HasHeader, f.DecimalComma, f.Negate = m.Delimiter, m.HasHeader, m.DecimalComma, m.Negate
	if f.Delimiter == "\t" {
		f.Delimiter = "tab"
	}
	if m.SkipRows > 0 {
		f.SkipRows = strconv.Itoa(m.SkipRows)
	}
	return f
}

// importOptions reads the form's fields; msg says what is wrong with them.
func importOptions(accountID int64, v url.Values) (f importForm, o ingest.ImportOptions, msg string) {
	f = importForm{AccountID: accountID, Open: true, DryRun: v.Get("dry_run") != ""}
	f.Date, f.DateFormat = strings.TrimSpace(v.Get("date")), strings.TrimSpace(v.Get("date_format"))
	f.Description, f.Amount = strings.TrimSpace(v.Get("description")), strings.TrimSpace(v.Get("amount"))
	f.Debit, f.Credit = strings.TrimSpace(v.Get("debit")), strings.TrimSpace(v.Get("credit"))
	f.Delimiter, f.SkipRows = v.Get("delimiter"), strings.TrimSpace(v.Get("skip_rows"))
	f.HasHeader, f.DecimalComma, f.Negate = v.Get("has_header") != "", v.Get("decimal_comma") != "", v.Get("negate") != ""
	o.DryRun = f.DryRun
	// Any CSV field filled in: a mapping, shown open if the form comes back.
	f.MappingOpen = f.Date != "" || f.DateFormat != "" || f.Description != "" || f.Amount != "" || f.Debit != "" ||
		f.Credit != "" || f.Delimiter != "" || (f.SkipRows != "" && f.SkipRows != "0") || f.DecimalComma || f.Negate

	f.Format = v.Get("format")
	switch file.Format(f.Format) {
	case "", file.FormatOFX, file.FormatQIF, file.FormatCSV:
		o.Format = file.Format(f.Format)
	default:
		return f, o, "Choose a format from the list, or let Centavo detect it."
	}
	delim := f.Delimiter
	switch delim {
	case "", ",", ";", "|":
	case "tab":
		delim = "\t"
	default:
		return f, o, "Choose a column separator from the list."
	}
	skip := 0
	if f.SkipRows != "" {
		n, err := strconv.Atoi(f.SkipRows)
		if err != nil || n < 0 || n > 1000 {
			return f, o, "Lines to skip must be a whole number from 0 to 1000."
		}
		skip = n
	}
	m := file.CSVMapping{
		Delimiter: delim, SkipRows: skip, HasHeader: f.HasHeader, Date: f.Date, DateFormat: f.DateFormat,
		Description: f.Description, Amount: f.Amount, Debit: f.Debit, Credit: f.Credit, Negate: f.Negate, DecimalComma: f.DecimalComma,
	}
	// No CSV field filled in: no mapping, so that the service uses the
	// account's saved one or recognises the header.
	if f.MappingOpen {
		o.CSV = &m
	}
	return f, o, ""
}

// upload is the import form as sent: its fields and the file.
type upload struct {
	arrived  time.Time // machine time, before the body was read
	fields   url.Values
	fileName string
	data     []byte
	sawFile  bool
	tooLarge bool // the file is over the limit: data is not all of it
}

// uploadHandler is an import form's handler.
type uploadHandler func(w http.ResponseWriter, r *http.Request, u *session, up upload)

// upload wraps a multipart POST, the import form: a session, a bounded
// body and a valid CSRF token (a field of the form, like every form's) are
// required. The parts are read as they come, so a CSRF token sent before
// the file (as the form's order sends it) is checked before the file is
// read.
func (s *server) upload(fn uploadHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, r, ok := s.signedIn(w, r)
		if !ok {
			return
		}
		up, status, msg := readUpload(w, r, sess.token)
		if status != 0 {
			s.errorPage(w, r, status, msg)
			return
		}
		fn(w, r, sess, up)
	})
}

// readUpload reads the multipart body; a non-zero status is an error page
// to answer instead.
func readUpload(w http.ResponseWriter, r *http.Request, secret string) (up upload, status int, msg string) {
	up.fields, up.arrived = url.Values{}, clock.Real()
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return up, http.StatusBadRequest, "That form could not be read."
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return up, http.StatusBadRequest, "That form could not be read."
	}
	csrfOK := false
	// tooBig answers a body or file over its limit: the form shows it, once
	// the token has been checked.
	tooBig := func() (upload, int, string) {
		if !csrfOK {
			return up, http.StatusForbidden, csrfRefused
		}
		up.tooLarge, up.data = true, nil
		return up, 0, ""
	}
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooBig()
		}
		if err != nil || parts >= maxUploadParts {
			return up, http.StatusBadRequest, "That form could not be read."
		}
		name := part.FormName()
		limit := int64(maxFieldBytes)
		if name == "file" {
			limit = file.DefaultMaxBytes
		}
		b, err := io.ReadAll(io.LimitReader(part, limit+1))
		if errors.As(err, &mbe) || (name == "file" && int64(len(b)) > limit) {
			return tooBig()
		}
		if err != nil {
			return up, http.StatusBadRequest, "That form could not be read."
		}
		if int64(len(b)) > limit {
			return up, http.StatusRequestEntityTooLarge, "That form is too large."
		}
		switch name {
		case "file":
			up.data, up.sawFile = b, true
			up.fileName = connector.Clip(part.FileName(), 120)
		case csrfField:
			if !validCSRF(secret, string(b)) {
				return up, http.StatusForbidden, csrfRefused
			}
			csrfOK = true
		default:
			up.fields.Add(name, string(b))
		}
	}
	if !csrfOK {
		return up, http.StatusForbidden, csrfRefused
	}
	return up, 0, ""
}

// importAccount reads the {id} account of the user; false when it answered
// (404 for an id that is not theirs).
func (s *server) importAccount(w http.ResponseWriter, r *http.Request, u *session) (centavo.Account, bool) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such account.")
		return centavo.Account{}, false
	}
	a, err := s.Accounts.Account(r.Context(), u.userID, id)
	if err != nil {
		s.fail(w, r, err)
		return centavo.Account{}, false
	}
	return a, true
}

// importStatement imports (or previews) the file of an account's import
// form.
func (s *server) importStatement(w http.ResponseWriter, r *http.Request, u *session, up upload) {
	stopBy := up.arrived.Add(importAnswerWithin)
	a, ok := s.importAccount(w, r, u)
	if !ok {
		return
	}
	f, opts, msg := importOptions(a.ID, up.fields)
	switch {
	case up.tooLarge:
		s.refuseImport(w, r, u, http.StatusRequestEntityTooLarge, f,
			"The file is larger than "+strconv.Itoa(file.DefaultMaxBytes>>20)+" MiB. Split it into several files and import each.")
		return
	case msg != "":
		s.refuseImport(w, r, u, http.StatusUnprocessableEntity, f, msg)
		return
	case !up.sawFile || (up.fileName == "" && len(up.data) == 0):
		s.refuseImport(w, r, u, http.StatusUnprocessableEntity, f, "Choose a statement file to import.")
		return
	}
	opts.StopBy = stopBy
	res, err := s.Ingest.Import(r.Context(), u.userID, a.ID, up.data, opts)
	needsMapping := errors.Is(err, ingest.ErrSeveralAccounts)
	if needsMapping {
		// Several accounts: the preview asks where each goes.
		opts.DryRun = true
		res, err = s.Ingest.Import(r.Context(), u.userID, a.ID, up.data, opts)
	}
	if err != nil {
		s.importFailed(w, r, u, f, err)
		return
	}
	d := importResult(a, up.fileName, opts.DryRun, res)
	d.NeedsMapping = needsMapping
	if d.Multi, err = s.multiImport(r, u, res); err != nil {
		s.fail(w, r, err)
		return
	}
	if opts.DryRun && (res.Added > 0 || res.Replaced > 0) {
		real := opts
		real.DryRun = false
		d.PreviewID = s.previews.put(&pendingImport{userID: u.userID, accountID: a.ID, session: sessionHash(u.token),
			fileName: up.fileName, data: up.data, opts: real, month: d.Month, accounts: fileAccountKeys(res)})
	}
	s.renderImport(w, r, u, d)
}

// confirmImport imports a previewed file for real.
func (s *server) confirmImport(w http.ResponseWriter, r *http.Request, u *session) {
	a, ok := s.importAccount(w, r, u)
	if !ok {
		return
	}
	id := r.PostFormValue("preview")
	p, ok := s.previews.take(id, u.userID, a.ID, u.token)
	if !ok {
		f := savedImportForm(a)
		f.Open = true
		s.refuseImport(w, r, u, http.StatusUnprocessableEntity, f,
			"That preview is no longer kept on the server (previews last 15 minutes). Choose the file again to import it.")
		return
	}
	opts := p.opts
	opts.StopBy = clock.Real().Add(importAnswerWithin)
	if len(p.accounts) > 0 {
		var msg string
		if opts.Accounts, msg = accountsFromForm(r, p.accounts); msg != "" {
			s.previews.restore(id, p)
			s.errorPage(w, r, http.StatusUnprocessableEntity, msg)
			return
		}
	}
	res, err := s.Ingest.Import(r.Context(), u.userID, a.ID, p.data, opts)
	if err != nil {
		if _, ok := userError(err); !ok {
			s.previews.restore(id, p) // a retry may work
		}
		f := mappingForm(a.ID, p.opts.CSV)
		f.Open, f.MappingOpen, f.Format = true, p.opts.CSV != nil, string(p.opts.Format)
		s.importFailed(w, r, u, f, err)
		return
	}
	d := importResult(a, p.fileName, false, res)
	d.Month = p.month
	if d.Multi, err = s.multiImport(r, u, res); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderImport(w, r, u, d)
}

// importFailed answers an import's error: the reason on the accounts page
// when the file is refused (nothing changed), an error page otherwise.
func (s *server) importFailed(w http.ResponseWriter, r *http.Request, u *session, f importForm, err error) {
	if centavo.ErrorCode(err) == centavo.EUNAVAILABLE {
		// Every import slot taken, or a big import stopped to answer in
		// time: the message says what to do.
		s.refuseImport(w, r, u, http.StatusServiceUnavailable, f, sentence(centavo.ErrorMessage(err)))
		return
	}
	msg, ok := userError(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	// The file package's refusals that a mapping fixes speak of the mapping
	// or of a column: show the CSV fields open.
	if strings.Contains(msg, "mapping") || strings.Contains(msg, "column") {
		f.MappingOpen = true
	}
	s.refuseImport(w, r, u, http.StatusUnprocessableEntity, f, sentence(msg))
}

// refuseImport shows the accounts page with the account's import form open
// and the reason.
func (s *server) refuseImport(w http.ResponseWriter, r *http.Request, u *session, status int, f importForm, msg string) {
	f.Open = true
	s.renderAccounts(w, r, u, status, accountsForms{imp: &f}, msg)
}

// sentence capitalises the service's message ("the CSV has …") to stand
// alone on a page.
func sentence(msg string) string {
	if msg == "" || msg[0] < 'a' || msg[0] > 'z' {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// importData is the preview or result page.
type importData struct {
	Account    centavo.Account
	FileName   string
	DryRun     bool
	Format     string
	Added      int
	Duplicates int
	Replaced   int
	ReusedIDs  int // rows sharing an institution id with another row of the file, kept apart
	Skipped    []file.Skipped
	SkippedAll int
	Preview    []txRow
	PreviewAll int
	Known      []txRow
	KnownAll   int
	PreviewID  string // the confirmation's key, when there is something to import
	Month      string // the month of the newest row to add, for the transactions link
	Shown      int    // the bound of each list
	// Multi is a file of several accounts (importaccounts.go); nil for one.
	Multi *multiImport
	// NeedsMapping: the file was sent to import, but holds several
	// accounts: this preview asks where each goes.
	NeedsMapping bool
}

func importResult(a centavo.Account, fileName string, dry bool, res ingest.ImportResult) importData {
	d := importData{Account: a, FileName: fileName, DryRun: dry, Format: strings.ToUpper(string(res.Format)),
		Added: res.Added, Duplicates: res.Duplicates, Replaced: res.Replaced, ReusedIDs: res.ReusedIDs,
		SkippedAll: res.SkippedCount, Shown: previewRows}
	if dry {
		d.PreviewAll, d.KnownAll = res.Added, res.KnownCount
	}
	d.Skipped = res.Skipped[:min(len(res.Skipped), previewRows)]
	accts := []centavo.Account{a}
	d.Preview = txRows(res.Preview[:min(len(res.Preview), previewRows)], accts)
	d.Known = txRows(res.Known[:min(len(res.Known), previewRows)], accts)
	if dry && !res.Newest.IsZero() {
		d.Month = centavo.MonthOf(res.Newest).String()
	}
	return d
}

// TransactionsURL lists the account's transactions, in the month of the
// newest imported row when it is known.
func (d importData) TransactionsURL() string {
	q := url.Values{"account": {strconv.FormatInt(d.Account.ID, 10)}}
	if d.Month != "" {
		q.Set("month", d.Month)
	}
	return "/transactions?" + q.Encode()
}

func (s *server) renderImport(w http.ResponseWriter, r *http.Request, u *session, d importData) {
	title := "Import result"
	if d.DryRun {
		title = "Import preview"
	}
	v := s.view(r, u, title, "accounts")
	v.Data = d
	s.render(w, r, http.StatusOK, "import", v)
}
