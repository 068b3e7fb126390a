# process-records.sh — sourced by the test-environment scripts: a process recorded as
# "PID STARTTIME" is only ever signalled while it is still that process.

# "STATE STARTTIME" of a process (fields 3 and 22 of /proc/PID/stat; STARTTIME is in
# clock ticks since boot), or nothing when it is gone.
proc_state_start() {
    local stat fields
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    # the command name (field 2) may contain spaces: cut after its closing parenthesis;
    # then field 3 (state) is word 0 and field 22 (starttime) is word 19
    stat=${stat##*) }
    read -r -a fields <<<"$stat"
    echo "${fields[0]:-} ${fields[19]:-}"
}

proc_starttime() {
    local s
    s=$(proc_state_start "$1")
    echo "${s#* }"
}

# True when PID is alive AND is still the process we recorded (same start time). A zombie
# (exited, not yet reaped by its parent) counts as gone.
is_ours() {
    local pid=$1 start=$2 s
    s=$(proc_state_start "$pid")
    [ -n "$s" ] && [ "${s#* }" = "$start" ] && [ "${s%% *}" != Z ]
}
