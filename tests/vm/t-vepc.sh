#!/bin/sh
# vepc: the virtual endpoint controller and its loopback host bridge, driven
# by mainline code only: pci-epf-test on the endpoint side (configfs),
# pci_endpoint_test + pcitest on the host side, lspci/setpci, devmem.
# Covers MSI and MSI-X delivery, refusal (disabled, function masked, vector
# masked, out of range, link down), config-space emulation seen from both
# sides, injected link down/up and host reset, and bad input.
. /uepf/tests/tap.sh

KO=/uepf/ko
CFS=/sys/kernel/config/pci_ep
DBG=/sys/kernel/debug/vepc/vepc.0
NVEC=8
NMSI=4
BDF=10000:00:00.0
DEV=/sys/bus/pci/devices/$BDF

stat_of() { awk -v k="$1" '$1 == k { print $2 }' $DBG/stats; }
msix_of() { awk -v k="$1" '$1 == k { print $2 }' $DBG/msix; }
dmesg_has() { dmesg | grep -qE -- "$1"; }
# dmesg_since TAG: the kernel log after the line `mark TAG` wrote
mark() { echo "t-vepc: mark $1" > /dev/kmsg; }
dmesg_since() { dmesg | sed -n "/t-vepc: mark $1\$/,\$p" | sed 1d; }
# no_probe_failure TAG: since `mark TAG`, no failed probe was logged, not
# even one that busybox insmod hid by retrying with init_module()
no_probe_failure() {
	dmesg | grep -q "t-vepc: mark $1\$" || { echo "mark $1 is not in the log"; return 1; }
	! dmesg_since "$1" | grep -E 'probe of vepc|did not start|probe failed'
}
WINDOW='1e000000-1effffff'
# wait_for COND...: poll up to 10 s
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		"$@" && return 0
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}
present() { [ -e $DEV ]; }
absent() { [ ! -e $DEV ]; }
host_bound() { [ -e $DEV/driver ] && [ -e /dev/pci-endpoint-test.0 ]; }
pcitest_ok() { out=$(pcitest "$@" 2>&1); echo "$out" | grep -q 'OKAY' && ! echo "$out" | grep -q 'NOT OKAY'; }
pcitest_not_ok() { pcitest "$@" 2>&1 | grep -q 'NOT OKAY'; }

# ---- bad module parameters ---------------------------------------------
check_fails "count=0 refused" insmod $KO/vepc.ko count=0
like "count=0: clear error" "$(dmesg | tail -n 3)" "vepc: count=0: must be 1\.\.8"
check_fails "count=9 refused" insmod $KO/vepc.ko count=9
check_fails "unaligned window_base refused" insmod $KO/vepc.ko window_base=0x1e000100
like "unaligned window: clear error" "$(dmesg | tail -n 3)" "must be page aligned"
check_fails "window in System RAM refused" insmod $KO/vepc.ko window_base=0x1000000
like "System RAM window: clear error" "$(dmesg | tail -n 3)" "overlaps System RAM"
check_fails "window too small for count refused" insmod $KO/vepc.ko count=8 window_size=0x400000
check_fails "window outside the reserved range refused" insmod $KO/vepc.ko window_base=0x1f000000 window_size=0x2000000
check "no vepc left loaded after bad parameters" sh -c '! grep -q "^vepc " /proc/modules'

# ---- load ----------------------------------------------------------------
# count=1: the controller's window is exactly the firmware's Reserved entry
# for memmap=16M$0x1e000000 (it once adopted it, failed with -EBUSY and
# dropped it from the tree; busybox insmod's retry then loaded it)
like "firmware Reserved entry for the window" "$(cat /proc/iomem)" "^$WINDOW : Reserved\$"
mark load1
check "vepc loads with defaults" insmod $KO/vepc.ko
check "the first load's probe succeeds (no probe failure logged)" no_probe_failure load1
like "window nested in the firmware Reserved entry" "$(grep -A1 "^$WINDOW : Reserved\$" /proc/iomem)" "^  $WINDOW : vepc\.0\$"
check "controller vepc.0 registered" test -e /sys/class/pci_epc/vepc.0
check "configfs controller vepc.0" test -d $CFS/controllers/vepc.0
check "debugfs vepc.0" test -r $DBG/stats
is "link is down before start" "$(cat $DBG/link)" "down"
check "pci-epf-test loads" insmod $KO/pci-epf-test.ko
check "pci_endpoint_test loads" insmod $KO/pci_endpoint_test.ko
check_fails "PBA placement before set_msix refused" sh -c "echo '0 0' > $DBG/pba"
like "PBA placement before set_msix: clear error" "$(dmesg | tail -n 2)" "set_pba: MSI-X is not configured: call pci_epc_set_msix\(\) first"

F=$CFS/functions/pci_epf_test/t0
mkdir $F
echo 0x104c > $F/vendorid	# TI DRA74x: pci_endpoint_test picks MSI
echo 0xb500 > $F/deviceid
echo $NMSI > $F/msi_interrupts
echo $NVEC > $F/msix_interrupts
check "bind pci-epf-test to vepc.0" ln -s $F $CFS/controllers/vepc.0/

# double bind: the same function again, and a second function
check_fails "same function bound twice refused" ln -s $F $CFS/controllers/vepc.0/t0b
mkdir $CFS/functions/pci_epf_test/t1
check_fails "second function refused (one function per vepc)" ln -s $CFS/functions/pci_epf_test/t1 $CFS/controllers/vepc.0/
like "second function: clear error" "$(dmesg | tail -n 5)" "Exceeding max supported Function Number"
rmdir $CFS/functions/pci_epf_test/t1

check "start the controller" sh -c "echo 1 > $CFS/controllers/vepc.0/start"
check "device enumerated at $BDF" wait_for present
check "pci_endpoint_test bound" wait_for host_bound
is "link is up" "$(cat $DBG/link)" "up"
is "event: link up" "$(stat_of event_link_up)" "1"
is "vendor:device seen by the host" "$(cat $DEV/vendor):$(cat $DEV/device)" "0x104c:0xb500"

# ---- BARs: one copy, host accesses hit EPF memory -------------------------
for b in 0 1 2 3 4 5; do
	check "pcitest BAR$b" pcitest_ok -b $b
done

# ---- MSI ---------------------------------------------------------------
n=1
while [ $n -le $NMSI ]; do
	check "pcitest MSI $n" pcitest_ok -m $n
	n=$((n + 1))
done
is "vepc sees MSI enabled" "$(msix_of msi_enable)" "1"

# ---- MSI-X ---------------------------------------------------------------
check "switch host driver to MSI-X" pcitest_ok -i 2
before=$(stat_of delivered)
n=1
while [ $n -le $NVEC ]; do
	check "pcitest MSI-X $n" pcitest_ok -x $n
	n=$((n + 1))
done
is "delivered counts every MSI-X vector" "$(stat_of delivered)" "$((before + NVEC))"

pcitest -x $NVEC | sed 's/^/# /'
out=$(lspci -vvv -s $BDF 2>/dev/null)
echo "$out" | grep -A2 -E 'MSI-X:|MSI:' | sed 's/^/# /'
like "lspci: MSI-X Enable+ Count=$NVEC Masked-" "$out" "MSI-X: Enable\+ Count=$NVEC Masked-"
like "lspci: vector table BAR=0 offset=00000080" "$out" "Vector table: BAR=0 offset=00000080"
like "lspci: PBA BAR=0 offset=00000100" "$out" "PBA: BAR=0 offset=00000100"
like "lspci: MSI capability with $NMSI vectors" "$out" "MSI: Enable- Count=[0-9]+/$NMSI Maskable\+ 64bit\+"
is "vepc sees MSI-X enabled" "$(msix_of msix_enable)" "1"

# ---- PBA placement (vepc_msix_set_pba through debugfs pba) ------------------
is "debugfs: PBA BIR follows the table's" "$(msix_of msix_pba_bir)" "0"
is "debugfs: PBA offset right after the table" "$(msix_of msix_pba_offset)" "0x100"
set -- $(sed -n 2p $DEV/resource)
bar1=$(($2 - $1 + 1))
# badpba ARGS LOGREGEX
badpba() {
	check_fails "set_pba '$1' refused" sh -c "echo '$1' > $DBG/pba"
	like "set_pba '$1': clear error" "$(dmesg | tail -n 2)" "$2"
}
badpba "6 0" "set_pba: BIR 6: no such BAR \(0\.\.5\)"
badpba "1 4" "set_pba: PBA offset 0x4 is not 8-byte aligned"
badpba "1 $bar1" "set_pba: PBA \[$(printf %#x $bar1), $(printf %#x $((bar1 + 8)))\) for $NVEC vectors does not fit in BAR1 of $(printf %#x $bar1) bytes"
badpba "0 0xf8" "set_pba: PBA \[0xf8, 0x100\) overlaps the MSI-X table \[0x80, 0x100\) in BAR0"
badpba "1 0 1" "set_pba: function 1 does not exist \(max_functions 1\)"
badpba "1 0x100000000" "debugfs pba: '1 0x100000000': write BAR OFFSET \[FUNC\]"
badpba "one 0" "debugfs pba: 'one 0': write BAR OFFSET \[FUNC\]"
like "refused placements change nothing (lspci)" "$(lspci -vvv -s $BDF 2>/dev/null)" "PBA: BAR=0 offset=00000100"
check "set_pba query (BAR -1) succeeds" sh -c "echo '-1 0' > $DBG/pba"
like "the query changes nothing" "$(lspci -vvv -s $BDF 2>/dev/null)" "PBA: BAR=0 offset=00000100"
pba=$(printf %x $((bar1 - 8)))
check "PBA placed at the end of BAR1" sh -c "echo '1 0x$pba' > $DBG/pba"
out=$(lspci -vvv -s $BDF 2>/dev/null)
echo "$out" | grep -E 'Vector table|PBA' | sed 's/^/# /'
like "lspci: PBA BAR=1 offset=$(printf %08x $((bar1 - 8)))" "$out" "PBA: BAR=1 offset=$(printf %08x $((bar1 - 8)))\$"
like "lspci: table unchanged" "$out" "Vector table: BAR=0 offset=00000080"
is "debugfs: PBA BIR 1" "$(msix_of msix_pba_bir)" "1"
is "host PBA Offset/BIR register" "$(setpci -s $BDF CAP_MSIX+8.l)" "$(printf %08x $((bar1 - 8 + 1)))"
check "MSI-X delivered with the PBA in BAR1" pcitest_ok -x 2
is "vepc sees function unmasked" "$(msix_of msix_function_mask)" "0"

# ---- Message Control written by setpci -----------------------------------
setpci -s $BDF CAP_MSIX+2.w=4000:4000
is "setpci function mask: vepc sees it" "$(msix_of msix_function_mask)" "1"
like "setpci function mask: lspci sees Masked+" "$(lspci -vvv -s $BDF 2>/dev/null)" "MSI-X: Enable\+ Count=$NVEC Masked\+"
before=$(stat_of refused_function_masked)
check "MSI-X refused while function masked" pcitest_not_ok -x 1
is "refused_function_masked counted" "$(stat_of refused_function_masked)" "$((before + 1))"
setpci -s $BDF CAP_MSIX+3.b=00:40	# the high byte alone
is "byte write clears function mask: vepc" "$(msix_of msix_function_mask)" "0"
like "byte write clears function mask: lspci" "$(lspci -vvv -s $BDF 2>/dev/null)" "MSI-X: Enable\+ Count=$NVEC Masked-"
check "MSI-X delivered again after unmask" pcitest_ok -x 1
setpci -s $BDF CAP_MSIX+2.w=0000:07ff
is "Table Size is read-only" "$(setpci -s $BDF CAP_MSIX+2.w)" "$(printf %04x $((0x8000 + NVEC - 1)))"

# ---- per-vector mask written by the host into the table in BAR0 ----------
bar0=$(awk 'NR == 1 { print $1 }' $DEV/resource)
vc=$(printf '0x%x' $((bar0 + 0x80 + 2 * 16 + 12)))	# vector 3 control
old=$(devmem $vc 32)
devmem $vc 32 $((old | 1))
before=$(stat_of refused_vector_masked)
check_fails "raise of a vector the host masked is refused" sh -c "echo 'msix 3' > $DBG/raise"
is "refused_vector_masked counted" "$(stat_of refused_vector_masked)" "$((before + 1))"
devmem $vc 32 $((old & ~1))
check "raise after the host unmasked it" sh -c "echo 'msix 3' > $DBG/raise"

# ---- out of range and unsupported ----------------------------------------
check_fails "raise of MSI-X vector $((NVEC + 1)) refused" sh -c "echo 'msix $((NVEC + 1))' > $DBG/raise"
like "out of range: clear error" "$(dmesg | tail -n 3)" "raise MSI-X vector $((NVEC + 1)): out of range 1\.\.$NVEC"
check_fails "raise of MSI-X vector 0 refused" sh -c "echo 'msix 0' > $DBG/raise"
check_fails "raise of INTx refused (not wired)" sh -c "echo intx > $DBG/raise"
check_fails "garbage to debugfs raise refused" sh -c "echo 'msix x' > $DBG/raise"

# ---- MSI-X disabled --------------------------------------------------------
check "switch host driver back to MSI" pcitest_ok -i 1
is "vepc sees MSI-X disabled" "$(msix_of msix_enable)" "0"
before=$(stat_of refused_disabled)
check_fails "MSI-X raise refused while disabled" sh -c "echo 'msix 1' > $DBG/raise"
is "refused_disabled counted" "$(stat_of refused_disabled)" "$((before + 1))"
check "MSI still works" pcitest_ok -m 2

# ---- Command register: bus master enable events ----------------------------
bset=$(stat_of event_bme_set)
bclr=$(stat_of event_bme_clear)
setpci -s $BDF COMMAND=0:4
is "BME clear reported" "$(stat_of event_bme_clear)" "$((bclr + 1))"
setpci -s $BDF COMMAND=4:4
is "BME set reported" "$(stat_of event_bme_set)" "$((bset + 1))"

# ---- outbound window: pci-epf-test READ/WRITE/COPY through map_addr --------
check "pcitest write 4 KiB (EP -> host memory)" pcitest_ok -w -s 4096
check "pcitest read 4 KiB (host memory -> EP)" pcitest_ok -r -s 4096
check "pcitest copy 4 KiB" pcitest_ok -c -s 4096

# ---- injected host reset -------------------------------------------------------
check "host reset injected" sh -c "echo 1 > $DBG/reset"
is "event: host reset" "$(stat_of event_host_reset)" "1"
is "reset cleared MSI enable" "$(msix_of msi_enable)" "0"
like "reset cleared Command" "$(lspci -vvv -s $BDF 2>/dev/null)" "Control: I/O- Mem- BusMaster-"
before=$(stat_of refused_disabled)
check_fails "raise after reset refused (MSI disabled)" sh -c "echo 'msi 1' > $DBG/raise"
is "refused_disabled counted after reset" "$(stat_of refused_disabled)" "$((before + 1))"

# ---- injected link down / up -----------------------------------------------------
check "link down injected" sh -c "echo down > $DBG/link"
check "device gone from the host" wait_for absent
is "event: link down" "$(stat_of event_link_down)" "1"
check_fails "raise refused while the link is down" sh -c "echo 'msi 1' > $DBG/raise"
check "refused_link_down counted" test "$(stat_of refused_link_down)" -ge 1
check_fails "garbage to debugfs link refused" sh -c "echo sideways > $DBG/link"
check "link up injected" sh -c "echo up > $DBG/link"
check "device back on the host" wait_for present
check "pci_endpoint_test bound again" wait_for host_bound
check "MSI works after link up" pcitest_ok -m 1
check "MSI-X works after link up" sh -c 'pcitest -i 2 >/dev/null && pcitest -x 4 | grep -q "	OKAY"'

# ---- unload / unbind orders --------------------------------------------------------
check_fails "vepc cannot be unloaded while a function is bound" rmmod vepc
check "pci_endpoint_test unloads with the device live" rmmod pci_endpoint_test
check "pci_endpoint_test reloads and binds" sh -c "insmod $KO/pci_endpoint_test.ko && sleep 1 && test -e $DEV/driver"
check "stop with the host driver bound" sh -c "echo 0 > $CFS/controllers/vepc.0/start"
check "device removed on stop" wait_for absent
check "unbind pci-epf-test" rm $CFS/controllers/vepc.0/t0
is "clear_bar of the PBA's BAR: PBA back in the table's BAR" "$(msix_of msix_pba_bir)" "0"
is "clear_bar of the PBA's BAR: PBA back after the table" "$(msix_of msix_pba_offset)" "0x100"
badpba "1 0" "set_pba: BAR1 is not set \(set_bar\)"
check "vepc unloads after unbind" rmmod vepc
like "firmware Reserved entry survives unload" "$(cat /proc/iomem)" "^$WINDOW : Reserved\$"
mark load2
check "vepc reloads" insmod $KO/vepc.ko
check "reload: no probe failure logged" no_probe_failure load2
check "rebind and start" sh -c "ln -s $F $CFS/controllers/vepc.0/ && echo 1 > $CFS/controllers/vepc.0/start"
check "device enumerated again" wait_for present
check "host driver bound again" wait_for host_bound
check "MSI-X works after reload" sh -c 'pcitest -i 2 >/dev/null && pcitest -x 2 | grep -q "	OKAY"'
check "stop, unbind" sh -c "echo 0 > $CFS/controllers/vepc.0/start && rm $CFS/controllers/vepc.0/t0"
check "vepc unloads with pci_endpoint_test still loaded" rmmod vepc
check "pci_endpoint_test unloads after vepc" rmmod pci_endpoint_test
check "pci-epf-test unloads" sh -c "rmdir $F && rmmod pci_epf_test"

# ---- two controllers ---------------------------------------------------------------
mark load3
check "count=2 loads" insmod $KO/vepc.ko count=2
check "count=2: no probe failure logged" no_probe_failure load3
check "vepc.1 registered" test -e /sys/class/pci_epc/vepc.1
check "vepc.1 has its own debugfs" test -r /sys/kernel/debug/vepc/vepc.1/stats
check "unload count=2" rmmod vepc
check "pba_placement=0 loads" insmod $KO/vepc.ko pba_placement=0
out=$(sh -c "echo '-1 0' > $DBG/pba" 2>&1)
like "pba_placement=0: set_pba is EOPNOTSUPP" "$out" "Operation not supported"
check "unload pba_placement=0" rmmod vepc

check "no oops or warning in the log" sh -c '! dmesg | grep -vEf /uepf/tests/kernel-known.re | grep -qE "Oops|WARNING:|BUG:"'
done_testing
