#!/usr/bin/env python3
"""prom_check.py - parse Prometheus text exposition with prometheus_client's
own parser (Debian: python3-prometheus-client) and print each sample as
"name{label=value,...} value", sorted, for the end-to-end tests to compare.
Exits 1 when the text does not parse, 2 when the parser is missing."""
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    print("prom_check: python3-prometheus-client is not installed",
          file=sys.stderr)
    sys.exit(2)

text = sys.stdin.read()
out = []
try:
    for fam in text_string_to_metric_families(text):
        if fam.type != "gauge" or not fam.documentation:
            print("prom_check: %s: not a documented gauge" % fam.name,
                  file=sys.stderr)
            sys.exit(1)
        for s in fam.samples:
            labels = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
            out.append("%s{%s} %s" % (s.name, labels, repr(s.value)))
except Exception as e:  # the parser raises ValueError and others
    print("prom_check: does not parse: %s" % e, file=sys.stderr)
    sys.exit(1)
print("\n".join(sorted(out)))
