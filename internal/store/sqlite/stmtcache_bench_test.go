package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

type benchArgs struct {
	N int `json:"n"`
}

func (benchArgs) Kind() string { return "bench" }

// BenchmarkJobCompletion is what completing a job in the transaction of its
// effects costs on the writer (store.Tx.CompleteJob, River's
// JobSetStateIfRunningMany, one job per transaction as every worker of ours
// completes it), with each connection's statement cache and without it
// (docs/0039-ingest-throughput.md):
//
//	go test ./internal/store/sqlite -run '^$' -bench BenchmarkJobCompletion -count 5
func BenchmarkJobCompletion(b *testing.B) {
	for _, c := range []struct {
		name string
		size int
	}{{"uncached", 0}, {"cached", StmtCacheSize}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "c.db")
			db, err := Open(ctx, path) // the migrations
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
			writer, err := openDB(WriterDSN(path), c.size)
			if err != nil {
				b.Fatal(err)
			}
			defer writer.Close()
			writer.SetMaxOpenConns(1)
			drv := riversqlite.New(writer)
			client, err := river.NewClient(drv, &river.Config{})
			if err != nil {
				b.Fatal(err)
			}
			params := make([]river.InsertManyParams, b.N)
			for i := range params {
				params[i] = river.InsertManyParams{Args: benchArgs{N: i}}
			}
			res, err := client.InsertMany(ctx, params)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := writer.ExecContext(ctx, "UPDATE river_job SET state = 'running', attempt = 1, attempted_at = datetime('now')"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for _, r := range res {
				tx, err := writer.BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				now := time.Now()
				done, err := drv.UnwrapExecutor(tx).JobSetStateIfRunningMany(ctx, &riverdriver.JobSetStateIfRunningManyParams{
					ID: []int64{r.Job.ID}, Attempt: []*int{nil}, ErrData: [][]byte{nil}, FinalizedAt: []*time.Time{&now},
					MetadataDoMerge: []bool{false}, MetadataUpdates: [][]byte{nil}, ScheduledAt: []*time.Time{nil},
					State: []rivertype.JobState{rivertype.JobStateCompleted},
				})
				if err != nil || len(done) != 1 || done[0].State != rivertype.JobStateCompleted {
					b.Fatalf("complete job %d: %v, %v", r.Job.ID, done, err)
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
