package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/ingest"
)

// MaxImport bounds an import request: the file reader's own limit plus room
// for the multipart envelope and the small fields.
const MaxImport = file.DefaultMaxBytes + 256<<10

type skippedJSON struct {
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}

type importResponse struct {
	Added           int           `json:"added"`
	Duplicates      int           `json:"duplicates"`
	Skipped         []skippedJSON `json:"skipped"` // the first ingest.ImportSample
	SkippedCount    int           `json:"skipped_count"`
	ReplacedPending int           `json:"replaced_pending"`
	// ReusedIDs counts the file's rows kept as transactions of their own
	// although an earlier row of the file has their institution id.
	ReusedIDs int    `json:"reused_ids"`
	Format    string `json:"format"`
	DryRun    bool   `json:"dry_run"`
	// On a dry run: the first ingest.ImportSample transactions that would
	// be added, and of those already stored, with their whole counts.
	WouldAdd             []transactionJSON `json:"would_add,omitempty"`
	WouldAddCount        *int              `json:"would_add_count,omitempty"`
	AlreadyRecorded      []transactionJSON `json:"already_recorded,omitempty"`
	AlreadyRecordedCount *int              `json:"already_recorded_count,omitempty"`
	// Truncated says that a list holds fewer items than its count.
	Truncated bool `json:"truncated"`
	// Accounts are the accounts the file holds (importaccounts.go).
	Accounts []importAccountJSON `json:"accounts"`
}

// ImportAnswerWithin is how long after its request arrives an import must
// stop (between two chunks) to answer: well within serve's 60 s
// WriteTimeout, which counts from the request's headers.
const ImportAnswerWithin = 45 * time.Second

// importForm is what an import request carries.
type importForm struct {
	data     []byte
	sawFile  bool
	format   string
	dryRun   string
	mapping  string
	accounts string
}

// readImportForm streams the multipart body: the file in the field "file";
// "format", "dry_run" and "mapping" as fields (or, for the first two, as
// query parameters).
func readImportForm(w http.ResponseWriter, r *http.Request) (importForm, error) {
	f := importForm{format: r.URL.Query().Get("format"), dryRun: r.URL.Query().Get("dry_run")}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return f, errorf(eUnsupportedMediaType, "the body must be multipart/form-data with the statement in the field \"file\"")
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxImport)
	mr, err := r.MultipartReader()
	if err != nil {
		return f, errorf(centavo.EBADREQUEST, "the body is not a valid multipart form: %v", err)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, formError(err)
		}
		name := part.FormName()
		limit := int64(4 << 10)
		switch name {
		case "file":
			limit = file.DefaultMaxBytes
		case "accounts":
			limit = maxAccountsField
		}
		b, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return f, formError(err)
		}
		if int64(len(b)) > limit {
			if name == "file" {
				return f, errorf(centavo.ETOOLARGE, "the file is larger than %d MiB; split it into several imports", file.DefaultMaxBytes>>20)
			}
			return f, errorf(centavo.EBADREQUEST, "the field %q is longer than %d bytes", name, limit)
		}
		switch name {
		case "file":
			f.data, f.sawFile = b, true
		case "format":
			f.format = strings.TrimSpace(string(b))
		case "dry_run":
			f.dryRun = strings.TrimSpace(string(b))
		case "mapping":
			f.mapping = string(b)
		case "accounts":
			f.accounts = string(b)
		default:
			return f, errorf(centavo.EBADREQUEST, "unknown field %q (expected file, format, dry_run, mapping, accounts)", name)
		}
	}
	if !f.sawFile {
		return f, errorf(centavo.EBADREQUEST, "the statement must be sent in the multipart field \"file\"")
	}
	return f, nil
}

func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errorf(centavo.ETOOLARGE, "the body is larger than %d bytes", mbe.Limit)
	}
	return errorf(centavo.EBADREQUEST, "the body is not a valid multipart form: %v", err)
}

func (s *server) handleImport() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		o := ingest.ImportOptions{StopBy: clock.Real().Add(ImportAnswerWithin)}
		id, err := pathID(r)
		if err != nil {
			return err
		}
		form, err := readImportForm(w, r)
		if err != nil {
			return err
		}
		switch f := file.Format(strings.ToLower(form.format)); f {
		case "", file.FormatOFX, file.FormatQIF, file.FormatCSV:
			o.Format = f
		case "qfx":
			o.Format = file.FormatOFX
		default:
			return errorf(centavo.EINVALID, "format must be ofx, qif or csv (or left out to detect it)")
		}
		if form.dryRun != "" {
			if o.DryRun, err = strconv.ParseBool(form.dryRun); err != nil {
				return errorf(centavo.EINVALID, "dry_run must be true or false")
			}
		}
		if strings.TrimSpace(form.mapping) != "" {
			var m file.CSVMapping
			dec := json.NewDecoder(strings.NewReader(form.mapping))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&m); err != nil {
				return errorf(centavo.EINVALID, "mapping must be a JSON object describing the CSV columns: %v", err)
			}
			o.CSV = &m
		}
		if o.Accounts, err = parseAccountsField(form.accounts); err != nil {
			return err
		}
		res, err := s.Ingest.Import(r.Context(), userID(r.Context()), id, form.data, o)
		if err != nil {
			return err
		}
		out := importResponse{
			Added: res.Added, Duplicates: res.Duplicates, ReplacedPending: res.Replaced, ReusedIDs: res.ReusedIDs, Format: string(res.Format),
			DryRun: o.DryRun, Skipped: []skippedJSON{}, SkippedCount: res.SkippedCount, Truncated: len(res.Skipped) < res.SkippedCount,
		}
		for _, sk := range res.Skipped {
			out.Skipped = append(out.Skipped, skippedJSON{Line: sk.Line, Reason: sk.Reason})
		}
		if o.DryRun {
			out.WouldAddCount, out.AlreadyRecordedCount = &res.Added, &res.KnownCount
			out.Truncated = out.Truncated || len(res.Preview) < res.Added || len(res.Known) < res.KnownCount
		}
		for _, t := range res.Preview {
			out.WouldAdd = append(out.WouldAdd, toTransactionJSON(t))
		}
		for _, t := range res.Known {
			out.AlreadyRecorded = append(out.AlreadyRecorded, toTransactionJSON(t))
		}
		out.Accounts = toImportAccountsJSON(res.Accounts, o.DryRun)
		encode(w, http.StatusOK, out)
		return nil
	})
}
