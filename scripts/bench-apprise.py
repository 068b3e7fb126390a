#!/usr/bin/env python3
"""The Apprise baseline of `make bench`: N messages through Apprise's generic JSON notifier.

Usage: bench-apprise.py N URL      (URL e.g. json://127.0.0.1:PORT/send)

Sends N different messages, one notify() per message as an application would, to the same
local sink Pengingat's dispatch benchmark uses, with Apprise's per-request delay set to zero.
Prints one JSON line: {"messages", "sent", "seconds", "peak_kib"}.
"""

import json
import resource
import sys
import time

import apprise


def main():
    count = int(sys.argv[1])
    url = sys.argv[2]
    notifier = apprise.Apprise()
    if not notifier.add(url):
        sys.exit(f"apprise did not accept {url}")
    for server in notifier:
        # No throttling between requests (the JSON notifier's default is already 0).
        server.request_rate_per_sec = 0
    sent = 0
    start = time.monotonic()
    for index in range(count):
        body = f"Ibu Siti Aminah {index}, besok Selasa, 8 Desember 2026 pukul 09.00 WIB ada P2K2 di Aula Kelurahan Margabakti."
        if notifier.notify(body=body, title="Pengingat"):
            sent += 1
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"messages": count, "sent": sent, "seconds": seconds, "peak_kib": peak}))


if __name__ == "__main__":
    main()
