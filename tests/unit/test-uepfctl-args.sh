#!/bin/sh
# uepfctl bad arguments, host side: every bad request gives a message naming
# the problem, the documented exit status, and changes nothing.  Runs
# against a scratch "configfs" tree ($UEPF_CONFIGFS), config dir and run dir,
# whose full listing and contents are compared before and after each call.
# The end-to-end runs on a real configfs are in tests/vm/t-uepfctl.sh.
set -u

U=${UEPFCTL:-./userspace/uepfctl/uepfctl}
if [ ! -x "$U" ]; then
	echo "1..0 # SKIP no uepfctl binary at $U"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/uepfctl-args.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

export UEPF_CONFIGFS=$T/cfs UEPF_CONF_DIR=$T/etc UEPF_RUN_DIR=$T/run
export UEPFD=$T/no-such-uepfd
P=$T/cfs/pci_ep
F=$P/functions/pci_epf_uepf
mkdir -p $F $P/controllers/vepc.0 $T/etc $T/run

# A function that "exists", made by hand like configfs would show it.
mkfn() {
	mkdir -p $F/$1/uepf
	echo 0x1234 >$F/$1/vendorid
	echo "$2" >$F/$1/uepf/msix_vectors
	echo auto >$F/$1/uepf/msix_table_bar
	echo 0 >$F/$1/uepf/msix_table_offset
}
mkfn fn8 8
mkfn bound 4
ln -s $F/bound $P/controllers/vepc.0/bound
echo "model=pci-epf-test" >$T/etc/fn8.conf

N=0
FAILED=0
ok() { N=$((N + 1)); echo "ok $N - $1"; }
notok() {
	N=$((N + 1)); FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	printf '%s\n' "$2" | sed 's/^/#   /'
}

snapshot() {
	(cd "$T" && find . -print | LC_ALL=C sort && \
	 find . -type f -exec sh -c 'for f; do echo "$f: $(cat "$f")"; done' sh {} + | LC_ALL=C sort && \
	 find . -type l -exec ls -l {} + | sed 's/.* \.\//.\//')
}

# bad STATUS REGEX ARGS...: exit STATUS, stderr matches REGEX, tree unchanged.
bad() {
	want=$1 re=$2; shift 2
	before=$(snapshot)
	err=$("$U" "$@" 2>&1 >/dev/null)
	rc=$?
	after=$(snapshot)
	name="uepfctl $*"
	if [ $rc -ne "$want" ]; then
		notok "$name: exit $want" "exit $rc: $err"
	elif ! printf '%s\n' "$err" | grep -qE -- "$re"; then
		notok "$name: message /$re/" "$err"
	elif [ "$before" != "$after" ]; then
		notok "$name: nothing changed" "$(printf '%s\n' "$before" >$T/../b.$$; printf '%s\n' "$after" | diff $T/../b.$$ - ; rm -f $T/../b.$$)"
	else
		ok "$name -> $want, '$(printf '%s' "$err" | head -1 | cut -c1-90)'"
	fi
}

# --- usage (exit 2) ---------------------------------------------------
bad 2 "usage: uepfctl VERB"
bad 2 "unknown verb 'frobnicate'" frobnicate
bad 2 "create: give the function NAME" create
bad 2 "unexpected argument 'extra'" create fnx extra
bad 2 "character '/' not allowed" create a/b
bad 2 "must not start with '.'" create .hidden
bad 2 "is 64 characters, the limit is 63" create aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
bad 2 "create: unknown option .--nope." create fnx --nope
bad 2 "create: option .--vectors. needs a value" create fnx --vectors
bad 2 "--vectors 0 is outside 1..2048" create fnx --vectors 0
bad 2 "--vectors 2049 is outside 1..2048" create fnx --vectors 2049
bad 2 "--vectors '8x' is not a number" create fnx --vectors 8x
bad 2 "--vectors '-1' is not a number" create fnx --vectors -1
bad 2 "--msi 33 is outside 0..32" create fnx --msi 33
bad 2 "--msi 'x' is not a number" create fnx --msi x
bad 2 "create: option .--msi. needs a value" create fnx --msi
bad 2 "BAR '6' is not 0..5" create fnx --bar 6:4K
bad 2 "expected N:SIZE" create fnx --bar 0
bad 2 "size 'huge' is not a number" create fnx --bar 0:huge
bad 2 "BAR0 given twice" create fnx --bar 0:4K --bar 0:8K
bad 2 "unknown flag 'wc'" create fnx --bar 0:4K:wc
bad 2 "BAR0 size 0x64 is not a power of two >= 128" create fnx --bar 0:100
bad 2 "BAR0 size 0xbb8 is not a power of two >= 128" create fnx --bar 0:3000
bad 2 "BAR1 size 0x100000000 exceeds the 32-bit BAR limit 0x80000000" create fnx --bar 1:4G
bad 2 "BAR2 size 0x20000000000 exceeds the 64-bit BAR limit 0x10000000000" create fnx --bar 2:2T:64
bad 2 "BAR5 cannot be 64-bit" create fnx --bar 5:4K:64
bad 2 "BAR0 is 64-bit, so BAR1 \(its upper half\) must be unused, has size 0x1000" create fnx --bar 0:4K:64 --bar 1:4K
bad 2 "MSI-X table in BAR1, which is unused" create fnx --table 1:0
bad 2 "PBA in BAR2, which is unused" create fnx --bar 1:4K --table 1:0 --pba 2:0
bad 2 "expected BAR:OFFSET" create fnx --table 1
bad 2 "table offset 0x4: not 8-byte aligned" create fnx --bar 1:4K --table 1:4
bad 2 "PBA offset 0x804: not 8-byte aligned" create fnx --bar 1:4K --table 1:0 --pba 1:0x804
bad 2 "table of 256 vectors at 0x100 \+ 0x1000 ends at 0x1100, beyond BAR 1 size 0x1000" create fnx --bar 1:4K --table 1:0x100 --vectors 256
bad 2 "PBA of 1 vectors at 0x1000 \+ 0x8 ends at 0x1008, beyond BAR 1 size 0x1000 \(the PBA follows the table\)" create fnx --bar 1:4K --table 1:0xff0
bad 2 "table \[0x100, 0x180\) and PBA \[0x120, 0x128\) overlap in BAR 1" create fnx --bar 1:4K --table 1:0x100 --pba 1:0x120 --vectors 8
bad 2 "the table is automatic: give --table too" create fnx --bar 1:4K --pba 1:0
bad 2 "offset 0x100000000 is above the limit 0xfffffff8" create fnx --bar 1:4K --table 1:0x100000000
bad 2 "--exclusive-bar 6 is outside 0..5" create fnx --exclusive-bar 6
bad 2 "cannot be combined with --table or --pba" create fnx --exclusive-bar 1 --table 1:0
bad 2 "BAR1 is also given by --bar" create fnx --exclusive-bar 1 --bar 1:4K
bad 2 "no free BAR for the automatic MSI-X table" create fnx --bar 0:4K --bar 1:4K --bar 2:4K --bar 3:4K --bar 4:4K --bar 5:4K
bad 2 "--vendor 65535 is outside|--vendor 0xffff is outside" create fnx --vendor 0xffff
bad 2 "--device 0x10000 is outside" create fnx --device 0x10000
bad 2 "--model 'virtio': unknown \(pci-epf-test or doorbell\)" create fnx --model virtio
bad 2 "needs BAR0 for its registers" create fnx --bar 1:4K
bad 2 "MSI-X table at BAR0 offset 0x10 overlaps the registers" create fnx --bar 0:4K --table 0:0x10
bad 2 "--model doorbell: needs --doorbell BAR:OFFSET" create fnx --model doorbell
bad 2 "--doorbell: only for --model doorbell" create fnx --doorbell 0:0x800
bad 2 "--doorbell 1:0x0: BAR1 is unused" create fnx --model doorbell --bar 0:4K --doorbell 1:0
bad 2 "--doorbell 0:0x802: offset not 4-byte aligned" create fnx --model doorbell --bar 0:4K --doorbell 0:0x802
bad 2 "--doorbell 0:0x1000: beyond BAR0 size 0x1000" create fnx --model doorbell --bar 0:4K --doorbell 0:0x1000
bad 2 "--doorbell 0:0x10: inside the MSI-X table \[0x0, 0x80\)" create fnx --model doorbell --bar 0:4K --table 0:0 --vectors 8 --doorbell 0:0x10
bad 2 "--doorbell 0:0x80: inside the PBA \[0x80, 0x88\)" create fnx --model doorbell --bar 0:4K --table 0:0 --vectors 8 --doorbell 0:0x80
bad 2 "--owner no-such-user-xyz: no such user" create fnx --owner no-such-user-xyz
bad 2 "start: give the function NAME" start
bad 2 "--controller '': a controller name" start fn8 --controller ''
bad 2 "stop: unexpected argument" stop fn8 fn9
bad 2 "unexpected argument 'x'" list x
bad 2 "list: unknown option .--force." list --force
bad 2 "fire fn8: give VECTOR numbers or 'all'" fire fn8
bad 2 "vector '3x' is not a number" fire fn8 3x
bad 2 "vector 8 out of range 0..7 \(8 vectors\)" fire fn8 1 8
bad 2 "vector 0x800 out of range 0..7" fire fn8 0x800
bad 2 "'all' and vector numbers together" fire fn8 all 1
bad 2 "--first 8 out of range 0..7" table fn8 --first 8
bad 2 "--count 0 is outside 1..2048" table fn8 --count 0
bad 2 "--interval 1 is outside 50..3600000" watch fn8 --interval 1
bad 2 "status: unknown option .--bogus." status fn8 --bogus
bad 2 "fire: unknown option .-x." fire fn8 -x 1

# --- not found (exit 3) -----------------------------------------------
bad 3 "function 'nofn' unknown" start nofn
bad 3 "function 'nofn' unknown" stop nofn
bad 3 "function 'nofn' unknown" destroy nofn
bad 3 "function 'nofn' unknown" status nofn
bad 3 "function 'nofn' unknown" table nofn
bad 3 "function 'nofn' unknown" pba nofn
bad 3 "function 'nofn' unknown" fire nofn 0
bad 3 "function 'nofn' unknown" watch nofn --count 1
bad 3 "controller 'epc9' unknown" start fn8 --controller epc9

# --- daemon not running (exit 4) ----------------------------------------
bad 4 "uepfd for 'fn8' is not running" status fn8
bad 4 "uepfd for 'fn8' is not running" table fn8
bad 4 "uepfd for 'fn8' is not running" pba fn8
bad 4 "uepfd for 'fn8' is not running" fire fn8 0 7
bad 4 "uepfd for 'fn8' is not running" status fn8 --json

# --- wrong state (exit 6) -----------------------------------------------
bad 6 "function 'fn8' exists already" create fn8
bad 6 "stop fn8: not started" stop fn8
bad 6 "destroy bound: started \(bound to a controller\).*--force" destroy bound
bad 6 "bound to vepc.0 already, not other" start bound --controller other

# --- start failure leaves nothing behind (the daemon cannot run) -----------
bad 1 "cannot run .*no-such-uepfd" start fn8

# --- a configfs write that fails after mkdir: the function is removed again
# (a plain directory has no attribute files, so the first write fails) ----
bad 3 "create fresh: writing 0x1234 to .*/fresh/vendorid: No such file or directory" create fresh --vectors 2

# --- no uepf.ko / no configfs (exit 3) --------------------------------------
mv $F $T/saved
bad 3 "pci_epf_uepf: missing: is uepf.ko loaded" list
bad 3 "is uepf.ko loaded" create fnx --vectors 4
mv $T/saved $F
UEPF_CONFIGFS=$T/nowhere
bad 3 "no PCI endpoint configfs" list
UEPF_CONFIGFS=$T/cfs

# --- permission (exit 5): a non-root user cannot write the tree ----------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod -R a+rX $T
	before=$(snapshot)
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$U" create fnp --vectors 2 2>&1)
	rc=$?
	after=$(snapshot)
	if [ $rc -eq 5 ] && [ "$before" = "$after" ] && printf '%s' "$err" | grep -q "Permission denied"; then
		ok "create as nobody -> 5, '$err'"
	else
		notok "create as nobody -> 5" "exit $rc: $err"
	fi
else
	ok "create as nobody # SKIP needs root and setpriv"
fi

# --- sanity: the good paths of the read verbs on the scratch tree ----------
out=$("$U" list --json 2>&1)
if printf '%s\n' "$out" | grep -q '"name": "fn8"' &&
   printf '%s\n' "$out" | grep -q '"state": "bound"' &&
   printf '%s\n' "$out" | grep -q '"controller": "vepc.0"'; then
	ok "list --json shows fn8 and bound (on vepc.0)"
else
	notok "list --json shows fn8 and bound (on vepc.0)" "$out"
fi
out=$("$U" list 2>&1)
if printf '%s\n' "$out" | grep -qE '^bound +bound +4 +vepc.0'; then
	ok "list shows bound's state, vectors and controller"
else
	notok "list shows bound's state, vectors and controller" "$out"
fi
out=$("$U" --help)
rc=$?
if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q "4 daemon not running"; then
	ok "--help lists the exit statuses"
else
	notok "--help lists the exit statuses" "$out"
fi
out=$("$U" create --help)
if printf '%s\n' "$out" | grep -q -- "--exclusive-bar N"; then
	ok "create --help lists its options"
else
	notok "create --help lists its options" "$out"
fi

echo "1..$N"
[ $FAILED -eq 0 ]
