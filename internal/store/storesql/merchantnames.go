package storesql

// merchantNames sets the statements of the names users give merchants for
// their new transactions (migration 00018, docs/0032).
func (s *Statements) merchantNames() {
	s.MerchantNames = `SELECT merchant_key, name FROM merchant_names WHERE user_id = $1`
	s.SetMerchantName = `
			INSERT INTO merchant_names (user_id, merchant_key, name, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, merchant_key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`
}
