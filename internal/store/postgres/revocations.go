package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/centavo/centavo/internal/store"
)

// revokedChannel is the channel of token revocations, on the first shard:
// every process listens there, whichever shard the user lives on.
const revokedChannel = "centavo_tokens_revoked"

var _ store.RevocationFeed = (*Cluster)(nil)

// NotifyRevoked implements store.RevocationFeed with NOTIFY.
func (c *Cluster) NotifyRevoked(ctx context.Context, userID int64) error {
	_, err := c.directory().primary.Exec(ctx, `SELECT pg_notify($1, $2)`, revokedChannel, strconv.FormatInt(userID, 10))
	return translate("notify revoked", err)
}

// ListenRevoked implements store.RevocationFeed with LISTEN on a
// connection of its own, taken again after any failure.
func (c *Cluster) ListenRevoked(ctx context.Context, revoked func(userID int64), live func(bool)) {
	const retry = time.Second
	for ctx.Err() == nil {
		c.listenOnce(ctx, revoked, live)
		live(false)
		select {
		case <-ctx.Done():
		case <-time.After(retry):
		}
	}
}

func (c *Cluster) listenOnce(ctx context.Context, revoked func(userID int64), live func(bool)) {
	conn, err := c.directory().primary.Acquire(ctx)
	if err != nil {
		return
	}
	pc := conn.Hijack() // its own from now on: LISTEN stays with it
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, `LISTEN `+revokedChannel); err != nil {
		return
	}
	live(true)
	for {
		n, err := pc.WaitForNotification(ctx)
		if err != nil {
			return
		}
		if id, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
			revoked(id)
		}
	}
}
