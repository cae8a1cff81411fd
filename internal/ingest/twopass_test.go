package ingest_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
)

// TestTwoPassSameAsPrepare: a file import's two passes (the keys, then
// every row prepared again) give the rows, ids, counts and log that
// preparing the batch at once gives — rows without ids numbered per
// fingerprint, a row listed twice, two transactions under one id, a
// pending and a posted row under one id, a file's category and tags.
func TestTwoPassSameAsPrepare(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	a, err := f.accounts.CreateFile(ctx, f.user, "Card", "USD")
	if err != nil {
		t.Fatal(err)
	}
	day := f.start.AddDate(0, 0, -3).UTC()
	in := []connector.Transaction{
		{PostedAt: day, AmountCents: -450, Descriptor: "STARBUCKS 123"},
		{PostedAt: day, AmountCents: -450, Descriptor: "STARBUCKS 123"}, // a second coffee: fp:…:1
		{InstitutionID: "A1", PostedAt: day, AmountCents: -1200, Descriptor: "SHELL OIL"},
		{InstitutionID: "A1", PostedAt: day, AmountCents: -1200, Descriptor: "SHELL OIL"}, // listed twice
		{InstitutionID: "A1", PostedAt: day, AmountCents: -1300, Descriptor: "SHELL OIL"}, // another under A1
		{InstitutionID: "A1", PostedAt: day, AmountCents: -1300, Descriptor: "SHELL OIL"}, // that one twice
		{InstitutionID: "P1", PostedAt: day, AmountCents: -2000, Descriptor: "HOTEL", Pending: true},
		{InstitutionID: "P1", PostedAt: day.AddDate(0, 0, 1), AmountCents: -2300, Descriptor: "HOTEL"},
		{PostedAt: day, AmountCents: -999, Descriptor: "BOOKSHOP", Category: centavo.CatFood, Tags: []string{"gift"}, Notes: "for Ann"},
		{PostedAt: day, AmountCents: 150_000, Descriptor: "PAYROLL", Currency: "EUR"},
	}
	once, twice, counts, logs, err := ingest.PrepareTwice(ctx, f.svc, f.db, a, in)
	if err != nil {
		t.Fatal(err)
	}
	if counts[0] != [2]int{3, 1} {
		t.Fatalf("prepare: repeats and reused %v, want [3 1]: the case exercises too little", counts[0])
	}
	if counts[1] != counts[0] {
		t.Errorf("repeats and reused: two passes %v, prepare %v", counts[1], counts[0])
	}
	if !reflect.DeepEqual(twice, once) {
		t.Errorf("rows:\ntwo passes %+v\nprepare    %+v", twice, once)
	}
	if !bytes.Equal(logs[1], logs[0]) || len(logs[0]) == 0 {
		t.Errorf("log:\ntwo passes %q\nprepare    %q", logs[1], logs[0])
	}
}

// TestTwoPassCrowdChangesBetween: the crowd's consensus is synced every few
// seconds while a big import writes its chunks; the rows prepared again
// for the chunks are still the rows the first pass decided on — the
// category and where it came from — not a mix of the two moments.
func TestTwoPassCrowdChangesBetween(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	crowd := categorize.NewCrowdIndex(categorize.DefaultCrowdVoters, categorize.DefaultCrowdShare)
	base := *f.svc.Categorizer
	base.Crowd = crowd
	f.svc.SetCategorizer(&base)
	a, err := f.accounts.CreateFile(ctx, f.user, "Card", "USD")
	if err != nil {
		t.Fatal(err)
	}
	day := f.start.AddDate(0, 0, -3).UTC()
	in := []connector.Transaction{
		{PostedAt: day, AmountCents: -1234, Descriptor: "ZQXV WIDGETRY 44"},
		{PostedAt: day, AmountCents: -880, Descriptor: "ZQXV WIDGETRY 44"},
	}
	key := categorize.Key(in[0].Descriptor)
	once, twice, _, _, err := ingest.PrepareTwiceBetween(ctx, f.svc, f.db, a, in, func() {
		crowd.Set(0, key, centavo.CatShopping, 5) // the crowd agrees on the merchant meanwhile
	})
	if err != nil {
		t.Fatal(err)
	}
	if once[0].CategorySource == centavo.SourceCrowd {
		t.Fatalf("the crowd filed the row before it agreed: %+v", once[0])
	}
	if !reflect.DeepEqual(twice, once) {
		t.Errorf("rows:\ntwo passes %+v\nprepare    %+v", twice, once)
	}
}
