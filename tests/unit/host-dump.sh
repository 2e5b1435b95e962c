#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# uepf-host and lspci against config-space dumps (no device, no VM).  The dump
# is made from host-layouts.spec by host-mkdump.awk; the expectations are
# below.  Only the MSI-X lines of lspci are compared (the rest of its output
# differs between pciutils versions), its stderr is sent away.  TAP output.

srcdir=${srcdir:-.}
top_builddir=${top_builddir:-.}
HOST=${UEPF_HOST:-$top_builddir/userspace/host/uepf-host}
LSPCI=${LSPCI:-$(command -v lspci || echo /usr/bin/lspci)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/host-dump.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
DUMP=$tmp/layouts.dump

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# check NAME COMMAND...: pass when COMMAND succeeds
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }

if awk -f "$srcdir/tests/unit/host-mkdump.awk" "$srcdir/tests/unit/host-layouts.spec" > "$DUMP" &&
   [ "$(grep -c '^f0: ' "$DUMP")" -eq 14 ]; then
	ok "generate the dump (14 devices, 256 bytes each)"
else
	notok "generate the dump (14 devices, 256 bytes each)"
	echo "1..$n"
	exit 1
fi

# The MSI-X lines (capability line and the two after it) of lspci -vvv or show.
msix_lines() { grep -A2 'MSI-X:' | sed 's/^[[:space:]]*//'; }

# Expected per device: BDF, exit status of show, capability line, a finding
# (extended regex) that must be printed ("-" for none).
while IFS='|' read -r bdf want cap finding; do
	[ -n "$bdf" ] || continue
	out=$tmp/show.$bdf
	"$HOST" -F "$DUMP" show "$bdf" > "$out" 2> "$out.err"
	rc=$?
	check "show $bdf exits $want (got $rc)" test "$rc" -eq "$want"
	if [ "$cap" = "-" ]; then
		check "show $bdf says there is no MSI-X capability" \
			grep -q "has no MSI-X capability" "$out.err"
		continue
	fi
	check "show $bdf: $cap" grep -qF "$cap" "$out"
	if [ "$finding" != "-" ]; then
		check "show $bdf flags /$finding/" grep -Eq "$finding" "$out"
	fi
	if [ -x "$LSPCI" ]; then
		"$LSPCI" -A dump -O dump.name="$DUMP" -vvv -s "$bdf" 2>/dev/null | msix_lines > "$out.lspci"
		msix_lines < "$out" > "$out.ours"
		if [ -s "$out.lspci" ] && cmp -s "$out.lspci" "$out.ours"; then
			ok "show $bdf MSI-X lines equal lspci's"
		else
			notok "show $bdf MSI-X lines equal lspci's"
			diff "$out.lspci" "$out.ours" | sed 's/^/# /'
		fi
	else
		skip "show $bdf MSI-X lines equal lspci's" "no lspci"
	fi
done <<'EOF'
00:01.0|0|MSI-X: Enable- Count=1 Masked-|note: table 0x0\.\.0x10: BAR 0 size unknown .*alignment bound 32M
00:02.0|0|MSI-X: Enable+ Count=7 Masked+|BAR 2: memory, 64-bit at 0x800000000
00:03.0|0|MSI-X: Enable- Count=64 Masked-|ok: table and PBA do not overlap
00:04.0|0|MSI-X: Enable- Count=2048 Masked-|PBA 0x8000\.\.0x8100
00:05.0|0|MSI-X: Enable- Count=8 Masked-|warning: table offset 0x808 is not 4 KiB aligned
00:06.0|1|MSI-X: Enable- Count=64 Masked-|error: table 0x0\.\.0x400 and PBA 0x200\.\.0x208 overlap
00:07.0|1|MSI-X: Enable- Count=64 Masked-|error: PBA 0x1000\.\.0x1008 ends beyond BAR 0: .* at most 4K
00:08.0|1|MSI-X: Enable- Count=4 Masked-|error: table BIR 0: BAR 0 is an I/O BAR
00:09.0|1|MSI-X: Enable- Count=4 Masked-|error: table BIR 6 is reserved
00:0a.0|1|MSI-X: Enable- Count=4 Masked-|error: BAR 0 is not enabled: Memory Space Enable is off
00:0b.0|1|MSI-X: Enable- Count=4 Masked-|error: table BIR 1 names the upper half of the 64-bit BAR 0
00:0c.0|1|MSI-X: Enable- Count=4 Masked-|error: table BIR 0: BAR 0 is not implemented or not assigned
00:0d.0|2|-|-
00:0e.0|0|Capabilities: [50] MSI-X: Enable+ Count=16 Masked-|-
EOF

# A good layout has no error and no warning line.
check "show 00:03.0 prints no error or warning" \
	sh -c '! grep -Eq "^[[:space:]]*(error|warning):" "$1"' sh "$tmp/show.00:03.0"
check "show from a dump says table entries are not available" \
	grep -q "not available from a config-space dump" "$tmp/show.00:01.0"

# list: every device with MSI-X, in address order, and not the one without.
"$HOST" -F "$DUMP" list > "$tmp/list"
check "list exits 0" test $? -eq 0
check "list shows 13 devices" test "$(grep -c '^0000:' "$tmp/list")" -eq 13
check "list leaves out the device without MSI-X" sh -c '! grep -q "^0000:00:0d.0" "$1"' sh "$tmp/list"
check "list: 2048 vectors for 00:04.0" grep -Eq '^0000:00:04\.0 +1234:0004 +2048 ' "$tmp/list"
check "list: enable and fmask of 00:02.0" grep -Eq '^0000:00:02\.0 +1234:0002 +7 \+ +\+' "$tmp/list"
check "list is sorted" sh -c 'grep "^0000:" "$1" | cut -c1-12 | sort -c' sh "$tmp/list"

# JSON
"$HOST" -F "$DUMP" --json list > "$tmp/list.json"
check "list --json has 13 objects" test "$(grep -c '"device":' "$tmp/list.json")" -eq 13
"$HOST" -F "$DUMP" --json show 00:07.0 > "$tmp/show.json"
check "show --json exits 1 on a broken layout" test $? -eq 1
check "show --json counts the error" grep -q '"errors": 1' "$tmp/show.json"
check "show --json has no entries from a dump" grep -q '"entries": null' "$tmp/show.json"
if command -v python3 > /dev/null; then
	check "list --json is valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/list.json" 2>/dev/null
	check "show --json is valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/show.json" 2>/dev/null
else
	skip "list --json is valid JSON" "no python3"
	skip "show --json is valid JSON" "no python3"
fi

# --bar-size gives the size a dump lacks: the 64-vector table at 0x1000 does
# not fit in a 4 KiB BAR.
"$HOST" -F "$DUMP" --bar-size 0=4K show 00:03.0 > "$tmp/bs" 2>&1
check "--bar-size 0=4K: 00:03.0 exits 1" test $? -eq 1
check "--bar-size 0=4K: table beyond BAR 0 (size 4K, from --bar-size)" \
	grep -q 'error: table 0x1000..0x1400 ends beyond BAR 0 (size 4K, from --bar-size)' "$tmp/bs"
"$HOST" -F "$DUMP" --bar-size 0=8K show 00:03.0 > "$tmp/bs" 2>&1
check "--bar-size 0=8K: 00:03.0 fits" grep -q 'ok: PBA 0x1800..0x1808 fits in BAR 0 (size 8K, from --bar-size)' "$tmp/bs"

# Errors: clear message, exit 2, nothing done.
expect_err() { # NAME REGEX ARGS...
	name=$1 re=$2; shift 2
	"$HOST" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -Eq "$re" "$tmp/err"; then
		ok "$name"
	else
		notok "$name"
		sed 's/^/# /' "$tmp/err"
	fi
}
expect_err "no such device" "no such device: 00:1f.0" -F "$DUMP" show 00:1f.0
expect_err "bad device address" "is not a device address" -F "$DUMP" show zz:zz
expect_err "mask on a dump refused" "not possible on a dump" -F "$DUMP" mask 00:03.0 1
expect_err "--bar-size not a power of two" "power of two" -F "$DUMP" --bar-size 0=3000 show 00:03.0
expect_err "--bar-size BAR out of range" "N in 0\.\.5" -F "$DUMP" --bar-size 6=4K show 00:03.0
expect_err "unknown access method" "no such libpci access method" -A nosuch list
expect_err "unknown verb" "unknown verb" -F "$DUMP" frobnicate
expect_err "--json on a write verb" "read verbs" -F "$DUMP" --json fmask 00:03.0
expect_err "missing dump file" "Cannot open" -F "$tmp/nonexistent" list

echo "1..$n"
[ $failed -eq 0 ]
