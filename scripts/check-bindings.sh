#!/usr/bin/env bash
# Regenerates the UI's TypeScript bindings from the Rust DTOs (ts-rs runs
# them as tests) and fails if that changed anything: bindings are
# generated, committed, and never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test -j2 -p auskunft-desk --features auskunft-desk/custom-protocol --lib export_bindings -q >/dev/null
if ! git diff --quiet -- ui/src/lib/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/lib/bindings)" ]; then
  echo "ui/src/lib/bindings is out of date with src-tauri/src/dto/:" >&2
  git status --short -- ui/src/lib/bindings >&2
  git --no-pager diff -- ui/src/lib/bindings >&2
  echo "run scripts/check-bindings.sh and commit the regenerated files" >&2
  exit 1
fi
echo "bindings up to date"
