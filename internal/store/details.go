package store

import (
	"encoding/json"
	"fmt"

	"github.com/centavo/centavo"
)

// A transaction's tags and splits are stored as JSON text in its row
// ("" for none), so every read of a transaction has them without a join;
// the engines' spending_parts view expands the splits in SQL.

// EncodeTags is the stored form of a transaction's tags.
func EncodeTags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	b, _ := json.Marshal(tags) // strings always encode
	return string(b)
}

// DecodeTags reads the stored form of a transaction's tags.
func DecodeTags(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var tags []string
	if err := json.Unmarshal([]byte(s), &tags); err != nil {
		return nil, fmt.Errorf("store: stored tags %q: %w", s, err)
	}
	return tags, nil
}

// EncodeSplits is the stored form of a transaction's splits.
func EncodeSplits(splits []centavo.Split) string {
	if len(splits) == 0 {
		return ""
	}
	b, _ := json.Marshal(splits) // plain fields always encode
	return string(b)
}

// DecodeSplits reads the stored form of a transaction's splits.
func DecodeSplits(s string) ([]centavo.Split, error) {
	if s == "" {
		return nil, nil
	}
	var splits []centavo.Split
	if err := json.Unmarshal([]byte(s), &splits); err != nil {
		return nil, fmt.Errorf("store: stored splits %q: %w", s, err)
	}
	return splits, nil
}

// DecodeDetails fills t's tags and splits from their stored forms and its
// transfer pair from a nullable id: the engines' scanTransaction ends with it.
func DecodeDetails(t *centavo.Transaction, tags, splits string, pair *int64) error {
	var err error
	if t.Tags, err = DecodeTags(tags); err != nil {
		return err
	}
	if t.Splits, err = DecodeSplits(splits); err != nil {
		return err
	}
	t.TransferPairID = 0
	if pair != nil {
		t.TransferPairID = *pair
	}
	return nil
}

// PairArg is a transfer pair id as a nullable SQL argument.
func PairArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
