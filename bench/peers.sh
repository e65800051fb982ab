#!/usr/bin/env bash
# The benchmark's multi-step peers, each one command so that hyperfine times it whole:
#
#   peers.sh per-rule  PATTERNS_DIR FILE_LIST   rg once per rule (attribution the slow way)
#   peers.sh combined  PATTERNS_DIR FILE_LIST   every rule in one rg -P alternation: the naive way
#   peers.sh floor     FILE_LIST                rg -c -i 'ollama|11434': reading the files once
#
# Each runs over exactly the files ollama-audit scans (FILE_LIST, from `scan --files`), given
# to rg as arguments: rg still searches several files at once then. The rg -P peers stop at a
# file's first match (-l): rg 13 panics, then hangs, counting -U matches of some lookahead
# patterns in some files, so a full count is not possible; -l does less work, in their favour.
set -uo pipefail
# xargs cuts the list at this many bytes of arguments: the lists here fit in one rg.
ARGS=(-d '\n' -s 1000000)

case $1 in
  per-rule)
    for pattern in "$2"/rule/*.txt; do
      xargs -a "$3" "${ARGS[@]}" rg --no-config -P -U -l -f "$pattern" >/dev/null
    done ;;
  combined)
    # All the rules as one pattern is over PCRE2's 64 KB limit: patterns.py cuts it into the
    # fewest pieces rg compiles (two today).
    for chunk in "$2"/rules-*.txt; do
      xargs -a "$3" "${ARGS[@]}" rg --no-config -P -U -l -f "$chunk" >/dev/null
    done ;;
  floor)
    xargs -a "$2" "${ARGS[@]}" rg --no-config -c -i -e 'ollama|11434' >/dev/null ;;
  *) echo "usage: peers.sh per-rule|combined PATTERNS_DIR FILE_LIST | floor FILE_LIST" >&2; exit 2 ;;
esac
exit 0
