# Trigger-to-word-0 latency of the bridge, event-driven (the default, said with --events) and polling (--poll), on a real
# active-backup bond (miimon 100) of two dummies: TriggerLatency writes active_slave N times per mode, alternating,
# with random gaps of 20-250 ms, and times each write to the first read of word 0 that shows the new slave.
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
    /jre/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xlog:disable -cp "$CP" \
        io.exabond.profile.TriggerLatency $P rblat $N l0=0:0 l1=0:1 > /tmp/latency-$mode.out 2>&1
    rc=$?
    cat /tmp/latency-$mode.out
    expect "$mode: TriggerLatency exit (every failover seen within 5 s)" "$rc" 0
    kill $bpid
    wait $bpid 2> /dev/null
    grep 'stopped after' /tmp/bridge-$mode.out
}
measure events --events
expect "events: the bridge listened to rtnetlink" "$(grep -c 'on rtnetlink events, re-read' /tmp/bridge-events.out)" 1
measure poll --poll
ev=$(grep -o 'p50=.*' /tmp/latency-events.out)
po=$(grep -o 'p50=.*' /tmp/latency-poll.out)
re=$(grep -o 'reaction, message to word 0: [^)]*' /tmp/bridge-events.out)
finish "active_slave write to word 0, $N failovers each: event-driven $ev, the bridge's own $re; polling $po"
