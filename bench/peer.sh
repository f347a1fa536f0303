#!/usr/bin/env bash
# WeGate beside the certified peer, in one run, by one driver (docs/performance.md#against-the-certified-peer).
# The peer is node oidc-provider 9.13.3 (OpenID Certified, everything in memory; bench/peer). For each
# mode, each server in turn runs fresh on one CPU (PEER_SERVER_CPU, default 0) while `wegate-bench oidc`
# drives it from another (PEER_DRIVER_CPU, default 1); then a table of both and their ratio.
#
#   bench/peer.sh                                  modes code refresh cc, 16 clients, 20 s after 5 s warm-up
#   PEER_MODES="cc refresh" PEER_DURATION=10s bench/peer.sh
#   WEGATE_APP=/tmp/wegate-app bench/peer.sh       a WeGate published before (dotnet publish -c Release -o …)
#
# WeGate: the published Release build in Development on SQLite (a fresh data directory per cell, the
# sandbox mounted in its process and on its CPU), logging at Warning, rate limits raised, with a
# confidential application bench-client (ES256) made through the admin API. Its `code` mode is a whole
# WeChat login inside WeChat's browser (oa-web) of 100 personas; the peer's has no login step at all.
# Both get the same requests otherwise, without prompt=consent. Everything started is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODES=${PEER_MODES:-code refresh cc}
CONCURRENCY=${PEER_CONCURRENCY:-16}
DURATION=${PEER_DURATION:-20s}
WARMUP=${PEER_WARMUP:-5s}
PORT=${PEER_PORT:-5391}
SERVER_CPU=${PEER_SERVER_CPU:-0}
DRIVER_CPU=${PEER_DRIVER_CPU:-1}
OUT=${PEER_OUT:-/tmp/wegate-peer-$(date +%Y%m%d-%H%M%S)}
URL="http://127.0.0.1:$PORT"
BENCH="$ROOT/bench/WeGate.Bench/bin/Release/net10.0/wegate-bench.dll"
ADMIN_KEY="peer-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
PEER_SECRET=bench-secret-0123456789abcdef0123456789abcdef # bench/peer/peer-server.mjs
SERVER_PID=""

say() { echo "bench/peer.sh: $*" >&2; }

for tool in jq curl node taskset; do
  command -v "$tool" >/dev/null || { say "needs $tool"; exit 2; }
done

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null "$URL/"; then
  say "something already listens on $URL; set PEER_PORT to a free port"
  exit 1
fi
mkdir -p "$OUT"
if [ -z "${WEGATE_APP:-}" ]; then
  WEGATE_APP="$OUT/wegate-app"
  say "publishing WeGate (Release) to $WEGATE_APP"
  dotnet publish "$ROOT/src/WeGate.Server" -c Release -o "$WEGATE_APP" -nologo -v quiet >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 1; }
fi
dotnet build "$ROOT/bench/WeGate.Bench" -c Release -nologo -v quiet >>"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 1; }
[ -d "$ROOT/bench/peer/node_modules" ] || (cd "$ROOT/bench/peer" && npm ci --no-audit --no-fund >>"$OUT/build.log" 2>&1)

# WeGate in Development with a fresh data directory, and the application the driver uses; its client
# secret in $OUT/<cell>.secret.
start_wegate() {
  local cell=$1
  (cd "$WEGATE_APP" && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    "WeGate__DataDirectory=$OUT/$cell-data" "WeGate__Admin__ApiKey=$ADMIN_KEY" \
    WeGate__Oidc__RateLimits__PerIpPerMinute=100000000 WeGate__Oidc__RateLimits__PerClientPerMinute=100000000 \
    taskset -c "$SERVER_CPU" dotnet wegate.dll --urls "$URL") >"$OUT/$cell.log" 2>&1 &
  SERVER_PID=$!
  local admin=(-s -H "Authorization: Bearer $ADMIN_KEY")
  for _ in $(seq 1 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { say "WeGate stopped during start-up:"; tail -n 20 "$OUT/$cell.log" >&2; exit 1; }
    # DemoSetup makes the demo application last.
    [ "$(curl "${admin[@]}" -o /dev/null -w '%{http_code}' "$URL/admin/api/pools/default/applications/demo")" = 200 ] && break
    sleep 0.1
  done
  curl "${admin[@]}" -f -X POST -H 'Content-Type: application/json' "$URL/admin/api/pools/default/applications" -d '{
    "client_id": "bench-client", "display_name": "Bench", "type": "web", "redirect_uris": ["http://127.0.0.1/cb"],
    "grants": ["authorization_code", "refresh_token", "client_credentials"], "connections": ["wx-oa-web"], "signing_algorithm": "ES256"}' \
    | jq -er .client_secret >"$OUT/$cell.secret"
}

start_peer() {
  local cell=$1
  (cd "$ROOT/bench/peer" && exec taskset -c "$SERVER_CPU" node peer-server.mjs "$PORT") >"$OUT/$cell.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    grep -q '"ready":true' "$OUT/$cell.log" && return 0
    sleep 0.1
  done
  say "the peer did not start:"; tail -n 20 "$OUT/$cell.log" >&2; exit 1
}

# One cell: the driver on its own CPU against the server just started; its JSON in $OUT/<cell>.json.
drive() {
  local cell=$1 issuer=$2 secret=$3 mode=$4; shift 4
  sleep 1
  taskset -c "$DRIVER_CPU" dotnet "$BENCH" oidc --issuer "$issuer" --mode "$mode" --client-secret "$secret" "$@" \
    --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$SERVER_PID" --json >"$OUT/$cell.json" \
    || say "$cell had no successful operation; see $OUT/$cell.json and $OUT/$cell.log"
  stop_server
}

for mode in $MODES; do
  say "$mode: WeGate"
  start_wegate "wegate-$mode"
  wechat=(); [ "$mode" = cc ] || wechat=(--wechat)
  drive "wegate-$mode" "$URL/pools/default" "$(cat "$OUT/wegate-$mode.secret")" "$mode" "${wechat[@]}"
  say "$mode: peer"
  start_peer "peer-$mode"
  drive "peer-$mode" "$URL" "$PEER_SECRET" "$mode"
done

{
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores; .NET $(dotnet --version), node $(node --version);" \
    "$CONCURRENCY clients, $DURATION after $WARMUP of warm-up; servers on CPU $SERVER_CPU, the driver on CPU $DRIVER_CPU."
  echo
  echo "| mode | peer | WeGate SQLite | ratio | server CPU per op (peer / WeGate) | server core busy (peer / WeGate) | errors (peer / WeGate) |"
  echo "|---|---:|---:|---:|---|---|---|"
  for mode in $MODES; do
    jq -rs --arg mode "$mode" '
      def cell: "\(.logins_per_s | round) /s, p99 \(.latency_ms.p99 // "—") ms";
      .[0] as $p | .[1] as $w
      | "| \($mode) | \($p | cell) | \($w | cell) | **\(if $p.logins_per_s > 0 then ($w.logins_per_s / $p.logins_per_s * 100 | round / 100) else "—" end)×** | \($p.server.cpu_micros_per_op) / \($w.server.cpu_micros_per_op) µs | \($p.server.cpu_percent) / \($w.server.cpu_percent) % | \($p.failed) / \($w.failed) |"' \
      "$OUT/peer-$mode.json" "$OUT/wegate-$mode.json" 2>/dev/null || echo "| $mode | no result | | | | | |"
  done
  echo
  echo '```'
  for cell in $(for mode in $MODES; do echo "wegate-$mode peer-$mode"; done); do
    jq -r --arg cell "$cell" '"[\($cell)] \(.logins_per_s) /s  ok=\(.succeeded) errors=\(.failed)  latency ms: p50=\(.latency_ms.p50) p95=\(.latency_ms.p95) p99=\(.latency_ms.p99) max=\(.latency_ms.max)  server cpu=\(.server.cpu_percent)% \(.server.cpu_micros_per_op) µs/op rss idle=\(.server.rss_idle_mib)MiB after=\(.server.rss_after_mib)MiB  driver cpu=\(.bench_cpu_s)s\(if .failed > 0 then "  first error: \(.errors[0].message)" else "" end)"' \
      "$OUT/$cell.json" 2>/dev/null || echo "[$cell] no result"
  done
  echo '```'
} | tee "$OUT/results.md"
say "results in $OUT"
