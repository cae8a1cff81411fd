package web

import (
	"testing"
	"time"

	"github.com/centavo/centavo/internal/ingest"
)

func TestPreviews(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	p := newPreviews(func() time.Time { return now })
	p.maxBytes = 100
	mk := func(user int64, size int) *pendingImport {
		return &pendingImport{userID: user, accountID: 7, session: sessionHash("s"), data: make([]byte, size), opts: ingest.ImportOptions{}}
	}
	id := p.put(mk(1, 10))
	if _, ok := p.take(id, 1, 8, "s"); ok {
		t.Error("taken for another account")
	}
	if _, ok := p.take(id, 2, 7, "s"); ok {
		t.Error("taken by another user")
	}
	if _, ok := p.take(id, 1, 7, "other session"); ok {
		t.Error("taken by another session")
	}
	if _, ok := p.take(id, 1, 7, "s"); !ok {
		t.Fatal("not taken by its session")
	}
	if _, ok := p.take(id, 1, 7, "s"); ok {
		t.Error("taken twice")
	}
	// Expiry.
	id = p.put(mk(1, 10))
	now = now.Add(previewTTL + time.Second)
	if _, ok := p.take(id, 1, 7, "s"); ok {
		t.Error("taken after it expired")
	}
	// Bounds: per user, then in bytes; the oldest goes first.
	var ids []string
	for i := range previewPerUser + 1 {
		now = now.Add(time.Second)
		ids = append(ids, p.put(mk(1, 10+i)))
	}
	if _, ok := p.items[ids[0]]; ok || len(p.items) != previewPerUser {
		t.Errorf("per-user bound: %d kept", len(p.items))
	}
	now = now.Add(time.Second)
	big := p.put(mk(2, 90))
	if p.bytes > p.maxBytes || p.items[big] == nil {
		t.Errorf("byte bound: %d bytes kept, max %d", p.bytes, p.maxBytes)
	}
	sum := 0
	for _, it := range p.items {
		sum += len(it.data)
	}
	if sum != p.bytes {
		t.Errorf("bytes %d, items hold %d", p.bytes, sum)
	}
}
