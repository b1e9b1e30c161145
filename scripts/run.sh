#!/usr/bin/env bash
# Builds and opens the desk window with the shipped knowledge base and the
# SQLite store in the user's data folder (~/.local/share/auskunft).
#
# Demo portal: without AUSKUNFT_PORTAL_URL (and no [portal] url in
# settings.toml), portal-sim is started on 127.0.0.1 with its applications
# kept in the data folder, so "Im Portal beantragen" works end to end. The
# plate BO-AB 1 counts as taken there, to show a rejection and its
# correction.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
npm --prefix ui run build
cargo build -j2 -p auskunft-desk -p portal-sim --features auskunft-desk/custom-protocol
export AUSKUNFT_KB="${AUSKUNFT_KB:-$PWD/knowledge-base}"
DATA="${AUSKUNFT_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/auskunft}"
mkdir -p "$DATA"

SIM_PID=""
cleanup() { if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [ -z "${AUSKUNFT_PORTAL_URL:-}" ] && ! grep -qs '^url *=' "$DATA/settings.toml"; then
  TOKEN="demo-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  LOG="$DATA/portal-sim.log"
  : >"$LOG"
  target/debug/portal-sim --listen 127.0.0.1:0 --token "$TOKEN" \
    --store "$DATA/portal-sim.json" --taken-plates "BO-AB 1" >>"$LOG" 2>&1 &
  SIM_PID=$!
  FIRST=""
  for _ in $(seq 100); do
    FIRST=$(grep -m1 '^listening on ' "$LOG" || true)
    [ -n "$FIRST" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { echo "run: portal-sim did not start, see $LOG" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$FIRST" ] || { echo "run: portal-sim did not listen within 10 s, see $LOG" >&2; exit 1; }
  export AUSKUNFT_PORTAL_URL="${FIRST#listening on }"
  export AUSKUNFT_PORTAL_TOKEN="$TOKEN"
  echo "run: demo portal (portal-sim) at $AUSKUNFT_PORTAL_URL"
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  target/debug/auskunft-desk
else
  echo "run: no display found; opening the window on a virtual display (xvfb-run)"
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" target/debug/auskunft-desk
fi
