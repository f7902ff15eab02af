#!/usr/bin/env python3
"""Turns Google Benchmark JSON files into one Markdown table.

Benchmarks are named "<subject>/cpptls" and "<subject>/<baseline>" (evp, openssl or libssl);
each subject becomes a row with both figures and ratio = cpptls speed / baseline speed (above 1
means cpptls is faster). Throughput rows use bytes_per_second, the others operations per
second. Rows with a bytes_per_pair counter are memory, not speed: their ratio is cpptls bytes /
baseline bytes, so there below 1 means cpptls uses less, and the cell says so."""
import json
import re
import ssl
import sys
from collections import OrderedDict

# Suffixes Google Benchmark appends to a name for settings such as ->Iterations(1).
SETTINGS_SUFFIX = re.compile(
    r"(/(iterations|min_time|repeats|threads):[^/]+|/real_time|/manual_time)+$")


def speed(run):
    if "bytes_per_second" in run:
        return run["bytes_per_second"] / 1e6, "MB/s"
    if "items_per_second" in run:
        return run["items_per_second"], "ops/s"
    seconds = run["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[run["time_unit"]]
    return 1.0 / seconds, "ops/s"


def main(paths):
    rows = OrderedDict()
    context = None
    for path in paths:
        data = json.load(open(path))
        context = context or data.get("context", {})
        for run in data["benchmarks"]:
            if run.get("run_type") == "aggregate":
                continue
            subject, _, side = SETTINGS_SUFFIX.sub("", run["name"]).rpartition("/")
            if run.get("error_occurred"):
                rows.setdefault(subject, {})[side] = ("error", "")
                continue
            # Counters such as bytes per connection are reported as they are.
            if "bytes_per_pair" in run:
                rows.setdefault(subject, {})[side] = (run["bytes_per_pair"], "bytes")
                continue
            rows.setdefault(subject, {})[side] = speed(run)
    print("| benchmark | cpptls | baseline | ratio |")
    print("|---|---:|---:|---:|")
    for subject, sides in rows.items():
        ours = sides.get("cpptls")
        base_name = next((k for k in sides if k != "cpptls"), None)
        base = sides.get(base_name) if base_name else None
        def fmt(v):
            if v is None:
                return "-"
            if v[0] == "error":
                return "error"
            return f"{v[0]:,.0f} {v[1]}" if v[0] >= 100 else f"{v[0]:,.2f} {v[1]}"
        ratio = "-"
        if ours and base and ours[0] != "error" and base[0] != "error" and base[0]:
            r = ours[0] / base[0]
            # For memory, smaller is better: report ours/baseline, marked as bytes, and as a
            # fraction so that "1/4" targets read directly.
            ratio = f"{r:.2f}x" if ours[1] != "bytes" else f"{r:.2f}x bytes (1/{1 / r:.1f})"
        print(f"| {subject} | {fmt(ours)} | {fmt(base)} ({base_name or '-'}) | {ratio} |")
    if context:
        # Python's ssl module loads the same system libssl and libcrypto the benchmarks link.
        openssl = " ".join(ssl.OPENSSL_VERSION.split(" ")[:2])
        print()
        print(f"Machine: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz, "
              f"measured {context.get('date', '')[:10]}; cpptls built with -O3 (Release),")
        print(f"the baseline is the system's {openssl} as packaged.")


if __name__ == "__main__":
    main(sys.argv[1:])
