#!/usr/bin/env python3
"""Writes the default rules' patterns for the peer tools the benchmark runs.

usage: patterns.py RULES_DIR OUT_DIR
OUT_DIR/rules.txt        one PCRE2 pattern per line (rg -P -f, grep -P): named groups become
                         plain groups, since rg joins the lines into one pattern and names
                         would collide
OUT_DIR/combined.txt     the same as one alternation (grep -rP)
OUT_DIR/semgrep.yml      one pattern-regex rule per rule, languages [generic]
"""
import os
import re
import sys

import yaml


def sanitise(pattern):
    pattern = re.sub(r"\(\?<([A-Za-z_]\w*)>", "(", pattern)
    pattern = re.sub(r"\\k<[A-Za-z_]\w*>", "['\"]", pattern)
    return pattern.replace("\n", "")


def main():
    rules_dir, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    patterns, semgrep = [], []
    for name in sorted(os.listdir(rules_dir)):
        doc = yaml.safe_load(open(os.path.join(rules_dir, name)))
        for rule in doc.get("rules", []):
            flags = "(?i)" if "caseless" in rule.get("flags", []) else ""
            pattern = "(?m)" + flags + sanitise(rule["pattern"])
            patterns.append(pattern)
            semgrep.append({"id": rule["id"], "message": rule["message"], "severity": "WARNING",
                            "languages": ["generic"], "pattern-regex": pattern})
    with open(os.path.join(out, "rules.txt"), "w") as handle:
        handle.write("\n".join(patterns) + "\n")
    with open(os.path.join(out, "combined.txt"), "w") as handle:
        handle.write("|".join(f"(?:{p})" for p in patterns) + "\n")
    with open(os.path.join(out, "semgrep.yml"), "w") as handle:
        yaml.safe_dump({"rules": semgrep}, handle, sort_keys=False, width=10_000)
    print(f"{len(patterns)} patterns")


if __name__ == "__main__":
    main()
