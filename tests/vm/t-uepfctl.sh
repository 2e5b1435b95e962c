#!/bin/sh
# uepfctl end to end on vepc.0: bad requests change nothing in configfs,
# then create/list/start/status/table/pba/fire/watch/stop/destroy with the
# uepf-host-test driver counting interrupts on the host side, --json output
# validated, and the documented exit statuses.
. /uepf/tests/tap.sh

KO=/uepf/ko
CFS=/sys/kernel/config/pci_ep
F=$CFS/functions/pci_epf_uepf
C=$CFS/controllers/vepc.0
DBG=/sys/kernel/debug
U=uepfctl

insmod $KO/vepc.ko || { echo "Bail out! vepc.ko"; exit 1; }
insmod $KO/uepf.ko || { echo "Bail out! uepf.ko"; exit 1; }
insmod $KO/uepf-host-test.ko || { echo "Bail out! uepf-host-test.ko"; exit 1; }
command -v uepfd >/dev/null || echo "# uepfd not on PATH"

# json_ok TEXT: a small JSON validator (busybox has no jq).
json_ok() {
	printf '%s\n' "$1" | awk '
	function err(m) { print "json: " m " at offset " p; bad = 1; exit 1 }
	function ws() { while (p <= n && index(" \t\r\n", substr(s, p, 1))) p++ }
	function str(   c) {
		if (substr(s, p, 1) != "\"") err("expected string")
		p++
		while (p <= n) {
			c = substr(s, p, 1)
			if (c == "\"") { p++; return }
			if (c == "\\") {
				p++; c = substr(s, p, 1)
				if (c == "u") { if (!match(substr(s, p + 1, 4), /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/)) err("bad \\u"); p += 4 }
				else if (!index("\"\\/bfnrt", c)) err("bad escape")
			} else if (c < " ") err("control character in string")
			p++
		}
		err("unterminated string")
	}
	function val(   c) {
		if (++depth > 64) err("too deep")
		ws(); c = substr(s, p, 1)
		if (c == "{") {
			p++; ws()
			if (substr(s, p, 1) == "}") { p++; depth--; return }
			for (;;) {
				ws(); str(); ws()
				if (substr(s, p, 1) != ":") err("expected :")
				p++; val(); ws(); c = substr(s, p, 1); p++
				if (c == "}") break
				if (c != ",") err("expected , or }")
			}
		} else if (c == "[") {
			p++; ws()
			if (substr(s, p, 1) == "]") { p++; depth--; return }
			for (;;) {
				val(); ws(); c = substr(s, p, 1); p++
				if (c == "]") break
				if (c != ",") err("expected , or ]")
			}
		} else if (c == "\"") str()
		else if (substr(s, p, 4) == "true" || substr(s, p, 4) == "null") p += 4
		else if (substr(s, p, 5) == "false") p += 5
		else if (match(substr(s, p), /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) p += RLENGTH
		else err("unexpected character")
		depth--
	}
	{ s = s $0 "\n" }
	END {
		if (bad) exit 1
		n = length(s); p = 1; val(); ws()
		if (p <= n) err("trailing characters")
	}'
}
# jcheck NAME JSON REGEX...: valid JSON containing every REGEX.
jcheck() {
	name=$1 j=$2; shift 2
	msg=$(json_ok "$j") || { fail "$name: valid JSON" "$msg
$j"; return; }
	for re in "$@"; do
		printf '%s\n' "$j" | grep -qE -- "$re" || { fail "$name: /$re/" "$j"; return; }
	done
	pass "$name"
}
# st NAME WANT CMD...: exit status WANT.
st() {
	name=$1 want=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ $rc -eq "$want" ]; then pass "$name (exit $want)"
	else fail "$name (exit $want)" "exit $rc: $out"; fi
}

# Every readable attribute and link of the endpoint configfs tree, plus
# uepfctl's config and run directories.
snapshot() {
	find $CFS /etc/uepf /run/uepf 2>/dev/null | sort
	for a in $(find $CFS -type f 2>/dev/null | sort); do
		case $a in */start|*/msix_interrupts|*/msi_interrupts) ;;
		*) echo "$a=$(cat $a 2>/dev/null)" ;; esac
	done
	cat /etc/uepf/* 2>/dev/null
}

# --- json validator self-test -------------------------------------------
check "validator accepts valid JSON" json_ok '{"a":[1,-2.5e3,true,null,"x\"y"],"b":{}}'
check_fails "validator refuses a trailing comma" json_ok '{"a":1,}'
check_fails "validator refuses a bare word" json_ok '{"a":nope}'

# --- bad requests: exit status, message, configfs unchanged ------------
mkdir $F/pre && echo 0x1234 >$F/pre/vendorid && echo 4096 >$F/pre/uepf/bar0_size
echo 4 >$F/pre/uepf/msix_vectors
before=$(snapshot)
# badreq WANT REGEX ARGS...
badreq() {
	want=$1 re=$2; shift 2
	err=$($U "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -ne "$want" ]; then fail "bad: uepfctl $*: exit $want" "exit $rc: $err"
	elif ! printf '%s\n' "$err" | grep -qE -- "$re"; then fail "bad: uepfctl $*: message /$re/" "$err"
	else pass "bad: uepfctl $* -> $want"; fi
}
badreq 2 "--vectors 0 is outside 1..2048" create x --vectors 0
badreq 2 "--vectors 4096 is outside 1..2048" create x --vectors 4096
badreq 2 "BAR0 size 0x64 is not a power of two >= 128" create x --bar 0:100
badreq 2 "BAR5 cannot be 64-bit" create x --bar 5:4K:64
badreq 2 "MSI-X table in BAR2, which is unused" create x --table 2:0
badreq 2 "table offset 0x4: not 8-byte aligned" create x --bar 1:4K --table 1:4
badreq 2 "table of 257 vectors at (0x)?0 \+ 0x1010 ends at 0x1010, beyond BAR 1 size 0x1000" create x --bar 1:4K --table 1:0 --vectors 257
badreq 2 "overlap in BAR 1" create x --bar 1:4K --table 1:0x100 --pba 1:0x120 --vectors 8
badreq 2 "--model 'nic': unknown" create x --model nic
badreq 2 "--msi 33 is outside 0..32" create x --msi 33
badreq 2 "character '/' not allowed" create a/x
badreq 6 "function 'pre' exists already" create pre --vectors 2
badreq 3 "function 'nope' unknown" start nope
badreq 3 "controller 'vepc.9' unknown" start pre --controller vepc.9
badreq 6 "stop pre: not started" stop pre
badreq 4 "uepfd for 'pre' is not running" status pre
badreq 4 "uepfd for 'pre' is not running" table pre
badreq 4 "uepfd for 'pre' is not running" pba pre
badreq 2 "vector 4 out of range 0..3 \(4 vectors\)" fire pre 4
badreq 4 "uepfd for 'pre' is not running" fire pre 3
badreq 2 "unknown verb" frob
is "bad requests: configfs, /etc/uepf, /run/uepf unchanged" "$(snapshot)" "$before"
rmdir $F/pre

# --- create, list ---------------------------------------------------------
is "list: empty" "$($U list | sed 1d)" ""
jcheck "list --json: no functions" "$($U list --json)" '"functions": \[\]'
check "create fn --vectors 8" $U create fn --vectors 8
is "configfs msix_vectors" "$(cat $F/fn/uepf/msix_vectors)" "8"
is "configfs bar0_size (pci-epf-test registers)" "$(cat $F/fn/uepf/bar0_size)" "0x1000"
is "configfs vendorid" "$(cat $F/fn/vendorid)" "0x1234"
is "configfs deviceid" "$(cat $F/fn/deviceid)" "0xc0de"
is "configfs msi_interrupts (pci-epf-test default)" "$(cat $F/fn/msi_interrupts)" "4"
like "conf: model" "$(cat /etc/uepf/fn.conf)" "^model=pci-epf-test$"
check "create db (doorbell model, explicit layout)" $U create db --model doorbell \
	--bar 0:4K --bar 2:16K:64:pref --table 2:0x1000 --vectors 64 --doorbell 0:0x800
is "db: table bar" "$(cat $F/db/uepf/msix_table_bar)" "2"
is "db: msi_interrupts 0 (doorbell model)" "$(cat $F/db/msi_interrupts)" "0"
is "db: bar2 flags" "$(cat $F/db/uepf/bar2_flags)" "0xc"
like "db conf: doorbell" "$(cat /etc/uepf/db.conf)" "^doorbell=0:0x800$"
check "create ex (--exclusive-bar 3, 300 vectors)" $U create ex --exclusive-bar 3 --vectors 300
is "ex: BAR3 twice the 0x12c0-byte table, a power of two (16K)" "$(cat $F/ex/uepf/bar3_size)" "0x4000"
L=$($U list)
echo "$L" | sed 's/^/# /'
like "list: fn created with 8 vectors" "$L" "^fn +created +8 +- +pci-epf-test"
like "list: db" "$L" "^db +created +64 "
jcheck "list --json" "$($U list --json)" '"name": "fn"' '"state": "created"' '"vectors": 64'
check "destroy db" $U destroy db
check "destroy ex" $U destroy ex
check_fails "db conf removed" test -e /etc/uepf/db.conf

# --- start ------------------------------------------------------------------
check "start fn" $U start fn
check "fn linked to vepc.0" test -L $C/fn
check "device node /dev/uepf/fn" test -c /dev/uepf/fn
check "uepfd socket" test -S /run/uepf/fn.sock
pid=$(cat /run/uepf/fn.pid 2>/dev/null)
check "uepfd pid alive" kill -0 "$pid"
st "start fn again refused" 6 $U start fn
st "destroy started fn refused" 6 $U destroy fn
like "list: fn running on vepc.0" "$($U list)" "^fn +running +8 +vepc.0"

i=0
while [ -z "$(lspci -D -d 1234:c0de | cut -d' ' -f1)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
bdf=$(lspci -D -d 1234:c0de | sed -n '1s/ .*//p')
check "host sees the function" test -n "$bdf"

S=$($U status fn)
echo "$S" | sed 's/^/# status: /'
like "status: running" "$S" "^state: +running \(uepfd pid $pid\)"
like "status: MSI-X disabled before the host driver" "$S" "MSI-X disabled"
jcheck "status --json before the host driver" "$($U status fn --json)" \
	'"state": "running"' '"controller": "vepc.0"' '"enabled": false' '"nvectors": 8'

echo uepf-host-test >/sys/bus/pci/devices/$bdf/driver_override
echo $bdf >/sys/bus/pci/drivers_probe
H=$DBG/uepf-host-test/$bdf
check "host driver bound" test -d $H
hostcount() { sed -n "s/^$1 //p" $H/counts; }
sleep 0.3

S=$($U status fn)
like "status: enabled, function mask clear" "$S" "MSI-X enabled, function mask clear, function unmasked"
like "status: 0 of 8 masked" "$S" "^masked: +0 of 8 vectors"
like "status: link up" "$S" "^link: +up"

T=$($U table fn)
echo "$T" | sed 's/^/# table: /'
is "table: 8 entries" "$(echo "$T" | sed 1d | wc -l)" "8"
like "table: vector 0 has the host's address" "$T" "^ +0 +0x[0-9a-f]*[1-9a-f][0-9a-f]* "
like "table: vector 7 unmasked" "$T" "^ +7 .* no +no +0$"
jcheck "table --json" "$($U table fn --json)" '"nvectors": 8' '"vector": 7' '"masked": false'
is "table --first 6 --count 2" "$($U table fn --first 6 --count 2 | sed 1d | awk '{print $1}' | tr '\n' ' ')" "6 7 "

# --- fire: raised, latched while masked, delivered on unmask ----------------
R=$($U fire fn 0 7 7)
echo "$R" | sed 's/^/# fire: /'
like "fire 0: raised" "$R" "^vector 0: raised"
is "host counted vector 0" "$(hostcount 0)" "1"
is "host counted vector 7 twice" "$(hostcount 7)" "2"
echo 3 >$H/mask
like "fire 3 while masked: latched" "$($U fire fn 3)" "^vector 3: latched"
is "host did not count vector 3" "$(hostcount 3)" "0"
S=$($U status fn)
like "status: 1 of 8 masked" "$S" "^masked: +1 of 8 vectors"
like "status: 1 pending" "$S" "^pending: +1"
P=$($U pba fn)
echo "$P" | sed 's/^/# pba: /'
like "pba: vector 3 pending" "$P" "^pending: +3$"
like "pba: qword 0 has bit 3" "$P" "^qword 0 +0x0000000000000008"
jcheck "pba --json" "$($U pba fn --json)" '"pending": \[' '"consistent": true'
like "table: vector 3 masked and pending" "$($U table fn)" "^ +3 .* yes +yes +1$"
echo 3 >$H/unmask
i=0
while [ "$(hostcount 3)" != 1 ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
is "unmask delivers the pending vector once" "$(hostcount 3)" "1"
like "pba: none pending after unmask" "$($U pba fn)" "^pending: +none"
S=$($U status fn --json)
jcheck "status --json counters" "$S" '"fired": 4' '"delivered": 1' '"latched": 1' '"vectors_pending": 0'
jcheck "fire --json" "$($U fire fn --json 1)" '"vector": 1' '"result": "raised"'
st "fire 8 out of range" 2 $U fire fn 8
st "fire -1 refused" 2 $U fire fn -- -1
is "refused fires changed nothing" "$(hostcount 1)" "1"
R=$($U fire fn all)
is "fire all: 8 results" "$(echo "$R" | grep -c raised)" "8"
is "fire all: host counted vector 5" "$(hostcount 5)" "1"

# --- watch -----------------------------------------------------------------
W=$($U watch fn --count 2 --interval 100)
is "watch --count 2: two refreshes" "$(echo "$W" | grep -c '^function:')" "2"
like "watch: lists vector 7 (fired)" "$W" "^ +7 .* no +no +3$"
W=$($U watch fn --json --count 1)
jcheck "watch --json" "$W" '"daemon": \{' '"fired": 13'

# --- stop, status without a daemon, restart, destroy -----------------------
echo 1 >/sys/bus/pci/devices/$bdf/remove 2>/dev/null
check "stop fn" $U stop fn
check_fails "uepfd gone" kill -0 "$pid"
check_fails "fn unlinked from vepc.0" test -L $C/fn
check_fails "device node gone" test -e /dev/uepf/fn
st "status after stop: daemon not running" 4 $U status fn
like "status after stop still names the function" "$($U status fn 2>/dev/null)" "^state: +created"
jcheck "status --json after stop" "$($U status fn --json 2>/dev/null)" '"daemon": null' '"state": "created"'
st "stop again: not started" 6 $U stop fn
check "start fn --controller vepc.0" $U start fn --controller vepc.0
check "destroy --force a started fn" $U destroy fn --force
check_fails "fn gone from configfs" test -d $F/fn
check_fails "fn conf removed" test -e /etc/uepf/fn.conf
check_fails "uepfd stopped by destroy --force" test -S /run/uepf/fn.sock
is "list: empty again" "$($U list | sed 1d)" ""

# --- a bind the kernel refuses: start fails and leaves nothing behind ----
check "create two" $U create two --vectors 2
echo 0xffff >$F/two/vendorid	# by hand: the kernel refuses to bind it
before=$(snapshot)
badreq 1 "start two: binding to vepc.0: Invalid argument \(kernel: .*vendorid=0xffff is not a vendor ID" start two
is "refused start: configfs, /etc/uepf, /run/uepf unchanged" "$(snapshot)" "$before"
check "destroy two" $U destroy two

# --- pci-epf-test model with the unmodified pci_endpoint_test and pcitest --
insmod $KO/pci_endpoint_test.ko irq_type=2
check "create et (pci-epf-test model, 4 vectors)" $U create et --vectors 4 --device 0xe7e7
check "start et" $U start et
i=0
while [ -z "$(lspci -D -d 1234:e7e7)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
bdf=$(lspci -D -d 1234:e7e7 | sed -n '1s/ .*//p')
echo pci-endpoint-test >/sys/bus/pci/devices/$bdf/driver_override
echo $bdf >/sys/bus/pci/drivers_probe
i=0
while [ ! -e /dev/pci-endpoint-test.0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "pci_endpoint_test bound" test -e /dev/pci-endpoint-test.0
pcitest -i 2 >/dev/null 2>&1
for v in 1 2 3 4; do
	like "pcitest -x $v OKAY" "$(pcitest -x $v 2>&1)" "OKAY"
done
jcheck "status --json: 4 raised by the model" "$($U status et --json)" \
	'"model": "pci-epf-test"' '"raised": 4' '"enabled": true'
like "table: vector 3 fired once" "$($U table et)" "^ +3 .* no +no +1$"
echo 1 >/sys/bus/pci/devices/$bdf/remove 2>/dev/null
check "destroy et --force" $U destroy et --force

like "kernel log has no oops or WARN" "$(dmesg | grep -vEf /uepf/tests/kernel-known.re | grep -cE 'Oops|WARNING:|BUG:')" "^0$"
done_testing
