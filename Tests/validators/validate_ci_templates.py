#!/usr/bin/env python3
"""Checks the CI templates in examples/ (ReportFormatTests+CI runs it).

usage: validate_ci_templates.py GITHUB_WORKFLOW GITLAB_CI PROJECT_URL
Parses both with PyYAML and exits 1, naming every problem, unless:
- every `uses:` is pinned to a version tag (v4, v4.1.2) or a full commit SHA;
- github/codeql-action/upload-sarif is at its current major (UPLOAD_SARIF_MAJOR);
- `permissions:` grants contents: read, security-events: write and actions: read;
- a cache step (actions/cache) keeps the build, keyed by the pinned version;
- this project is downloaded at a release tag (a `git clone --branch vX.Y.Z` of PROJECT_URL,
  through the version variable), never its default branch;
- the GitLab job builds the same way, caches the install, and publishes a `codequality`
  report written by `--report gitlab=FILE` (or `--format gitlab`).
Prints what it read, as JSON, when all hold.
"""
import json
import re
import sys

import yaml

# The current major of github/codeql-action (v3 is deprecated in December 2026:
# github.blog/changelog/2025-10-28-upcoming-deprecation-of-codeql-action-v3/).
UPLOAD_SARIF_MAJOR = 4
TAG = re.compile(r"^v\d+(\.\d+){0,2}$")
SHA = re.compile(r"^[0-9a-f]{40}$")
RELEASE = re.compile(r"^v\d+\.\d+\.\d+$")
RELEASE_TAG = None  # this version's tag, when given

problems = []


def problem(text):
    problems.append(text)


def clones(script, variables, project_url):
    """The `git clone` commands of a script, with their branch and URL resolved."""
    found = []
    for line in script.splitlines():
        if "git clone" not in line:
            continue
        words = line.split()
        words = words[words.index("clone") + 1:]
        branch, url, i = None, None, 0
        while i < len(words):
            word = words[i]
            if word in ("--branch", "-b"):
                branch, i = words[i + 1] if i + 1 < len(words) else None, i + 2
            elif word in ("--depth", "--origin", "-o", "--config", "-c"):
                i += 2
            elif word.startswith("-"):
                i += 1
            else:
                url = word
                break

        def resolve(word):
            if word is None:
                return None
            word = word.strip('"')
            name = re.match(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$", word)
            return variables.get(name.group(1)) if name else word
        found.append({"line": line.strip(), "branch": resolve(branch), "url": resolve(url)})
    if not found:
        problem("no `git clone` of " + project_url + " found")
    for clone in found:
        if clone["url"] != project_url:
            problem(f"clones {clone['url']!r}, not this project ({project_url})")
        if not clone["branch"] or not RELEASE.match(str(clone["branch"])):
            problem(f"`{clone['line']}` is not pinned to a release tag (--branch vX.Y.Z): {clone['branch']!r}")
        elif RELEASE_TAG and clone["branch"] != RELEASE_TAG:
            # The templates use this version's flags (--format gitlab): an older tag lacks them.
            problem(f"`{clone['line']}` pins {clone['branch']}, not this version's tag {RELEASE_TAG}")
    return found


def github(path, project_url):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    permissions = doc.get("permissions") or {}
    for key, value in {"contents": "read", "security-events": "write", "actions": "read"}.items():
        if permissions.get(key) != value:
            problem(f"permissions: {key} is {permissions.get(key)!r}, not {value!r}")
    env = dict(doc.get("env") or {})
    uses, scripts, caches = [], [], []
    for job in (doc.get("jobs") or {}).values():
        env.update(job.get("env") or {})
        for step in job.get("steps") or []:
            if "uses" in step:
                uses.append(step["uses"])
                if step["uses"].split("@")[0] == "actions/cache":
                    caches.append(step)
            if "run" in step:
                scripts.append(step["run"])
    for use in uses:
        action, _, ref = use.partition("@")
        if not (TAG.match(ref) or SHA.match(ref)):
            problem(f"{use}: not pinned to a version tag or a commit SHA")
        if action == "github/codeql-action/upload-sarif" and TAG.match(ref) and int(ref[1:].split(".")[0]) != UPLOAD_SARIF_MAJOR:
            problem(f"{use}: upload-sarif's current major is v{UPLOAD_SARIF_MAJOR}")
    if not any(u.startswith("github/codeql-action/upload-sarif@") for u in uses):
        problem("no github/codeql-action/upload-sarif step")
    if not caches:
        problem("no actions/cache step: every run would build Swift from scratch")
    for step in caches:
        key = str((step.get("with") or {}).get("key", ""))
        if "OLLAMA_AUDIT_VERSION" not in key:
            problem(f"the cache key {key!r} does not name the pinned version")
    found = clones("\n".join(scripts), env, project_url)
    return {"uses": uses, "permissions": permissions, "clones": found, "caches": len(caches)}


def gitlab(path, project_url):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    variables = dict(doc.get("variables") or {})
    jobs = {name: job for name, job in doc.items() if isinstance(job, dict) and "script" in job}
    if not jobs:
        problem("no GitLab job")
    out = {}
    for name, job in jobs.items():
        variables.update(job.get("variables") or {})
        lines = []
        for key in ("before_script", "script"):
            value = job.get(key) or []
            lines += value if isinstance(value, list) else [value]
        script = "\n".join(lines)
        found = clones(script, variables, project_url)
        image = str(job.get("image", ""))
        if ":" not in image or image.endswith(":latest"):
            problem(f"{name}: image {image!r} is not pinned to a version")
        if not (job.get("cache") or {}).get("paths"):
            problem(f"{name}: no cache: every pipeline would build Swift from scratch")
        report = ((job.get("artifacts") or {}).get("reports") or {}).get("codequality")
        if not report:
            problem(f"{name}: no `artifacts: reports: codequality:`")
        elif not re.search(r"(--report gitlab=" + re.escape(report) + r"|--format gitlab\b.*--output " + re.escape(report) + r")", script):
            problem(f"{name}: nothing writes the codequality report {report!r} (--report gitlab={report})")
        out[name] = {"clones": found, "codequality": report, "image": image}
    return out


if __name__ == "__main__":
    github_path, gitlab_path, url = sys.argv[1], sys.argv[2], sys.argv[3]
    RELEASE_TAG = sys.argv[4] if len(sys.argv) > 4 else None
    result = {"github": github(github_path, url), "gitlab": gitlab(gitlab_path, url)}
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result, sort_keys=True))
