package postgres

import (
	"context"

	"github.com/centavo/centavo/internal/store"
)

func (q queries) MerchantNames(ctx context.Context, userID int64) (map[string]string, error) {
	rows, err := q.q.Query(ctx, shared.MerchantNames, userID)
	if err != nil {
		return nil, translate("merchant names", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var key, name string
		if err := rows.Scan(&key, &name); err != nil {
			return nil, translate("merchant names", err)
		}
		out[key] = name
	}
	return out, translate("merchant names", rows.Err())
}

func (q queries) SetMerchantName(ctx context.Context, n store.MerchantName) error {
	_, err := q.q.Exec(ctx, shared.SetMerchantName, n.UserID, n.MerchantKey, n.Name, n.At.UTC())
	return translate("set merchant name", err)
}
