package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is everything a run measured.
type Report struct {
	Started  time.Time     `json:"started"`
	Took     time.Duration `json:"took_ns"`
	Command  string        `json:"command"`
	Machine  Machine       `json:"machine"`
	Settings []string      `json:"settings"`
	// Baselines: the bare write paths on the dataset's rows.
	Baselines  []Baseline      `json:"baselines"`
	Ingest     []IngestResult  `json:"ingest"`
	Reads      []ReadResult    `json:"reads"`
	Soak       *SoakResult     `json:"soak,omitempty"`
	Targets    []TargetVerdict `json:"targets"`
	Notes      []string        `json:"notes"`
	LoadAvgEnd string          `json:"loadavg_end"`
}

// Baseline is one bare write path measured.
type Baseline struct {
	Name    string      `json:"name"`
	Engine  string      `json:"engine"`
	History int64       `json:"history_transactions"`
	Result  WriteResult `json:"result"`
	Rate    float64     `json:"rows_per_s"`
}

// TargetVerdict is one target of the issue, measured.
type TargetVerdict struct {
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(r)
}

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Centavo load generator — %s, took %s\n", r.Started.UTC().Format(time.RFC3339), r.Took.Round(time.Second))
	m := r.Machine
	fmt.Fprintf(w, "machine: %d CPUs (%s), %.1f GiB, %s, kernel %s; load average %s at start, %s at end\n",
		m.CPUs, m.CPUModel, m.MemoryGiB, m.GoVersion, m.Kernel, m.LoadAvgStart, r.LoadAvgEnd)
	if m.PostgresVersion != "" {
		fmt.Fprintf(w, "postgres: %s\n", m.PostgresVersion)
	}
	for _, s := range r.Settings {
		fmt.Fprintf(w, "  %s\n", s)
	}
	if len(r.Baselines) > 0 {
		fmt.Fprintf(w, "\nBare write paths (baselines), %d-row transactions:\n", BareBatch)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "path\thistory\trows\ttime\trows/s\tslowest tx\t")
		for _, b := range r.Baselines {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t\n", b.Name, count(b.History), b.Result.Rows, b.Result.Elapsed.Round(time.Millisecond),
				perSec(b.Rate), b.Result.BatchMax.Round(time.Millisecond))
		}
		tw.Flush()
	}
	if len(r.Ingest) > 0 {
		fmt.Fprintln(w, "\nEnd-to-end ingest (rows until every extraction job completed; drained: until the queue is empty):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "engine\tpath\tsetup\thistory\taccounts\trows\trows/s\tvs bare\trows/s drained\tfailed\tCPU µs/row\tCPU cores (machine)\tRSS\tverify\t")
		for _, x := range r.Ingest {
			vs := "—"
			if x.Baseline != nil && x.Baseline.Rate() > 0 {
				vs = fmt.Sprintf("%.0f %%", 100*x.ExtractRate/x.Baseline.Rate())
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%d\t%.0f\t%.2f\t%s\t%s\t\n", x.Engine, x.Path, x.Setup, count(x.History), x.Accounts, x.Rows,
				perSec(x.ExtractRate), vs, perSec(x.DrainRate), x.FailedAttempts, float64(x.CPUPerRow)/1e3, x.CPU.Machine, mib(x.Memory.RSS), verdictOf(x.Verify))
		}
		tw.Flush()
	}
	if len(r.Reads) > 0 {
		fmt.Fprintln(w, "\nReads, open loop (latency from each request's due time):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "target\tendpoint\toffered/s\tthroughput/s\tp50\tp99\tp99.9\tmax\terrors\tunsent\tCPU cores (machine)\tserver RSS\t")
		for _, x := range r.Reads {
			offered := perSec(x.Offered)
			if x.Saturation {
				offered = "saturation"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%.2f\t%s\t\n", x.Name, x.Endpoint, offered, perSec(x.Throughput),
				ms(x.P50), ms(x.P99), ms(x.P999), ms(x.Max), x.Errors, x.Unsent+x.Abandoned, x.CPU.Machine, mib(x.Memory.RSS))
		}
		tw.Flush()
		for _, x := range r.Reads {
			if len(x.FirstErrors) > 0 {
				fmt.Fprintf(w, "  errors of %s %s: %s\n", x.Name, x.Endpoint, strings.Join(x.FirstErrors, "; "))
			}
		}
	}
	if r.Soak != nil {
		r.Soak.writeText(w)
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w, "\nTargets:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, t := range r.Targets {
			mark := "MISSED"
			if t.Met {
				mark = "met"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, t.Target, t.Measured)
		}
		tw.Flush()
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

func verdictOf(v string) string {
	switch {
	case v == "":
		return "—"
	case strings.HasPrefix(v, "OK"):
		return "ok"
	}
	return "FAILED"
}

func perSec(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func ms(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d >= 100*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.2f ms", float64(d)/1e6)
}

func mib(b int64) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

func count(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.2f M", float64(n)/1e6)
	case n >= 1000:
		return fmt.Sprintf("%.0f k", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
