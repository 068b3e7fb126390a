#!/usr/bin/env bash
# nginx-sink.sh — a throw-away, loopback-only nginx that answers every request with 200
# and {"ok":true}: the benchmarks' HTTP sink, as fast as nginx (issue 15 asks for that).
#
#   scripts/nginx-sink.sh start DIR   start nginx on a free port of 127.0.0.1, print DIR/env
#   scripts/nginx-sink.sh stop  DIR   stop exactly the nginx recorded in DIR/pids
#
# Everything lives in DIR: nginx.conf, error.log, temporary folders, pids and env. Nothing
# uses /etc/nginx or port 80. DIR/env has PENGINGAT_BENCH_SINK_URL=http://127.0.0.1:PORT/send.
# DIR/pids has "nginx PID STARTTIME" (field 22 of /proc/PID/stat), so `stop` never signals a
# PID that another program has since been given. No pkill/killall.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

case "$command" in
start)
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
    [ -x "$nginx" ] || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$dir/tmp"
    cat > "$dir/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type application/json;
            return 200 '{"ok":true}';
        }
    }
}
EOF
    "$nginx" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/nginx.out" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
        kill -0 "$pid" 2>/dev/null || { cat "$dir/nginx.out" "$dir/error.log" >&2 2>/dev/null; exit 1; }
        sleep 0.05
    done
    echo "nginx $pid $(start_time "$pid")" > "$dir/pids"
    echo "PENGINGAT_BENCH_SINK_URL=http://127.0.0.1:$port/send" > "$dir/env"
    cat "$dir/env"
    ;;
stop)
    [ -f "$dir/pids" ] || exit 0
    while read -r name pid started; do
        if [ -n "$pid" ] && [ "$(start_time "$pid")" = "$started" ]; then
            # QUIT: the master finishes its workers and exits.
            kill -QUIT "$pid" 2>/dev/null || true
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
            [ "$(start_time "$pid")" = "$started" ] && kill -KILL "$pid" 2>/dev/null || true
        fi
    done < "$dir/pids"
    rm -f "$dir/pids"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
