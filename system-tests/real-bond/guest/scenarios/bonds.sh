# `bonds --json` on a good active-backup bond and four bad ones, built on the real bonding driver.
SCENARIO=bonds
. /rb/lib.sh
diag_bonds
capture
exabond bonds --json > /tmp/bonds.json 2> /tmp/bonds.err
expect "bonds exit status" "$?" 0
cat /tmp/bonds.json /tmp/bonds.err
# Every value checked below, as "KEY VALUE" lines: "BOND FIELD VALUE" per bond, managed or not.
json /tmp/bonds.json '"exasock_loaded \(.exasock_loaded)", "managed \(.managed | length)",
    ([.managed[]?, .other[]?][] | "\(.bond) listed yes", "\(.bond) mode \(.mode)",
        "\(.bond) active_slave \(.active_slave)", "\(.bond) miimon_ms \(.miimon_ms)",
        "\(.bond) monitor_interval_ms \(.monitor_interval_ms)", "\(.bond) manageable \(.manageable)",
        "\(.bond) reason \(.reason // "")", "\(.bond) members \([.members[] | "\(.ifname):\(.kind)"] | join(" "))",
        "\(.bond) link_up \([.members[].link_up] | unique | join(" "))")' > /tmp/bonds.kv
expect "exasock_loaded" "$(kv /tmp/bonds.kv exasock_loaded)" false
expect "managed bonds" "$(kv /tmp/bonds.kv managed)" 0
for bond in rbgood rbrr rbnomon rbempty rbmac; do
    [ "$(kv /tmp/bonds.kv "$bond listed")" = yes ] || { fail "bonds --json does not list $bond"; continue; }
    expect "$bond mode" "$(kv /tmp/bonds.kv "$bond mode")" "$(cut -d' ' -f1 $NET/$bond/bonding/mode)"
    want=$(active_of $bond)
    expect "$bond active_slave" "$(kv /tmp/bonds.kv "$bond active_slave")" "${want:-null}"
    expect "$bond miimon_ms" "$(kv /tmp/bonds.kv "$bond miimon_ms")" "$(cat $NET/$bond/bonding/miimon)"
    wanted=$(for s in $(cat $NET/$bond/bonding/slaves); do printf '%s:other ' "$s"; done | sed 's/ $//')
    expect "$bond members (name:kind; dummy and veth are not SmartNIC ports)" "$(kv /tmp/bonds.kv "$bond members")" "$wanted"
    [ -z "$wanted" ] || expect "$bond members link_up" "$(kv /tmp/bonds.kv "$bond link_up")" true
done
expect "rbgood manageable" "$(kv /tmp/bonds.kv "rbgood manageable")" false
expect "rbgood reason names the non-SmartNIC slave" \
    "$(kv /tmp/bonds.kv "rbgood reason" | grep -o 'slave g0 of rbgood is not a SmartNIC port')" \
    "slave g0 of rbgood is not a SmartNIC port"
expect "rbrr manageable" "$(kv /tmp/bonds.kv "rbrr manageable")" false
expect "rbrr reason names the mode" "$(kv /tmp/bonds.kv "rbrr reason" | grep -o 'mode balance-rr')" "mode balance-rr"
expect "rbnomon monitor_interval_ms (both monitors off: 200)" "$(kv /tmp/bonds.kv "rbnomon monitor_interval_ms")" 200
expect "rbempty manageable (active-backup with no slave)" "$(kv /tmp/bonds.kv "rbempty manageable")" true
expect "rbmac manageable" "$(kv /tmp/bonds.kv "rbmac manageable")" false
finish "5 bonds (1 good, balance-rr, monitors off, no slave, MAC taken): mode, active slave, miimon, members and manageability as sysfs says"
