package account

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/store"
)

// Discover runs a discovery job: list the accounts behind the login, turn
// the placeholder into the first and add the others, and enqueue their
// extraction — in one transaction with the job's completion.
func (s *Service) Discover(ctx context.Context, job *river.Job[jobargs.Discover]) error {
	st, a, gone, err := s.Load(ctx, job.Args.UserID, job.Args.AccountID)
	if gone || err != nil {
		return err
	}
	if a.Institution.Discovered() {
		// Already done by an earlier attempt: just make sure it is extracted.
		return st.InTx(ctx, func(tx store.Tx) error {
			if err := tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: a.UserID, AccountID: a.ID, Reason: jobargs.ReasonLink}}); err != nil {
				return err
			}
			return tx.CompleteJob(ctx, job.JobRow)
		})
	}
	conn, creds, err := s.Access(a)
	if err != nil {
		return err
	}
	release, wait, err := s.Quota.Take(ctx, conn, a, creds)
	if err != nil {
		return err
	}
	if wait > 0 {
		s.Logger.InfoContext(ctx, "discovery waits for the institution's quota", "user_id", a.UserID, "account_id", a.ID,
			"job_id", job.ID, "wait", wait.String())
		return river.JobSnooze(wait)
	}
	s.Logger.InfoContext(ctx, "discovery started", "user_id", a.UserID, "account_id", a.ID, "job_id", job.ID, "attempt", job.Attempt)
	found, err := conn.Discover(ctx, a.Institution, creds)
	release()
	if err != nil {
		return s.Fail(ctx, st, a, job.JobRow, err)
	}
	var created []int64
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		if created, err = s.linkFound(ctx, tx, a, found); err != nil {
			return err
		}
		if len(created) == 0 {
			// Everything behind this login is linked already; say so on the
			// placeholder rather than make it vanish.
			if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{
				UserID: a.UserID, ID: a.ID, Status: centavo.AccountNeedsAttention,
				LastError: "every account behind this login is already linked; you can remove this one",
			}); err != nil {
				return err
			}
		}
		jobs := make([]river.InsertManyParams, len(created))
		for i, id := range created {
			jobs[i] = river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: a.UserID, AccountID: id, Reason: jobargs.ReasonLink}}
		}
		if err := tx.Enqueue(ctx, jobs...); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "accounts discovered", "user_id", a.UserID, "found", len(found), "linked", created, "job_id", job.ID)
	return nil
}

// Fail records a failed download or discovery of the account, in st. Transient and malformed answers leave the
// account in "error" and return the error so River retries with backoff;
// refused credentials or a rejected request put it in "needs_attention" and
// complete the job: retrying would not help (and could lock the login).
func (s *Service) Fail(ctx context.Context, st store.Store, a centavo.Account, job *rivertype.JobRow, cause error) error {
	kind := connector.KindOf(cause)
	msg := connector.MessageOf(cause)
	status := centavo.AccountError
	if kind == connector.KindAuth || kind == connector.KindRejected {
		status = centavo.AccountNeedsAttention
	}
	s.Logger.WarnContext(ctx, "extraction failed", "user_id", a.UserID, "account_id", a.ID, "job_id", job.ID,
		"attempt", job.Attempt, "kind", kind.String(), "err", cause)
	err := st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: a.UserID, ID: a.ID, Status: status, LastError: msg}); err != nil {
			return err
		}
		if status == centavo.AccountNeedsAttention {
			now := s.Now().UTC()
			n := centavo.Notification{
				UserID: a.UserID, Kind: centavo.NotifyNeedsAttention, AccountID: a.ID, CreatedAt: now,
				Key:     fmt.Sprintf("needs_attention:%d:%s", a.ID, now.Format(time.DateOnly)),
				Message: fmt.Sprintf("%s needs your attention: %s", a.Name, msg),
			}
			if _, err := notify.Create(ctx, tx, &n); err != nil {
				return err
			}
			return tx.CompleteJob(ctx, job)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return fmt.Errorf("account: record failure: %w (after %v)", err, cause)
	}
	if status == centavo.AccountNeedsAttention {
		return nil
	}
	return cause
}

// linkFound records the accounts discovery found behind a login: the
// placeholder becomes the first new one, the others are created, those
// linked before are left out (never count an account twice). It returns
// the ids of the accounts linked, the placeholder's first (none: the
// placeholder was not used).
func (s *Service) linkFound(ctx context.Context, tx store.Tx, a centavo.Account, found []connector.Discovered) ([]int64, error) {
	existing, err := tx.Accounts(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	var created []int64
	for _, d := range found {
		if slices.ContainsFunc(existing, func(e centavo.Account) bool { return e.ID != a.ID && sameAccount(e.Institution, d.Institution) }) {
			continue // linked before: never count an account twice
		}
		cur := d.Currency
		if cur == "" {
			cur = "USD"
		}
		id := a.ID
		if len(created) == 0 {
			err = tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{
				UserID: a.UserID, ID: a.ID, Name: d.Name, Type: d.Type, Currency: cur, Institution: d.Institution,
			})
		} else {
			na := centavo.Account{
				UserID: a.UserID, Connector: a.Connector, Name: d.Name, Type: d.Type, Currency: cur,
				Institution: d.Institution, SealedCredentials: a.SealedCredentials, Status: centavo.AccountLinking,
				CreatedAt: s.Now().UTC(),
			}
			err = tx.CreateAccount(ctx, &na)
			id = na.ID
		}
		if err != nil {
			return nil, err
		}
		created = append(created, id)
	}
	return created, nil
}
