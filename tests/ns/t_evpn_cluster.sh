#!/bin/bash
# EVPN control plane end to end: route reflector with dynamic peering + two workers in
# the worker role (FRR configs rendered by vxgw-evpn), pods attached with vxgw-cni on
# VNI 100 and 200. Remote pod MACs must be in each worker's kernel FDB as EVPN-installed
# entries before any traffic between the pods; cross-worker ping; VNI segregation;
# CNI DEL withdraws the MAC; a worker added later is learned without touching the RR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"

lab_up <<'TOPO' || exit 1
rr      rr  10.90.0.1  10.90.0.0/24
worker  w1  10.90.0.2  10.90.0.1
worker  w2  10.90.0.3  10.90.0.1
TOPO
lab_wait_peers w1 1 30 && lab_wait_peers w2 1 30 || exit 1

echo "-- pods; disable IPv6 in them so they stay silent until we ping"
for p in p1:w1:100:192.168.90.1 p2:w2:100:192.168.90.2 q1:w1:200:192.168.90.11 q2:w2:200:192.168.90.12; do
	IFS=: read -r pod node vni ip <<<"$p"
	ns_new "$pod" && nsx "$pod" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	lab_pod "$node" "$pod" "$vni" "$ip" || fail "attach $pod"
done
mac() { nsx "$1" cat /sys/class/net/eth1/address; }
wait_until 30 "w2 FDB has p1's MAC from EVPN (no traffic yet)" lab_fdb_has w2 100 "$(mac p1)"
wait_until 30 "w1 FDB has p2's MAC from EVPN (no traffic yet)" lab_fdb_has w1 100 "$(mac p2)"
wait_until 30 "w1 FDB has q2's MAC on VNI 200" lab_fdb_has w1 200 "$(mac q2)"
expect_eq "p1's MAC points at w1's VTEP" "$(nsx w2 bridge -j fdb show dev vx100 | jq -r --arg m "$(mac p1)" '.[] | select(.mac == $m and .dst) | .dst')" 10.90.0.2
expect_eq "VNI 200 MACs not in VNI 100" "$(nsx w1 bridge -j fdb show dev vx100 | jq --arg m "$(mac q2)" '[.[] | select(.mac == $m)] | length')" 0
# The VTEP has learning off (port and device), so an extern_learn entry can only have
# come from zebra, i.e. from EVPN. Our own L2 devices stay silent (IPv6 off).
expect_eq "w2's vx100 learns nothing from the data plane" "$(link_json w2 vx100 | jq -c '[.linkinfo.info_data.learning, .linkinfo.info_slave_data.learning]')" "[false,false]"
for d in vx100 br100; do
	expect_eq "IPv6 off on w1 $d" "$(nsx w1 cat /proc/sys/net/ipv6/conf/$d/disable_ipv6)" 1
done
hv=$(nsx w1 bridge -j link show | jq -r '.[] | select(.master == "br100" and (.ifname | startswith("vxc"))) | .ifname' | head -1)
expect_eq "IPv6 off on w1's pod port $hv" "$(nsx w1 cat /proc/sys/net/ipv6/conf/$hv/disable_ipv6)" 1
expect_eq "FRR lists remote VTEP 10.90.0.3 for VNI 100 on w1" \
	"$(vty w1 show evpn vni 100 json | jq -c '.numRemoteVteps')" '["10.90.0.3"]' 

echo "-- data plane"
expect_ok "p1 (w1) -> p2 (w2)" nsx p1 ping -c 3 -i 0.2 -W 2 192.168.90.2
expect_ok "q1 (w1) -> q2 (w2) on VNI 200" nsx q1 ping -c 2 -i 0.2 -W 2 192.168.90.12
expect_match "p1 (VNI 100) cannot reach q2 (VNI 200, same subnet)" "$(nsx p1 ping -c 2 -i 0.2 -W 1 192.168.90.12 2>&1)" " 100% packet loss"

echo "-- CNI DEL withdraws the MAC"
m2=$(mac p2)
expect_ok "DEL p2" cni w2 DEL p2 eth1 "$(conf 100 vni100)" p2
wait_until 20 "p2's MAC withdrawn from w1's FDB" bash -c "! nsx() { ip netns exec \"$VXT_PREFIX\$1\" \"\${@:2}\"; }; nsx w1 bridge -j fdb show dev vx100 | jq -e --arg m $m2 '[.[] | select(.mac == \$m)] | length > 0' >/dev/null"

echo "-- a worker added later is learned, RR untouched"
rrconf=$(vty rr show running-config)
lab_node w3 10.90.0.4 && lab_frr w3 worker --router-id 10.90.0.4 --rr 10.90.0.1 || fail "start w3"
lab_wait_peers rr 3 60
lab_pod w3 p3 100 192.168.90.3 || fail "attach p3"
wait_until 30 "w1 learned p3 (on w3) from EVPN" lab_fdb_has w1 100 "$(nsx p3 cat /sys/class/net/eth1/address)"
expect_ok "p1 (w1) -> p3 (w3)" nsx p1 ping -c 2 -i 0.2 -W 2 192.168.90.3
expect_eq "RR configuration unchanged" "$(vty rr show running-config)" "$rrconf"

echo "-- vxgw-evpn state reads FRR"
st=$("$EVPN" state --pathspace "$(lab_pathspace w1)" --json) && pass "state on w1" || fail "state on w1: $st"
expect_eq "w1 sees the RR established" "$(jq -c '[.peers[] | {peer, state}]' <<<"$st")" '[{"peer":"10.90.0.1","state":"Established"}]'
expect_eq "w1 VNI 100: remote VTEPs" "$(jq -c '.vnis[] | select(.vni == 100) | .remote_vteps | sort' <<<"$st")" '["10.90.0.4"]'
expect_eq "w1 VNI 100: local/remote MACs" "$(jq -c '.vnis[] | select(.vni == 100) | [.local_macs, .remote_macs]' <<<"$st")" '[1,1]'
expect_eq "RR sees 3 dynamic peers" "$("$EVPN" state --pathspace "$(lab_pathspace rr)" --json | jq '[.peers[] | select(.dynamic and .established)] | length')" 3

echo "-- vxgw-evpn apply: whole-config reload, no-op when unchanged"
cfg="$VXT_TMP/frr/rr/frr.conf"
expect_eq "apply the running config again" "$("$EVPN" apply --pathspace "$(lab_pathspace rr)" "$cfg")" unchanged
"$EVPN" render --role rr --asn "$LAB_ASN" --hostname rr --router-id 10.90.0.1 --listen-range 10.90.0.0/16 >"$VXT_TMP/rr2.conf"
expect_eq "apply a widened listen range" "$("$EVPN" apply --pathspace "$(lab_pathspace rr)" "$VXT_TMP/rr2.conf")" applied
expect_match "RR runs the new range" "$(vty rr show running-config)" "bgp listen range 10.90.0.0/16 peer-group fabric"
expect_eq "apply it again" "$("$EVPN" apply --pathspace "$(lab_pathspace rr)" "$VXT_TMP/rr2.conf")" unchanged
# Replacing the listen range re-creates the dynamic peers: wait for EVPN to re-learn.
lab_wait_peers rr 3 30
wait_until 30 "w1 re-learned p3 after the reload" lab_fdb_has w1 100 "$(nsx p3 cat /sys/class/net/eth1/address)"
expect_ok "fabric forwards after the reload" nsx p1 ping -c 2 -i 0.2 -W 2 192.168.90.3

echo "-- FRR down: a clear error"
for d in bgpd zebra; do kill "$(cat "/var/run/frr/$(lab_pathspace w3)/$d.pid")"; done
wait_until 10 "w3's FRR stopped" bash -c "! vtysh -N $(lab_pathspace w3) -c 'show version' >/dev/null 2>&1"
expect_err "state with FRR down" "FRR instance $(lab_pathspace w3) is not reachable \(vtysh exit 1\): are zebra and bgpd running" "$EVPN" state --pathspace "$(lab_pathspace w3)"
