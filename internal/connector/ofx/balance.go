package ofx

import (
	"fmt"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// readBalance reads a statement's LEDGERBAL and AVAILBAL; nil when there is
// no LEDGERBAL amount. A balance that cannot be read is left out and said
// in skipped: the transactions still count.
func readBalance(ledger, avail ofxparse.Balance, skipped *[]string) *connector.Balance {
	if ledger.Amount == "" {
		return nil
	}
	v, ok := balanceCents(ledger.Amount)
	if !ok {
		*skipped = append(*skipped, fmt.Sprintf("the balance (LEDGERBAL) %q is not an amount", connector.Clip(ledger.Amount, 40)))
		return nil
	}
	asOf, err := ofxDate(ledger.AsOf)
	if err != nil {
		*skipped = append(*skipped, fmt.Sprintf("the balance's date (LEDGERBAL DTASOF) %q is not a date", connector.Clip(ledger.AsOf, 40)))
		return nil
	}
	b := &connector.Balance{LedgerCents: v, AsOf: asOf.UTC()}
	if a, ok := balanceCents(avail.Amount); ok && avail.Amount != "" {
		b.AvailableCents = &a
	}
	return b
}

// balanceCents reads a balance amount within the bounds of any amount.
func balanceCents(s string) (int64, bool) {
	c, err := amountCents(s)
	if err != nil || c.overflow != nil || connector.CheckAmount(c.v) != nil {
		return 0, false
	}
	return c.v, true
}
