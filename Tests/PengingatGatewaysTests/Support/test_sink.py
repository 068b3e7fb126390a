#!/usr/bin/env python3
"""A small fault-injecting HTTP sink for the gateway and dispatcher tests.

Standard library only (Python 3.11). Usage:

    python3 test_sink.py [--tls CERT KEY]

It binds 127.0.0.1 on a free port, prints that port as the first line of stdout, flushes,
then serves HTTP/1.1 with keep-alive (HTTPS with --tls) until it is terminated or its
stdin reaches end of file (so it dies with the test process that started it).

Control paths (never recorded):
    GET  /_requests   every recorded request, oldest first, as a JSON list
    POST /_reset      forget the records, the id scripts and the answer counter
    POST /_down       refuse service: every other request gets its connection closed
                      without an answer (recorded with "outcome": "refused")
    POST /_up         serve again
    POST /_release    answer every request held by hold=1, and those that come later
    POST /_hold       hold requests with hold=1 again, until the next /_release

Every other path (normally /send) is recorded, then answered as its query parameters say.
Each parameter may also come as a header "X-Sink-<Name>" (e.g. X-Sink-Fail: 500); the
query wins when both are given.
    fail=500                  answer 500
    fail=429&retry_after=2    answer 429 with "Retry-After: 2"
    status=201&body=TEXT      answer 201 with TEXT as the body
    content_type=TYPE         the answer's Content-Type (default application/json)
    delay=SECONDS             sleep this long (a float) before answering
    hold=1                    wait for POST /_release before answering: a test decides
                              when a send in flight ends, without guessing at durations
    reset=1                   close the connection without answering
    id=X&script=500,500,200   the n-th request carrying id X gets the n-th answer of the
                              script, the last one once the script is exhausted; an entry
                              is a status code, "reset", "garbage" (bytes that are not HTTP,
                              then close) or "truncated" (headers promising a longer body
                              than sent, then close); a 429 entry carries retry_after
Without any of these: 200 with {"ok":true,"id":"<counter>"}, the counter counting the
default answers since the start (or the last /_reset).

A record is {"method", "path", "query" (the raw query string), "params" (parsed, last
value wins), "headers" (lower-cased names; repeated headers joined with ", "),
"header_list" ([name, value] pairs as sent), "body" (UTF-8 text, invalid bytes replaced),
"time" (Unix seconds, when the request had been read), "client_port" (the client's
source port: distinct ports = distinct connections), "outcome" (the status answered,
"reset" or "refused")}.
"""

import argparse
import json
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class SinkState:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []
        self.script_counts = {}
        self.counter = 0
        self.down = False
        self.released = threading.Event()

    def reset(self):
        with self.lock:
            self.records = []
            self.script_counts = {}
            self.counter = 0


STATE = SinkState()


class SinkHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every answer carries Content-Length
    disable_nagle_algorithm = True  # headers and body are written separately
    server_version = "PengingatTestSink/1"
    sys_version = ""

    def log_message(self, format, *args):  # quiet: the tests read /_requests instead
        pass

    # One handler for every method.
    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size_line = self.rfile.readline()
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def handle_any(self):
        parts = urlsplit(self.path)
        path = parts.path
        body = self.read_body()
        if path.startswith("/_"):
            self.control(path)
            return
        params = {name: values[-1] for name, values in parse_qs(parts.query, keep_blank_values=True).items()}

        def option(name):
            if name in params:
                return params[name]
            return self.headers.get("X-Sink-" + name.replace("_", "-"))

        record = {
            "method": self.command,
            "path": path,
            "query": parts.query,
            "params": params,
            "headers": self.header_dict(),
            "header_list": [[name, value] for name, value in self.headers.items()],
            "body": body.decode("utf-8", errors="replace"),
            "time": time.time(),
            "client_port": self.client_address[1],
            "outcome": None,
        }
        with STATE.lock:
            STATE.records.append(record)
            down = STATE.down
        if down:
            record["outcome"] = "refused"
            self.drop_connection()
            return

        status, extra_headers, answer = self.choose_answer(option)
        if option("hold") not in (None, "", "0"):
            STATE.released.wait()
        delay = option("delay")
        if delay:
            time.sleep(float(delay))
        if status == "reset":
            record["outcome"] = "reset"
            self.drop_connection()
            return
        if status == "garbage":
            record["outcome"] = "garbage"
            self.wfile.write(b"\x16\x03\x01\x00\xffNOT-HTTP \xfe\xfd garbage\r\n\r\n")
            self.wfile.flush()
            self.drop_connection()
            return
        if status == "truncated":
            record["outcome"] = "truncated"
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":")
            self.wfile.flush()
            self.drop_connection()
            return
        record["outcome"] = status
        self.answer(status, answer, extra_headers, option("content_type") or "application/json")

    def choose_answer(self, option):
        retry_after = option("retry_after")
        script = option("script")
        message_id = option("id")
        if script and message_id is not None:
            steps = [step.strip() for step in script.split(",") if step.strip()]
            with STATE.lock:
                seen = STATE.script_counts.get(message_id, 0)
                STATE.script_counts[message_id] = seen + 1
            step = steps[min(seen, len(steps) - 1)] if steps else "200"
            if step in ("reset", "garbage", "truncated"):
                return step, [], b""
            status = int(step)
            if status == 429 and retry_after:
                return status, [("Retry-After", retry_after)], self.error_body(status)
            if 200 <= status < 300:
                return status, [], self.default_body()
            return status, [], self.error_body(status)
        if option("reset") not in (None, "", "0"):
            return "reset", [], b""
        fail = option("fail")
        if fail:
            status = int(fail)
            headers = [("Retry-After", retry_after)] if retry_after else []
            return status, headers, self.error_body(status)
        custom = option("status")
        text = option("body")
        if custom or text is not None:
            status = int(custom) if custom else 200
            return status, [], (text if text is not None else "").encode("utf-8")
        return 200, [], self.default_body()

    @staticmethod
    def default_body():
        with STATE.lock:
            STATE.counter += 1
            counter = STATE.counter
        return json.dumps({"ok": True, "id": str(counter)}, separators=(",", ":")).encode()

    @staticmethod
    def error_body(status):
        return json.dumps({"ok": False, "status": status}, separators=(",", ":")).encode()

    def header_dict(self):
        result = {}
        for name, value in self.headers.items():
            key = name.lower()
            result[key] = result[key] + ", " + value if key in result else value
        return result

    def control(self, path):
        if path == "/_requests" and self.command == "GET":
            with STATE.lock:
                payload = json.dumps(STATE.records).encode()
            self.answer(200, payload)
        elif path == "/_reset" and self.command == "POST":
            STATE.reset()
            self.answer(200, b'{"ok":true}')
        elif path == "/_release" and self.command == "POST":
            STATE.released.set()
            self.answer(200, b'{"ok":true}')
        elif path == "/_hold" and self.command == "POST":
            STATE.released.clear()
            self.answer(200, b'{"ok":true}')
        elif path in ("/_down", "/_up") and self.command == "POST":
            with STATE.lock:
                STATE.down = path == "/_down"
            self.answer(200, b'{"ok":true}')
        else:
            self.answer(404, b'{"ok":false}')

    def answer(self, status, body, extra_headers=(), content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra_headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def drop_connection(self):
        """Closes the socket without a word: the client sees an empty reply."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class SinkServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 512
    tls_context = None

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the connection's own thread, not in the accept loop.
        if isinstance(request, ssl.SSLSocket):
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts, cancellations) are part of the tests, not errors.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, ssl.SSLError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    import os
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
    parser = argparse.ArgumentParser(description="fault-injecting HTTP sink for tests")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve HTTPS with this certificate")
    parser.add_argument("--keep-stdin", action="store_true", help="do not exit when stdin closes")
    arguments = parser.parse_args()

    server = SinkServer(("127.0.0.1", 0), SinkHandler)
    if arguments.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(arguments.tls[0], arguments.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print(server.server_address[1], flush=True)
    if not arguments.keep_stdin:
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
