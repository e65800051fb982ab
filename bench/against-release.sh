#!/usr/bin/env bash
# This build against a released version, built the same way (bench/build-release.sh), on the
# same trees, in interleaved runs: A B A B ... On a shared 2-core machine back-to-back blocks of
# one binary drift by ±15%, so alternating is what makes the ratio hold.
#
#   bench/against-release.sh BIN TREE...
#   BENCH_BASELINE   tag or commit to compare against (default v0.1.0, commit 383e951)
#   BENCH_ROUNDS     runs per binary and tree (default 9)
#
# Prints one row per tree: median user+system CPU seconds, median wall seconds and peak RSS of
# each binary, and the CPU ratio this/baseline. Same output format and flags for both binaries,
# so the comparison is scan work, not report differences.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$1; shift
BASELINE=${BENCH_BASELINE:-v0.1.0}
ROUNDS=${BENCH_ROUNDS:-9}
WORK=.bench
BASE_BIN=$(bash bench/build-release.sh "$BASELINE") || exit 0

# One run: "cpu wall rss_kb" from GNU time.
run() {  # binary tree
  local out; out=$(mktemp)
  /usr/bin/time -f "%U %S %e %M" -o "$out" "$1" scan "$2" --format json --output /dev/null >/dev/null 2>&1
  awk 'END { printf "%.3f %.3f %d\n", $1 + $2, $3, $4 }' "$out"
  rm -f "$out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '| %-40s | %10s | %10s | %9s | %9s | %8s | %8s | %9s |\n' "tree (vs $BASELINE)" "CPU s" "base CPU s" "wall s" "base wall" "RSS MB" "base RSS" "CPU ratio"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "------------" "------------" "-----------" "-----------" "----------" "----------" "-----------"
for tree in "$@"; do
  [ -d "$tree" ] || { echo "no tree $tree" >&2; continue; }
  run "$BIN" "$tree" >/dev/null; run "$BASE_BIN" "$tree" >/dev/null   # warm the page cache
  : >"$WORK/a.txt"; : >"$WORK/b.txt"
  for _ in $(seq "$ROUNDS"); do
    run "$BIN" "$tree" >>"$WORK/a.txt"
    run "$BASE_BIN" "$tree" >>"$WORK/b.txt"
  done
  a_cpu=$(cut -d' ' -f1 "$WORK/a.txt" | median); b_cpu=$(cut -d' ' -f1 "$WORK/b.txt" | median)
  a_wall=$(cut -d' ' -f2 "$WORK/a.txt" | median); b_wall=$(cut -d' ' -f2 "$WORK/b.txt" | median)
  a_rss=$(cut -d' ' -f3 "$WORK/a.txt" | sort -g | tail -1); b_rss=$(cut -d' ' -f3 "$WORK/b.txt" | sort -g | tail -1)
  ratio=$(awk -v a="$a_cpu" -v b="$b_cpu" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
  printf '| %-40s | %10s | %10s | %9s | %9s | %8s | %8s | %9s |\n' "$tree" "$a_cpu" "$b_cpu" "$a_wall" "$b_wall" \
    "$((a_rss / 1024))" "$((b_rss / 1024))" "${ratio}×"
done
