//go:build !centavo_crashtest

package main

import (
	"log/slog"

	"github.com/centavo/centavo/internal/app"
)

// testHooks: a release build has no crash test hooks (crashhook.go), so no
// environment variable can make serve kill itself.
func testHooks(func(string) string, *slog.Logger) []app.Option { return nil }
