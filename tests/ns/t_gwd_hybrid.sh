#!/bin/bash
# The hybrid lab end to end: route reflector, two workers with pods (vxgw-cni), the
# gateway running gwd (FRR in the gateway role, delivered by gwd) with physical hosts
# on its ports, and a physical router (third-party FRR, eBGP + TCP-MD5, AS 65100) with
# a VTEP and a host of its own.
#   - the gateway's FDB has the pods' MACs from EVPN before any traffic
#   - the workers get the physical host's MAC once the gateway port learned it
#   - physical host <-> pods on both workers; VNI segregation across the gateway
#   - the router's host is reached from the gateway's host and from pods
#   - gwctl's view matches the kernel and FRR; a port's link state is followed
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"
. "$(dirname "$0")/../lab/router.sh"

for n in p1 p2 q1 q2; do ns_new "$n" && nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
lab_up <<'TOPO' || exit 1
rr      rr  10.90.0.1  10.90.0.0/24
worker  w1  10.90.0.2  10.90.0.1
worker  w2  10.90.0.3  10.90.0.1
pod     p1  w1  100  192.168.90.1
pod     p2  w2  100  192.168.90.2
pod     q1  w1  200  192.168.90.11
pod     q2  w2  200  192.168.90.12
TOPO

echo "-- gateway: gwd with two physical ports, a physical router peer"
lab_hybrid_gateway gw 10.90.0.4 10.90.0.1 10.90.0.5 65100 s3cret-Key || exit 1
expect_ok "gwd --check-config" ip netns exec "${VXT_PREFIX}gw" "$GWD" --check-config --config "$VXT_TMP/gw/gwd.json"
lab_gwd gw || exit 1
st=$(gwctl gw --json status)
expect_eq "first apply ok, generation 1" "$(jq -c '[.last_apply.ok, .generation]' <<<"$st")" "[true,1]"
expect_eq "FRR config delivered by gwd" "$(jq -r .frr.state <<<"$st")" applied
expect_match "gateway FRR runs the gateway role" "$(vty gw show running-config)" "neighbor 10.90.0.5 remote-as 65100"
lab_router r1 10.90.0.5 65100 10.90.0.4 65000 s3cret-Key 100 hr 192.168.90.201 || exit 1
lab_wait_peers gw 2 60
lab_wait_peers rr 3 60

mac() { nsx "$1" cat "/sys/class/net/${2:-eth1}/address"; }
fdb_dst() { nsx "$1" bridge -j fdb show dev "vx$2" | jq -r --arg m "$3" '[.[] | select(.mac == $m and .dst) | .dst] | join(" ")'; }
fdb_dst_is() { [ "$(fdb_dst "$1" "$2" "$3")" = "$4" ]; }
port_state_is() { [ "$(gwctl gw --json show ports | jq -r --arg i "$1" '.ports[] | select(.ifname == $i) | .state')" = "$2" ]; }

echo "-- EVPN before traffic"
wait_until 30 "gateway FDB has p1's MAC from EVPN (no traffic yet)" lab_fdb_has gw 100 "$(mac p1)"
wait_until 30 "gateway FDB has p2's MAC from EVPN" lab_fdb_has gw 100 "$(mac p2)"
wait_until 30 "gateway FDB has q2's MAC on VNI 200" lab_fdb_has gw 200 "$(mac q2)"
expect_eq "p1's MAC points at w1's VTEP" "$(fdb_dst gw 100 "$(mac p1)")" 10.90.0.2
wait_until 30 "w1 has the router's host MAC, dst = router's VTEP" fdb_dst_is w1 100 "$(mac hr eth0)" 10.90.0.5
wait_until 30 "router has p2's MAC, dst = w2 (not the gateway)" fdb_dst_is r1 100 "$(mac p2)" 10.90.0.3
h1mac=$(mac h1 eth0)
expect_eq "w1 does not know h1 yet (silent host)" "$(fdb_dst w1 100 "$h1mac")" ""

echo "-- physical host <-> pods"
expect_ok "h1 (gateway eth1) -> p1 (w1)" nsx h1 ping -c 3 -i 0.2 -W 2 192.168.90.1
expect_ok "h1 -> p2 (w2)" nsx h1 ping -c 3 -i 0.2 -W 2 192.168.90.2
expect_ok "p2 -> h1" nsx p2 ping -c 2 -i 0.2 -W 2 192.168.90.101
wait_until 20 "w1 has h1's MAC from EVPN, dst = gateway" fdb_dst_is w1 100 "$h1mac" 10.90.0.4
wait_until 20 "w2 has h1's MAC from EVPN" lab_fdb_has w2 100 "$h1mac"
expect_ok "h2 (gateway eth2, VNI 200) -> q1 (w1, VNI 200)" nsx h2 ping -c 2 -i 0.2 -W 2 192.168.90.11
expect_match "h2 (VNI 200) cannot reach p1 (VNI 100, same subnet)" "$(nsx h2 ping -c 2 -i 0.2 -W 1 192.168.90.1 2>&1)" " 100% packet loss"
expect_match "h1 (VNI 100) cannot reach q1 (VNI 200)" "$(nsx h1 ping -c 2 -i 0.2 -W 1 192.168.90.11 2>&1)" " 100% packet loss"

echo "-- the physical router's host"
expect_ok "p1 (w1) -> hr (behind router r1)" nsx p1 ping -c 3 -i 0.2 -W 2 192.168.90.201
expect_ok "h1 (gateway) -> hr" nsx h1 ping -c 3 -i 0.2 -W 2 192.168.90.201

echo "-- gwctl agrees with the kernel and FRR"
peers=$(gwctl gw --json show peers)
expect_eq "peers: RR and router established" "$(jq -c '[.peers[] | [.peer, .type, .state]]' <<<"$peers")" \
	'[["10.90.0.1","route-reflector","Established"],["10.90.0.5","router","Established"]]'
vnis=$(gwctl gw --json show vnis)
expect_eq "VNI 100 remote VTEPs = kernel flood list" "$(jq -r '.vnis[] | select(.vni == 100) | .remote_vteps | sort | join(" ")' <<<"$vnis")" "$(lab_fdb_flood gw 100)"
expect_eq "VNI 100 remote VTEPs are w1, w2, r1" "$(lab_fdb_flood gw 100)" "10.90.0.2 10.90.0.3 10.90.0.5"
expect_eq "VNI 100 state and devices" "$(jq -c '.vnis[] | select(.vni == 100) | [.state, .vxlan, .bridge, .ports]' <<<"$vnis")" '["up","vx100","br100",1]'
kremote=$(nsx gw bridge -j fdb show dev vx100 | jq '[.[] | select(.mac != "00:00:00:00:00:00" and .dst)] | length')
expect_eq "VNI 100 remote MAC count = kernel's" "$(jq '.vnis[] | select(.vni == 100) | .remote_macs' <<<"$vnis")" "$kremote"
expect_eq "VNI 100 local MACs: h1 on eth1" "$(gwctl gw --json show macs 100 | jq -c '[.macs[] | select(.type == "local") | [.mac, .port]]')" "[[\"$h1mac\",\"eth1\"]]"
expect_eq "ports: eth1 and eth2 up" "$(gwctl gw --json show ports | jq -c '[.ports[] | [.ifname, .vni, .state]]')" '[["eth1",100,"up"],["eth2",200,"up"]]'
expect_match "human status" "$(gwctl gw status)" "bindings +2 \(2 up, 0 down, 0 absent\)"
expect_match "human show vnis" "$(gwctl gw show vnis)" "100 +core +vx100 +br100 +up"

echo "-- a bound port's link goes down and up: followed by netlink events"
nsx h1 ip link set eth0 down
wait_until 10 "eth1 binding down" port_state_is eth1 down
wait_until 5 "binding down logged" grep -q "event=binding_state ifname=eth1 vni=100 state=down was=up" "$VXT_TMP/gw/gwd.log"
nsx h1 ip link set eth0 up
wait_until 10 "eth1 binding up again" port_state_is eth1 up
