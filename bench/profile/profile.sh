#!/usr/bin/env bash
# bench/profile/profile.sh MODE — where WeGate's time goes under one mode of the peer kit
# (../shared/bench-peer): starts WeGate as the kit's side-by-side.sh does (CPU 0), drives MODE (code,
# refresh, cc) from CPU 1 for DURATION s, and after the warm-up samples WeGate for 10 s with
# dotnet-trace (PROFILE=cpu, the default: trace.nettrace) or dotnet-counters (PROFILE=counters:
# counters.csv), both on CPU 1 too. Output in $OUT (relative to the kit). docs/performance.md#where-the-time-goes
#
#   KIT=/tmp/bench-peer WEGATE_APP=/tmp/wegate-app bench/profile/profile.sh cc
set -euo pipefail
KIT=${KIT:?set KIT to a copy of the bench-peer kit, after npm ci}
TOOLS=${TOOLS:-/tmp/dntools}
cd "$KIT"
MODE=$1
WEGATE_APP=${WEGATE_APP:?}
DURATION=${DURATION:-20}; WARMUP=${WARMUP:-5}; ALG=${ALG:-ES256}; DB=${DB:-sqlite}; PORT=${PORT:-5611}; C=${C:-16}
OUT=${OUT:-results/profile-$MODE}; mkdir -p "$OUT"
UA="User-Agent: Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.50"
SPID=""
cleanup() { if [[ -n "$SPID" ]] && kill -0 "$SPID" 2>/dev/null; then kill "$SPID"; wait "$SPID" 2>/dev/null || true; fi; SPID=""; }
trap cleanup EXIT INT TERM
eval "$(sed -n '/^start_wegate() {/,/^}/p' side-by-side.sh)"
start_wegate
extra=(); [[ $MODE != cc ]] && extra=(--interaction ./interaction-wegate-oaweb.mjs --front-header "$UA")
PROFILE=${PROFILE:-cpu}
if [[ $PROFILE == cpu ]]; then
  ( sleep $((WARMUP+1)); taskset -c 1 $TOOLS/dotnet-trace collect -p "$SPID" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$OUT/trace.nettrace" >"$OUT/trace.log" 2>&1 ) &
  TPID=$!
else
  ( sleep $((WARMUP+1)); taskset -c 1 $TOOLS/dotnet-counters collect -p "$SPID" --duration 00:00:00:10 --refresh-interval 1 --format csv -o "$OUT/counters.csv" --counters System.Runtime,Microsoft.AspNetCore.Hosting,System.Net.Sockets >"$OUT/counters.log" 2>&1 ) &
  TPID=$!
fi
taskset -c 1 node flow-driver.mjs --base "http://127.0.0.1:$PORT/pools/default" --client-id bench-client --client-secret "$SECRET" \
  --mode "$MODE" --prompt "" --concurrency "$C" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$SPID" --label "profile-$MODE" \
  "${extra[@]}" | tee "$OUT/driver.txt"
wait $TPID || true
cleanup
