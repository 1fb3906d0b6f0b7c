#!/bin/bash
# Every class of bad configuration is refused with a message naming the JSON path (or
# the failing step), and leaves the node exactly as it was: kernel links, bridge FDB
# and FRR's running config are dumped before and after and must be identical; the
# config generation stays. Classes: syntax, unknown key, wrong type, out of range,
# reserved VLAN, duplicates, conflicting bindings, name too long, bad addresses,
# missing sections, unreadable/invalid BGP password files, and failures only the
# kernel can find (a port held by a foreign bridge, no 802.1Q) after earlier steps
# of the same plan already ran (rolled back).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"

lab_fabric || exit 1
lab_gateway gw 10.90.0.4 || exit 1
lab_port gw eth1 h1 192.168.90.101 || exit 1
lab_port gw eth3 h3 192.168.90.103 || exit 1
lab_port gw eth5 h5 192.168.90.105 || exit 1
# eth5 belongs to someone else's bridge: gwd must not take it.
nsx gw ip link add foreign0 type bridge && nsx gw ip link set eth5 master foreign0
echo "s3cret-Key" >"$VXT_TMP/gw/bgp.key"
good='{"vtep": {"address": "10.90.0.4"},
 "bgp": {"asn": 65000, "router_id": "10.90.0.4", "route_reflectors": [{"address": "10.90.0.1"}],
         "peers": [{"address": "10.90.0.5", "asn": 65100, "password_file": "'$VXT_TMP/gw/bgp.key'"}]},
 "segments": [{"vni": 100, "name": "core", "ports": [{"port": "eth1"}]}]}'
echo "$good" >"$VXT_TMP/gw/gwd.json"
lab_gwd gw || exit 1

snapshot() {
	# Running timers are not state: drop them.
	ip -n "${VXT_PREFIX}gw" -d -j link show |
		jq -c 'walk(if type == "object" then with_entries(select(.key | test("timer") | not)) else . end) | .[]'
	# Multicast listener entries come and go with the kernel's own IPv6 on the underlay.
	nsx gw bridge -j fdb show | jq -c 'map(del(.updated, .used) | select(.mac | test("^(33:33|01:00:5e)") | not)) | .[]'
	vty gw show running-config | grep -v "^! Generated\|^Building\|^Current configuration"
}
before=$(snapshot)
gen=$(gwctl gw --json status | jq .generation)

# bad NAME REGEX JQ-EDIT-OR-TEXT: write the bad file, expect --check-config and reload to
# fail with REGEX, and nothing to change. bad_apply: a valid file only the kernel refuses.
write_bad() {
	if [ "${1:0:1}" = "=" ]; then printf '%s' "${1:1}" >"$VXT_TMP/gw/gwd.json"
	else jq "$1" <<<"$good" >"$VXT_TMP/gw/gwd.json"; fi
}
bad() {
	write_bad "$3"
	expect_err "check-config: $1" "$2" ip netns exec "${VXT_PREFIX}gw" "$GWD" --check-config --config "$VXT_TMP/gw/gwd.json"
	expect_err "reload refused: $1" "$2" gwctl gw reload
}
bad_apply() {
	write_bad "$3"
	expect_ok "check-config accepts the file: $1" ip netns exec "${VXT_PREFIX}gw" "$GWD" --check-config --config "$VXT_TMP/gw/gwd.json"
	expect_err "reload fails and rolls back: $1" "$2" gwctl gw reload
}
bad "not JSON" "line 1 column [0-9]+" '={"vtep": '
bad "not an object" "must be a JSON object" '=[1, 2]'
bad "unknown top-level key" "colour: unknown key" '.colour = "blue"'
bad "unknown key in a port" "segments\[0\]\.ports\[0\]\.speed: unknown key" '.segments[0].ports[0].speed = 10000'
bad "VNI 0" "segments\[0\]\.vni" '.segments[0].vni = 0'
bad "VNI too large" "segments\[0\]\.vni" '.segments[0].vni = 16777216'
bad "VNI as a string" "segments\[0\]\.vni" '.segments[0].vni = "100"'
bad "VLAN 4095 reserved" "segments\[0\]\.ports\[0\]\.vlan: 4095 is reserved" '.segments[0].ports[0].vlan = 4095'
bad "VLAN 0" "segments\[0\]\.ports\[0\]\.vlan" '.segments[0].ports[0].vlan = 0'
bad "duplicate VNI" "segments\[1\]" '.segments += [{"vni": 100, "name": "again", "ports": []}]'
bad "port in two segments" "segments\[1\]\.ports\[0\]" '.segments += [{"vni": 200, "name": "two", "ports": [{"port": "eth1"}]}]'
bad "whole port and VLAN of it" "eth1 is bound whole in one place and per VLAN" '.segments[0].ports += [{"port": "eth1", "vlan": 10}]'
bad "VLAN interface name too long" "exceed 15 characters" '.segments[0].ports = [{"port": "enp0s31f6abcd", "vlan": 1000}]'
bad "port name with a slash" "segments\[0\]\.ports\[0\]\.port" '.segments[0].ports[0].port = "eth/1"'
bad "MTU too small" "segments\[0\]\.mtu" '.segments[0].mtu = 60'
bad "VTEP address not an address" "vtep\.address" '.vtep.address = "10.90.0.300"'
bad "VTEP address multicast" "vtep\.address" '.vtep.address = "239.1.1.1"'
bad "router id IPv6" "bgp\.router_id" '.bgp.router_id = "2001:db8::1"'
bad "no route reflectors" "bgp\.route_reflectors" '.bgp.route_reflectors = []'
bad "peer is also an RR" "bgp\.peers\[0\]" '.bgp.peers[0].address = "10.90.0.1"'
bad "AS 0" "bgp\.asn" '.bgp.asn = 0'
bad "missing vtep section" "vtep: (missing|required)" 'del(.vtep)'
bad "relative password path" "bgp\.peers\[0\]\.password_file" '.bgp.peers[0].password_file = "bgp.key"'
bad "missing password file" "bgp\.peers\[0\].*cannot read password file" '.bgp.peers[0].password_file = "/nonexistent/bgp.key"'
echo "bad key!" >"$VXT_TMP/gw/bad.key"
bad "password with a space" "password" '.bgp.peers[0].password_file = "'$VXT_TMP/gw/bad.key'"'
expect_eq "many errors at once are all reported" "$(jq '.segments[0].vni = 0 | .segments[0].ports[0].vlan = 4095 | .colour = 1' <<<"$good" >"$VXT_TMP/gw/gwd.json"; gwctl gw --json reload | jq '.errors | length')" 3

echo "-- failures only the kernel finds, after earlier steps ran: rolled back"
bad_apply "port held by a foreign bridge (after creating VNI 300)" "step [0-9]+/[0-9]+ \(bind eth5 to VNI 300\).*foreign0|step [0-9]+/[0-9]+ \(bind eth5 to VNI 300\)" \
	'.segments += [{"vni": 300, "name": "new", "ports": [{"port": "eth3"}, {"port": "eth5"}]}]'
expect_match "the rollback is reported" "$(gwctl gw --json status | jq -r .last_apply.error)" "earlier steps undone"
expect_eq "VNI 300 was created and removed again" "$(nsx gw ip -br link show vx300 2>/dev/null)" ""
bad_apply "VLAN binding on a kernel without 8021q (after binding eth3)" "no 802.1Q VLAN support" \
	'.segments += [{"vni": 300, "name": "new", "ports": [{"port": "eth3"}, {"port": "eth1", "vlan": 30}]} ] | .segments[0].ports = []'

after=$(snapshot)
expect_eq "kernel links, FDB and FRR config unchanged by all of it" "$after" "$before"
[ "$after" = "$before" ] || diff <(echo "$before") <(echo "$after") | cut -c1-300 | head -20
expect_eq "generation unchanged" "$(gwctl gw --json status | jq .generation)" "$gen"
echo "$good" >"$VXT_TMP/gw/gwd.json"
out=$(gwctl gw reload) && pass "the good config reloads again" || fail "reload good: $out"
expect_match "... with nothing to change" "$out" "^no changes"
