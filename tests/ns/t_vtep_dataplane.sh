#!/bin/bash
# The VTEPs the library builds forward real traffic: two nodes, head-end replication
# entries as EVPN type-3 routes would install them, pods on veths. Checks reachability
# across nodes, VNI segregation (same subnet, different VNI), and that the derived
# MTU (underlay 1500 - 50) carries full-size frames with DF set.
. "$(dirname "$0")/lib.sh"

for n in n1 n2 pa pb pc; do ns_new $n || exit 1; done
veth_pair n1 u0 n2 u0 || exit 1
nsx n1 ip addr add 10.78.0.1/24 dev u0
nsx n2 ip addr add 10.78.0.2/24 dev u0

expect_ok "n1 vni 100" vtep n1 create 100 --local 10.78.0.1
expect_ok "n2 vni 100" vtep n2 create 100 --local 10.78.0.2
expect_ok "n2 vni 200" vtep n2 create 200 --local 10.78.0.2
nsx n1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.78.0.2 self permanent
nsx n2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.78.0.1 self permanent
nsx n2 bridge fdb append 00:00:00:00:00:00 dev vx200 dst 10.78.0.1 self permanent

pod() { # node vni podns addr
	local host="h-$3"
	ip -n "$VXT_PREFIX$1" link add "$host" type veth peer name eth0 netns "$VXT_PREFIX$3"
	nsx "$1" ip link set "$host" mtu 1450
	nsx "$3" ip link set eth0 mtu 1450 up
	nsx "$3" ip addr add "$4/24" dev eth0
	vtep "$1" attach "$2" "$host" >/dev/null
}
pod n1 100 pa 192.168.78.1
pod n2 100 pb 192.168.78.2
pod n2 200 pc 192.168.78.3

expect_ok "pod a -> pod b across nodes (VNI 100)" nsx pa ping -c 3 -i 0.2 -W 2 192.168.78.2
expect_ok "pod b -> pod a" nsx pb ping -c 2 -i 0.2 -W 2 192.168.78.1
expect_ok "full 1450-byte frame with DF fits the derived MTU" nsx pa ping -c 2 -i 0.2 -W 2 -M do -s 1422 192.168.78.2
expect_match "VNI segregation: VNI 100 cannot reach VNI 200 in the same subnet" \
	"$(nsx pa ping -c 2 -i 0.2 -W 1 192.168.78.3 2>&1)" " 100% packet loss"
rx=$(nsx n2 ip -j -s link show dev vx100 | jq '.[0].stats64.rx.packets')
[ "$rx" -gt 0 ] && pass "traffic crossed vx100 on n2 ($rx packets)" || fail "no packets on n2 vx100"
# Learning is off on the VTEP (bridge port and VXLAN device): remote MACs must not be
# learned from traffic; in the cluster, EVPN installs them instead.
mac_b=$(nsx pb cat /sys/class/net/eth0/address)
expect_eq "no data-plane learning of remote MAC $mac_b on n1" \
	"$(nsx n1 bridge -j fdb show | jq --arg m "$mac_b" '[.[] | select(.mac == $m)] | length')" 0
mac_a=$(nsx pa cat /sys/class/net/eth0/address)
expect_eq "local pod MAC learned on its own port (for EVPN to advertise)" \
	"$(nsx n1 bridge -j fdb show br br100 | jq -r --arg m "$mac_a" '[.[] | select(.mac == $m)][0].ifname')" h-pa
