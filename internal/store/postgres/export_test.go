package postgres

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DirectoryForTest exposes the directory shard's pool to tests.
func DirectoryForTest(c *Cluster) *pgxpool.Pool { return c.directory().primary }

// SetListenCheckForTest sets how long ListenRevoked's connection may stay
// silent before it is checked.
func SetListenCheckForTest(c *Cluster, d time.Duration) { c.listenCheck = d }
