package httpapi

import (
	"net/http"

	"github.com/centavo/centavo"
)

// Transfers between the user's own accounts (docs/0030-transfers.md): a
// transaction's JSON says transfer_pair_id and transfer_with; the pairs are
// made after each ingest, by hand here, and undone by a category change
// (PATCH /api/v1/transactions/{id}).

type pairRequest struct {
	With *int64 `json:"with"`
}

type pairResponse struct {
	Transactions []transactionJSON `json:"transactions"`
}

// handlePairTransaction files {id} and "with" as the two sides of a
// transfer by hand: 200 {"transactions":[id's, with's]}.
func (s *server) handlePairTransaction() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[pairRequest](w, r)
		if err != nil {
			return err
		}
		if req.With == nil || *req.With <= 0 {
			return errorf(centavo.EINVALID, "with must be the id of one of your transactions")
		}
		a, b, err := s.Ledger.Pair(r.Context(), userID(r.Context()), id, *req.With)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, pairResponse{Transactions: []transactionJSON{toTransactionJSON(a), toTransactionJSON(b)}})
		return nil
	})
}
