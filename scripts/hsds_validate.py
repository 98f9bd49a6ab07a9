#!/usr/bin/env python3
"""Checks Passerelle's HSDS output against the Open Referral specification's own files.

    python3 scripts/hsds_validate.py SPEC EXPORT [--schema organization|service|service_at_location]

SPEC is a checkout of github.com/openreferral/specification (version 3.1); nothing of it is
copied into this project. EXPORT is one of:

- a JSON file: a list response (`contents`, validated item by item, and its paging members
  typed as the standard's `Page`) or one object in full, against `schema/compiled/<schema>.json`
  (default `organization`), formats (uuid) checked;
- a folder: a tabular package, checked against the specification's `datapackage.json`: every
  file one of the standard's, every column one of its fields (or Passerelle's `_fr`
  additions), every required field present and filled, numbers and UUIDs well formed, and the
  package's own `datapackage.json` listing each file.

Prints each problem and a count; exits 1 when there is any. Needs `jsonschema` (pip).
"""

import argparse
import collections
import csv
import json
import os
import re
import sys

import jsonschema

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
PAGE = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
}


def check_json(spec, path, schema_name):
    with open(os.path.join(spec, "schema", "compiled", schema_name + ".json")) as f:
        schema = json.load(f)
    with open(path) as f:
        document = json.load(f)
    problems = []
    if isinstance(document, dict) and "contents" in document:
        for key, kind in PAGE.items():
            value = document.get(key)
            # bool is an int in Python: test it first.
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                problems.append(f"page: {key} is {value!r}, not {kind.__name__}")
        if document.get("size") != len(document["contents"]):
            problems.append("page: size is not the number of contents")
        items = document["contents"]
    else:
        items = [document]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for i, item in enumerate(items):
        for error in validator.iter_errors(item):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"item {i + 1} {item.get('name', '')!r}: {where}: {error.message}")
    return problems, len(items)


def check_package(spec, folder):
    with open(os.path.join(spec, "datapackage.json")) as f:
        standard = {r["path"]: r for r in json.load(f)["resources"]}
    problems = []
    listed = set()
    package = os.path.join(folder, "datapackage.json")
    if not os.path.exists(package):
        problems.append("no datapackage.json")
    else:
        with open(package) as f:
            listed = {r["path"] for r in json.load(f)["resources"]}
    files = sorted(n for n in os.listdir(folder) if n.endswith(".csv"))
    rows_read = 0
    for name in files:
        if name not in listed:
            problems.append(f"{name}: not in datapackage.json")
        resource = standard.get(name)
        if resource is None:
            problems.append(f"{name}: not a file of the standard")
            continue
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        with open(os.path.join(folder, name), newline="") as f:
            reader = csv.DictReader(f)
            columns = reader.fieldnames or []
            for column in columns:
                if column not in fields and not column.endswith("_fr"):
                    problems.append(f"{name}: column {column} is not a field of the standard")
            required = [n for n, f in fields.items() if f.get("constraints", {}).get("required")]
            for column in required:
                if column not in columns:
                    problems.append(f"{name}: required column {column} missing")
            for line, row in enumerate(reader, start=2):
                rows_read += 1
                for column in required:
                    if column in row and not row[column]:
                        problems.append(f"{name}: line {line}: required {column} empty")
                for column, value in row.items():
                    field = fields.get(column)
                    if not field or not value:
                        continue
                    if field["type"] in ("number", "integer"):
                        try:
                            float(value)
                        except ValueError:
                            problems.append(f"{name}: line {line}: {column} {value!r} is not a number")
                    if field.get("format") == "uuid" and not UUID.match(value):
                        problems.append(f"{name}: line {line}: {column} {value!r} is not a UUID")
    return problems, rows_read


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("spec")
    parser.add_argument("export")
    parser.add_argument("--schema", default="organization")
    args = parser.parse_args()
    if os.path.isdir(args.export):
        problems, count = check_package(args.spec, args.export)
        what = "rows"
    else:
        problems, count = check_json(args.spec, args.export, args.schema)
        what = f"{args.schema} objects"
    for problem in problems[:50]:
        print(problem)
    kinds = collections.Counter(re.sub(r"item \d+ '[^']*'|line \d+", "", p) for p in problems)
    if len(problems) > 50:
        print(f"… and {len(problems) - 50} more; by kind:")
        for kind, n in kinds.most_common(10):
            print(f"  {n} × {kind}")
    print(f"{count} {what} checked, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
