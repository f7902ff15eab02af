#!/usr/bin/env python3
"""Races renames against `cpptls serve` (issue 11, item 10).

    serve-rename-race.py SITE OUTSIDE PORT CA SECONDS

SITE/race is a directory holding marker.txt ("inside"), SITE/race-link a symbolic link to
OUTSIDE, a directory outside the served tree whose marker.txt holds a secret and which also
holds a file named outside-only.txt. A child process swaps the two names with
renameat2(RENAME_EXCHANGE) as fast as it can, so that /race/ is, from one instant to the
next, the real directory or the link to OUTSIDE; meanwhile this process asks for
/race/marker.txt and the listing /race/ over keep-alive HTTPS for SECONDS seconds.

A server that checks a path and then opens it by name serves OUTSIDE's files now and then;
one that resolves every request from its root's descriptor without following links never
does. Exit 0: nothing from OUTSIDE was seen (and some requests did get the inside file, so the
race ran); 1: something from OUTSIDE was served.
"""

import ctypes
import http.client
import multiprocessing
import os
import ssl
import sys
import time

RENAME_EXCHANGE = 2  # <linux/fs.h>
AT_FDCWD = -100


def swap_forever(site: str, deadline: float) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    a = os.path.join(site, "race").encode()
    b = os.path.join(site, "race-link").encode()
    swaps = 0
    while time.monotonic() < deadline:
        if libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
            err = ctypes.get_errno()
            print(f"renameat2 failed: {os.strerror(err)}", file=sys.stderr)
            sys.exit(2)
        swaps += 1
    print(f"swapper: {swaps} swaps", file=sys.stderr)


def main() -> int:
    site, outside, port, ca, seconds = sys.argv[1:6]
    seconds = float(seconds)
    secret = open(os.path.join(outside, "marker.txt"), "rb").read().strip()
    deadline = time.monotonic() + seconds
    swapper = multiprocessing.Process(target=swap_forever, args=(site, deadline + 0.5))
    swapper.start()

    context = ssl.create_default_context(cafile=ca)
    counts = {"requests": 0, "inside": 0, "leaked": 0, "listing_leaked": 0, "statuses": {}}

    def connect() -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection("localhost", int(port), context=context, timeout=10)

    connection = connect()
    try:
        while time.monotonic() < deadline:
            path = "/race/" if counts["requests"] % 8 == 7 else "/race/marker.txt"
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = connect()
                continue
            counts["requests"] += 1
            counts["statuses"][response.status] = counts["statuses"].get(response.status, 0) + 1
            if secret in body:
                counts["leaked"] += 1
            if b"outside-only" in body:
                counts["listing_leaked"] += 1
            if path.endswith("marker.txt") and response.status == 200 and body.strip() == b"inside":
                counts["inside"] += 1
    finally:
        connection.close()
        swapper.join()

    print(
        f"{counts['requests']} requests: {counts['inside']} served the inside marker, "
        f"{counts['leaked']} served the outside marker, {counts['listing_leaked']} listed the "
        f"outside directory; statuses {counts['statuses']}"
    )
    if swapper.exitcode != 0:
        print("the swapper failed", file=sys.stderr)
        return 1
    if counts["leaked"] or counts["listing_leaked"]:
        return 1
    if counts["inside"] == 0:
        print("no request got the inside marker: the race did not run", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
