package sqlite

import (
	"context"
	"fmt"

	"github.com/centavo/centavo/internal/store"
)

// PutRates writes the rates in one transaction: all or none.
func (db *DB) PutRates(ctx context.Context, rates []store.ExchangeRate) (err error) {
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	stmt, err := sqlTx.PrepareContext(ctx, shared.PutRate)
	if err != nil {
		return translate("put rates", err)
	}
	defer stmt.Close()
	for _, r := range rates {
		if _, err := stmt.ExecContext(ctx, r.Currency, r.Day, r.PerEUR); err != nil {
			return translate("put rates", err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

func (db *DB) Rates(ctx context.Context) ([]store.ExchangeRate, error) {
	rows, err := db.reader.QueryContext(ctx, shared.Rates)
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
