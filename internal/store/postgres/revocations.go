package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo/internal/store"
)

// revokedChannel is the channel of token revocations, on the first shard:
// every process listens there, whichever shard the user lives on. A
// channel is the database's, not the schema's: the payload is
// "<schema>:<user id>", and a process heeds only its own schema's (two
// deployments, or parallel tests, in schemas of one database have users of
// the same ids).
const revokedChannel = "centavo_tokens_revoked"

var _ store.RevocationFeed = (*Cluster)(nil)

// NotifyRevoked implements store.RevocationFeed with NOTIFY.
func (c *Cluster) NotifyRevoked(ctx context.Context, userID int64) error {
	_, err := c.directory().primary.Exec(ctx, `SELECT pg_notify($1, current_schema() || ':' || $2)`, revokedChannel, strconv.FormatInt(userID, 10))
	return translate("notify revoked", err)
}

// listenCheck is how long the listening connection may stay quiet before
// a ping checks it. A connection can die without a word (a NAT or a
// firewall forgetting a quiet flow, a half-open TCP connection): without
// the check the process would go on trusting the tokens it keeps while
// hearing no revocation. A dead connection is found within 1.5 checks.
const listenCheck = 10 * time.Second

// ListenRevoked implements store.RevocationFeed with LISTEN on a
// connection of its own, checked when quiet, taken again after any failure.
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
	var schema string
	if err := pc.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return
	}
	if _, err := pc.Exec(ctx, `LISTEN `+revokedChannel); err != nil {
		return
	}
	live(true)
	check := c.listenCheck
	if check <= 0 {
		check = listenCheck
	}
	for {
		wait, cancel := context.WithTimeout(ctx, check)
		n, err := pc.WaitForNotification(wait)
		cancel()
		if err == nil {
			if in, user, ok := strings.Cut(n.Payload, ":"); ok && in == schema {
				if id, err := strconv.ParseInt(user, 10, 64); err == nil {
					revoked(id)
				}
			}
			continue
		}
		if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return
		}
		// Quiet for a while: make sure the connection still carries
		// something (a timed-out wait leaves it usable).
		ping, cancel := context.WithTimeout(ctx, check/2)
		err = pc.Ping(ping)
		cancel()
		if err != nil {
			return
		}
	}
}
