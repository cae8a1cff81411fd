// Package queue is the job queue (River) that lives in each store's
// database, behind three small interfaces: Tx, the queue inside one store
// transaction; Maker, which makes queue clients on a store's database; and
// Client, the part of a River client that does not depend on the database
// driver. store.Tx and store.Store compose Tx and Maker, so that the store
// package names no River type; the engines implement them with their own
// River driver (docs/0001 says why jobs share the store's transactions).
package queue

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Tx is the queue inside one store transaction: the jobs enqueued and
// completed through it commit or roll back with the transaction's changes.
type Tx interface {
	// Enqueue inserts River jobs in this transaction.
	Enqueue(ctx context.Context, jobs ...river.InsertManyParams) error
	// CompleteJob marks the running job complete in this transaction, so that
	// the job's effects and its completion commit atomically. ctx must be the
	// worker's context.
	CompleteJob(ctx context.Context, job *rivertype.JobRow) error
	// Superseded reports whether a job of job's kind with the same arguments
	// was enqueued after it and has yet to run for the first time (available
	// or scheduled; not retryable: a job that failed may never succeed). A
	// job whose work a later one redoes whole from the data as it will then
	// be can complete without doing it.
	Superseded(ctx context.Context, job *rivertype.JobRow) (bool, error)
}

// Maker makes queue clients on a store's database.
type Maker interface {
	// NewQueue returns a River client on this database, configured by cfg
	// (which names the workers, queues and periodic jobs; nil workers gives an
	// insert-only client). The store enqueues through the last client made.
	NewQueue(cfg *river.Config) (Client, error)
}

// Client is the part of a River client that does not depend on the driver.
type Client interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	// InsertMany enqueues jobs outside of any store transaction.
	InsertMany(ctx context.Context, jobs []river.InsertManyParams) error
	// Jobs lists jobs of the given kinds (for tests and operators).
	Jobs(ctx context.Context, kinds ...string) ([]*rivertype.JobRow, error)
}

// NewClient wraps c, an engine's River client, as a Client.
func NewClient[TTx any](c *river.Client[TTx]) Client { return client[TTx]{c} }

type client[TTx any] struct{ *river.Client[TTx] }

func (c client[TTx]) InsertMany(ctx context.Context, jobs []river.InsertManyParams) error {
	_, err := c.Client.InsertMany(ctx, jobs)
	return err
}

// jobsPage is how many jobs Jobs asks River for at a time.
const jobsPage = 10_000

func (c client[TTx]) Jobs(ctx context.Context, kinds ...string) ([]*rivertype.JobRow, error) {
	var out []*rivertype.JobRow
	params := river.NewJobListParams().Kinds(kinds...).First(jobsPage)
	for {
		res, err := c.Client.JobList(ctx, params)
		if err != nil {
			return nil, err
		}
		out = append(out, res.Jobs...)
		if len(res.Jobs) < jobsPage {
			return out, nil
		}
		params = params.After(res.LastCursor)
	}
}
