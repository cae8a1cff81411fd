package main

import (
	"bufio"
	"fmt"
	"github.com/centavo/centavo/internal/clock"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// Machine describes where the run happened.
type Machine struct {
	NProc      int    `json:"nproc"`
	CPU        string `json:"cpu"`
	MemTotal   string `json:"mem_total"`
	Kernel     string `json:"kernel"`
	LoadBefore string `json:"load_average_before"`
	LoadAfter  string `json:"load_average_after"`
	Go         string `json:"go"`
	Node       string `json:"node"`
}

// Report is the run's JSON file.
type Report struct {
	Time    time.Time `json:"time"`
	Machine Machine   `json:"machine"`
	Centavo Result    `json:"centavo"`
	Actual  Result    `json:"actual"`
	// Ratio is Centavo's rows/s over Actual's.
	Ratio float64 `json:"ratio"`
	// When the time limit cut Actual's import, it would at best have
	// finished at the cut: its rate is at most rows ÷ seconds, and the
	// ratio at least Centavo's rate over that.
	ActualAtMost float64 `json:"actual_rows_per_second_at_most,omitempty"`
	RatioAtLeast float64 `json:"ratio_at_least,omitempty"`
}

func report(stdout io.Writer, centavoFile, actualFile string, m Machine, out string) error {
	r := Report{Time: clock.Real().UTC().Truncate(time.Second), Machine: m}
	if err := readJSON(centavoFile, &r.Centavo); err != nil {
		return fmt.Errorf("centavo result: %w", err)
	}
	if err := readJSON(actualFile, &r.Actual); err != nil {
		return fmt.Errorf("actual result: %w", err)
	}
	r.Machine.NProc = runtime.NumCPU()
	r.Machine.CPU = procField("/proc/cpuinfo", "model name")
	r.Machine.MemTotal = procField("/proc/meminfo", "MemTotal")
	r.Machine.LoadAfter = loadAverage()
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		r.Machine.Kernel = strings.TrimSpace(string(b))
	}
	if r.Actual.RowsPerSecond > 0 {
		r.Ratio = r.Centavo.RowsPerSecond / r.Actual.RowsPerSecond
	}
	mm := r.Machine
	fmt.Fprintf(stdout, "machine: %d CPU, %s, %s, Linux %s; load average before %s, after %s; %s, node %s\n",
		mm.NProc, mm.CPU, mm.MemTotal, mm.Kernel, mm.LoadBefore, mm.LoadAfter, mm.Go, mm.Node)
	for _, res := range []Result{r.Centavo, r.Actual} {
		cut := ""
		if !res.Complete {
			cut = " (NOT COMPLETE: cut by the time limit or rows missing; the rate is of the rows stored)"
		}
		fmt.Fprintf(stdout, "%-8s %s: %d of %d rows in %.1f s = %.0f rows/s%s\n         %s\n",
			res.System, res.Version, res.Stored, res.Rows, res.Seconds, res.RowsPerSecond, cut, res.Method)
		if res.Notes != "" {
			fmt.Fprintf(stdout, "         %s\n", res.Notes)
		}
	}
	if !r.Actual.Complete && r.Actual.Seconds > 0 {
		r.ActualAtMost = float64(r.Actual.Rows) / r.Actual.Seconds
		r.RatioAtLeast = r.Centavo.RowsPerSecond / r.ActualAtMost
		fmt.Fprintf(stdout, "Actual was cut: had it finished at the cut, %.0f rows/s; so at most that, and the ratio at least %.1f\n",
			r.ActualAtMost, r.RatioAtLeast)
	}
	if r.Ratio > 0 {
		fmt.Fprintf(stdout, "ratio (Centavo rows/s ÷ Actual rows/s): %.1f\n", r.Ratio)
	}
	if out == "" {
		return nil
	}
	return writeJSON(out, r)
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
