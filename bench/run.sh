#!/usr/bin/env bash
# make bench: ollama-audit against the tools a user would otherwise reach for, on the same
# tree, in one run. Prints a table of median wall time, ratio and peak RSS. No test asserts
# a time; docs/benchmarks.md records the results.
#
#   BENCH_TREE=path   measure an existing tree instead of the generated corpus
#   BENCH_SCALES      corpus sizes for the scaling rows (default "1 2 4")
#   BENCH_PEER_TIMEOUT seconds a peer may take before it is reported as "> N s" (default 900)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/ollama-audit
WORK=.bench
mkdir -p "$WORK"
PEER_TIMEOUT=${BENCH_PEER_TIMEOUT:-900}

for tool in hyperfine rg; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine ripgrep; }
done
[ -x /usr/bin/time ] || apt-get install -y -qq time
if [ ! -x "$WORK/venv/bin/semgrep" ]; then
  python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install -q semgrep pyyaml || echo "semgrep unavailable"
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml

python3 bench/patterns.py rules "$WORK/patterns" >/dev/null

if [ -n "${BENCH_TREE:-}" ]; then
  TREES=("$BENCH_TREE")
else
  for scale in ${BENCH_SCALES:-1 2 4}; do
    [ -d "$WORK/corpus-$scale" ] || python3 bench/gen_corpus.py "$WORK/corpus-$scale" --scale "$scale"
  done
  TREES=("$WORK/corpus-1")
fi
TREE=${TREES[0]}

# One timed run: wall seconds and peak RSS (MB), from GNU time.
measure() {  # name, command...
  local name=$1; shift
  local out; out=$(mktemp)
  timeout "$PEER_TIMEOUT" /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>/dev/null
  local rc=$?
  # GNU time writes "Command exited with non-zero status N" first when the tool exits non-zero.
  if [ $rc -eq 124 ]; then printf '%s\t> %s\t\n' "$name" "$PEER_TIMEOUT"; else read -r wall rss < <(tail -n 1 "$out"); printf '%s\t%s\t%s\n' "$name" "$wall" "$((rss / 1024))"; fi
  rm -f "$out"
}

# Median of three runs for the tools that are fast enough to repeat.
median() {  # name, command string
  local name=$1 cmd=$2
  hyperfine -N -i --warmup 1 --runs 3 --export-json "$WORK/h.json" "$cmd" >/dev/null 2>&1
  local wall; wall=$(python3 -c "import json; print(round(json.load(open('$WORK/h.json'))['results'][0]['median'], 3))")
  local rss; rss=$(measure x $cmd | cut -f3)
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss"
}

rows=()
rows+=("$(median "ollama-audit scan (all rules, JSON)" "$BIN scan $TREE --format json --output /dev/null")")
rows+=("$(median "ollama-audit scan --threads 1" "$BIN scan $TREE --format json --output /dev/null --threads 1")")
rows+=("$(median "rg -P -i 'ollama|11434' (one pattern, no attribution)" "rg -P -c -i ollama|11434 $TREE")")
rows+=("$(measure "rg -P -U combined alternation of all rules" rg -P -U -c -f "$WORK/patterns/rules.txt" "$TREE")")
rows+=("$(measure "grep -rP combined alternation" grep -rPc -f "$WORK/patterns/combined.txt" "$TREE")")
start=$(date +%s.%N)
while read -r pattern; do rg -P -U -c -e "$pattern" "$TREE" >/dev/null 2>&1; done < "$WORK/patterns/rules.txt"
rows+=("$(printf 'rg -P once per rule (attribution)\t%.2f\t' "$(echo "$(date +%s.%N) - $start" | bc)")")
if [ -x "$WORK/venv/bin/semgrep" ]; then
  rows+=("$(measure "semgrep --config (pattern-regex rules)" "$WORK/venv/bin/semgrep" scan --config "$WORK/patterns/semgrep.yml" --max-target-bytes 0 --metrics off --quiet --json "$TREE")")
fi
if [ -z "${BENCH_TREE:-}" ]; then
  for scale in ${BENCH_SCALES:-1 2 4}; do
    rows+=("$(median "ollama-audit scan, corpus ${scale}x" "$BIN scan $WORK/corpus-$scale --format json --output /dev/null")")
  done
fi
rows+=("$(median "small repo: ollama-audit scan fixtures/seed-project" "$BIN scan fixtures/seed-project --format json --output /dev/null")")
# The pre-commit hook's own invocation: the text report.
rows+=("$(median "small repo: ollama-audit scan (text, as pre-commit)" "$BIN scan fixtures/seed-project --output /dev/null")")
rows+=("$(median "small repo: rg -P 'ollama|11434' fixtures/seed-project" "rg -P -c -i ollama|11434 fixtures/seed-project")")
if [ -x "$WORK/venv/bin/semgrep" ]; then
  rows+=("$(measure "small repo: semgrep" "$WORK/venv/bin/semgrep" scan --config "$WORK/patterns/semgrep.yml" --metrics off --quiet --json fixtures/seed-project)")
fi

# Rows are tab-separated: names hold '|' (the patterns). Ratios are against the first row.
base=$(echo "${rows[0]}" | cut -f2)
echo
echo "ollama-audit benchmark: $(date -u +%Y-%m-%d), $(nproc) cores, tree $TREE ($(du -sh "$TREE" | cut -f1), $(find "$TREE" -type f | wc -l) files)"
printf '| %-58s | %9s | %17s | %8s |\n' "command" "median s" "ollama-audit / it" "RSS MB"  # ratio < 1: ollama-audit is faster
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "-----------" "-------------------" "----------"
for row in "${rows[@]}"; do
  IFS=$'\t' read -r name wall rss <<<"$row"
  ratio=$(python3 -c "import sys; w=sys.argv[1].strip(); print(f'{$base/float(w):.3f}' if w and w[0].isdigit() and float(w) > 0 else '-')" "$wall")
  printf '| %-58s | %9s | %17s | %8s |\n' "$name" "$wall" "$ratio" "${rss:--}"
done

# Against 0.1.0, built the same way: the generated corpus and, when given, the dev corpus
# (BENCH_DEV_CORPUS=folder holding its restored repositories; ../shared/dev-corpus has the
# restore script). Interleaved runs, CPU time ratio; the target is at most 1.25×.
echo
echo "against the release (bench/against-release.sh; BENCH_BASELINE=${BENCH_BASELINE:-383e951}):"
bash bench/against-release.sh "$BIN" "$TREE" ${BENCH_DEV_CORPUS:+"$BENCH_DEV_CORPUS"}
