SCENARIO=bonds
. /rb/lib.sh
mkbond rbgood active-backup 100 02:00:00:00:01:00
mkdummy g0; mkdummy g1
enslave rbgood g0 g1
t0=$(now)
exabond bonds --json > /tmp/bonds.json 2> /tmp/bonds.err
log "bonds took $(awk -v a="$t0" -v b="$(now)" 'BEGIN{print b-a}') s"
cat /tmp/bonds.json /tmp/bonds.err
capture
finish "smoke"
