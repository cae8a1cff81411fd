#!/bin/sh
# Reproduces docs/BENCHMARKS.md on this machine: describes the machine, runs
# `centavo-loadgen --all` (cmd/centavo-loadgen) against a private PostgreSQL
# (started here, on 127.0.0.1, with the server's default settings) and the
# local Redis, then the categorization benchmarks. Results go to $OUT
# (default /tmp/centavo-bench: text and JSON).
#
#   bench/run.sh               # about 25 minutes on 2 cores
#   SOAK=10m bench/run.sh      # then a 10-minute soak (10 writes : 1 read)
#   ONLY_SOAK=1 SOAK=10m bench/run.sh
#   PARTS="--sqlite --postgres --baselines --ingest --ofx --reads --trivial" bench/run.sh
#                              # the parts instead of --all (here: no history levels)
#
# CENTAVO_BENCH_POSTGRES_URL uses an existing server instead of a private
# one (loadgen creates and drops its own database there); REDIS_URL picks
# the Redis database (default redis://127.0.0.1:6379/13, if Redis answers).
# Extra arguments go to centavo-loadgen (e.g. --users 500 --read-duration 10s).
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/centavo-bench}
mkdir -p "$OUT"
export PATH="/usr/local/go/bin:$PATH"

echo "== machine"
{
	echo "nproc: $(nproc)"
	grep -m1 'model name' /proc/cpuinfo || true
	grep MemTotal /proc/meminfo
	go version
	uname -sr
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"

echo "== build"
# Side by side: centavo-loadgen runs the centavo beside it.
go build -o "$OUT/" ./cmd/centavo ./cmd/centavo-loadgen

PGURL=${CENTAVO_BENCH_POSTGRES_URL:-}
PGDIR=
cleanup() {
	if [ -n "$PGDIR" ]; then
		$AS "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$PGDIR"
	fi
}
trap cleanup EXIT INT TERM
if [ -z "$PGURL" ]; then
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
	if [ -z "$PGBIN" ]; then
		echo "no PostgreSQL binaries in /usr/lib/postgresql/*/bin: set CENTAVO_BENCH_POSTGRES_URL" >&2
		exit 1
	fi
	PGPORT=${PGPORT:-55439}
	PGDIR=$(mktemp -d /tmp/centavo-bench-pg.XXXXXX)
	AS=
	if [ "$(id -u)" = 0 ]; then # initdb refuses root
		chown postgres:postgres "$PGDIR"
		AS="runuser -u postgres --"
	fi
	echo "== private PostgreSQL on 127.0.0.1:$PGPORT ($PGDIR)"
	$AS "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 >/dev/null
	$AS "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
	PGURL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
fi

REDIS=${REDIS_URL:-redis://127.0.0.1:6379/13}
if ! redis-cli -u "$REDIS" ping >/dev/null 2>&1; then
	echo "Redis does not answer at $REDIS: the reads with Redis are skipped" >&2
	REDIS=
fi

if [ -z "${ONLY_SOAK:-}" ]; then
	PARTS=${PARTS:---all}
	echo "== centavo-loadgen $PARTS"
	# shellcheck disable=SC2086 # PARTS is a list of flags
	"$OUT/centavo-loadgen" $PARTS --postgres-url "$PGURL" ${REDIS:+--redis-url "$REDIS"} \
		--json-file "$OUT/loadgen.json" "$@" | tee "$OUT/loadgen.txt"

	echo "== categorization benchmarks (one core)"
	go test -run XXX -bench 'BenchmarkCategorize|BenchmarkLookup|BenchmarkSellerMapLoad50k' -cpu 1 -count 5 \
		./internal/categorize/ | tee "$OUT/categorize.txt"
fi

if [ -n "${SOAK:-}" ]; then
	echo "== soak ($SOAK)"
	"$OUT/centavo-loadgen" --soak "$SOAK" --postgres-url "$PGURL" ${REDIS:+--redis-url "$REDIS"} \
		--json-file "$OUT/soak.json" "$@" | tee "$OUT/soak.txt"
fi
