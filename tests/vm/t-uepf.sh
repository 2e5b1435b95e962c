#!/bin/sh
# uepf.ko on vepc.0: configfs layouts as the host sees them (lspci), raise
# to a host driver, masked vectors refused, events, the ABI's documented
# errors, unbind while open and mapped, rmmod while open.
. /uepf/tests/tap.sh

KO=/uepf/ko
CFS=/sys/kernel/config/pci_ep
F=$CFS/functions/pci_epf_uepf
C=$CFS/controllers/vepc.0
VD=0x1234
DV=0xc0de
DBG=/sys/kernel/debug

insmod $KO/vepc.ko || { echo "Bail out! vepc.ko"; exit 1; }
check "uepf.ko loads" insmod $KO/uepf.ko
check "functions/pci_epf_uepf exists" test -d $F

# mkfn NAME [ATTR=VALUE ...]: create a function and configure it.
mkfn() {
	n=$1; shift
	mkdir $F/$n || return 1
	echo $VD >$F/$n/vendorid && echo $DV >$F/$n/deviceid || return 1
	for a in "$@"; do
		echo "${a#*=}" >$F/$n/uepf/${a%%=*} || { echo "set $a failed"; return 1; }
	done
}
bind() { ln -s $F/$1 $C/ && echo 1 >$C/start; }
unbind() { echo 0 >$C/start; rm -f $C/$1; }
rmfn() { unbind $1 2>/dev/null; rmdir $F/$1; }
host_bdf() { lspci -D -d ${VD#0x}:${DV#0x} | sed -n '1s/ .*//p'; }
wait_host() {
	i=0
	while [ -z "$(host_bdf)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	host_bdf
}
infokey() { uepf-info $1 | sed -n "s/^$2=//p"; }

# pba_check NAME BDF: with MSI-X disabled a notify latches; the host finds
# the pending bit where the capability's PBA Offset/BIR says, through that
# BAR (devmem at the host's BAR address, and uepf-host through libpci).
pba_check() {
	n=$1 bdf=$2
	m=$(uepf-msix $n 5 2>&1)
	like "layout $n: notify while disabled latches" "$m" "^notify=latched"
	pbar=$(infokey $n pba_bar)
	poff=$(infokey $n pba_offset)
	cap=$(lspci -vvv -s $bdf | sed -n 's/.*PBA: BAR=\([0-5]\) offset=\([0-9a-f]*\)$/\1 \2/p')
	is "layout $n: INFO PBA is the capability's PBA" "$pbar $(printf %08x $poff)" "$cap"
	is "layout $n: vepc's PBA BIR" "$(sed -n 's/^msix_pba_bir //p' $DBG/vepc/vepc.0/msix)" "$pbar"
	hbar=$(lspci -vvv -s $bdf | sed -n "s/.*Region $pbar: Memory at \([0-9a-f]*\).*/\1/p")
	is "layout $n: host reads PBA bit 5 through BAR$pbar" \
		"$(devmem $(printf 0x%x $((0x$hbar + poff))) 32)" "0x00000020"
	setpci -s $bdf COMMAND=0002:0002
	out=$(uepf-host show $bdf 2>&1)
	like "layout $n: uepf-host layout verdict ok" "$out" "Layout verdict: ok"
	like "layout $n: uepf-host reads the pending bit at BAR$pbar+$poff" \
		"$(echo "$out" | grep -A1 "^[[:space:]]*PBA (BAR $pbar + $(printf 0x%x $poff)):")" \
		"^[[:space:]]+0000000000000020"
}

# --- layouts ---------------------------------------------------------
# layout NAME EXPECT_COUNT EXPECT_TABLE EXPECT_PBA EXPECT_REGION ATTRS...
# With $hook set, runs "$hook NAME BDF" before removing the function.
layout() {
	n=$1 cnt=$2 tab=$3 pba=$4 reg=$5; shift 5
	if ! mkfn $n "$@" || ! bind $n; then
		fail "layout $n: bind" "$(dmesg | tail -5)"
		rmfn $n; return
	fi
	bdf=$(wait_host)
	out=$(lspci -vvv -s "$bdf" 2>/dev/null)
	echo "$out" | grep -E "MSI-X|Vector table|PBA|Region" | sed "s/^/# $n: /"
	like "layout $n: lspci MSI-X Count=$cnt" "$out" "MSI-X: Enable- Count=$cnt Masked-"
	like "layout $n: lspci table $tab" "$out" "Vector table: $tab\$"
	like "layout $n: lspci PBA $pba" "$out" "PBA: $pba\$"
	like "layout $n: lspci region" "$out" "$reg"
	is "layout $n: INFO vectors" "$(infokey $n vectors)" "$cnt"
	[ -n "${hook:-}" ] && $hook $n "$bdf"
	rmfn $n
}

# Table and PBA in two BARs, or the PBA before the table: vepc places the
# PBA where the function asks (vepc_msix_set_pba()); pci_epc_set_msix()
# alone would put it right after the table.
hook=pba_check
layout t1p2 8 "BAR=1 offset=00000100" "BAR=2 offset=00000040" \
	"Region 2: Memory at .* \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]" \
	bar0_size=4096 bar1_size=4096 bar2_size=4096 msix_vectors=8 \
	msix_table_bar=1 msix_table_offset=0x100 msix_pba_bar=2 \
	msix_pba_offset=0x40
layout t2p4 100 "BAR=2 offset=00000800" "BAR=4 offset=00000808" \
	"Region 4: Memory at .* \(64-bit, prefetchable\) (\[disabled\] )?\[size=4K\]" \
	bar0_size=4096 bar2_size=0x4000 bar2_flags=0x4 bar4_size=4096 \
	bar4_flags=0xc msix_vectors=100 msix_table_bar=2 \
	msix_table_offset=0x800 msix_pba_bar=4 msix_pba_offset=0x808
layout t3p0 64 "BAR=3 offset=00000100" "BAR=0 offset=00000ff8" \
	"Region 3: Memory at .* \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]" \
	bar0_size=4096 bar3_size=4096 msix_vectors=64 msix_table_bar=3 \
	msix_table_offset=0x100 msix_pba_bar=0 msix_pba_offset=0xff8
layout p0t0 64 "BAR=0 offset=00000100" "BAR=0 offset=00000000" \
	"Region 0: Memory at .* \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]" \
	bar0_size=4096 msix_vectors=64 msix_table_bar=0 \
	msix_table_offset=0x100 msix_pba_bar=0 msix_pba_offset=0
hook=

layout v1 1 "BAR=0 offset=00000000" "BAR=0 offset=00000800" \
	"Region 0: Memory at .* \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]" \
	msix_vectors=1
layout v7 7 "BAR=1 offset=00000000" "BAR=1 offset=00000800" \
	"Region 1: Memory at .* \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]" \
	bar0_size=4096 msix_vectors=7
layout v64 64 "BAR=0 offset=00001000" "BAR=0 offset=00001400" \
	"Region 0: Memory at .* \(64-bit, non-prefetchable\) (\[disabled\] )?\[size=16K\]" \
	bar0_size=0x4000 bar0_flags=0x4 msix_vectors=64 msix_table_bar=0 \
	msix_table_offset=0x1000
layout v2048 2048 "BAR=2 offset=00000000" "BAR=2 offset=00008000" \
	"Region 2: Memory at .* \(64-bit, prefetchable\) (\[disabled\] )?\[size=64K\]" \
	bar0_size=256 bar2_size=0x10000 bar2_flags=0xc msix_vectors=2048 \
	msix_table_bar=2
layout v64x 64 "BAR=3 offset=00000800" "BAR=3 offset=00000c00" \
	"Region 3: Memory at .* \(32-bit, prefetchable\) (\[disabled\] )?\[size=4K\]" \
	bar3_size=4096 bar3_flags=0x8 msix_vectors=64 msix_table_bar=3 \
	msix_table_offset=0x800

# Bad PBA placements are refused by uepf's own checks at configfs time
# (below), so vepc_msix_set_pba()'s checks are exercised in t-vepc.sh.

# --- bad configfs values: refused, logged, nothing changes -----------
mkfn bad bar0_size=4096 msix_vectors=8
A=$F/bad/uepf
# badval ATTR VALUE LOGREGEX
badval() {
	before=$(cat $A/$1)
	if sh -c "echo '$2' >$A/$1" 2>/dev/null; then
		fail "configfs $1=$2 refused" "write succeeded"
	else
		pass "configfs $1=$2 refused"
	fi
	is "configfs $1=$2 changes nothing" "$(cat $A/$1)" "$before"
	like "configfs $1=$2 logged" "$(dmesg | tail -2)" "$3"
}
badval msix_vectors 0 "msix_vectors=0: outside 1..2048"
badval msix_vectors 2049 "msix_vectors=2049: outside 1..2048"
badval msix_vectors abc "msix_vectors=abc: not a number"
badval msix_table_bar 6 "msix_table_bar=6: outside 0..5"
badval msix_table_bar 1 "msix_table_bar=1 refused: MSI-X table in BAR1, which is unused"
badval msix_table_offset 4 "msix_table_offset=0x4: must be 8-byte aligned"
badval msix_pba_bar 0 "msix_pba_bar=0 refused: PBA placed in BAR0 but the table is automatic"
badval bar0_size 100 "bar0_size=100 refused: BAR0 size 0x64 is not a power of two >= 128"
badval bar0_size 3000 "bar0_size=3000 refused: BAR0 size 0xbb8 is not a power of two"
badval bar1_size 0x100000000 "bar1_size=0x100000000 refused: BAR1 size 0x100000000 exceeds the 32-bit BAR limit 0x80000000"
badval bar0_flags 0x1 "bar0_flags=0x1 refused: BAR0 flags 0x1: only 0x4 \(64-bit\) and 0x8 \(prefetchable\)"
badval bar5_flags 0x4 "bar5_flags=0x4 refused: BAR5 cannot be 64-bit"
echo 4096 >$A/bar1_size
badval bar0_flags 0x4 "bar0_flags=0x4 refused: BAR0 is 64-bit, so BAR1 \(its upper half\) must be unused"
echo 0 >$A/bar1_size
echo 0 >$A/msix_table_bar
badval msix_vectors 257 "msix_vectors=257 refused: PBA \[0x1010, 0x1038\) does not fit in BAR0 of 0x1000 bytes|MSI-X table \[0x0, 0x1010\) does not fit in BAR0 of 0x1000 bytes"
badval msix_table_offset 0xf80 "msix_table_offset=0xf80 refused: MSI-X table \[0xf80, 0x1000\) does not fit|PBA \[0x1000, 0x1008\) does not fit in BAR0"
echo 0x100 >$A/msix_table_offset
check "configfs PBA offset alone (PBA still auto) accepted" sh -c "echo 0x180 >$A/msix_pba_offset"
echo 0 >$A/msix_pba_bar
echo 0 >$A/msix_pba_offset
is "configfs explicit PBA accepted" "$(cat $A/msix_pba_bar)" "0"
badval msix_pba_offset 0x120 "msix_pba_offset=0x120 refused: table \[0x100, 0x180\) and PBA \[0x120, 0x128\) overlap in BAR0"
echo auto >$A/msix_pba_bar
echo auto >$A/msix_table_bar
is "configfs auto table" "$(cat $A/msix_table_bar)" "auto"
echo 0xffff >$F/bad/vendorid
check_fails "bind refused without vendorid" ln -s $F/bad $C/
like "bind without vendorid logged" "$(dmesg | tail -2)" "vendorid=0xffff is not a vendor ID"
echo $VD >$F/bad/vendorid
check "bind bad (now valid)" ln -s $F/bad $C/
check_fails "configfs change while bound refused" sh -c "echo 4 >$A/msix_vectors"
like "configfs change while bound logged" "$(dmesg | tail -1)" "msix_vectors: cannot change while bound"
rm $C/bad
rmdir $F/bad

# --- raise, masking, control, events ---------------------------------
like "libuepf: open error names the function and the errno" \
	"$(uepf-info nosuch 2>&1)" "^uepf nosuch: open /dev/uepf/nosuch: No such file or directory \(errno 2\)$"
mkfn fn bar0_size=4096 msix_vectors=8
ln -s $F/fn $C/
check "device node /dev/uepf/fn" test -c /dev/uepf/fn
is "device node mode 0600" "$(stat -c %a /dev/uepf/fn)" "600"
uepf-events fn 100 600000 >/tmp/ev.txt 2>&1 &
evpid=$!
sleep 0.3
echo 1 >$C/start
bdf=$(wait_host)
check "host sees the function" test -n "$bdf"
is "INFO func mask readable on vepc" "$(infokey fn func_mask_readable)" "1"
is "CTRL before host driver: disabled" "$(infokey fn enabled)" "0"
is "raise while MSI-X disabled refused" "$(uepf-raise fn 0)" "refused msix-disabled errno=EPERM"
is "INFO msi_vectors 0 without msi_interrupts" "$(infokey fn msi_vectors)" "0"
like "raise MSI without MSI configured: EINVAL" "$(uepf-raise fn 0 1 msi)" "^error errno=22 .*has no MSI"

# libuepf's MSI-X core on the real table/PBA: a notify while disabled
# latches, and the host reads the pending bit in the PBA through its BAR.
M=$(uepf-msix fn 5 2>&1)
echo "$M" | sed 's/^/# msix: /'
like "MSI-X core on device memory: notify while disabled latches" "$M" "^notify=latched"
like "MSI-X core: PBA bit 5 set in BAR memory" "$M" "^pba_qword=0x0000000000000020"
like "MSI-X core: vector 5 masked in the table" "$M" "^vector_ctrl=0x1"
pbabar=$(infokey fn pba_bar)
pbaoff=$(infokey fn pba_offset)
hostbar=$(lspci -vvv -s $bdf | sed -n "s/.*Region $pbabar: Memory at \([0-9a-f]*\).*/\1/p")
is "host reads the PBA bit through the BAR" \
	"$(devmem $(printf 0x%x $((0x$hostbar + pbaoff))) 32)" "0x00000020"

insmod $KO/uepf-host-test.ko
echo uepf-host-test >/sys/bus/pci/devices/$bdf/driver_override
echo $bdf >/sys/bus/pci/drivers_probe
H=$DBG/uepf-host-test/$bdf
check "host driver bound" test -d $H
is "host enabled 8 vectors" "$(cat $H/nvec 2>/dev/null)" "8"
is "CTRL: enabled" "$(infokey fn enabled)" "1"
is "CTRL: function not masked" "$(infokey fn maskall)" "0"
hostcount() { sed -n "s/^$1 //p" $H/counts; }
is "raise vector 0" "$(uepf-raise fn 0)" "raised 1"
is "host counted vector 0" "$(hostcount 0)" "1"
is "raise vector 7 x5" "$(uepf-raise fn 7 5)" "raised 5"
is "host counted vector 7 x5" "$(hostcount 7)" "5"
echo 3 >$H/mask
is "raise masked vector refused" "$(uepf-raise fn 3)" "refused vector-masked errno=EPERM"
is "raise masked vector, no uepf check: controller refuses" \
	"$(uepf-raise fn 3 1 nocheck)" "refused refused-by-controller errno=EPERM"
is "masked vector not delivered" "$(hostcount 3)" "0"
echo 3 >$H/unmask
is "raise unmasked vector" "$(uepf-raise fn 3)" "raised 1"
is "host counted vector 3" "$(hostcount 3)" "1"
cmd=$(setpci -s $bdf CAP_MSIX+2.w)
setpci -s $bdf CAP_MSIX+2.w=$(printf %x $((0x$cmd | 0x4000)))
is "CTRL: function mask read through vepc" "$(infokey fn maskall)" "1"
is "raise with function masked refused" "$(uepf-raise fn 1)" "refused function-masked errno=EPERM"
setpci -s $bdf CAP_MSIX+2.w=$cmd
is "raise after function unmask" "$(uepf-raise fn 1)" "raised 1"
is "STATS raise_ok" "$(infokey fn raise_ok)" "8"
is "STATS raise_refused" "$(infokey fn raise_refused)" "4"
is "STATS raise_failed" "$(infokey fn raise_failed)" "0"

# The ABI's documented errors.
abi() { is "ABI $1 -> $2" "$(uepf-abi fn $1)" "$1: $2"; }
abi raise-vector-range EINVAL
abi raise-vector-huge EINVAL
abi raise-bad-flags EINVAL
abi raise-reserved EINVAL
abi raise-small-size EINVAL
abi info-small-size EINVAL
abi info-bad-pointer EFAULT
abi ioctl-unknown ENOTTY
abi ioctl-wrong-encoded-size ENOTTY
abi mmap-bad-bar EINVAL
abi mmap-unused-bar ENXIO
abi mmap-past-end ENXIO
abi mmap-offset-past-end ENXIO
abi mmap-private EINVAL
abi mmap-whole-bar success
abi read-small-buffer EINVAL
abi read-nonblock-empty EAGAIN

# Events: link up and BME seen by the reader started before start.
echo 1 >$DBG/vepc/vepc.0/reset 2>/dev/null
sleep 0.5
echo 0 >$DBG/vepc/vepc.0/link 2>/dev/null
sleep 0.5
echo 1 >$DBG/vepc/vepc.0/link 2>/dev/null
bdf=$(wait_host)
sleep 0.5
kill $evpid 2>/dev/null; wait $evpid 2>/dev/null
sed 's/^/# events: /' /tmp/ev.txt
like "event link-up" "$(cat /tmp/ev.txt)" "^event link-up"
like "event bus-master-enable set" "$(cat /tmp/ev.txt)" "^event bus-master-enable arg=1"
like "event host-reset" "$(cat /tmp/ev.txt)" "^event host-reset"
like "event link-down" "$(cat /tmp/ev.txt)" "^event link-down"

# Overflow: a reader that does not read while more than 64 events come.
setpci -s $bdf COMMAND=0x6
sleep 0.5
mkfifo /tmp/go
exec 4<>/tmp/go
uepf-events fn 100 1000 -1 <&4 >/tmp/ov.txt 2>&1 &
ovpid=$!
i=0
while ! grep -q open /tmp/ov.txt && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
i=0
while [ $i -lt 40 ]; do
	setpci -s $bdf COMMAND=0x0
	setpci -s $bdf COMMAND=0x6
	i=$((i + 1))
done
sleep 1
echo go >&4
wait $ovpid
exec 4>&-
n=$(grep -c '^event bus-master-enable' /tmp/ov.txt)
is "overflow: 63 events then overflow" "$n" "63"
like "overflow event counts the lost ones" "$(tail -2 /tmp/ov.txt)" "^event overflow arg=17"
is "STATS events_lost" "$(infokey fn events_lost)" "17"

# --- unbind while open and mapped; rmmod while open ------------------
uepf-hold fn >/tmp/hold.txt 2>&1 &
hpid=$!
i=0
while ! grep -q mapped /tmp/hold.txt && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "holder mapped every BAR" grep -q mapped /tmp/hold.txt
exec 3</dev/uepf/fn
check_fails "rmmod uepf while open refused" rmmod uepf
echo 0 >$C/start
rm $C/fn
check_fails "device node gone after unbind" test -e /dev/uepf/fn
wait $hpid
sed 's/^/# hold: /' /tmp/hold.txt
H=$(cat /tmp/hold.txt)
like "after unbind: UNBOUND event" "$H" "^event unbound"
like "after unbind: INFO ENODEV" "$H" "^ioctl-info ENODEV"
like "after unbind: RAISE ENODEV" "$H" "^ioctl-raise ENODEV"
like "after unbind: RAISE_COUNTS ENODEV" "$H" "^ioctl-raise-counts ENODEV"
like "after unbind: mmap ENODEV" "$H" "^mmap ENODEV"
like "after unbind: read EOF" "$H" "^read eof"
like "after unbind: BAR access SIGBUS" "$H" "^bar-read SIGBUS"
like "after unbind: close" "$H" "^closed"
exec 3<&-
rmdir $F/fn
rmmod uepf-host-test 2>/dev/null

# --- plain MSI: msi_interrupts at bind ----------------------------------
mkfn fm bar0_size=4096 msix_vectors=2
echo 4 >$F/fm/msi_interrupts
bind fm
bdf=$(wait_host)
out=$(lspci -vvv -s "$bdf" 2>/dev/null)
echo "$out" | grep -E "MSI" | sed "s/^/# fm: /"
like "msi_interrupts=4: lspci MSI Count=1/4" "$out" "MSI: Enable- Count=1/4 "
like "msi_interrupts=4: MSI-X still there" "$out" "MSI-X: Enable- Count=2 Masked-"
is "INFO msi_vectors 4" "$(infokey fm msi_vectors)" "4"
is "raise MSI while host MSI disabled: EPERM" "$(uepf-raise fm 0 1 msi)" "refused msi-disabled errno=EPERM"
like "raise MSI 4 of 4: EINVAL" "$(uepf-raise fm 4 1 msi)" "^error errno=22 "
insmod $KO/pci_endpoint_test.ko irq_type=1
echo pci-endpoint-test >/sys/bus/pci/devices/$bdf/driver_override
echo $bdf >/sys/bus/pci/drivers_probe
like "host driver enabled MSI" "$(lspci -vvv -s $bdf 2>/dev/null)" "MSI: Enable\+ Count=4/4 "
r0=$(infokey fm raise_ok)
is "raise MSI 0 and 3" "$(uepf-raise fm 0 1 msi)$(uepf-raise fm 3 1 msi)" "raised 1raised 1"
is "STATS count MSI raises" "$(infokey fm raise_ok)" "$((r0 + 2))"
is "MSI raises not in MSI-X raise counts" "$(infokey fm raise_count_0)$(infokey fm raise_count_1)" "00"
ctl=$(setpci -s $bdf CAP_MSI+2.w)
setpci -s $bdf CAP_MSI+2.w=$(printf %x $(((0x$ctl & ~0x70) | 0x10)))
like "host enabled 2 of 4: raise MSI 2 EINVAL" "$(uepf-raise fm 2 1 msi)" "^error errno=22 .*host enabled"
is "host enabled 2 of 4: raise MSI 1" "$(uepf-raise fm 1 1 msi)" "raised 1"
setpci -s $bdf CAP_MSI+2.w=$(printf %x $((0x$ctl & ~0x1)))
is "host disabled MSI: raise EPERM" "$(uepf-raise fm 0 1 msi)" "refused msi-disabled errno=EPERM"
setpci -s $bdf CAP_MSI+2.w=$ctl
echo $bdf >/sys/bus/pci/devices/$bdf/driver/unbind 2>/dev/null
rmmod pci_endpoint_test 2>/dev/null
rmfn fm
mkfn fm33 bar0_size=4096
echo 33 >$F/fm33/msi_interrupts
out=$(ln -s $F/fm33 $C/ 2>&1)
is "msi_interrupts=33: bind refused" "$?" "1"
like "msi_interrupts=33: logged with the limit" "$(dmesg | tail -3)" "msi_interrupts=33: MSI offers 0..32 messages"
rmdir $F/fm33
check "rmmod uepf after close" rmmod uepf
check "reload uepf" insmod $KO/uepf.ko
check "rmmod uepf again" rmmod uepf

# --- a controller without PBA placement ------------------------------
# vepc pba_placement=0 models DesignWare and Cadence: the PBA follows the
# table; a PBA elsewhere is refused at bind with EOPNOTSUPP and a reason.
check "vepc unloads" rmmod vepc
check "vepc loads with pba_placement=0" insmod $KO/vepc.ko pba_placement=0
insmod $KO/uepf.ko
layout dw1 1 "BAR=0 offset=00000000" "BAR=0 offset=00000010" \
	"Region 0: Memory at .* \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]" \
	msix_vectors=1
layout dw64 64 "BAR=0 offset=00001000" "BAR=0 offset=00001400" \
	"Region 0: Memory at .* \(64-bit, non-prefetchable\) (\[disabled\] )?\[size=16K\]" \
	bar0_size=0x4000 bar0_flags=0x4 msix_vectors=64 msix_table_bar=0 \
	msix_table_offset=0x1000
mkfn two bar0_size=4096 bar1_size=4096 msix_vectors=8 msix_table_bar=0 \
	msix_pba_bar=1 msix_pba_offset=0
out=$(ln -s $F/two $C/ 2>&1)
is "two BARs without PBA placement: bind refused" "$?" "1"
like "two BARs without PBA placement: EOPNOTSUPP" "$out" "Operation not supported"
like "two BARs without PBA placement: logged with the controller's placement" \
	"$(dmesg | tail -3)" "msix_pba_bar=1 msix_pba_offset=0x0: this controller puts the PBA right after the table \(BAR0 offset 0x80\)"
check_fails "two BARs without PBA placement: no device node" test -e /dev/uepf/two
check_fails "two BARs without PBA placement: not linked" test -e $C/two
rmdir $F/two
check "rmmod uepf (pba_placement=0)" rmmod uepf
check "rmmod vepc (pba_placement=0)" rmmod vepc

like "kernel log has no oops or WARN" "$(dmesg | grep -vEf /uepf/tests/kernel-known.re | grep -cE 'Oops|WARNING:|BUG:|use-after-free')" "^0$"
done_testing
