#!/bin/bash
# make demo: the hybrid lab in network namespaces, built and shown step by step —
#   cluster side: route reflector (dynamic peering), two workers running FRR in the
#     worker role, pods attached with vxgw-cni on VNI 100 and 200;
#   gateway: gwd with FRR in the gateway role, physical LAN hosts on its ports eth1
#     (VNI 100) and eth2 (VNI 200), and a physical router (third-party FRR, eBGP with a
#     password, AS 65100) with a VTEP and a host of its own.
# Shows gwctl's view, proves pod <-> physical host reachability and segregation, then
# removes everything (on exit, or with `make demo-down` if it was interrupted).
# DEMO_KEEP=1 keeps the lab up until Enter is pressed, to look around.
VXT_PREFIX=vxdemo-
. "$(dirname "$0")/../tests/ns/lib.sh"
. "$(dirname "$0")/../tests/lab/lab.sh"
. "$(dirname "$0")/../tests/lab/router.sh"
down() {
	for ps in /var/run/frr/vxdemo-*; do
		[ -d "$ps" ] || continue
		for d in bgpd zebra; do [ -f "$ps/$d.pid" ] && kill "$(cat "$ps/$d.pid")" 2>/dev/null; done
		rm -rf "$ps" "/etc/frr/$(basename "$ps")"
	done
	ns_cleanup
}
if [ "${1:-}" = down ]; then
	trap - EXIT
	down
	rm -rf "$VXT_TMP"
	echo "demo: removed namespaces vxdemo-* and their FRR daemons"
	exit 0
fi
trap 'down; rm -rf "$VXT_TMP"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "demo: needs root (network namespaces)"; exit 1; }
step() { echo; echo "### $*"; }
down
step "cluster side: underlay 10.90.0.0/24, RR, two workers, pods via vxgw-cni"
for n in p1 p2 q2; do ns_new "$n" && nsx "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
lab_up <<'TOPO' 2>/dev/null || exit 1
rr      rr  10.90.0.1  10.90.0.0/24   # route reflector, dynamic peers
worker  w1  10.90.0.2  10.90.0.1
worker  w2  10.90.0.3  10.90.0.1
pod     p1  w1  100  192.168.90.1     # attached with vxgw-cni
pod     p2  w2  100  192.168.90.2
pod     q2  w2  200  192.168.90.12    # same subnet, other VNI
TOPO

step "gateway gw (10.90.0.4): physical hosts h1 on eth1 and h2 on eth2"
LAB_H2_IP=192.168.90.112 lab_hybrid_gateway gw 10.90.0.4 10.90.0.1 10.90.0.5 65100 demo-Key 2>/dev/null || exit 1
sed 's/^/    /' "$VXT_TMP/gw/gwd.json"
lab_gwd gw || exit 1
echo "gwd is up; its log:"
sed 's/^/    /' "$VXT_TMP/gw/gwd.log"

step "physical router r1 (10.90.0.5, AS 65100, eBGP + TCP-MD5 to the gateway) with host hr"
lab_router r1 10.90.0.5 65100 10.90.0.4 65000 demo-Key 100 hr 192.168.90.201 2>/dev/null || exit 1
lab_wait_peers gw 2 60 || exit 1
wait_until 30 "gateway learned p2's MAC over EVPN" lab_fdb_has gw 100 "$(nsx p2 cat /sys/class/net/eth1/address)"
wait_until 30 "w1 learned the router's host over EVPN" lab_fdb_has w1 100 "$(nsx hr cat /sys/class/net/eth0/address)"

step "gwctl status"
gwctl gw status
step "gwctl show peers"
gwctl gw show peers
step "gwctl show vnis"
gwctl gw show vnis
step "gwctl show ports"
gwctl gw show ports

step "physical host h1 (gateway eth1, VNI 100) -> pod p1 (w1) and pod p2 (w2)"
nsx h1 ping -c 3 -i 0.2 192.168.90.1
nsx h1 ping -c 3 -i 0.2 192.168.90.2
step "pod p1 (w1) -> host hr behind the physical router"
nsx p1 ping -c 3 -i 0.2 192.168.90.201
step "h2 (eth2, VNI 200) -> pod q2 (VNI 200) works; h2 -> p1 (VNI 100, same subnet) must fail"
nsx h2 ping -c 2 -i 0.2 192.168.90.12
nsx h2 ping -c 2 -i 0.2 -W 1 192.168.90.1
step "gwctl show macs 100 (local = learned on a gateway port, remote = from EVPN)"
gwctl gw show macs 100

step "stepwise migration: move h2's port to VNI 100 at runtime"
gwctl gw bind eth2 100
nsx h2 ping -c 2 -i 0.2 192.168.90.1
gwctl gw show ports
if [ "${DEMO_KEEP:-0}" = 1 ]; then
	echo; echo "lab is up (namespaces vxdemo-*; e.g. ip netns exec vxdemo-h1 ping 192.168.90.2)."
	read -r -p "press Enter to tear it down " _
fi
echo; echo "demo: done; namespaces vxdemo-* and their FRR daemons are removed on exit"
