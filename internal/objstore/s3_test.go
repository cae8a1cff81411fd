package objstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"
)

// TestS3 runs against a real S3 server (versitygw in CI, see .ci/run).
func TestS3(t *testing.T) {
	t.Parallel()
	url := os.Getenv("CENTAVO_TEST_S3_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but CENTAVO_TEST_S3_URL is not set: the S3 tests must run in CI (.ci/run starts an S3 server)")
		}
		t.Skip("S3 tests skipped: set CENTAVO_TEST_S3_URL (e.g. s3://bucket?endpoint=http://127.0.0.1:7070&region=us-east-1&use_path_style=true) and AWS credentials")
	}
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	acct := int64(b[0])<<8 | int64(b[1]) + 1_000_000
	key := RawKey(at, 1, acct, 1, "ofx")
	want := []byte("OFXHEADER:100 " + hex.EncodeToString(b))
	if err := s.Put(ctx, key, want, "application/x-ofx"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, key)
	if err != nil || string(got) != string(want) {
		t.Fatalf("Get = %q, %v", got, err)
	}
	keys, err := s.List(ctx, "raw/2026/11/27/1/"+itoa(acct)+"/")
	if err != nil || len(keys) != 1 || keys[0] != key {
		t.Fatalf("List = %v, %v", keys, err)
	}
	if _, err := Open(ctx, "s3://no-such-bucket-centavo?endpoint=http://127.0.0.1:1&region=us-east-1&use_path_style=true"); err == nil {
		t.Fatal("opening an unreachable bucket succeeded")
	}
}
