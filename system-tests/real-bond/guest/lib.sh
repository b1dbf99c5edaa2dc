# Helpers for the scenarios of the real-bond system test, sourced by each scenario (busybox sh in the guest).
# A scenario records failed checks with `fail`, then calls `finish FIGURE`, which prints its one result line:
#   RB-RESULT PASS <scenario>: <figure>      or      RB-RESULT FAIL <scenario>: <first failed check> (+N more)

SCENARIO=${SCENARIO:?}
NET=/sys/class/net
FAILS=/tmp/$SCENARIO.fails
: > "$FAILS"
CP=$(cat /app/classpath)
BG_PIDS=""

log() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*"; }

# The CLI as the task runs it: the guest's jlinked JRE, the class path copied from `./exabond --classpath`.
# Under TCG a JVM start costs seconds: every JVM maps the AOT cache that init names (RB_AOT_CACHE, made on the host
# unless rb.aot says otherwise), with the classes of a training run loaded and linked. Its warnings (a cache the JVM
# refuses) go to a file per JVM, which init counts, so that nothing mixes into an output the test parses.
# /app/jvm_flags: the options the cache was trained with (the run writes them).
JVM_OPTS="$(cat /app/jvm_flags) -Xlog:disable"
JVM_OPTS="$JVM_OPTS -Xlog:aot=warning:file=/tmp/aot-log/%p.log"
[ -n "${RB_AOT_CACHE:-}" ] && [ -f "$RB_AOT_CACHE" ] && JVM_OPTS="$JVM_OPTS -XX:AOTCache=$RB_AOT_CACHE ${RB_AOT_OPTS:-}"
exabond() {
    /jre/bin/java $JVM_OPTS -cp "$CP" io.exabond.cli.Exabond "$@"
}

# exabond_bg OUT ARGS...: starts the CLI in the background with its output in OUT; $! is the JVM's own pid
# (the subshell execs java), also remembered for the cleanup.
exabond_bg() {
    out=$1
    shift
    (exec /jre/bin/java $JVM_OPTS -cp "$CP" io.exabond.cli.Exabond "$@") > "$out" 2>&1 &
    BG_PIDS="$BG_PIDS $!"
}

# bridge_bg OUT ARGS...: `exabond bridge ARGS` in the background at a higher priority inside the guest than the
# readers started next to it, so that its heartbeat keeps its interval while their JVMs start (pid in $!).
bridge_bg() {
    exabond_bg "$@"
    renice -n -10 -p $! > /dev/null
}

# status_rerun RC OUT ERR ARGS...: when `exabond ARGS` gave exit 3 (publisher stalled: the guest's vCPUs get little
# host time under load, so a 100 ms bridge can miss three passes), runs it once more into OUT and ERR and counts it
# with retries. Prints the exit status that counts.
: > /tmp/retries
retries() { grep -c '' /tmp/retries; }
status_rerun() {
    if [ "$1" != 3 ]; then
        echo "$1"
        return
    fi
    echo "$4" >> /tmp/retries
    log "exabond $4 exited 3 ($(tr '\n' ' ' < "$3")); once more" >&2
    out=$2
    err=$3
    shift 3
    exabond "$@" > "$out" 2> "$err"
    echo $?
}

fail() {
    log "FAIL: $*"
    echo "$*" >> "$FAILS"
}

# expect WHAT ACTUAL EXPECTED
expect() {
    if [ "$2" != "$3" ]; then
        fail "$1: expected '$3', got '$2'"
    else
        log "ok: $1 = '$2'"
    fi
}

finish() {
    for pid in $BG_PIDS; do kill "$pid" 2> /dev/null; done
    n=$(wc -l < "$FAILS")
    if [ "$n" -eq 0 ]; then
        echo "RB-RESULT PASS $SCENARIO: $*"
    elif [ "$n" -eq 1 ]; then
        echo "RB-RESULT FAIL $SCENARIO: $(head -n 1 "$FAILS")"
    else
        echo "RB-RESULT FAIL $SCENARIO: $(head -n 1 "$FAILS") (+$((n - 1)) more: $(sed -n '2,$p' "$FAILS" | tr '\n' ';' | cut -c1-600))"
    fi
    exit 0
}

now() { cut -d' ' -f1 /proc/uptime; }

# wait_for SECONDS COMMAND...: runs COMMAND every 50 ms until it succeeds; 1 when it never did.
wait_for() {
    limit=$1
    shift
    deadline=$(awk -v n="$(now)" -v l="$limit" 'BEGIN { printf "%.2f", n + l }')
    while ! "$@"; do
        if awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n > d) }'; then
            return 1
        fi
        sleep 0.05
    done
    return 0
}

# --- building bonds with the bonding driver's sysfs interface (busybox ip cannot set bond options) ---

# mkbond NAME MODE MIIMON [MAC]: a new bond, down while it is configured, then up. With MAC the bond keeps that
# address instead of taking its first slave's.
mkbond() {
    echo "+$1" > $NET/bonding_masters || fail "cannot create bond $1"
    echo "$2" > "$NET/$1/bonding/mode" || fail "cannot set mode $2 on $1"
    echo "$3" > "$NET/$1/bonding/miimon" || fail "cannot set miimon $3 on $1"
    if [ -n "${4:-}" ]; then
        ip link set "$1" address "$4" || fail "cannot set the address of $1"
    fi
    ip link set "$1" up
}

delbond() {
    echo "-$1" > $NET/bonding_masters
}

mkdummy() {
    ip link add "$1" type dummy || fail "cannot create dummy $1"
}

# mkveth NAME PEER: a veth pair, both up (busybox ip cannot name the peer: the kernel calls it vethN, renamed here).
mkveth() {
    before=$(ls $NET)
    ip link add "$1" type veth || fail "cannot create veth $1"
    for dev in $(ls $NET); do
        case " $(echo $before) " in *" $dev "*) ;; *) [ "$dev" != "$1" ] && ip link set "$dev" name "$2" ;; esac
    done
    ip link set "$2" up
}

# enslave BOND IF...: a slave must be down to be enslaved; the driver brings it up.
enslave() {
    bond=$1
    shift
    for dev in "$@"; do
        ip link set "$dev" down
        echo "+$dev" > "$NET/$bond/bonding/slaves" || fail "cannot enslave $dev to $bond"
    done
}

active_of() { cat "$NET/$1/bonding/active_slave"; }
mii_of() { cat "$NET/$1/bonding_slave/mii_status"; }

# --- JSON, read with jq (copied into the guest with its libraries, like the JRE's) ---
# jq takes about a second to start under TCG: a scenario asks it once per JSON file for every value it checks, as
# "KEY VALUE" lines into a file that kv reads, rather than once per value.

# json FILE FILTER: jq's raw output of FILTER on FILE (a JSON null prints as "null", a missing key too).
json() { jq -r "$2" "$1"; }

# json_lines FILE FILTER: FILTER on each JSON object among the lines of FILE: a background command's file also
# holds its stderr (watch's "looks stalled" lines, for instance), which is not JSON.
json_lines() { jq -r -R "fromjson? | objects | $2" "$1"; }

# kv FILE KEY: VALUE of the first line "KEY VALUE" of FILE (KEY may hold spaces; nothing when there is no such line).
kv() { awk -v k="$2 " 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }' "$1"; }

# status_kv FILE: the fields of a `status --json` that the scenarios check, as kv lines; "members" holds
# NAME=ID:PORT,LINK_UP,ACTIVE per member.
status_kv() {
    json "$1" '"block \(.block)", "active \(.active)", "generation \(.generation)", "bond \(.bond)",
        "miimon_ms \(.miimon_ms)", "stalled \(.stalled)", "heartbeat_stale \(.heartbeat_stale)",
        "heartbeat_age_ns \(.heartbeat_age_ns)", "word0 \(.exanic_id):\(.exanic_port)",
        "members \([.members[]? | "\(.ifname)=\(.exanic_id):\(.exanic_port),\(.link_up),\(.active)"] | join(" "))"'
}

# --- sysfs captures (--capture): the driver's own files, copied as plain files and symlinks ---

capture() {
    [ "$RB_CAPTURE" = 1 ] || return 0
    dst=/tmp/capture/$SCENARIO
    rm -rf "$dst"
    mkdir -p "$dst/class/net"
    cat $NET/bonding_masters > "$dst/class/net/bonding_masters"
    for dir in $NET/*; do
        dev=${dir##*/}
        [ -d "$dir" ] && [ "$dev" != lo ] || continue
        out=$dst/class/net/$dev
        mkdir -p "$out"
        for attr in operstate carrier address type ifindex uevent; do
            cat "$dir/$attr" > "$out/$attr" 2> /dev/null || rm -f "$out/$attr"
        done
        for sub in bonding bonding_slave; do
            [ -d "$dir/$sub" ] || continue
            mkdir -p "$out/$sub"
            for file in "$dir/$sub"/*; do
                cat "$file" > "$out/$sub/${file##*/}" 2> /dev/null || rm -f "$out/$sub/${file##*/}"
            done
        done
        # Virtual interfaces (bond, dummy, veth) have no device link; a real NIC's device/driver is kept as a link.
        if [ -e "$dir/device/driver" ]; then
            mkdir -p "$out/device"
            ln -s "$(readlink "$dir/device/driver")" "$out/device/driver"
        fi
    done
    echo "RB-CAPTURE-BEGIN $SCENARIO"
    tar -C "$dst" -czf - . | base64 | sed 's/^/RB-B64 /'
    echo "RB-CAPTURE-END $SCENARIO"
}

# findings FILE: "SUBJECT CODE" per finding of `doctor --json` FILE, sorted; a FILE that is not *.json holds such
# lines already (a scenario keeps them, to start jq once) and is passed through.
findings() {
    case "$1" in
        *.json) json "$1" '.findings[] | "\(.subject) \(.code)"' | sort ;;
        *) cat "$1" ;;
    esac
}

# expect_findings FILE SUBJECT CODE...: SUBJECT has exactly these findings (none: no CODE given).
expect_findings() {
    file=$1
    subject=$2
    shift 2
    actual=$(findings "$file" | awk -v s="$subject" '$1 == s { print $2 }' | sort | tr '\n' ' ' | sed 's/ $//')
    wanted=$(for code in "$@"; do echo "$code"; done | sort | tr '\n' ' ' | sed 's/ $//')
    expect "doctor findings of $subject" "$actual" "$wanted"
}

# The bonds of the diagnosis scenarios: one good, four bad, slaves named after their bond. All but rbmac get a
# MAC address of their own before their first slave, so that only rbmac takes a slave's MAC (m0's).
diag_bonds() {
    mkbond rbgood active-backup 100 02:00:00:00:01:00
    mkdummy g0
    mkveth g1 g1p
    enslave rbgood g0 g1
    mkbond rbrr balance-rr 100 02:00:00:00:02:00
    mkdummy r0
    mkdummy r1
    enslave rbrr r0 r1
    mkbond rbnomon active-backup 0 02:00:00:00:03:00
    mkdummy n0
    mkdummy n1
    enslave rbnomon n0 n1
    mkbond rbempty active-backup 100 02:00:00:00:04:00
    mkbond rbmac active-backup 100
    mkdummy m0
    mkdummy m1
    enslave rbmac m0 m1
    expect "arp_interval of rbnomon" "$(cat $NET/rbnomon/bonding/arp_interval)" 0
    expect "rbmac took m0's MAC" "$(cat $NET/rbmac/address)" "$(cat $NET/m0/bonding_slave/perm_hwaddr)"
}

# --- the page, decoded by the shell (docs/ABI.md), independently of the Java reader ---

# page_read PAGE: decodes a consistent copy of PAGE (the block's seq even and unchanged across two copies) into
# /tmp/page.txt, one "key value" per line: raw, active, id, port, seq, generation, interval, miimon, arp, count,
# bond, and per member "member I NAME ID PORT LINK FLAGS". 1 when no consistent copy came in 40 tries.
page_read() {
    tries=0
    while [ $tries -lt 40 ]; do
        tries=$((tries + 1))
        # One process reads the page twice, back to back: a copy per process spawn left a window of milliseconds
        # under TCG, in which a 10 ms bridge nearly always rewrote the block.
        cat "$1" "$1" > /tmp/page.ab 2> /dev/null || { sleep 0.05; continue; }
        size=$(($(wc -c < /tmp/page.ab) / 2))
        [ "$size" -ge 4096 ] || { sleep 0.05; continue; }
        hexdump -v -n "$size" -e '1/1 "%u\n"' /tmp/page.ab > /tmp/page.bytes
        hexdump -v -s $((size + 2056)) -n 8 -e '1/1 "%u\n"' /tmp/page.ab > /tmp/page.seq2
        awk -v seqfile=/tmp/page.seq2 '
            { b[NR - 1] = $1 }
            function u(off, n,   v, i) { v = 0; for (i = n - 1; i >= 0; i--) v = v * 256 + b[off + i]; return v }
            function str(off, n,   s, i) { s = ""; for (i = 0; i < n && b[off + i] != 0; i++) s = s sprintf("%c", b[off + i]); return s }
            END {
                B = 2048
                seq = u(B + 8, 8)
                i = 0; while ((getline line < seqfile) > 0) s2[i++] = line
                seq2 = 0; for (i = 7; i >= 0; i--) seq2 = seq2 * 256 + s2[i]
                if (seq % 2 == 1 || seq != seq2 || u(B, 4) != 1396856901) exit 1
                printf "raw %.0f\nactive %d\nid %d\nport %d\n", u(0, 4), b[0] % 2, b[2], b[3]
                printf "seq %.0f\ngeneration %.0f\nactive_raw %.0f\ninterval %d\nmiimon %d\narp %d\ncount %d\nbond %s\n",
                    seq, u(B + 16, 8), u(B + 40, 4), u(B + 44, 4), u(B + 48, 4), u(B + 52, 4), b[B + 56], str(B + 64, 16)
                for (m = 0; m < b[B + 56] && m < 16; m++) {
                    o = B + 80 + 32 * m
                    printf "member %d %s %d %d %d %d\n", m, str(o, 16), b[o + 16], b[o + 17], b[o + 18], b[o + 19]
                }
            }' /tmp/page.bytes > /tmp/page.txt && return 0
        sleep 0.05
    done
    return 1
}

# page KEY: a value of the last page_read.
page() { awk -v k="$1" '$1 == k { print $2; exit }' /tmp/page.txt; }

# page_members: "NAME:ID:PORT:LINK:FLAGS ..." of the last page_read.
page_members() { awk '$1 == "member" { printf "%s%s:%s:%s:%s:%s", sep, $3, $4, $5, $6, $7; sep = " " }' /tmp/page.txt; }

# page_until PAGE SECONDS KEY VALUE: waits until the page shows KEY = VALUE ("members" compares page_members).
page_until_match() {
    page_read "$1" || return 1
    if [ "$2" = members ]; then [ "$(page_members)" = "$3" ]; else [ "$(page "$2")" = "$3" ]; fi
}
page_until() {
    wait_for "$2" page_until_match "$1" "$3" "$4"
}

# --- background CLI processes ---

# cpu_ticks PID: user + system clock ticks used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null; }

# watch_ready PID PAGE: waits until `watch` (PID) maps PAGE and then goes quiet (its warm-up and start are over:
# under 30% of a CPU over half a second; run it with --idle sleep-ms), up to 300 s. watch --json prints nothing
# before its first event, and its poller takes its baseline only after FailoverPoller.warmUp.
watch_ready() {
    wait_for 300 grep -q "$2" "/proc/$1/maps" || return 1
    tries=0
    while [ $tries -lt 120 ]; do
        tries=$((tries + 1))
        a=$(cpu_ticks "$1")
        sleep 0.5
        b=$(cpu_ticks "$1")
        [ -n "$b" ] || return 1
        [ $((b - a)) -lt 15 ] && return 0
    done
    return 1
}

# bridge_says FILE TEXT: the bridge's output FILE has a line containing TEXT.
bridge_says() { grep -q -- "$2" "$1"; }

elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# report_row FILE TITLE: "count missed untimed p50 p90 p99 p99.9 p99.99 max" of the first row under "TITLE (ns):"
# in a profile's text report (a trigger profile has one poller, so one row).
report_row() { awk -v t="$2 (ns):" '$0 == t { getline; getline; $1 = ""; print substr($0, 2); exit }' "$1"; }

# ms NS: nanoseconds as milliseconds with two decimals.
ms() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e6 }'; }
