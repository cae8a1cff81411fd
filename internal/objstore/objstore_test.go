package objstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gocloud.dev/blob"
)

func TestPutGetList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := OpenDir(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2026, 11, 27, 23, 30, 0, 0, time.FixedZone("X", -5*3600)) // 28th in UTC
	key := RawKey(at, 3, 42, 7, "ofx")
	if key != "raw/2026/11/28/3/42/7.ofx" {
		t.Fatalf("RawKey = %s", key)
	}
	if LogKey(at, 3, 42, 7) != "log/2026/11/28/3/42/7.tsv" {
		t.Fatalf("LogKey = %s", LogKey(at, 3, 42, 7))
	}
	if err := s.Put(ctx, key, []byte("one"), "application/x-ofx"); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, key, []byte("two"), "application/x-ofx"); err != nil { // a retry overwrites
		t.Fatal(err)
	}
	got, err := s.Get(ctx, key)
	if err != nil || string(got) != "two" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "objects", "raw", "2026", "11", "28", "3", "42", "7.ofx")); err != nil {
		t.Fatalf("not a plain file in the folder: %v", err)
	}
	_ = s.Put(ctx, LogKey(at, 3, 42, 7), []byte("x"), "text/plain")
	keys, err := s.List(ctx, "raw/")
	if err != nil || !reflect.DeepEqual(keys, []string{key}) {
		t.Fatalf("List = %v, %v", keys, err)
	}
	if _, err := s.Get(ctx, "raw/none"); err == nil {
		t.Fatal("Get of a missing key succeeded")
	}
}

func TestLogRoundTrip(t *testing.T) {
	t.Parallel()
	in := []LogLine{
		{UserID: 1, PostedAt: time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC), Seller: "SQ *BLUE\tBOTTLE\nCOFFEE", AmountCents: -450, AccountID: 3, InstitutionID: "F1", Category: "restaurants"},
		{UserID: 1, PostedAt: time.Date(2026, 1, 3, 12, 0, 0, 0, time.UTC), Seller: "ACME PAYROLL", AmountCents: 500000, AccountID: 3, InstitutionID: "F2", Category: "income"},
		{UserID: 1, PostedAt: time.Date(2026, 1, 4, 12, 0, 0, 0, time.UTC), Seller: "JOES DINER", AmountCents: -4000, AccountID: 3, InstitutionID: "P1", Category: "restaurants", Pending: true},
	}
	out, err := ParseLog(FormatLog(in))
	if err != nil {
		t.Fatal(err)
	}
	in[0].Seller = "SQ *BLUE BOTTLE COFFEE"
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip:\n%+v\n%+v", in, out)
	}
	// Logs written before the pending column still read.
	if old, err := ParseLog([]byte("1\t2026-01-02T12:00:00Z\ts\t-1\t3\tF1\tfood\n")); err != nil || len(old) != 1 || old[0].Pending {
		t.Errorf("a 7-column log: %+v %v", old, err)
	}
	for _, bad := range []string{"1\t2\n", "1\t2026-01-02T12:00:00Z\ts\t1\t1\tf\tc\tmaybe\n", "x\t2026-01-02T12:00:00Z\ts\t1\t1\tf\tc\n", "1\tyesterday\ts\t1\t1\tf\tc\n", "1\t2026-01-02T12:00:00Z\ts\tten\t1\tf\tc\n"} {
		if _, err := ParseLog([]byte(bad)); err == nil {
			t.Errorf("ParseLog(%q) accepted", bad)
		}
	}
}

func TestEventsRoundTrip(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 5, 9, 30, 0, 123456789, time.UTC)
	posted := time.Date(2026, 1, 4, 12, 0, 0, 0, time.UTC)
	in := []Event{
		{Kind: EventCategory, At: at, UserID: 1, AccountID: 3, InstitutionID: "F1", PostedAt: posted, AmountCents: -450, Category: "food"},
		{Kind: EventDrop, At: at, UserID: 1, AccountID: 3, InstitutionID: "P1", PostedAt: posted, AmountCents: -4000, Pending: true},
		{Kind: EventDrop, At: at, UserID: 1, AccountID: 3, InstitutionID: "fp:ab:0", PostedAt: posted, AmountCents: -450},
		{Kind: EventDeleteAccount, At: at, UserID: 1, AccountID: 4},
	}
	out, err := ParseEvents(FormatEvents(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip:\n%+v\n%+v", in, out)
	}
	if _, err := ParseEvents([]byte("rename\t2026-01-05T09:30:00Z\t1\t3\tF1\t\t0\t\t\n")); err == nil {
		t.Error("an unknown kind was accepted")
	}
}

// TestListHidesWritesInProgress: in a local folder an object is written to
// a temporary file beside its final name and renamed when complete. List
// must not show that file: a reader handed its name would find it gone once
// the write completes (recompute's map jobs failed with NotFound that way).
func TestListHidesWritesInProgress(t *testing.T) {
	t.Parallel()
	s, err := OpenDir(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	done, writing := EventKey(at, 1, 9), EventKey(at, 1, 10)
	if err := s.Put(ctx, done, []byte("x"), "text/plain"); err != nil {
		t.Fatal(err)
	}
	// What Put does, held open (a content type makes the writer create its
	// file at once rather than buffer to sniff one).
	w, err := s.bucket.NewWriter(ctx, writing, &blob.WriterOptions{ContentType: "text/tab-separated-values"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("drop\t2026-")); err != nil {
		t.Fatal(err)
	}
	keys, err := s.List(ctx, "events/")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(keys, []string{done}) {
		t.Errorf("List during a write = %v, want only the finished %s", keys, done)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, err := s.Get(ctx, k); err != nil {
			t.Errorf("a listed key cannot be read once the write completed: %v", err)
		}
	}
	if keys, err := s.List(ctx, "events/"); err != nil || !reflect.DeepEqual(keys, []string{writing, done}) {
		t.Errorf("List after the write = %v, %v; want %s and %s", keys, err, done, writing)
	}
}

func TestWriteInProgress(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]bool{
		"events/2026/11/27/1/10.tsv.18eebd5a23a5a6da.tmp": true,
		"raw/2026/11/27/1/2/3.ofx.0.tmp":                  true,
		"raw/2026/11/27/1/2/3.ofx":                        false,
		"raw/2026/11/27/1/2/3.tmp":                        false, // an object of extension tmp
		"raw/2026/11/27/1/2/3.ofx.tmp":                    false,
		"raw/2026/11/27/1/2/3.ofx..tmp":                   false,
		"raw/2026/11/27/1/2/3.ofx.18EEBD.tmp":             false,
		"raw/a.b/c.tmp":                                   false,
	} {
		if got := writeInProgress(key); got != want {
			t.Errorf("writeInProgress(%q) = %v, want %v", key, got, want)
		}
	}
}

// TestListDuringWrites: listing a local folder while objects are being
// written into it never fails (a write completing during the walk renames
// its temporary file away from under it) and lists only finished objects.
func TestListDuringWrites(t *testing.T) {
	t.Parallel()
	s, err := OpenDir(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	const n = 400
	written := make(chan error, 1)
	go func() {
		for i := range n {
			if err := s.Put(ctx, fmt.Sprintf("w/%04d.tsv", i), []byte("x"), "text/tab-separated-values"); err != nil {
				written <- err
				return
			}
		}
		written <- nil
	}()
	lists := 0
	for {
		select {
		case err := <-written:
			if err != nil {
				t.Fatal(err)
			}
			keys, err := s.List(ctx, "w/")
			if err != nil || len(keys) != n {
				t.Fatalf("after the writes: %d keys, %v", len(keys), err)
			}
			t.Logf("%d lists during the writes", lists)
			return
		default:
		}
		keys, err := s.List(ctx, "w/")
		if err != nil {
			t.Fatalf("list during writes (after %d lists): %v", lists, err)
		}
		for _, k := range keys {
			if !strings.HasSuffix(k, ".tsv") {
				t.Fatalf("listed a write in progress: %s", k)
			}
		}
		lists++
	}
}
