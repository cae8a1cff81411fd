package file

import (
	"fmt"
	"strings"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// QIF investment records (!Type:Invst) are imported on their cash side, as
// OFX investment statements are (invest.go): the action (N) says what the
// amount (T, else U, else the cash moved, $) does to the account's cash. QIF writes amounts
// unsigned, so the action gives the sign; only "Cash" is signed. An action
// ending in X (BuyX, DivX…) is paid from or to another account (L): it
// moves no cash in this one, nor do reinvestments and shares moved in or
// out. QIF files have no ids and no positions list: the rows get the
// fingerprint ids every id-less row gets, and no holdings.

// qifActions are the cash actions of QIF investment records: a descriptor
// name, the OFX TRNTYPE the categorizer reads, and the sign of the cash
// (+1 in, -1 out, 0 signed as written).
var qifActions = map[string]struct {
	name, trnType string
	sign          int64
}{
	"buy": {"Buy", "XFER", -1}, "sell": {"Sell", "XFER", 1}, "shtsell": {"Short sale", "XFER", 1}, "cvrshrt": {"Cover short", "XFER", -1},
	"div": {"Dividend", "DIV", 1}, "intinc": {"Interest", "INT", 1}, "cglong": {"Long-term capital gain", "DIV", 1},
	"cgmid": {"Mid-term capital gain", "DIV", 1}, "cgshort": {"Short-term capital gain", "DIV", 1},
	"miscinc": {"Income", "CREDIT", 1}, "miscexp": {"Fee", "FEE", -1}, "margint": {"Margin interest", "INT", -1},
	"rtrncap": {"Return of capital", "XFER", 1}, "xin": {"Transfer in", "XFER", 1}, "xout": {"Transfer out", "XFER", -1},
	"contribx": {"Contribution", "XFER", 1}, "withdrwx": {"Withdrawal", "XFER", -1}, "cash": {"Cash", "", 0},
}

// qifNoCash are the actions that move no cash in the account.
var qifNoCash = map[string]bool{
	"reinvdiv": true, "reinvint": true, "reinvlg": true, "reinvmd": true, "reinvsh": true, "reinvinc": true,
	"shrsin": true, "shrsout": true, "stksplit": true, "grant": true, "vest": true, "exercise": true, "expire": true,
	"exercisx": true,
}

// convertInvestment turns an investment record into the cash transaction
// it makes; moves is false for one that moves no cash.
func (r *qifRecord) convertInvestment(order dateOrder, currency string) (connector.Transaction, bool, error) {
	action := strings.ToLower(strings.Join(strings.Fields(r.action), ""))
	act, ok := qifActions[action]
	switch {
	case qifNoCash[action]:
		return connector.Transaction{}, false, nil
	case !ok && strings.HasSuffix(action, "x") && len(action) > 1:
		if _, base := qifActions[strings.TrimSuffix(action, "x")]; base {
			return connector.Transaction{}, false, nil // paid from or to another account
		}
	}
	if !ok {
		if action == "" {
			return connector.Transaction{}, false, fmt.Errorf("investment transaction without an action (N line)")
		}
		return connector.Transaction{}, false, fmt.Errorf("unknown investment action %q", clip(r.action))
	}
	if strings.TrimSpace(r.amount) == "" && strings.TrimSpace(r.uamt) == "" && r.transfer != "" {
		r.amount, r.hasT = r.transfer, true // no total: the cash moved ($) is the amount
	}
	tx, err := r.convert(order, currency)
	if err != nil {
		return tx, false, err
	}
	if act.sign != 0 {
		if tx.AmountCents < 0 {
			tx.AmountCents = -tx.AmountCents
		}
		tx.AmountCents *= act.sign
	}
	desc := act.name
	if act.sign == 0 && tx.Descriptor != "" {
		desc = tx.Descriptor
	}
	if sec := strings.TrimSpace(r.security); sec != "" {
		desc += ofxparse.DescriptorSeparator + sec
	}
	tx.Descriptor, tx.TrnType = connector.Descriptor(desc), act.trnType
	return tx, true, nil
}

func setFirst(dst *string, value string) {
	if *dst == "" {
		*dst = value
	}
}
