package httpapi_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
)

// The API's tests use the shared test client (internal/httpapi/apitest),
// which checks every answer against the OpenAPI document.
type (
	client      = apitest.Client
	accountOut  = apitest.Account
	accountsOut = apitest.Accounts
	txnOut      = apitest.Transaction
	txnsOut     = apitest.Transactions
	spendingOut = apitest.Spending
)

var allStatus = apitest.AllStatus

func newClient(t *testing.T, base string) *client { return apitest.New(t, base, httpapi.OpenAPI()) }

// signUp creates a user and returns a client signed in as them.
func signUp(t *testing.T, c *client, email string) *client {
	t.Helper()
	return c.SignUp(email)
}

// importFile posts a file to an account's imports.
func importFile(c *client, accountID int64, name, content string) (int, []byte) {
	c.T().Helper()
	return c.ImportFile(accountID, name, content, nil)
}

// linkSandbox links the sandbox bank's customer n (demo-n) and waits
// until both of its accounts are downloaded.
func linkSandbox(c *client, f *fixture, n int) []accountOut {
	c.T().Helper()
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": f.base + "/sandbox/ofx", "org": "S", "fid": "1",
		"login": fmt.Sprintf("demo-%d", n), "password": fmt.Sprintf("secret-%d", n),
	}, 202, nil)
	return c.WaitAccounts("accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
