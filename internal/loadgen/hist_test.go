package loadgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// exactQuantile is the nearest-rank quantile of sorted samples.
func exactQuantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[rankOf(q, uint64(len(sorted)))-1]
}

func TestRankOf(t *testing.T) {
	for _, c := range []struct {
		q    float64
		n    uint64
		want uint64
	}{
		{0.5, 1, 1}, {0.5, 2, 1}, {0.5, 3, 2}, {0.5, 4, 2},
		{0.99, 100, 99}, {0.99, 101, 100}, {0.999, 1000, 999}, {0.999, 1001, 1000},
		{1, 7, 7}, {0.0001, 7, 1}, {0, 7, 1}, {0.3, 10, 3}, {0.7, 10, 7},
	} {
		if got := rankOf(c.q, c.n); got != c.want {
			t.Errorf("rankOf(%v, %d) = %d, want %d", c.q, c.n, got, c.want)
		}
	}
}

func TestBucketsCoverEveryValueOnce(t *testing.T) {
	// Consecutive buckets tile the values: each begins right after the
	// previous one ends, and a value lands in the bucket whose range holds it.
	prevHi := int64(-1)
	last := bucketOf(math.MaxInt64)
	for b := 0; b <= last; b++ {
		lo, hi := bucketRange(b)
		if lo != prevHi+1 || hi < lo {
			t.Fatalf("bucket %d is [%d, %d], previous ended at %d", b, lo, hi, prevHi)
		}
		if bucketOf(lo) != b || bucketOf(hi) != b {
			t.Fatalf("bucket %d: its bounds map to %d and %d", b, bucketOf(lo), bucketOf(hi))
		}
		// The relative width stays under 1/2^subBits.
		if lo > 0 && float64(hi-lo) > float64(lo)/float64(1<<subBits) {
			t.Fatalf("bucket %d [%d, %d] is wider than 1/%d of its values", b, lo, hi, 1<<subBits)
		}
		prevHi = hi
		if hi == math.MaxInt64 {
			if b != last {
				t.Fatalf("bucket %d ends at MaxInt64 but the last bucket is %d", b, last)
			}
			break
		}
	}
}

func TestQuantilesMatchExactOnes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 10, 999, 1000, 1001, 54_321} {
		h := NewHistogram()
		samples := make([]time.Duration, n)
		for i := range samples {
			// Log-uniform from 1 µs to 10 s, plus a few exact small values.
			d := time.Duration(math.Exp(r.Float64()*math.Log(1e7)) * 1e3)
			if i%97 == 0 {
				d = time.Duration(r.IntN(200))
			}
			samples[i] = d
			h.Record(d)
		}
		slices.Sort(samples)
		if h.Count() != uint64(n) || h.Max() != samples[n-1] {
			t.Fatalf("n=%d: count %d, max %v; want %d, %v", n, h.Count(), h.Max(), n, samples[n-1])
		}
		for _, q := range []float64{0.001, 0.5, 0.9, 0.99, 0.999, 1} {
			got, want := h.Quantile(q), exactQuantile(samples, q)
			if err := math.Abs(float64(got-want)) / math.Max(float64(want), 1); err > 1.0/float64(1<<subBits) {
				t.Errorf("n=%d q=%v: %v, exact %v (error %.4f)", n, q, got, want, err)
			}
		}
	}
}

func TestQuantileSmallValuesAreExact(t *testing.T) {
	h := NewHistogram()
	for v := 1; v <= 100; v++ {
		h.Record(time.Duration(v))
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50}, {0.99, 99}, {0.999, 100}, {0.01, 1}} {
		if got := h.Quantile(c.q); got != c.want {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if h.Mean() != 50 { // (1+…+100)/100 = 50.5, truncated
		t.Errorf("mean %v", h.Mean())
	}
}

func TestMergeEqualsRecordingTogether(t *testing.T) {
	a, b, both := NewHistogram(), NewHistogram(), NewHistogram()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		d := time.Duration(r.Int64N(int64(time.Second)))
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
		both.Record(d)
	}
	a.Merge(b)
	a.Merge(nil)
	a.Merge(NewHistogram())
	for _, q := range []float64{0.5, 0.99, 0.999} {
		if a.Quantile(q) != both.Quantile(q) {
			t.Errorf("q=%v: merged %v, together %v", q, a.Quantile(q), both.Quantile(q))
		}
	}
	if a.Count() != both.Count() || a.Max() != both.Max() || a.Mean() != both.Mean() {
		t.Errorf("merged %d/%v/%v, together %d/%v/%v", a.Count(), a.Max(), a.Mean(), both.Count(), both.Max(), both.Mean())
	}
}

func TestEmptyHistogram(t *testing.T) {
	h := NewHistogram()
	if h.Quantile(0.99) != 0 || h.Max() != 0 || h.Mean() != 0 || h.Count() != 0 {
		t.Error("an empty histogram should report zeros")
	}
	h.Record(-5) // a clock step backwards counts as zero
	if h.Quantile(0.5) != 0 || h.Count() != 1 {
		t.Errorf("negative sample: %v", h.Quantile(0.5))
	}
}
