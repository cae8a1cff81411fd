package main

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// TestMain runs more of the package's tests at once than go test's default
// -parallel (GOMAXPROCS) when -parallel is not given: they are end-to-end
// tests that mostly wait on servers, queues, child processes and the
// browser, not on the CPU (on 2 cores, twice as many at once took the
// package from 150 s to 73 s with the same per-test times). Under the race
// detector the tests are CPU-bound, and the default stays.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given && !raceEnabled {
		if err := flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
