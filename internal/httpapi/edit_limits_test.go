package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

// TestEditLimits: a split of more than 50 parts, a tag with a comma or a
// control character (in an edit or a rule's action) and a merchant name
// with a control character are refused (422) and change nothing; a tag
// without them is kept as sent, so the web's comma-separated field gives
// it back unchanged.
func TestEditLimits(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "limits@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	var tx txnOut
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": cash.Accounts[0].ID, "posted_at": centavo.MonthOf(f.now()).Add(-1).Start().Format("2006-01-02"),
		"amount_cents": -5100, "merchant": "Corner Market", "category": "food"}, 201, &tx)
	path := fmt.Sprintf("/api/v1/transactions/%d", tx.ID)

	parts := make([]string, 51)
	for i := range parts {
		parts[i] = `{"amount_cents":-100,"category":"food"}`
	}
	if code, body := c.Raw("PUT", path+"/splits", strings.NewReader(`{"splits":[`+strings.Join(parts, ",")+`]}`), "application/json"); code != 422 {
		t.Errorf("51 parts: %d %s", code, body)
	}
	for name, body := range map[string]string{
		"a tag with a comma":           `{"tags":["home, garden"]}`,
		"a tag with a control":         `{"tags":["home\u0007"]}`,
		"a merchant with a line break": `{"merchant":"Corner\nMarket"}`,
	} {
		if code, answer := c.Raw("PATCH", path, strings.NewReader(body), "application/json"); code != 422 {
			t.Errorf("%s: %d %s", name, code, answer)
		}
	}
	if code, body := c.Raw("POST", "/api/v1/rules", strings.NewReader(`{"conditions":{"merchant":"Corner Market"},"actions":{"tags":["a,b"]}}`), "application/json"); code != 422 {
		t.Errorf("a rule tagging with a comma: %d %s", code, body)
	}
	var got txnOut
	c.Do("GET", path, nil, 200, &got)
	if len(got.Splits) != 0 || len(got.Tags) != 0 || got.Merchant != "Corner Market" {
		t.Errorf("refused edits changed the row: %+v", got)
	}
}
