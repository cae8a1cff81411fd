package web_test

import (
	"context"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/web"
)

// severalQIF holds three accounts.
const severalQIF = "!Account\nNChecking\nTBank\n^\n!Type:Bank\nD03/02/2026\nT-40.00\nPCITY WATER\n^\nD03/05/2026\nT2500.00\nPACME PAYROLL\n^\n" +
	"!Account\nNVisa\nTCCard\n^\n!Type:CCard\nD03/03/2026\nT-4.50\nPBLUE BOTTLE COFFEE\n^\nD03/04/2026\nT-60.00\nPSHELL OIL\n^\n" +
	"!Account\nNOld savings\nTBank\n^\n!Type:Bank\nD03/07/2026\nT1.00\nPINTEREST\n^\n"

// TestImportSeveralAccountsForm (issue 18, item 6): importing a file of
// several accounts through the form shows a preview of each and a form to
// say where each goes, storing nothing; the confirmation refuses a form
// that leaves one out, then imports each account where the user chose.
func TestImportSeveralAccountsForm(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("several@example.com")
	checking := f.fileAccount(a, "Main checking", "USD")
	csrf := part{web.CSRFField, web.CSRFToken(a.token)}

	res := f.upload(a, importPath(checking), []part{csrf}, "all.qif", []byte(severalQIF))
	if res.Code != 200 {
		t.Fatalf("import: %d %s", res.Code, res.body)
	}
	for _, want := range []string{`id="needs-mapping"`, "holds 3 accounts", `id="file-accounts-form"`, `name="account-2"`,
		`<option value="` + strconv.FormatInt(checking.ID, 10) + `">Main checking</option>`, `value="Visa"`,
		"BLUE BOTTLE COFFEE", "INTEREST", `id="file-account-1"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if got := f.stored(a, checking.ID); len(got) != 0 {
		t.Fatalf("the preview stored %d rows", len(got))
	}
	m := regexp.MustCompile(`name="preview" value="([^"]+)"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatal("no confirmation form")
	}
	confirm := "/accounts/" + strconv.FormatInt(checking.ID, 10) + "/import/confirm"
	partial := url.Values{"preview": {m[1]}, "account-0": {strconv.FormatInt(checking.ID, 10)}, "account-1": {"new"}, "name-1": {"Visa card"}}
	if res := f.post(a, confirm, withCSRF(a, partial)); res.Code != 422 || !strings.Contains(res.body, "Choose where each account") {
		t.Fatalf("confirm leaving one out: %d", res.Code)
	}
	full := url.Values{"preview": {m[1]}, "account-0": {strconv.FormatInt(checking.ID, 10)}, "account-1": {"new"}, "name-1": {"Visa card"}, "account-2": {"skip"}}
	res = f.post(a, confirm, withCSRF(a, full))
	if res.Code != 200 || !strings.Contains(res.body, `id="file-accounts-done"`) || !strings.Contains(res.body, "Not imported") {
		t.Fatalf("confirm: %d %s", res.Code, res.body)
	}
	sellers := func(id int64) string {
		var out []string
		for _, tx := range f.stored(a, id) {
			out = append(out, tx.Seller)
		}
		sort.Strings(out)
		return strings.Join(out, ", ")
	}
	if got := sellers(checking.ID); got != "ACME PAYROLL, CITY WATER" {
		t.Errorf("checking holds %s", got)
	}
	list, err := f.st.Accounts(context.Background(), a.id)
	if err != nil {
		t.Fatal(err)
	}
	var visa int64
	for _, acc := range list {
		if acc.Name == "Visa card" {
			visa = acc.ID
		}
	}
	if visa == 0 {
		t.Fatalf("accounts after the import: %+v", list)
	}
	if got := sellers(visa); got != "BLUE BOTTLE COFFEE, SHELL OIL" {
		t.Errorf("the new account holds %s", got)
	}
}
