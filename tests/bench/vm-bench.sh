#!/bin/sh
# VM benchmark (one boot, on vepc.0), run by `make vm-bench`:
#  1. host command -> MSI-X round trip: in-kernel pci-epf-test vs uepfd's
#     pci-epf-test model, both driven by pci_endpoint_test (PCITEST_MSIX);
#  2. idle wakeups per second: pci-epf-test's polling kworker vs uepfd
#     (context switches from /proc/PID/status over 10 s);
#  3. unmask -> delivery latency of a pending vector through uepfd.
# Prints "bench: KEY=VALUE" lines; exit 1 when a measurement failed.
KO=/uepf/ko
CFS=/sys/kernel/config/pci_ep
C=$CFS/controllers/vepc.0
DBG=/sys/kernel/debug
N=${BENCH_N:-300}
IDLE_S=${BENCH_IDLE_S:-10}
rc=0

insmod $KO/vepc.ko && insmod $KO/uepf.ko && insmod $KO/pci-epf-test.ko &&
	insmod $KO/pci_endpoint_test.ko irq_type=2 && insmod $KO/uepf-host-test.ko ||
	{ echo "bench: module load failed"; exit 1; }

bdf() { lspci -D -d "$1" 2>/dev/null | sed -n '1s/ .*//p'; }
wait_bdf() {
	i=0
	while [ -z "$(bdf $1)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	bdf $1
}
bind_host() { # BDF DRIVER
	echo $2 >/sys/bus/pci/devices/$1/driver_override
	[ -e /sys/bus/pci/devices/$1/driver ] &&
		echo $1 >/sys/bus/pci/devices/$1/driver/unbind
	echo $1 >/sys/bus/pci/drivers_probe
	i=0
	while [ ! -e /sys/bus/pci/devices/$1/driver ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
# ctxsw PID...: voluntary + involuntary context switches, summed
ctxsw() {
	s=0
	for p in "$@"; do
		for v in $(sed -n 's/^\(non\)\{0,1\}voluntary_ctxt_switches:[[:space:]]*//p' /proc/$p/status 2>/dev/null); do
			s=$((s + v))
		done
	done
	echo $s
}
# wakeups PID...: context switches per second over IDLE_S seconds
wakeups() {
	a=$(ctxsw "$@"); sleep $IDLE_S; b=$(ctxsw "$@")
	awk -v a=$a -v b=$b -v t=$IDLE_S 'BEGIN { printf "%.1f", (b - a) / t }'
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
highpri_kworkers() {
	for d in /proc/[0-9]*; do
		case "$(cat $d/comm 2>/dev/null)" in kworker/*H*) echo ${d#/proc/} ;; esac
	done
}

# Order: uepf first.  Linux 6.1's pci-epf-test leaves its notifier on the
# controller's chain when unbound, so nothing can bind after it on the same
# controller (the next pci_epc_register_notifier() walks freed memory).
kw=$(highpri_kworkers)
kb_wake=$(wakeups $kw)
echo "bench: kworker_baseline_wakeups_per_s=$kb_wake (highpri kworkers, nothing bound)"

# --- 1b/2b/3: uepf + uepfd ---------------------------------------------
F=$CFS/functions/pci_epf_uepf/u
mkdir $F
echo 0x1234 >$F/vendorid; echo 0xe7e1 >$F/deviceid
echo 4096 >$F/uepf/bar0_size; echo 8 >$F/uepf/msix_vectors
ln -s $F $C/
/usr/sbin/uepfd --log-file /tmp/uepfd.log u </dev/null >/dev/null 2>&1 &
UPID=$!
i=0
while ! uepfd-call /run/uepf/u.sock ping >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
echo 1 >$C/start
B=$(wait_bdf 1234:e7e1)
bind_host $B pci-endpoint-test
out=$(uepf-bench-rtt -n $N) || rc=1
echo "# uepfd: $out"
u_p50=$(echo "$out" | field p50_us); u_mean=$(echo "$out" | field mean_us)
echo "bench: uepfd_rtt_p50_us=$u_p50 uepfd_rtt_mean_us=$u_mean"
sleep 1
u_wake=$(wakeups $UPID)
echo "bench: uepfd_idle_wakeups_per_s=$u_wake (poll-max $(uepfd-call /run/uepf/u.sock status | sed -n 's/.*"poll_max_us":\([0-9]*\).*/\1/p') us)"

bind_host $B uepf-host-test
H=$DBG/uepf-host-test/$B
for gap in 0 50; do
	out=$(uepf-bench-unmask /run/uepf/u.sock $H 3 ${BENCH_UNMASK_N:-100} $gap) || rc=1
	echo "# $out"
	echo "bench: unmask_gap${gap}ms_p50_us=$(echo "$out" | field p50_us) unmask_gap${gap}ms_p99_us=$(echo "$out" | field p99_us) lost=$(echo "$out" | field lost)"
done
uepfd-call /run/uepf/u.sock status | sed 's/^/# status: /'
kill $UPID; wait $UPID
echo $B >/sys/bus/pci/devices/$B/driver/unbind
echo 0 >$C/start; rm $C/u; rmdir $F
sleep 0.5
# --- 1a/2a: in-kernel pci-epf-test ------------------------------------
K=$CFS/functions/pci_epf_test/k
mkdir $K
echo 0x1234 >$K/vendorid; echo 0xe7e0 >$K/deviceid
echo 1 >$K/msi_interrupts; echo 8 >$K/msix_interrupts
ln -s $K $C/ && echo 1 >$C/start
B=$(wait_bdf 1234:e7e0)
bind_host $B pci-endpoint-test
out=$(uepf-bench-rtt -n $N) || rc=1
echo "# in-kernel: $out"
k_p50=$(echo "$out" | field p50_us); k_mean=$(echo "$out" | field mean_us)
sleep 1
kw=$(highpri_kworkers)
k_wake=$(wakeups $kw)
echo "bench: kernel_rtt_p50_us=$k_p50 kernel_rtt_mean_us=$k_mean"
echo "bench: kernel_idle_wakeups_per_s=$k_wake (highpri kworkers: $(echo $kw | wc -w))"
awk -v u=$u_mean -v k=$k_mean -v up=$u_p50 -v kp=$k_p50 'BEGIN {
	printf "bench: rtt_ratio_mean=%.2f rtt_ratio_p50=%.2f (target <= 1.2)\n", u / k, up / kp }'
awk -v u=$u_wake -v k=$k_wake 'BEGIN {
	printf "bench: idle_wakeups uepfd/kernel=%.2f (target < 1)\n", k > 0 ? u / k : 0 }'

echo "bench: exit rc=$rc"
exit $rc
