package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo/internal/store"
)

// PutRates writes the rates in one transaction: all or none.
func (db *DB) PutRates(ctx context.Context, rates []store.ExchangeRate) error {
	if len(rates) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, db.primary, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, r := range rates {
			b.Queue(shared.PutRate, r.Currency, r.Day, r.PerEUR)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return translate("put rates", err)
	}
	return nil
}

func (db *DB) Rates(ctx context.Context) ([]store.ExchangeRate, error) {
	rows, err := db.primary.Query(ctx, shared.Rates)
	if err != nil {
		return nil, translate("rates", err)
	}
	defer rows.Close()
	var out []store.ExchangeRate
	for rows.Next() {
		var r store.ExchangeRate
		if err := rows.Scan(&r.Day, &r.Currency, &r.PerEUR); err != nil {
			return nil, translate("rates", err)
		}
		out = append(out, r)
	}
	return out, translate("rates", rows.Err())
}
