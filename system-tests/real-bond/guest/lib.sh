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
exabond() {
    /jre/bin/java --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
        -cp "$CP" io.exabond.cli.Exabond "$@"
}

# Starts the CLI in the background; its pid is in $!, also remembered for the cleanup.
exabond_bg() {
    out=$1
    shift
    exabond "$@" > "$out" 2>&1 &
    BG_PIDS="$BG_PIDS $!"
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

# --- JSON, by text (no jq in the guest): the CLI writes compact JSON with a fixed field order ---

# json_field FILE NAME: the first value of "NAME": in FILE (string quotes removed).
json_field() {
    grep -o "\"$2\":\(\"[^\"]*\"\|[^,}]*\)" "$1" | head -n 1 | sed "s/^\"$2\"://; s/^\"//; s/\"$//"
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
