#!/bin/bash
# A physical router as EVPN peer of the gateway, end to end with FRR in namespaces.
# RR + two workers (pods via vxgw-cni on VNI 100) as in t_evpn_cluster.sh; a gateway
# "gw" with FRR in the gateway role (rendered by vxgw-evpn) and a VTEP made by
# vxgw-vtep; routers with hand-written FRR configs and plain `ip link` VTEPs
# (tests/lab/router.sh), each with a host behind it on VNI 100:
#   r1  AS 65100, eBGP to the gateway, TCP-MD5   (the main case)
#   r2  AS 65000, iBGP to the gateway            (must be the gateway's RR client)
#   r3  AS 65200, eBGP with the wrong key        (must not come up until fixed)
# Before any data traffic: the workers' FDBs hold the hosts' MACs as EVPN entries
# pointing at the routers' VTEPs, the routers' FDBs hold the pods' MACs pointing at
# the workers' VTEPs (never the gateway: it cannot forward VXLAN to VXLAN), BUM lists
# include every VTEP. Then pods and a host on the gateway ping the hosts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"
. "$(dirname "$0")/../lab/router.sh"

lab_up <<'TOPO' || exit 1
rr      rr  10.90.0.1  10.90.0.0/24
worker  w1  10.90.0.2  10.90.0.1
worker  w2  10.90.0.3  10.90.0.1
TOPO

echo "-- gateway: VTEP by vxgw-vtep, FRR in the gateway role by vxgw-evpn"
KEY=r0uter-Key
(umask 077 && printf '%s\n' "$KEY" >"$VXT_TMP/bgp.key")
lab_node gw 10.90.0.4 || exit 1
expect_ok "gw: vxgw-vtep create 100" vtep gw create 100 --local 10.90.0.4
lab_frr gw gateway --router-id 10.90.0.4 --rr 10.90.0.1 \
	--peer "10.90.0.10,asn=65100,password-file=$VXT_TMP/bgp.key" \
	--peer "10.90.0.11,password-file=$VXT_TMP/bgp.key" \
	--peer "10.90.0.12,asn=65200,password-file=$VXT_TMP/bgp.key" || exit 1
gwconf="$VXT_TMP/frr/gw/frr.conf"
expect_match "rendered: eBGP peer r1 with its key" "$(cat "$gwconf")" "neighbor 10.90.0.10 password $KEY"
expect_match "rendered: iBGP peer r2 is a route-reflector client" "$(cat "$gwconf")" "^  neighbor 10.90.0.11 route-reflector-client$"
expect_eq "rendered: no next-hop or RT knobs (FRR's EVPN defaults are right)" \
	"$(grep -cE 'next-hop|attribute-unchanged|autort|route-target' "$gwconf")" 0

echo "-- routers (hand-written FRR configs, plain ip link VTEPs) and hosts behind them"
lab_router r1 10.90.0.10 65100 10.90.0.4 65000 "$KEY" 100 rh1 192.168.90.201 || exit 1
lab_router r2 10.90.0.11 65000 10.90.0.4 65000 "$KEY" 100 rh2 192.168.90.202 || exit 1
lab_router r3 10.90.0.12 65200 10.90.0.4 65000 wr0ng-Key 100 rh3 192.168.90.203 || exit 1
lab_wait_peers rr 3 60 || exit 1
lab_wait_peers gw 3 60 || exit 1
lab_wait_peers r1 1 30 && lab_wait_peers r2 1 30 || exit 1
expect_eq "gw: r1 is eBGP from AS 65100" "$(vty gw show bgp l2vpn evpn summary json | jq -c '.peers["10.90.0.10"] | [.remoteAs, .state]')" '[65100,"Established"]'
expect_eq "apply of the gateway's rendered config is a no-op" "$("$EVPN" apply --pathspace "$(lab_pathspace gw)" "$gwconf")" unchanged

echo "-- pods (IPv6 off: silent until we ping)"
for p in p1:w1:192.168.90.1 p2:w2:192.168.90.2; do
	IFS=: read -r pod node ip <<<"$p"
	ns_new "$pod" && nsx "$pod" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	lab_pod "$node" "$pod" 100 "$ip" || fail "attach $pod"
done
mac() { nsx "$1" cat "/sys/class/net/${2:-eth1}/address"; }
p1=$(mac p1) p2=$(mac p2) rh1=$(mac rh1 eth0) rh2=$(mac rh2 eth0)
dst_is() { [ "$(lab_fdb_dst "$1" 100 "$2")" = "$3" ]; }
flood_is() { [ "$(lab_fdb_flood "$1" 100)" = "$2" ]; }

echo "-- control plane, before any traffic between the pods and the hosts"
for w in w1 w2; do
	wait_until 30 "$w: rh1's MAC from EVPN, dst = r1's VTEP 10.90.0.10" dst_is "$w" "$rh1" 10.90.0.10
	wait_until 30 "$w: rh2's MAC (iBGP router) from EVPN, dst = r2's VTEP 10.90.0.11" dst_is "$w" "$rh2" 10.90.0.11
done
wait_until 30 "r1: p1's MAC from EVPN, dst = w1's VTEP (not the gateway)" dst_is r1 "$p1" 10.90.0.2
wait_until 30 "r1: p2's MAC from EVPN, dst = w2's VTEP (not the gateway)" dst_is r1 "$p2" 10.90.0.3
wait_until 30 "r2: p1's MAC from EVPN, dst = w1's VTEP" dst_is r2 "$p1" 10.90.0.2
wait_until 30 "r2: p2's MAC from EVPN, dst = w2's VTEP" dst_is r2 "$p2" 10.90.0.3
wait_until 30 "r1: rh2's MAC, dst = r2's VTEP" dst_is r1 "$rh2" 10.90.0.11
wait_until 30 "gw: rh1's MAC, dst = r1's VTEP" dst_is gw "$rh1" 10.90.0.10
wait_until 30 "w1 floods BUM to w2, gw, r1, r2" flood_is w1 "10.90.0.10 10.90.0.11 10.90.0.3 10.90.0.4"
wait_until 30 "r1 floods BUM to w1, w2, gw, r2" flood_is r1 "10.90.0.11 10.90.0.2 10.90.0.3 10.90.0.4"
# Why it works, in FRR's words: r1's route carries r1's auto RT 65100:100 and is imported
# into w1's VNI 100 (import RT 65000:100: auto RTs match without the AS), next hop r1.
expect_eq "w1: rh1's route in VNI 100 (RT, next hop, AS path)" \
	"$(vty w1 show bgp l2vpn evpn route vni 100 mac "$rh1" json | jq -c '[.paths[][] | {rt: .extendedCommunity.string, nh: .nexthops[0].ip, as: .aspath.string}]')" \
	'[{"rt":"RT:65100:100 ET:8","nh":"10.90.0.10","as":"65100"}]'
expect_eq "w1: VNI 100 import RT" "$(vty w1 show bgp l2vpn evpn vni 100 json | jq -c .importRts)" '["65000:100"]'
expect_eq "r1: p1's route in VNI 100 (RT, next hop kept across eBGP, AS path)" \
	"$(vty r1 show bgp l2vpn evpn route vni 100 mac "$p1" json | jq -c '[.paths[][] | {rt: .extendedCommunity.string, nh: .nexthops[0].ip, as: .aspath.string}]')" \
	'[{"rt":"RT:65000:100 ET:8","nh":"10.90.0.2","as":"65000"}]'
expect_eq "r1: remote MACs in zebra" "$(vty r1 show evpn mac vni 100 json | jq -c --arg a "$p1" --arg b "$p2" '[.macs[$a].remoteVtep, .macs[$b].remoteVtep]')" '["10.90.0.2","10.90.0.3"]'

echo "-- data plane"
expect_ok "p1 (w1) -> rh1 (behind r1)" nsx p1 ping -c 3 -i 0.2 -W 2 192.168.90.201
expect_ok "p2 (w2) -> rh1 (behind r1)" nsx p2 ping -c 3 -i 0.2 -W 2 192.168.90.201
expect_ok "p1 (w1) -> rh2 (behind r2, iBGP)" nsx p1 ping -c 2 -i 0.2 -W 2 192.168.90.202
expect_ok "rh1 -> rh2 (router to router through the EVPN fabric)" nsx rh1 ping -c 2 -i 0.2 -W 2 192.168.90.202
lab_host gh gw 100 192.168.90.100 || fail "attach gh to the gateway"
expect_ok "gh (on the gateway's br100) -> rh1" nsx gh ping -c 3 -i 0.2 -W 2 192.168.90.201
expect_ok "gh -> p1" nsx gh ping -c 2 -i 0.2 -W 2 192.168.90.1
expect_match "p1 cannot reach rh3 (r3 has no session)" "$(nsx p1 ping -c 2 -i 0.2 -W 1 192.168.90.203 2>&1)" " 100% packet loss"

echo "-- wrong TCP-MD5 key: no session"
# r3 keeps trying (connect timer 2 s); the gateway's kernel drops its segments.
md5_failed() { [ "$(lab_md5_failures "$1")" -gt 0 ]; }
peer_up() { [ "$(lab_peer_state "$1" "$2")" = Established ]; }
wait_until 20 "gw's kernel drops r3's segments for a bad MD5 signature (TCPMD5Failure)" md5_failed gw
up=""
deadline=$((SECONDS + 6))
while [ $SECONDS -lt $deadline ]; do
	peer_up gw 10.90.0.12 && up="gw"
	peer_up r3 10.90.0.4 && up="$up r3"
	[ -n "$up" ] && break
	sleep 0.2
done
expect_eq "r3 with the wrong key stays down for 6 s (gw: $(lab_peer_state gw 10.90.0.12))" "$up" ""
expect_eq "r3 learned nothing" "$(lab_fdb_dst r3 100 "$p1")" ""
lab_router_password r3 10.90.0.4 "$KEY" || fail "set r3's key"
wait_until 30 "with the right key r3 comes up" peer_up gw 10.90.0.12
wait_until 30 "and learns p1's MAC, dst = w1's VTEP" dst_is r3 "$p1" 10.90.0.2

echo "-- vxgw-evpn state on the gateway"
st=$("$EVPN" state --pathspace "$(lab_pathspace gw)" --json) && pass "state on gw" || fail "state on gw: $st"
expect_eq "gw peers" "$(jq -c '[.peers[] | [.peer, .remote_as, .state]] | sort' <<<"$st")" \
	'[["10.90.0.1",65000,"Established"],["10.90.0.10",65100,"Established"],["10.90.0.11",65000,"Established"],["10.90.0.12",65200,"Established"]]'
expect_eq "gw VNI 100 remote VTEPs" "$(jq -c '.vnis[] | select(.vni == 100) | .remote_vteps | sort' <<<"$st")" \
	'["10.90.0.10","10.90.0.11","10.90.0.12","10.90.0.2","10.90.0.3"]'
