package ingest

import (
	"fmt"
	"sync"
	"time"

	"github.com/centavo/centavo"
)

// Import limits (docs/0024-import-limits.md). An import holds a 10 MiB file,
// its rows and their categorization in memory and writes for seconds, so a
// user runs one at a time and the server a few.
const (
	// DefaultImportSlots is how many imports (and dry runs) run at once,
	// all users together, when Service.ImportSlots is 0.
	DefaultImportSlots = 2
	// ImportRetryAfter is what a refused import is told to wait: about what
	// the largest import takes.
	ImportRetryAfter = 10 * time.Second
)

// importSlots counts the imports running: one per user, a few in all.
type importSlots struct {
	mu     sync.Mutex
	users  map[int64]bool
	active int
}

// ReserveImport takes the user's import slot and one of the server's, as
// Import does for its whole run; release gives them back. It answers
// ECONFLICT (409) while the user has an import running, and EUNAVAILABLE
// (503, with a RetryAfter) while every slot of the server is taken. Tests
// hold a slot with it to see those answers.
func (s *Service) ReserveImport(userID int64) (release func(), err error) {
	limit := s.ImportSlots
	if limit <= 0 {
		limit = DefaultImportSlots
	}
	sl := &s.slots
	sl.mu.Lock()
	defer sl.mu.Unlock()
	switch {
	case sl.users[userID]:
		return nil, centavo.Errorf(centavo.ECONFLICT, "an import into your accounts is running already; wait for its answer, then send the next file")
	case sl.active >= limit:
		return nil, &centavo.Error{Code: centavo.EUNAVAILABLE, Err: RetryLater(ImportRetryAfter),
			Message: fmt.Sprintf("the server is importing other files; try again in %d seconds", int(ImportRetryAfter/time.Second))}
	}
	if sl.users == nil {
		sl.users = map[int64]bool{}
	}
	sl.users[userID] = true
	sl.active++
	var once sync.Once
	return func() {
		once.Do(func() {
			sl.mu.Lock()
			defer sl.mu.Unlock()
			delete(sl.users, userID)
			sl.active--
		})
	}, nil
}

// RetryLater is the cause of a refusal that says when to try again; the
// HTTP layer sends it as Retry-After.
type RetryLater time.Duration

func (r RetryLater) Error() string { return fmt.Sprintf("try again after %s", time.Duration(r)) }

// RetryAfter returns the wait.
func (r RetryLater) RetryAfter() time.Duration { return time.Duration(r) }
