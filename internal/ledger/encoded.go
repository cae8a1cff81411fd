package ledger

import (
	"context"
	"encoding/json"

	"github.com/centavo/centavo"
)

// The API's most read answers are cached as the bytes it sends: a hit
// writes them out as they are, with no decoding and encoding again
// (docs/0038-token-cache-and-cached-bytes.md). They are cached under names
// of their own, apart from the values other readers decode (the web
// pages, /cashflow).

// SpendingJSON returns the month's spending summary (Spending) as the API
// sends it: its JSON and a newline, as a json.Encoder writes it.
func (s *Service) SpendingJSON(ctx context.Context, userID int64, month centavo.Month) ([]byte, error) {
	return s.encoded(ctx, userID, func() string { return s.monthName(ctx, "spending", month) }, func() ([]byte, error) {
		sum, err := s.Spending(ctx, userID, month)
		if err != nil {
			return nil, err
		}
		return JSONLine(sum)
	})
}

// TransactionsJSON returns the page of transactions (Transactions) as enc
// encodes it. A first page the cache keeps (as Transactions does) is kept
// as enc's bytes, under kind: one kind per encoding.
func (s *Service) TransactionsJSON(ctx context.Context, userID int64, q Query, kind string, enc func(Page) ([]byte, error)) ([]byte, error) {
	if _, _, err := pageArgs(q); err != nil {
		return nil, err
	}
	name := ""
	if q.Search.set() {
		name = firstPageName(kind+":txt", q)
	} else {
		name = firstPageName(kind+":tx", q)
	}
	return s.encoded(ctx, userID, func() string { return name }, func() ([]byte, error) {
		p, err := s.transactions(ctx, userID, q, false)
		if err != nil {
			return nil, err
		}
		return enc(p)
	})
}

// encoded returns the user's cached bytes named name(), or computes them
// with compute and caches them. name is called only when there is a
// cache; it returns "" for bytes that are not cached.
func (s *Service) encoded(ctx context.Context, userID int64, name func() string, compute func() ([]byte, error)) ([]byte, error) {
	n, gen := "", ""
	if s.Cache != nil {
		if n = name(); n != "" {
			b, g, hit := s.readBytes(ctx, userID, n)
			if hit {
				return b, nil
			}
			gen = g
		}
	}
	b, err := compute()
	if err != nil {
		return nil, err
	}
	s.storeBytes(ctx, userID, n, gen, b)
	return b, nil
}

// JSONLine is v's JSON and a newline, byte for byte what json.Encoder
// writes (the API's encoding).
func JSONLine(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
