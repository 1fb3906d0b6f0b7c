#!/bin/bash
# vxgw-cni on one node, invoked like a container runtime: pods on VNI 100 reach each
# other, a pod on VNI 200 in the same subnet does not; results in every supported
# version; ADD twice, DEL twice, DEL after the netns vanished; VTEP removed with the
# last pod; chaining with Debian's tuning plugin.
. "$(dirname "$0")/lib.sh"

node_with_underlay node 10.80.0.1/24 || exit 1
for p in pa pb pc pd; do ns_new $p; done
NET100=$(conf 100 net100 "$(ipam_conf 192.168.80.0/24 192.168.80.10 192.168.80.19)")
NET200=$(conf 200 net200 "$(ipam_conf 192.168.80.0/24 192.168.80.20 192.168.80.29)")

echo "-- ADD three pods"
ra=$(cni node ADD ca eth1 "$NET100" pa) && pass "ADD pa" || fail "ADD pa: $ra"
rb=$(cni node ADD cb eth1 "$NET100" pb) && pass "ADD pb" || fail "ADD pb: $rb"
rc_=$(cni node ADD cc eth1 "$NET200" pc) && pass "ADD pc (VNI 200)" || fail "ADD pc: $rc_"
ipa=$(jq -r '.ips[0].address' <<<"$ra" | cut -d/ -f1)
ipb=$(jq -r '.ips[0].address' <<<"$rb" | cut -d/ -f1)
ipc=$(jq -r '.ips[0].address' <<<"$rc_" | cut -d/ -f1)
expect_match "pa got an address from host-local" "$ipa" '^192\.168\.80\.1[0-9]$'
expect_match "pc got an address from its own range" "$ipc" '^192\.168\.80\.2[0-9]$'
expect_eq "result interfaces: bridge, host veth, pod" "$(jq -c '[.interfaces[].name]' <<<"$ra" | sed 's/vxc[0-9a-f]*/vxc/')" '["br100","vxc","eth1"]'
expect_eq "result sandbox" "$(jq -r '.interfaces[2].sandbox' <<<"$ra")" "/var/run/netns/${VXT_PREFIX}pa"
expect_eq "result ip points at the pod interface" "$(jq -r '.ips[0].interface' <<<"$ra")" 2
expect_eq "result mtu (1.1.0)" "$(jq -r '.interfaces[2].mtu' <<<"$ra")" 1450
expect_eq "pod MAC matches result" "$(nsx pa cat /sys/class/net/eth1/address)" "$(jq -r '.interfaces[2].mac' <<<"$ra")"
expect_eq "pod MTU = underlay 1500 - 50" "$(nsx pa cat /sys/class/net/eth1/mtu)" 1450
vx=$(link_json node vx100)
expect_eq "VTEP dstport 4789 (not the kernel's 8472)" "$(jq -r .linkinfo.info_data.port <<<"$vx")" 4789
expect_eq "VTEP local = default-route interface address" "$(jq -r .linkinfo.info_data.local <<<"$vx")" 10.80.0.1
expect_eq "VTEP MTU" "$(jq -r .mtu <<<"$vx")" 1450
hveth=$(jq -r '.interfaces[1].name' <<<"$ra")
expect_eq "host veth is a pure L2 port: no IPv6 address" "$(nsx node ip -6 -j addr show dev "$hveth" | jq '[.[].addr_info[]] | length')" 0
expect_eq "host veth marked for this network" "$(link_json node "$hveth" | jq -r .ifalias)" "vxgw:cni:vni=100:net=net100"
expect_eq "host veth MTU" "$(link_json node "$hveth" | jq -r .mtu)" 1450

echo "-- data plane"
expect_ok "pa -> pb (VNI 100)" nsx pa ping -c 2 -i 0.2 -W 2 "$ipb"
expect_ok "full-size frame pa -> pb" nsx pa ping -c 1 -W 2 -M do -s 1422 "$ipb"
expect_match "pa cannot reach pc on VNI 200 (same subnet)" "$(nsx pa ping -c 2 -i 0.2 -W 1 "$ipc" 2>&1)" " 100% packet loss"

echo "-- ADD twice with the same container id: no duplicate"
ra2=$(cni node ADD ca eth1 "$NET100" pa) && pass "second ADD succeeds" || fail "second ADD: $ra2"
expect_eq "one pod interface" "$(nsx pa ip -j link show | jq '[.[] | select(.ifname | startswith("eth"))] | length')" 1
expect_eq "one IPv4 address" "$(nsx pa ip -4 -j addr show dev eth1 | jq '[.[].addr_info[]] | length')" 1
expect_eq "one host veth for ca" "$(nsx node ip -j link show | jq '[.[] | select(.ifname | startswith("vxc"))] | length')" 3
expect_eq "same address again" "$(jq -r '.ips[0].address' <<<"$ra2" | cut -d/ -f1)" "$ipa"

echo "-- result formats per cniVersion"
for v in 0.3.0 0.3.1 0.4.0 1.0.0 1.1.0; do
	out=$(cni node ADD "cv${v//./}" eth1 "$(conf 300 net300 "$(ipam_conf 10.81.0.0/24 10.81.0.10 10.81.0.50)" $v)" pd)
	ok=$?
	cni node DEL "cv${v//./}" eth1 "$(conf 300 net300 "$(ipam_conf 10.81.0.0/24 10.81.0.10 10.81.0.50)" $v)" pd >/dev/null
	expect_eq "ADD $v succeeds" "$ok" 0
	expect_eq "$v: cniVersion echoed" "$(jq -r .cniVersion <<<"$out")" "$v"
	case $v in
	0.*) expect_eq "$v: ips carry version" "$(jq -r '.ips[0].version' <<<"$out")" 4 ;;
	*) expect_eq "$v: ips without version" "$(jq -r '.ips[0] | has("version")' <<<"$out")" false ;;
	esac
	[ "$v" = 1.1.0 ] && want=true || want=false
	expect_eq "$v: interface mtu only in 1.1.0" "$(jq -r '.interfaces[2] | has("mtu")' <<<"$out")" $want
done

echo "-- MAC from CNI_ARGS and runtimeConfig"
cni node ADD cmac eth2 "$(conf 100 net100)" pd "IgnoreUnknown=1;K8S_POD_NAME=x;MAC=02:00:00:00:00:42" >/dev/null && pass "ADD with MAC arg" || fail "ADD with MAC arg"
expect_eq "CNI_ARGS MAC applied" "$(nsx pd cat /sys/class/net/eth2/address)" 02:00:00:00:00:42
cni node ADD cmac eth3 "$(conf 100 net100 '"runtimeConfig":{"mac":"02:00:00:00:00:43"}')" pd >/dev/null && pass "ADD with runtimeConfig.mac" || fail "ADD runtimeConfig.mac"
expect_eq "runtimeConfig MAC applied" "$(nsx pd cat /sys/class/net/eth3/address)" 02:00:00:00:00:43
cni node DEL cmac eth2 "$(conf 100 net100)" pd >/dev/null
cni node DEL cmac eth3 "$(conf 100 net100)" pd >/dev/null

echo "-- chaining: vxgw-cni then Debian's tuning plugin"
ADDRES=$(cni node ADD cchain eth4 "$(conf 100 net100)" pd)
TUNING="{\"cniVersion\":\"1.0.0\",\"name\":\"net100\",\"type\":\"tuning\",\"promisc\":true,\"mtu\":1400,\"prevResult\":$(jq -c '.cniVersion="1.0.0" | del(.interfaces[].mtu)' <<<"$ADDRES")}"
tres=$(echo "$TUNING" | ip netns exec "${VXT_PREFIX}node" env CNI_COMMAND=ADD CNI_CONTAINERID=cchain CNI_NETNS="/var/run/netns/${VXT_PREFIX}pd" CNI_IFNAME=eth4 CNI_PATH=$CNI_PLUGINS /usr/lib/cni/tuning) && pass "tuning ADD accepted our result as prevResult" || fail "tuning ADD: $tres"
expect_eq "tuning applied promisc on our interface" "$(nsx pd ip -j -d link show eth4 | jq -r '.[0].promiscuity')" 1
expect_eq "tuning passes our interfaces on" "$(jq -r '.interfaces[2].name' <<<"$tres")" eth4
# CHECK with the chain's final result: tuning changed the MTU on purpose, so our CHECK
# (which owns the MTU) must report exactly that.
chk=$(cni node CHECK cchain eth4 "$(conf 100 net100 "\"prevResult\":$(jq -c '.cniVersion="1.1.0"' <<<"$tres")")" pd)
expect_match "CHECK after chain reports tuning's MTU change" "$chk" "eth4 in the pod has MTU 1400, expected 1450"
echo "$TUNING" | ip netns exec "${VXT_PREFIX}node" env CNI_COMMAND=DEL CNI_CONTAINERID=cchain CNI_NETNS="/var/run/netns/${VXT_PREFIX}pd" CNI_IFNAME=eth4 CNI_PATH=$CNI_PLUGINS /usr/lib/cni/tuning >/dev/null
expect_ok "chain DEL (ours after tuning)" cni node DEL cchain eth4 "$(conf 100 net100)" pd

echo "-- DEL twice; DEL after the netns vanished; VTEP goes with the last pod"
expect_ok "DEL pb" cni node DEL cb eth1 "$NET100" pb
expect_ok "DEL pb again" cni node DEL cb eth1 "$NET100" pb
ip netns del "${VXT_PREFIX}pa"
expect_ok "DEL pa after its netns vanished" cni node DEL ca eth1 "$NET100" pa
expect_ok "DEL with CNI_NETNS unset" cni node DEL ca eth1 "$NET100" -
expect_eq "VTEP 100 removed with the last pod" "$(link_json node vx100)$(link_json node br100)" ""
expect_eq "VTEP 200 still serves pc" "$(link_json node vx200 | jq -r .ifname)" vx200
expect_ok "DEL pc" cni node DEL cc eth1 "$NET200" pc
expect_eq "no vxgw devices left" "$(nsx node ip -j link show | jq -c '[.[] | select(.ifname | test("^(vx|br|vxc)[0-9]"))] | length')" 0
expect_eq "IPAM released every address" "$(ls "$VXT_TMP/ipam"/net100 2>/dev/null | grep -c '^192')$(ls "$VXT_TMP/ipam"/net200 2>/dev/null | grep -c '^192')" 00
