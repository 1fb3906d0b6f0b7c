#!/bin/bash
# SNMP in the hybrid lab: snmpd (config/snmp/snmpd.conf) as AgentX master on the
# gateway, gwd's VXGW-MIB subagent, bgpd's BGP4-MIB through the same master, and a
# notification receiver.
#   - snmptable/snmpget of VXGW-MIB show what gwctl --json shows (VNIs, bindings,
#     remote VTEPs, generation); BGP4-MIB shows the RR peer established
#   - a binding going down (link down) sends vxgwBindingDown and flips the row; up again
#     sends vxgwBindingUp; a failed apply sends vxgwConfigApplyFailed; a remote VTEP
#     leaving sends vxgwRemoteVtepDown
#   - SNMPv1/v2c refused, SNMPv3 with a wrong password refused
#   - snmpd restarted: the subagent re-registers and answers within a deadline
#   - snmpd stopped (SIGSTOP): gwd keeps answering gwctl and applying
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"
. "$(dirname "$0")/../lab/snmp.sh"

for n in p1; do ns_new "$n" && nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
lab_up <<'TOPO' || exit 1
rr      rr  10.90.0.1  10.90.0.0/24
worker  w1  10.90.0.2  10.90.0.1
pod     p1  w1  100  192.168.90.1
TOPO
lab_node gw 10.90.0.4 || exit 1
lab_snmpd gw || exit 1
lab_snmptrapd gw || exit 1
lab_frr_snmp gw
mkdir -p "$VXT_TMP/gw"
: >"$VXT_TMP/gw/frr-empty.conf"
lab_frr_start gw "$VXT_TMP/gw/frr-empty.conf" || exit 1
lab_port gw eth1 h1 192.168.90.101 || exit 1
lab_port gw eth6 h6 192.168.90.106 || exit 1
cat >"$VXT_TMP/gw/gwd.json" <<EOF
{"vtep": {"address": "10.90.0.4"},
 "bgp": {"asn": 65000, "router_id": "10.90.0.4", "route_reflectors": [{"address": "10.90.0.1"}]},
 "segments": [{"vni": 100, "name": "core", "ports": [{"port": "eth1"}, {"port": "eth5"}]},
              {"vni": 200, "name": "lab", "ports": []}],
 "snmp": {"enabled": true, "agentx_socket": "$(lab_agentx gw)", "frr_agentx": true}}
EOF
lab_gwd gw || exit 1
lab_wait_peers gw 1 60
wait_until 30 "gateway has p1's MAC from EVPN" lab_fdb_has gw 100 "$(nsx p1 cat /sys/class/net/eth1/address)"
wait_until 10 "subagent connected" grep -q "event=snmp_agentx state=connected" "$VXT_TMP/gw/gwd.log"

echo "-- VXGW-MIB = gwctl"
# A request older than 2 s after the last rebuild triggers one right after it: ask once,
# let it run, then compare.
snmpq gw snmpget VXGW-MIB::vxgwConfigGeneration.0 >/dev/null
sleep 2.5
snmpq gw snmpget VXGW-MIB::vxgwConfigGeneration.0 >/dev/null
sleep 0.5
vnis=$(gwctl gw --json show vnis)
tab=$(snmpq gw snmptable -Cf , -CH -Cb -Ci VXGW-MIB::vxgwVniTable)
echo "$tab" | sed 's/^/   /'
for v in 100 200; do
	want=$(jq -r --argjson v $v '.vnis[] | select(.vni == $v) | [.vni, .name, .bridge_ifindex, .state, .local_macs, .remote_macs, (.remote_vteps | length)] | join(",")' <<<"$vnis")
	got=$(awk -F, -v v=$v '$1 == v {print $1","$2","$3","$5","$6","$7","$8}' <<<"$tab")
	expect_eq "VNI $v row: id, name, bridge ifIndex, status, local/remote MACs, remote VTEPs" "$got" "$want"
done
ports=$(gwctl gw --json show ports)
btab=$(snmpq gw snmptable -Cf , -CH -Cb -Ci VXGW-MIB::vxgwPortBindingTable)
echo "$btab" | sed 's/^/   /'
expect_eq "binding rows = gwctl show ports (ifname, ifIndex, state)" \
	"$(awk -F, '{split($1, a, "\""); print a[2]","$2","$3}' <<<"$btab" | sort | tr '\n' ' ')" \
	"$(jq -r '.ports[] | [.ifname, .ifindex, .state] | join(",")' <<<"$ports" | sort | tr '\n' ' ')"
expect_match "peer row for w1's VTEP (1 VNI, 1 MAC, IPsec none)" \
	"$(snmpq gw snmptable -Cf , -CH -Cb -Ci VXGW-MIB::vxgwPeerTable)" '^ipv4\.?"10\.90\.0\.2",1,1,none,'
expect_eq "generation = gwctl's" "$(snmpq gw snmpget -Oqv VXGW-MIB::vxgwConfigGeneration.0)" "$(gwctl gw --json status | jq .generation)"
expect_eq "last apply ok" "$(snmpq gw snmpget -Oqv VXGW-MIB::vxgwLastApplyResult.0)" ok
echo "-- BGP4-MIB from bgpd through the same master"
wait_until 20 "BGP4-MIB: bgpPeerState of the RR = established(6)" \
	bash -c "[ \"\$(ip netns exec ${VXT_PREFIX}gw snmpget -v3 -l authPriv -u vxgw -a SHA -A $LAB_SNMP_AUTH -x AES -X $LAB_SNMP_PRIV -Oqv 127.0.0.1:16161 .1.3.6.1.2.1.15.3.1.2.10.90.0.1 2>/dev/null)\" = 6 ]"

echo "-- access control"
expect_match "SNMPv2c (community public) refused" "$(nsx gw snmpget -v2c -c public -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.2.1.1.1.0 2>&1)" "Timeout"
expect_match "SNMPv1 refused" "$(nsx gw snmpget -v1 -c public -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.2.1.1.1.0 2>&1)" "Timeout"
expect_match "SNMPv3 with a wrong password refused" "$(nsx gw snmpget -v3 -l authPriv -u vxgw -a SHA -A wrong-pass-123 -x AES -X $LAB_SNMP_PRIV -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.2.1.1.1.0 2>&1)" "Authentication failure"
expect_match "SNMPv3 without privacy refused" "$(nsx gw snmpget -v3 -l authNoPriv -u vxgw -a SHA -A $LAB_SNMP_AUTH -t 1 -r 0 127.0.0.1:16161 .1.3.6.1.2.1.1.1.0 2>&1)" "authorizationError|Timeout|noAccess"

echo "-- notifications"
traps="$(lab_snmp_dir gw)/traps.log"
nsx h1 ip link set eth0 down
wait_until 10 "vxgwBindingDown received" grep -q "vxgwBindingDown" "$traps"
expect_match "... naming eth1 on VNI 100 with status down" "$(grep vxgwBindingDown "$traps" | tail -1)" 'vxgwBindingOperStatus\.100\."eth1"\.0 = INTEGER: down\(2\)'
expect_eq "binding row flipped to down" "$(snmpq gw snmpget -Oqv 'VXGW-MIB::vxgwBindingOperStatus.100."eth1".0')" down
nsx h1 ip link set eth0 up
wait_until 10 "vxgwBindingUp received" grep -q "vxgwBindingUp" "$traps"
expect_err "a failing bind (VLAN, no 8021q)" "802.1Q" gwctl gw bind eth6 200 --vlan 5
wait_until 10 "vxgwConfigApplyFailed received" grep -q "vxgwConfigApplyFailed" "$traps"
expect_match "... with the reason" "$(grep vxgwConfigApplyFailed "$traps" | tail -1)" "802.1Q"
wait_until 5 "vxgwLastApplyResult = failed" bash -c "ip netns exec ${VXT_PREFIX}gw env MIBDIRS=$LAB_MIBDIRS MIBS=VXGW-MIB snmpget -v3 -l authPriv -u vxgw -a SHA -A $LAB_SNMP_AUTH -x AES -X $LAB_SNMP_PRIV -Oqv 127.0.0.1:16161 VXGW-MIB::vxgwLastApplyResult.0 | grep -qx failed"
expect_err "an invalid edit is refused" "would make the configuration invalid" gwctl gw bind eth1 200 --vlan 5
wait_until 10 "... and reported as vxgwConfigApplyFailed too" bash -c "[ \$(grep -c vxgwConfigApplyFailed $(lab_snmp_dir gw)/traps.log) -ge 2 ]"
for d in bgpd zebra; do kill "$(cat "/var/run/frr/$(lab_pathspace w1)/$d.pid")"; done
wait_until 30 "w1 gone: vxgwRemoteVtepDown received" grep -q "vxgwRemoteVtepDown" "$traps"
expect_match "... for w1's address" "$(grep vxgwRemoteVtepDown "$traps" | tail -1 | tr A-F a-f)" "0a 5a 00 02|10\.90\.0\.2|0a:5a:00:02"

echo "-- snmpd restart: the subagent re-registers"
lab_snmpd_stop gw
lab_snmpd gw || fail "snmpd restart"
t0=$SECONDS
wait_until 10 "VXGW-MIB answers again after the restart (AgentX ping 2 s)" bash -c "ip netns exec ${VXT_PREFIX}gw snmpget -v3 -l authPriv -u vxgw -a SHA -A $LAB_SNMP_AUTH -x AES -X $LAB_SNMP_PRIV -t 1 -r 0 -Oqv 127.0.0.1:16161 .1.3.6.1.4.1.32473.1.1.1.0 | grep -qE '^[0-9]+$'"
echo "   re-registered after $((SECONDS - t0)) s"
grep -E "snmp_agentx" "$VXT_TMP/gw/gwd.log" | sed 's/^/   /'
grep -iE "snmp|agentx" "$VXT_TMP/frr/gw/bgpd.log" | tail -5 | sed 's/^/   bgpd: /'

echo "-- a stalled master does not stall gwd"
kill -STOP "$(cat "$(lab_snmp_dir gw)/snmpd.pid")"
nsx h1 ip link set eth0 down # a notification to send while the master is frozen
worst=0
for i in $(seq 1 20); do # 4 s: spans two AgentX pings (every 2 s) to the frozen master
	t0=${EPOCHREALTIME/./}
	gwctl gw status >/dev/null || fail "gwctl status with snmpd frozen"
	ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	[ "$ms" -gt "$worst" ] && worst=$ms
	sleep 0.2
done
echo "   gwctl status with snmpd frozen: worst $worst ms over 20 calls"
[ "$worst" -lt 1000 ] && pass "gwd keeps answering with the master frozen (worst $worst ms)" || fail "gwctl took $worst ms"
expect_ok "gwctl reload applies with the master frozen" timeout 5 ip netns exec "${VXT_PREFIX}gw" "$GWCTL" --socket "$VXT_TMP/gw/gwd.sock" reload
kill -CONT "$(cat "$(lab_snmp_dir gw)/snmpd.pid")"
nsx h1 ip link set eth0 up
wait_until 10 "VXGW-MIB answers after the master thawed" bash -c "ip netns exec ${VXT_PREFIX}gw snmpget -v3 -l authPriv -u vxgw -a SHA -A $LAB_SNMP_AUTH -x AES -X $LAB_SNMP_PRIV -t 1 -r 0 -Oqv 127.0.0.1:16161 .1.3.6.1.4.1.32473.1.1.1.0 | grep -qE '^[0-9]+$'"
expect_eq "no sanitizer reports in gwd's log" "$(grep -cE 'Sanitizer|runtime error' "$VXT_TMP/gw/gwd.log")" 0
