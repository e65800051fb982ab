#!/usr/bin/env bash
# Builds a released version the way `make build` builds this one (release, static Swift
# runtime, from `git archive` of its commit into .bench/), once, and prints the binary's path.
#   bench/build-release.sh [REF]     REF defaults to $BENCH_BASELINE, else v0.1.0 (383e951)
set -uo pipefail
cd "$(dirname "$0")/.."
REF=${1:-${BENCH_BASELINE:-v0.1.0}}
# A tag that is missing (a shallow or tagless clone) falls back to 0.1.0's commit.
COMMIT=$(git rev-parse --short=7 "$REF^{commit}" 2>/dev/null || git rev-parse --short=7 "383e951^{commit}" 2>/dev/null) || {
  echo "baseline $REF: not in this clone (a shallow clone?); run 'git fetch --unshallow --tags'" >&2; exit 1; }
# As `make build` builds this version: release, with the Swift runtime linked in (it starts
# 4 ms sooner than with the shared libraries).
SRC=.bench/baseline-$COMMIT-static
BIN=$SRC/.build/release/ollama-audit
if [ ! -x "$BIN" ]; then
  rm -rf "$SRC"; mkdir -p "$SRC"
  git archive "$COMMIT" | tar -x -C "$SRC"
  echo "building $REF ($COMMIT) in $SRC (release) ..." >&2
  (cd "$SRC" && swift build -c release --static-swift-stdlib --product ollama-audit >/dev/null) || {
    echo "baseline build failed" >&2; exit 1; }
fi
echo "$PWD/$BIN"
