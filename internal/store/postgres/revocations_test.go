package postgres_test

import (
	"context"
	"net"
	neturl "net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store/postgres"
)

// TestRevocationFeed: a revocation notified by one process reaches another
// that listens on the same database; the listener says when it listens.
func TestRevocationFeed(t *testing.T) {
	t.Parallel()
	url := pgtest.Schema(t)
	open := func() *postgres.Cluster {
		c, err := postgres.OpenCluster(context.Background(), []string{url}, nil, postgres.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	listener, notifier := open(), open()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	live := make(chan bool, 4)
	got := make(chan int64, 16)
	go listener.ListenRevoked(ctx, func(id int64) { got <- id }, func(l bool) { live <- l })
	select {
	case l := <-live:
		if !l {
			t.Fatal("the listener failed to listen")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the listener never listened")
	}
	// The channel is the database's: a deployment (or a test) in another
	// schema has users of the same ids, and its revocations are not ours.
	elsewhere, err := postgres.OpenCluster(context.Background(), []string{pgtest.Schema(t)}, nil, postgres.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { elsewhere.Close() })
	const theirs, user = 123_456_789, 987_654_321
	if err := elsewhere.NotifyRevoked(context.Background(), theirs); err != nil {
		t.Fatal(err)
	}
	if err := notifier.NotifyRevoked(context.Background(), user); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case id := <-got:
			if id == theirs {
				t.Fatal("a revocation of another schema's user was heard")
			}
			if id == user {
				return
			}
		case <-deadline:
			t.Fatal("the revocation never reached the other process")
		}
	}
}

// TestRevocationFeedSilentLoss: a listening connection that dies without
// a word — the network drops its packets and nothing closes it, as a NAT
// or a firewall does to a quiet flow — is found out by the listener's idle
// check: it says it no longer listens (and the process stops trusting the
// tokens it keeps).
func TestRevocationFeedSilentLoss(t *testing.T) {
	t.Parallel()
	u, err := neturl.Parse(pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newDropProxy(t, u.Host)
	u.Host = p.addr
	c, err := postgres.OpenCluster(context.Background(), []string{u.String()}, nil, postgres.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	postgres.SetListenCheckForTest(c, 200*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // before the proxy closes: the listener retries through it
	live := make(chan bool, 16)
	go c.ListenRevoked(ctx, func(int64) {}, func(l bool) { live <- l })
	wantLive := func(want bool, what string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case l := <-live:
				if l == want {
					return
				}
			case <-deadline:
				t.Fatal(what)
			}
		}
	}
	wantLive(true, "the listener never listened")
	p.drop()
	wantLive(false, "the listener still says it listens on a connection that carries nothing")
}

// dropProxy forwards TCP connections to a server until drop, after which
// it keeps every connection open but forwards nothing, either way.
type dropProxy struct {
	addr     string
	dropping atomic.Bool
}

func newDropProxy(t *testing.T, target string) *dropProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dropProxy{addr: ln.Addr().String()}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, in, out)
			mu.Unlock()
			go p.pipe(out, in)
			go p.pipe(in, out)
		}
	}()
	return p
}

func (p *dropProxy) drop() { p.dropping.Store(true) }

func (p *dropProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !p.dropping.Load() {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
