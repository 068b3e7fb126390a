#!/usr/bin/env bash
# kannel-test-env.sh — a throw-away, loopback-only Kannel for automated tests.
#
#   scripts/kannel-test-env.sh start  DIR   start bearerbox + fakesmsc + smsbox, print DIR/env
#   scripts/kannel-test-env.sh stop   DIR   stop exactly the processes recorded in DIR/pids
#   scripts/kannel-test-env.sh status DIR   say whether each recorded process is alive
#
# Everything lives in DIR: kannel.conf, the logs, fakesmsc.log (what the fake SMS centre
# received), pids and env. Nothing uses /etc/kannel/kannel.conf, /etc/default/kannel,
# /etc/init.d/kannel, /var/log/kannel or the fixed ports of the Debian package (13000-13013):
# the boxes are started directly with DIR/kannel.conf on free ports on 127.0.0.1, and no
# wapbox port/group is configured, so no WAP box (and no UDP WDP listener) is ever involved.
#
# DIR/env (also printed by `start`) has KEY=value lines, no quoting (DIR may only contain
# [A-Za-z0-9._/+-], so no value needs it):
#   KANNEL_SENDSMS_URL=http://127.0.0.1:PORT/cgi-bin/sendsms
#   KANNEL_USERNAME=pengingat   KANNEL_PASSWORD=<random>
#   KANNEL_ADMIN_URL=http://127.0.0.1:PORT   KANNEL_ADMIN_PASSWORD=<random>
#   KANNEL_FAKESMSC_LOG=DIR/fakesmsc.log   KANNEL_DIR=DIR
#   (plus KANNEL_SENDER, KANNEL_SMSC_ID and the single ports, for convenience)
# In a shell: `. "$DIR/env"` with a path (a bare `. env` finds /usr/bin/env on PATH).
#
# Sending: GET $KANNEL_SENDSMS_URL?username=..&password=..&to=..&text=..[&coding=2&
# charset=UTF-8][&dlr-mask=31&dlr-url=<url-encoded URL with %d etc.>]; `from` is optional
# (default sender Pengingat). Checked with this config: both delivery reports (types 8 and
# 1, in either order) reach dlr-url once per message, also for concatenated messages.
#
# Mobile-originated (incoming) messages: with KANNEL_MO_URL=http://…/path?query set in the
# environment of `start`, a second `smsc = fake` group (smsc id "mo") listens on its own port
# and an `sms-service` (keyword default, max-messages 0: Kannel itself never answers) passes
# every incoming message to KANNEL_MO_URL&from=%p&to=%P&text=%b&coding=%c&charset=%C&id=%I&ts=%T.
# A test injects a message by connecting to KANNEL_MO_INJECT_PORT and writing the line
# "FROM TO text WORDS...\n" (the fake SMSC protocol; it serves one client at a time, so the
# harness's own fakesmsc stays on the other port). DIR/env then also has KANNEL_MO_URL and
# KANNEL_MO_INJECT_PORT.
#
# DIR/pids has one "NAME PID STARTTIME" line per process we started (STARTTIME is field 22
# of /proc/PID/stat), so `stop` never signals a PID that has since been reused by another
# program. Processes are only ever signalled by these recorded PIDs: no pkill/killall.
#
# Read scripts/fakesmsc-messages.py for the format of fakesmsc.log.
set -euo pipefail

FAKESMSC=/usr/lib/kannel/test/fakesmsc
START_TIMEOUT=${KANNEL_START_TIMEOUT:-20}   # seconds until `start` gives up
STOP_TIMEOUT=${KANNEL_STOP_TIMEOUT:-10}     # seconds between the polite signal and SIGKILL
SENDER=Pengingat                            # default sender: `from` may be omitted
SMSC_ID=fake

die() { echo "kannel-test-env: $*" >&2; exit 1; }

usage() {
    echo "usage: $0 start|stop|status DIR" >&2
    exit 2
}

# ---------------------------------------------------------------------------------------
# helpers

# Absolute path without requiring it to exist, so the script works from any directory.
abs_dir() {
    local d=$1
    case $d in /*) ;; *) d="$PWD/$d" ;; esac
    # normalise (removes ./, ../, duplicate slashes) without resolving symlinks
    python3 -c 'import os,sys; print(os.path.normpath(sys.argv[1]))' "$d"
}

# proc_state_start, proc_starttime, is_ours: shared with postgres-test-env.sh.
. "$(dirname "$0")/process-records.sh"

# Run a command in the background with no terminal input and all output to a file,
# so callers that read our stdout until EOF (test runners) are not held open by Kannel.
# Records "NAME PID STARTTIME" in DIR/pids.
launch() {
    local name=$1 out=$2; shift 2
    "$@" </dev/null >"$out" 2>&1 &
    local pid=$!
    local start=""
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        start=$(proc_starttime "$pid")
        [ -n "$start" ] && break
        sleep 0.05
    done
    [ -n "$start" ] || start=unknown
    echo "$name $pid $start" >>"$DIR/pids"
}

# HTTP GET on loopback; prints the body, fails on connection errors (not on HTTP status).
http_get() {
    curl --silent --show-error --max-time 2 --noproxy '*' "$1"
}

install_if_missing() {
    if command -v bearerbox >/dev/null 2>&1 && command -v smsbox >/dev/null 2>&1 \
        && [ -x "$FAKESMSC" ]; then
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || die "bearerbox/smsbox/fakesmsc missing and no apt-get: install kannel and kannel-extras"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "kannel missing; run as root or install sudo"
        sudo="sudo"
    fi
    echo "kannel-test-env: installing kannel kannel-extras" >&2
    # Debian's kannel postinst asks invoke-rc.d to start the system service (a WAP setup
    # on port 13000). We never use that service; in containers policy-rc.d denies it.
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        kannel kannel-extras >&2 \
        || { $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends kannel kannel-extras >&2; }
    command -v bearerbox >/dev/null 2>&1 && [ -x "$FAKESMSC" ] || die "installing kannel failed"
}

# Five distinct free TCP ports on 127.0.0.1: all sockets are held open together while
# the kernel assigns them (bind to port 0), so they differ from each other.
free_ports() {
    python3 - <<'EOF'
import socket
socks = []
for _ in range(5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

# True when something LISTENs on 127.0.0.1:PORT (state 0A in /proc/net/tcp).
is_listening() {
    local hexport
    hexport=$(printf '%04X' "$1")
    awk -v a="0100007F:$hexport" '$2 == a && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}

random_secret() {
    python3 -c 'import secrets; print(secrets.token_hex(12))'
}

# ---------------------------------------------------------------------------------------
# stop / status

cmd_stop() {
    local pidfile="$DIR/pids"
    [ -f "$pidfile" ] || { echo "kannel-test-env: nothing to stop in $DIR (no pids file)"; return 0; }

    # Stop in reverse start order: smsbox first (so it does not try to reconnect), then
    # fakesmsc, then bearerbox.
    local lines=() line name pid start sig
    while IFS= read -r line; do [ -n "$line" ] && lines+=("$line"); done <"$pidfile"

    local waiting=()
    local i
    for ((i=${#lines[@]}-1; i>=0; i--)); do
        read -r name pid start <<<"${lines[$i]}"
        if ! is_ours "$pid" "$start"; then
            echo "$name ($pid): already stopped"
            continue
        fi
        # fakesmsc only handles SIGINT (prints its statistics and exits); the boxes
        # shut down cleanly on SIGTERM.
        case $name in fakesmsc*) sig=INT ;; *) sig=TERM ;; esac
        kill "-$sig" "$pid" 2>/dev/null || true
        echo "$name ($pid): sent SIG$sig"
        waiting+=("$name $pid $start")
    done

    local ticks=$((STOP_TIMEOUT * 10)) alive   # polls of 0.1 s
    while :; do
        alive=()
        for line in ${waiting[@]+"${waiting[@]}"}; do
            read -r name pid start <<<"$line"
            is_ours "$pid" "$start" && alive+=("$line")
        done
        [ ${#alive[@]} -eq 0 ] && break
        if [ $ticks -le 0 ]; then
            for line in "${alive[@]}"; do
                read -r name pid start <<<"$line"
                echo "$name ($pid): still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
                kill -KILL "$pid" 2>/dev/null || true
            done
            sleep 0.2
            break
        fi
        ticks=$((ticks - 1))
        sleep 0.1
    done
    # Keep the record (renamed) so a second `stop` is a harmless no-op and logs stay.
    mv -f "$pidfile" "$DIR/pids.stopped"
    echo "kannel-test-env: stopped"
}

cmd_status() {
    local pidfile="$DIR/pids" line name pid start rc=0
    if [ ! -f "$pidfile" ]; then
        echo "kannel-test-env: not running (no $pidfile)"
        return 1
    fi
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        read -r name pid start <<<"$line"
        if is_ours "$pid" "$start"; then echo "$name $pid alive"; else echo "$name $pid dead"; rc=1; fi
    done <"$pidfile"
    return $rc
}

# ---------------------------------------------------------------------------------------
# start

write_config() {
    # Notes on the choices (see /work/shared/reference/kannel.md):
    # - core: no wapbox-port, so no WAP box can attach and nothing wants port 13000;
    #   admin-interface/smsbox-interface and box-allow-ip keep everything on loopback;
    #   dlr-storage = internal is needed for the fake driver to produce delivery reports;
    #   no store-location, so no message store file is written anywhere.
    # - smsc fake: bearerbox LISTENS on `port` (our-host binds it to 127.0.0.1) and
    #   fakesmsc connects to it. allowed-smsc-id restricts this connection to messages
    #   carrying smsc id "fake"; sendsms-user default-smsc gives every message that id.
    # - smsbox: bearerbox-port must equal core smsbox-port (its default would be 13001).
    # - sendsms-user: max-messages defaults to 1, which silently truncates long texts to
    #   one SMS; 10 + concatenation = true gives UDH-concatenated parts.
    cat >"$DIR/kannel.conf" <<EOF
# Generated by scripts/kannel-test-env.sh — loopback-only Kannel for tests.
group = core
admin-port = $ADMIN_PORT
admin-interface = "127.0.0.1"
admin-password = "$ADMIN_PASSWORD"
admin-allow-ip = "127.0.0.1"
smsbox-port = $SMSBOX_PORT
smsbox-interface = "127.0.0.1"
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
dlr-storage = internal
log-file = "$DIR/bearerbox.log"
log-level = 1
access-log = "$DIR/bearerbox-access.log"

group = smsc
smsc = fake
smsc-id = $SMSC_ID
allowed-smsc-id = $SMSC_ID
port = $FAKE_PORT
our-host = "127.0.0.1"
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = "127.0.0.1"
bearerbox-port = $SMSBOX_PORT
sendsms-port = $SENDSMS_PORT
sendsms-interface = "127.0.0.1"
log-file = "$DIR/smsbox.log"
log-level = 1
access-log = "$DIR/smsbox-access.log"

group = sendsms-user
username = "$USERNAME"
password = "$PASSWORD"
user-allow-ip = "127.0.0.1"
max-messages = 10
concatenation = true
default-sender = "$SENDER"
default-smsc = $SMSC_ID
EOF
    [ -n "${KANNEL_MO_URL:-}" ] || return 0
    cat >>"$DIR/kannel.conf" <<EOF

# Incoming messages: injected on this port, passed to the application under test.
group = smsc
smsc = fake
smsc-id = mo
allowed-smsc-id = mo
port = $MO_PORT
our-host = "127.0.0.1"
connect-allow-ip = "127.0.0.1"

group = sms-service
keyword = default
catch-all = true
max-messages = 0
omit-empty = true
get-url = "$KANNEL_MO_URL&from=%p&to=%P&text=%b&coding=%c&charset=%C&id=%I&ts=%T"
EOF
}

# Sets FAILURE to "" when every process we started is alive, or to a description.
check_alive() {
    local line name pid start
    FAILURE=""
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        read -r name pid start <<<"$line"
        if ! is_ours "$pid" "$start"; then
            FAILURE="$name ($pid) exited early"
            return 0
        fi
    done <"$DIR/pids"
}

# Prints what went wrong (to stderr) and stops everything started in this attempt.
report_failure() {
    echo "kannel-test-env: start failed: $1" >&2
    [ -n "${STATUS:-}" ] && { echo "--- last admin status:" >&2; echo "$STATUS" >&2; }
    local f
    for f in bearerbox.out fakesmsc.log smsbox.out bearerbox.log smsbox.log; do
        [ -s "$DIR/$f" ] && { echo "--- tail $DIR/$f:" >&2; tail -n 12 "$DIR/$f" >&2; }
    done
    cmd_stop >&2 || true
}

# One start attempt. Sets RESULT to ok, early (a process died: most likely one of the
# free ports was taken by someone else in the meantime; bearerbox and smsbox exit when a
# bind fails) or timeout. Always returns 0 (so `set -e` stays in force inside).
start_once() {
    RESULT=ok STATUS=""
    read -r ADMIN_PORT SMSBOX_PORT FAKE_PORT SENDSMS_PORT MO_PORT <<<"$(free_ports)"
    write_config
    : >"$DIR/pids"
    local deadline=$((SECONDS + START_TIMEOUT))

    # bearerbox: -v 2 keeps its stderr (DIR/bearerbox.out) to warnings and worse; the
    # full log (log-level 1 = info) goes to DIR/bearerbox.log. No -d: it stays in the
    # foreground of its own background job, so the PID we record is bearerbox itself.
    launch bearerbox "$DIR/bearerbox.out" bearerbox -v 2 "$DIR/kannel.conf"

    # fakesmsc needs bearerbox's fake-SMSC port to be listening before it connects.
    # (Checked in /proc/net/tcp, not by connecting: the fake SMSC serves one client at a
    # time, and a probe connection shows up as a client in bearerbox.log.)
    until is_listening "$FAKE_PORT"; do
        check_alive
        [ -z "$FAILURE" ] || { RESULT=early; report_failure "$FAILURE"; return 0; }
        [ $SECONDS -lt $deadline ] || { RESULT=timeout; report_failure "bearerbox did not open port $FAKE_PORT within ${START_TIMEOUT}s"; return 0; }
        sleep 0.1
    done

    # fakesmsc flags:
    #   -H 127.0.0.1 -r PORT  connect to bearerbox's `smsc = fake` listener
    #   -m 0                  send no mobile-originated messages (it only receives)
    #   -v 0                  log level debug: every received SMS part is logged as
    #                         "... DEBUG: Got message N: <LINE>" (not logged at info level)
    #   "100 200 text unused" a dummy MO message: never sent (-m 0), but without a message
    #                         argument fakesmsc enters interactive mode (MO lines from
    #                         stdin) and, with stdin at EOF (/dev/null), exits at once
    # fakesmsc's log goes to STDERR (stdout stays empty), so both go to fakesmsc.log.
    # Stop it with SIGINT (its only handled signal; it then logs its totals and exits).
    launch fakesmsc "$DIR/fakesmsc.log" \
        "$FAKESMSC" -H 127.0.0.1 -r "$FAKE_PORT" -m 0 -v 0 "100 200 text unused"

    # smsbox: same stderr policy as bearerbox.
    launch smsbox "$DIR/smsbox.out" smsbox -v 2 "$DIR/kannel.conf"

    # Ready when sendsms answers (any HTTP reply) and the admin status shows the fake
    # SMSC online ("fake[fake]  FAKE:PORT (online Ns, ...") and the smsbox connected
    # ("smsbox:(none), IP 127.0.0.1 (0 queued), (on-line ...").
    while :; do
        check_alive
        [ -z "$FAILURE" ] || { RESULT=early; report_failure "$FAILURE"; return 0; }
        if http_get "http://127.0.0.1:$SENDSMS_PORT/" >/dev/null 2>&1 \
            && STATUS=$(http_get "http://127.0.0.1:$ADMIN_PORT/status.txt?password=$ADMIN_PASSWORD" 2>/dev/null) \
            && grep -Eq "^[[:space:]]*$SMSC_ID\[$SMSC_ID\].*\(online" <<<"$STATUS" \
            && grep -Eq "^[[:space:]]*smsbox:.*\(on-line" <<<"$STATUS"; then
            return 0
        fi
        if [ $SECONDS -ge $deadline ]; then
            RESULT=timeout
            report_failure "not ready after ${START_TIMEOUT}s"
            return 0
        fi
        sleep 0.2
    done
}

cmd_start() {
    case $DIR in *[!A-Za-z0-9._/+-]*) die "DIR may only contain A-Za-z0-9._/+- (got: $DIR)" ;; esac
    mkdir -p "$DIR"
    if [ -f "$DIR/pids" ]; then
        # (no `| grep -q`: with pipefail, grep exiting early makes the pipeline fail)
        if [[ "$(cmd_status 2>/dev/null || true)" == *" alive"* ]]; then
            die "$DIR already has running processes (run: $0 stop $DIR)"
        fi
        mv -f "$DIR/pids" "$DIR/pids.stopped"
    fi
    install_if_missing

    USERNAME=pengingat
    PASSWORD=$(random_secret)
    ADMIN_PASSWORD=$(random_secret)
    rm -f "$DIR/env"

    local attempt
    for attempt in 1 2 3; do
        start_once
        case $RESULT in
            ok) break ;;
            early) [ "$attempt" -lt 3 ] && echo "kannel-test-env: retrying with other ports" >&2 ;;
            *) exit 1 ;;
        esac
    done
    [ "$RESULT" = ok ] || exit 1

    cat >"$DIR/env" <<EOF
KANNEL_SENDSMS_URL=http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms
KANNEL_USERNAME=$USERNAME
KANNEL_PASSWORD=$PASSWORD
KANNEL_ADMIN_URL=http://127.0.0.1:$ADMIN_PORT
KANNEL_ADMIN_PASSWORD=$ADMIN_PASSWORD
KANNEL_FAKESMSC_LOG=$DIR/fakesmsc.log
KANNEL_DIR=$DIR
KANNEL_SENDER=$SENDER
KANNEL_SMSC_ID=$SMSC_ID
KANNEL_ADMIN_PORT=$ADMIN_PORT
KANNEL_SMSBOX_PORT=$SMSBOX_PORT
KANNEL_FAKESMSC_PORT=$FAKE_PORT
KANNEL_SENDSMS_PORT=$SENDSMS_PORT
EOF
    if [ -n "${KANNEL_MO_URL:-}" ]; then
        echo "KANNEL_MO_URL=$KANNEL_MO_URL" >>"$DIR/env"
        echo "KANNEL_MO_INJECT_PORT=$MO_PORT" >>"$DIR/env"
    fi
    cat "$DIR/env"
}

# ---------------------------------------------------------------------------------------

[ $# -eq 2 ] || usage
ACTION=$1
DIR=$(abs_dir "$2")

case $ACTION in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    *)      usage ;;
esac
