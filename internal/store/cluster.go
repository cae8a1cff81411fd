package store

import (
	"context"

	"github.com/centavo/centavo"
)

// Cluster routes user-scoped work to the store (shard) that holds the user.
// Services go through a Cluster, never pick a shard themselves.
type Cluster interface {
	// ForUser returns the store holding the user's data.
	ForUser(ctx context.Context, userID int64) (Store, error)
	// CreateUser places a new user on a shard, sets u.ID, and returns the
	// shard. E-mails are unique across the cluster (ErrConflict).
	CreateUser(ctx context.Context, u *centavo.User) (Store, error)
	// UserByEmail finds a user by e-mail wherever it lives.
	UserByEmail(ctx context.Context, email string) (centavo.User, error)
	// Shards lists every store, for work that spans all users.
	Shards() []Store
	// DeleteUser runs within and then Tx.DeleteUser in one transaction on
	// the user's store, and then forgets the user wherever else the
	// cluster records them (a directory): the e-mail is free again.
	// ErrNotFound if there is no such user.
	DeleteUser(ctx context.Context, userID int64, within func(tx Tx) error) error
}

// RevocationFeed is a cluster whose processes hear of each other's token
// revocations (PostgreSQL: LISTEN/NOTIFY), so that one that keeps
// validated tokens in memory forgets a revoked one without a shared cache
// (docs/0038-token-cache-and-cached-bytes.md).
type RevocationFeed interface {
	// NotifyRevoked tells every listening process, this one too, that
	// tokens of the user were revoked.
	NotifyRevoked(ctx context.Context, userID int64) error
	// ListenRevoked calls revoked with each user NotifyRevoked names,
	// live(true) once it listens and live(false) whenever it may have
	// missed one (the connection lost), until ctx ends.
	ListenRevoked(ctx context.Context, revoked func(userID int64), live func(bool))
}

// Single is the Cluster of one store.
type Single struct{ Store Store }

var _ Cluster = Single{}

func (s Single) ForUser(context.Context, int64) (Store, error) { return s.Store, nil }

func (s Single) CreateUser(ctx context.Context, u *centavo.User) (Store, error) {
	err := s.Store.InTx(ctx, func(tx Tx) error { return tx.CreateUser(ctx, u) })
	return s.Store, err
}

func (s Single) UserByEmail(ctx context.Context, email string) (centavo.User, error) {
	return s.Store.UserByEmail(ctx, email)
}

func (s Single) Shards() []Store { return []Store{s.Store} }

func (s Single) DeleteUser(ctx context.Context, userID int64, within func(tx Tx) error) error {
	return s.Store.InTx(ctx, func(tx Tx) error {
		if err := within(tx); err != nil {
			return err
		}
		return tx.DeleteUser(ctx, userID)
	})
}
