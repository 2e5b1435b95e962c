#!/bin/sh
# MSI-X core benchmark: instructions per operation under callgrind and
# ns/op against a trivial baseline loop measured in the same run.
# Usage: run-bench.sh PATH/TO/msix-bench     (make bench does this)
# Targets: <= 100 instructions per unmasked notify; sync with 1 pending
# flat in the number of vectors (64 vs 2048 within 10%).
set -eu
BENCH=${1:?usage: $0 msix-bench}
ITERS=${BENCH_ITERS:-20000}
OUT=${TMPDIR:-/tmp}/uepf-bench.$$
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind missing: installing it"
	if [ "$(id -u)" = 0 ]; then apt-get install -y valgrind; else sudo apt-get install -y valgrind; fi
fi

# Iterations for a scenario: the 2048-pending sync is ~1000x dearer.
iters() {
	case $1 in *2048pending*) echo $((ITERS / 100)) ;; *) echo "$ITERS" ;; esac
}

# Instructions (Ir) spent inside bench_<fn> for one scenario.
ir() {
	valgrind --tool=callgrind --toggle-collect="bench_$2" \
		--callgrind-out-file="$OUT/cg.$1" "$BENCH" run "$1" "$(iters "$1")" \
		>"$OUT/log.$1" 2>&1 || { cat "$OUT/log.$1"; exit 1; }
	sed -n 's/^summary: *//p; s/^totals: *//p' "$OUT/cg.$1" | head -n 1 | awk '{print $1}'
}

echo "== instructions per operation (valgrind --tool=callgrind, $ITERS iterations)"
base=$(ir baseline baseline)
printf '%-24s %12s %10s %12s\n' scenario "Ir total" "Ir/op" "minus base"
echo "(2048-pending sync: $((ITERS / 100)) iterations)"
status=0
"$BENCH" list | while read -r name fn; do
	if [ "$name" = baseline ]; then tot=$base; else tot=$(ir "$name" "$fn"); fi
	awk -v n="$name" -v t="$tot" -v b="$base" -v i="$(iters "$name")" -v bi="$ITERS" 'BEGIN {
		printf "%-24s %12.0f %10.1f %12.1f\n", n, t, t / i, t / i - b / bi }'
	echo "$name $tot" >>"$OUT/ir"
done

get() { awk -v n="$1" '$1 == n { print $2 }' "$OUT/ir"; }
un=$(get notify_unmasked)
s64=$(get sync_64v_1pending)
s2048=$(get sync_2048v_1pending)
echo
awk -v u="$un" -v b="$base" -v i="$ITERS" -v a="$s64" -v z="$s2048" 'BEGIN {
	per = (u - b) / i
	printf "target: unmasked notify <= 100 instructions (net of the baseline loop, callback included): %.1f  %s\n", per, per <= 100 ? "MET" : "MISSED"
	r = z / a
	printf "target: sync with 1 pending flat in vectors: 2048 vs 64 vectors ratio %.3f  %s\n", r, (r < 1.1 && r > 0.9) ? "MET" : "MISSED"
	exit !(per <= 100 && r < 1.1 && r > 0.9)
}' || status=1

echo
echo "== time (best of 5 runs each, ns/op and ratio to the baseline loop)"
"$BENCH" time
exit $status
