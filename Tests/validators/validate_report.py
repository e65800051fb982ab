#!/usr/bin/env python3
"""Test-time validators for ollama-audit reports, each by its consumer's rules.

usage: validate_report.py FORMAT FILE [SCHEMA]   (SARIF and GitLab take their schema)
Prints a JSON summary of what a real parser read (the suite compares it with the JSON
report) and exits 1 with a message when the file is not valid for its consumer.
"""
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def sarif(path, schema_path):
    import jsonschema
    doc = json.load(open(path, encoding="utf-8"))
    jsonschema.validate(doc, json.load(open(schema_path, encoding="utf-8")))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    out = []
    for result in run["results"]:
        if rules[result["ruleIndex"]]["id"] != result["ruleId"]:
            fail("ruleIndex does not point at ruleId")
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        if uri.startswith("/") or re.match(r"^[a-z]+:", uri):
            fail("absolute uri: " + uri)
        # A derived finding's evidence: ids unique within the result (its message links to
        # them as [text](id)), each in a file under the same root.
        related = result.get("relatedLocations", [])
        ids = [entry["id"] for entry in related]
        if len(set(ids)) != len(ids):
            fail("relatedLocations ids repeat: " + str(ids))
        for entry in related:
            artifact = entry["physicalLocation"]["artifactLocation"]
            if artifact.get("uriBaseId") != location["artifactLocation"].get("uriBaseId"):
                fail("related location against another base: " + str(artifact))
            if artifact["uri"].startswith("/") or re.match(r"^[a-z]+:", artifact["uri"]):
                fail("absolute related uri: " + artifact["uri"])
        for link in re.findall(r"(?<!\\)\]\((\d+)\)", result["message"]["text"]):
            if int(link) not in ids:
                fail("message links to a related location that is not there: " + link)
        out.append({"uri": uri, "rule": result["ruleId"], "line": location["region"]["startLine"], "related": len(related)})
    return out


def junit(path):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        fail("root is not testsuites")
    cases = root.findall("./testsuite/testcase")
    failures = [case for case in cases if case.find("failure") is not None]
    if int(root.get("failures")) != len(failures):
        fail("failures attribute does not match")
    return [{"name": case.get("name"), "file": case.get("file"), "rule": case.get("classname")} for case in failures]


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    if any(len(row) != len(header) for row in rows):
        fail("rows of different lengths")
    return [dict(zip(header, row)) for row in rows[1:]]


def markdown(path):
    tables, header_cells = 0, None
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.startswith("|"):
            header_cells = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line.rstrip("\n"))) - 1
        if header_cells is None:
            header_cells, tables = cells, tables + 1
        elif cells != header_cells:
            fail(f"line {number}: {cells} cells, the table has {header_cells}")
    return {"tables": tables}


def github(path):
    def unescape(text):
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    out = []
    for line in open(path, encoding="utf-8"):
        match = re.match(r"^::(error|warning|notice) ([^:]*)::(.*)$", line.rstrip("\n"))
        if not match:
            continue
        props = dict(part.split("=", 1) for part in match.group(2).split(","))
        if ("file" in props) != ("line" in props):
            fail("an annotation with a file and no line, or a line and no file: " + line)
        # The closing notice (findings left out) names no file.
        out.append({"command": match.group(1), "file": unescape(props["file"]) if "file" in props else None,
                    "line": int(props["line"]) if "line" in props else None, "message": unescape(match.group(3))})
    counts = {}
    for annotation in out:
        counts[annotation["command"]] = counts.get(annotation["command"], 0) + 1
    # GitHub shows 10 of each per step and drops the rest (actions/toolkit, problem-matchers.md).
    if any(count > 10 for count in counts.values()):
        fail("more annotations than GitHub shows per step: " + str(counts))
    return out


def gitlab(path, schema_path):
    """GitLab's Code Quality report: its required fields (the schema), and fingerprints that
    are unique, since GitLab keeps one issue per fingerprint."""
    import jsonschema
    doc = json.load(open(path, encoding="utf-8"))
    jsonschema.validate(doc, json.load(open(schema_path, encoding="utf-8")))
    fingerprints = [issue["fingerprint"] for issue in doc]
    if len(set(fingerprints)) != len(fingerprints):
        fail("fingerprints repeat")
    return [{"path": issue["location"]["path"], "line": issue["location"]["lines"]["begin"],
             "check_name": issue["check_name"], "severity": issue["severity"], "fingerprint": issue["fingerprint"]}
            for issue in doc]


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "sarif":
        result = sarif(path, sys.argv[3])
    elif kind == "gitlab":
        result = gitlab(path, sys.argv[3])
    else:
        result = {"junit": junit, "csv": csv_rows, "markdown": markdown, "github": github}[kind](path)
    print(json.dumps(result, ensure_ascii=False, sort_keys=True))
