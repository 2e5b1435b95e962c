# TAP helpers for the in-guest test scripts (sourced).  Every check is one
# test case: `ok N - name` or `not ok N - name`, counted by tests/run-all.
TAP_N=0
TAP_FAILED=0

# pass NAME / fail NAME [DETAIL]
pass() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
fail() {
	TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	[ -n "${2:-}" ] && echo "$2" | sed 's/^/#   /'
	return 0
}
# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}
# check_fails NAME COMMAND...: passes when COMMAND exits non-zero.
check_fails() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then fail "$name" "expected failure, got: $out"; else pass "$name"; fi
}
# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  '$2'
want: '$3'"; fi
}
# like NAME TEXT REGEX (grep -E)
like() {
	if printf '%s\n' "$2" | grep -qE -- "$3"; then pass "$1"; else fail "$1" "no line matching /$3/ in:
$2"; fi
}
# done_testing: prints the plan and sets the exit status.
done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
