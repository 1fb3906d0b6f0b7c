#!/bin/bash
# Every class of bad input gets its CNI spec error code and a specific message, and
# changes nothing on the node. Also: Megalos NADs work unchanged, VERSION, STATUS, GC.
. "$(dirname "$0")/lib.sh"

node_with_underlay node 10.83.0.1/24 || exit 1
ns_new pod || exit 1
links() { nsx node ip -j link show | jq -c '[.[].ifname] | sort'; }
before=$(links)
GOOD=$(conf 100 lan)

# code CNI-COMMAND CID IFNAME CONFIG [POD] [ARGS]: exit 1 and the error's code.
code() { local out; out=$(cni "$@"); echo "$?:$(jq -r '.code // "none"' <<<"$out" 2>/dev/null)"; }
# expect_code WHAT CODE REGEX -- cni args...
expect_code() {
	local what=$1 want=$2 re=$3 out rc
	shift 4
	out=$(cni "$@")
	rc=$?
	local got
	got=$(jq -r '.code // "none"' <<<"$out" 2>/dev/null)
	if [ "$rc" -ne 1 ] || [ "$got" != "$want" ]; then
		fail "$what: exit $rc code $got, expected exit 1 code $want: $out"
	elif ! grep -qE -- "$re" <<<"$(jq -r .msg <<<"$out")"; then
		fail "$what: message '$(jq -r .msg <<<"$out")' does not match /$re/"
	else
		pass "$what -> $want: $(jq -r .msg <<<"$out")"
	fi
}

echo "-- environment (4), unknown container (3)"
out=$(echo "$GOOD" | nsx node env -i "$CNI"); expect_eq "no CNI_COMMAND" "$(jq -r .code <<<"$out")" 4
expect_code "bad CNI_COMMAND" 4 "CNI_COMMAND 'FROB'" -- node FROB c1 eth1 "$GOOD" pod
expect_code "missing CNI_CONTAINERID" 4 "CNI_CONTAINERID is not set" -- node ADD "" eth1 "$GOOD" pod
expect_code "bad CNI_CONTAINERID" 4 "CNI_CONTAINERID '-x/y'" -- node ADD "-x/y" eth1 "$GOOD" pod
expect_code "missing CNI_IFNAME" 4 "CNI_IFNAME is not set" -- node ADD c1 "" "$GOOD" pod
expect_code "CNI_IFNAME too long" 4 "not a valid interface name" -- node ADD c1 eth0123456789abcdef "$GOOD" pod
expect_code "CNI_IFNAME with slash" 4 "not a valid interface name" -- node ADD c1 "a/b" "$GOOD" pod
expect_code "missing CNI_NETNS on ADD" 4 "CNI_NETNS is not set" -- node ADD c1 eth1 "$GOOD" -
expect_code "CNI_NETNS that does not exist" 3 "network namespace .*nope" -- node ADD c1 eth1 "$GOOD" nope
expect_code "malformed CNI_ARGS" 4 "not KEY=VALUE" -- node ADD c1 eth1 "$GOOD" pod "junk"
expect_code "bad MAC in CNI_ARGS" 4 "MAC 'zz:00" -- node ADD c1 eth1 "$GOOD" pod "MAC=zz:00:00:00:00:01"
expect_code "multicast MAC in CNI_ARGS" 4 "not a unicast MAC" -- node ADD c1 eth1 "$GOOD" pod "MAC=01:00:5e:00:00:01"
expect_code "unknown CNI_ARGS key" 2 "CNI_ARGS key 'FOO'" -- node ADD c1 eth1 "$GOOD" pod "FOO=1"

echo "-- decoding (6), version (1)"
expect_code "not JSON" 6 "not valid JSON" -- node ADD c1 eth1 '{"cniVersion": ' pod
expect_code "not an object" 6 "not a JSON object" -- node ADD c1 eth1 '[1,2]' pod
expect_code "duplicate key" 6 "duplicate" -- node ADD c1 eth1 '{"cniVersion":"1.0.0","cniVersion":"1.0.0"}' pod
expect_code "cniVersion 0.2.0" 1 "0.2.0 is not supported" -- node ADD c1 eth1 "$(conf 100 lan '' 0.2.0)" pod
expect_code "cniVersion 2.0.0" 1 "2.0.0 is not supported" -- node ADD c1 eth1 "$(conf 100 lan '' 2.0.0)" pod
expect_code "CHECK with 0.3.1" 1 "CHECK needs cniVersion 0.4.0" -- node CHECK c1 eth1 "$(conf 100 lan '"prevResult":{}' 0.3.1)" pod
expect_code "STATUS with 1.0.0" 1 "STATUS needs cniVersion 1.1.0" -- node STATUS "" "" "$(conf 100 lan '' 1.0.0)"

echo "-- network config (2 unsupported field, 7 invalid)"
expect_code "missing cniVersion" 7 "cniVersion' missing" -- node ADD c1 eth1 '{"name":"x","type":"vxgw-cni","vni":1}' pod
expect_code "unknown key" 2 "unsupported key 'vin'" -- node ADD c1 eth1 "$(conf 100 lan '"vin":5')" pod
expect_code "unknown vtep key" 2 "vtep.iface" -- node ADD c1 eth1 "$(conf 100 lan '"vtep":{"iface":"u0"}')" pod
expect_code "bad name" 7 "'name' must be" -- node ADD c1 eth1 '{"cniVersion":"1.0.0","name":"a b","type":"vxgw-cni","vni":1}' pod
expect_code "no VNI" 7 "'vni' \(or 'vxlanId'\) is required" -- node ADD c1 eth1 '{"cniVersion":"1.0.0","name":"x","type":"vxgw-cni"}' pod
expect_code "VNI 0" 7 "VNI 0 is reserved" -- node ADD c1 eth1 "$(conf 0 lan)" pod
expect_code "VNI 16777216" 7 "16777216 exceeds 24 bits" -- node ADD c1 eth1 "$(conf 16777216 lan)" pod
expect_code "VNI as string" 7 "'vni' must be an integer" -- node ADD c1 eth1 "$(conf '"100"' lan)" pod
expect_code "vni and vxlanId" 7 "either 'vni' or 'vxlanId'" -- node ADD c1 eth1 "$(conf 100 lan '"vxlanId":100')" pod
expect_code "port 0" 7 "'port' must be an integer in 1-65535" -- node ADD c1 eth1 "$(conf 100 lan '"port":0')" pod
expect_code "mtu 10" 7 "'mtu' must be an integer in 68-" -- node ADD c1 eth1 "$(conf 100 lan '"mtu":10')" pod
expect_code "vtep with both" 7 "exactly one of 'interface' or 'address'" -- node ADD c1 eth1 "$(conf 100 lan '"vtep":{"interface":"u0","address":"10.83.0.1"}')" pod
expect_code "vtep multicast" 7 "multicast" -- node ADD c1 eth1 "$(conf 100 lan '"vtep":{"address":"239.1.1.1"}')" pod
expect_code "vtep interface missing" 7 "VTEP interface eth9 does not exist" -- node ADD c1 eth1 "$(conf 100 lan '"vtep":{"interface":"eth9"}')" pod
expect_code "vtep and master" 7 "either 'vtep' or 'master'" -- node ADD c1 eth1 "$(conf 100 lan '"vtep":{"interface":"u0"},"master":"u0"')" pod
expect_code "runtimeConfig.mac bad" 7 "runtimeConfig.mac" -- node ADD c1 eth1 "$(conf 100 lan '"runtimeConfig":{"mac":"nope"}')" pod
expect_code "ipam without type" 7 "'ipam' must be an object with a plugin name" -- node ADD c1 eth1 "$(conf 100 lan '"ipam":{"subnet":"10.0.0.0/24"}')" pod
expect_code "CHECK without prevResult" 7 "CHECK needs 'prevResult'" -- node CHECK c1 eth1 "$GOOD" pod

echo "-- IPAM (101, or the delegate's own code)"
expect_code "IPAM plugin not in CNI_PATH" 101 "plugin 'no-such-ipam' not found" -- node ADD c1 eth1 "$(conf 100 lan '"ipam":{"type":"no-such-ipam"}')" pod
out=$(cni node ADD c1 eth1 "$(conf 100 lan '"ipam":{"type":"host-local","ranges":[[{"subnet":"not-a-subnet"}]]}')" pod)
expect_match "host-local's own error is passed on" "$(jq -r .msg <<<"$out")" "plugin 'host-local' ADD failed: .*not-a-subnet"
expect_eq "nothing changed on the node by any bad input" "$(links)" "$before"
expect_eq "pod namespace untouched" "$(nsx pod ip -j link show | jq length)" 1

echo "-- try again later (11)"
cni node ADD c0 eth1 "$GOOD" pod >/dev/null
mkdir -p "$VXGW_CNI_STATE_DIR"
flock "$VXGW_CNI_STATE_DIR/vni-100.lock" sleep 5 &
holder=$!
wait_until 5 "lock taken by another process" bash -c "! flock -n '$VXGW_CNI_STATE_DIR/vni-100.lock' true"
export VXGW_CNI_LOCK_TIMEOUT_MS=300
expect_code "VNI lock held elsewhere" 11 "VNI 100 is busy" -- node ADD c2 eth2 "$GOOD" pod
unset VXGW_CNI_LOCK_TIMEOUT_MS
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
expect_code "MTU conflicting with the VNI's existing VTEP" 7 "has MTU 1450 but network 'lan' asks for 1400" -- node ADD c3 eth3 "$(conf 100 lan '"mtu":1400')" pod

echo "-- Megalos NetworkAttachmentDefinitions work unchanged"
MEG='{"cniVersion":"0.3.0","name":"megalos-net","type":"megalos","suffix":"abcd","vxlanId":10,"master":"u0"}'
out=$(cni node ADD m1 net1 "$MEG" pod) && pass "Megalos config ADD" || fail "Megalos ADD: $out"
expect_eq "Megalos vxlanId became VNI 10 on port 4789" "$(link_json node vx10 | jq -c '[.linkinfo.info_data.id, .linkinfo.info_data.port]')" "[10,4789]"
expect_ok "Megalos config DEL" cni node DEL m1 net1 "$MEG" pod

echo "-- VERSION, STATUS, GC"
v=$(cni node VERSION "" "" '{"cniVersion":"0.3.1"}')
expect_eq "VERSION lists all supported" "$(jq -c .supportedVersions <<<"$v")" '["0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]'
expect_eq "VERSION answers in the asked version" "$(jq -r .cniVersion <<<"$v")" 0.3.1
out=$(cni node STATUS "" "" "$GOOD"); rc=$?
expect_eq "STATUS ready: exit 0, no output" "$rc:$out" "0:"
expect_code "STATUS with missing VTEP interface" 50 "VTEP interface eth9" -- node STATUS "" "" "$(conf 100 lan '"vtep":{"interface":"eth9"}')"
expect_code "STATUS with missing IPAM plugin" 50 "no-such-ipam" -- node STATUS "" "" "$(conf 100 lan '"ipam":{"type":"no-such-ipam"}')"
for i in 1 2 3; do cni node ADD "gc$i" "g$i" "$(conf 400 gcnet)" pod >/dev/null; done
expect_eq "3 GC candidates attached" "$(vtep node show 400 --json | jq '.[0].ports')" 3
expect_code "GC without valid-attachments removes nothing" 7 "GC needs 'cni.dev/valid-attachments'" -- node GC "" "" "$(conf 400 gcnet)"
expect_eq "all 3 still attached" "$(vtep node show 400 --json | jq '.[0].ports')" 3
GCCONF=$(conf 400 gcnet '"cni.dev/valid-attachments":[{"containerID":"gc2","ifname":"g2"}]')
expect_ok "GC keeping one attachment" cni node GC "" "" "$GCCONF"
expect_eq "GC removed the 2 stale attachments" "$(vtep node show 400 --json | jq '.[0].ports')" 1
expect_eq "the valid one survives" "$(nsx pod ip -j link show g2 | jq -r '.[0].ifname')" g2
expect_eq "stale result cache dropped" "$(ls "$VXGW_CNI_STATE_DIR/results/gcnet")" gc2-g2.json
expect_ok "GC with nothing valid" cni node GC "" "" "$(conf 400 gcnet '"cni.dev/valid-attachments":[]')"
expect_eq "VTEP 400 released" "$(link_json node vx400)" ""
expect_eq "other networks untouched by GC" "$(vtep node show 100 --json | jq '.[0].ports')" 1
