//go:build !centavo_crashtest

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrashHookNotInRelease: a binary built without the centavo_crashtest
// tag (every release) ignores CENTAVO_TEST_CRASH_BEFORE_INVALIDATE: an
// environment that sets it by mistake must not make serve SIGKILL itself
// after its first change's commit (docs/0040). The data directory is a
// file, so serve stops right after it would have installed the hook.
func TestCrashHookNotInRelease(t *testing.T) {
	t.Parallel()
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if k == crashBeforeInvalidateEnv {
			return "1"
		}
		return ""
	}
	var stderr bytes.Buffer
	err := serve(context.Background(), []string{"--data-dir", notDir, "--addr", "127.0.0.1:0"}, env, io.Discard, &stderr)
	if err == nil {
		t.Fatal("serve started on a data directory that is a file")
	}
	if strings.Contains(stderr.String(), crashBeforeInvalidateEnv) {
		t.Fatalf("a release build took the crash test's hook:\n%s", stderr.String())
	}
}
