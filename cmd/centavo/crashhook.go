//go:build centavo_crashtest

package main

import (
	"log/slog"
	"os"

	"github.com/centavo/centavo/internal/app"
)

// testHooks returns the app options of the crash tests' hooks the
// environment asks for.
func testHooks(getenv func(string) string, log *slog.Logger) []app.Option {
	if getenv(crashBeforeInvalidateEnv) == "" {
		return nil
	}
	log.Warn(crashBeforeInvalidateEnv + " is set: this process kills itself after its first change's commit, before its cache invalidation (a crash test's hook)")
	return []app.Option{app.WithBeforeForget(killSelf)}
}

// killSelf ends this process at once, as SIGKILL does (no deferred work,
// no drain).
func killSelf(int64) {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Kill()
	}
	select {} // the signal is on its way
}
