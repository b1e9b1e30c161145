#!/usr/bin/env bash
# Every test: UI checks and unit tests, Rust format, lints, unit,
# integration and command tests, generated-types drift, the knowledge
# base's own check, and the end-to-end tests against the real window under
# Xvfb. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# One feature set for clippy, tests and the e2e binary, so tauri is compiled once.
FEATURES=(--features auskunft-desk/custom-protocol)

step "UI: build (the shell embeds ui/dist), type check, unit tests"
npm --prefix ui run build
npm --prefix ui run check
npm --prefix ui test

step "Rust: format"
cargo fmt --all -- --check

step "Rust: clippy (warnings are errors)"
cargo clippy -j2 --workspace --all-targets "${FEATURES[@]}" -- -D warnings

step "PostgreSQL: one throwaway cluster for the whole run"
PGDIR=$(mktemp -d)
DATA=$(mktemp -d)
trap 'scripts/pg-cluster.sh stop "$PGDIR"; rm -rf "$PGDIR" "$DATA"' EXIT
AUSKUNFT_TEST_POSTGRES=$(scripts/pg-cluster.sh start "$PGDIR" --fast)
export AUSKUNFT_TEST_POSTGRES
# The store's suites must run their PostgreSQL half here, never skip it.
export AUSKUNFT_TEST_REQUIRE_POSTGRES=1
echo "cluster: $AUSKUNFT_TEST_POSTGRES"

step "Rust: unit, integration and command tests (store suites on SQLite and PostgreSQL)"
# The property tests draw the same cases on every run here, so a run's
# verdict depends on the commit, not on chance: two of them once failed CI
# with a case no earlier run had drawn. The open search for new cases is
# scripts/fuzz.sh (a fresh seed each time, many more cases); its finds are
# kept in tests/*.proptest-regressions, which every run replays first.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-115}"
cargo test -j2 --workspace "${FEATURES[@]}"

step "Generated TypeScript bindings are up to date"
scripts/check-bindings.sh

step "Knowledge base: auskunft kb check"
target/debug/auskunft --data "$DATA" kb check

# The summary line of one evaluation set, named; a failing eval stops the run.
eval_line() {
  local set=$1 out
  shift
  out=$(target/debug/auskunft --data "$DATA" eval "tests/data/$set.tsv" "$@")
  printf '%s: %s\n' "$set" "${out##*$'\n'}"
}

step "Relevance: development set, then the held-out set"
eval_line queries-dev
eval_line queries-holdout
# Agents' short inputs written from topics.tsv alone: 12 to 15, 17 to 22, 24 and 26 are development sets, 11, 16,
# 23, 25 and 27 are blind.
for set in 12 13 14 15 17 18 19 20 21 22 24 26 11 16 23 25 27; do
  eval_line "queries-blind$set"
done
step "Answers (entry and section) and English phrasings"
for set in answers-dev queries-en-dev answers queries-en answers-fresh; do
  eval_line "$set"
done
for set in 2 3 4 5 6 7 8 9; do
  eval_line "answers-blind$set"
done
# Two writers' keys for the same questions: their agreement, the desk on what they agree on.
for set in 3 5 9; do
  eval_line "answers-blind$set" --second-key "tests/data/answers-blind$set-key2.tsv"
done
# Blind: only its summary lines are read.
eval_line answers-blind10
eval_line answers-blind10 --second-key tests/data/answers-blind10-key2.tsv
# Blind: written from topics.tsv and the key convention at the end of the eighteenth session.
eval_line answers-blind11

step "End-to-end: the real window under Xvfb via tauri-driver"
# cargo test built target/debug/auskunft-desk with the same features.
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" npm --prefix e2e test
step "Package: build the .deb once, check it, run what it ships"
deb=$(scripts/package.sh | tail -n 1)
scripts/package-check.sh "$deb"
step "Package: apt-get install into a clean Debian 12 root (debootstrap): CLI, window, upgrade, remove, purge"
scripts/package-install-check.sh "$deb"

echo
echo "screenshots: target/e2e-screenshots/"
