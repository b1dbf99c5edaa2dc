# `exabond profile BOND --trigger N` against the real bonding driver: a bond of two dummies (active-backup, miimon
# 100), published by the event-driven bridge and then by the polling one, failed over N times with each trigger
# (a write of active_slave; the active slave's link taken down and up again through rtnetlink). Checks that every
# run exits 0, that each failover reached the listener or was counted as timed out, and that the bond is as it was
# before each run (active slave, and every slave's IFF_UP and mii_status). The figure: trigger -> listener entry
# p50/p99/max of each of the four runs, with the trigger's own share.
SCENARIO=trigger-profile
. /rb/lib.sh
# Odd, with the default 2 warm-up failovers: each run ends on the other slave, so that the restore has work to do.
N=${RB_TRIGGER_FAILOVERS:-31}
mkbond rbtp active-backup 100 02:00:00:00:09:00
mkdummy p0
mkdummy p1
enslave rbtp p0 p1

# bond_state: the active slave, then per slave whether it is administratively up (IFF_UP of flags) and what the
# bonding driver says of its link.
bond_state() {
    printf 'active=%s' "$(active_of rbtp)"
    for s in p0 p1; do
        printf ' %s:up=%s,mii=%s' "$s" $(( $(cat "$NET/$s/flags") & 1 )) "$(mii_of "$s")"
    done
}

FIGURES=""
profile() {
    mode=$1
    kind=$2
    out=/tmp/trigger-$mode-$kind
    before=$(bond_state)
    log "$mode/$kind: before: $before"
    exabond profile rbtp --page "$P" --trigger "$N" --trigger-by "$kind" --yes --idle sleep-ns \
        --out "$out" > "$out.txt" 2> "$out.err"
    rc=$?
    cat "$out.txt" "$out.err"
    expect "$mode/$kind: profile --trigger exit" "$rc" 0
    # The restore writes active_slave once the driver sees the first slave's link up again; the state is read after.
    after=$(bond_state)
    expect "$mode/$kind: the bond as it was before (active slave, IFF_UP, mii_status)" "$after" "$before"
    line=$(grep '^failovers: ' "$out.txt")
    asked=$(echo "$line" | sed -n 's/^failovers: \([0-9]*\) asked, .*/\1/p')
    seen=$(echo "$line" | sed -n 's/.* asked, \([0-9]*\) reached the listener, .*/\1/p')
    lost=$(echo "$line" | sed -n 's/.* reached the listener, \([0-9]*\) timed out.*/\1/p')
    expect "$mode/$kind: failovers asked" "$asked" "$N"
    expect "$mode/$kind: each failover reached the listener or timed out" "$((seen + lost))" "$N"
    [ "$seen" -gt 0 ] 2> /dev/null || fail "$mode/$kind: no failover reached the listener"
    [ -f "$out/summary.json" ] || fail "$mode/$kind: no summary.json"
    [ -f "$out/report.html" ] || fail "$mode/$kind: no report.html"
    whole=$(report_row "$out.txt" "trigger -> listener entry")
    own=$(report_row "$out.txt" "the trigger itself (until it returned)")
    set -- $whole
    p50=$4; p99=$6; max=$9
    set -- $own
    FIGURES="$FIGURES; $mode $kind: $(ms "$p50")/$(ms "$p99")/$(ms "$max") ms (trigger itself p50 $(ms "$4") ms, $lost timed out)"
}

run_bridge() {
    mode=$1
    shift
    P=/dev/shm/exabond-rbtp-$mode
    bridge_bg /tmp/bridge-$mode.out bridge rbtp --page $P --member p0=0:0 --member p1=0:1 "$@"
    bpid=$!
    if ! wait_for 300 bridge_says /tmp/bridge-$mode.out "bridge: publishing rbtp"; then
        cat /tmp/bridge-$mode.out
        fail "$mode: the bridge did not start"
        return
    fi
    profile "$mode" active-slave
    profile "$mode" carrier
    kill $bpid
    wait $bpid 2> /dev/null
    cat /tmp/bridge-$mode.out
}

run_bridge events --events
run_bridge poll --poll
finish "trigger -> listener entry p50/p99/max over $N failovers each, bond restored after each run${FIGURES}"
