#!/usr/bin/env bash
# Many login pages waiting on their follow QR by Server-Sent Events, on one node (SQLite), and a login
# confirmed meanwhile (docs/performance.md#many-waiting-login-pages). Builds WeGate and the bench
# (Release), starts WeGate in Development on CPU 0 with the limits that would otherwise cap the run
# raised, runs `wegate-bench pages` on CPU 1, and stops WeGate.
#
#   bench/pages.sh                        10,000 pages, 200 confirmations, 30 s of waiting
#   BENCH_PAGES=18000 bench/pages.sh      each page is a connection: a file descriptor in WeGate and in
#                                         the bench, so `ulimit -n` caps it (20,000 on the project's machines)
#   WEGATE_APP=/tmp/wegate-app bench/pages.sh    a published WeGate instead of this tree's build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT="${BENCH_PORT:-5381}"
URL="http://127.0.0.1:$PORT"
PAGES="${BENCH_PAGES:-10000}" CONFIRM="${BENCH_CONFIRM:-200}" SETTLE="${BENCH_SETTLE:-30s}"
OUT="${BENCH_OUT:-/tmp/wegate-pages-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
say() { echo "bench/pages.sh: $*" >&2; }
if curl -s -o /dev/null "$URL/healthz"; then say "something already listens on $URL; set BENCH_PORT"; exit 1; fi
if [ "$(ulimit -n)" -lt $((PAGES + 500)) ]; then say "ulimit -n is $(ulimit -n): too few file descriptors for $PAGES pages"; exit 2; fi

APP="${WEGATE_APP:-$ROOT/src/WeGate.Server/bin/Release/net10.0}"
say "building (Release)"
[ -n "${WEGATE_APP:-}" ] || dotnet build "$ROOT/src/WeGate.Server" -c Release -nologo -v quiet >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 1; }
dotnet build "$ROOT/bench/WeGate.Bench" -c Release -nologo -v quiet >>"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 1; }

WEGATE_PID=""
trap '[ -n "$WEGATE_PID" ] && kill "$WEGATE_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT
(cd "$APP" && exec env ASPNETCORE_ENVIRONMENT=Development "WeGate__DataDirectory=$OUT/data" Logging__LogLevel__Default=Warning \
  WeGate__Oidc__RateLimits__PerIpPerMinute=100000000 WeGate__Oidc__RateLimits__PerClientPerMinute=100000000 \
  WeGate__Kestrel__MaxConcurrentConnections=1000000 WeGate__Logins__Tickets__MaxStreamsPerIp=100000 \
  taskset -c 0 dotnet wegate.dll --urls "$URL") >"$OUT/wegate.log" 2>&1 &
WEGATE_PID=$!
for _ in $(seq 1 600); do
  [[ "$(curl -sf "$URL/sandbox/control/apps")" == *wxde000000000000c3* ]] && [ -n "$(curl -s -o /dev/null -w '%{redirect_url}' "$URL/demo/login")" ] && break
  kill -0 "$WEGATE_PID" 2>/dev/null || { say "WeGate stopped during start-up"; tail -n 20 "$OUT/wegate.log" >&2; exit 1; }
  sleep 0.1
done
taskset -c 1 dotnet "$ROOT/bench/WeGate.Bench/bin/Release/net10.0/wegate-bench.dll" pages --url "$URL" --pages "$PAGES" \
  --confirm "$CONFIRM" --settle "$SETTLE" --server-pid "$WEGATE_PID" | tee "$OUT/pages.txt"
