#!/usr/bin/env python3
"""Checks that the peers of the benchmark run the same rules as ollama-audit: every rule's
pattern, as bench/patterns.py writes it for rg (alone, and as a member of the joined
rules.txt), compiles in rg -U -P and matches each of the rule's own `examples.match` (expected
spans marked «» are unmarked first), and each such example holds one of the rule's prefilter
literals, so the two-stage pipeline's first stage keeps it. Also that each rules-N.txt compiles.

usage: check_patterns.py RULES_DIR [BIN]     (BIN as for patterns.py)
Prints one line per failure and exits 1 when there is any.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import patterns  # noqa: E402

# Examples the pattern alone cannot match: the rule reports them only through the scanner's
# context or section machinery, which no peer has. Each entry says why; anything else that
# fails is a failure.
NEEDS_SCANNER = {
    # (rule id, example number from 1): why
}


def matching(pattern, folder):
    """The names of the files in `folder` rg -U -P finds `pattern` in, or the error text."""
    run = subprocess.run(["rg", "--no-config", "-U", "-P", "-l", "-e", pattern, "."],
                         cwd=folder, capture_output=True, text=True)
    if run.returncode == 2:
        return run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "rg failed"
    return {line.removeprefix("./") for line in run.stdout.splitlines()}


def main():
    rules_dir = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else patterns.DEFAULT_BIN
    failures, checked, allowed = [], 0, 0
    rules = list(patterns.load(rules_dir, binary))
    with tempfile.TemporaryDirectory() as root:
        for index, rule in enumerate(rules):
            examples = [example.replace("«", "").replace("»", "")
                        for example in (rule.get("examples") or {}).get("match", [])]
            folder = os.path.join(root, str(index))
            os.mkdir(folder)
            for number, text in enumerate(examples, 1):
                with open(os.path.join(folder, str(number)), "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            alone = patterns.peer_pattern(rule)
            for form, pattern in (("pattern", alone), ("joined pattern", patterns.joinable(alone, index))):
                found = matching(pattern, folder)
                if isinstance(found, str):
                    failures.append(f"{rule['id']}: rg rejects the {form}: {found}")
                    continue
                for number, text in enumerate(examples, 1):
                    if str(number) in found:
                        continue
                    if (rule["id"], number) in NEEDS_SCANNER:
                        allowed += form == "pattern"
                        continue
                    failures.append(f"{rule['id']} example {number}: the {form} does not match {text!r}")
            for number, text in enumerate(examples, 1):
                checked += 1
                literals = rule.get("prefilter") or []
                if literals and not any(literal.lower() in text.lower() for literal in literals):
                    failures.append(f"{rule['id']} example {number}: no prefilter literal in {text!r}")
        out = os.path.join(root, "out")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "patterns.py"),
                        rules_dir, out, binary], check=True, capture_output=True)
        for name in sorted(os.listdir(out)):
            if name.startswith("rules-"):
                with open(os.path.join(out, name)) as handle:
                    lines = handle.read().splitlines()
                if not patterns.compiles(lines):
                    failures.append(f"{name}: rg does not compile it as one pattern")
        stale = {key for key in NEEDS_SCANNER if key[0] not in {rule["id"] for rule in rules}}
        failures += [f"NEEDS_SCANNER names {key}, which is no rule's example" for key in sorted(stale)]
    for failure in failures:
        print(failure)
    print(f"{checked} examples of {len(rules)} rules checked ({allowed} only the scanner matches), "
          f"{len(failures)} failures", file=sys.stderr)
    sys.exit(1 if failures else 0)


main()
