#!/usr/bin/env bash
# The figures of docs/performance.md. Builds WeGate and the bench (Release); for each database starts
# WeGate in Development (sandbox mounted, demo prepared) on 127.0.0.1 with a fresh data directory, runs
# the scenarios with bench/WeGate.Bench, stops WeGate, and prints the results as Markdown tables.
#
#   bench/run.sh                               SQLite, then PostgreSQL (Debian's postgresql package)
#   BENCH_DATABASES=sqlite bench/run.sh        one database only
#   BENCH_DURATION=10s bench/run.sh            shorter runs (default 20s each)
#   BENCH_SCENARIOS="5:8 1:8" bench/run.sh     flow:users pairs (default "5:1 5:8 5:32 1:8")
#   BENCH_POOL_USERS=10000000 bench/run.sh     SQLite only: first fill the pool `default` with this
#                                              many earlier WeChat users (wegate-bench users)
#
# Everything it starts is stopped on exit, also on Ctrl+C. PostgreSQL is a throwaway cluster of its own
# (port 55499, /tmp/wegate-pg-bench; BENCH_PG_PORT, BENCH_PG_DIR), never the tests' shared one. The JSON
# of each run, WeGate's logs and the tables stay in BENCH_OUT (default /tmp/wegate-bench-<time>).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT="${BENCH_PORT:-5380}"
URL="http://127.0.0.1:$PORT"
DURATION="${BENCH_DURATION:-20s}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
SCENARIOS="${BENCH_SCENARIOS:-5:1 5:8 5:32 1:8}"
POOL_USERS="${BENCH_POOL_USERS:-0}"
OUT="${BENCH_OUT:-/tmp/wegate-bench-$(date +%Y%m%d-%H%M%S)}"
export WEGATE_PG_PORT="${BENCH_PG_PORT:-55499}" WEGATE_PG_DIR="${BENCH_PG_DIR:-/tmp/wegate-pg-bench}"

SERVER_DIR="$ROOT/src/WeGate.Server/bin/Release/net10.0"
BENCH_DLL="$ROOT/bench/WeGate.Bench/bin/Release/net10.0/wegate-bench.dll"
WEGATE_PID=""
PG_STARTED=""

say() { echo "bench/run.sh: $*" >&2; }

# CPU time in clock ticks: the whole machine's busy time, and one process's.
machine_busy() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
process_cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
# The bench's PostgreSQL: the postmaster (with its finished children) and its live backends.
postgres_cpu() {
  local pm
  pm=$(head -n1 "$WEGATE_PG_DIR/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$pm" '$1 == pm { s += $14 + $15 + $16 + $17 } $4 == pm { s += $14 + $15 } END { print s + 0 }'
}
TICKS=$(getconf CLK_TCK)

command -v jq >/dev/null || { say "needs jq (apt-get install jq)"; exit 2; }
command -v curl >/dev/null || { say "needs curl"; exit 2; }

stop_wegate() {
  if [ -n "$WEGATE_PID" ] && kill -0 "$WEGATE_PID" 2>/dev/null; then
    kill "$WEGATE_PID"
    wait "$WEGATE_PID" 2>/dev/null || true
  fi
  WEGATE_PID=""
}

cleanup() {
  stop_wegate
  if [ -n "$PG_STARTED" ]; then
    "$ROOT/.ci/postgres" stop
    PG_STARTED=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The demo is ready when the sandbox has its apps and the application `demo` takes an authorization
# request (DemoSetup creates it last).
demo_ready() {
  # Not `curl | grep -q`: grep leaves at the first match, and under pipefail curl's broken pipe fails the check.
  [[ "$(curl -sf "$URL/sandbox/control/apps")" == *wxde000000000000c3* ]] || return 1
  local authorize
  authorize=$(curl -s -o /dev/null -w '%{redirect_url}' "$URL/demo/login") || return 1
  [ -n "$authorize" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$authorize")" = 303 ]
}

start_wegate() {
  local db=$1 data="$OUT/$db-data" log="$OUT/$db-wegate.log"
  mkdir -p "$data"
  # Benchmark settings: the per-IP and per-client limits (600 and 1,200 a minute) would otherwise be
  # what is measured, since every virtual user comes from 127.0.0.1 as the one client `demo`.
  local settings=(ASPNETCORE_ENVIRONMENT=Development "WeGate__DataDirectory=$data"
    WeGate__Oidc__RateLimits__PerIpPerMinute=100000000 WeGate__Oidc__RateLimits__PerClientPerMinute=100000000)
  if [ "$db" = postgres ]; then
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$WEGATE_PG_PORT"; then
      say "something already listens on 127.0.0.1:$WEGATE_PG_PORT; set BENCH_PG_PORT to a free port"
      exit 1
    fi
    local connection database="wegate_bench_$(date +%s)"
    connection=$("$ROOT/.ci/postgres" start)
    PG_STARTED=1
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$WEGATE_PG_PORT" -U wegate "$database"
    settings+=(WeGate__Database__Provider=postgres "WeGate__Database__ConnectionString=${connection/Database=postgres/Database=$database}")
  fi
  # From the output folder, so WeGate reads its appsettings.json as an installed WeGate does.
  (cd "$SERVER_DIR" && exec env "${settings[@]}" dotnet wegate.dll --urls "$URL") >"$log" 2>&1 &
  WEGATE_PID=$!
  for _ in $(seq 1 600); do
    if ! kill -0 "$WEGATE_PID" 2>/dev/null; then
      say "WeGate ($db) stopped during start-up:"; tail -n 20 "$log" >&2; exit 1
    fi
    demo_ready && return 0
    sleep 0.1
  done
  say "WeGate ($db) did not get its demo ready within 60 s; see $log"
  exit 1
}

mkdir -p "$OUT"
if curl -s -o /dev/null "$URL/healthz"; then
  say "something already listens on $URL; set BENCH_PORT to a free port"
  exit 1
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ " $DATABASES " == *" postgres "* ]] && [ -z "$PG_BIN" ]; then
  say "PostgreSQL server binaries not found (apt-get install postgresql), or run BENCH_DATABASES=sqlite"
  exit 2
fi

say "building (Release)"
dotnet build "$ROOT/src/WeGate.Server" -c Release -nologo -v quiet >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 1; }
dotnet build "$ROOT/bench/WeGate.Bench" -c Release -nologo -v quiet >>"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 1; }

for db in $DATABASES; do
  say "starting WeGate on $db"
  start_wegate "$db"
  if [ "$POOL_USERS" -gt 0 ]; then
    [ "$db" = sqlite ] || { say "BENCH_POOL_USERS fills SQLite only; run BENCH_DATABASES=sqlite"; exit 2; }
    # The first start made the tables, the pool and the demo; the users go in while WeGate is stopped.
    stop_wegate
    say "$db: adding $POOL_USERS users to the pool default"
    dotnet "$BENCH_DLL" users --database "$OUT/$db-data/wegate.db" --count "$POOL_USERS" 2>"$OUT/$db-fill.log" | tee -a "$OUT/$db-fill.txt" >&2
    start_wegate "$db"
  fi
  # A fresh process compiles as it goes (tiered JIT); a few seconds of both flows first, not reported.
  say "$db: warm-up, not reported"
  for flow in 5 1; do
    dotnet "$BENCH_DLL" --url "$URL" --flow "$flow" --users 4 --duration 5s >"$OUT/$db-warmup-flow$flow.txt" 2>&1 || true
  done
  for scenario in $SCENARIOS; do
    flow=${scenario%%:*} users=${scenario##*:}
    say "$db: flow $flow, $users users, $DURATION"
    run="$OUT/$db-flow$flow-u$users"
    # Other work on the machine takes cores from WeGate: the table shows how the cores were spent
    # during the run, by WeGate (with the sandbox inside it), PostgreSQL, the bench and everything else.
    pg0=0; [ "$db" = postgres ] && pg0=$(postgres_cpu)
    busy0=$(machine_busy) wegate0=$(process_cpu "$WEGATE_PID") start=$(date +%s.%N)
    dotnet "$BENCH_DLL" --url "$URL" --flow "$flow" --users "$users" --duration "$DURATION" --json >"$run.json" \
      || say "$db: flow $flow with $users users had no successful login; see $run.json"
    busy1=$(machine_busy) wegate1=$(process_cpu "$WEGATE_PID") end=$(date +%s.%N)
    pg1=0; [ "$db" = postgres ] && pg1=$(postgres_cpu)
    bench=$(jq -r '.bench_cpu_s // 0' "$run.json" 2>/dev/null || echo 0)
    awk -v b="$((busy1 - busy0))" -v w="$((wegate1 - wegate0))" -v p="$((pg1 - pg0))" -v bench="$bench" -v t="$TICKS" -v s="$start" -v e="$end" \
      'BEGIN { wall = e - s; pg = p / t / wall; printf "%.1f / %s / %.1f / %.1f\n", w / t / wall, (p > 0 ? sprintf("%.1f", pg) : "—"), bench / wall, (b - w - p) / t / wall - bench / wall }' >"$run.cpu"
    sleep 2
  done
  stop_wegate
  if [ "$db" = postgres ]; then
    "$ROOT/.ci/postgres" stop
    PG_STARTED=""
  fi
done

{
  commit=$(git -C "$ROOT" rev-parse --short HEAD)
  git -C "$ROOT" diff --quiet HEAD -- src || commit="$commit (with uncommitted changes in src/)"
  echo "Commit $commit; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
    ".NET $(dotnet --version)$([ -n "$PG_BIN" ] && echo "; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"); runs of $DURATION.$([ "$POOL_USERS" -gt 0 ] && echo " The pool held $POOL_USERS earlier users besides the bench's.")"
  echo
  echo "| database | flow | users | logins/s | succeeded | failed | p50 ms | p95 ms | p99 ms | max ms | cores: WeGate / PostgreSQL / bench / other |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for db in $DATABASES; do
    for scenario in $SCENARIOS; do
      flow=${scenario%%:*} users=${scenario##*:}
      cpu=$(cat "$OUT/$db-flow$flow-u$users.cpu" 2>/dev/null || echo "?")
      jq -r --arg db "$db" --arg cpu "$cpu" '"| \($db) | \(.flow) \(.scenario) | \(.users) | \(.logins_per_s) | \(.succeeded) | \(.failed) | \(.latency_ms.p50 // "—") | \(.latency_ms.p95 // "—") | \(.latency_ms.p99 // "—") | \(.latency_ms.max // "—") | \($cpu) |"' \
        "$OUT/$db-flow$flow-u$users.json" 2>/dev/null || echo "| $db | $flow | $users | no result | | | | | | | $cpu |"
    done
  done
  echo
  echo "| database | flow | users | steps: p50 / p95 ms | errors |"
  echo "|---|---|---:|---|---|"
  for db in $DATABASES; do
    for scenario in $SCENARIOS; do
      flow=${scenario%%:*} users=${scenario##*:}
      jq -r --arg db "$db" '"| \($db) | \(.flow) | \(.users) | \([.steps[] | "\(.name) \(.p50_ms) / \(.p95_ms)"] | join(" · ")) | \(if .failed == 0 then "—" else ([.errors[] | "\(.count)× \(.message)"] | join("; ")) end) |"' \
        "$OUT/$db-flow$flow-u$users.json" 2>/dev/null || true
    done
  done
} | tee "$OUT/results.md"
say "results in $OUT"
