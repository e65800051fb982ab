#!/usr/bin/env python3
"""The two-stage rg pipeline: the grep way done well, as one benchmark command.

usage: two_stage.py PATTERNS_DIR FILE_LIST
Stage 1: one rg -F -i -o pass over the files for every rule's prefilter literals (longest
first, so that a literal is not hidden by a shorter one starting at the same place). Each
rule's candidates are the files where one of its own literals turned up (case-sensitively
for a rule without the caseless flag); a rule without literals has every file.
Stage 2: each rule's own rg -P -U -l pattern (PATTERNS_DIR/rule/ID.txt) over its candidates
only, which also attributes the matches to their rule, as ollama-audit does.
Prints the number of files each rule matches in, for the rules that match (tab-separated).

-l, not -c: rg 13 panics, then hangs, counting the -U matches of some lookahead patterns in
some files (anything-llm's locales/README.ja-JP.md); -l stops at each file's first match, so
the pipeline does less work than a full count, in its favour.

Like every peer it ignores the rules' files:/paths: scopes: each rule runs on all its
candidates. A literal that occurs only overlapping a longer reported one is missed, so the
first stage can only be slightly optimistic, never slower than it should be.
"""
import os
import subprocess
import sys

# Stay well below ARG_MAX (2 MB here) with the environment: one rg per chunk of paths.
ARGS_BYTES = 1_000_000


def chunked(paths):
    chunk, size = [], 0
    for path in paths:
        if chunk and size + len(path) + 1 > ARGS_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += len(path) + 1
    if chunk:
        yield chunk


def rg(arguments, paths):
    """rg's standard output over `paths`, in as few runs as the argument limit allows."""
    out = []
    for chunk in chunked(paths):
        out.append(subprocess.run(["rg", "--no-config"] + arguments + ["--"] + chunk,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout)
    return b"".join(out)


def main():
    patterns_dir, file_list = sys.argv[1], sys.argv[2]
    with open(file_list, "rb") as handle:
        files = [line for line in handle.read().split(b"\n") if line]
    rules = []  # (id, caseless, literals as bytes)
    with open(os.path.join(patterns_dir, "two-stage.tsv"), encoding="utf-8") as handle:
        for line in handle.read().splitlines():
            rule_id, caseless, *literals = line.split("\t")
            rules.append((rule_id, caseless == "1", [literal.encode() for literal in literals]))

    literals = sorted({literal for _, _, own in rules for literal in own}, key=len, reverse=True)
    literal_file = os.path.join(patterns_dir, "literals-by-length.txt")
    with open(literal_file, "wb") as handle:
        handle.write(b"".join(literal + b"\n" for literal in literals))
    found = rg(["-F", "-i", "-o", "--null", "--no-line-number", "--with-filename", "-f", literal_file], files)

    # The rules each distinct matched text opens, worked out once per text.
    opens_cache = {}

    def opens(text):
        if text not in opens_cache:
            lower = text.lower()
            opens_cache[text] = [index for index, (_, caseless, own) in enumerate(rules)
                                 if any(literal in text or (caseless and literal.lower() in lower) for literal in own)]
        return opens_cache[text]

    candidates = [set() for _ in rules]
    for line in set(found.split(b"\n")):
        path, _, text = line.partition(b"\0")
        if text:
            for index in opens(text):
                candidates[index].add(path)

    for index, (rule_id, _, own) in enumerate(rules):
        targets = sorted(candidates[index]) if own else files
        if not targets:
            continue
        matched = rg(["-P", "-U", "-l", "-f", os.path.join(patterns_dir, "rule", rule_id + ".txt")],
                     [os.fsdecode(path) for path in targets])
        total = matched.count(b"\n")
        if total:
            print(f"{rule_id}\t{total}")


if __name__ == "__main__":
    main()
