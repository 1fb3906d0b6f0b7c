#!/bin/bash
# 802.1Q sub-interfaces for port+VLAN bindings against the real kernel. This
# development kernel has no 8021q: creating one must fail with a message saying so
# and leave nothing behind. On a kernel with 8021q (the appliance image) the device
# must come up marked, as VLAN N of the port, and go away on delete.
. "$(dirname "$0")/lib.sh"

ns_new n1 || exit 1
nsx n1 ip link add eth2 type veth peer name eth2p
links() { nsx n1 ip -j link show | jq -c '[.[].ifname] | sort'; }
before=$(links)
if nsx n1 ip link add probe.1 link eth2 type vlan id 1 2>/dev/null; then
	nsx n1 ip link del probe.1
	echo "  (kernel has 802.1Q support)"
	expect_eq "create eth2.10" "$(vtep n1 vlan add eth2 10)" "eth2.10: 2 change(s)"
	v=$(link_json n1 eth2.10)
	expect_eq "VLAN id" "$(jq -r .linkinfo.info_data.id <<<"$v")" 10
	expect_eq "parent" "$(jq -r .link <<<"$v")" eth2
	expect_eq "marked" "$(jq -r .ifalias <<<"$v")" "vxgw:vlan=eth2.10"
	expect_eq "create again" "$(vtep n1 vlan add eth2 10)" "eth2.10: 0 change(s)"
	expect_eq "delete" "$(vtep n1 vlan del eth2 10)" "eth2.10: 1 change(s)"
else
	echo "  (kernel without 802.1Q support)"
	expect_err "create eth2.10 fails clearly" "cannot create eth2.10: this kernel has no 802.1Q VLAN support \(module 8021q\)" vtep n1 vlan add eth2 10
fi
expect_err "VLAN 4095 refused" "VLAN 4095 out of range 1-4094" vtep n1 vlan add eth2 4095
expect_err "missing port" "port eth9 does not exist" vtep n1 vlan add eth9 10
expect_eq "nothing left behind" "$(links)" "$before"
