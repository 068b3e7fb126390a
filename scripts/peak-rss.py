#!/usr/bin/env python3
"""Runs a command and reports its peak resident memory: `peak-rss.py CMD ARGS…`.

The command's standard output passes through; a last line `peak_kib N` follows (the child's
ru_maxrss from wait4, in KiB). Used by `make bench` for wrk, whose memory it cannot ask itself.
"""

import os
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
sys.stdout.flush()
print(f"peak_kib {usage.ru_maxrss}", flush=True)
sys.exit(os.waitstatus_to_exitcode(status))
