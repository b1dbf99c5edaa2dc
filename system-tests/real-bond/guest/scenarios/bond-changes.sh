# The bond changes under a running bridge: a slave removed and added back, miimon changed, the active slave
# removed, the bond deleted and created again through bonding_masters. The page is read by the shell after each
# step (seqlock-consistent copies, decoded as docs/ABI.md lays it out) and by `status --json` once the bond is gone
# and once it is back. No --member: dummy slaves are published as non-SmartNIC members (255:255).
SCENARIO=bond-changes
. /rb/lib.sh
P=/dev/shm/exabond-rbch
NONE=255:255
mkbond rbch active-backup 100 02:00:00:00:06:00
mkdummy c0
mkdummy c1
mkdummy c2
enslave rbch c0 c1 c2
bridge_bg /tmp/bridge.out bridge rbch --page $P
wait_for 300 bridge_says /tmp/bridge.out "bridge: publishing rbch" || { cat /tmp/bridge.out; fail "the bridge did not start"; finish; }
page_read $P || fail "no consistent page at start"
expect "word 0 at start (ACTIVE, 255:255: c0 is not a SmartNIC port)" "$(page raw)" $((1 + 255 * 65536 + 255 * 16777216))
expect "members at start (name:id:port:link:flags)" "$(page_members)" "c0:255:255:1:1 c1:255:255:1:0 c2:255:255:1:0"
expect "generation at start" "$(page generation)" 0

echo -c2 > $NET/rbch/bonding/slaves
page_until $P 15 members "c0:255:255:1:1 c1:255:255:1:0" || fail "c2 removed: the page shows $(page_members)"
ip link set c2 down
echo +c2 > $NET/rbch/bonding/slaves
page_until $P 15 members "c0:255:255:1:1 c1:255:255:1:0 c2:255:255:1:0" || fail "c2 added back: the page shows $(page_members)"
echo 50 > $NET/rbch/bonding/miimon
page_until $P 15 miimon 50 || fail "miimon 50: the page shows miimon $(page miimon)"
expect "monitor interval after miimon 50 (the driver's rule)" "$(page interval)" 50
expect "generation after member and miimon changes (no change of active slave)" "$(page generation)" 0
echo -c0 > $NET/rbch/bonding/slaves
expect "active after the active slave c0 left" "$(active_of rbch)" c1
page_until $P 15 generation 1 || fail "active slave c0 removed: generation $(page generation), not 1"
page_until $P 15 members "c1:255:255:1:1 c2:255:255:1:0" || fail "members after c0 left: the page shows $(page_members)"
wait_for 15 bridge_says /tmp/bridge.out "active slave of rbch: c1 (exanic255:255), generation 1" ||
    fail "the bridge did not say that c1 became active"

echo -rbch > $NET/bonding_masters
wait_for 15 bridge_says /tmp/bridge.out "bond rbch disappeared" || fail "the bridge did not say that rbch disappeared"
page_until $P 15 active 0 || fail "rbch deleted: the page still has ACTIVE"
gone_gen=$(page generation)
expect "word 0 with rbch gone (ACTIVE clear, last id:port kept)" "$(page raw)" $((255 * 65536 + 255 * 16777216))
exabond status --page $P --json > /tmp/status1.json 2> /tmp/status1.err
r=$(status_rerun $? /tmp/status1.json /tmp/status1.err status --page $P --json)
cat /tmp/status1.json /tmp/status1.err
status_kv /tmp/status1.json > /tmp/status1.kv
expect "status with rbch gone: exit" "$r" 0
expect "status with rbch gone: block" "$(kv /tmp/status1.kv block)" consistent
expect "status with rbch gone: active" "$(kv /tmp/status1.kv active)" false
expect "status with rbch gone: generation" "$(kv /tmp/status1.kv generation)" "$gone_gen"

mkbond rbch active-backup 100 02:00:00:00:06:00
enslave rbch c1 c2
wait_for 15 bridge_says /tmp/bridge.out "bond rbch is back" || fail "the bridge did not say that rbch is back"
page_until $P 15 active 1 || fail "rbch created again: the page has no ACTIVE"
# The bridge may publish the new rbch between "+c1" and "+c2" (it follows the bond, not this script), so the second
# member may arrive in a later publication.
page_until $P 15 members "c1:255:255:1:1 c2:255:255:1:0" || fail "members of the new rbch: the page shows $(page_members)"
expect "miimon of the new rbch" "$(page miimon)" 100
back_gen=$(page generation)
capture
exabond status --page $P --json > /tmp/status2.json 2> /tmp/status2.err
r=$(status_rerun $? /tmp/status2.json /tmp/status2.err status --page $P --json)
cat /tmp/status2.json /tmp/status2.err /tmp/bridge.out
status_kv /tmp/status2.json > /tmp/status2.kv
expect "status with rbch back: exit" "$r" 0
expect "status with rbch back: block" "$(kv /tmp/status2.kv block)" consistent
expect "status with rbch back: active" "$(kv /tmp/status2.kv active)" true
expect "status with rbch back: generation" "$(kv /tmp/status2.kv generation)" "$back_gen"
expect "status with rbch back: bond" "$(kv /tmp/status2.kv bond)" rbch
expect "status with rbch back: miimon_ms" "$(kv /tmp/status2.kv miimon_ms)" 100
expect "the bridge is still running" "$(kill -0 $(echo $BG_PIDS | cut -d' ' -f1) && echo yes)" yes
finish "slave out and in, miimon 100->50, active slave out (generation 1), bond deleted (ACTIVE clear, generation $gone_gen) and created again (generation $back_gen): the bridge said each of the last three, the page stayed consistent, status exit 0 both times$([ "$(retries)" = 0 ] || echo " ($(retries) status run again after exit 3)")"
