#!/usr/bin/env bash
# Builds the Debian package with the Tauri bundler (the CLI from npm, nothing
# downloaded at build or run time): the desk, the `auskunft` CLI, desktop
# entry and icon, the knowledge-base snapshot, the delivery service's unit.
# Prints the path of the .deb on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
[ -x ui/node_modules/.bin/tauri ] || npm --prefix ui ci
# The CLI first: the bundle's files name target/release/auskunft.
cargo build --release -j2 -p auskunft --bin auskunft
# The UI first (the shell embeds ui/dist); the CLI's own beforeBuildCommand
# would run from src-tauri/, so it is switched off here.
npm --prefix ui run build >&2
# From the repository root: the CLI finds src-tauri/ from here.
ui/node_modules/.bin/tauri build --bundles deb --config '{"build":{"beforeBuildCommand":""}}' >&2
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
echo "$deb"
