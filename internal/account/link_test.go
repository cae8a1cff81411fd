package account

import (
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

func TestLinkParamsValidate(t *testing.T) {
	t.Parallel()
	ofx := func(change func(*LinkParams)) LinkParams {
		p := LinkParams{Connector: "ofx", URL: "https://bank.example/ofx", Org: "B", FID: "1", Login: "me", Password: "pw"}
		if change != nil {
			change(&p)
		}
		return p
	}
	for _, tc := range []struct {
		name  string
		p     LinkParams
		want  string // "" valid, else a piece of the message
		check func(t *testing.T, p LinkParams)
	}{
		{"ofx login to discover", ofx(nil), "", nil},
		{"named bank account gets CHECKING", ofx(func(p *LinkParams) { p.AccountID, p.BankID = "123", "9" }), "",
			func(t *testing.T, p LinkParams) {
				if p.AccountType != "CHECKING" {
					t.Errorf("account type %q", p.AccountType)
				}
			}},
		{"card needs no bank id", ofx(func(p *LinkParams) { p.AccountID, p.AccountType = "4111", "creditcard" }), "",
			func(t *testing.T, p LinkParams) {
				if p.AccountType != "CREDITCARD" {
					t.Errorf("account type %q", p.AccountType)
				}
			}},
		{"bank account without bank id", ofx(func(p *LinkParams) { p.AccountID = "123" }), "bank_id is required", nil},
		{"unknown account type", ofx(func(p *LinkParams) { p.AccountID, p.BankID, p.AccountType = "1", "9", "BROKERAGE" }), "account_type must be", nil},
		{"bank id without account id", ofx(func(p *LinkParams) { p.BankID = "9" }), "need account_id", nil},
		{"not a web address", ofx(func(p *LinkParams) { p.URL = "ftp://bank.example/ofx" }), "http or https URL", nil},
		{"no host", ofx(func(p *LinkParams) { p.URL = "https:///ofx" }), "http or https URL", nil},
		{"no org", ofx(func(p *LinkParams) { p.Org = " " }), "org and fid are required", nil},
		{"no password", ofx(func(p *LinkParams) { p.Password = "" }), "login and password are required", nil},
		{"long password", ofx(func(p *LinkParams) { p.Password = strings.Repeat("x", 257) }), "at most 256 bytes", nil},
		{"long fid", ofx(func(p *LinkParams) { p.FID = strings.Repeat("1", 65) }), "fid is longer than 64", nil},
		{"long name", ofx(func(p *LinkParams) { p.Name = strings.Repeat("n", 101) }), "name is longer than 100", nil},
		{"unknown connector", LinkParams{Connector: "plaid"}, "connector must be", nil},
		{"simplefin without token", LinkParams{Connector: "simplefin", SetupToken: "  "}, "setup_token is required", nil},
		{"simplefin huge token", LinkParams{Connector: "simplefin", SetupToken: strings.Repeat("t", 4097)}, "longer than 4096", nil},
		{"simplefin token", LinkParams{Connector: "simplefin", SetupToken: " abc "}, "",
			func(t *testing.T, p LinkParams) {
				if p.SetupToken != "abc" {
					t.Errorf("token %q not trimmed", p.SetupToken)
				}
			}},
		{"file account is checked by CreateFile", LinkParams{Connector: " file "}, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			err := p.validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("accepted, want an error with %q", tc.want)
			case tc.want != "" && (centavo.ErrorCode(err) != centavo.EINVALID || !strings.Contains(centavo.ErrorMessage(err), tc.want)):
				t.Fatalf("error %v, want invalid with %q", err, tc.want)
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}
