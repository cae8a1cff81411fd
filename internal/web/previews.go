package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"

	"github.com/centavo/centavo/internal/ingest"
)

// Bounds of the uploads kept between a dry run and its confirmation.
const (
	previewTTL      = 15 * time.Minute
	previewMaxBytes = 64 << 20 // all users together
	previewPerUser  = 3
)

// previews keeps the files of dry-run imports until the user confirms them,
// so that the confirmation does not send the file again. It lives in this
// process's memory, bounded in bytes and time: a confirmation that reaches
// another process, or comes after a restart or an eviction, finds nothing
// and the user chooses the file again (docs/0018).
type previews struct {
	now func() time.Time

	mu       sync.Mutex
	items    map[string]*pendingImport
	bytes    int
	maxBytes int
}

// pendingImport is a previewed file, bound to the session that uploaded it
// and to its account.
type pendingImport struct {
	userID    int64
	accountID int64
	session   [32]byte // SHA-256 of the session token
	fileName  string
	data      []byte
	opts      ingest.ImportOptions // DryRun false: what the confirmation runs
	month     string               // of the newest row to add
	accounts  []string             // a file of several accounts: their keys, which the confirmation maps
	created   time.Time
}

func newPreviews(now func() time.Time) *previews {
	return &previews{now: now, items: map[string]*pendingImport{}, maxBytes: previewMaxBytes}
}

func sessionHash(token string) [32]byte { return sha256.Sum256([]byte(token)) }

// put keeps p and returns its id: 128 random bits. Expired previews go
// first; then, to make room, the user's oldest beyond previewPerUser and
// everyone's oldest beyond the byte bound.
func (s *previews) put(p *pendingImport) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	p.created = now
	for k, it := range s.items {
		if now.Sub(it.created) > previewTTL {
			s.removeLocked(k)
		}
	}
	for s.countLocked(p.userID) >= previewPerUser {
		s.removeLocked(s.oldestLocked(p.userID))
	}
	for len(s.items) > 0 && s.bytes+len(p.data) > s.maxBytes {
		s.removeLocked(s.oldestLocked(0))
	}
	s.items[id] = p
	s.bytes += len(p.data)
	return id
}

// take removes and returns the preview id of this session's user for this
// account; false when there is none (expired, evicted, kept by another
// process, or someone else's).
func (s *previews) take(id string, userID, accountID int64, sessionToken string) (*pendingImport, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.items[id]
	if !ok || p.userID != userID || p.accountID != accountID || s.now().Sub(p.created) > previewTTL {
		return nil, false
	}
	h := sessionHash(sessionToken)
	if subtle.ConstantTimeCompare(h[:], p.session[:]) != 1 {
		return nil, false
	}
	s.removeLocked(id)
	return p, true
}

// restore puts back a preview whose confirmation failed for a reason the
// user may retry.
func (s *previews) restore(id string, p *pendingImport) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[id]; ok || s.bytes+len(p.data) > s.maxBytes {
		return
	}
	s.items[id] = p
	s.bytes += len(p.data)
}

func (s *previews) removeLocked(id string) {
	if p, ok := s.items[id]; ok {
		s.bytes -= len(p.data)
		delete(s.items, id)
	}
}

func (s *previews) countLocked(userID int64) int {
	n := 0
	for _, it := range s.items {
		if it.userID == userID {
			n++
		}
	}
	return n
}

// oldestLocked is the oldest preview of userID (0: of anyone).
func (s *previews) oldestLocked(userID int64) string {
	var id string
	var first time.Time
	for k, it := range s.items {
		if userID != 0 && it.userID != userID {
			continue
		}
		if id == "" || it.created.Before(first) {
			id, first = k, it.created
		}
	}
	return id
}
