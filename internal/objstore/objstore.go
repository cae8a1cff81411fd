// Package objstore keeps what extraction downloads: each institution
// response unchanged under raw/, and one tab-separated line per transaction
// under log/ (the seed's MapReduce input). It wraps gocloud.dev/blob, so the
// same code writes to a local folder (the embedded default) or to S3.
package objstore

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/s3blob" // s3:// URLs
	"gocloud.dev/gcerrors"
)

// Store is a bucket of raw responses and transaction logs.
type Store struct {
	bucket *blob.Bucket
	// local: the bucket is a folder, where fileblob writes an object to a
	// temporary file beside its final name (see writeInProgress).
	local bool
}

// OpenDir opens (creating if needed) a local folder as the object store.
func OpenDir(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("objstore: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("objstore: %w", err)
	}
	b, err := fileblob.OpenBucket(abs, &fileblob.Options{Metadata: fileblob.MetadataDontWrite, NoTempDir: true})
	if err != nil {
		return nil, fmt.Errorf("objstore: open %s: %w", abs, err)
	}
	return &Store{bucket: b, local: true}, nil
}

// Open opens the bucket at a gocloud.dev URL: s3://bucket?endpoint=…&region=…
// (credentials from the usual AWS environment: AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, or a profile), or file:///path. It checks that the
// bucket is reachable.
func Open(ctx context.Context, url string) (*Store, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("objstore: open %s: %w", redactURL(url), err)
	}
	if ok, err := b.IsAccessible(ctx); err != nil || !ok {
		b.Close()
		if err == nil {
			err = fmt.Errorf("bucket does not exist or is not accessible")
		}
		return nil, fmt.Errorf("objstore: open %s: %w", redactURL(url), err)
	}
	return &Store{bucket: b, local: strings.HasPrefix(url, "file://")}, nil
}

// redactURL drops anything after "?" (it may hold keys) from error messages.
func redactURL(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }

// RawKey is where a raw institution response goes:
// raw/YYYY/MM/DD/<user>/<account>/<job>.<ext>. (Account and job ids are
// unique within a shard only; the user id, unique across shards, keeps the
// keys of two shards apart.)
func RawKey(at time.Time, userID, accountID, jobID int64, ext string) string {
	return fmt.Sprintf("raw/%s/%d/%d/%d.%s", at.UTC().Format("2006/01/02"), userID, accountID, jobID, ext)
}

// LogKey is where a download's transaction log goes:
// log/YYYY/MM/DD/<user>/<account>/<job>.tsv.
func LogKey(at time.Time, userID, accountID, jobID int64) string {
	return fmt.Sprintf("log/%s/%d/%d/%d.tsv", at.UTC().Format("2006/01/02"), userID, accountID, jobID)
}

// Put writes data under key, replacing what was there (a retried job
// rewrites the same keys, so writes are idempotent).
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := s.bucket.WriteAll(ctx, key, data, &blob.WriterOptions{ContentType: contentType}); err != nil {
		return fmt.Errorf("objstore: put %s: %w", key, err)
	}
	return nil
}

// Get reads the object at key.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	b, err := s.bucket.ReadAll(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("objstore: get %s: %w", key, err)
	}
	return b, nil
}

// Delete removes the objects at keys (missing ones are fine).
func (s *Store) Delete(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if err := s.bucket.Delete(ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return fmt.Errorf("objstore: delete %s: %w", k, err)
		}
	}
	return nil
}

// List returns the keys under prefix, in order: the objects written
// completely, never one still being written.
func (s *Store) List(ctx context.Context, prefix string) ([]string, error) {
	for attempt := 1; ; attempt++ {
		keys, err := s.list(ctx, prefix)
		// A local folder is listed by walking it: a write that completes
		// during the walk renames its temporary file away between reading
		// the folder and looking at the file, and the walk fails with
		// NotFound. Listing again sees the finished object.
		if err != nil && s.local && gcerrors.Code(err) == gcerrors.NotFound && attempt < 100 && ctx.Err() == nil {
			continue
		}
		return keys, err
	}
}

func (s *Store) list(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			return keys, nil
		}
		if err != nil {
			return nil, fmt.Errorf("objstore: list %s: %w", prefix, err)
		}
		if s.local && writeInProgress(obj.Key) {
			continue
		}
		keys = append(keys, obj.Key)
	}
}

// writeInProgress says whether a key of a local folder is fileblob's
// temporary file ("<key>.<hex nanoseconds>.tmp", NoTempDir keeps it beside
// the final name so the rename never crosses file systems), which fileblob
// lists like an object. It is renamed to <key> when the write completes, so
// whoever was handed its name would find nothing (recompute queued map jobs
// on such names and they failed with NotFound); a process that died during
// the write leaves it half-written. Our keys never end that way.
func writeInProgress(key string) bool {
	rest, ok := strings.CutSuffix(key, ".tmp")
	if !ok {
		return false
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 || i == len(rest)-1 {
		return false
	}
	for _, c := range rest[i+1:] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// LogLine is one transaction in a log: the seed's four columns (user,
// posted_at, seller, amount) followed by what a recomputation needs to
// dedupe and aggregate (account, institution id, category, pending).
type LogLine struct {
	UserID        int64
	PostedAt      time.Time
	Seller        string
	AmountCents   int64
	AccountID     int64
	InstitutionID string
	Category      string
	Pending       bool   // not posted yet: its posted version will replace it
	Currency      string // ISO 4217; "" in logs written before the currency column
}

// FormatLog renders lines as TSV: user_id, posted_at (RFC 3339, UTC),
// seller, amount_cents, account_id, institution_id, category,
// "pending" or nothing, and the currency. Tabs and line breaks inside text are replaced by
// spaces.
func FormatLog(lines []LogLine) []byte {
	var b []byte
	for _, l := range lines {
		b = AppendLog(b, l)
	}
	return b
}

// AppendLog appends one line of a log (FormatLog) to b: a big import
// renders its log row by row into one buffer, without a copy of its rows
// as LogLines.
func AppendLog(b []byte, l LogLine) []byte {
	b = strconv.AppendInt(b, l.UserID, 10)
	b = append(b, '\t')
	b = l.PostedAt.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, '\t')
	b = append(b, field(l.Seller)...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, l.AmountCents, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, l.AccountID, 10)
	b = append(b, '\t')
	b = append(b, field(l.InstitutionID)...)
	b = append(b, '\t')
	b = append(b, field(l.Category)...)
	b = append(b, '\t')
	if l.Pending {
		b = append(b, pendingMark...)
	}
	b = append(b, '\t')
	b = append(b, field(l.Currency)...)
	return append(b, '\n')
}

// pendingMark marks a pending transaction in logs and events.
const pendingMark = "pending"

func field(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// ParseLog reads lines written by FormatLog (and the 7-column lines of
// logs written before the pending column).
func ParseLog(data []byte) ([]LogLine, error) {
	var out []LogLine
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 7 || len(f) > 9 {
			return nil, fmt.Errorf("objstore: log line %d: %d fields, want 9", i+1, len(f))
		}
		var l LogLine
		var err error
		if l.UserID, err = strconv.ParseInt(f[0], 10, 64); err != nil {
			return nil, fmt.Errorf("objstore: log line %d: user: %w", i+1, err)
		}
		if l.PostedAt, err = time.Parse(time.RFC3339, f[1]); err != nil {
			return nil, fmt.Errorf("objstore: log line %d: posted_at: %w", i+1, err)
		}
		l.Seller = f[2]
		if l.AmountCents, err = strconv.ParseInt(f[3], 10, 64); err != nil {
			return nil, fmt.Errorf("objstore: log line %d: amount: %w", i+1, err)
		}
		if l.AccountID, err = strconv.ParseInt(f[4], 10, 64); err != nil {
			return nil, fmt.Errorf("objstore: log line %d: account: %w", i+1, err)
		}
		l.InstitutionID, l.Category = f[5], f[6]
		if len(f) == 9 {
			l.Currency = f[8]
		}
		if len(f) >= 8 {
			switch f[7] {
			case pendingMark:
				l.Pending = true
			case "":
			default:
				return nil, fmt.Errorf("objstore: log line %d: pending column holds %q", i+1, f[7])
			}
		}
		out = append(out, l)
	}
	return out, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
