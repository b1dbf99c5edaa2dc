# Run by init after each scenario: stops the CLI processes it left and removes every bond, dummy and veth, so
# that the next scenario starts from a host with no bond.
for pid in $(pidof java); do kill "$pid"; done
sleep 0.3
for pid in $(pidof java); do kill -9 "$pid"; done
for bond in $(cat /sys/class/net/bonding_masters); do echo "-$bond" > /sys/class/net/bonding_masters; done
for dir in /sys/class/net/*; do
    dev=${dir##*/}
    [ "$dev" = lo ] || [ "$dev" = bonding_masters ] || ip link del "$dev"
done
rm -f /dev/shm/exabond-*
