package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/ledger"
)

// transactionJSON is a transaction as the API shows it: the same shape as
// the JSON export writes (ledger.ExportedTransaction).
type transactionJSON = ledger.ExportedTransaction

func toTransactionJSON(t centavo.Transaction) transactionJSON { return ledger.Exported(t) }

type transactionsResponse struct {
	Transactions []transactionJSON `json:"transactions"`
	NextCursor   *string           `json:"next_cursor"`
	// Count and TotalCents are of everything that matches (search.go).
	Count      int64 `json:"count"`
	TotalCents int64 `json:"total_cents"`
}

// monthParam reads ?month=YYYY-MM; absent gives the zero month.
func monthParam(r *http.Request) (centavo.Month, error) {
	v := r.URL.Query().Get("month")
	if v == "" {
		return centavo.Month{}, nil
	}
	m, err := centavo.ParseMonth(v)
	if err != nil {
		return m, errorf(centavo.EBADREQUEST, "month %q is not of the form YYYY-MM", v)
	}
	return m, nil
}

func intParam(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, errorf(centavo.EBADREQUEST, "%s must be a non-negative integer", name)
	}
	return n, nil
}

func (s *server) handleListTransactions() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		limit, err := intParam(r, "limit")
		if err != nil {
			return err
		}
		if (r.URL.Query().Has("limit") && limit == 0) || limit > ledger.MaxLimit {
			return errorf(centavo.EBADREQUEST, "limit must be between 1 and %d", ledger.MaxLimit)
		}
		q, err := searchParams(r)
		if err != nil {
			return err
		}
		q.Limit, q.Cursor = int(limit), r.URL.Query().Get("cursor")
		b, err := s.Ledger.TransactionsJSON(r.Context(), userID(r.Context()), q, "api", encodeTransactions)
		if err != nil {
			return err
		}
		encodedJSON(w, http.StatusOK, b)
		return nil
	})
}

// encodeTransactions is a page as GET /transactions sends it (cached so:
// "api" pages in the ledger's cache).
func encodeTransactions(page ledger.Page) ([]byte, error) {
	out := transactionsResponse{Transactions: make([]transactionJSON, 0, len(page.Transactions)), Count: page.Count, TotalCents: page.TotalCents}
	for _, t := range page.Transactions {
		out.Transactions = append(out.Transactions, toTransactionJSON(t))
	}
	if page.NextCursor != "" {
		out.NextCursor = &page.NextCursor
	}
	return ledger.JSONLine(out)
}

func (s *server) handleGetTransaction() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		t, err := s.Ledger.Transaction(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toTransactionJSON(t))
		return nil
	})
}

type patchTransactionRequest struct {
	Category      *string   `json:"category"`
	ApplyToFuture bool      `json:"apply_to_future"`
	Notes         *string   `json:"notes"`
	Tags          *[]string `json:"tags"`
	Hidden        *bool     `json:"hidden"`
	Merchant      *string   `json:"merchant"`
}

func (s *server) handlePatchTransaction() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[patchTransactionRequest](w, r)
		if err != nil {
			return err
		}
		var t centavo.Transaction
		if req.Notes == nil && req.Tags == nil && req.Hidden == nil && req.Merchant == nil {
			// A category alone: the change the API always had.
			if req.Category == nil {
				return errorf(centavo.EINVALID, "category is required (or notes, tags, hidden, merchant)")
			}
			t, _, err = s.Ledger.SetCategory(r.Context(), userID(r.Context()), id, ledger.Change{Category: *req.Category, ApplyToFuture: req.ApplyToFuture})
		} else {
			t, err = s.Ledger.Edit(r.Context(), userID(r.Context()), id, ledger.Edit{
				Category: req.Category, ApplyToFuture: req.ApplyToFuture, Notes: req.Notes, Tags: req.Tags, Hidden: req.Hidden, Merchant: req.Merchant,
			})
		}
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toTransactionJSON(t))
		return nil
	})
}

type splitsRequest struct {
	Splits []centavo.Split `json:"splits"`
}

func (s *server) handlePutSplits() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[splitsRequest](w, r)
		if err != nil {
			return err
		}
		if len(req.Splits) < 2 {
			return errorf(centavo.EINVALID, "a split has at least 2 parts (DELETE the splits to undo one)")
		}
		t, err := s.Ledger.SetSplits(r.Context(), userID(r.Context()), id, req.Splits)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toTransactionJSON(t))
		return nil
	})
}

func (s *server) handleDeleteSplits() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		t, err := s.Ledger.SetSplits(r.Context(), userID(r.Context()), id, nil)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toTransactionJSON(t))
		return nil
	})
}

type createTransactionRequest struct {
	AccountID   int64  `json:"account_id"`
	PostedAt    string `json:"posted_at"`
	AmountCents *int64 `json:"amount_cents"`
	Merchant    string `json:"merchant"`
	Category    string `json:"category"`
	Notes       string `json:"notes"`
}

// parsePostedAt reads a transaction's time: RFC 3339, or a date (its
// start, UTC).
func parsePostedAt(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if d, err := centavo.ParseDay(v); err == nil {
		return d.Time(), nil
	}
	return time.Time{}, errorf(centavo.EINVALID, "posted_at %q is neither an RFC 3339 time nor a date YYYY-MM-DD", v)
}

func (s *server) handleCreateTransaction() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[createTransactionRequest](w, r)
		if err != nil {
			return err
		}
		user := userID(r.Context())
		if req.AccountID <= 0 || req.AmountCents == nil || req.PostedAt == "" {
			return errorf(centavo.EINVALID, "account_id, posted_at, amount_cents and merchant are required")
		}
		at, err := parsePostedAt(req.PostedAt)
		if err != nil {
			return err
		}
		if req.Category != "" {
			if err := s.Ledger.ValidCategory(r.Context(), user, req.Category); err != nil {
				return err
			}
		}
		if err := ledger.CheckNotes(req.Notes); err != nil {
			return err
		}
		t, err := s.Ingest.AddManual(r.Context(), user, req.AccountID, ingest.Manual{
			PostedAt: at, AmountCents: *req.AmountCents, Merchant: req.Merchant, Category: req.Category, Notes: req.Notes,
		})
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, toTransactionJSON(t))
		return nil
	})
}

func (s *server) handleDeleteTransaction() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Ingest.DeleteManual(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}
