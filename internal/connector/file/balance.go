package file

import (
	"fmt"
	"strings"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// ofxBalance reads a statement's LEDGERBAL and AVAILBAL: nil when it has
// no LEDGERBAL amount, an error (the balance is left out, the rows still
// count) when it cannot be read.
func ofxBalance(ledger, avail ofxparse.Balance) (*connector.Balance, error) {
	if strings.TrimSpace(ledger.Amount) == "" {
		return nil, nil
	}
	cents, err := parseAmount(ledger.Amount, decimalOFX)
	if err != nil {
		return nil, fmt.Errorf("the statement's balance (LEDGERBAL) was left out: %v", err)
	}
	b := &connector.Balance{LedgerCents: cents}
	if s := strings.TrimSpace(ledger.AsOf); s != "" {
		at, err := ofxparse.ParseDate(s)
		if err != nil {
			return nil, fmt.Errorf("the statement's balance (LEDGERBAL) was left out: DTASOF: %v", err)
		}
		b.AsOf = at.UTC()
	}
	if strings.TrimSpace(avail.Amount) != "" {
		if v, err := parseAmount(avail.Amount, decimalOFX); err == nil {
			b.AvailableCents = &v
		}
	}
	return b, nil
}
