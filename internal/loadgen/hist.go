package loadgen

import (
	"math"
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: each power of two is split into
// 2^subBits buckets, so a recorded value is off by less than 1/128 (0.8 %)
// of itself; values below 2^(subBits+1) ns are exact.
const subBits = 7

// Histogram records durations in log-linear buckets: constant memory
// (about 60 KB) whatever the number of samples, so a 10-minute soak costs
// what a 10-second run does, and percentiles keep a bounded relative error.
// It is not safe for concurrent use: give each goroutine its own and Merge.
type Histogram struct {
	counts   []uint64
	n        uint64
	sum      float64 // ns
	min, max int64   // ns, exact
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{counts: make([]uint64, bucketOf(math.MaxInt64)+1), min: math.MaxInt64}
}

// bucketOf maps a value to its bucket: exact below 2^(subBits+1), then
// 2^subBits buckets per power of two.
func bucketOf(v int64) int {
	if v < 0 {
		v = 0
	}
	u := uint64(v)
	if u < 1<<(subBits+1) {
		return int(u)
	}
	shift := bits.Len64(u) - (subBits + 1)
	return shift<<subBits + int(u>>uint(shift))
}

// bucketRange is the smallest and largest value of a bucket.
func bucketRange(b int) (lo, hi int64) {
	if b < 1<<(subBits+1) {
		return int64(b), int64(b)
	}
	shift := b>>subBits - 1
	top := int64(b - shift<<subBits)
	return top << uint(shift), (top+1)<<uint(shift) - 1
}

// Record adds one duration.
func (h *Histogram) Record(d time.Duration) {
	v := int64(d)
	if v < 0 {
		v = 0
	}
	h.counts[bucketOf(v)]++
	h.n++
	h.sum += float64(v)
	h.min = min(h.min, v)
	h.max = max(h.max, v)
}

// Merge adds o's samples to h.
func (h *Histogram) Merge(o *Histogram) {
	if o == nil || o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.min = min(h.min, o.min)
	h.max = max(h.max, o.max)
}

// Count is the number of samples.
func (h *Histogram) Count() uint64 { return h.n }

// Max is the largest sample (exact); 0 when empty.
func (h *Histogram) Max() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(h.max)
}

// Mean is the average sample; 0 when empty.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(h.sum / float64(h.n))
}

// Quantile returns the q-quantile (0 < q ≤ 1) by the nearest-rank rule:
// the smallest sample such that at least q of all samples are at most it.
// The answer is the middle of that sample's bucket, clamped to the exact
// minimum and maximum, so it is within 0.8 % of the true sample.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := rankOf(q, h.n)
	var seen uint64
	for b, c := range h.counts {
		seen += c
		if seen >= rank {
			lo, hi := bucketRange(b)
			v := lo + (hi-lo)/2
			return time.Duration(min(max(v, h.min), h.max))
		}
	}
	return time.Duration(h.max)
}

// rankOf is the 1-based nearest rank of the q-quantile among n samples:
// ceil(q·n), where q·n is allowed a hair of floating-point error (0.99·100
// is 99.00000000000001 in float64, and its rank is 99, not 100).
func rankOf(q float64, n uint64) uint64 {
	r := math.Ceil(q*float64(n) - 1e-9)
	if r < 1 {
		return 1
	}
	if r > float64(n) {
		return n
	}
	return uint64(r)
}
