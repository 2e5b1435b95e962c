#!/bin/sh
# The demo on the simulated board (run by tests/demo through tests/vm/run):
# a uepf function with 8 MSI-X vectors on vepc.0 driven by uepfd, seen from
# the host side of the loopback bridge; one interrupt masked by the host,
# fired by the endpoint, left pending in the PBA, and delivered exactly
# once on unmask.  Every claim is checked; the exit status says whether
# all of them held.
KO=/uepf/ko
V=3
fails=0
say() { printf '\n### %s\n' "$*"; }
expect() { # expect WHAT GOT WANT
	if [ "$2" = "$3" ]; then echo "    ok: $1 = $2"
	else echo "    FAILED: $1 = $2, expected $3"; fails=$((fails + 1)); fi
}

say "endpoint side: load vepc (the simulated board) and uepf.ko, create and start the function"
insmod $KO/vepc.ko && insmod $KO/uepf.ko && insmod $KO/uepf-host-test.ko || exit 1
echo "# uepfctl create demo --model doorbell --doorbell 0:0 --bar 0:4K --vectors 8"
uepfctl create demo --model doorbell --doorbell 0:0 --bar 0:4K --vectors 8 || exit 1
echo "# uepfctl start demo --controller vepc.0"
uepfctl start demo --controller vepc.0 || exit 1
uepfctl list

BDF=$(lspci -D -n -d 1234:c0de | awk 'NR == 1 { print $1 }')
[ -n "$BDF" ] || { echo "the host does not see the device"; exit 1; }
say "host side: bind the interrupt-counting test driver to $BDF"
echo uepf-host-test >/sys/bus/pci/devices/$BDF/driver_override
echo "$BDF" >/sys/bus/pci/drivers_probe
DBG=/sys/kernel/debug/uepf-host-test/$BDF
count() { awk -v v="$1" '$1 == v { print $2 }' $DBG/counts; }
# the PBA bit as the host reads it through the BAR (uepf-host show --json)
pba_bit() {
	uepf-host show "$BDF" --json | tr -d ' \n' | sed 's/},{/}\n{/g' |
		grep "\"vector\":$1," | grep -q '"pending":true' && echo 1 || echo 0
}

say "host side: lspci -vvv -s $BDF"
lspci -vvv -s "$BDF" 2>/dev/null

say "host masks vector $V (uepf-host mask $BDF $V)"
uepf-host mask "$BDF" $V
say "endpoint fires vector $V (uepfctl fire demo $V)"
uepfctl fire demo $V
sleep 1
say "host looks: vector $V is pending, no interrupt arrived"
uepf-host show "$BDF"
expect "host interrupts on vector $V" "$(count $V)" 0
expect "PBA bit $V" "$(pba_bit $V)" 1
uepfctl status demo

say "host unmasks vector $V (uepf-host unmask $BDF $V)"
uepf-host unmask "$BDF" $V
i=0
while [ "$(count $V)" = 0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
expect "host interrupts on vector $V" "$(count $V)" 1
expect "PBA bit $V" "$(pba_bit $V)" 0
uepfctl table demo | sed -n "1p;/^ *$V /p"

say "result"
if [ $fails = 0 ]; then
	echo "masked -> pending -> delivered once on unmask: all checks held"
else
	echo "$fails check(s) failed"
fi
uepfctl stop demo >/dev/null
[ $fails = 0 ]
