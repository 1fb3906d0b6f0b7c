#!/bin/bash
# Namespace test runner: runs tests/ns/t_*.sh (or the files given) as root, each with
# a unique namespace prefix and a time limit; afterwards removes any namespace left
# with that prefix (and counts the leak as a failure). Prints "ns: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:=build}"
export BUILD
if [ "$(id -u)" -ne 0 ]; then
	echo "ns: namespace tests need root; skipped"
	echo "ns: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("$here"/t_*.sh)
passed=0 failed=0 run=$$
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	prefix="vxt${run}${passed}${failed}-"
	start=$(date +%s%N)
	echo "== $name (namespaces $prefix*)"
	VXT_PREFIX=$prefix timeout --kill-after=10 "${VXT_TIMEOUT:-300}" bash "$t"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	leaked=$(ip netns list | awk -v p="$prefix" 'index($1, p) == 1 {print $1}')
	for n in $leaked; do
		ip netns pids "$n" | xargs -r kill -9 2>/dev/null
		ip netns del "$n"
	done
	if [ -n "$leaked" ]; then
		echo "FAIL $name: left namespaces behind: $(echo $leaked)"
		rc=1
	fi
	if [ "$rc" -eq 0 ]; then
		echo "ok   $name (${ms} ms)"
		passed=$((passed + 1))
	else
		[ "$rc" -eq 124 ] && echo "FAIL $name: timed out"
		echo "FAIL $name (exit $rc, ${ms} ms)"
		failed=$((failed + 1))
	fi
done
echo "ns: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
