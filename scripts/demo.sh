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
step "topology from a description: underlay 10.90.0.0/24, RR, two workers (FRR per node)"
lab_up <<'TOPO' 2>/dev/null || exit 1
rr      rr  10.90.0.1  10.90.0.0/24   # route reflector, dynamic peers
worker  w1  10.90.0.2  10.90.0.1
worker  w2  10.90.0.3  10.90.0.1
pod     p1  w1  100  192.168.90.1     # attached with vxgw-cni
pod     p2  w2  100  192.168.90.2
pod     q2  w2  200  192.168.90.12    # same subnet, other VNI
host    h1  w1  100  192.168.90.100   # a plain host on a port of w1's VNI 100 bridge
TOPO
echo "rendered worker config (w1):"
sed 's/^/    /' "$VXT_TMP/frr/w1/frr.conf"
step "pods via vxgw-cni: p1 (w1) + p2 (w2) on VNI 100, q2 (w2) on VNI 200, same subnet; host h1 on w1"
wait_until 30 "w1 learned p2's MAC over EVPN" lab_fdb_has w1 100 "$(nsx p2 cat /sys/class/net/eth1/address)"
step "w1: vxgw-vtep show"
vtep w1 show
step "w1: vxgw-evpn state"
"$EVPN" state --pathspace "$(lab_pathspace w1)"
step "w1: kernel FDB of vx100 (extern_learn = installed by EVPN)"
nsx w1 bridge fdb show dev vx100
step "p1 (w1, VNI 100) -> p2 (w2, VNI 100)"
nsx p1 ping -c 3 -i 0.2 192.168.90.2
step "h1 (plain host on w1's port) -> p2 (pod on w2)"
nsx h1 ping -c 2 -i 0.2 192.168.90.2
step "p1 (VNI 100) -> q2 (VNI 200, same subnet): must fail"
nsx p1 ping -c 2 -i 0.2 -W 1 192.168.90.12
echo; echo "demo: done; namespaces vxdemo-* and their FRR daemons are removed on exit"
