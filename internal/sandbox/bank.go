// Package sandbox is a bank for demos, tests and benchmarks: an OFX Direct
// Connect server whose customers are deterministic functions of their login.
// Login demo-<n> with password secret-<n> has a checking account and a credit
// card with a year and more of realistic history: 2–5 purchases a day at real
// merchants, monthly salary, rent, bills, subscriptions, card payments, a
// month-end sweep to or from savings and the occasional refund, and balances
// that add up (balance.go). The same login always yields the same history.
//
// Fault logins behave like demo-<n> (same history) but misbehave:
// slow-<n> answers after 3 s, flaky-<n> answers HTTP 503 to every other
// request, garbage-<n> answers with a malformed body.
package sandbox

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/centavo/centavo"
)

// HistoryDays is how far back a customer's history goes.
const HistoryDays = 400

// Fault is how a customer's bank misbehaves.
type Fault int

const (
	FaultNone Fault = iota
	FaultSlow
	FaultFlaky
	FaultGarbage
)

var faultPrefixes = map[string]Fault{"demo": FaultNone, "slow": FaultSlow, "flaky": FaultFlaky, "garbage": FaultGarbage}

// Customer is one sandbox login.
type Customer struct {
	Login string
	N     uint64
	Fault Fault
}

// ParseLogin recognizes demo-<n>, slow-<n>, flaky-<n> and garbage-<n>.
func ParseLogin(login string) (Customer, bool) {
	prefix, num, ok := strings.Cut(login, "-")
	f, known := faultPrefixes[prefix]
	if !ok || !known || num == "" || len(num) > 9 || strings.TrimLeft(num, "0123456789") != "" {
		return Customer{}, false
	}
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return Customer{}, false
	}
	return Customer{Login: login, N: n, Fault: f}, true
}

// Password is the customer's password: secret-<n>.
func (c Customer) Password() string { return fmt.Sprintf("secret-%d", c.N) }

// BankID is the sandbox's routing number (not a real one).
const BankID = "999000001"

// Account is a sandbox account.
type Account struct {
	ID   string // ACCTID
	Type string // OFX: CHECKING or CREDITCARD
	Name string
}

// Accounts lists the customer's accounts: a checking account and a card.
func (c Customer) Accounts() []Account {
	return []Account{
		{ID: fmt.Sprintf("%010d", 1_000_000_000+c.N*7919%8_999_999_999), Type: "CHECKING", Name: "Sandbox Everyday Checking"},
		{ID: fmt.Sprintf("4000%012d", c.N*104729%1_000_000_000_000), Type: "CREDITCARD", Name: "Sandbox Rewards Card"},
	}
}

// Account finds an account of the customer by ACCTID.
func (c Customer) Account(id string) (Account, bool) {
	for _, a := range c.Accounts() {
		if a.ID == id {
			return a, true
		}
	}
	return Account{}, false
}

// Txn is one generated transaction, with the truth about it.
type Txn struct {
	FITID       string
	Posted      time.Time // 12:00 UTC
	AmountCents int64
	Name        string // the raw descriptor
	TrnType     string // OFX TRNTYPE
	Category    string // what it really is
	Merchant    string // who it really is
}

const (
	onCard     = 1
	onChecking = 0
)

// profile is everything about a customer that does not change day to day.
type profile struct {
	salaryCents int64
	employer    string
	rentCents   int64
	landlord    string
	bills       []bill // monthly utilities and insurance
	// cushionCents is what the customer keeps in checking at the end of a
	// month, give or take a monthly jitter (see target): the rest goes to
	// savings, or comes back from it in a month that spent more.
	cushionCents int64
	// cardLimitCents is the card's credit limit.
	cardLimitCents int64
	// subs are the subscriptions of several cadences (subs.go).
	subs []sub
}

type bill struct {
	merchant int // index in Catalogue()
	day      int
	account  int
	// baseCents is the bill's usual amount: utilities vary within 20 %
	// of it month to month, insurance charges it as it is.
	baseCents  int64
	descriptor int // the descriptor template the biller prints
}

var employers = []string{"ACME CORP", "GLOBEX CORPORATION", "INITECH INC", "UMBRELLA HEALTH", "STARK INDUSTRIES",
	"WAYNE ENTERPRISES", "HOOLI INC", "PIED PIPER LLC", "WONKA INDUSTRIES", "SOYLENT CO", "MASSIVE DYNAMIC", "VANDELAY IND"}

var landlords = []string{"AVALONBAY COMMUNITIES", "EQUITY RESIDENTIAL", "GREYSTAR", "ESSEX PROPERTY TRUST",
	"CAMDEN PROPERTY", "MAA APARTMENTS", "UDR INC", "IRVINE COMPANY APTS", "TRINITY PROPERTY CONSULTANTS"}

func seed(n uint64, parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(n, h.Sum64()))
}

func (c Customer) profile() profile {
	r := seed(c.N, "profile")
	// Net pay of $10,000–16,375 a month against rent of 14–27 % of it and
	// some $7,000 of other spending (the daily purchases do not depend on
	// the profile): income outruns spending, by a little or by a lot.
	p := profile{
		salaryCents: (10_000 + r.Int64N(8_500)*3/4) * 100,
		employer:    employers[r.IntN(len(employers))],
		landlord:    landlords[r.IntN(len(landlords))],
	}
	p.rentCents = (p.salaryCents * (14 + r.Int64N(14)) / 100) / 100 * 100
	cat := Catalogue()
	pick := func(ok func(Merchant) bool, k int, account int) {
		var idx []int
		for i, m := range cat {
			if ok(m) {
				idx = append(idx, i)
			}
		}
		r.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx[:min(k, len(idx))] {
			p.bills = append(p.bills, bill{merchant: i, day: 3 + r.IntN(25), account: account})
		}
	}
	pick(func(m Merchant) bool { return m.Category == centavo.CatUtilities }, 2+r.IntN(2), onChecking)
	pick(func(m Merchant) bool { return m.Category == centavo.CatInsurance }, 1, onChecking)
	pick(func(m Merchant) bool {
		return m.MinCents == m.MaxCents && m.Account != "checking" && m.Category == centavo.CatEntertainment
	}, 2+r.IntN(3), onCard)
	p.cushionCents = p.rentCents + 150_000 + r.Int64N(3_000)*100
	p.cardLimitCents = (20 + r.Int64N(11)) * 1_000_00
	// Each bill's usual amount and descriptor, from a stream of their own
	// (drawn after the rest, which is as it was).
	rb := seed(c.N, "bill-base")
	for i := range p.bills {
		m := cat[p.bills[i].merchant]
		p.bills[i].baseCents = amount(rb, m.MinCents, m.MaxCents)
		p.bills[i].descriptor = rb.IntN(len(m.Descriptors))
	}
	p.subs = c.subscriptions()
	return p
}

// daily is the catalogue minus the monthly bills, with cumulative weights.
var daily = sync.OnceValue(func() (d struct {
	idx []int
	cum []int
}) {
	total := 0
	for i, m := range Catalogue() {
		if m.Category == centavo.CatUtilities || m.Category == centavo.CatInsurance {
			continue
		}
		total += m.Weight
		d.idx = append(d.idx, i)
		d.cum = append(d.cum, total)
	}
	return d
})

// purchase is a daily purchase before it becomes a Txn.
type purchase struct {
	txn         Txn
	account     int
	refundAfter int // days; 0: never refunded
}

func dayKey(d time.Time) string { return d.Format("20060102") }

// purchases generates one day's purchases; it depends only on the customer
// and the date.
func (c Customer) purchases(day time.Time) []purchase {
	r := seed(c.N, "day", dayKey(day))
	d := daily()
	cat := Catalogue()
	n := 2 + r.IntN(4)
	out := make([]purchase, 0, n)
	for i := range n {
		w := r.IntN(d.cum[len(d.cum)-1])
		m := cat[d.idx[sort.SearchInts(d.cum, w+1)]]
		acct := onCard
		switch m.Account {
		case "checking":
			acct = onChecking
		case "any":
			if r.IntN(10) < 3 {
				acct = onChecking
			}
		}
		trnType := "DEBIT"
		if acct == onChecking {
			trnType = "POS"
		}
		if m.Category == centavo.CatFees {
			trnType = "FEE"
		}
		p := purchase{account: acct, txn: Txn{
			FITID:       fmt.Sprintf("%sP%02d", dayKey(day), i),
			Posted:      day.Add(12 * time.Hour),
			AmountCents: -amount(r, m.MinCents, m.MaxCents),
			Name:        fill(r, m.Descriptors[r.IntN(len(m.Descriptors))], day),
			TrnType:     trnType,
			Category:    m.Category,
			Merchant:    m.Name,
		}}
		if r.IntN(100) < 3 && m.Category != centavo.CatFees && m.Category != centavo.CatTaxes {
			p.refundAfter = 2 + r.IntN(11)
		}
		out = append(out, p)
	}
	if p, ok := c.localPurchase(day); ok {
		out = append(out, p)
	}
	return out
}

// amount draws log-uniformly in [lo, hi]: small amounts are more common.
func amount(r *rand.Rand, lo, hi int64) int64 {
	if lo >= hi {
		return lo
	}
	v := float64(lo) * math.Pow(float64(hi)/float64(lo), r.Float64())
	return max(lo, min(hi, int64(math.Round(v))))
}

const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// fill replaces a descriptor template's placeholders.
func fill(r *rand.Rand, tmpl string, day time.Time) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for len(tmpl) > 0 {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		j := strings.IndexByte(tmpl[i:], '}')
		switch tmpl[i : i+j+1] {
		case "{city}":
			b.WriteString(cityStates[r.IntN(len(cityStates))])
		case "{store}":
			b.WriteString(strconv.Itoa(100 + r.IntN(99_900)))
		case "{n4}":
			b.WriteString(digits(r, 4))
		case "{n8}":
			b.WriteString(digits(r, 8))
		case "{phone}":
			b.WriteString("8" + digits(r, 9))
		case "{mmdd}":
			b.WriteString(day.Format("0102"))
		case "{ref}":
			n := 9 + r.IntN(2)
			for k := range n {
				if k == 1 || k == 4 { // references mix digits in
					b.WriteByte(byte('0' + r.IntN(10)))
					continue
				}
				b.WriteByte(alnum[r.IntN(len(alnum))])
			}
		}
		tmpl = tmpl[i+j+1:]
	}
	return b.String()
}

// Transactions returns the account's transactions posted from from to to
// (inclusive, by day), never after today and never before the history
// starts, oldest first.
func (c Customer) Transactions(acctType string, from, to, today time.Time) []Txn {
	acct := onChecking
	if acctType == "CREDITCARD" {
		acct = onCard
	}
	today = truncDay(today)
	first := today.AddDate(0, 0, -HistoryDays)
	from, to = truncDay(from), truncDay(to)
	if from.Before(first) {
		from = first
	}
	if to.After(today) {
		to = today
	}
	g := c.generator()
	var out []Txn
	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		out = append(out, g.dayTxns(acct, day, allRows)...)
	}
	return out
}

// generator produces a customer's days for one request, generating each
// day's purchases once (refunds and card payments look back at them).
// Every day is a function of the customer and the date alone, even the
// derived rows: a card payment pays the whole previous month, a sweep looks
// at its own month only, and a refund of a purchase made before a window
// still lands in it.
type generator struct {
	c    Customer
	p    profile
	memo map[time.Time][]purchase
	paid map[time.Time]int64 // card payments by payment day
}

func (c Customer) generator() *generator {
	return &generator{c: c, p: c.profile(), memo: map[time.Time][]purchase{}, paid: map[time.Time]int64{}}
}

// rows says which of a day's rows dayTxns produces: the derived ones (the
// card payment, which adds up the previous month, and the savings sweep,
// which adds up the month) are left out of the sums they are derived from.
type rows int

const (
	baseRows    rows = iota // purchases, refunds, salary, rent, bills
	paymentRows             // and the card payment
	allRows                 // and the month-end sweep to or from savings
)

// cardPayDay is the day of the month the card is paid from checking.
const cardPayDay = 25

func (g *generator) purchases(day time.Time) []purchase {
	if p, ok := g.memo[day]; ok {
		return p
	}
	p := g.c.purchases(day)
	g.memo[day] = p
	return p
}

func truncDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// dayTxns is what is posted to one account on one day (which rows: see rows).
func (g *generator) dayTxns(acct int, day time.Time, which rows) []Txn {
	c, p := g.c, g.p
	noon := day.Add(12 * time.Hour)
	key := dayKey(day)
	var out []Txn
	if acct == onChecking && day.Day() == 1 {
		out = append(out,
			Txn{FITID: key + "S", Posted: noon, AmountCents: p.salaryCents, TrnType: "DIRECTDEP",
				Name: p.employer + " PAYROLL PPD ID: 9" + digits(seed(c.N, "salary", key), 9), Category: centavo.CatIncome, Merchant: p.employer},
			Txn{FITID: key + "H", Posted: noon, AmountCents: -p.rentCents, TrnType: "PAYMENT",
				Name: p.landlord + " RENT WEB PMT " + digits(seed(c.N, "rent", key), 8), Category: centavo.CatHousing, Merchant: p.landlord},
		)
	}
	cat := Catalogue()
	for i, b := range p.bills {
		if b.account != acct || day.Day() != b.day {
			continue
		}
		m := cat[b.merchant]
		amt, r := c.billDraw(b, i, key)
		trnType := "PAYMENT"
		if acct == onCard {
			trnType = "DEBIT"
		}
		out = append(out, Txn{FITID: fmt.Sprintf("%sB%02d", key, i), Posted: noon, AmountCents: -amt,
			Name: fill(r, m.Descriptors[b.descriptor], day), TrnType: trnType, Category: m.Category, Merchant: m.Name})
	}
	out = append(out, g.subTxns(acct, day)...)
	if which >= paymentRows && day.Day() == cardPayDay {
		if paid := g.cardSpending(day); paid > 0 {
			if acct == onChecking {
				out = append(out, Txn{FITID: key + "X", Posted: noon, AmountCents: -paid, TrnType: "XFER",
					Name: "SANDBOX BANK CRD AUTOPAY PPD ID: 4000", Category: centavo.CatTransfer, Merchant: "Sandbox Bank"})
			} else {
				out = append(out, Txn{FITID: key + "X", Posted: noon, AmountCents: paid, TrnType: "XFER",
					Name: "PAYMENT THANK YOU - WEB", Category: centavo.CatTransfer, Merchant: "Sandbox Bank"})
			}
		}
	}
	for _, pu := range g.purchases(day) {
		if pu.account == acct {
			out = append(out, pu.txn)
		}
	}
	// Refunds of earlier purchases that land today.
	for k := 2; k <= 12; k++ {
		earlier := day.AddDate(0, 0, -k)
		for _, pu := range g.purchases(earlier) {
			if pu.account == acct && pu.refundAfter == k {
				out = append(out, Txn{FITID: "R" + pu.txn.FITID, Posted: noon, AmountCents: -pu.txn.AmountCents,
					Name: pu.txn.Name, TrnType: "CREDIT", Category: pu.txn.Category, Merchant: pu.txn.Merchant})
			}
		}
	}
	if which >= allRows && acct == onChecking {
		if t, ok := g.sweep(day); ok {
			out = append(out, t)
		}
	}
	return out
}

// billDraw is what bill i of the profile charges on the day (dayKey): its
// usual amount, or for a utility that amount give or take 20 %; and the
// stream the rest of the day's row (its descriptor) is drawn from.
func (c Customer) billDraw(b bill, i int, key string) (int64, *rand.Rand) {
	r := seed(c.N, "bill", key, strconv.Itoa(i))
	if Catalogue()[b.merchant].Category == centavo.CatUtilities {
		return b.baseCents * (80 + r.Int64N(41)) / 100, r
	}
	return b.baseCents, r
}

// cardSpending is what the card was charged, net of refunds, in the month
// before the payment day: what the payment pays.
func (g *generator) cardSpending(payDay time.Time) int64 {
	if v, ok := g.paid[payDay]; ok {
		return v
	}
	start := time.Date(payDay.Year(), payDay.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0)
	var sum int64
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		for _, t := range g.dayTxns(onCard, day, baseRows) {
			sum += t.AmountCents
		}
	}
	g.paid[payDay] = -sum
	return -sum
}
