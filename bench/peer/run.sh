#!/bin/sh
# Imports one CSV statement into Centavo and into Actual Budget in the same
# run and reports both rates (bench/peer/README.md):
#
#   bench/peer/run.sh            # 50,000 rows
#   bench/peer/run.sh 10000
#
# Centavo: `centavo serve` on the embedded defaults in a temp data folder,
# 127.0.0.1 only; the statement goes through POST /api/v1/accounts/{id}/imports.
# Actual: @actual-app/api (bench/peer/actual/package.json), installed with npm
# into $ACTUAL_DIR (default ~/.cache/centavo-bench/actual, never the repository),
# a local budget in a temp folder, importTransactions. Actual's import stops
# after $ACTUAL_LIMIT seconds (default 900) and the rows stored by then are
# reported as a partial rate. Results go to $OUT (default /tmp/centavo-bench-peer):
# <rows>-peer.txt and <rows>-peer.json, with the logs of both.
set -eu
cd "$(dirname "$0")/../.."
ROWS=${1:-50000}
OUT=${OUT:-/tmp/centavo-bench-peer}
ACTUAL_DIR=${ACTUAL_DIR:-$HOME/.cache/centavo-bench/actual}
ACTUAL_LIMIT=${ACTUAL_LIMIT:-900}
mkdir -p "$OUT"
export PATH="/usr/local/go/bin:$PATH"
# The embedded defaults: no CENTAVO_* setting from the environment.
for v in $(env | sed -n 's/^\(CENTAVO_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done

WORK=$(mktemp -d /tmp/centavo-peer.XXXXXX)
SERVE_PID=
ACTUAL_PID=
stop_serve() {
	if [ -n "$SERVE_PID" ]; then
		kill "$SERVE_PID" 2>/dev/null || true
		wait "$SERVE_PID" 2>/dev/null || true
		SERVE_PID=
	fi
}
cleanup() {
	stop_serve
	if [ -n "$ACTUAL_PID" ]; then kill "$ACTUAL_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
{
	echo "nproc: $(nproc)"
	grep -m1 'model name' /proc/cpuinfo || true
	grep MemTotal /proc/meminfo
	go version
	echo "node $(node --version)"
	uname -sr
	echo "load average: $LOAD_BEFORE"
} | tee "$OUT/$ROWS-machine.txt"

echo "== @actual-app/api into $ACTUAL_DIR"
mkdir -p "$ACTUAL_DIR"
if ! cmp -s bench/peer/actual/package.json "$ACTUAL_DIR/package.json" || [ ! -d "$ACTUAL_DIR/node_modules/@actual-app/api" ]; then
	cp bench/peer/actual/package.json "$ACTUAL_DIR/package.json"
	# better-sqlite3 builds from source when its prebuilt binary cannot be
	# fetched: the node headers of the installed node (/usr/include/node).
	(cd "$ACTUAL_DIR" && npm_config_nodedir=${npm_config_nodedir:-/usr} npm install --no-audit --no-fund)
fi

echo "== build"
go build -o "$WORK/" ./cmd/centavo ./bench/peer
VERSION=$(git describe --always --dirty 2>/dev/null || echo unknown)

echo "== statement: $ROWS rows"
"$WORK/peer" csv --rows "$ROWS" --out "$WORK/statement.csv"
cp "$WORK/statement.csv" "$OUT/$ROWS-statement.csv"
ls -l "$WORK/statement.csv" | awk '{print $5 " bytes"}'

echo "== Centavo $VERSION (serve on the embedded defaults, $WORK/centavo-data)"
"$WORK/centavo" serve --data-dir "$WORK/centavo-data" --addr 127.0.0.1:0 --addr-file "$WORK/addr" \
	--log-level warn >"$OUT/$ROWS-centavo-serve.log" 2>&1 &
SERVE_PID=$!
i=0
until [ -s "$WORK/addr" ]; do
	i=$((i + 1))
	if [ $i -gt 600 ] || ! kill -0 "$SERVE_PID" 2>/dev/null; then
		echo "centavo serve did not listen (log: $OUT/$ROWS-centavo-serve.log)" >&2
		exit 1
	fi
	sleep 0.1
done
"$WORK/peer" centavo --base "http://$(cat "$WORK/addr")" --csv "$WORK/statement.csv" --rows "$ROWS" \
	--version "$VERSION" --out "$OUT/$ROWS-centavo.json"
# Stopped before Actual runs: the jobs an import enqueues (budgets,
# recurring series) would otherwise share the CPU with Actual's import.
stop_serve

echo "== Actual Budget (limit ${ACTUAL_LIMIT}s)"
export ACTUAL_MODULES="$ACTUAL_DIR"
mkdir -p "$WORK/actual-data"
node bench/peer/actual/import.mjs import "$WORK/statement.csv" "$OUT/$ROWS-actual.json" "$WORK/actual-data" "$ROWS" \
	"$WORK/actual.started" >"$OUT/$ROWS-actual.log" 2>&1 &
ACTUAL_PID=$!
waited=0
while kill -0 "$ACTUAL_PID" 2>/dev/null && [ $waited -lt "$ACTUAL_LIMIT" ]; do
	sleep 1
	waited=$((waited + 1))
done
if kill -0 "$ACTUAL_PID" 2>/dev/null; then
	kill "$ACTUAL_PID"
	wait "$ACTUAL_PID" 2>/dev/null || true
	ACTUAL_PID=
	now=$(date +%s%3N)
	started=$(cat "$WORK/actual.started" 2>/dev/null || echo "$now")
	stored=$(node bench/peer/actual/import.mjs count "$WORK/actual-data")
	api=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$ACTUAL_DIR/node_modules/@actual-app/api/package.json" | head -n1)
	awk -v rows="$ROWS" -v stored="$stored" -v ms="$((now - started))" -v api="$api" -v limit="$ACTUAL_LIMIT" 'BEGIN {
		s = ms / 1000
		printf "{\n  \"system\": \"actual\",\n  \"version\": \"@actual-app/api %s\",\n", api
		printf "  \"method\": \"importTransactions in one call, stopped by the time limit\",\n"
		printf "  \"rows\": %d,\n  \"stored\": %d,\n  \"seconds\": %.3f,\n  \"rows_per_second\": %.3f,\n  \"complete\": false,\n", rows, stored, s, stored / s
		printf "  \"notes\": \"stopped after %ds (the limit); stored is what the budget file held then, read directly\"\n}\n", limit
	}' >"$OUT/$ROWS-actual.json"
else
	wait "$ACTUAL_PID" || { ACTUAL_PID=; echo "the Actual import failed (log: $OUT/$ROWS-actual.log)" >&2; exit 1; }
	ACTUAL_PID=
fi

echo "== result"
"$WORK/peer" report --centavo "$OUT/$ROWS-centavo.json" --actual "$OUT/$ROWS-actual.json" \
	--load-before "$LOAD_BEFORE" --go "$(go version | cut -d' ' -f3)" --node "$(node --version)" \
	--out "$OUT/$ROWS-peer.json" | tee "$OUT/$ROWS-peer.txt"
echo "(JSON: $OUT/$ROWS-peer.json)"
