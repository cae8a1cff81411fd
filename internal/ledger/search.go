package ledger

import (
	"context"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Search narrows a query across time (docs/0033-search-and-export.md).
type Search struct {
	// Text is words, each of which must begin a word of the merchant, the
	// descriptor (seller), the notes or the tags, whatever the case and
	// accents ("caf" finds "Café Nero").
	Text string
	// From and To are the first and the last UTC day (inclusive; only
	// their date counts); zero: open.
	From, To time.Time
	// MinCents and MaxCents bound the absolute amount, inclusive: $10 to
	// $50 finds a $20 purchase and a $20 refund; nil: open.
	MinCents, MaxCents *int64
	Category           string
	// Tag is one of the transaction's tags, exactly up to case.
	Tag string
	// Totals asks for the count and the sum of everything matching.
	Totals bool
}

// Search limits.
const (
	MaxSearchWords = 8
	MaxSearchChars = 200
)

func (q Search) set() bool {
	return q.Text != "" || !q.From.IsZero() || !q.To.IsZero() || q.MinCents != nil || q.MaxCents != nil ||
		q.Category != "" || q.Tag != "" || q.Totals
}

// only says whether the search asks for the totals and nothing else.
func (q Search) only() bool {
	c := q
	c.Totals = false
	return q.Totals && !c.set()
}

func badRequest(format string, args ...any) error {
	return centavo.Errorf(centavo.EBADREQUEST, format, args...)
}

// searchFilter checks q and turns it into the store's filter (no limit,
// no cursor).
func searchFilter(userID int64, q Query) (store.SearchFilter, error) {
	f := store.SearchFilter{UserID: userID, AccountID: q.AccountID, Category: q.Category, Tag: q.Tag,
		MinCents: q.MinCents, MaxCents: q.MaxCents, Totals: q.Totals}
	if len([]rune(q.Text)) > MaxSearchChars || len([]rune(q.Tag)) > MaxSearchChars || len(q.Category) > MaxSearchChars {
		return f, badRequest("q, tag and category are at most %d characters", MaxSearchChars)
	}
	f.Words = store.SearchWords(q.Text)
	if len(f.Words) > MaxSearchWords {
		return f, badRequest("q has more than %d words", MaxSearchWords)
	}
	if (q.MinCents != nil && *q.MinCents < 0) || (q.MaxCents != nil && *q.MaxCents < 0) {
		return f, badRequest("min_cents and max_cents bound the absolute amount: they are not negative")
	}
	if q.MinCents != nil && q.MaxCents != nil && *q.MinCents > *q.MaxCents {
		return f, badRequest("min_cents is more than max_cents")
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if !q.From.IsZero() {
		f.From = day(q.From)
	}
	if !q.To.IsZero() {
		f.To = day(q.To).AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, badRequest("from is after to")
	}
	if !q.Month.IsZero() { // both: the days of the month within from–to
		if f.From.IsZero() || f.From.Before(q.Month.Start()) {
			f.From = q.Month.Start()
		}
		if f.To.IsZero() || f.To.After(q.Month.End()) {
			f.To = q.Month.End()
		}
	}
	return f, nil
}

// search is Transactions for a query with search conditions. Only the
// first page of a month (or of everything) with totals and no other
// condition is cached, under the user's generation like every cached read;
// searches are not.
func (s *Service) search(ctx context.Context, userID int64, q Query, limit int, after *store.Cursor, cachePage bool) (Page, error) {
	f, err := searchFilter(userID, q)
	if err != nil {
		return Page{}, err
	}
	f.Limit, f.After = limit+1, after
	var c cachedPage
	if cachePage {
		var hit bool
		if c, hit = s.firstPage(ctx, userID, "txt", q); hit {
			return c.page, nil
		}
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return Page{}, err
	}
	res, err := st.SearchTransactions(ctx, f)
	if err != nil {
		return Page{}, err
	}
	if err := withPartners(ctx, st, userID, res.Transactions); err != nil {
		return Page{}, err
	}
	p := pageOf(Page{Transactions: res.Transactions, Count: res.Count, TotalCents: res.TotalCents}, limit)
	s.storeValue(ctx, userID, c.name, c.gen, p)
	return p, nil
}

// ExportPage is how many rows Each reads at a time.
const ExportPage = 500

// Each calls fn with every transaction of the user that matches q (its
// Limit and Cursor aside), newest first, reading them a page at a time:
// what it hands on is never all in memory. It stops at fn's first error.
func (s *Service) Each(ctx context.Context, userID int64, q Query, fn func(centavo.Transaction) error) error {
	f, err := searchFilter(userID, q)
	if err != nil {
		return err
	}
	f.Limit, f.Totals = ExportPage, false
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	for {
		res, err := st.SearchTransactions(ctx, f)
		if err != nil {
			return err
		}
		if err := withPartners(ctx, st, userID, res.Transactions); err != nil {
			return err
		}
		for _, t := range res.Transactions {
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(res.Transactions) < f.Limit {
			return nil
		}
		last := res.Transactions[len(res.Transactions)-1]
		f.After = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
}
