#!/usr/bin/env python3
"""Compares cpptls-limbo's results with x509-limbo's expected results.

    compare.py LIMBO_JSON[.gz] RESULTS_JSON KNOWN_DIFFERENCES

A case differs when its actual result (SUCCESS, FAILURE or SKIPPED) is not the expected one.
Every difference must be listed in KNOWN_DIFFERENCES, one "id  # reason" per line; any other
is a regression and the exit status is 1. The report gives the accuracy overall and per
namespace, the FAILURE-expected cases the verifier accepts (security bugs unless listed) and
the SUCCESS-expected cases it rejects (compatibility), and lists new and stale entries.
Python 3 standard library only.
"""

import collections
import gzip
import json
import sys


def load_json(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def load_known(path):
    known = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            case_id, _, reason = text.partition("#")
            case_id = case_id.strip()
            if not case_id or not reason.strip():
                sys.exit(f"{path}:{number}: expected 'id  # reason'")
            known[case_id] = reason.strip()
    return known


def namespace(case_id):
    parts = case_id.split("::")
    return "::".join(parts[:2]) if parts[0] == "bettertls" else parts[0]


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    suite = load_json(argv[1])
    results = load_json(argv[2])
    known = load_known(argv[3])

    expected = {t["id"]: t["expected_result"] for t in suite["testcases"]}
    actual = {r["id"]: r for r in results["results"]}

    totals = collections.Counter()
    right = collections.Counter()
    accepted_bad = []  # expected FAILURE, got SUCCESS
    rejected_good = []  # expected SUCCESS, got FAILURE
    skipped = []
    new = []
    listed = []
    for case_id, want in expected.items():
        ns = namespace(case_id)
        totals[ns] += 1
        result = actual.get(case_id)
        got = result["actual_result"] if result else "MISSING"
        if got == want:
            right[ns] += 1
            continue
        context = result.get("context", "") if result else "no result"
        entry = (case_id, want, got, context)
        if want == "FAILURE" and got == "SUCCESS":
            accepted_bad.append(entry)
        elif want == "SUCCESS" and got == "FAILURE":
            rejected_good.append(entry)
        else:
            skipped.append(entry)
        (listed if case_id in known else new).append(entry)

    stale = sorted(k for k in known if k in expected and actual.get(k, {}).get("actual_result") == expected[k])
    unknown_ids = sorted(k for k in known if k not in expected)

    all_total = sum(totals.values())
    all_right = sum(right.values())
    print(f"x509-limbo: {all_right}/{all_total} right ({100.0 * all_right / all_total:.2f}%)")
    for ns in sorted(totals):
        print(f"  {ns:32} {right[ns]:5}/{totals[ns]:<5} {100.0 * right[ns] / totals[ns]:6.2f}%")
    bad_unlisted = [e for e in accepted_bad if e[0] not in known]
    print(f"FAILURE-expected cases accepted (security): {len(accepted_bad)}"
          f" ({len(accepted_bad) - len(bad_unlisted)} listed as known differences)")
    for e in accepted_bad:
        print(f"    {e[0]}{'' if e[0] in known else '   <-- NEW'}")
    print(f"SUCCESS-expected cases rejected (compatibility): {len(rejected_good)}")
    print(f"cases skipped or missing: {len(skipped)}")
    if stale:
        print(f"known differences that no longer differ (remove them): {len(stale)}")
        for case_id in stale:
            print(f"    {case_id}")
    if unknown_ids:
        print(f"known differences naming no case in the suite: {len(unknown_ids)}")
        for case_id in unknown_ids:
            print(f"    {case_id}")
    if new:
        print(f"NEW differences (not in {argv[3]}): {len(new)}")
        for case_id, want, got, context in new:
            print(f"  {case_id}: expected {want}, got {got}: {context}")
        return 1
    print("no new differences")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
