#!/bin/bash
# Stepwise migration at runtime and hitless restarts, under continuous traffic on a
# binding that is not touched (h1 on eth1 <-> pod p1, 100 pings a second):
#   - gwctl bind / unbind / reload and SIGHUP change only what they name
#   - SIGKILL and SIGTERM leave the data plane forwarding; a new gwd adopts the node
#     with zero netlink changes and no FRR reload
# Then: zero packets lost on the untouched binding.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"

for n in p1 p3; do ns_new "$n" && nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
lab_up <<'TOPO' || exit 1
rr      rr  10.90.0.1  10.90.0.0/24
worker  w1  10.90.0.2  10.90.0.1
pod     p1  w1  100  192.168.90.1
pod     p3  w1  300  192.168.90.31
TOPO
lab_gateway gw 10.90.0.4 || exit 1
lab_port gw eth1 h1 192.168.90.101 || exit 1
lab_port gw eth3 h3 192.168.90.103 || exit 1
write_conf() { # segments JSON
	cat >"$VXT_TMP/gw/gwd.json" <<EOF
{"vtep": {"address": "10.90.0.4"},
 "bgp": {"asn": 65000, "router_id": "10.90.0.4", "route_reflectors": [{"address": "10.90.0.1"}]},
 "segments": $1}
EOF
}
write_conf '[{"vni": 100, "name": "core", "ports": [{"port": "eth1"}]}, {"vni": 300, "name": "migrating", "ports": []}]'
lab_gwd gw || exit 1
lab_wait_peers gw 1 60
wait_until 30 "gateway has p1's MAC from EVPN" lab_fdb_has gw 100 "$(nsx p1 cat /sys/class/net/eth1/address)"
expect_ok "h1 -> p1 before the runtime changes" nsx h1 ping -c 2 -i 0.2 -W 2 192.168.90.1

echo "-- continuous ping on the untouched binding (eth1, VNI 100)"
nsx h1 ping -i 0.01 -c 2500 -W 1 192.168.90.1 >"$VXT_TMP/ping.txt" 2>&1 &
pingpid=$!
sleep 0.5

echo "-- bind / unbind at runtime"
out=$(gwctl gw bind eth3 300) && pass "gwctl bind eth3 300" || fail "gwctl bind eth3 300: $out"
expect_eq "the bind plan touches only eth3" "$(head -1 <<<"$out")" "bind eth3 to VNI 300"
expect_eq "config file now binds eth3" "$(jq -c '.segments[] | select(.vni == 300) | .ports' "$VXT_TMP/gw/gwd.json")" '[{"port":"eth3"}]'
expect_eq "eth3 is in br300" "$(link_json gw eth3 | jq -r .master)" br300
expect_ok "h3 (eth3) -> p3 (VNI 300) right after the bind" nsx h3 ping -c 2 -i 0.2 -W 2 192.168.90.31
expect_err "bind a port that does not exist" "port eth7 does not exist on this node; nothing changed" gwctl gw bind eth7 300
expect_err "bind to a VNI that is not configured" "no segment with VNI 999" gwctl gw bind eth3 999
out=$(gwctl gw unbind eth3) && pass "gwctl unbind eth3" || fail "gwctl unbind eth3: $out"
expect_eq "eth3 released" "$(link_json gw eth3 | jq -r '.master // "none"')" none
expect_eq "VNI 300 stays configured without ports" "$(jq -c '.segments[] | select(.vni == 300) | .ports' "$VXT_TMP/gw/gwd.json")" '[]'
expect_err "unbind what is not bound" "nothing is bound as eth3" gwctl gw unbind eth3
expect_err "bind eth3 VLAN 10: no 802.1Q on this kernel, rolled back" "no 802.1Q VLAN support.*earlier steps undone" gwctl gw bind eth3 300 --vlan 10
expect_eq "the failed VLAN bind left the file alone" "$(jq -c '.segments[] | select(.vni == 300) | .ports' "$VXT_TMP/gw/gwd.json")" '[]'
expect_eq "no eth3.10 left behind" "$(nsx gw ip -br link show eth3.10 2>/dev/null)" ""
expect_match "status records the failed apply" "$(gwctl gw status)" "last apply +FAILED by bind"
gen=$(gwctl gw --json status | jq .generation)
out=$(gwctl gw reload) && pass "gwctl reload (nothing to change)" || fail "reload: $out"
expect_match "reload with an unchanged file plans nothing" "$out" "^no changes"
write_conf '[{"vni": 100, "name": "core", "ports": [{"port": "eth1"}]}, {"vni": 300, "name": "migrating", "ports": [{"port": "eth3"}]}]'
expect_eq "gwctl plan shows the pending bind" "$(gwctl gw plan)" "bind eth3 to VNI 300"
expect_ok "SIGHUP reloads" kill -HUP "$(lab_gwd_pid gw)"
wait_until 10 "eth3 bound after SIGHUP" bash -c "[ \"\$(ip -n ${VXT_PREFIX}gw -j link show eth3 | jq -r '.[0].master')\" = br300 ]"
expect_eq "generation advanced by the SIGHUP reload" "$(gwctl gw --json status | jq .generation)" "$((gen + 1))"

echo "-- SIGKILL during traffic; restart adopts with zero changes"
kill -9 "$(lab_gwd_pid gw)"
wait_until 5 "gwd is gone" bash -c "! kill -0 $(lab_gwd_pid gw) 2>/dev/null"
expect_ok "data plane forwards without gwd (h3 -> p3)" nsx h3 ping -c 2 -i 0.2 -W 2 192.168.90.31
frr_reloads() { grep -c "event=apply_done.*frr=reloaded" "$VXT_TMP/gw/gwd.log"; }
before_reloads=$(frr_reloads)
nsx gw ip monitor link >"$VXT_TMP/monitor.txt" 2>&1 &
monpid=$!
sleep 0.3
lab_gwd gw || fail "restart gwd"
sleep 0.5
kill "$monpid"
wait "$monpid" 2>/dev/null
expect_eq "restart after SIGKILL: zero netlink link changes" "$(cat "$VXT_TMP/monitor.txt")" ""
expect_eq "restart after SIGKILL: apply made 0 changes" "$(gwctl gw --json status | jq -c '[.last_apply.ok, .last_apply.changes]')" "[true,0]"
expect_eq "restart after SIGKILL: FRR not reloaded" "$(frr_reloads)" "$before_reloads"
expect_match "startup log says frr unchanged" "$(grep event=apply_done "$VXT_TMP/gw/gwd.log" | tail -1)" "source=startup .*changes=0 frr=unchanged"

echo "-- SIGTERM: stops, data plane kept; restart adopts"
kill -TERM "$(lab_gwd_pid gw)"
wait_until 5 "gwd stopped on SIGTERM" bash -c "! kill -0 $(lab_gwd_pid gw) 2>/dev/null"
expect_match "stop logged with the data plane kept" "$(tail -1 "$VXT_TMP/gw/gwd.log")" "event=stopping signal=Terminated data_plane=kept"
expect_eq "VTEPs still there" "$(nsx gw ip -br link show type vxlan | awk '{print $1}' | sort | tr '\n' ' ')" "vx100 vx300 "
lab_gwd gw || fail "restart gwd after SIGTERM"
expect_eq "restart after SIGTERM: 0 changes" "$(gwctl gw --json status | jq .last_apply.changes)" 0

wait "$pingpid"
summary=$(grep -E "packets transmitted" "$VXT_TMP/ping.txt")
echo "   $summary"
expect_match "zero loss on the untouched binding during all of it" "$summary" "^2500 packets transmitted, 2500 received, 0% packet loss"
