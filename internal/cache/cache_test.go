package cache_test

import (
	"testing"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/cache/cachetest"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	cachetest.Exercise(t, cache.NewMemory(1<<20))
}
