#!/bin/bash
# make check: every test layer, one summary.
#   unit       cmocka tests, plain build
#   unit-asan  the same tests built with address+undefined sanitizers
#   fuzz       each libFuzzer target for FUZZ_SECONDS (20) from its seed corpus
#   k8s        Kubernetes manifests parse-checked, NAD configs validated by vxgw-cni
#   mib        VXGW-MIB through smilint -l 3 and net-snmp's parser, OIDs gwd serves
#   ns         namespace behaviour tests (need root; skipped otherwise)
#   ns-asan    the namespace tests again, with the sanitized binaries
# Ends with "check: N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
: "${BUILD:=build}"
: "${FUZZ_SECONDS:=20}"
export BUILD
total_p=0 total_f=0 total_s=0
layers=()

tally() { # label, output of a runner whose last line is "label: N passed, N failed[, N skipped]"
	local line p f s
	line=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' <<<"$2" | tail -n1)
	p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	s=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
	if [ -z "$line" ]; then p=0 f=1; fi
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + ${s:-0}))
	layers+=("$(printf '%-10s %4d passed, %d failed%s' "$1" "$p" "$f" "${s:+, $s skipped}")")
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
run_layer() { # label cmd...
	local label=$1
	shift
	echo "=== $label"
	"$@" >"$tmp" 2>&1
	cat "$tmp"
	tally "$label" "$(cat "$tmp")"
}

run_layer unit tests/run-unit.sh "$BUILD/tests" unit
run_layer unit-asan tests/run-unit.sh "$BUILD/asan/tests" unit-asan

fuzz_all() {
	local p=0 f=0 t name
	for t in "$BUILD"/fuzz/fuzz_*; do
		name=$(basename "$t")
		mkdir -p "$BUILD/fuzz/corpus/$name" # a target without seeds starts empty
		if out=$("$t" -max_total_time="$FUZZ_SECONDS" "$BUILD/fuzz/corpus/$name" 2>&1); then
			echo "ok   $name: $(grep -E '^#[0-9]+.*DONE' <<<"$out" | sed 's/ *lim:.*//')"
			p=$((p + 1))
		else
			echo "$out" | tail -n 30
			echo "FAIL $name"
			f=$((f + 1))
		fi
	done
	echo "fuzz: $p passed, $f failed"
}
run_layer fuzz fuzz_all
run_layer k8s tests/k8s/check-manifests.sh
run_layer mib tests/mib/check-mib.sh
run_layer ns tests/ns/run.sh
# The same behaviour tests with sanitized binaries: memory errors and leaks against
# real kernel replies (the tools exit non-zero on any sanitizer report).
run_layer ns-asan env BUILD="$BUILD/asan" tests/ns/run.sh

echo
echo "=== summary"
printf '%s\n' "${layers[@]}"
if [ "$total_s" -gt 0 ]; then
	echo "check: $total_p passed, $total_f failed, $total_s skipped"
else
	echo "check: $total_p passed, $total_f failed"
fi
[ "$total_f" -eq 0 ]
