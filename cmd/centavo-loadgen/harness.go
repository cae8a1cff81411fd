package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/centavo/centavo/internal/loadgen"
)

// centavoPackage is the service binary whose serve and verify are measured.
const centavoPackage = "github.com/centavo/centavo/cmd/centavo"

// harness starts Centavo for the load generator: `centavo serve` and
// `centavo verify` as child processes of the centavo binary, the trivial
// handler as one of this binary (or inside this process), and the ingest
// pipeline of `serve --roles worker` inside this process (pipeline.go).
type harness struct {
	dir       string
	self      string // this binary: the trivial server's child processes
	centavo   string // the centavo binary: serve and verify
	inProcess bool   // the trivial server runs inside this process
	getenv    func(string) string
	serveArgs []string // the flags of every serve process (loadgen.Options.ServeArgs)
	mu        sync.Mutex
	n         int
}

var _ loadgen.Harness = (*harness)(nil)

// centavoBinary finds the centavo binary to measure: the one beside this
// binary (go build -o DIR/ ./cmd/centavo ./cmd/centavo-loadgen), else one
// built now from this module into the work folder (under go run there is
// none beside). Never one found on PATH: it may be an older build than the
// load generator's.
func centavoBinary(ctx context.Context, self, workDir string, progress io.Writer) (string, error) {
	name := "centavo"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	beside := filepath.Join(filepath.Dir(self), name)
	if fi, err := os.Stat(beside); err == nil && fi.Mode().IsRegular() {
		return beside, nil
	}
	built := filepath.Join(workDir, name)
	fmt.Fprintf(progress, "no %s beside %s: go build -o %s %s\n", name, self, built, centavoPackage)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", built, centavoPackage)
	cmd.Stdout, cmd.Stderr = progress, progress
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build %s (run from the module, or put a centavo binary beside %s): %w", centavoPackage, self, err)
	}
	return built, nil
}

// next names a log and address file.
func (h *harness) next(what string) (logPath, addrPath string) {
	h.mu.Lock()
	h.n++
	n := h.n
	h.mu.Unlock()
	return filepath.Join(h.dir, fmt.Sprintf("%02d-%s.log", n, what)), filepath.Join(h.dir, fmt.Sprintf("%02d-%s.addr", n, what))
}

func (h *harness) Serve(ctx context.Context, args []string) (*loadgen.Server, error) {
	return h.start(ctx, "serve", h.centavo, false, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
}

func (h *harness) Trivial(ctx context.Context) (*loadgen.Server, error) {
	return h.start(ctx, "trivial", h.self, h.inProcess, []string{"--trivial-server"})
}

// start runs `bin <args> --addr-file F` and waits until it listens. With
// inProcess, bin is this binary and its run is called in this process.
func (h *harness) start(ctx context.Context, what, bin string, inProcess bool, args []string) (*loadgen.Server, error) {
	logPath, addrPath := h.next(what)
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args = append(args, "--addr-file", addrPath)
	done := make(chan error, 1)
	var stop func() error
	pid := os.Getpid()
	if inProcess {
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		go func() { done <- run(runCtx, args, h.getenv, io.Discard, logFile) }()
		stop = func() error { cancel(); return <-done }
	} else {
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = io.Discard, logFile
		if err := cmd.Start(); err != nil {
			logFile.Close()
			return nil, err
		}
		pid = cmd.Process.Pid
		go func() { done <- cmd.Wait() }()
		stop = func() error {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case err := <-done:
				return err
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				<-done
				return fmt.Errorf("%s did not stop within 60s of SIGTERM", what)
			}
		}
	}
	var once sync.Once
	var stopErr error
	s := &loadgen.Server{PID: pid, Stop: func() error {
		once.Do(func() { stopErr = stop(); logFile.Close() })
		return stopErr
	}}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if b, err := os.ReadFile(addrPath); err == nil && len(b) > 0 {
			s.Base = "http://" + string(b)
			return s, nil
		}
		select {
		case err := <-done:
			logFile.Close()
			return nil, fmt.Errorf("%s exited before listening: %v (log: %s)", what, err, logPath)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("%s did not listen within 2 minutes (log: %s)", what, logPath)
		}
	}
}

// Verify runs `centavo verify` on the backend.
func (h *harness) Verify(ctx context.Context, b loadgen.Backend) (string, error) {
	args := []string{"verify", "--data-dir", b.DataDir}
	if b.DatabaseURL != "" {
		args = append(args, "--database-url", b.DatabaseURL)
	}
	var out, errOut strings.Builder
	cmd := exec.CommandContext(ctx, h.centavo, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if msg := strings.TrimSpace(errOut.String()); err != nil && msg != "" {
		err = fmt.Errorf("%w: %s", err, msg)
	}
	return out.String(), err
}
