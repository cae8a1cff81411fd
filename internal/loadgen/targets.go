package loadgen

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The targets.
const (
	targetShareOfBare   = 0.50
	targetPostgresRate  = 20_000
	targetSQLiteRate    = 15_000
	targetFlat          = 0.85 // the rate at the largest history, relative to the smallest
	targetReadP99       = 10 * time.Millisecond
	targetReadRate      = 2000
	targetShareTrivial  = 0.40
	targetSoakRSSGrowth = 0.10
)

// Verdicts compares a report's figures with the targets.
func Verdicts(r *Report) []TargetVerdict {
	var out []TargetVerdict
	add := func(met bool, target, format string, args ...any) {
		out = append(out, TargetVerdict{Target: target, Measured: fmt.Sprintf(format, args...), Met: met})
	}
	for _, engine := range []string{"postgres", "sqlite"} {
		floor := float64(targetPostgresRate)
		if engine == "sqlite" {
			floor = targetSQLiteRate
		}
		var byHistory []IngestResult
		for _, x := range r.Ingest {
			if x.Engine != engine {
				continue
			}
			what := fmt.Sprintf("%s end to end (%s, %s) at %s stored", engine, x.Path, x.Setup, count(x.History))
			if x.Baseline != nil && x.Baseline.Rate() > 0 {
				share := x.ExtractRate / x.Baseline.Rate()
				add(share >= targetShareOfBare, what+": ≥ 50 % of the bare path",
					"%.0f rows/s = %.0f %% of %.0f", x.ExtractRate, 100*share, x.Baseline.Rate())
			}
			add(x.ExtractRate >= floor, fmt.Sprintf("%s: ≥ %.0f tx/s", what, floor), "%.0f rows/s", x.ExtractRate)
			if x.Path == "pregenerated" {
				byHistory = append(byHistory, x)
			}
		}
		if len(byHistory) > 1 {
			lo, hi := byHistory[0], byHistory[len(byHistory)-1]
			ratio := hi.ExtractRate / lo.ExtractRate
			add(ratio >= targetFlat, fmt.Sprintf("%s ingest flat as history grows (rate at %s ≥ 85 %% of the rate at %s)", engine, count(hi.History), count(lo.History)),
				"%.0f → %.0f rows/s (%.0f %%)", lo.ExtractRate, hi.ExtractRate, 100*ratio)
		}
	}
	var trivial float64
	for _, x := range r.Reads {
		if x.Endpoint == EndpointTrivial && x.Saturation {
			trivial = x.Throughput
		}
	}
	for _, x := range r.Reads {
		if x.Endpoint != EndpointSpending {
			continue
		}
		if !x.Saturation && x.Offered == targetReadRate && !strings.Contains(x.Name, "no cache") {
			ok := x.P99 <= targetReadP99 && x.Errors == 0 && x.Unsent+x.Abandoned == 0
			add(ok, fmt.Sprintf("summary reads at 2,000/s, %s: p99 ≤ 10 ms", x.Name), "p99 %s, %d errors, %d unsent", ms(x.P99), x.Errors, x.Unsent+x.Abandoned)
		}
		if x.Saturation && trivial > 0 {
			share := x.Throughput / trivial
			add(share >= targetShareTrivial, fmt.Sprintf("summary reads at saturation, %s: ≥ 40 %% of the trivial handler", x.Name),
				"%.0f/s = %.0f %% of %.0f/s", x.Throughput, 100*share, trivial)
		}
	}
	if s := r.Soak; s != nil {
		growth := s.MemoryGrowth()
		errs := s.LinkErrors + s.Reads.Errors + s.Reads.Unsent + s.Reads.Abandoned + int64(s.AccountsNotOK)
		ok := errs == 0 && strings.HasPrefix(s.Verify, "OK") && !math.IsNaN(growth) && growth <= targetSoakRSSGrowth
		add(ok, fmt.Sprintf("%s soak at %.0f writes : %.0f reads per second: flat memory (≤ 10 %% growth after the first minute), no errors", s.Duration, s.WriteRate, s.ReadRate),
			"RSS %+.1f %%, %d errors, verify %s", 100*growth, errs, verdictOf(s.Verify))
	}
	return out
}
