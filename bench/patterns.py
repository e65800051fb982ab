#!/usr/bin/env python3
"""Writes the rules' patterns for the peer tools the benchmark runs.

usage: patterns.py RULES_DIR OUT_DIR [BIN]
BIN (default .build/release/ollama-audit) gives each rule's pattern exactly as its loader
compiles it (`rules list --compiled-patterns`): a rule that calls a language subpattern such as
`(?&args)` gets the `(?(DEFINE)...)` block the loader appends, which this script does not
re-derive. The rule files give the rest: flags, prefilter literals and examples.

OUT_DIR/rules.txt        one pattern per line, for rg -P -f (rg joins the lines into one
                         alternation, so each rule's group names get a prefix and its numbered
                         back-references are made relative)
OUT_DIR/rules-N.txt      rules.txt cut into the fewest runs of lines that rg can compile as one
                         pattern: all of it is over PCRE2's 64 KB limit on a compiled pattern
OUT_DIR/semgrep.yml      one pattern-regex rule per rule, languages [generic]
OUT_DIR/rule/ID.txt      each rule's pattern alone (rg once per rule; the two-stage pipeline)
OUT_DIR/literals.txt     every rule's prefilter literals, one per line (the two-stage pipeline's
                         first stage, rg -F -i -f)
OUT_DIR/two-stage.tsv    rule id, caseless (0/1), its literals joined by a tab ("" when it has
                         none, so it runs on every file): how the first stage's hits map to rules
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.path.join(HERE, "..", ".build", "release", "ollama-audit")


def compiled_patterns(rules_dir, binary):
    """id -> pattern as the binary compiles the folder's rules. Run from an empty folder, so
    that no .ollama-audit.yml around the checkout disables or adds rules."""
    with tempfile.TemporaryDirectory() as empty:
        run = subprocess.run([os.path.abspath(binary), "rules", "list", "--compiled-patterns", "--no-default-rules",
                              "--rules", os.path.abspath(rules_dir)], cwd=empty, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{binary} rules list --compiled-patterns failed: {run.stderr.strip()}")
    return {entry["id"]: entry["pattern"] for entry in json.loads(run.stdout)}


def load(rules_dir, binary=DEFAULT_BIN):
    """Every rule of the folder's rule files, in file order, its `pattern` replaced by the
    compiled one (the file's stays as `source_pattern`)."""
    compiled = compiled_patterns(rules_dir, binary)
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith((".yml", ".yaml")):
            continue
        for rule in (yaml.safe_load(open(os.path.join(rules_dir, name))) or {}).get("rules", []):
            rule["source_pattern"] = rule["pattern"]
            rule["pattern"] = compiled[rule["id"]]
            yield rule


# \K (keep) only moves where the reported match starts, and rg 13 mishandles it under -U (it
# reports no match): the peers drop it. An escaped backslash before a K (\\K) is not one.
KEEP = re.compile(r"(?<!\\)((?:\\\\)*)\\K")


def peer_pattern(rule):
    """The rule's pattern alone, as rg -P, grep -P and semgrep take it: its flags inline
    (MULTILINE is every rule's), \\K dropped, line breaks as \\n so that it fits on one line."""
    flags = "(?m)" + "".join(inline for flag, inline in (("caseless", "(?i)"), ("dotall", "(?s)"), ("extended", "(?x)"))
                             if flag in rule.get("flags", []))
    pattern = KEEP.sub(r"\1", rule["pattern"])
    if "extended" not in rule.get("flags", []):
        pattern = pattern.replace("\n", r"\n")
    return flags + pattern


# A group name where it is defined or referred to: (?<n> (?'n' (?P<n> \k<n> \k'n' \k{n} \g{n}
# (?&n) (?P>n) (?P=n), and the conditions (?(<n>) (?('n') (?(n) other than DEFINE and R.
NAMES = re.compile(r"""(\(\?P?<|\(\?'|\\k<|\\k'|\\k\{|\\g\{|\(\?&|\(\?P>|\(\?P=|\(\?\(<|\(\?\(')([A-Za-z_]\w*)"""
                   r"""|(\(\?\()(?!DEFINE\)|R\d*\)|R&)([A-Za-z_]\w*)(?=\))""")
NUMBERED = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:g\{([1-9]\d?)\}|g([1-9]\d?)|([1-9]\d?))")


def capture_count(pattern):
    """The capturing groups opened in a pattern: ( not followed by ?, or a named group;
    outside character classes and escapes. Branch resets (?| are not counted right: the
    caller refuses them."""
    count, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif c == "(" and not pattern.startswith("(*", i) and (
                not pattern.startswith("(?", i) or re.match(r"\(\?(?:P?<|')[A-Za-z_]", pattern[i:])):
            count += 1
        i += 1
    return count


def joinable(pattern, index):
    """`pattern` as the index-th member of one alternation: its group names prefixed with
    rINDEX_, its numbered back-references made relative (\\g{-n}), so they still name its own
    groups whatever precedes it."""
    def relative(match):
        number = int(match.group(2) or match.group(3) or match.group(4))
        if "(?|" in pattern:
            sys.exit(f"rule {index}: a numbered back-reference in a pattern with a branch reset")
        return match.group(1) + "\\g{-" + str(capture_count(pattern[:match.start()]) - number + 1) + "}"
    pattern = NUMBERED.sub(relative, pattern)
    return NAMES.sub(lambda m: (m.group(1) or m.group(3)) + f"r{index}_" + (m.group(2) or m.group(4)), pattern)


def compiles(patterns):
    """Whether rg -P takes these lines as one pattern (exit 2 is its error)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as handle, tempfile.NamedTemporaryFile() as empty:
        handle.write("\n".join(patterns) + "\n")
        handle.flush()
        return subprocess.run(["rg", "--no-config", "-P", "-U", "-c", "-f", handle.name, empty.name],
                              capture_output=True).returncode != 2


def chunks(patterns):
    """The lines in order, cut greedily where one more would not compile."""
    current = []
    for pattern in patterns:
        if current and not compiles(current + [pattern]):
            yield current
            current = []
        current.append(pattern)
    if current:
        yield current


def main():
    rules_dir, out = sys.argv[1], sys.argv[2]
    binary = sys.argv[3] if len(sys.argv) > 3 else DEFAULT_BIN
    os.makedirs(os.path.join(out, "rule"), exist_ok=True)
    joined, semgrep, literals, stages = [], [], set(), []
    for index, rule in enumerate(load(rules_dir, binary)):
        pattern = peer_pattern(rule)
        joined.append(joinable(pattern, index))
        semgrep.append({"id": rule["id"], "message": rule["message"], "severity": "WARNING",
                        "languages": ["generic"], "pattern-regex": pattern})
        with open(os.path.join(out, "rule", rule["id"] + ".txt"), "w") as handle:
            handle.write(pattern + "\n")
        prefilter = rule.get("prefilter") or []
        literals.update(prefilter)
        caseless = "caseless" in rule.get("flags", [])
        stages.append("\t".join([rule["id"], "1" if caseless else "0"] + prefilter))
    with open(os.path.join(out, "rules.txt"), "w") as handle:
        handle.write("\n".join(joined) + "\n")
    for name in os.listdir(out):
        if re.fullmatch(r"rules-\d+\.txt", name):
            os.remove(os.path.join(out, name))
    for number, chunk in enumerate(chunks(joined), 1):
        with open(os.path.join(out, f"rules-{number}.txt"), "w") as handle:
            handle.write("\n".join(chunk) + "\n")
    with open(os.path.join(out, "literals.txt"), "w") as handle:
        handle.write("".join(literal + "\n" for literal in sorted(literals)))
    with open(os.path.join(out, "two-stage.tsv"), "w") as handle:
        handle.write("\n".join(stages) + "\n")
    with open(os.path.join(out, "semgrep.yml"), "w") as handle:
        yaml.safe_dump({"rules": semgrep}, handle, sort_keys=False, width=10_000)
    print(f"{len(joined)} patterns")


if __name__ == "__main__":
    main()
