// Package metrics holds Centavo's Prometheus collectors. They are created on
// a registry given by the caller (no global registry), so tests and several
// servers in one process do not collide.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the service's collectors.
type Metrics struct {
	Registry *prometheus.Registry

	HTTPRequests         *prometheus.CounterVec   // route, method, status
	HTTPDuration         *prometheus.HistogramVec // route
	Jobs                 *prometheus.CounterVec   // kind, outcome
	JobDuration          *prometheus.HistogramVec // kind
	TransactionsIngested prometheus.Counter
	CacheRequests        *prometheus.CounterVec // result: hit, miss, error
	CrowdSyncs           prometheus.Counter     // completed reads of the crowd's vote counts
}

// New creates the collectors on a new registry, with Go runtime and process
// collectors.
func New() *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "centavo_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "centavo_http_request_duration_seconds", Help: "HTTP request duration by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		Jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "centavo_jobs_total", Help: "Jobs worked by kind and outcome (ok, error, cancelled, panic).",
		}, []string{"kind", "outcome"}),
		JobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "centavo_job_duration_seconds", Help: "Job run time by kind.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 10),
		}, []string{"kind"}),
		TransactionsIngested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "centavo_transactions_ingested_total", Help: "New transactions stored by extraction (duplicates excluded).",
		}),
		CacheRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "centavo_cache_requests_total", Help: "Cache lookups by result (hit, miss, error).",
		}, []string{"result"}),
		CrowdSyncs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "centavo_crowd_syncs_total", Help: "Completed reads of every shard's crowd vote counts into this process's index.",
		}),
	}
	r.MustRegister(m.HTTPRequests, m.HTTPDuration, m.Jobs, m.JobDuration, m.TransactionsIngested, m.CacheRequests, m.CrowdSyncs,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
