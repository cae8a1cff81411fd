package postgres

import "github.com/jackc/pgx/v5/pgxpool"

// DirectoryForTest exposes the directory shard's pool to tests.
func DirectoryForTest(c *Cluster) *pgxpool.Pool { return c.directory().primary }
