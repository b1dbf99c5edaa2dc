# `doctor --json` on a good active-backup bond and five bad ones: every finding where it applies and none where it
# does not (by finding id and subject), including a bond whose MAC-giving slave has left it.
SCENARIO=doctor
. /rb/lib.sh
diag_bonds
# The pitfall itself, in one more bond made like rbmac: x0, whose MAC rbmac2 took, leaves and keeps its permanent
# MAC, which the bond keeps too (one doctor run for all, since a JVM start costs seconds here).
mkbond rbmac2 active-backup 100
mkdummy x0
mkdummy x1
enslave rbmac2 x0 x1
echo -x0 > $NET/rbmac2/bonding/slaves
expect "x0 after leaving rbmac2 has the bond's MAC" "$(cat $NET/x0/address)" "$(cat $NET/rbmac2/address)"
capture
exabond doctor --json --poll-delay-ns 1000 > /tmp/doctor.json 2> /tmp/doctor.err
expect "doctor exit status (problems found)" "$?" 4
cat /tmp/doctor.json /tmp/doctor.err
findings /tmp/doctor.json > /tmp/doctor.found
sed 's/^/finding: /' /tmp/doctor.found
expect_findings /tmp/doctor.found host exasock-not-loaded
expect_findings /tmp/doctor.found rbgood monitor-interval failover-budget
expect_findings /tmp/doctor.found g0 slave-not-smartnic
expect_findings /tmp/doctor.found g1 slave-not-smartnic
expect_findings /tmp/doctor.found g1p
# balance-rr has no active slave by design (its active_slave file is always empty): `mode` says what is wrong, and
# `no-active-slave` ("bring the bond and a link up") does not apply: the bond is up and both links are up.
if grep -qx 'rbrr no-active-slave' /tmp/doctor.found; then
    fail "CLI bug: doctor reports no-active-slave (fix: ip link set rbrr up) on balance-rr bond rbrr, whose active_slave is empty by design while it is up with both links up"
fi
grep -vx 'rbrr no-active-slave' /tmp/doctor.found > /tmp/doctor.rr
expect_findings /tmp/doctor.rr rbrr mode monitor-interval failover-budget
expect_findings /tmp/doctor.found r0 slave-not-smartnic
expect_findings /tmp/doctor.found r1 slave-not-smartnic
expect_findings /tmp/doctor.found rbnomon monitors-off monitor-interval failover-budget
expect_findings /tmp/doctor.found n0 slave-not-smartnic
expect_findings /tmp/doctor.found n1 slave-not-smartnic
expect_findings /tmp/doctor.found rbempty no-members bond-no-carrier monitor-interval failover-budget
expect_findings /tmp/doctor.found rbmac monitor-interval failover-budget
expect_findings /tmp/doctor.found m0 slave-not-smartnic mac-pitfall
expect_findings /tmp/doctor.found m1 slave-not-smartnic
expect_findings /tmp/doctor.found rbmac2 monitor-interval failover-budget
expect_findings /tmp/doctor.found x0 duplicate-mac
expect_findings /tmp/doctor.found x1 slave-not-smartnic
total=$(wc -l < /tmp/doctor.found)
finish "$total findings on 6 bonds, each where it applies (mac-pitfall on m0 while in rbmac, duplicate-mac on x0 once it left rbmac2)"
