package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/sandbox"
	"github.com/centavo/centavo/internal/store"
)

// manualClock is a business clock the test moves by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// setupManual starts the API on a clock the test moves: the test's instant,
// at second 10 of its minute (so a minute's quota has 50 s left).
func setupManual(t *testing.T, args ...string) (*fixture, *manualClock) {
	t.Helper()
	start := clocktest.New(t)().UTC().Truncate(time.Minute).Add(10 * time.Second)
	mc := &manualClock{t: start}
	a := apptest.StartAt(t, mc.Now, args...)
	f := &fixture{now: mc.Now, app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{}).URL
	return f, mc
}

// TestRepairConnection: a wrong password puts the login's account in
// needs_attention; PUT …/credentials with the right one seals it, clears
// the status and refreshes: discovery then finds both accounts and they
// download. Bad shapes, file accounts and others' accounts are refused.
func TestRepairConnection(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "fix@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": f.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-3", "password": "not-it",
	}, 202, nil)
	stuck := c.WaitAccounts("needs_attention", 60*time.Second, allStatus(1, centavo.AccountNeedsAttention))[0]
	path := fmt.Sprintf("/api/v1/accounts/%d/credentials", stuck.ID)

	c.Do("PUT", path, map[string]string{"login": "demo-3"}, 422, nil)
	c.Do("PUT", path, map[string]string{"login": "demo-3", "password": strings.Repeat("x", 257)}, 422, nil)
	c.Do("PUT", path, map[string]string{"login": "demo-3", "password": "secret-3", "pin": "1"}, 400, nil)
	var file accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Cash"}, 201, &file)
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/credentials", file.Accounts[0].ID),
		map[string]string{"login": "a", "password": "b"}, 422, nil)
	other := signUp(t, newClient(t, f.base), "other@example.com")
	other.Do("PUT", path, map[string]string{"login": "demo-3", "password": "secret-3"}, 404, nil)
	if got := c.Accounts(); got[0].Status != centavo.AccountNeedsAttention {
		t.Fatalf("a refused repair changed the account: %+v", got[0])
	}

	var repaired accountsOut
	c.Do("PUT", path, map[string]string{"login": "demo-3", "password": "secret-3"}, 202, &repaired)
	if len(repaired.Accounts) != 1 || repaired.Accounts[0].Status != centavo.AccountLinking || repaired.Accounts[0].LastError != "" {
		t.Fatalf("repair answered %+v", repaired)
	}
	got := c.WaitAccounts("repaired accounts ok", 60*time.Second, func(list []accountOut) bool {
		n := 0
		for _, a := range list {
			if a.Status == centavo.AccountOK && a.LastUpdate != nil {
				n++
			}
		}
		return n == 2
	})
	if len(c.AllTransactions("")) == 0 {
		t.Errorf("repaired accounts %+v downloaded nothing", got)
	}

	// Both accounts of the login now share a connection: a second repair
	// (the bank changed the password again) reaches both.
	c.Do("PUT", path, map[string]string{"login": "demo-3", "password": "secret-3"}, 202, &repaired)
	if len(repaired.Accounts) != 2 {
		t.Errorf("second repair reached %d accounts, want the login's 2: %+v", len(repaired.Accounts), repaired.Accounts)
	}
	c.WaitAccounts("ok again", 60*time.Second, func(list []accountOut) bool {
		return allStatus(3, centavo.AccountOK)(list) || countStatus(list, centavo.AccountOK) == 3
	})
}

func countStatus(list []accountOut, status string) int {
	n := 0
	for _, a := range list {
		if a.Status == status {
			n++
		}
	}
	return n
}

type institutionOut struct {
	ID, Name, URL, Org, FID, Protocol string
}

// TestInstitutionDirectory: the embedded directory answers searches; a
// directory file replaces it, and linking by institution_id fills the
// server, ORG and FID (an unknown id is refused).
func TestInstitutionDirectory(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "dir@example.com")
	var found struct{ Institutions []institutionOut }
	c.Do("GET", "/api/v1/institutions?q=chase", nil, 200, &found)
	if !hasInstitution(found.Institutions, "chase", "https://ofx.chase.com", "B1", "10898") {
		t.Errorf("search chase: %+v", found.Institutions)
	}
	c.Do("GET", "/api/v1/institutions?q=no+such+bank+anywhere", nil, 200, &found)
	if len(found.Institutions) != 0 {
		t.Errorf("nonsense search found %+v", found.Institutions)
	}
	c.Do("GET", "/api/v1/institutions?q="+strings.Repeat("q", 201), nil, 422, nil)
	newClient(t, f.base).Do("GET", "/api/v1/institutions", nil, 401, nil)

	// A directory file naming a sandbox bank on its own address.
	now := clocktest.New(t)
	bank := httptest.NewServer(sandbox.NewBank(now, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(bank.Close)
	dir := filepath.Join(t.TempDir(), "institutions.json")
	doc := `{"institutions":[{"id":"sandbox","name":"Centavo Sandbox Bank","url":"` + bank.URL + `/ofx","org":"SANDBOX","fid":"9999","protocol":"ofx","source":{"test":"this test"}}]}`
	if err := os.WriteFile(dir, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	a := apptest.StartAt(t, now, "--institutions-file", dir, "--allow-private-banks")
	base := apptest.Serve(t, a, app.HandlerOptions{}).URL
	u := signUp(t, newClient(t, base), "byid@example.com")
	u.Do("GET", "/api/v1/institutions?q=sandbox", nil, 200, &found)
	if !hasInstitution(found.Institutions, "sandbox", bank.URL+"/ofx", "SANDBOX", "9999") || len(found.Institutions) != 1 {
		t.Fatalf("the file's directory: %+v", found.Institutions)
	}
	u.Do("GET", "/api/v1/institutions?q=chase", nil, 200, &found)
	if len(found.Institutions) != 0 {
		t.Errorf("the file replaces the embedded directory, yet chase is found: %+v", found.Institutions)
	}
	u.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "institution_id": "nope", "login": "demo-2", "password": "secret-2",
	}, 422, nil)
	if len(u.Accounts()) != 0 {
		t.Fatal("a refused link made an account")
	}
	var linked struct {
		Accounts []struct {
			Institution struct{ URL, Org, FID string }
		}
	}
	u.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "institution_id": "sandbox", "login": "demo-2", "password": "secret-2",
	}, 202, &linked)
	if in := linked.Accounts[0].Institution; in.URL != bank.URL+"/ofx" || in.Org != "SANDBOX" || in.FID != "9999" {
		t.Errorf("linked by id: %+v", in)
	}
	u.WaitAccounts("linked by id", 60*time.Second, allStatus(2, centavo.AccountOK))
}

func hasInstitution(list []institutionOut, id, url, org, fid string) bool {
	for _, in := range list {
		if in.ID == id && in.URL == url && in.Org == org && in.FID == fid && in.Protocol == "ofx" && in.Name != "" {
			return true
		}
	}
	return false
}

// TestRefreshQuota: with 3 requests a minute to an OFX server, linking
// (discovery and two downloads) uses the minute up; a refresh is then
// refused with 429 and the seconds to the minute's end, and allowed once
// the clock moves on.
func TestRefreshQuota(t *testing.T) {
	t.Parallel()
	// A bank of its own: this server's built-in sandbox has no limits.
	bank := httptest.NewServer(sandbox.NewBank(clocktest.New(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(bank.Close)
	f, mc := setupManual(t, "--ofx-requests-per-minute", "3", "--allow-private-banks")
	c := signUp(t, newClient(t, f.base), "quota@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": bank.URL + "/ofx", "org": "S", "fid": "1", "login": "demo-4", "password": "secret-4",
	}, 202, nil)
	accts := c.WaitAccounts("accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	res, body := c.RawResponse("POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", accts[0].ID), nil, "")
	if res.StatusCode != 429 {
		t.Fatalf("refresh past the quota: %d %s", res.StatusCode, body)
	}
	if got := res.Header.Get("Retry-After"); got != "50" {
		t.Errorf("Retry-After %q, want 50 (the minute's seconds left on the test's clock)", got)
	}
	var e struct{ Error struct{ Code string } }
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != centavo.ETOOMANY {
		t.Errorf("error body %s", body)
	}
	mc.Advance(time.Minute)
	c.RefreshAll(c.Accounts())
}

// TestAccountStale: an account that has not updated for 3 days is told
// once (account_stale), whatever how often the daily plan runs.
func TestAccountStale(t *testing.T) {
	t.Parallel()
	f, mc := setupManual(t)
	c := signUp(t, newClient(t, f.base), "stale@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": f.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-6", "password": "wrong",
	}, 202, nil)
	c.WaitAccounts("needs_attention", 60*time.Second, allStatus(1, centavo.AccountNeedsAttention))

	plan := func() {
		t.Helper()
		day := mc.Now().UTC().Format(time.DateOnly)
		err := f.app.Cluster.Shards()[0].InTx(context.Background(), func(tx store.Tx) error {
			return tx.Enqueue(context.Background(), river.InsertManyParams{Args: jobargs.ScheduleRefreshes{Day: day}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	mc.Advance(48 * time.Hour) // two days: not stale yet
	plan()
	waitPlanned(t, f, mc.Now().UTC().Format(time.DateOnly))
	if got := notificationsOf(t, c, centavo.NotifyAccountStale); len(got) != 0 {
		t.Fatalf("stale after two days: %+v", got)
	}
	mc.Advance(25 * time.Hour) // 73 h without an update, another day
	plan()
	n := waitNotifications(t, c, centavo.NotifyAccountStale, 1)
	if !strings.Contains(n[0].Message, "has not updated since") {
		t.Errorf("message %q", n[0].Message)
	}
	mc.Advance(24 * time.Hour)
	plan()
	// The plan ran again (its own job completed): still one notification.
	waitPlanned(t, f, mc.Now().UTC().Format(time.DateOnly))
	if got := notificationsOf(t, c, centavo.NotifyAccountStale); len(got) != 1 {
		t.Errorf("%d account_stale notifications, want 1: %+v", len(got), got)
	}
}

type notificationOut struct {
	Kind, Message string
	AccountID     int64 `json:"account_id"`
}

func notificationsOf(t *testing.T, c *client, kind string) []notificationOut {
	t.Helper()
	var list struct{ Notifications []notificationOut }
	c.Do("GET", "/api/v1/notifications", nil, 200, &list)
	var out []notificationOut
	for _, n := range list.Notifications {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

func waitNotifications(t *testing.T, c *client, kind string, n int) []notificationOut {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := notificationsOf(t, c, kind)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d %s notifications, have %+v", n, kind, got)
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
}

// waitPlanned waits until the planning job of the given day completed.
func waitPlanned(t *testing.T, f *fixture, day string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		jobs, err := f.app.Queues[0].Jobs(context.Background(), jobargs.ScheduleRefreshes{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			var args jobargs.ScheduleRefreshes
			if json.Unmarshal(j.EncodedArgs, &args) == nil && args.Day == day && j.State == rivertype.JobStateCompleted {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the planning job of %s did not complete", day)
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
}
