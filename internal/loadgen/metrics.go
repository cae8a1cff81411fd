package loadgen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/centavo/centavo/internal/connector"
)

// Sample is one sample of a Prometheus metric.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

// Samples is a scrape.
type Samples []Sample

// Sum adds the samples of a metric whose labels include the given ones
// (pairs: name, value, name, value…).
func (s Samples) Sum(name string, labels ...string) float64 {
	var total float64
next:
	for _, x := range s {
		if x.Name != name {
			continue
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if x.Labels[labels[i]] != labels[i+1] {
				continue next
			}
		}
		total += x.Value
	}
	return total
}

// ParseMetrics reads the Prometheus text format: enough of it for counters
// and gauges (histogram series come out as their _bucket/_sum/_count
// samples).
func ParseMetrics(r io.Reader) (Samples, error) {
	var out Samples
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		s, err := parseSample(line)
		if err != nil {
			return nil, fmt.Errorf("metrics: %q: %w", connector.Clip(line, 100), err)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

func parseSample(line string) (Sample, error) {
	s := Sample{Labels: map[string]string{}}
	rest := line
	if i := strings.IndexAny(line, "{ "); i < 0 {
		return s, fmt.Errorf("no value")
	} else {
		s.Name, rest = line[:i], line[i:]
	}
	if strings.HasPrefix(rest, "{") {
		rest = rest[1:]
		for {
			rest = strings.TrimLeft(rest, ", ")
			if strings.HasPrefix(rest, "}") {
				rest = rest[1:]
				break
			}
			eq := strings.IndexByte(rest, '=')
			if eq < 0 || len(rest) < eq+2 || rest[eq+1] != '"' {
				return s, fmt.Errorf("bad labels")
			}
			name := rest[:eq]
			rest = rest[eq+2:]
			var val strings.Builder
			for {
				if rest == "" {
					return s, fmt.Errorf("unterminated label value")
				}
				c := rest[0]
				rest = rest[1:]
				if c == '\\' && rest != "" {
					switch rest[0] {
					case 'n':
						val.WriteByte('\n')
					default:
						val.WriteByte(rest[0])
					}
					rest = rest[1:]
					continue
				}
				if c == '"' {
					break
				}
				val.WriteByte(c)
			}
			s.Labels[name] = val.String()
		}
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return s, fmt.Errorf("no value")
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return s, err
	}
	s.Value = v
	return s, nil
}

// Gather reads counters and gauges from a registry in this process.
func Gather(g prometheus.Gatherer) (Samples, error) {
	fams, err := g.Gather()
	if err != nil {
		return nil, err
	}
	var out Samples
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			s := Sample{Name: f.GetName(), Labels: map[string]string{}}
			for _, l := range m.GetLabel() {
				s.Labels[l.GetName()] = l.GetValue()
			}
			switch {
			case m.Counter != nil:
				s.Value = m.GetCounter().GetValue()
			case m.Gauge != nil:
				s.Value = m.GetGauge().GetValue()
			default:
				continue
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// Progress is how far ingestion got, from the service's own metrics.
type Progress struct {
	Rows          float64 // centavo_transactions_ingested_total
	ExtractOK     float64 // extraction jobs that succeeded
	ExtractFailed float64 // extraction attempts that failed (retried)
	DiscoverOK    float64
	EvaluateOK    float64
}

// ProgressOf reads ingestion progress from a scrape.
func ProgressOf(s Samples) Progress {
	return Progress{
		Rows:          s.Sum("centavo_transactions_ingested_total"),
		ExtractOK:     s.Sum("centavo_jobs_total", "kind", "extract_account", "outcome", "ok"),
		ExtractFailed: s.Sum("centavo_jobs_total", "kind", "extract_account", "outcome", "error"),
		DiscoverOK:    s.Sum("centavo_jobs_total", "kind", "discover_accounts", "outcome", "ok"),
		EvaluateOK:    s.Sum("centavo_jobs_total", "kind", "evaluate_budgets", "outcome", "ok"),
	}
}
