package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/ofx"
	"github.com/centavo/centavo/internal/connector/simplefin"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/outbound"
)

// Replay is the replay command's graph: the backends, today's readers and
// categorizer (the seller map, the crowd's consensus, the users' rules) and
// the ingest service that records with them. It asks no bank anything: the
// connectors only read archived answers again.
type Replay struct {
	*Backends
	svc *ingest.Service
	now func() time.Time
}

// OpenReplay opens the backends the configuration names and wires the
// replay on them with the clock now.
func OpenReplay(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (r *Replay, err error) {
	b, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, b.Close())
			r = nil
		}
	}()
	sellers, err := LoadSellers(cfg.SellersFile)
	if err != nil {
		return nil, err
	}
	crowd := categorize.NewCrowdIndex(cfg.CrowdVoters, categorize.DefaultCrowdShare)
	if err := (&categorize.CrowdSync{Index: crowd, Shards: b.crowdReaders()}).Load(ctx); err != nil {
		return nil, fmt.Errorf("crowd: %w", err)
	}
	// Insert-only queue clients: the jobs a replay sets off (budget
	// evaluations, change and drop events) wait for the workers of serve.
	for _, shard := range b.Shards {
		if _, err := shard.NewQueue(jobs.Config(jobs.Deps{Shard: shard, Logger: log}, jobs.Options{})); err != nil {
			return nil, err
		}
	}
	policy := outbound.Banks(cfg.AllowPrivateBanks, nil)
	accounts := &account.Service{Cluster: b.Cluster, Cache: b.Cache, Logger: log, Now: now, Connectors: map[string]connector.Connector{
		centavo.ConnectorOFX:       ofx.New(cfg.OFXTimeout, now, policy),
		centavo.ConnectorSimpleFIN: simplefin.New(cfg.OFXTimeout, now, policy),
	}}
	svc := &ingest.Service{
		Accounts: accounts, Objects: b.Objects, Categorizer: &categorize.Categorizer{Sellers: sellers, Crowd: crowd},
		Cache: b.Cache, Logger: log, Now: now,
	}
	return &Replay{Backends: b, svc: svc, now: now}, nil
}

// UserID finds a user by e-mail.
func (r *Replay) UserID(ctx context.Context, email string) (int64, error) {
	u, err := r.Cluster.UserByEmail(ctx, email)
	if err != nil {
		return 0, fmt.Errorf("user %s: %w", email, err)
	}
	return u.ID, nil
}

// Run replays the scope as of now.
func (r *Replay) Run(ctx context.Context, scope ingest.ReplayScope) (ingest.ReplayReport, error) {
	return r.svc.Replay(ctx, scope, r.now().UTC())
}
