#!/usr/bin/env python3
"""Validates compose files against the Compose Specification's JSON schema, as compose
itself does before it interpolates anything.

usage: validate_compose.py SCHEMA FILE...
Exits 1 naming the first file and the path of the first error.
"""
import json
import sys

import jsonschema
import yaml


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    for path in sys.argv[2:]:
        document = yaml.safe_load(open(path, encoding="utf-8"))
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda e: list(e.path))
        if errors:
            error = errors[0]
            print(f"{path}: {'/'.join(map(str, error.path)) or '(root)'}: {error.message}", file=sys.stderr)
            sys.exit(1)


main()
