# `bonds --json` on a good active-backup bond and four bad ones, built on the real bonding driver.
SCENARIO=bonds
. /rb/lib.sh
diag_bonds
capture
exabond bonds --json > /tmp/bonds.json 2> /tmp/bonds.err
expect "bonds exit status" "$?" 0
cat /tmp/bonds.json /tmp/bonds.err
expect "exasock_loaded" "$(json_get exasock_loaded < /tmp/bonds.json)" false
expect "managed bonds" "$(grep -o '"managed":\[[^]]*\]' /tmp/bonds.json)" '"managed":[]'
for bond in rbgood rbrr rbnomon rbempty rbmac; do
    line=$(json_bond /tmp/bonds.json $bond)
    [ -n "$line" ] || { fail "bonds --json does not list $bond"; continue; }
    expect "$bond mode" "$(echo "$line" | json_get mode)" "$(cut -d' ' -f1 $NET/$bond/bonding/mode)"
    want=$(active_of $bond)
    expect "$bond active_slave" "$(echo "$line" | json_get active_slave)" "${want:-null}"
    expect "$bond miimon_ms" "$(echo "$line" | json_get miimon_ms)" "$(cat $NET/$bond/bonding/miimon)"
    members=$(echo "$line" | grep -o '"ifname":"[^"]*","kind":"[^"]*"' | sed 's/"ifname":"\([^"]*\)","kind":"\([^"]*\)"/\1:\2/' | tr '\n' ' ' | sed 's/ $//')
    wanted=$(for s in $(cat $NET/$bond/bonding/slaves); do printf '%s:other ' "$s"; done | sed 's/ $//')
    expect "$bond members (name:kind; dummy and veth are not SmartNIC ports)" "$members" "$wanted"
    ups=$(echo "$line" | grep -o '"link_up":[a-z]*' | sort -u | tr '\n' ' ')
    [ -z "$wanted" ] || expect "$bond members link_up" "$ups" '"link_up":true '
done
expect "rbgood manageable" "$(json_bond /tmp/bonds.json rbgood | json_get manageable)" false
expect "rbgood reason names the non-SmartNIC slave" \
    "$(json_bond /tmp/bonds.json rbgood | json_get reason | grep -o 'slave g0 of rbgood is not a SmartNIC port')" \
    "slave g0 of rbgood is not a SmartNIC port"
expect "rbrr manageable" "$(json_bond /tmp/bonds.json rbrr | json_get manageable)" false
expect "rbrr reason names the mode" "$(json_bond /tmp/bonds.json rbrr | json_get reason | grep -o 'mode balance-rr')" \
    "mode balance-rr"
expect "rbnomon monitor_interval_ms (both monitors off: 200)" \
    "$(json_bond /tmp/bonds.json rbnomon | json_get monitor_interval_ms)" 200
expect "rbempty manageable (active-backup with no slave)" "$(json_bond /tmp/bonds.json rbempty | json_get manageable)" true
expect "rbmac manageable" "$(json_bond /tmp/bonds.json rbmac | json_get manageable)" false
finish "5 bonds (1 good, balance-rr, monitors off, no slave, MAC taken): mode, active slave, miimon, members and manageability as sysfs says"
