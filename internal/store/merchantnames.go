package store

import "time"

// MerchantName is the display name a user gave a merchant's transactions:
// ingest gives it to the merchant's new rows (docs/0032).
type MerchantName struct {
	UserID      int64
	MerchantKey string
	Name        string
	At          time.Time
}
