#!/bin/bash
# make demo: a two-node VXLAN lab built with vxgw-vtep in network namespaces.
# Node n1 and n2 share an underlay; each runs a VTEP for VNI 100 (n2 also VNI 200);
# pods attach to their VNI's bridge. Flood entries stand in for EVPN type-3 routes
# until the FRR lab lands. Everything is removed on exit.
VXT_PREFIX=vxdemo-
. "$(dirname "$0")/../tests/ns/lib.sh"
trap ns_cleanup EXIT
[ "$(id -u)" -eq 0 ] || { echo "demo: needs root (network namespaces)"; exit 1; }
set -e
ns_cleanup
for n in n1 n2 pa pb pc; do ns_new $n; done
veth_pair n1 u0 n2 u0
nsx n1 ip addr add 10.78.0.1/24 dev u0
nsx n2 ip addr add 10.78.0.2/24 dev u0
vtep n1 create 100 --local 10.78.0.1
vtep n2 create 100 --local 10.78.0.2
vtep n2 create 200 --local 10.78.0.2
nsx n1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.78.0.2 self permanent
nsx n2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.78.0.1 self permanent
pod() { # node vni podns addr
	ip -n "$VXT_PREFIX$1" link add "h-$3" type veth peer name eth0 netns "$VXT_PREFIX$3"
	nsx "$3" ip link set eth0 mtu 1450 up
	nsx "$3" ip addr add "$4/24" dev eth0
	vtep "$1" attach "$2" "h-$3"
}
pod n1 100 pa 192.168.78.1
pod n2 100 pb 192.168.78.2
pod n2 200 pc 192.168.78.3
set +e
echo; echo "### n1: vxgw-vtep show"; vtep n1 show
echo; echo "### n2: vxgw-vtep show"; vtep n2 show
echo; echo "### pod a (n1, VNI 100) -> pod b (n2, VNI 100)"
nsx pa ping -c 3 -i 0.2 192.168.78.2
echo; echo "### pod a (VNI 100) -> pod c (VNI 200, same subnet): must fail"
nsx pa ping -c 2 -i 0.2 -W 1 192.168.78.3
echo; echo "demo: done; namespaces vxdemo-* are removed on exit"
