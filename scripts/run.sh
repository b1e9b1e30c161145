#!/usr/bin/env bash
# Builds and opens the desk window with the shipped knowledge base and the
# SQLite store in the user's data folder (~/.local/share/auskunft).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
npm --prefix ui run build
cargo build -j2 -p auskunft-desk --features auskunft-desk/custom-protocol
export AUSKUNFT_KB="${AUSKUNFT_KB:-$PWD/knowledge-base}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec target/debug/auskunft-desk
else
  echo "run: no display found; opening the window on a virtual display (xvfb-run)"
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" target/debug/auskunft-desk
fi
