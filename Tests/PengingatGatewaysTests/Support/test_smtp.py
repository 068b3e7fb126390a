#!/usr/bin/env python3
"""A tiny SMTP sink for the mail tests (Python 3.11 standard library: smtpd, asyncore).

Usage:

    python3 test_smtp.py OUTPUT.jsonl

It binds 127.0.0.1 on a free port, prints that port as the first line of stdout, flushes,
then accepts every message and appends one JSON line per message to OUTPUT.jsonl:
{"peer": "127.0.0.1:PORT", "from": "...", "recipients": [...], "data": "..."} (data as
UTF-8 text, invalid bytes replaced; after dot-unstuffing, line breaks as "\n" (smtpd
joins the lines that way), without the final CRLF.CRLF). The line is written and flushed before the client gets its 250, so a client
that has its answer can read the file at once. No TLS, no AUTH. It exits when terminated
or when its stdin reaches end of file.
"""

import json
import os
import sys
import threading
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

import asyncore  # noqa: E402  (deprecated, still in 3.11)
import smtpd  # noqa: E402


class RecordingServer(smtpd.SMTPServer):
    def __init__(self, output_path):
        super().__init__(("127.0.0.1", 0), None, decode_data=False)
        self.output_path = output_path
        self.lock = threading.Lock()

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
        line = json.dumps({
            "peer": "%s:%s" % (peer[0], peer[1]),
            "from": mailfrom,
            "recipients": list(rcpttos),
            "data": text,
        })
        with self.lock, open(self.output_path, "a", encoding="utf-8") as output:
            output.write(line + "\n")
            output.flush()
        return None  # "250 OK"


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    os._exit(0)


def unblock_signals():
    """A child inherits its spawner's signal mask: Foundation's Process, started from a
    Swift concurrency or dispatch thread, leaves SIGTERM blocked, so the server would not
    die on terminate(). Unblock everything first."""
    import signal
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main():
    unblock_signals()
    if len(sys.argv) < 2:
        print("usage: test_smtp.py OUTPUT.jsonl", file=sys.stderr)
        sys.exit(2)
    server = RecordingServer(sys.argv[1])
    print(server.socket.getsockname()[1], flush=True)
    if "--keep-stdin" not in sys.argv[2:]:
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    try:
        asyncore.loop(timeout=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
