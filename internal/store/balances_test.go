package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// TestParsePacked: the packed texts read back as the items they hold, in
// day order whatever order they came in, negative numbers and an unknown
// available balance included; a malformed or out-of-range item is an
// error, not a guess.
func TestParsePacked(t *testing.T) {
	avail := int64(-40)
	blocks := []PackedBlock{
		{AccountID: 7, Packed: "-3:-500::1000000,-5:12:-40:-86400000000"},
		{AccountID: 7, Packed: "40:9223372036854775807::0"},
		{AccountID: 9, Packed: "2:0::5"},
	}
	got, err := ParseBlocks(1, -4, blocks)
	want := []centavo.Balance{
		{UserID: 1, AccountID: 7, Day: -3, Cents: -500, AsOf: time.UnixMicro(1_000_000).UTC()},
		{UserID: 1, AccountID: 7, Day: 40, Cents: 9223372036854775807, AsOf: time.UnixMicro(0).UTC()},
		{UserID: 1, AccountID: 9, Day: 2, Cents: 0, AsOf: time.UnixMicro(5).UTC()},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("blocks from day -4: %+v %v, want %+v", got, err, want)
	}
	all, err := ParseBlocks(1, -1000, blocks[:1])
	if err != nil || len(all) != 2 || all[0].Day != -5 || all[0].AvailableCents == nil || *all[0].AvailableCents != avail || all[1].Day != -3 {
		t.Fatalf("an unordered block: %+v %v", all, err)
	}
	days, err := AppendPackedDays(nil, 3, "5:-100:2,1:250:1")
	wantDays := []AccountDay{{AccountID: 3, Day: 1, AmountCents: 250, Count: 1}, {AccountID: 3, Day: 5, AmountCents: -100, Count: 2}}
	if err != nil || !reflect.DeepEqual(days, wantDays) {
		t.Fatalf("days %+v %v, want %+v", days, err, wantDays)
	}
	for _, bad := range []string{"", "1:2:3", "1:2::3,", "1:2::x", "1:-::3", "1:2::3:4", "1:2::9223372036854775808", "1:2::12345678901234567890", "1;2::3"} {
		if got, err := AppendPackedBalances(nil, 1, 1, bad); err == nil {
			t.Errorf("balances %q: %+v, want an error", bad, got)
		}
	}
	for _, bad := range []string{"1:2", "1:2:3:4", "1:2:3,,", "a:2:3"} {
		if got, err := AppendPackedDays(nil, 1, bad); err == nil {
			t.Errorf("days %q: %+v, want an error", bad, got)
		}
	}
}
