package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
)

// holdingsJSON is an account's latest positions. as_of is null when the
// account never had any.
type holdingsJSON struct {
	AsOf     *time.Time    `json:"as_of"`
	Holdings []holdingJSON `json:"holdings"`
}

// holdingJSON is one position. security is the security's name, or the
// institution's id of it (a CUSIP, an ISIN) when it gave no name; ticker
// is "" when unknown. units is a decimal string ("3095.206230511463"):
// exact, where a JSON number would be read as a float by most clients.
type holdingJSON struct {
	Security         string `json:"security"`
	Ticker           string `json:"ticker"`
	Units            string `json:"units"`
	PriceCents       int64  `json:"price_cents"`
	MarketValueCents int64  `json:"market_value_cents"`
	Currency         string `json:"currency"`
}

func toHoldingJSON(h centavo.Holding) holdingJSON {
	name := h.SecurityName
	if name == "" {
		name = h.SecurityID
	}
	return holdingJSON{Security: name, Ticker: h.Ticker, Units: h.Units, PriceCents: h.PriceCents,
		MarketValueCents: h.MarketValueCents, Currency: h.Currency}
}

func (s *server) handleHoldings() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		snap, err := s.Accounts.Holdings(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		out := holdingsJSON{Holdings: make([]holdingJSON, 0, len(snap.Holdings))}
		if !snap.AsOf.IsZero() {
			at := snap.AsOf.UTC()
			out.AsOf = &at
		}
		for _, h := range snap.Holdings {
			out.Holdings = append(out.Holdings, toHoldingJSON(h))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}
