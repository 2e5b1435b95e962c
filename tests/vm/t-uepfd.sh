#!/bin/sh
# uepfd on vepc.0: the doorbell model under uepf-host check, masked vectors
# latched in the PBA and delivered once on unmask (vector mask, function
# mask through setpci), host writes into the PBA ignored, SIGKILL and
# restart with vectors pending, the kernel's per-vector raise counts
# (UEPF_IOC_RAISE_COUNTS: bad input, equal to the interrupts the host
# counted) and a kill right before / right after the raise ioctl of a
# pending vector (test hook UEPFD_TEST_EXIT), bus mastering off, host
# reset, the control
# socket fed bad requests, bad flags; then the pci-epf-test model driven by
# the unmodified pci_endpoint_test + pcitest on every vector.
. /uepf/tests/tap.sh

KO=/uepf/ko
CFS=/sys/kernel/config/pci_ep
F=$CFS/functions/pci_epf_uepf
C=$CFS/controllers/vepc.0
DBG=/sys/kernel/debug
UEPFD=/usr/sbin/uepfd
NVEC=8
SOCK=/run/uepf/db.sock
export PATH=$PATH:/usr/sbin

insmod $KO/vepc.ko || { echo "Bail out! vepc.ko"; exit 1; }
insmod $KO/uepf.ko || { echo "Bail out! uepf.ko"; exit 1; }
insmod $KO/uepf-host-test.ko || { echo "Bail out! uepf-host-test.ko"; exit 1; }

host_bdf() { lspci -D -d "$1" | sed -n '1s/ .*//p'; }
wait_host() {
	i=0
	while [ -z "$(host_bdf "$1")" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	host_bdf "$1"
}
infokey() { uepf-info $1 | sed -n "s/^$2=//p"; }
region() { lspci -vvv -s $1 | sed -n "s/.*Region $2: Memory at \([0-9a-f]*\).*/\1/p"; }
# wait until a daemon answers on socket $1 (a SIGKILLed one leaves its file)
wait_sock() {
	i=0
	while ! uepfd-call "$1" ping >/dev/null 2>&1 && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	uepfd-call "$1" ping >/dev/null 2>&1
}
call() { uepfd-call $SOCK "$@"; }
jget() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" | head -1 | tr -d '"'; }
st() { call status | jget "$1"; }

# --- function "db": 4 KiB register BAR0, 8 vectors in BAR1 ------------
mkdir $F/db
echo 0x1234 >$F/db/vendorid
echo 0xd00b >$F/db/deviceid
echo 4096 >$F/db/uepf/bar0_size
echo $NVEC >$F/db/uepf/msix_vectors
ln -s $F/db $C/ && echo 1 >$C/start
BDF=$(wait_host 1234:d00b)
check "host sees function db" test -n "$BDF"
echo uepf-host-test >/sys/bus/pci/devices/$BDF/driver_override
echo $BDF >/sys/bus/pci/drivers_probe
H=$DBG/uepf-host-test/$BDF
check "host test driver bound (table written before uepfd starts)" test -d $H

BAR0=0x$(region $BDF 0)
PBABAR=$(infokey db pba_bar)
PBA=$(printf 0x%x $((0x$(region $BDF $PBABAR) + $(infokey db pba_offset))))
DB=$BAR0
count() { sed -n "s/^$1 //p" $H/counts; }
pba() { devmem $PBA 32; }
# ring V: the host writes V to the doorbell and waits until uepfd took it
ring() {
	devmem $DB 32 $1
	i=0
	while [ "$(devmem $DB 32)" != 0xFFFFFFFF ] && [ $i -lt 100 ]; do
		sleep 0.01; i=$((i + 1))
	done
}
# settle: give uepfd a few poll periods
settle() { sleep ${1:-0.2}; }

# --- bad flags: message naming the value and the limit, exit 2 --------
badflag() {
	out=$($UEPFD "$@" 2>&1); rc=$?
	is "bad flag '$*' exits 2" "$rc" 2
	like "bad flag '$*' message" "$out" "$EXPECT"
}
EXPECT="poll-min-us 5: outside 10..10000000"; badflag --poll-min-us 5 db
EXPECT="model 'foo': must be pci-epf-test or doorbell"; badflag --model foo db
EXPECT="BAR '7' not in 0..5"; badflag --model doorbell --doorbell 7:0 db
EXPECT="offset 0x2 must be 4-byte aligned"; badflag --model doorbell --doorbell 0:2 db
EXPECT="poll-min-us 500 is above --poll-max-us 100"; badflag --poll-min-us 500 --poll-max-us 100 db
EXPECT="log-level 'loud'"; badflag --log-level loud db
EXPECT="function name '../x'"; badflag ../x
EXPECT="offset beyond BAR0 of 0x1000 bytes"; badflag --model doorbell --doorbell 0:0x1000 --socket /tmp/x.sock db
EXPECT="inside the MSI-X table"; badflag --model doorbell --doorbell 1:0x10 --socket /tmp/x.sock db
check_fails "no stray socket after bad start" test -e /tmp/x.sock

# --- UEPF_IOC_RAISE_COUNTS: the documented errors ----------------------
abi() { is "RAISE_COUNTS ABI $1 -> $2" "$(uepf-abi db $1)" "$1: $2"; }
abi counts-ok success
abi counts-past-end EINVAL
abi counts-first-past-end EINVAL
abi counts-wrap EINVAL
abi counts-zero EINVAL
abi counts-small-size EINVAL
abi counts-reserved EINVAL
abi counts-bad-pointer EFAULT

# --- start the doorbell model ----------------------------------------
# (not inside $(...): the daemon would keep the substitution's pipe open)
start_db() {
	$UEPFD --model doorbell --log-level debug --log-file /tmp/uepfd-db.log db \
		</dev/null >>/tmp/uepfd-db.out 2>&1 &
	DPID=$!
	wait_sock $SOCK
}
start_db
check "uepfd starts (doorbell model)" uepfd-call $SOCK ping
is "socket mode 0600" "$(stat -c %a $SOCK)" 600
is "pidfile holds the pid" "$(cat /run/uepf/db.pid)" "$DPID"
like "ping" "$(call ping)" '"pong":true,"protocol":1,"name":"db"'
is "status: model doorbell" "$(st model)" doorbell
is "status: enabled (host driver ran before uepfd)" "$(st enabled)" true
is "status: nothing pending" "$(st vectors_pending)" 0
is "doorbell idles at 0xffffffff" "$(devmem $DB 32)" 0xFFFFFFFF
like "live table kept at start: vector 0 unmasked" "$(call 'table 0 1')" '"vector":0,"address":"0x00000000feed[0-9a-f]*","data":"0x[0-9a-f]*","control":"0x00000000","masked":false'

# --- the end-to-end proof ---------------------------------------------
out=$(uepf-host --doorbell 0:0 check $BDF 2>&1); rc=$?
echo "$out" | sed 's/^/# check: /'
is "uepf-host check against the doorbell model exits 0" "$rc" 0
like "uepf-host check verdict PASS" "$out" "^verdict: PASS"

# --- vector mask: latched, PBA bit seen by the host, one on unmask -----
c0=$(count 3)
echo 3 >$H/mask
ring 3; ring 3; ring 3; settle
is "masked vector: no interrupt" "$(count 3)" "$c0"
is "masked vector: host reads PBA bit 3" "$(pba)" 0x00000008
like "masked vector: PBA bit 3 through the BAR's sysfs resource (uepf-host show)" \
	"$(uepf-host show $BDF 2>/dev/null)" "^[[:space:]]+0000000000000008$"
is "status: one pending" "$(st vectors_pending)" 1
is "status: watching" "$(st watching)" true
echo 3 >$H/unmask; settle
is "unmask: exactly one interrupt (3 rings while masked)" "$(count 3)" $((c0 + 1))
is "unmask: PBA bit clear" "$(pba)" 0x00000000
is "status: nothing pending after unmask" "$(st vectors_pending)" 0

# --- function mask through setpci: all held, each once on clear ---------
for v in 0 1 2 3 4 5 6 7; do eval b$v=$(count $v); done
setpci -s $BDF CAP_MSIX+2.w=4000:4000
for v in 0 1 2 3 4 5 6 7; do ring $v; ring $v; done
settle
is "function mask: PBA all set" "$(pba)" 0x000000FF
same=1
for v in 0 1 2 3 4 5 6 7; do [ "$(count $v)" = "$(eval echo \$b$v)" ] || same=0; done
is "function mask: no interrupt at all" $same 1
is "status: function_masked" "$(st function_masked)" true
setpci -s $BDF CAP_MSIX+2.w=0000:4000
settle 0.3
ok=1
for v in 0 1 2 3 4 5 6 7; do [ "$(count $v)" = "$(($(eval echo \$b$v) + 1))" ] || ok=0; done
is "function unmask: every vector exactly once" $ok 1
is "function unmask: PBA clear" "$(pba)" 0x00000000

# --- host writes into the PBA change nothing ---------------------------
for v in 0 1 2 3 4 5 6 7; do eval b$v=$(count $v); done
devmem $PBA 32 0xff
settle
is "host PBA write: nothing pending" "$(st vectors_pending)" 0
same=1
for v in 0 1 2 3 4 5 6 7; do [ "$(count $v)" = "$(eval echo \$b$v)" ] || same=0; done
is "host PBA write: no interrupt" $same 1
sleep 1.2
is "host PBA write undone within a second" "$(pba)" 0x00000000
echo 6 >$H/mask
ring 6; settle
devmem $PBA 32 0
settle
is "host clears a pending PBA bit: still pending" "$(call pba | jget consistent)" true
echo 6 >$H/unmask; settle
is "host cleared bit: still delivered once on unmask" "$(count 6)" $(($(eval echo \$b6) + 1))

# --- SIGKILL with vectors pending --------------------------------------
echo 1 >$H/mask; echo 2 >$H/mask; echo 4 >$H/mask
c1=$(count 1); c2=$(count 2); c4=$(count 4); c5=$(count 5)
ring 1; ring 2; ring 4; settle
echo 4 >$H/unmask; settle
is "before kill: vector 4 delivered" "$(count 4)" $((c4 + 1))
is "before kill: PBA bits 1, 2" "$(pba)" 0x00000006
kill -9 $DPID; wait $DPID 2>/dev/null
is "after SIGKILL: PBA still holds bits 1, 2" "$(pba)" 0x00000006
devmem $PBA 32 0x26		# the host sets bit 5 while no daemon runs
check "SIGKILL leaves the socket file" test -S $SOCK
start_db
check "uepfd restarts" uepfd-call $SOCK ping
is "restart: two pending (host-set bit 5 not taken)" "$(st vectors_pending)" 2
is "restart: PBA back to bits 1, 2" "$(pba)" 0x00000006
is "restart: state file was used" "$(st restarted)" true
echo 1 >$H/unmask; echo 2 >$H/unmask; settle
is "restart + unmask: vector 1 exactly once" "$(count 1)" $((c1 + 1))
is "restart + unmask: vector 2 exactly once" "$(count 2)" $((c2 + 1))
is "restart: vector 4 (delivered before the kill) not again" "$(count 4)" $((c4 + 1))
is "restart: vector 5 (host PBA write) not delivered" "$(count 5)" "$c5"
is "restart: PBA clear" "$(pba)" 0x00000000
# unmask while no daemon runs: delivered at start, once
echo 7 >$H/mask; c7=$(count 7); ring 7; settle
kill -9 $DPID; wait $DPID 2>/dev/null
echo 7 >$H/unmask
is "unmasked while dead: not yet delivered" "$(count 7)" "$c7"
start_db
check "uepfd restarts again" uepfd-call $SOCK ping
settle
is "unmasked while dead: delivered once at restart" "$(count 7)" $((c7 + 1))

# --- kernel raise counts = interrupts the host counted ----------------
rcount() { uepf-info db | sed -n "s/^raise_count_$1=//p"; }
same_counts() {
	for v in 0 1 2 3 4 5 6 7; do
		[ "$(rcount $v)" = "$(count $v)" ] || { echo "# vector $v: kernel $(rcount $v), host $(count $v)"; return 1; }
	done
}
check "raise counts equal the host's interrupt counts, every vector" same_counts
check_fails "raise counts are not all zero" sh -c '[ "$(uepf-info db | grep -c "^raise_count_[0-9]*=0$")" = 8 ]'

# --- kill points around the raise ioctl (test hook UEPFD_TEST_EXIT) -----
# before-raise: the core has cleared pending (PBA bit 5 clear), the message
# has not left: the restart must deliver it (a PBA-based rule lost it).
kill $DPID; wait $DPID
start_hook() {
	UEPFD_TEST_EXIT=$1 $UEPFD --model doorbell --log-level debug \
		--log-file /tmp/uepfd-db.log db </dev/null >>/tmp/uepfd-db.out 2>&1 &
	DPID=$!
	wait_sock $SOCK
}
start_hook before-raise:5
echo 5 >$H/mask; c5=$(count 5); k5=$(rcount 5)
ring 5; settle
is "hook: vector 5 latched" "$(pba)" 0x00000020
echo 5 >$H/unmask
wait $DPID
is "before-raise: the daemon died in the delivery (status 99)" "$?" 99
is "before-raise: PBA bit 5 already clear" "$(pba)" 0x00000000
is "before-raise: no interrupt yet" "$(count 5)" "$c5"
is "before-raise: kernel raise count unchanged" "$(rcount 5)" "$k5"
start_db
settle
is "before-raise + restart: delivered exactly once" "$(count 5)" $((c5 + 1))
is "before-raise + restart: kernel raise count + 1" "$(rcount 5)" $((k5 + 1))
is "before-raise + restart: nothing pending" "$(st vectors_pending)" 0
# after-raise: the message left, the state file still lists vector 5; the
# host sets PBA bit 5 while no daemon runs: the restart must not send again.
kill $DPID; wait $DPID
start_hook after-raise:5
echo 5 >$H/mask; c5=$(count 5); k5=$(rcount 5)
ring 5; settle
echo 5 >$H/unmask
wait $DPID
is "after-raise: the daemon died after the raise (status 99)" "$?" 99
is "after-raise: interrupt delivered" "$(count 5)" $((c5 + 1))
is "after-raise: kernel raise count + 1" "$(rcount 5)" $((k5 + 1))
devmem $PBA 32 0x20
start_db
settle
is "after-raise + restart: no duplicate (host PBA write ignored)" "$(count 5)" $((c5 + 1))
is "after-raise + restart: nothing pending" "$(st vectors_pending)" 0
like "after-raise + restart: the log names the delivery" "$(cat /tmp/uepfd-db.log)" "vector 5: delivered before the restart"
is "after-raise + restart: PBA rewritten clear" "$(pba)" 0x00000000
check "raise counts still equal the host's counts" same_counts
out=$(UEPFD_TEST_EXIT=during:5 $UEPFD --model doorbell db 2>&1); rc=$?
is "bad UEPFD_TEST_EXIT exits 2" "$rc" 2
like "bad UEPFD_TEST_EXIT message" "$out" "UEPFD_TEST_EXIT 'during:5': must be before-raise:V or after-raise:V"

# --- SIGHUP reopens the log --------------------------------------------
mv /tmp/uepfd-db.log /tmp/uepfd-db.log.1
kill -HUP $DPID; settle
like "SIGHUP: log reopened in a new file" "$(cat /tmp/uepfd-db.log 2>&1)" "SIGHUP: log reopened"
check "SIGHUP: daemon still serving" call ping

# --- bus mastering off: raises held, delivered when it comes back -------
c0=$(count 0)
cmd=$(setpci -s $BDF COMMAND)
setpci -s $BDF COMMAND=$(printf %x $((0x$cmd & ~4)))
settle
is "status: bus_master off" "$(st bus_master)" off
ring 0; settle
is "bus master off: no interrupt" "$(count 0)" "$c0"
is "bus master off: held pending" "$(st vectors_pending)" 1
setpci -s $BDF COMMAND=$cmd
settle
is "bus master on: delivered once" "$(count 0)" $((c0 + 1))

# --- control socket: bad requests get errors, the daemon keeps serving --
bad() {
	out=$(uepfd-call $SOCK "$@" 2>&1)
	like "control $* -> $EXPECT" "$out" "^error $EXPECT"
}
EXPECT=EBADMSG; bad --empty
EXPECT=EBADMSG; bad --hex 00
EXPECT=EBADMSG; bad --hex 73746174757300
EXPECT=EBADMSG; bad --hex ff
EXPECT=EMSGSIZE; bad --size 513
EXPECT=EMSGSIZE; bad --size 60000
EXPECT=EOPNOTSUPP; bad bogus
EXPECT=EOPNOTSUPP; bad sta
EXPECT=EINVAL; bad fire
EXPECT=EINVAL; bad "fire 1 x"
EXPECT=ERANGE; bad "fire 8"
EXPECT=ERANGE; bad "fire 99999999999"
EXPECT=ERANGE; bad "table 0 0"
EXPECT=EINVAL; bad "status extra"
EXPECT=EINVAL; bad "log-level loud"
f0=$(st fired)
like "error names the value and the limit" "$(call 'fire 3 8')" "vector 8 out of range 0..7"
is "failed fire (3 valid, 8 not) fired nothing" "$(st fired)" "$f0"
check "still serving after bad requests" call ping status
like "a bad request then a good one on one connection" "$(uepfd-call $SOCK bogus ping)" '"pong":true'
like "fire over the socket" "$(call 'fire 5')" '"vector":5,"result":"raised"'
like "table pages" "$(call 'table 6')" '"first":6,"count":2,"next":null'
like "pba verb" "$(call pba)" '"pending":\[\],"qwords":\["0x0000000000000000"\],"consistent":true'
# credentials: the owner is served, another uid is refused
kill $DPID; wait $DPID
is "SIGTERM: exit 0" "$?" 0
check_fails "SIGTERM: socket removed" test -e $SOCK
check_fails "SIGTERM: pidfile removed" test -e /run/uepf/db.pid
$UEPFD --model doorbell --owner 1000 --log-file /tmp/uepfd-db.log db \
	</dev/null >>/tmp/uepfd-db.out 2>&1 &
DPID=$!
wait_sock $SOCK
like "owner uid 1000 served" "$(uepfd-call --uid 1000 $SOCK ping 2>&1)" '"pong":true'
check_fails "uid 1001 refused" uepfd-call --uid 1001 $SOCK ping
check_fails "second daemon on the same socket refused" $UEPFD --model doorbell --log-file /tmp/second.log db
like "second daemon says why" "$(cat /tmp/second.log)" "another daemon answers there"

# --- host reset: the core's reset runs ---------------------------------
echo 2 >$H/mask; ring 2; settle
is "before host reset: one pending" "$(st vectors_pending)" 1
echo 1 >$DBG/vepc/vepc.0/reset
settle 0.5
is "host reset: nothing pending" "$(st vectors_pending)" 0
is "host reset: resets counted" "$(st resets)" 1
is "host reset: PBA clear" "$(pba)" 0x00000000
like "host reset: table masked" "$(call 'table 2 1')" '"control":"0x00000001","masked":true'
check "shutdown verb" call shutdown
wait $DPID
is "shutdown: exit 0" "$?" 0
sed 's/^/# uepfd-db.log: /' /tmp/uepfd-db.log | tail -15

echo 0 >/sys/bus/pci/devices/$BDF/remove 2>/dev/null
echo 0 >$C/start; rm $C/db; rmdir $F/db

# --- pci-epf-test model with the unmodified host driver -----------------
insmod $KO/pci_endpoint_test.ko irq_type=2
mkdir $F/et
echo 0x1234 >$F/et/vendorid
echo 0xe7e7 >$F/et/deviceid
echo 4096 >$F/et/uepf/bar0_size
echo $NVEC >$F/et/uepf/msix_vectors
echo 4 >$F/et/msi_interrupts
ln -s $F/et $C/
check "uepfd --daemon returns once ready" $UEPFD --daemon --log-file /tmp/uepfd-et.log et
EPID=$(cat /run/uepf/et.pid)
check "uepfd --daemon: socket answers at once" uepfd-call /run/uepf/et.sock ping
check "uepfd --daemon: pidfile names a live uepfd" sh -c "grep -q uepfd /proc/$EPID/comm"
echo 1 >$C/start
BDF=$(wait_host 1234:e7e7)
echo pci-endpoint-test >/sys/bus/pci/devices/$BDF/driver_override
echo $BDF >/sys/bus/pci/drivers_probe
i=0
while [ ! -e /dev/pci-endpoint-test.0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "pci_endpoint_test bound (MSI-X)" test -e /dev/pci-endpoint-test.0
pcitest -i 2 >/dev/null 2>&1
v=1
while [ $v -le $NVEC ]; do
	out=$(pcitest -x $v 2>&1)
	like "pcitest MSI-X $v through uepfd" "$out" "	OKAY"
	v=$((v + 1))
done
out=$(pcitest -x $((NVEC + 1)) 2>&1)
like "pcitest MSI-X $((NVEC + 1)) (beyond the table) NOT OKAY" "$out" "NOT OKAY"
like "status counts the raises" "$(uepfd-call /run/uepf/et.sock status)" "\"raised\":$NVEC"
# plain MSI: the host driver switches to MSI, the model raises through uepf
like "pcitest -i 1: host driver switches to MSI" "$(pcitest -i 1 2>&1)" "	OKAY"
like "lspci: MSI enabled, 4 messages" "$(lspci -vvv -s $BDF 2>/dev/null)" "MSI: Enable\+ Count=4/4 "
v=1
while [ $v -le 4 ]; do
	like "pcitest MSI $v through uepfd" "$(pcitest -m $v 2>&1)" "	OKAY"
	v=$((v + 1))
done
like "pcitest MSI 5 (beyond msi_interrupts) NOT OKAY" "$(pcitest -m 5 2>&1)" "NOT OKAY"
like "pcitest -i 2: back to MSI-X" "$(pcitest -i 2 2>&1)" "	OKAY"
like "after MSI: pcitest MSI-X 2 through uepfd" "$(pcitest -x 2 2>&1)" "	OKAY"

# link down: the core's reset runs; link up: the host driver works again
r0=$(uepfd-call /run/uepf/et.sock status | jget resets)
echo down >$DBG/vepc/vepc.0/link
settle 0.5
is "link down: status link down" "$(uepfd-call /run/uepf/et.sock status | jget link)" down
is "link down: one more reset" "$(uepfd-call /run/uepf/et.sock status | jget resets)" $((r0 + 1))
echo up >$DBG/vepc/vepc.0/link
BDF=$(wait_host 1234:e7e7)
echo pci-endpoint-test >/sys/bus/pci/devices/$BDF/driver_override
echo $BDF >/sys/bus/pci/drivers_probe
i=0
while [ ! -e /dev/pci-endpoint-test.0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
pcitest -i 2 >/dev/null 2>&1
like "after link down/up: pcitest MSI-X 3 through uepfd" "$(pcitest -x 3 2>&1)" "	OKAY"
is "status link up" "$(uepfd-call /run/uepf/et.sock status | jget link)" up
kill $EPID
i=0
while [ -e /proc/$EPID ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check_fails "pci-epf-test model: SIGTERM ends the daemon" test -e /proc/$EPID
check_fails "pci-epf-test model: pidfile removed" test -e /run/uepf/et.pid
sed 's/^/# uepfd-et.log: /' /tmp/uepfd-et.log | tail -5

like "kernel log has no oops or WARN" "$(dmesg | grep -vEf /uepf/tests/kernel-known.re | grep -cE 'Oops|WARNING:|BUG:')" "^0$"
done_testing
