#!/usr/bin/env python3
"""Turn a Kannel fakesmsc log into one JSON object per received SMS.

Usage:
    scripts/fakesmsc-messages.py FAKESMSC_LOG      (or "-" for stdin)
    scripts/fakesmsc-messages.py --self-test

Output, one line per message, in the order its first part arrived:
    {"from": "Pengingat", "to": "6281234567890", "text": "...", "udh": null, "coding": 0}
    concatenated messages also have "parts": N, "ref": R, "udh_parts": ["050003..", ..],
    "complete": true|false (false: some parts missing; "missing": [part numbers]).
    "udh" is the UDH of the (first) part as upper-case hex, or null.
    "coding": 0 GSM 7-bit, 1 8-bit data, 2 UCS-2 (see "coding of concatenated parts").
    "n" is fakesmsc's "Got message N" counter of the (first) line.

What fakesmsc prints (Kannel 1.4.5-12 from Debian, started by scripts/kannel-test-env.sh
with `-m 0 -v 0`; gwlib log lines, written to stderr, which the harness puts in
fakesmsc.log together with stdout). Bearerbox's fake driver sends fakesmsc one line per SMS
part, "SENDER RECEIVER TYPE DATA", and fakesmsc logs it as

    2026-11-29 17:19:55 [11146] [0] DEBUG: Got message 1: <LINE>

(INFO instead of DEBUG only when N equals -m, which never happens with -m 0). Observed LINEs:

  plain GSM text (coding 0), the text is written RAW (UTF-8, not url-encoded):
    Pengingat 6281234567890 text Halo Budi, pengingat: rapat jam 10.00 @kantor!
    Pengingat 6281234567890 text Harga €5, café
    Pengingat 6281234567890 text a+b=c 100% [ok] ~
    0812 1004 text                                      (empty text; from=0812 given)
  GSM characters go through a GSM round trip: "✓" -> "?", "ç" -> "Ç", tab -> "?",
  an emoji -> "????". A newline inside the text ENDS the line, so the rest of the text
  shows up as an extra "Got message N+1" line without sender/receiver/type (and a CR
  before the newline is lost):
    Pengingat 6281234567890 text Harga €5, café         <- text "Harga €5, café\nbaris dua"
    baris dua
  This script joins such a continuation line to the text message before it with "\n".

  UCS-2 (coding=2&charset=UTF-8), single part: type "ucs-2", UTF-16BE bytes url-encoded
  (space -> "+", a byte is left alone when it is an unreserved ASCII character):
    Pengingat 6281234567890 ucs-2 %00S%00e%00l%00a%00m%00a%00t%00+%00p%00a%00g%00i%00+%D8%3D%DE%00%00+%00B%00u%00+%00S%00i%00t%00i
                                                        <- "Selamat pagi 😀 Bu Siti"
  Concatenated (any coding): type "udh", then the url-encoded UDH, then the word "data",
  then the url-encoded part payload. UDH 05 00 03 REF TOTAL SEQ (IEI 00: 8-bit ref):
    Pengingat 6281234567890 udh %05%00%03%01%03%01 data Kata000+Kata001+...+Kata018+K
    Pengingat 6281234567890 udh %05%00%03%01%03%02 data ata019+Kata020+...
    Pengingat 6281234567890 udh %05%00%03%01%03%03 data ta038+Kata039+...+Kata044
  GSM parts hold at most 153 septets (an escape character such as € counts 2) and their
  payload is UTF-8 ("%E2%82%AC" is €, "+" is space, "%2B" is "+"); UCS-2 parts hold
  134 bytes of UTF-16BE, and a surrogate pair (emoji) may be split between two parts:
    Pengingat 6281234567890 udh %05%00%03%03%02%01 data %00P%00e%00n%00g%00i%00n%00g%00a%00t%00+%D8%3D%DEB%00+...
  8-bit data (coding=1) would be type "data" with url-encoded bytes.

Coding of concatenated parts: the "udh" line does not say whether the payload is GSM
(UTF-8) or UCS-2 (UTF-16BE). The whole reassembled payload is taken as UCS-2 when its
length is even and it contains a NUL byte, a control byte other than CR/LF, or is not
valid UTF-8; otherwise it is GSM text. Texts with spaces or Latin/Cyrillic/Arabic letters
are always detected correctly; only a UCS-2 text made solely of some CJK characters could be
mistaken. Such messages have "coding_inferred": true. (bearerbox-access.log has the real
coding in its flags field, [flags:-1:CODING:-1:-1:DLRMASK], per whole message.)
"""
import json
import re
import sys
import urllib.parse

LOG_LINE = re.compile(
    rb"^(?P<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \[\d+\] \[\d+\] (?:DEBUG|INFO): "
    rb"Got message (?P<n>\d+): <(?P<body>.*)>\r?$"
)
BODY = re.compile(rb"^(?P<from>\S+) (?P<to>\S+) (?P<type>text|data|ucs-2|udh)(?: (?P<rest>.*))?$", re.S)
UDH_BODY = re.compile(rb"^(?P<udh>\S*) data ?(?P<data>.*)$", re.S)


def url_decode(value: bytes) -> bytes:
    """Kannel's octstr_url_encode: space as '+', other bytes as %XX."""
    return urllib.parse.unquote_to_bytes(value.replace(b"+", b" "))


def concat_info(udh: bytes):
    """(ref, total, seq) from a concatenation IE (IEI 0x00 or 0x08), else None."""
    if not udh:
        return None
    i, end = 1, min(len(udh), 1 + udh[0])
    while i + 1 < end:
        iei, length = udh[i], udh[i + 1]
        value = udh[i + 2:i + 2 + length]
        if iei == 0x00 and length == 3 and len(value) == 3:
            return value[0], value[1], value[2]
        if iei == 0x08 and length == 4 and len(value) == 4:
            return (value[0] << 8) | value[1], value[2], value[3]
        i += 2 + length
    return None


def looks_like_ucs2(payload: bytes) -> bool:
    if len(payload) % 2:
        return False
    if any(b < 0x20 and b not in (0x0A, 0x0D) for b in payload):
        return True
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def decode_payload(payload: bytes, coding: int) -> str:
    if coding == 2:
        return payload.decode("utf-16-be", errors="replace")
    if coding == 1:
        return payload.decode("latin-1")
    return payload.decode("utf-8", errors="replace")


def parse(lines):
    """lines: iterable of bytes (one log line each). Returns a list of message dicts."""
    messages = []          # in order of first appearance
    concat = {}            # (from, to, ref, total) -> message dict being assembled
    last_text = None       # last single "text" message, for newline continuations
    for raw in lines:
        raw = raw.rstrip(b"\n")
        m = LOG_LINE.match(raw)
        if not m:
            continue
        n, body = int(m.group("n")), m.group("body")
        b = BODY.match(body)
        if not b:
            # rest of a text message that contained a newline
            if last_text is not None:
                last_text["_raw"] += b"\n" + body
            continue
        frm = b.group("from").decode("utf-8", "replace")
        to = b.group("to").decode("utf-8", "replace")
        typ, rest = b.group("type"), b.group("rest") or b""
        last_text = None
        if typ == b"udh":
            u = UDH_BODY.match(rest)
            if not u:
                continue
            udh, data = url_decode(u.group("udh")), url_decode(u.group("data"))
            info = concat_info(udh)
            if info is None or info[1] < 2:
                msg = {"from": frm, "to": to, "_raw": data, "_udh": udh, "_coding": None, "n": n}
                messages.append(msg)
                continue
            ref, total, seq = info
            key = (frm, to, ref, total)
            msg = concat.get(key)
            if msg is None or seq in msg["_parts"]:
                # new message (also when the same ref comes round again after 256 messages)
                msg = {"from": frm, "to": to, "_parts": {}, "_udhs": {}, "_total": total,
                       "_ref": ref, "n": n}
                concat[key] = msg
                messages.append(msg)
            msg["_parts"][seq] = data
            msg["_udhs"][seq] = udh
            continue
        if typ == b"text":
            msg = {"from": frm, "to": to, "_raw": rest, "_udh": b"", "_coding": 0, "n": n}
            last_text = msg
        elif typ == b"ucs-2":
            msg = {"from": frm, "to": to, "_raw": url_decode(rest), "_udh": b"", "_coding": 2, "n": n}
        else:  # data
            msg = {"from": frm, "to": to, "_raw": url_decode(rest), "_udh": b"", "_coding": 1, "n": n}
        messages.append(msg)
    return [finish(m) for m in messages]


def finish(msg):
    out = {"from": msg["from"], "to": msg["to"]}
    if "_parts" in msg:
        total, parts = msg["_total"], msg["_parts"]
        payload = b"".join(parts[i] for i in sorted(parts))
        coding = 2 if looks_like_ucs2(payload) else 0
        first = min(parts)
        out.update(text=decode_payload(payload, coding), udh=msg["_udhs"][first].hex().upper(),
                   coding=coding, coding_inferred=True, parts=total, ref=msg["_ref"],
                   udh_parts=[msg["_udhs"][i].hex().upper() for i in sorted(parts)],
                   complete=len(parts) == total and set(parts) == set(range(1, total + 1)))
        if not out["complete"]:
            out["missing"] = [i for i in range(1, total + 1) if i not in parts]
    else:
        coding = msg["_coding"]
        inferred = coding is None
        if inferred:
            coding = 2 if looks_like_ucs2(msg["_raw"]) else 0
        out.update(text=decode_payload(msg["_raw"], coding),
                   udh=msg["_udh"].hex().upper() or None, coding=coding)
        if inferred:
            out["coding_inferred"] = True
    out["n"] = msg["n"]
    return out


# Lines captured from a real run (see the docstring); the long GSM text is cut short here.
SAMPLE = """\
2026-11-29 17:19:44 [11146] [0] INFO: Debug_lvl = 0, log_file = <none>, log_lvl = 0
2026-11-29 17:19:44 [11146] [0] INFO: fakesmsc starting
2026-11-29 17:19:44 [11146] [0] DEBUG: Connecting to <127.0.0.1>
2026-11-29 17:19:55 [11146] [0] DEBUG: Got message 1: <Pengingat 6281234567890 text Halo Budi, pengingat: rapat jam 10.00 @kantor!>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 2: <Pengingat 6281234567890 udh %05%00%03%01%03%01 data Kata000+Kata001+K>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 3: <Pengingat 6281234567890 udh %05%00%03%01%03%02 data ata002+%2B+%E2%82%AC+>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 4: <Pengingat 6281234567890 udh %05%00%03%01%03%03 data Kata044>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 5: <Pengingat 6281234567890 ucs-2 %00S%00e%00l%00a%00m%00a%00t%00+%00p%00a%00g%00i%00+%D8%3D%DE%00%00+%00B%00u%00+%00S%00i%00t%00i>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 6: <Pengingat 6281234567890 udh %05%00%03%03%02%01 data %00P%00e%00n%00g%00i%00n%00g%00a%00t%00+%D8%3D>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 7: <Pengingat 6281234567890 udh %05%00%03%03%02%02 data %DEB%00+>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 8: <Pengingat 6281234567890 text Harga €5, café>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 9: <baris dua>
2026-11-29 17:20:01 [11146] [0] DEBUG: Got message 10: <Pengingat 6281234567890 text a+b=c 100% [ok] ~>
2026-11-29 17:21:11 [11146] [0] DEBUG: Got message 17: <0812 1004 text >
2026-11-29 17:21:12 [11146] [0] DEBUG: Got message 19: <Pengingat 1006 udh %05%00%03%0B%02%01 data O%60Y%7DN%16uL>
2026-11-29 17:21:12 [11146] [0] DEBUG: Got message 20: <Pengingat 1006 udh %05%00%03%0B%02%02 data O%60Y%7D>
2026-11-29 17:21:20 [11146] [0] DEBUG: Got message 22: <Pengingat 1008 ucs-2 %04%1F%04%40%048%042%045%04B%00+%04%3C%048%04%40>
2026-11-29 17:21:20 [11146] [0] DEBUG: Got message 23: <Pengingat 1009 ucs-2 %00a%00%3C%00b%00%3E%00+%00c>
2026-11-29 17:30:00 [11146] [0] DEBUG: Got message 24: <Pengingat 1010 udh %05%00%03%0C%03%01 data only+part+one>
2026-11-29 17:25:34 [25862] [0] DEBUG: Got message 25: <Pengingat 628 text a>
2026-11-29 17:25:34 [25862] [0] DEBUG: Got message 26: <>
2026-11-29 17:25:34 [25862] [0] DEBUG: Got message 27: <b>
2026-11-29 17:25:35 [25862] [0] DEBUG: Got message 28: <Pengingat 628 text ends with newline>
2026-11-29 17:25:35 [25862] [0] DEBUG: Got message 29: <>
2026-11-29 17:40:00 [11146] [0] INFO: fakesmsc: 0 messages sent and 29 received
"""

EXPECTED = [
    {"from": "Pengingat", "to": "6281234567890", "text": "Halo Budi, pengingat: rapat jam 10.00 @kantor!",
     "udh": None, "coding": 0},
    {"from": "Pengingat", "to": "6281234567890", "text": "Kata000 Kata001 Kata002 + € Kata044",
     "udh": "050003010301", "coding": 0, "parts": 3, "complete": True},
    {"from": "Pengingat", "to": "6281234567890", "text": "Selamat pagi 😀 Bu Siti", "udh": None, "coding": 2},
    {"from": "Pengingat", "to": "6281234567890", "text": "Pengingat 🙂 ", "udh": "050003030201",
     "coding": 2, "parts": 2, "complete": True},
    {"from": "Pengingat", "to": "6281234567890", "text": "Harga €5, café\nbaris dua", "udh": None, "coding": 0},
    {"from": "Pengingat", "to": "6281234567890", "text": "a+b=c 100% [ok] ~", "udh": None, "coding": 0},
    {"from": "0812", "to": "1004", "text": "", "udh": None, "coding": 0},
    {"from": "Pengingat", "to": "1006", "text": "你好世界你好", "udh": "0500030B0201", "coding": 2, "parts": 2},
    {"from": "Pengingat", "to": "1008", "text": "Привет мир", "udh": None, "coding": 2},
    {"from": "Pengingat", "to": "1009", "text": "a<b> c", "udh": None, "coding": 2},
    {"from": "Pengingat", "to": "1010", "text": "only part one", "coding": 0, "parts": 3,
     "complete": False, "missing": [2, 3]},
    {"from": "Pengingat", "to": "628", "text": "a\n\nb", "udh": None, "coding": 0},
    {"from": "Pengingat", "to": "628", "text": "ends with newline\n", "udh": None, "coding": 0},
]


def self_test() -> int:
    got = parse(SAMPLE.encode("utf-8").split(b"\n"))
    failures = 0
    if len(got) != len(EXPECTED):
        print(f"FAIL: {len(got)} messages, expected {len(EXPECTED)}", file=sys.stderr)
        failures += 1
    for i, (g, e) in enumerate(zip(got, EXPECTED)):
        for key, value in e.items():
            if g.get(key) != value:
                print(f"FAIL message {i}: {key} = {g.get(key)!r}, expected {value!r}", file=sys.stderr)
                failures += 1
    print("self-test: " + ("ok" if not failures else f"{failures} failure(s)"), file=sys.stderr)
    return 1 if failures else 0


def main(argv) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if argv[1] == "--self-test":
        return self_test()
    if argv[1] == "-":
        lines = sys.stdin.buffer.read().split(b"\n")
    else:
        with open(argv[1], "rb") as f:
            lines = f.read().split(b"\n")  # not splitlines(): a CR is data
    out = sys.stdout
    for msg in parse(lines):
        out.write(json.dumps(msg, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
