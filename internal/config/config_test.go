package config

import (
	"io"
	"log/slog"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

const all = FlagAddr | FlagDataDir | FlagServe | FlagLog

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := Parse("serve", nil, env(nil), io.Discard, all, "127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./centavo-data" || c.Roles.String() != "api,worker,scheduler" ||
		c.LogLevel != slog.LevelInfo || c.OFXTimeout != time.Minute || c.ExtractWorkers != 20 || c.DefaultWorkers != 20 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestEnvAndFlags(t *testing.T) {
	t.Parallel()
	e := env(map[string]string{"CENTAVO_ADDR": "0.0.0.0:9000", "CENTAVO_DATA_DIR": "/srv/c", "CENTAVO_ROLES": "worker",
		"CENTAVO_OFX_TIMEOUT": "5s", "CENTAVO_LOG_LEVEL": "debug", "CENTAVO_EXTRACT_WORKERS": "3"})
	c, err := Parse("serve", nil, e, io.Discard, all, "127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.DataDir != "/srv/c" || c.Roles != (Roles{Worker: true}) || c.OFXTimeout != 5*time.Second ||
		c.LogLevel != slog.LevelDebug || c.ExtractWorkers != 3 {
		t.Fatalf("from env: %+v", c)
	}
	c, err = Parse("serve", []string{"--addr", "127.0.0.1:1", "--roles", "api,worker", "--extract-workers", "7", "--default-workers", "40"}, e, io.Discard, all, "x:1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:1" || c.Roles != (Roles{API: true, Worker: true}) || c.DataDir != "/srv/c" || c.ExtractWorkers != 7 || c.DefaultWorkers != 40 {
		t.Fatalf("flags over env: %+v", c)
	}
}

func TestBadConfig(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"bad addr":         {[]string{"--addr", "nope"}, nil},
		"bad role":         {[]string{"--roles", "api,boss"}, nil},
		"no role":          {[]string{"--roles", ","}, nil},
		"bad duration env": {nil, map[string]string{"CENTAVO_OFX_TIMEOUT": "soon"}},
		"negative timeout": {[]string{"--ofx-timeout", "-1s"}, nil},
		"bad level":        {[]string{"--log-level", "loud"}, nil},
		"bad workers":      {[]string{"--extract-workers", "0"}, nil},
		"extra argument":   {[]string{"now"}, nil},
		"unknown flag":     {[]string{"--colour"}, nil},
		"empty data dir":   {[]string{"--data-dir", " "}, nil},
	} {
		if _, err := Parse("serve", tc.args, env(tc.env), io.Discard, all, "127.0.0.1:8080"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAllowPrivateBanks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want bool
	}{
		{nil, nil, false},
		{[]string{"--allow-private-banks"}, nil, true},
		{nil, map[string]string{"CENTAVO_ALLOW_PRIVATE_BANKS": "true"}, true},
		{[]string{"--allow-private-banks=false"}, map[string]string{"CENTAVO_ALLOW_PRIVATE_BANKS": "1"}, false},
	} {
		c, err := Parse("serve", tc.args, env(tc.env), io.Discard, all, "127.0.0.1:8080")
		if err != nil || c.AllowPrivateBanks != tc.want {
			t.Errorf("%v %v: %v, %v; want %v", tc.args, tc.env, c.AllowPrivateBanks, err, tc.want)
		}
	}
	if _, err := Parse("serve", nil, env(map[string]string{"CENTAVO_ALLOW_PRIVATE_BANKS": "maybe"}), io.Discard, all, "127.0.0.1:8080"); err == nil {
		t.Error("CENTAVO_ALLOW_PRIVATE_BANKS=maybe accepted")
	}
}
