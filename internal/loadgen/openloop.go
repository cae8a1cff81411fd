package loadgen

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// Load is an open-loop load: requests are due on a clock at a fixed rate,
// whatever the server does. A request that cannot start on time (every
// connection busy) waits, and its latency counts from when it was due, not
// from when it was sent: a slow server is not allowed to slow the load down
// and hide its own slowness (coordinated omission).
type Load struct {
	Rate        float64       // requests per second
	Duration    time.Duration // how long requests fall due
	Concurrency int           // requests in flight at most (e.g. connections); default 64
	// Grace is how long after Duration requests still waiting may start,
	// and those in flight may finish; what is left is counted, not timed.
	// Default 5 s.
	Grace   time.Duration
	Timeout time.Duration // per request; default 10 s
}

// Request is one request of a load.
type Request struct {
	Index int64
	Due   time.Time
}

// Op sends one request; label groups the results (an endpoint, say).
type Op func(ctx context.Context, r Request) (label string, err error)

// Count is how many requests fall due within the duration.
func (l Load) Count() int64 {
	if l.Rate <= 0 || l.Duration <= 0 {
		return 0
	}
	return int64(l.Rate * l.Duration.Seconds())
}

// DueAt is when request i falls due for a load that starts at start.
func (l Load) DueAt(start time.Time, i int64) time.Time {
	return start.Add(time.Duration(float64(i) * float64(time.Second) / l.Rate))
}

// Outcome is what happened to a group of requests.
type Outcome struct {
	Completed int64      // answered without error
	Errors    int64      // answered with an error (or failed to be sent)
	Latency   *Histogram // of the completed ones, from when each was due
}

func newOutcome() *Outcome { return &Outcome{Latency: NewHistogram()} }

func (o *Outcome) merge(p *Outcome) {
	o.Completed += p.Completed
	o.Errors += p.Errors
	o.Latency.Merge(p.Latency)
}

// Result is what a load measured.
type Result struct {
	Load      Load
	Scheduled int64 // requests that fell due
	// Unsent: due, but still waiting for a free connection when the grace
	// ran out. Abandoned: in flight when it ran out (cancelled). Neither is
	// in the latencies: a non-zero count means the server was saturated.
	Unsent, Abandoned int64
	Elapsed           time.Duration // from the first due time to the last answer
	Total             *Outcome
	ByLabel           map[string]*Outcome
	FirstErrors       []string // a few error messages, for the report
}

// Throughput is completed requests per second.
func (r Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Total.Completed) / r.Elapsed.Seconds()
}

// Labels returns the labels in order.
func (r Result) Labels() []string {
	out := make([]string, 0, len(r.ByLabel))
	for l := range r.ByLabel {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

const maxErrorSamples = 5

// Run applies the load with op and waits for the result. Canceling ctx
// stops it early (what was not sent is counted as unsent).
func (l Load) Run(ctx context.Context, op Op) Result {
	l = l.withDefaults()
	n := l.Count()
	start := time.Now()
	runCtx, cancel := context.WithDeadline(ctx, start.Add(l.Duration+l.Grace))
	defer cancel()

	// The queue only hands due requests to free workers; when it is full
	// the dispatcher waits, and the requests it then sends late keep their
	// due times.
	queue := make(chan Request, min(max(n, 1), 1<<14))
	workers := make([]*loadWorker, l.Concurrency)
	var wg sync.WaitGroup
	for k := range workers {
		w := &loadWorker{byLabel: map[string]*Outcome{}}
		workers[k] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.serve(runCtx, queue, op, l.Timeout)
		}()
	}
	sent := l.dispatch(runCtx, queue, start, n)
	close(queue)
	wg.Wait()
	return l.collect(start, n, sent, workers)
}

func (l Load) withDefaults() Load {
	if l.Concurrency <= 0 {
		l.Concurrency = 64
	}
	if l.Grace <= 0 {
		l.Grace = 5 * time.Second
	}
	if l.Timeout <= 0 {
		l.Timeout = 10 * time.Second
	}
	return l
}

// loadWorker sends requests from the queue one at a time and keeps its own
// tally, merged by collect once every worker is done.
type loadWorker struct {
	byLabel   map[string]*Outcome
	unsent    int64
	abandoned int64
	lastEnd   time.Time
	errs      []string
}

func (w *loadWorker) serve(runCtx context.Context, queue <-chan Request, op Op, timeout time.Duration) {
	for req := range queue {
		if runCtx.Err() != nil {
			w.unsent++
			continue
		}
		rctx, rcancel := context.WithTimeout(runCtx, timeout)
		label, err := op(rctx, req)
		end := time.Now()
		rcancel()
		o := w.byLabel[label]
		if o == nil {
			o = newOutcome()
			w.byLabel[label] = o
		}
		switch {
		case err != nil && runCtx.Err() != nil && errors.Is(err, runCtx.Err()):
			w.abandoned++
			continue
		case err != nil:
			o.Errors++
			if len(w.errs) < maxErrorSamples {
				w.errs = append(w.errs, label+": "+err.Error())
			}
		default:
			o.Completed++
			o.Latency.Record(end.Sub(req.Due))
		}
		if end.After(w.lastEnd) {
			w.lastEnd = end
		}
	}
}

// dispatch queues the n requests, each at its due time, until runCtx ends,
// and returns how many it queued.
func (l Load) dispatch(runCtx context.Context, queue chan<- Request, start time.Time, n int64) int64 {
	var sent int64
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for i := range n {
		due := l.DueAt(start, i)
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-runCtx.Done():
				timer.Stop()
				return sent
			}
		}
		select {
		case queue <- Request{Index: i, Due: due}:
			sent++
		case <-runCtx.Done():
			return sent
		}
	}
	return sent
}

// collect merges the workers' tallies into the result.
func (l Load) collect(start time.Time, n, sent int64, workers []*loadWorker) Result {
	res := Result{Load: l, Scheduled: n, Unsent: n - sent, Total: newOutcome(), ByLabel: map[string]*Outcome{}}
	var lastEnd time.Time
	for _, w := range workers {
		res.Unsent += w.unsent
		res.Abandoned += w.abandoned
		for label, o := range w.byLabel {
			if res.ByLabel[label] == nil {
				res.ByLabel[label] = newOutcome()
			}
			res.ByLabel[label].merge(o)
			res.Total.merge(o)
		}
		for _, e := range w.errs {
			if len(res.FirstErrors) < maxErrorSamples {
				res.FirstErrors = append(res.FirstErrors, e)
			}
		}
		if w.lastEnd.After(lastEnd) {
			lastEnd = w.lastEnd
		}
	}
	if !lastEnd.IsZero() {
		res.Elapsed = lastEnd.Sub(start)
	}
	return res
}
