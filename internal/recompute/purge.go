package recompute

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// What the object store holds of a deleted account or user is removed too
// (docs/0025-account-security.md): the raw responses hold full account
// numbers, the logs and events every transaction.
//
// Recompute stays right meanwhile: an account's delete_account event is
// written first and kept (it holds two ids and a time), so its logs count
// for nothing while they are still there and after; logs are removed before
// the events that re-file their rows. A deleted user's logs are removed
// before their events, and with no rows left in the database and none in
// the logs the user is simply absent from both sides.
//
// An archive written while the deletion commits is not left behind: the
// writers (these event jobs, and ingest's archive of a download or import)
// look at the owner again after writing and remove what they wrote if it is
// gone, and the purge runs only after the deletion committed, so whichever
// comes second sees the other.

// live says whether the user, and the account when accountID is not 0,
// still exist (always true without a Cluster: tests of the MapReduce alone).
func (s *Service) live(ctx context.Context, userID, accountID int64) (bool, error) {
	if s.Cluster == nil {
		return true, nil
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err == nil {
		if accountID == 0 {
			_, err = st.UserByID(ctx, userID)
		} else {
			_, err = st.Account(ctx, userID, accountID)
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// putOwned writes an object of the user's (and account's, if not 0) unless
// they are gone, and removes it again if they went while it was written.
func (s *Service) putOwned(ctx context.Context, userID, accountID int64, key string, data []byte) error {
	if ok, err := s.live(ctx, userID, accountID); err != nil || !ok {
		return err
	}
	if err := s.Objects.Put(ctx, key, data, "text/tab-separated-values"); err != nil {
		return err
	}
	ok, err := s.live(ctx, userID, accountID)
	if err != nil {
		return err // retried: the same key again, then checked again
	}
	if !ok {
		return s.Objects.Delete(ctx, key)
	}
	return nil
}

// purgeAccount removes a deleted account's logs, then its raw responses,
// then the events that re-filed or dropped its rows; the delete_account
// event stays. The account lived from since to until (its deletion); a zero
// since (a job queued before jobs carried it) lists the whole store.
func (s *Service) purgeAccount(ctx context.Context, userID, accountID int64, since, until time.Time) error {
	var keys, events []string
	if since.IsZero() {
		for _, prefix := range []string{"log/", "raw/", "events/"} {
			all, err := s.Objects.List(ctx, prefix)
			if err != nil {
				return err
			}
			for _, k := range all {
				if u, a, ok := objstore.OwnerOf(k); ok && u == userID && a == accountID {
					keys = append(keys, k)
				} else if parts := strings.Split(k, "/"); len(parts) == 6 && parts[0] == "events" && parts[4] == strconv.FormatInt(userID, 10) {
					events = append(events, k)
				}
			}
		}
	} else {
		for _, day := range objstore.Days(since, until) {
			prefixes := append(objstore.AccountDayPrefixes(day, userID, accountID), objstore.EventDayPrefix(day, userID))
			for i, prefix := range prefixes {
				k, err := s.Objects.List(ctx, prefix)
				if err != nil {
					return err
				}
				if i == len(prefixes)-1 {
					events = append(events, k...)
				} else {
					keys = append(keys, k...)
				}
			}
		}
	}
	if err := s.Objects.Delete(ctx, keys...); err != nil {
		return err
	}
	n, err := s.purgeAccountEvents(ctx, accountID, events)
	if err != nil {
		return err
	}
	if s.Logger != nil {
		s.Logger.InfoContext(ctx, "deleted account's objects removed", "user_id", userID, "account_id", accountID, "objects", len(keys)+n)
	}
	return nil
}

// purgeAccountEvents removes, of the user's event objects keys, those
// about the account's rows: each event object is about one account (one
// change, or one batch's drops).
func (s *Service) purgeAccountEvents(ctx context.Context, accountID int64, keys []string) (int, error) {
	removed := 0
	for _, k := range keys {
		data, err := s.Objects.Get(ctx, k)
		if objstore.IsNotFound(err) {
			continue
		}
		if err != nil {
			return removed, err
		}
		events, err := objstore.ParseEvents(data)
		if err != nil || !aboutAccount(events, accountID) {
			continue // not ours to judge, or not only this account's
		}
		if err := s.Objects.Delete(ctx, k); err != nil {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

// aboutAccount says whether every event is a change to the account's rows
// (not its delete_account event, which recompute still needs).
func aboutAccount(events []objstore.Event, accountID int64) bool {
	for _, e := range events {
		if e.AccountID != accountID || e.Kind == objstore.EventDeleteAccount {
			return false
		}
	}
	return len(events) > 0
}

// PurgeUser removes everything the object store holds of a deleted user:
// each day's logs, then raw responses, then events.
func (s *Service) PurgeUser(ctx context.Context, job *river.Job[jobargs.PurgeUser]) error {
	a := job.Args
	if ok, err := s.live(ctx, a.UserID, 0); err != nil {
		return err
	} else if ok {
		return river.JobCancel(fmt.Errorf("recompute: purge of user %d, who exists", a.UserID))
	}
	until := a.At
	if s.Now != nil && s.Now().After(until) {
		until = s.Now()
	}
	removed := 0
	for _, day := range objstore.Days(a.Since, until) {
		for _, prefix := range objstore.UserDayPrefixes(day, a.UserID) {
			keys, err := s.Objects.List(ctx, prefix)
			if err != nil {
				return err
			}
			if err := s.Objects.Delete(ctx, keys...); err != nil {
				return err
			}
			removed += len(keys)
		}
	}
	if s.Logger != nil {
		s.Logger.InfoContext(ctx, "deleted user's objects removed", "user_id", a.UserID, "objects", removed)
	}
	return nil
}
