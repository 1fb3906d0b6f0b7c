# Namespace test library: sourced by tests/ns/t_*.sh (run them via tests/ns/run.sh).
#
# Every namespace a test makes is named "$VXT_PREFIX<name>", unique per test run, and
# removed on exit however the test ends. Tests only create veth pairs inside their
# own namespaces and only send traffic to addresses inside them.
set -u
: "${VXT_PREFIX:=vxt$$-}"
: "${BUILD:=build}"
VTEP="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/$BUILD/bin/vxgw-vtep"
CHECKS_OK=0
CHECKS_FAILED=0

ns_cleanup() {
	local n
	for n in $(ip netns list 2>/dev/null | awk -v p="$VXT_PREFIX" 'index($1, p) == 1 {print $1}'); do
		ip netns pids "$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
}

finish() {
	local rc=$?
	declare -F lab_frr_cleanup >/dev/null && lab_frr_cleanup
	ns_cleanup
	[ -n "${VXT_TMP:-}" ] && rm -rf "$VXT_TMP"
	echo "checks: $CHECKS_OK passed, $CHECKS_FAILED failed"
	if [ "$CHECKS_FAILED" -ne 0 ] || [ "$rc" -ne 0 ]; then exit 1; fi
	exit 0
}
trap finish EXIT
trap 'exit 130' INT TERM

# ns_new NAME: create namespace $VXT_PREFIX$NAME with lo up.
ns_new() {
	ip netns add "$VXT_PREFIX$1" && ip -n "$VXT_PREFIX$1" link set lo up
}
# nsx NAME CMD...: run CMD inside namespace NAME.
nsx() {
	local n=$1
	shift
	ip netns exec "$VXT_PREFIX$n" "$@"
}
# vtep NAME ARGS...: run vxgw-vtep inside namespace NAME.
vtep() {
	local n=$1
	shift
	ip netns exec "$VXT_PREFIX$n" "$VTEP" "$@"
}
# veth_pair NS1 IF1 NS2 IF2: a veth pair between two of our namespaces (both up).
veth_pair() {
	ip -n "$VXT_PREFIX$1" link add "$2" type veth peer name "$4" netns "$VXT_PREFIX$3" &&
		ip -n "$VXT_PREFIX$1" link set "$2" up && ip -n "$VXT_PREFIX$3" link set "$4" up
}
# link_json NS IF: iproute2's detailed JSON for one link (empty if missing).
link_json() {
	ip -n "$VXT_PREFIX$1" -d -j link show dev "$2" 2>/dev/null | jq -c '.[0]'
}

pass() { CHECKS_OK=$((CHECKS_OK + 1)); echo "  ok   $*"; }
fail() { CHECKS_FAILED=$((CHECKS_FAILED + 1)); echo "  FAIL $*"; }

# expect_eq WHAT ACTUAL EXPECTED
expect_eq() {
	if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: got '$2', expected '$3'"; fi
}
# expect_match WHAT TEXT REGEX
expect_match() {
	if grep -qE -- "$3" <<<"$2"; then pass "$1"; else fail "$1: '$2' does not match /$3/"; fi
}
# expect_ok WHAT CMD...: command must succeed.
expect_ok() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$what"; else fail "$what: exit $?: $out"; fi
}
# expect_err WHAT REGEX CMD...: command must fail with stderr/stdout matching REGEX.
expect_err() {
	local what=$1 re=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		fail "$what: succeeded, expected failure"
	elif grep -qE -- "$re" <<<"$out"; then
		pass "$what (exit $rc: $out)"
	else
		fail "$what: exit $rc but message '$out' does not match /$re/"
	fi
}
# wait_until DEADLINE_S WHAT CMD...: poll CMD until it succeeds or the deadline passes.
wait_until() {
	local secs=$1 what=$2
	local deadline=$(($(date +%s%N) + secs * 1000000000))
	shift 2
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(date +%s%N)" -gt "$deadline" ]; then
			fail "$what (not within $secs s)"
			return 1
		fi
		sleep 0.05
	done
	pass "$what"
}

# ---- CNI helpers -------------------------------------------------------------
CNI="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/$BUILD/bin/vxgw-cni"
CNI_PLUGINS=/usr/lib/cni
# Per-test scratch (IPAM data, lock dir); removed with the namespaces.
VXT_TMP=$(mktemp -d "/tmp/${VXT_PREFIX}XXXX")
export VXGW_CNI_STATE_DIR="$VXT_TMP/state"

# cni NODE COMMAND CONTAINERID IFNAME CONFIG [POD] [CNI_ARGS]: run vxgw-cni in NODE's
# namespace like a runtime: env vars + config on stdin. POD is the pod namespace name
# (without prefix); "-" or empty leaves CNI_NETNS unset. Prints stdout, returns exit code.
cni() {
	local node=$1 cmd=$2 cid=$3 ifn=$4 conf=$5 pod=${6:-} args=${7:-}
	local netns=""
	[ -n "$pod" ] && [ "$pod" != "-" ] && netns="/var/run/netns/$VXT_PREFIX$pod"
	echo "$conf" | ip netns exec "$VXT_PREFIX$node" env CNI_COMMAND="$cmd" CNI_CONTAINERID="$cid" \
		CNI_NETNS="$netns" CNI_IFNAME="$ifn" CNI_PATH="$CNI_PLUGINS" CNI_ARGS="$args" \
		VXGW_CNI_STATE_DIR="$VXGW_CNI_STATE_DIR" "$CNI"
}
# node_with_underlay NODE ADDR/LEN: namespace with a veth underlay and a default route.
node_with_underlay() {
	ns_new "$1" || return 1
	ip -n "$VXT_PREFIX$1" link add u0 type veth peer name u0p || return 1
	nsx "$1" ip link set u0 up
	nsx "$1" ip link set u0p up
	nsx "$1" ip addr add "$2" dev u0
	nsx "$1" ip route add default via "${2%.*/*}.254" 2>/dev/null ||
		nsx "$1" ip route add default dev u0
}
# conf VNI NAME [extra JSON members] [cniVersion]: a network config.
conf() {
	local extra=${3:-}
	echo "{\"cniVersion\":\"${4:-1.1.0}\",\"name\":\"$2\",\"type\":\"vxgw-cni\",\"vni\":$1${extra:+,$extra}}"
}
# ipam_conf SUBNET START END: host-local IPAM member storing its state in VXT_TMP.
ipam_conf() {
	echo "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"$VXT_TMP/ipam\",\"ranges\":[[{\"subnet\":\"$1\",\"rangeStart\":\"$2\",\"rangeEnd\":\"$3\"}]]}"
}
