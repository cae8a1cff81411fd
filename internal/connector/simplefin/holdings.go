package simplefin

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// holding is a position of an investment account, as bridges send it in
// the account's "holdings": an id, the security's symbol and
// description, the shares held (a number or a string), their market value,
// cost basis and purchase price (decimal strings), a currency ("": the
// account's) and when the holding was created (unix seconds). There is no
// current unit price: it is the market value divided by the shares.
type holding struct {
	ID            string   `json:"id"`
	Created       unixTime `json:"created"`
	Currency      string   `json:"currency"`
	CostBasis     decimal  `json:"cost_basis"`
	Description   string   `json:"description"`
	MarketValue   decimal  `json:"market_value"`
	PurchasePrice decimal  `json:"purchase_price"`
	Shares        decimal  `json:"shares"`
	Symbol        string   `json:"symbol"`
}

// holdingsOf turns an account's holdings into a snapshot as of its
// balance date (zero: the caller's now), adding to skipped why a holding
// was left out; nil when the bridge sent no holdings.
func holdingsOf(a account, currency string, skipped []string) (*connector.Holdings, []string) {
	if a.Holdings == nil {
		return nil, skipped
	}
	h := &connector.Holdings{Positions: []centavo.Holding{}}
	if a.BalanceDate > 0 && a.BalanceDate <= maxUnix {
		h.AsOf = time.Unix(int64(a.BalanceDate), 0).UTC()
	}
	for i, p := range *a.Holdings {
		pos, err := convertHolding(p, currency)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("holding %d: %v", i+1, err))
			continue
		}
		h.Positions = append(h.Positions, pos)
	}
	return h, skipped
}

// convertHolding checks one holding and turns it into ours.
func convertHolding(p holding, currency string) (centavo.Holding, error) {
	id := strings.TrimSpace(p.ID)
	symbol := userText(p.Symbol)
	if id == "" {
		id = symbol
	}
	if id == "" {
		return centavo.Holding{}, fmt.Errorf("no id and no symbol")
	}
	if err := connector.CheckID(id); err != nil {
		return centavo.Holding{}, err
	}
	units, err := centavo.NormalizeUnits(string(p.Shares))
	if err != nil {
		return centavo.Holding{}, fmt.Errorf("shares %q: %v", connector.Clip(string(p.Shares), 40), err)
	}
	value, err := parseCents(string(p.MarketValue))
	if err == nil {
		err = connector.CheckAmount(value)
	}
	if err != nil {
		return centavo.Holding{}, fmt.Errorf("market value: %v", err)
	}
	price, err := unitPrice(value, units)
	if err != nil {
		return centavo.Holding{}, err
	}
	if c := strings.TrimSpace(p.Currency); c != "" {
		currency = currencyOf(c)
	}
	return centavo.Holding{
		SecurityID: id, SecurityName: connector.Descriptor(userText(p.Description)), Ticker: connector.Clip(symbol, 32),
		Units: units, PriceCents: price, MarketValueCents: value, Currency: currency,
	}, nil
}

// unitPrice is the market value of one unit, in minor units, rounded half
// away from zero: value divided by units exactly. Zero units: 0.
func unitPrice(valueCents int64, units string) (int64, error) {
	u, ok := new(big.Rat).SetString(units)
	if !ok || u.Sign() == 0 {
		return 0, nil
	}
	q := new(big.Rat).Quo(new(big.Rat).SetInt64(valueCents), u)
	// Round half away from zero: (2·num ± den) / (2·den), truncated.
	num, den := new(big.Int).Mul(q.Num(), big.NewInt(2)), new(big.Int).Mul(q.Denom(), big.NewInt(2))
	if q.Sign() >= 0 {
		num.Add(num, q.Denom())
	} else {
		num.Sub(num, q.Denom())
	}
	r := new(big.Int).Quo(num, den)
	if !r.IsInt64() || r.Int64() > centavo.MaxTransactionCents || r.Int64() < -centavo.MaxTransactionCents {
		return 0, fmt.Errorf("a unit is worth more than %s (market value %s for %s shares)",
			centavo.FormatMoney(centavo.MaxTransactionCents, ""), centavo.FormatMoney(valueCents, ""), connector.Clip(units, 40))
	}
	return r.Int64(), nil
}
