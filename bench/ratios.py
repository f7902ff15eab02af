#!/usr/bin/env python3
"""Turns Google Benchmark JSON files into one Markdown table.

Benchmarks are named "<subject>/cpptls" and "<subject>/<baseline>" (evp, openssl or libssl);
each subject becomes a row with both figures and ratio = cpptls speed / baseline speed (above 1
means cpptls is faster). Throughput rows use bytes_per_second, the others operations per
second. Rows with a bytes_per_pair counter are memory, not speed: their ratio is cpptls bytes /
baseline bytes, so there below 1 means cpptls uses less, and the cell says so. A subject with a
"<subject>/floor" run (the public-key work alone, bench/handshake_bench.cpp) gets its share
of that floor in the last column: cpptls speed / floor speed, and the same for the baseline.

Several files for one benchmark (repeated runs, bench/run.sh --repeat) give the median."""
import json
import re
import ssl
import statistics
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
    first_file = {}  # subject -> index of the file that first named it, for a stable order
    context = None
    for index, path in enumerate(paths):
        data = json.load(open(path))
        context = context or data.get("context", {})
        for run in data["benchmarks"]:
            if run.get("run_type") == "aggregate":
                continue
            subject, _, side = SETTINGS_SUFFIX.sub("", run["name"]).rpartition("/")
            first_file.setdefault(subject, index)
            if run.get("error_occurred"):
                rows.setdefault(subject, {}).setdefault(side, []).append(("error", ""))
                continue
            # Counters such as bytes per connection are reported as they are.
            if "bytes_per_pair" in run:
                value = (run["bytes_per_pair"], "bytes")
            else:
                value = speed(run)
            rows.setdefault(subject, {}).setdefault(side, []).append(value)
    for sides in rows.values():
        for side, values in sides.items():
            good = [v for v in values if v[0] != "error"]
            sides[side] = (statistics.median(v[0] for v in good), good[0][1]) if good else values[0]
    print("| benchmark | cpptls | baseline | ratio | share of the floor |")
    print("|---|---:|---:|---:|---:|")
    # Random interleaving shuffles the runs: order the rows by file, then by name.
    for subject, sides in sorted(rows.items(), key=lambda row: (first_file[row[0]], row[0])):
        ours = sides.get("cpptls")
        floor = sides.get("floor")
        base_name = next((k for k in sides if k not in ("cpptls", "floor")), None)
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
        share = "-"
        if floor and floor[0] != "error" and ours and ours[0] != "error":
            share = f"{100 * ours[0] / floor[0]:.0f}%"
            if base and base[0] != "error":
                share += f" ({base_name} {100 * base[0] / floor[0]:.0f}%; floor {fmt(floor)})"
        print(f"| {subject} | {fmt(ours)} | {fmt(base)} ({base_name or '-'}) | {ratio} | {share} |")
    if context:
        # Python's ssl module loads the same system libssl and libcrypto the benchmarks link.
        openssl = " ".join(ssl.OPENSSL_VERSION.split(" ")[:2])
        print()
        print(f"Machine: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz, "
              f"measured {context.get('date', '')[:10]}; cpptls built with -O3 (Release),")
        print(f"the baseline is the system's {openssl} as packaged.")


if __name__ == "__main__":
    main(sys.argv[1:])
