#!/usr/bin/env python3
"""Writes a deterministic benchmark tree: mostly code with no Ollama reference, a sprinkle of
real references in every category, some large files, some binary files, and a
.gitignored node_modules.

usage: gen_corpus.py OUT_DIR [--scale N] [--seed S]
At --scale 1: about 30,000 files and 300 MB.
"""
import argparse
import os
import random

LINES = {
    "py": [
        "def {f}({a}, {b}=None):", "    return {a}.{f}({b})", "    {a} = {b} + {n}", "import {m}",
        "from {m}.{f} import {F}", "class {F}({G}):", "    \"\"\"{w} {w} {w}.\"\"\"", "    if {a} is None:",
        "        raise ValueError('{w} {w}')", "    for {a} in {b}:", "        logger.info('%s {w}', {a})",
        "{A} = os.getenv('{A}', '{w}')", "    result = client.get('/api/{w}', params={{'{a}': {n}}})",
    ],
    "ts": [
        "export function {f}({a}: {F}, {b}?: number): {G} {{", "  const {a} = await {b}.{f}();",
        "import {{ {F} }} from './{m}';", "  return {{ {a}: {n}, {b}: '{w}' }};", "}}",
        "export interface {F} {{ {a}: string; {b}: number }}", "  if (!{a}) throw new Error('{w} {w}');",
        "  const res = await fetch(`/api/{w}/${{{a}}}`);", "  // {w} {w} {w}",
    ],
    "js": [
        "function {f}({a}, {b}) {{", "  var {a} = require('{m}');", "  return {b}.map(({a}) => {a}.{f});",
        "module.exports = {{ {f}, {F} }};", "}}", "  console.log('{w}', {a});", "  const {A} = process.env.{A} || '{w}';",
    ],
    "go": [
        "func {F}({a} int, {b} string) error {{", "\treturn fmt.Errorf(\"{w}: %v\", {a})", "}}",
        "import \"{m}/{f}\"", "\t{a} := {b}.{F}()", "type {F} struct {{ {G} int }}",
    ],
    "md": ["# {W} {w}", "", "The {w} {w} uses the {w} service on port {p}.", "- {w} {w}", "```bash", "make {w}", "```"],
    "yaml": ["{a}:", "  {b}: {w}", "  port: {p}", "  image: {m}/{f}:{n}", "  - name: {A}", "    value: \"{w}\""],
    "json": ['  "{a}": "{w}",', '  "{b}": {n},', '  "{m}": {{ "{f}": "{w}" }},'],
    "sh": ["{a}={w}", "echo \"{w} ${{{a}}}\"", "curl -s http://localhost:{p}/{w}", "if [ -f {w} ]; then {f}; fi"],
}
EXT = {"py": ".py", "ts": ".ts", "js": ".js", "go": ".go", "md": ".md", "yaml": ".yaml", "json": ".json", "sh": ".sh"}
MIX = [("py", 30), ("ts", 20), ("js", 15), ("go", 5), ("md", 8), ("json", 7), ("yaml", 7), ("sh", 8)]
REFERENCES = {
    "py": ["import ollama", "resp = ollama.chat(model='llama3.1:8b', messages=msgs)", "OLLAMA_URL = os.getenv('OLLAMA_URL', 'http://localhost:11434')",
           "from langchain_ollama import ChatOllama"],
    "ts": ["import ollama from 'ollama';", "const r = await ollama.chat({ model: 'qwen2.5:7b', messages });",
           "const url = `${process.env.OLLAMA_HOST}/api/generate`;"],
    "js": ["const { Ollama } = require('ollama');", "fetch('http://localhost:11434/api/chat', opts)"],
    "go": ["import \"github.com/ollama/ollama/api\"", "client, err := api.ClientFromEnvironment()"],
    "md": ["Start the server with `ollama serve`.", "```bash\nollama pull llama3.1:8b\n```"],
    "yaml": ["    image: ollama/ollama:latest", "      - \"11434:11434\"", "      - OLLAMA_KEEP_ALIVE=24h"],
    "json": ['  "ollama": "^0.5.0",'],
    "sh": ["ollama pull nomic-embed-text", "export OLLAMA_HOST=0.0.0.0:11434"],
}
WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec " \
        "romeo sierra tango uniform victor whiskey xray yankee zulu llamas camel herd paddock order invoice".split()


def line(rng, kind):
    w = lambda: rng.choice(WORDS)
    return rng.choice(LINES[kind]).format(
        f=w() + "_" + w(), a=w(), b=w(), n=rng.randint(0, 99999), m=w(), F=w().title() + w().title(),
        G=w().title(), w=w(), W=w().title(), A=(w() + "_" + w()).upper(), p=rng.choice([3000, 5432, 6379, 8000, 8080]))


POOLS = {}


def text(rng, kind, size):
    # Lines come from a pool formatted once per kind: formatting each line made a 1x corpus
    # take three minutes.
    pool = POOLS.get(kind)
    if pool is None:
        pool = POOLS[kind] = [line(rng, kind) for _ in range(20000)]
    out, total = [], 0
    while total < size:
        chunk = pool[rng.randrange(len(pool))]
        out.append(chunk)
        total += len(chunk) + 1
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=11434)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = int(30000 * args.scale)
    kinds = [k for k, weight in MIX for _ in range(weight)]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, ".gitignore"), "w") as handle:
        handle.write("node_modules/\n")
    written = 0
    for i in range(files):
        kind = rng.choice(kinds)
        folder = os.path.join(args.out, f"svc{i % 40}", f"mod{(i // 40) % 25}")
        if i % 15 == 0:
            folder = os.path.join(args.out, "node_modules", f"pkg{i % 300}")
        os.makedirs(folder, exist_ok=True)
        size = int(min(rng.lognormvariate(8.6, 0.9), 200_000))
        if i % 3000 == 7:
            size = rng.randint(1_000_000, 4_000_000)  # a few large files
        path = os.path.join(folder, f"f{i}{EXT[kind]}")
        if i % 150 == 3:  # binary
            with open(path.rsplit(".", 1)[0] + ".png", "wb") as handle:
                handle.write(bytes(rng.getrandbits(8) for _ in range(4096)) + b"\0" * 64)
            continue
        body = text(rng, kind, size)
        if rng.random() < 0.01:
            lines = body.split("\n")
            lines.insert(rng.randrange(len(lines)), rng.choice(REFERENCES[kind]))
            body = "\n".join(lines)
        with open(path, "w") as handle:
            handle.write(body)
        written += len(body)
    print(f"{files} files, {written / 1e6:.0f} MB of text in {args.out}")


if __name__ == "__main__":
    main()
