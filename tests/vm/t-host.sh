#!/bin/sh
# Host side against a live device: lspci/setpci, uepf-host (list, show, mask,
# unmask, fmask, funmask, enable, disable, check) and the uepf-host-test
# driver's interrupt counts, on the mainline pci-epf-test function on vepc.
#
# pci-epf-test raises through the EPC like DesignWare: a vector that is masked
# is dropped, nothing is latched in the PBA.  So `uepf-host check` must pass
# its "direct" phase (the doorbell and the counting work) and fail the masked
# phases with "PBA bit not set": that is what uepf exists to fix.
. /uepf/tests/tap.sh

KO=/uepf/ko
CFS=/sys/kernel/config/pci_ep
NVEC=8
DBG=/sys/kernel/debug/uepf-host-test

insmod $KO/vepc.ko || { echo "Bail out! vepc.ko does not load"; exit 1; }
insmod $KO/pci-epf-test.ko || { echo "Bail out! pci-epf-test.ko does not load"; exit 1; }

F=$CFS/functions/pci_epf_test/host0
mkdir $F
echo 0x1234 > $F/vendorid	# not in pci_endpoint_test's ID table
echo 0xe9f0 > $F/deviceid
echo 1 > $F/msi_interrupts	# 6.1 refuses 0
echo $NVEC > $F/msix_interrupts
ln -s $F $CFS/controllers/vepc.0/
echo 1 > $CFS/controllers/vepc.0/start

# The device appears behind vepc's loopback bridge.
BDF=
for i in 1 2 3 4 5 6 7 8 9 10; do
	BDF=$(lspci -D -n -d 1234:e9f0 2>/dev/null | awk 'NR == 1 { print $1 }')
	[ -n "$BDF" ] && break
	sleep 1
done
[ -n "$BDF" ] || { echo "Bail out! pci-epf-test device not enumerated on vepc"; lspci -D -n; exit 1; }
pass "device enumerated at $BDF"

# ---- lspci / setpci ------------------------------------------------------
out=$(lspci -vvv -s "$BDF" 2>/dev/null)
like "lspci -vvv shows MSI-X Count=$NVEC" "$out" "MSI-X: Enable- Count=$NVEC Masked-"
lsp=$(echo "$out" | grep -A2 'MSI-X:' | sed 's/^[[:space:]]*//')
our=$(uepf-host show "$BDF" | grep -A2 'MSI-X:' | sed 's/^[[:space:]]*//')
is "uepf-host show MSI-X lines equal lspci's" "$our" "$lsp"

mc=$(setpci -s "$BDF" CAP_MSIX+2.w)
is "setpci reads Message Control (Table Size $((NVEC - 1)))" "$mc" "$(printf %04x $((NVEC - 1)))"
setpci -s "$BDF" CAP_MSIX+2.w=4000:4000
is "setpci sets Function Mask" "$(setpci -s "$BDF" CAP_MSIX+2.w)" "$(printf %04x $((0x4000 + NVEC - 1)))"
like "lspci sees Masked+" "$(lspci -vvv -s "$BDF" 2>/dev/null)" "MSI-X: Enable- Count=$NVEC Masked\+"
setpci -s "$BDF" CAP_MSIX+3.b=00:40	# byte-wide write of the high byte
is "setpci byte write to Message Control +3 clears Function Mask" \
	"$(setpci -s "$BDF" CAP_MSIX+2.w)" "$(printf %04x $((NVEC - 1)))"
check "Table Size is read-only" sh -c "setpci -s $BDF CAP_MSIX+2.w=0000:07ff; [ \$(setpci -s $BDF CAP_MSIX+2.w) = $mc ]"

# ---- uepf-host read and write verbs, no driver bound ---------------------
like "uepf-host list shows the device" "$(uepf-host list)" "^$BDF +1234:e9f0 +$NVEC - +- *\$"
check "uepf-host list --json" sh -c "uepf-host --json list | grep -q '\"device\": \"$BDF\"'"
# Nobody enabled the device yet: Memory Space is off and show must say so.
out=$(uepf-host show "$BDF"); rc=$?
is "show with decoding off exits 1" "$rc" 1
like "show flags Memory Space Enable off" "$out" "error: BAR [0-5] is not enabled: Memory Space Enable is off"
check_fails "mask refused while the layout is broken" uepf-host mask "$BDF" 0
setpci -s "$BDF" COMMAND=0002:0002
out=$(uepf-host show "$BDF"); rc=$?
is "uepf-host show exits 0 once decoding is on" "$rc" 0
like "show warns that the table is not page aligned (pci-epf-test puts it after its registers)" \
	"$out" "warning: table offset 0x[0-9a-f]+ is not 4 KiB aligned"
like "show reads the table through sysfs" "$out" "^[[:space:]]+$((NVEC - 1))  [0-9a-f]{16}  [0-9a-f]{8}  [-+]"
like "show prints the PBA" "$out" "PBA \(BAR [0-5] \+ 0x[0-9a-f]+\):"
like "show knows the BAR size from sysfs" "$out" "fits in BAR [0-5] \(size [0-9]+[KM]?, from sysfs\)"

uepf-host mask "$BDF" 3 > /dev/null
like "mask 3: entry 3 masked" "$(uepf-host show "$BDF")" "^[[:space:]]+3  [0-9a-f]{16}  [0-9a-f]{8}  \+ "
uepf-host unmask "$BDF" 3 > /dev/null
like "unmask 3: entry 3 unmasked" "$(uepf-host show "$BDF")" "^[[:space:]]+3  [0-9a-f]{16}  [0-9a-f]{8}  - "
check_fails "mask of vector $NVEC refused" uepf-host mask "$BDF" $NVEC
check "fmask" uepf-host fmask "$BDF"
is "fmask seen by setpci" "$(setpci -s "$BDF" CAP_MSIX+2.w)" "$(printf %04x $((0x4000 + NVEC - 1)))"
check "funmask" uepf-host funmask "$BDF"
check "enable" uepf-host enable "$BDF"
like "enable seen by lspci" "$(lspci -vvv -s "$BDF" 2>/dev/null)" "MSI-X: Enable\+ Count=$NVEC"
check "disable" uepf-host disable "$BDF"
is "Message Control back to reset value" "$(setpci -s "$BDF" CAP_MSIX+2.w)" "$mc"

# check without the host driver: clear error, exit 2
out=$(uepf-host check --doorbell epf-test "$BDF" 2>&1); rc=$?
is "check without uepf-host-test exits 2" "$rc" 2
like "check says uepf-host-test is missing" "$out" "uepf-host-test\.ko loaded"

# check on a device without MSI-X: fails clearly
NOMSIX=$(lspci -D -n | awk '{ print $1 }' | while read -r d; do
	if uepf-host show "$d" 2>&1 >/dev/null | grep -q "has no MSI-X capability"; then
		echo "$d"
		break
	fi
done)
if [ -n "$NOMSIX" ]; then
	out=$(uepf-host check --doorbell epf-test "$NOMSIX" 2>&1); rc=$?
	is "check on $NOMSIX (no MSI-X) exits 1" "$rc" 1
	like "check on $NOMSIX says no MSI-X capability" "$out" "no MSI-X capability"
else
	fail "found a device without MSI-X to check"
fi

# ---- uepf-host-test driver -----------------------------------------------
insmod $KO/uepf-host-test.ko
check "uepf-host-test.ko loads" test -d /sys/bus/pci/drivers/uepf-host-test
check_fails "empty ID table: not bound by itself" test -d "$DBG/$BDF"
out=$(uepf-host check --doorbell epf-test "$BDF" 2>&1); rc=$?
is "check with the driver loaded but not bound exits 2" "$rc" 2
like "check says how to bind uepf-host-test" "$out" "not bound to uepf-host-test.*driver_override"
echo uepf-host-test > /sys/bus/pci/devices/$BDF/driver_override
echo "$BDF" > /sys/bus/pci/drivers_probe
check "bound through driver_override" test -d "$DBG/$BDF"
is "nvec" "$(cat $DBG/$BDF/nvec 2>/dev/null)" $NVEC
is "counts start at zero" "$(awk '{ s += $2 } END { print s + 0 }' $DBG/$BDF/counts)" 0
like "driver enabled MSI-X" "$(uepf-host list)" "^$BDF +1234:e9f0 +$NVEC \+ +- *\$"

echo 2 > $DBG/$BDF/mask
like "debugfs mask 2: table entry 2 masked" "$(uepf-host show "$BDF")" "^[[:space:]]+2  [0-9a-f]{16}  [0-9a-f]{8}  \+ "
echo 2 > $DBG/$BDF/unmask
like "debugfs unmask 2: table entry 2 unmasked" "$(uepf-host show "$BDF")" "^[[:space:]]+2  [0-9a-f]{16}  [0-9a-f]{8}  - "
check_fails "debugfs mask: vector $NVEC refused" sh -c "echo $NVEC > $DBG/$BDF/mask"
check_fails "debugfs mask: garbage refused" sh -c "echo zap > $DBG/$BDF/mask"
check_fails "debugfs unmask: negative refused" sh -c "echo -1 > $DBG/$BDF/unmask"
check_fails "debugfs mask: huge refused" sh -c "echo 99999999999999999999 > $DBG/$BDF/mask"

# Doorbell through pci-epf-test's registers: one interrupt per ring.
out=$(uepf-host check --doorbell epf-test --timeout 300 "$BDF" 0 1 $((NVEC - 1)) 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
like "check: direct phase ok on vector 0" "$out" "^ +0  ok "
like "check: direct phase ok on vector $((NVEC - 1))" "$out" "^ +$((NVEC - 1))  ok "
is "check fails on pci-epf-test/vepc (exit 1)" "$rc" 1
like "check: masked vector not latched in the PBA (EPC drops it)" "$out" "vector-mask: .*PBA bit not set while masked"
like "check prints a verdict" "$out" "^verdict: FAIL"
c0=$(awk '$1 == 0 { print $2 }' $DBG/$BDF/counts)
[ "${c0:-0}" -ge 1 ] && pass "interrupts counted on vector 0 ($c0)" || fail "interrupts counted on vector 0" "counts: $(cat $DBG/$BDF/counts)"
is "function mask left clear after check" "$(setpci -s "$BDF" CAP_MSIX+2.w)" "$(printf %04x $((0x8000 + NVEC - 1)))"

# Unbind and unload cleanly
echo "$BDF" > /sys/bus/pci/drivers/uepf-host-test/unbind
check_fails "unbind removes the debugfs directory" test -d "$DBG/$BDF"
is "unbind disables MSI-X" "$(setpci -s "$BDF" CAP_MSIX+2.w)" "$mc"
check "rmmod uepf-host-test" rmmod uepf-host-test

done_testing
