#!/bin/bash
# make demo: the EVPN cluster lab in network namespaces — route reflector with dynamic
# peering, two workers running FRR in the worker role (configs rendered by vxgw-evpn),
# pods attached with vxgw-cni on VNI 100 and 200. Shows what FRR and the kernel know,
# proves reachability and segregation, and removes everything on exit.
VXT_PREFIX=vxdemo-
. "$(dirname "$0")/../tests/ns/lib.sh"
. "$(dirname "$0")/../tests/lab/lab.sh"
trap 'lab_frr_cleanup; ns_cleanup; rm -rf "$VXT_TMP"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "demo: needs root (network namespaces)"; exit 1; }
step() { echo; echo "### $*"; }
ns_cleanup
step "underlay 10.90.0.0/24: rr .1, w1 .2, w2 .3; FRR per node"
lab_fabric && lab_node rr 10.90.0.1 && lab_node w1 10.90.0.2 && lab_node w2 10.90.0.3 || exit 1
lab_frr rr rr --router-id 10.90.0.1 --listen-range 10.90.0.0/24 2>/dev/null &&
	lab_frr w1 worker --router-id 10.90.0.2 --rr 10.90.0.1 2>/dev/null &&
	lab_frr w2 worker --router-id 10.90.0.3 --rr 10.90.0.1 2>/dev/null || exit 1
echo "rendered worker config (w1):"
sed 's/^/    /' "$VXT_TMP/frr/w1/frr.conf"
lab_wait_peers rr 2 60 || exit 1
step "pods via vxgw-cni: p1 (w1) + p2 (w2) on VNI 100, q2 (w2) on VNI 200, same subnet"
lab_pod w1 p1 100 192.168.90.1 && lab_pod w2 p2 100 192.168.90.2 && lab_pod w2 q2 200 192.168.90.12 || exit 1
wait_until 30 "w1 learned p2's MAC over EVPN" lab_fdb_has w1 100 "$(nsx p2 cat /sys/class/net/eth1/address)"
step "w1: vxgw-vtep show"
vtep w1 show
step "w1: vxgw-evpn state"
"$EVPN" state --pathspace "$(lab_pathspace w1)"
step "w1: kernel FDB of vx100 (extern_learn = installed by EVPN)"
nsx w1 bridge fdb show dev vx100
step "p1 (w1, VNI 100) -> p2 (w2, VNI 100)"
nsx p1 ping -c 3 -i 0.2 192.168.90.2
step "p1 (VNI 100) -> q2 (VNI 200, same subnet): must fail"
nsx p1 ping -c 2 -i 0.2 -W 1 192.168.90.12
echo; echo "demo: done; namespaces vxdemo-* and their FRR daemons are removed on exit"
