#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check sctpctl -j documents against tools/sctpctl/sctpctl.schema.json.

stdin: lines "NAME FILE"; NAME picks the definition (list, list-pretty and
empty are lists, status-* are status, ...), FILE holds one document, or
one per line for monitor.  Prints "ok json-schema-NAME" or "not ok
json-schema-NAME: why" per file.
"""
import json
import sys

import jsonschema

# The definition of a NAME: the one of the first prefix it starts with.
KINDS = [("all-list", "all-list"), ("all-stats", "all-stats"),
         ("list", "list"), ("empty", "list"), ("stats", "stats"),
         ("status", "status"), ("get", "get"), ("monitor", "monitor"),
         ("doctor", "doctor")]


def main():
    root = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(root)
    failed = 0
    for line in sys.stdin:
        name, path = line.split()
        kind = next((k for p, k in KINDS if name.startswith(p)), None)
        check = "json-schema-" + name
        if kind is None or kind not in root["$defs"]:
            print(f"not ok {check}: no definition for {name}")
            failed += 1
            continue
        schema = {"$ref": "#/$defs/" + kind, "$defs": root["$defs"]}
        validator = jsonschema.Draft202012Validator(schema)
        text = open(path).read()
        docs = text.splitlines() if kind == "monitor" else [text]
        why = None
        for doc in docs:
            try:
                value = json.loads(doc)
            except ValueError as e:
                why = f"not JSON: {e}"
                break
            errors = sorted(validator.iter_errors(value), key=str)
            if errors:
                e = errors[0]
                where = "/".join(str(p) for p in e.absolute_path)
                why = f"{e.message} at /{where}"
                break
        if not docs:
            why = "no document"
        if why:
            failed += 1
            print(f"not ok {check}: {why}")
        else:
            print(f"ok {check}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
