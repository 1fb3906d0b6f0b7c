#!/bin/bash
# make bench-gwd: gwd applying a configuration of VNIS (4,000) segments — per VNI a
# VXLAN device, its bridge and one port bound — against `ip -batch` doing the same
# kernel operations (create, mark, bridge-port flags, IPv6 off, up, enslave) in a twin
# namespace, in the same run. Then gwd's RSS, the time of a reconcile with nothing to
# change (gwctl reload), and a restart that adopts it all. FRR is not involved
# (--no-frr): this measures the kernel data path. Prints numbers; asserts nothing.
set -u
: "${BUILD:=build}" "${VNIS:=4000}"
VXT_PREFIX=vxbenchg-
. "$(dirname "$0")/../tests/ns/lib.sh"
. "$(dirname "$0")/../tests/lab/lab.sh"
trap '[ -n "${BENCH_LOG:-}" ] && cp "$VXT_TMP/gw/gwd.log" "$BENCH_LOG"; ns_cleanup; rm -rf "$VXT_TMP"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "bench-gwd: needs root"; exit 1; }
ns_cleanup
ms() { echo $(((${EPOCHREALTIME/./} - $1) / 1000)); }

for n in gw ref; do
	node_with_underlay "$n" 10.85.0.1/24 >/dev/null || exit 1
	# The ports: veth pairs, made in bulk (not timed).
	for i in $(seq 1 "$VNIS"); do echo "link add p$i type veth peer name q$i"; done |
		ip -n "$VXT_PREFIX$n" -batch - || exit 1
done
first=10000
echo "bench-gwd: $VNIS VNIs, each vxlan + bridge + one port ($(uname -r), $(nproc) cores)"

# Baseline: the same operations through iproute2, one batch (one process, one socket).
{
	for i in $(seq 1 "$VNIS"); do
		v=$((first + i))
		echo "link add br$v type bridge"
		echo "link set br$v addrgenmode none alias vxgw:vni=$v:bridge"
		echo "link add vx$v type vxlan id $v local 10.85.0.1 dstport 4789 nolearning"
		echo "link set vx$v master br$v mtu 1450 addrgenmode none alias vxgw:vni=$v:vxlan"
		echo "link set dev vx$v type bridge_slave learning off neigh_suppress on"
		echo "link set vx$v up"
		echo "link set br$v up"
		echo "link set p$i master br$v up"
	done
} >"$VXT_TMP/batch"
t0=${EPOCHREALTIME/./}
ip -n "${VXT_PREFIX}ref" -batch "$VXT_TMP/batch" || { echo "ip -batch failed"; exit 1; }
ref_ms=$(ms "$t0")

# gwd: the whole data path from a config file.
mkdir -p "$VXT_TMP/gw"
{
	echo '{"vtep": {"address": "10.85.0.1"}, "bgp": {"asn": 65000, "router_id": "10.85.0.1",'
	echo ' "route_reflectors": [{"address": "10.85.0.254"}]}, "segments": ['
	for i in $(seq 1 "$VNIS"); do
		[ "$i" -gt 1 ] && printf ','
		printf '{"vni": %d, "name": "s%d", "mtu": 1450, "ports": [{"port": "p%d"}]}\n' $((first + i)) "$i" "$i"
	done
	echo ']}'
} >"$VXT_TMP/gw/gwd.json"
t0=${EPOCHREALTIME/./}
lab_gwd gw --no-frr || exit 1
gwd_ms=$(ms "$t0")
st=$(gwctl gw --json status)
apply_ms=$(jq .last_apply.ms <<<"$st")
changes=$(jq .last_apply.changes <<<"$st")
bound=$(jq .bindings.total <<<"$st")
pid=$(lab_gwd_pid gw)
gpid=$(pgrep -P "$pid" gwd || echo "$pid")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$gpid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$gpid/status")
links=$(ip -n "${VXT_PREFIX}gw" -o link | wc -l)
printf '  %-44s %8d ms\n' "ip -batch (baseline)" "$ref_ms"
printf '  %-44s %8d ms   ratio %.2f (%d kernel changes, %d bindings)\n' "gwd apply (start -> answering)" "$gwd_ms" \
	"$(echo "$gwd_ms / $ref_ms" | bc -l)" "$changes" "$bound"
printf '  %-44s %8.0f ms\n' "  of which apply itself (gwd's own clock)" "$apply_ms"
printf '  %-44s %8d kB (peak %d kB), %d links on the node\n' "gwd RSS after apply" "$rss" "$hwm" "$links"
for i in 1 2 3; do
	t0=${EPOCHREALTIME/./}
	out=$(gwctl gw reload) || { echo "reload failed: $out"; exit 1; }
	printf '  %-44s %8d ms   (%s)\n' "reconcile with nothing to change #$i" "$(ms "$t0")" "$(head -1 <<<"$out")"
done
kill -9 "$pid" "$gpid" 2>/dev/null
sleep 0.2
t0=${EPOCHREALTIME/./}
lab_gwd gw --no-frr || exit 1
printf '  %-44s %8d ms   (%s kernel changes)\n' "restart after SIGKILL, adopt everything" "$(ms "$t0")" \
	"$(gwctl gw --json status | jq .last_apply.changes)"
