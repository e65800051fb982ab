#!/usr/bin/env bash
# make bench: ollama-audit against the tools a user would otherwise reach for (issue 17), on
# exactly the files it scans, one hyperfine run per tree so that each tree's ratios come from
# the same run. No test asserts a time; docs/benchmarks.md records the results.
#
# Trees, each measured when present:
#   the generated corpus, .bench/corpus-1 (bench/gen_corpus.py; 2x and 4x for the scaling rows)
#   the dev corpus: BENCH_DEV_CORPUS, a folder holding its restored repositories (default
#     ../dev-corpus-trees; see docs/benchmarks.md), or BENCH_DEV_REPOS, a space-separated list
#     of repository folders; *.after-vllm folders are left out; anything-llm also on its own
#   a Python site-packages: the one of .bench/venv, where this script installs semgrep
#   BENCH_TREE: more trees, separated by ':'
# Knobs:
#   BENCH_RUNS          most runs of a command (default 5): hyperfine 1.15 fits each command's
#                       runs into about 3 s, so one whose first run is over 1.5 s runs once
#   BENCH_PEER_TIMEOUT  seconds a peer may take on a tree (default 600): "> N" in the table
#   BENCH_SCALES        corpus sizes for the scaling rows (default "1 2 4")
#   BENCH_ONLY          measure only the trees whose label contains this (e.g. anything-llm)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.build/release/ollama-audit
WORK=$ROOT/.bench
RUNS=${BENCH_RUNS:-5}
PEER_TIMEOUT=${BENCH_PEER_TIMEOUT:-600}
mkdir -p "$WORK/results"

# --- Tools: apt for hyperfine, rg and GNU time; PyPI, into .bench/venv, for the rest. ---
missing=""
command -v hyperfine >/dev/null || missing+=" hyperfine"
command -v rg >/dev/null || missing+=" ripgrep"
[ -x /usr/bin/time ] || missing+=" time"
if [ -n "$missing" ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing
fi
VENV=$WORK/venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# /usr/bin/sg is newgrp, not ast-grep: the venv's ast-grep binary is the one used.
for package in semgrep:semgrep ast-grep-cli:ast-grep; do
  [ -x "$VENV/bin/${package#*:}" ] || "$VENV/bin/pip" install -q "${package%%:*}" || echo "${package%%:*} unavailable" >&2
done
"$VENV/bin/python" -c 'import yaml' 2>/dev/null || "$VENV/bin/pip" install -q pyyaml
PY=$VENV/bin/python
SEMGREP=$VENV/bin/semgrep
ASTGREP=$VENV/bin/ast-grep

[ -x "$BIN" ] || swift build -c release --product ollama-audit
BASE_BIN=$(bash bench/build-release.sh) || BASE_BIN=""
"$PY" bench/patterns.py rules "$WORK/patterns" "$BIN" >/dev/null || exit 1
PATTERNS=$WORK/patterns

for scale in ${BENCH_SCALES:-1 2 4}; do
  [ -d "$WORK/corpus-$scale" ] || "$PY" bench/gen_corpus.py "$WORK/corpus-$scale" --scale "$scale"
done

# --- The trees: "label|folder to run in|roots (space-separated, relative to it)". ---
trees=("corpus-1|$WORK/corpus-1|.")
DEV=${BENCH_DEV_CORPUS:-$ROOT/../dev-corpus-trees}
dev_repos=()
if [ -n "${BENCH_DEV_REPOS:-}" ]; then
  read -r -a dev_repos <<<"$BENCH_DEV_REPOS"
elif [ -d "$DEV" ]; then
  for repo in "$DEV"/*/; do
    case $repo in *.after-vllm/) continue ;; esac
    dev_repos+=("${repo%/}")
  done
fi
if [ ${#dev_repos[@]} -gt 0 ]; then
  # Scanned together from their common parent, as several roots of one scan.
  parent=$(dirname "$(realpath "${dev_repos[0]}")")
  names=""; for repo in "${dev_repos[@]}"; do names+=" $(basename "$repo")"; done
  trees+=("dev-corpus (${#dev_repos[@]} repos)|$parent|${names# }")
  for repo in "${dev_repos[@]}"; do
    [ "$(basename "$repo")" = anything-llm ] && trees+=("anything-llm|$(realpath "$repo")|.")
  done
fi
site=$(ls -d "$VENV"/lib/python3.*/site-packages 2>/dev/null | head -1)
[ -n "$site" ] && trees+=("site-packages|$site|.")
IFS=: read -r -a extra <<<"${BENCH_TREE:-}"
for tree in "${extra[@]}"; do [ -d "$tree" ] && trees+=("$(basename "$tree")|$(realpath "$tree")|."); done

# Median, CPU/wall and first exit code of each command of a hyperfine JSON export, one
# tab-separated line per command, in order.
medians() {
  "$PY" - "$1" <<'PYEOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['median']:.4f}\t{(r['user'] + r['system']) / r['mean']:.2f}\t{(r.get('exit_codes') or [0])[0]}\t{len(r['times'])}")
PYEOF
}

# Peak RSS in MB of one run of a command line as hyperfine takes it, from GNU time: bash
# waits for the command's processes, so %M is the largest of them.
rss() {
  local out; out=$(mktemp)
  timeout "$PEER_TIMEOUT" /usr/bin/time -f "%M" -o "$out" bash -c "$1" >/dev/null 2>&1
  tail -n 1 "$out" | awk '/^[0-9]+$/ { printf "%.0f", $1 / 1024 }'
  rm -f "$out"
}

REPORT=$WORK/results/bench-$(date -u +%Y%m%dT%H%M%SZ).md
exec > >(tee "$REPORT")
echo "# ollama-audit benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"
echo "ollama-audit $("$BIN" --version 2>/dev/null) ($(git rev-parse --short HEAD)), 0.1.0 from $(basename "$(dirname "$(dirname "$(dirname "$BASE_BIN")")")" 2>/dev/null),"
echo "$(rg --version | sed -n 1p), $(hyperfine --version), semgrep $("$SEMGREP" --version 2>/dev/null), ast-grep $("$ASTGREP" --version 2>/dev/null | awk '{print $2}')."
echo "Median wall seconds of up to $RUNS runs (\"1 run\": hyperfine ran it once; peers cut at ${PEER_TIMEOUT} s); ratio = its time / ollama-audit's"
echo "(above 1: ollama-audit is faster); CPU = (user+sys)/wall, the cores it kept busy; RSS = peak of one run."

declare -A result   # "tree|key" -> value, for the targets
for entry in "${trees[@]}"; do
  IFS='|' read -r label dir roots <<<"$entry"
  [ -n "${BENCH_ONLY:-}" ] && [[ $label != *"$BENCH_ONLY"* ]] && continue
  key=${label%% *}
  list=$WORK/results/files-$key.txt
  read -r -a root_args <<<"$roots"
  (cd "$dir" && "$BIN" scan --files "${root_args[@]}" >"$list") || { echo "scan --files failed on $dir" >&2; continue; }
  files=$(wc -l <"$list")
  bytes=$(cd "$dir" && xargs -a "$list" -d '\n' stat -c %s 2>/dev/null | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')
  all=$(cd "$dir" && find "${root_args[@]}" -type f 2>/dev/null | wc -l)

  scan="$BIN scan $roots --format json --output /dev/null"
  names=("ollama-audit" "ollama-audit --threads 1")
  commands=("$scan" "$scan --threads 1")
  if [ -n "$BASE_BIN" ]; then names+=("ollama-audit 0.1.0"); commands+=("$BASE_BIN scan $roots --format json --output /dev/null"); fi
  names+=("read floor: rg -c -i 'ollama|11434'" "two-stage rg pipeline (literals, then each rule on its candidates)"
          "rg -P once per rule" "naive: all rules as one rg -P alternation")
  # Any peer may be slow on some tree (the combined pattern took 200 s on the corpus): each is
  # cut at the timeout, and hyperfine gives a command that takes over 1.5 s a single run.
  commands+=("bash $ROOT/bench/peers.sh floor $list" "timeout $PEER_TIMEOUT $PY $ROOT/bench/two_stage.py $PATTERNS $list"
             "timeout $PEER_TIMEOUT bash $ROOT/bench/peers.sh per-rule $PATTERNS $list"
             "timeout $PEER_TIMEOUT bash $ROOT/bench/peers.sh combined $PATTERNS $list")
  semgrep_json=$WORK/results/semgrep-$key.json
  if [ -x "$SEMGREP" ]; then
    names+=("semgrep (pattern-regex, every rule)")
    commands+=("timeout $PEER_TIMEOUT xargs -a $list -d '\\n' -s 1000000 $SEMGREP scan --config $PATTERNS/semgrep.yml --disable-version-check --metrics off --quiet --json --max-target-bytes 0 --output $semgrep_json")
  fi
  if [ -x "$ASTGREP" ]; then
    names+=("ast-grep (comparable structural subset)")
    commands+=("timeout $PEER_TIMEOUT xargs -a $list -d '\\n' -s 1000000 $ASTGREP scan --config $ROOT/bench/ast-grep/sgconfig.yml --json=compact")
  fi

  # The page cache is warmed by the listing and one floor run; then one hyperfine for all.
  (cd "$dir" && bash "$ROOT/bench/peers.sh" floor "$list")
  hjson=$WORK/results/hyperfine-$key.json
  (cd "$dir" && hyperfine -N -i --warmup 0 --min-runs 1 --max-runs "$RUNS" --export-json "$hjson" "${commands[@]}" >/dev/null 2>&1)
  mapfile -t stats < <(medians "$hjson")

  echo
  echo "## $label: $files files scanned of $all ($bytes MB scanned), in $dir"
  [ -f "$semgrep_json" ] && echo "semgrep scanned $("$PY" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['paths']['scanned']))" "$semgrep_json" 2>/dev/null || echo '?') of them."
  echo
  printf '| %-68s | %9s | %9s | %5s | %6s |\n' "command" "median s" "ratio" "CPU" "RSS MB"
  printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..70})" "-----------" "-----------" "-------" "--------"
  ours=$(cut -f1 <<<"${stats[0]}")
  for i in "${!names[@]}"; do
    IFS=$'\t' read -r median cpu code runs <<<"${stats[$i]}"
    shown=$median
    [ "$code" = 124 ] && shown="> $PEER_TIMEOUT"
    ratio=$(awk -v a="$median" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')
    [ "$code" = 124 ] && ratio="> $ratio"
    [ "$runs" = 1 ] && [ "$RUNS" != 1 ] && shown="$shown (1 run)"
    memory=""
    [ "$code" = 124 ] || memory=$(cd "$dir" && rss "${commands[$i]}")
    printf '| %-68s | %9s | %9s | %5s | %6s |\n' "${names[$i]}" "$shown" "$ratio" "$cpu" "${memory:--}"
    result["$key|$i"]="$median|$code|$memory"
  done
  # Tab-separated: the names hold '|'.
  result["$key|names"]=$(IFS=$'\t'; echo "${names[*]}")
done

# --- Seed-fixture latency: one hyperfine run. ---
empty=$(mktemp -d)
seed=fixtures/seed-project
hyperfine -N -i --warmup 3 --runs 20 --export-json "$WORK/results/hyperfine-seed.json" \
  "$BIN scan $seed --format json --output /dev/null" "$BIN scan $seed --output /dev/null" \
  "rg --no-config -c -i -e ollama|11434 $seed" "$BIN --version" "$BIN scan $empty --format json --output /dev/null" >/dev/null 2>&1
mapfile -t seedstats < <(medians "$WORK/results/hyperfine-seed.json")
rmdir "$empty"
echo
echo "## Latency: fixtures/seed-project (29 files), 20 runs"
echo
printf '| %-52s | %9s |\n' "command" "median ms"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..54})" "-----------"
seednames=("ollama-audit scan (JSON)" "ollama-audit scan (text, as the pre-commit hook)" "rg -c -i 'ollama|11434' on the same tree" \
           "ollama-audit --version" "ollama-audit scan of an empty folder")
for i in "${!seednames[@]}"; do
  printf '| %-52s | %9.1f |\n' "${seednames[$i]}" "$(awk -v s="$(cut -f1 <<<"${seedstats[$i]}")" 'BEGIN { print s * 1000 }')"
done

# --- Scaling: the generated corpus at each scale, one hyperfine run. ---
scalecmds=(); for scale in ${BENCH_SCALES:-1 2 4}; do scalecmds+=("$BIN scan $WORK/corpus-$scale --format json --output /dev/null"); done
hyperfine -N -i --warmup 1 --runs 3 --export-json "$WORK/results/hyperfine-scale.json" "${scalecmds[@]}" >/dev/null 2>&1
mapfile -t scalestats < <(medians "$WORK/results/hyperfine-scale.json")
echo
echo "## Scaling: the generated corpus, 3 runs"
echo
printf '| %-10s | %7s | %9s | %11s | %6s |\n' "corpus" "files" "median s" "time / 1x" "RSS MB"
printf '|%s|%s|%s|%s|%s|\n' "------------" "---------" "-----------" "-------------" "--------"
i=0; base=""; scale_rss=()
for scale in ${BENCH_SCALES:-1 2 4}; do
  median=$(cut -f1 <<<"${scalestats[$i]}"); base=${base:-$median}
  memory=$(rss "$BIN scan $WORK/corpus-$scale --format json --output /dev/null"); scale_rss+=("$memory")
  printf '| %-10s | %7s | %9s | %11s | %6s |\n' "${scale}x" "$(find "$WORK/corpus-$scale/" -type f | wc -l)" "$median" \
    "$(awk -v a="$median" -v b="$base" 'BEGIN { printf "%.2f", a / b }')" "$memory"
  last_ratio=$(awk -v a="$median" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
  i=$((i + 1))
done

# --- The targets of issue 17, from the figures above. ---
# A peer cut at the timeout took at least that long: its ratio is a bound ("> r" or "< r"),
# which settles a target only when it points the target's way.
verdict() {  # value, op, threshold
  local v=${1#[<>] }
  if [[ $1 == ">"* && $2 == "<=" ]] || [[ $1 == "<"* && $2 == ">=" ]]; then echo "unknown (peer cut)"; return; fi
  awk -v v="$v" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? v <= t : v >= t; print ok ? "met" : "not met" }'
}
echo
echo "## Targets (issue 17)"
echo
printf '| %-40s | %-20s | %10s | %-8s |\n' "target" "tree" "measured" "verdict"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "$(printf -- '-%.0s' {1..22})" "------------" "----------"
target() { printf '| %-40s | %-20s | %10s | %-8s |\n' "$1" "$2" "$3" "$(verdict "$3" "$4" "$5")"; }
index_of() {  # key, name prefix -> the command's index
  local IFS=$'\t' i=0; for name in ${result["$1|names"]}; do [[ $name == "$2"* ]] && { echo $i; return; }; i=$((i + 1)); done; echo -1
}
for entry in "${trees[@]}"; do
  IFS='|' read -r label _ _ <<<"$entry"; key=${label%% *}
  [ -n "${result["$key|names"]:-}" ] || continue
  IFS='|' read -r ours _ ours_rss <<<"${result["$key|0"]}"
  ratio_to() {  # name prefix, "ours/peer" or "peer/ours"
    local i; i=$(index_of "$key" "$1"); [ "$i" -ge 0 ] || return 1
    local peer code bound=""; IFS='|' read -r peer code _ <<<"${result["$key|$i"]}"
    [ "$code" = 124 ] && bound="> "
    if [ "$2" = ours/peer ]; then awk -v a="$ours" -v b="$peer" -v p="${bound:+< }" 'BEGIN { printf "%s%.2f", p, a / b }'
    else awk -v a="$peer" -v b="$ours" -v p="$bound" 'BEGIN { printf "%s%.1f", p, a / b }'; fi
  }
  v=$(ratio_to "read floor" ours/peer) && target "ours / read floor ≤ 2" "$label" "$v" "<=" 2
  v=$(ratio_to "two-stage" ours/peer) && target "ours / two-stage rg pipeline ≤ 0.5" "$label" "$v" "<=" 0.5
  v=$(ratio_to "semgrep" peer/ours) && target "semgrep / ours ≥ 20" "$label" "$v" ">=" 20
  v=$(ratio_to "ast-grep" peer/ours) && target "ast-grep / ours ≥ 5" "$label" "$v" ">=" 5
  v=$(ratio_to "ollama-audit 0.1.0" ours/peer) && target "ours / 0.1.0 ≤ 1.25" "$label" "$v" "<=" 1.25
  i=$(index_of "$key" "ollama-audit --threads 1"); IFS='|' read -r one _ _ <<<"${result["$key|$i"]}"
  target "one thread / all cores ≥ 1.7" "$label" "$(awk -v a="$one" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')" ">=" 1.7
  [ -n "$ours_rss" ] && target "peak RSS ≤ 64 MB" "$label" "$ours_rss" "<=" 64
done
seed_ratio=$(awk -v a="$(cut -f1 <<<"${seedstats[0]}")" -v b="$(cut -f1 <<<"${seedstats[2]}")" 'BEGIN { printf "%.1f", a / b }')
target "seed latency: ours / rg ≤ 5" "seed-project" "$seed_ratio" "<=" 5
target "largest corpus: time / 1x ≤ 4.4" "corpus ${BENCH_SCALES:-1 2 4}" "$last_ratio" "<=" 4.4
target "RSS flat: largest / 1x ≤ 1.25" "corpus ${BENCH_SCALES:-1 2 4}" \
  "$(awk -v a="${scale_rss[-1]}" -v b="${scale_rss[0]}" 'BEGIN { printf "%.2f", a / b }')" "<=" 1.25
target "peak RSS ≤ 64 MB" "corpus (largest)" "${scale_rss[-1]}" "<=" 64
echo
echo "(Written to ${REPORT#"$ROOT"/}; hyperfine's JSON and the file lists are beside it.)"
