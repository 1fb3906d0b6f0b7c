#!/bin/bash
# vxgw-cni across two nodes: VTEP attributes (local address from the chosen source,
# port, MTU from each node's underlay), cross-node pod traffic once head-end
# replication entries exist (EVPN installs those in the lab; static here), CHECK
# catching tampering, 32 parallel ADDs/DELs on one VNI, 150 interfaces in one pod.
. "$(dirname "$0")/lib.sh"

ns_new fab && ns_new n1 && ns_new n2 && ns_new p1 && ns_new p2 && ns_new big || exit 1
nsx fab ip link add br0 type bridge && nsx fab ip link set br0 up
for i in 1 2; do
	ip -n "${VXT_PREFIX}n$i" link add u0 type veth peer name f$i netns "${VXT_PREFIX}fab"
	nsx fab ip link set f$i master br0 up
	nsx n$i ip link set u0 up
	nsx n$i ip addr add 10.82.0.$i/24 dev u0
	nsx n$i ip route add default via 10.82.0.254
done
nsx n2 ip link set u0 mtu 9000
nsx fab ip link set f2 mtu 9000
nsx fab ip link set f1 mtu 9000

echo "-- VTEP source and MTU per node"
C1=$(conf 100 lan "\"vtep\":{\"interface\":\"u0\"}")
C2=$(conf 100 lan "\"vtep\":{\"address\":\"10.82.0.2\"},\"mtu\":1450")
r1=$(cni n1 ADD pod1 net0 "$C1" p1) && pass "ADD on n1" || fail "ADD on n1: $r1"
r2=$(cni n2 ADD pod2 net0 "$C2" p2) && pass "ADD on n2" || fail "ADD on n2: $r2"
for i in 1 2; do
	vx=$(link_json n$i vx100)
	expect_eq "n$i VTEP local" "$(jq -r .linkinfo.info_data.local <<<"$vx")" 10.82.0.$i
	expect_eq "n$i VTEP port" "$(jq -r .linkinfo.info_data.port <<<"$vx")" 4789
	expect_eq "n$i VTEP nolearning" "$(jq -r .linkinfo.info_data.learning <<<"$vx")" false
done
expect_eq "n1 VTEP MTU = its underlay 1500 - 50" "$(link_json n1 vx100 | jq .mtu)" 1450
expect_eq "n2 VTEP MTU explicit 1450 (underlay 9000)" "$(link_json n2 vx100 | jq .mtu)" 1450
nsx p1 ip addr add 192.168.82.1/24 dev net0
nsx p2 ip addr add 192.168.82.2/24 dev net0
nsx n1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.82.0.2 self permanent
nsx n2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.82.0.1 self permanent
expect_ok "pod on n1 -> pod on n2" nsx p1 ping -c 2 -i 0.2 -W 2 192.168.82.2
expect_ok "1450-byte frames cross nodes" nsx p1 ping -c 1 -W 2 -M do -s 1422 192.168.82.2

echo "-- CHECK"
PREV1=$(conf 100 lan "\"vtep\":{\"interface\":\"u0\"},\"prevResult\":$r1")
expect_ok "CHECK passes on an intact attachment" cni n1 CHECK pod1 net0 "$PREV1" p1
nsx p1 ip link set net0 mtu 1400
expect_err "CHECK: wrong MTU" "\"code\": 102.*|net0 in the pod has MTU 1400, expected 1450" cni n1 CHECK pod1 net0 "$PREV1" p1
nsx p1 ip link set net0 mtu 1450
host=$(jq -r '.interfaces[1].name' <<<"$r1")
nsx n1 ip link set "$host" nomaster
expect_err "CHECK: detached from bridge" "$host is not attached to br100" cni n1 CHECK pod1 net0 "$PREV1" p1
nsx n1 ip link set "$host" master br100
nsx n1 ip link set vx100 type bridge_slave learning on
expect_err "CHECK: VTEP port flags" "port flags changed" cni n1 CHECK pod1 net0 "$PREV1" p1
nsx n1 ip link set vx100 type bridge_slave learning off
PREVIP=$(conf 100 lan "\"vtep\":{\"interface\":\"u0\"},\"prevResult\":$(jq -c '.ips=[{"address":"192.168.82.99/24","interface":2}]' <<<"$r1")")
expect_err "CHECK: address from prevResult missing" "net0 lacks address 192.168.82.99/24" cni n1 CHECK pod1 net0 "$PREVIP" p1
expect_ok "CHECK passes again after repair" cni n1 CHECK pod1 net0 "$PREV1" p1

echo "-- 32 parallel ADDs then 32 parallel DELs on one VNI"
for i in $(seq 1 32); do ns_new "q$i"; done
start=$(date +%s%N)
for i in $(seq 1 32); do cni n1 ADD "par$i" eth0 "$(conf 300 par)" "q$i" >"$VXT_TMP/add$i" 2>&1 & done
wait
fails=0
for i in $(seq 1 32); do jq -e '.interfaces[2].name == "eth0"' "$VXT_TMP/add$i" >/dev/null || { fails=$((fails + 1)); head -c 300 "$VXT_TMP/add$i"; }; done
expect_eq "32 parallel ADDs succeeded" "$fails" 0
expect_eq "32 ports on br300" "$(vtep n1 show 300 --json | jq '.[0].ports')" 32
echo "  (32 parallel ADDs took $((($(date +%s%N) - start) / 1000000)) ms)"
for i in $(seq 1 32); do cni n1 DEL "par$i" eth0 "$(conf 300 par)" "q$i" >"$VXT_TMP/del$i" 2>&1 & done
wait
fails=0
for i in $(seq 1 32); do [ -s "$VXT_TMP/del$i" ] && { fails=$((fails + 1)); head -c 300 "$VXT_TMP/del$i"; }; done
expect_eq "32 parallel DELs succeeded silently" "$fails" 0
expect_eq "no leftover VTEP for VNI 300" "$(link_json n1 vx300)$(link_json n1 br300)" ""
expect_eq "no leftover host veths" "$(nsx n1 ip -j link show | jq '[.[] | select(.ifname | startswith("vxc"))] | length')" 1
echo "-- interleaved ADD/DEL race: the VTEP survives while any pod needs it"
for round in 1 2 3; do
	for i in $(seq 1 16); do cni n1 ADD "mix$i" eth0 "$(conf 301 mix)" "q$i" >/dev/null 2>&1 & done
	for i in $(seq 1 16); do cni n1 DEL "mix$i" eth0 "$(conf 301 mix)" "q$i" >/dev/null 2>&1 & done
	wait
	# Every ADD that ran after its DEL left a pod, which must have a working VTEP.
	attached=$(vtep n1 show 301 --json 2>/dev/null | jq '.[0].ports // 0')
	pods=$(for i in $(seq 1 16); do nsx "q$i" ip -j link show eth0 2>/dev/null | jq length; done | grep -c 1)
	expect_eq "round $round: every remaining pod is attached ($pods)" "${attached:-0}" "$pods"
	for i in $(seq 1 16); do cni n1 DEL "mix$i" eth0 "$(conf 301 mix)" "q$i" >/dev/null 2>&1; done
done
expect_eq "VNI 301 gone after the last DEL" "$(link_json n1 vx301)" ""

echo "-- 150 interfaces in one pod"
fails=0
for i in $(seq 1 150); do cni n1 ADD big if$i "$(conf $((1000 + i % 10)) big)" big >/dev/null || fails=$((fails + 1)); done
expect_eq "150 ADDs succeeded" "$fails" 0
expect_eq "150 interfaces in the pod" "$(nsx big ip -j link show | jq '[.[] | select(.ifname | startswith("if"))] | length')" 150
expect_eq "10 VTEPs for 10 VNIs" "$(vtep n1 show --json | jq '[.[] | select(.vni >= 1000 and .vni < 1010)] | length')" 10
for i in $(seq 1 150); do cni n1 DEL big if$i "$(conf $((1000 + i % 10)) big)" big >/dev/null || fails=$((fails + 1)); done
expect_eq "150 DELs succeeded" "$fails" 0
expect_eq "all 10 VTEPs removed" "$(vtep n1 show --json | jq '[.[] | select(.vni >= 1000 and .vni < 1010)] | length')" 0
