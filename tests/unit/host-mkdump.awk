#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Make an lspci -xxx style config-space dump (256 bytes per device, the form
# `lspci -A dump -O dump.name=FILE` and `uepf-host -F FILE` read) from a small
# layout description.  Usage: awk -f host-mkdump.awk SPEC > FILE
#
# SPEC lines (# starts a comment):
#   device BDF VENDOR:DEVICE   start a device: type 0 header, class ff00,
#                              Command = Memory Space Enable | Bus Master
#   cmd VALUE                  Command register
#   bar N mem32|mem64|io ADDR  BAR N (mem64 also fills BAR N+1)
#   cap OFFSET pm              Power Management capability
#   cap OFFSET msix nvec=N table=BIR:OFF pba=BIR:OFF [enable] [mask]
#                              MSI-X capability (Table Size = N - 1)
# Capabilities are chained in the order given.  (No hex literals in this
# program: mawk does not read them.)

function hex(s,    n, k) {
	s = tolower(s); sub(/^0x/, "", s)
	n = 0
	for (k = 1; k <= length(s); k++)
		n = n * 16 + index("0123456789abcdef", substr(s, k, 1)) - 1
	return n
}
function num(s) { return (s ~ /^0[xX]/) ? hex(s) : s + 0 }
function w8(off, v) { cfg[off] = v % 256 }
function w16(off, v) { w8(off, v); w8(off + 1, int(v / 256)) }
function w32(off, v) { w16(off, v % 65536); w16(off + 2, int(v / 65536)) }
function flush(    i, j, line) {
	if (bdf == "")
		return
	print bdf " Class ff00: Device " id
	for (i = 0; i < 256; i += 16) {
		line = sprintf("%02x:", i)
		for (j = 0; j < 16; j++)
			line = line sprintf(" %02x", cfg[i + j])
		print line
	}
	print ""
	bdf = ""
}
function link(off) {
	if (lastcap == 0) {
		w8(52, off)
		w16(6, 16)	# Status: Capabilities List
	} else {
		w8(lastcap + 1, off)
	}
	lastcap = off
}
/^[ \t]*(#|$)/ { next }
{ sub(/[ \t]*#.*/, "") }
$1 == "device" {
	flush()
	for (i = 0; i < 256; i++) cfg[i] = 0
	bdf = $2; id = $3; lastcap = 0
	split($3, vd, ":")
	w16(0, hex(vd[1])); w16(2, hex(vd[2]))
	w16(4, 6)
	w8(10, 0); w8(11, 255)
	next
}
$1 == "cmd" { w16(4, num($2)); next }
$1 == "bar" {
	n = $2 + 0; a = num($4)
	if ($3 == "io") w32(16 + 4 * n, a + 1)
	else if ($3 == "mem32") w32(16 + 4 * n, a)
	else if ($3 == "mem64") {
		w32(16 + 4 * n, (a % 4294967296) + 4)
		w32(20 + 4 * n, int(a / 4294967296))
	} else { print "bad bar type " $3 > "/dev/stderr"; exit 1 }
	next
}
$1 == "cap" && $3 == "pm" {
	off = num($2); link(off)
	w8(off, 1); w16(off + 2, 3)
	next
}
$1 == "cap" && $3 == "msix" {
	off = num($2); link(off)
	nvec = 0; ctrl = 0; tb = 0; to = 0; pb = 0; po = 0
	for (i = 4; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == "nvec") nvec = kv[2] + 0
		else if (kv[1] == "table") { split(kv[2], p, ":"); tb = p[1] + 0; to = num(p[2]) }
		else if (kv[1] == "pba") { split(kv[2], p, ":"); pb = p[1] + 0; po = num(p[2]) }
		else if (kv[1] == "enable") ctrl += 32768
		else if (kv[1] == "mask") ctrl += 16384
		else { print "bad msix field " $i > "/dev/stderr"; exit 1 }
	}
	w8(off, 17)
	w16(off + 2, ctrl + nvec - 1)
	w32(off + 4, to + tb)
	w32(off + 8, po + pb)
	next
}
{ print "host-mkdump: bad line: " $0 > "/dev/stderr"; exit 1 }
END { flush() }
