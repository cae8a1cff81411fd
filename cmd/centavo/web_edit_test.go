package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/centavo/centavo"
)

// TestWebEdit (issue 17, item 8) drives the transactions page in headless
// Chromium: a row's category, its notes and tags, and a split made in a
// dialog (refused first, the parts not adding up) are saved in place —
// the page does not reload (a marker set on the window survives) — and
// several rows ticked are hidden at once with one form; the API agrees
// with what the page shows. Screenshots at desktop and phone width.
func TestWebEdit(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 2*time.Minute)
	a := startServe(t)
	const email, password = "inline@example.com", "correct horse battery"
	b.signUp(a.base, email, password)

	// Three cash purchases last month, through the API.
	c := newClient(t, a.base)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/sessions", map[string]string{"email": email, "password": password}, 201, &tok)
	c = c.With(tok.Token)
	var accts accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &accts)
	month := centavo.MonthOf(testNow(t)()).Add(-1)
	var ids []string
	for i, m := range []string{"Flower Stall", "Corner Market", "Taxi"} {
		var tx txnOut
		c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": accts.Accounts[0].ID, "posted_at": month.Start().AddDate(0, 0, i+2).Format("2006-01-02"),
			"amount_cents": -int64(1000 * (i + 1)), "merchant": m, "category": "shopping"}, 201, &tx)
		ids = append(ids, strconv.FormatInt(tx.ID, 10))
	}
	dir := screenshotDir(t)
	shot := func(name string) { // what the person sees now
		t.Helper()
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("browser: screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.do(chromedp.EmulateViewport(1280, 800))
	page := a.base + "/transactions?month=" + month.String()
	b.open(page)
	eval[bool](b, `window.notReloaded = true`)
	notReloaded := func(after string) {
		t.Helper()
		if !eval[bool](b, `window.notReloaded === true`) {
			t.Fatalf("the page reloaded after %s", after)
		}
	}

	// The category in place.
	row := "#tx-" + ids[0]
	b.do(chromedp.SetValue(chromedp.CSS("#cat-"+ids[0]), centavo.CatGiftsDonations), chromedp.Click(chromedp.CSS(row+" .catform button[type=submit]")))
	b.waitFor("the category saved in place", `document.querySelector('`+row+`').dataset.category === 'gifts_donations'`, 15*time.Second)
	notReloaded("the category change")

	// Notes and tags in place, in the row's edit drawer.
	b.do(chromedp.Click(chromedp.CSS(row + " .tx-edit summary")))
	b.do(chromedp.SetValue(chromedp.CSS("#notes-"+ids[0]), "For Mum's birthday"))
	b.fill("#tags-"+ids[0], "family, birthday")
	shot("transactions-edit-drawer-1280x800")
	b.do(chromedp.Click(chromedp.CSS(row + " .editform button[type=submit]")))
	b.waitFor("the notes saved in place", `(document.querySelector('`+row+` .tx-notes') || {}).textContent === "For Mum's birthday"`, 15*time.Second)
	notReloaded("the notes")
	if tags := eval[[]string](b, `[...document.querySelectorAll('`+row+` .tag')].map(e => e.textContent)`); fmt.Sprint(tags) != "[family birthday]" {
		t.Errorf("tags shown %v", tags)
	}
	// A split in the dialog, refused until the parts add up.
	b.do(chromedp.Click(chromedp.CSS(row+" .tx-edit summary")), chromedp.Click(chromedp.CSS(row+" a[data-split]")))
	b.waitFor("the split dialog", `!!document.querySelector('dialog.split-dialog[open] #amount1')`, 15*time.Second)
	b.do(chromedp.SetValue(chromedp.CSS("dialog #amount0"), "6.00"), chromedp.SetValue(chromedp.CSS("dialog #amount1"), "3.00"),
		chromedp.SetValue(chromedp.CSS("dialog #category1"), centavo.CatFood), chromedp.Click(chromedp.CSS("dialog button[type=submit]")))
	b.waitFor("the refused split's message", `!!document.querySelector('dialog.split-dialog[open] [role=alert]')`, 15*time.Second)
	shot("transactions-split-dialog-1280x800")
	b.do(chromedp.SetValue(chromedp.CSS("dialog #amount1"), "4.00"), chromedp.Click(chromedp.CSS("dialog button[type=submit]")))
	b.waitFor("the split saved in place", `document.querySelectorAll('`+row+` .tx-splits li').length === 2 && !document.querySelector('dialog.split-dialog').open`, 15*time.Second)
	notReloaded("the split")

	var got txnOut
	c.Do("GET", "/api/v1/transactions/"+ids[0], nil, 200, &got)
	if len(got.Splits) != 2 || got.Splits[0].AmountCents != -600 || got.Splits[1].Category != centavo.CatFood {
		t.Errorf("the API's splits %+v", got.Splits)
	}
	if got.Category != "gifts_donations" || got.Notes != "For Mum's birthday" || fmt.Sprint(got.Tags) != "[family birthday]" {
		t.Errorf("the API says %+v", got)
	}

	// Two rows ticked and hidden with one form.
	b.do(chromedp.Click(chromedp.CSS("#tx-"+ids[1]+" .tx-pick input")), chromedp.Click(chromedp.CSS("#tx-"+ids[2]+" .tx-pick input")),
		chromedp.SetValue(chromedp.CSS("#bulk-action"), "hide"))
	b.submit(`#bulk button[type=submit]`)
	if hidden := eval[int](b, `document.querySelectorAll('tr[data-hidden="1"]').length`); hidden != 2 {
		t.Fatalf("%d rows hidden after the bulk change, want 2", hidden)
	}
	var sum spendingOut
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &sum)
	if sum.TotalSpentCents != 1000 || sum.SpentIn("gifts_donations") != 600 || sum.SpentIn("food") != 400 {
		t.Errorf("spending after hiding two rows: %+v", sum)
	}

	pages := map[string]string{"transactions-edit": page, "transactions-split": a.base + "/transactions/" + ids[0] + "/split"}
	b.screenshots(dir, 1280, 800, pages)
	b.screenshots(dir, 390, 844, pages)
}
