#!/bin/bash
# make bench-evpn: EVPN propagation time — from the start of vxgw-cni ADD on worker 1
# until the pod's MAC is an EVPN-installed entry in worker 2's kernel FDB — over
# PODS (50) pods, with the same RR + 2 workers lab as the e2e tests. Also prints the
# ADD time itself, as the baseline the propagation adds to. Prints, asserts nothing.
set -u
: "${BUILD:=build}" "${PODS:=50}"
VXT_PREFIX=vxbenche-
. "$(dirname "$0")/../tests/ns/lib.sh"
. "$(dirname "$0")/../tests/lab/lab.sh"
trap 'lab_frr_cleanup; ns_cleanup; rm -rf "$VXT_TMP"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "bench-evpn: needs root"; exit 1; }
ns_cleanup
lab_up >/dev/null 2>&1 <<'TOPO' || { echo "bench-evpn: lab did not come up"; exit 1; }
rr      rr      10.91.0.1  10.91.0.0/24
worker  w1      10.91.0.2  10.91.0.1
worker  w2      10.91.0.3  10.91.0.1
pod     anchor  w2  100  192.168.91.250
TOPO

W2="${VXT_PREFIX}w2"
for i in $(seq 1 "$PODS"); do
	ns_new "b$i" >/dev/null
	t0=${EPOCHREALTIME/./}
	out=$(cni w1 ADD "b$i" eth1 "$(conf 100 vni100)" "b$i") || { echo "ADD failed: $out"; exit 1; }
	t1=${EPOCHREALTIME/./}
	mac=$(jq -r '.interfaces[2].mac' <<<"$out")
	until bridge -n "$W2" fdb show dev vx100 | grep -q "^$mac .*extern_learn"; do
		[ $((${EPOCHREALTIME/./} - t0)) -lt 30000000 ] || { echo "MAC $mac never reached w2"; exit 1; }
	done
	t2=${EPOCHREALTIME/./}
	echo "add $((t1 - t0))"
	echo "prop $((t2 - t0))"
done >"$VXT_TMP/samples"

stats() { awk -v k="$1" '$1 == k {print $2}' "$VXT_TMP/samples" | sort -n |
	awk '{v[NR] = $1; s += $1} END {printf "mean %6.1f  p50 %6.1f  p99 %6.1f  max %6.1f", s / NR / 1000, v[int(NR * 0.5 + 0.5)] / 1000, v[int(NR * 0.99 + 0.5)] / 1000, v[NR] / 1000}'; }
echo "EVPN propagation over $PODS pods (RR + 2 workers, FRR $(dpkg-query -W -f='${Version}' frr), ms)"
echo "  CNI ADD on w1 (baseline)            $(stats add)"
echo "  ADD start -> MAC in w2's kernel FDB $(stats prop)"
