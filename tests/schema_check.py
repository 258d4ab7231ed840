#!/usr/bin/env python3
"""schema_check.py - validate smtplog output against schema/ (draft 2020-12).

usage: schema_check.py SCHEMA_DIR [--doc FILE]... [--trace FILE]... [NDJSON_FILE]...

Each NDJSON file: every line must be a record (schema/record.schema.json:
a finding, a pattern (schema/pattern.schema.json) or the summary).
Each --doc file: one JSON document (schema/document.schema.json); each
--trace file: one trace document (schema/trace.schema.json).  Prints
one line per problem (file:line: message) and the number of records checked;
exits 1 on any problem, 2 when the validator is missing.

The record schemas themselves are checked too: a key (at any depth) has
the same JSON type in every record type that has it, null aside, so that
a DataFrame reader (Spark, pandas) infers one schema for the stream.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("schema_check: python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(2)


def load_schemas(d):
    store = {}
    for name in sorted(os.listdir(d)):
        if name.endswith(".schema.json"):
            with open(os.path.join(d, name)) as fp:
                s = json.load(fp)
            jsonschema.Draft202012Validator.check_schema(s)
            store[name] = s
            store[s["$id"]] = s
    return store


def validator(store, name):
    schema = store[name]
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            (k, Resource.from_contents(v)) for k, v in store.items()
            if k.startswith("http"))
        return jsonschema.Draft202012Validator(schema, registry=reg)
    except ImportError:  # Debian 12: 4.10
        res = jsonschema.RefResolver.from_schema(
            schema, store={k: v for k, v in store.items() if k.startswith("http")})
        return jsonschema.Draft202012Validator(schema, resolver=res)


RECORDS = ("finding.schema.json", "pattern.schema.json",
           "summary.schema.json", "plan.schema.json")
JTYPE = {str: "string", bool: "boolean", int: "integer", float: "number",
         dict: "object", list: "array", type(None): "null"}


def types_of(schema, root):
    """The JSON types a schema allows, and its properties by name."""
    if "$ref" in schema and schema["$ref"].startswith("#/$defs/"):
        schema = root["$defs"][schema["$ref"][len("#/$defs/"):]]
    t, props = set(), {}
    if "type" in schema:
        t |= set([schema["type"]] if isinstance(schema["type"], str)
                 else schema["type"])
    for v in schema.get("enum", []) + (
            [schema["const"]] if "const" in schema else []):
        t.add(JTYPE[type(v)])
    for alt in schema.get("oneOf", []) + schema.get("anyOf", []):
        at, ap = types_of(alt, root)
        t |= at
        props.update(ap)
    props.update(schema.get("properties", {}))
    return t, props


def key_types(store):
    """Problems: a key path whose types differ between record types."""
    seen, bad = {}, []

    def walk(schema, root, path, rec):
        for k, sub in types_of(schema, root)[1].items():
            t, _ = types_of(sub, root)
            p = path + (k,)
            t.discard("null")
            t.discard("integer") if "number" in t else None
            if t:
                old = seen.setdefault(p, (t, rec))
                if old[0] != t:
                    bad.append("%s: %s in %s, %s in %s" % (
                        ".".join(p), "/".join(sorted(old[0])), old[1],
                        "/".join(sorted(t)), rec))
            if "object" in t:
                walk(sub, root, p, rec)
            if "array" in t:
                items = sub.get("items")
                if items is None and "$ref" in sub:
                    items = types_of(sub, root)
                if isinstance(items, dict) and "object" in types_of(items, root)[0]:
                    walk(items, root, p + ("[]",), rec)
    for name in RECORDS:
        if name in store:
            walk(store[name], store[name], (), name)
    return bad


def main(argv):
    store = load_schemas(argv[1])
    if "pattern.schema.json" not in store:
        print("schema_check: %s has no pattern.schema.json" % argv[1])
        return 1
    rec = validator(store, "record.schema.json")
    doc = validator(store, "document.schema.json")
    trc = validator(store, "trace.schema.json")
    bad = checked = patterns = 0
    for problem in key_types(store):
        print("schema/: a key changes type across record types: " + problem)
        bad += 1
    args = argv[2:]
    i = 0
    while i < len(args):
        is_doc = args[i] in ("--doc", "--trace")
        check = trc if args[i] == "--trace" else doc if is_doc else rec
        if is_doc:
            i += 1
        path = args[i]
        i += 1
        with open(path, "rb") as fp:
            data = fp.read().decode("utf-8", "strict")
        units = [(1, data)] if is_doc else \
            [(n, l) for n, l in enumerate(data.split("\n"), 1) if l != ""]
        for n, text in units:
            checked += 1
            try:
                obj = json.loads(text)
            except ValueError as e:
                print("%s:%d: not JSON: %s" % (path, n, e))
                bad += 1
                continue
            if is_doc and isinstance(obj, dict):
                patterns += len(obj.get("patterns") or [])
            elif isinstance(obj, dict) and obj.get("type") == "pattern":
                patterns += 1
            for err in check.iter_errors(obj):
                where = "/".join(str(p) for p in err.absolute_path)
                print("%s:%d: %s: %s" % (path, n, where or "(record)",
                                         err.message[:300]))
                bad += 1
                break
    print("%d records checked (%d patterns), %d invalid" %
          (checked, patterns, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
