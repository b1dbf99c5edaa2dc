# Trigger-to-listener latency of the bridge, event-driven (the default, said with --events) and polling (--poll), on
# a real active-backup bond (miimon 100) of two dummies: `exabond profile rblat --trigger N` writes active_slave N
# times per mode, alternating, with random gaps (20-220 ms: two of the bridge's 100 ms intervals, so that the polling
# bridge is met at every phase), and times each from just before the write to the entry of a FailoverPoller's
# listener over the bridge's page.
SCENARIO=bridge-latency
. /rb/lib.sh
N=${RB_LATENCY_FAILOVERS:-200}
mkbond rblat active-backup 100 02:00:00:00:08:00
mkdummy l0
mkdummy l1
enslave rblat l0 l1

measure() {
    mode=$1
    shift
    P=/dev/shm/exabond-rblat-$mode
    bridge_bg /tmp/bridge-$mode.out bridge rblat --page $P --member l0=0:0 --member l1=0:1 "$@"
    bpid=$!
    wait_for 300 bridge_says /tmp/bridge-$mode.out "bridge: publishing rblat" || { cat /tmp/bridge-$mode.out; fail "$mode: the bridge did not start"; return; }
    cat /tmp/bridge-$mode.out
    exabond profile rblat --page $P --trigger $N --yes --idle sleep-ns --out /tmp/latency-$mode \
        > /tmp/latency-$mode.out 2> /tmp/latency-$mode.err
    rc=$?
    cat /tmp/latency-$mode.out /tmp/latency-$mode.err
    expect "$mode: profile --trigger exit" "$rc" 0
    lost=$(sed -n 's/^failovers: .* reached the listener, \([0-9]*\) timed out.*/\1/p' /tmp/latency-$mode.out)
    expect "$mode: failovers not at the listener within the timeout" "$lost" 0
    kill $bpid
    wait $bpid 2> /dev/null
    grep 'stopped after' /tmp/bridge-$mode.out
}

# figure MODE: "p50=... p90=... p99=... max=... ms (the write itself: p50=... ms)" of the run of MODE.
figure() {
    set -- $(report_row /tmp/latency-$1.out "trigger -> listener entry") _ $(report_row /tmp/latency-$1.out \
        "the trigger itself (until it returned)")
    echo "p50=$(ms $4) p90=$(ms $5) p99=$(ms $6) max=$(ms $9) ms (the write itself: p50=$(ms ${14}) ms)"
}

measure events --events
expect "events: the bridge listened to rtnetlink" "$(grep -c 'on rtnetlink events, re-read' /tmp/bridge-events.out)" 1
measure poll --poll
re=$(grep -o 'reaction, message to word 0: [^)]*' /tmp/bridge-events.out)
finish "active_slave write to the listener's entry, $N failovers each: event-driven $(figure events), the bridge's own $re; polling $(figure poll)"
