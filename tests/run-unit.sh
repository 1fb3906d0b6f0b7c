#!/bin/bash
# Run every cmocka test binary in DIR; print each suite's result and a summary line.
# A binary that crashes or exits non-zero without cmocka's summary counts as failed.
set -u
dir=${1:?usage: run-unit.sh DIR [LABEL]}
label=${2:-unit}
passed=0 failed=0
for t in "$dir"/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' <<<"$out" | tail -n1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' <<<"$out" | tail -n1)
	p=${p:-0} f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed (sanitizer report, signal) before cmocka could summarise
	fi
	if [ "$f" -ne 0 ]; then
		echo "$out" | grep -vE '^\[ (RUN|      OK) ' | sed "s|^|  $(basename "$t"): |"
		echo "FAIL $label $(basename "$t"): $p passed, $f failed"
	else
		echo "ok   $label $(basename "$t"): $p passed"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
