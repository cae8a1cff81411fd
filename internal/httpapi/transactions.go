package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

type transactionJSON struct {
	ID             int64     `json:"id"`
	AccountID      int64     `json:"account_id"`
	PostedAt       time.Time `json:"posted_at"`
	Seller         string    `json:"seller"`
	Merchant       string    `json:"merchant"`
	AmountCents    int64     `json:"amount_cents"`
	Currency       string    `json:"currency"`
	Category       string    `json:"category"`
	CategorySource string    `json:"category_source"`
	Pending        bool      `json:"pending"`

	Notes          string          `json:"notes"`
	Tags           []string        `json:"tags"`
	Hidden         bool            `json:"hidden"`
	Splits         []centavo.Split `json:"splits"`
	TransferPairID *int64          `json:"transfer_pair_id"`
}

func toTransactionJSON(t centavo.Transaction) transactionJSON {
	j := transactionJSON{
		ID: t.ID, AccountID: t.AccountID, PostedAt: t.PostedAt.UTC(), Seller: t.Seller, Merchant: t.Merchant,
		AmountCents: t.AmountCents, Currency: t.Currency, Category: t.Category, CategorySource: t.CategorySource,
		Pending: t.Pending, Notes: t.Notes, Tags: t.Tags, Hidden: t.Hidden, Splits: t.Splits,
	}
	if j.Tags == nil {
		j.Tags = []string{}
	}
	if j.Splits == nil {
		j.Splits = []centavo.Split{}
	}
	if t.TransferPairID != 0 {
		j.TransferPairID = &t.TransferPairID
	}
	return j
}

type transactionsResponse struct {
	Transactions []transactionJSON `json:"transactions"`
	NextCursor   *string           `json:"next_cursor"`
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
		month, err := monthParam(r)
		if err != nil {
			return err
		}
		limit, err := intParam(r, "limit")
		if err != nil {
			return err
		}
		if (r.URL.Query().Has("limit") && limit == 0) || limit > ledger.MaxLimit {
			return errorf(centavo.EBADREQUEST, "limit must be between 1 and %d", ledger.MaxLimit)
		}
		account, err := intParam(r, "account_id")
		if err != nil {
			return err
		}
		page, err := s.Ledger.Transactions(r.Context(), userID(r.Context()), ledger.Query{
			Month: month, AccountID: account, Limit: int(limit), Cursor: r.URL.Query().Get("cursor"),
		})
		if err != nil {
			return err
		}
		out := transactionsResponse{Transactions: make([]transactionJSON, 0, len(page.Transactions))}
		for _, t := range page.Transactions {
			out.Transactions = append(out.Transactions, toTransactionJSON(t))
		}
		if page.NextCursor != "" {
			out.NextCursor = &page.NextCursor
		}
		encode(w, http.StatusOK, out)
		return nil
	})
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
	Category      *string `json:"category"`
	ApplyToFuture bool    `json:"apply_to_future"`
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
		if req.Category == nil {
			return errorf(centavo.EINVALID, "category is required")
		}
		t, _, err := s.Ledger.SetCategory(r.Context(), userID(r.Context()), id, ledger.Change{Category: *req.Category, ApplyToFuture: req.ApplyToFuture})
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toTransactionJSON(t))
		return nil
	})
}
