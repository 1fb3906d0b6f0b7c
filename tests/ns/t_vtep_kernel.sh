#!/bin/bash
# evpn/ VTEP library against the real kernel: attributes, idempotence (no netlink
# events on a repeated create), delete, foreign devices untouched, bad input,
# rollback of a create the kernel refuses half-way.
. "$(dirname "$0")/lib.sh"

ns_new n1 && ns_new peer || exit 1
veth_pair n1 u0 peer u1 || exit 1
nsx n1 ip addr add 10.77.0.1/24 dev u0
nsx n1 ip addr add 2001:db8:77::1/64 dev u0 nodad

echo "-- create VNI 100 (IPv4, MTU derived) and 16777215 (IPv4, explicit MTU), 4242 (IPv6)"
expect_ok "create vni 100" vtep n1 create 100 --local 10.77.0.1
expect_ok "create vni 16777215" vtep n1 create 16777215 --local 10.77.0.1 --mtu 1400
expect_ok "create vni 4242 ipv6" vtep n1 create 4242 --local 2001:db8:77::1

check_vtep() { # vni local mtu
	local vni=$1 local=$2 mtu=$3 vx br
	vx=$(link_json n1 "vx$vni")
	br=$(link_json n1 "br$vni")
	expect_eq "vx$vni kind" "$(jq -r .linkinfo.info_kind <<<"$vx")" vxlan
	expect_eq "vx$vni id" "$(jq -r .linkinfo.info_data.id <<<"$vx")" "$vni"
	expect_eq "vx$vni local" "$(jq -r '.linkinfo.info_data.local // .linkinfo.info_data.local6' <<<"$vx")" "$local"
	expect_eq "vx$vni dstport" "$(jq -r .linkinfo.info_data.port <<<"$vx")" 4789
	expect_eq "vx$vni nolearning" "$(jq -r .linkinfo.info_data.learning <<<"$vx")" false
	expect_eq "vx$vni no remote/group" "$(jq -r '.linkinfo.info_data.group // .linkinfo.info_data.remote // "none"' <<<"$vx")" none
	expect_eq "vx$vni mtu" "$(jq -r .mtu <<<"$vx")" "$mtu"
	expect_eq "vx$vni master" "$(jq -r .master <<<"$vx")" "br$vni"
	expect_eq "vx$vni up" "$(jq -r '.flags | index("UP") != null' <<<"$vx")" true
	expect_eq "vx$vni mark" "$(jq -r .ifalias <<<"$vx")" "vxgw:vni=$vni:vxlan"
	expect_eq "vx$vni port learning off" "$(jq -r .linkinfo.info_slave_data.learning <<<"$vx")" false
	expect_eq "vx$vni addrgenmode none" "$(jq -r .inet6_addr_gen_mode <<<"$vx")" none
	expect_eq "vx$vni neigh_suppress on" "$(jq -r .linkinfo.info_slave_data.neigh_suppress <<<"$vx")" true
	expect_eq "br$vni kind" "$(jq -r .linkinfo.info_kind <<<"$br")" bridge
	expect_eq "br$vni mark" "$(jq -r .ifalias <<<"$br")" "vxgw:vni=$vni:bridge"
	expect_eq "br$vni up" "$(jq -r '.flags | index("UP") != null' <<<"$br")" true
	expect_eq "br$vni mtu follows vxlan" "$(jq -r .mtu <<<"$br")" "$mtu"
	expect_eq "br$vni addrgenmode" "$(jq -r .inet6_addr_gen_mode <<<"$br")" none
	expect_eq "br$vni has no IPv6 address" "$(nsx n1 ip -6 -j addr show dev "br$vni" | jq '[.[].addr_info[]] | length')" 0
	# Our own netlink dump must agree with iproute2's.
	local mine
	mine=$(vtep n1 show "$vni" --json | jq -c '.[0]')
	expect_eq "dump vni $vni" "$(jq -c '[.local, .port, .mtu, .enslaved, .vxlan_up, .bridge_up, .vxlan_learning, .port_learning, .neigh_suppress, .ports]' <<<"$mine")" \
		"[\"$local\",4789,$mtu,true,true,true,false,false,true,0]"
	expect_eq "dump vni $vni ifindex" "$(jq -r .vxlan_ifindex <<<"$mine")" "$(jq -r .ifindex <<<"$vx")"
}
check_vtep 100 10.77.0.1 1450
check_vtep 16777215 10.77.0.1 1400
check_vtep 4242 2001:db8:77::1 1430
expect_eq "list shows 3 VNIs in order" "$(vtep n1 show --json | jq -c '[.[].vni]')" "[100,4242,16777215]"

echo "-- create twice: nothing changes, no netlink event at all"
mon=$(mktemp)
nsx n1 ip monitor link >"$mon" 2>&1 &
monpid=$!
# Barrier: an MTU change on a marker device proves the monitor is listening and has
# delivered everything before it (alias changes emit no notification, MTU does).
nsx n1 ip link add mk0 type veth peer name mk1
marker() { nsx n1 ip link set mk0 mtu "$1"; wait_until 5 "monitor saw marker $1" grep -q "mk0.*mtu $1 " "$mon"; }
marker 1401
out=$(vtep n1 create 100 --local 10.77.0.1)
expect_eq "second create reports" "$out" "VNI 100: 0 change(s)"
out=$(vtep n1 create 16777215 --local 10.77.0.1 --mtu 1400)
expect_eq "second create 16777215 reports" "$out" "VNI 16777215: 0 change(s)"
marker 1402
events=$(sed -n '/mk0.*mtu 1401 /,/mk0.*mtu 1402 /p' "$mon" | grep -E '^[0-9]+:' | grep -vc 'mk0')
expect_eq "netlink link events between markers" "$events" 0
expect_eq "both markers seen" "$(grep -cE 'mk0.*mtu 140[12] ' "$mon")" 2
kill "$monpid" 2>/dev/null
wait "$monpid" 2>/dev/null
rm -f "$mon"
nsx n1 ip link del mk0

echo "-- conflicting requests on existing VNIs are errors, not reuse"
vxsnap() { link_json n1 vx100 | jq -c '{ifindex,mtu,flags,master,ifalias,info: .linkinfo.info_data, learning: .linkinfo.info_slave_data.learning, ns: .linkinfo.info_slave_data.neigh_suppress}'; }
before=$(vxsnap)
expect_err "other local address" "local address 10.77.0.1, not 10.77.0.2" vtep n1 create 100 --local 10.77.0.2
expect_err "other port" "UDP port 4789, not 8472" vtep n1 create 100 --local 10.77.0.1 --port 8472
expect_eq "vx100 unchanged" "$(vxsnap)" "$before"
nsx n1 ip link add vx500 type vxlan id 501 local 10.77.0.1 dstport 4789 nolearning
nsx n1 ip link set vx500 alias vxgw:vni=500:vxlan
expect_err "owned-looking vx500 carrying VNI 501" "vx500 exists with VNI 501, not 500" vtep n1 create 500 --local 10.77.0.1
expect_eq "no br500 left behind" "$(link_json n1 br500)" ""

echo "-- foreign devices with colliding names are never touched"
nsx n1 ip link add br300 type bridge
nsx n1 ip link set br300 alias "legacy LAN" up
nsx n1 ip link add vx301 type vxlan id 301 local 10.77.0.1 dstport 4789
snap() { link_json n1 "$1" | jq -c '{ifindex,ifname,ifalias,mtu,flags,master,operstate,inet6_addr_gen_mode,kind: .linkinfo.info_kind}'; }
b300=$(snap br300)
b301=$(snap vx301)
expect_err "create over foreign bridge" "br300 exists and is not owned by vxgw" vtep n1 create 300 --local 10.77.0.1
expect_err "create over foreign vxlan" "vx301 exists and is not owned by vxgw" vtep n1 create 301 --local 10.77.0.1
expect_ok "delete with only foreign devices is a no-op" vtep n1 delete 300 --force
expect_ok "delete 301 with foreign vx301" vtep n1 delete 301 --force
expect_err "attach to foreign bridge" "not owned" vtep n1 attach 300 u0
expect_eq "br300 untouched" "$(snap br300)" "$b300"
expect_eq "vx301 untouched" "$(snap vx301)" "$b301"
expect_eq "no vx300 created" "$(link_json n1 vx300)" ""
expect_eq "no br301 created" "$(link_json n1 br301)" ""
# vx500 carries our mark (set by hand above), so it is listed: marked means ours.
expect_eq "foreign devices not listed" "$(vtep n1 show --json | jq -c '[.[].vni]')" "[100,500,4242,16777215]"

echo "-- kernel refuses half-way (VNI 600 taken by a foreign VXLAN device): rolled back"
nsx n1 ip link add legacy600 type vxlan id 600 local 10.77.0.1 dstport 4789
expect_err "create 600" "create VXLAN device vx600.*(VNI already exists|File exists).*rolled back|rolled back.*create VXLAN device vx600" vtep n1 create 600 --local 10.77.0.1
expect_eq "br600 rolled back" "$(link_json n1 br600)" ""
expect_eq "legacy600 untouched" "$(link_json n1 legacy600 | jq -r '.linkinfo.info_data.id')" 600

echo "-- bad input: specific errors, nothing created"
count() { nsx n1 ip -j link show | jq length; }
n_before=$(count)
expect_err "VNI 0" "VNI 0 is reserved" vtep n1 create 0 --local 10.77.0.1
expect_err "VNI too big" "16777216 exceeds 24 bits" vtep n1 create 16777216 --local 10.77.0.1
expect_err "VNI junk" "'12abc' is not a decimal" vtep n1 create 12abc --local 10.77.0.1
expect_err "bad address" "'10.77.0.300' is not an IPv4 or IPv6 address" vtep n1 create 7 --local 10.77.0.300
expect_err "multicast address" "multicast" vtep n1 create 7 --local 239.0.0.1
expect_err "missing local" "create needs --local" vtep n1 create 7
expect_err "unconfigured local without MTU" "10.77.9.9 is not configured on any interface" vtep n1 create 7 --local 10.77.9.9
expect_err "MTU too small" "MTU 60 out of range" vtep n1 create 7 --local 10.77.0.1 --mtu 60
expect_err "attach missing interface" "nope0: no such interface|attach nope0 to VNI 100: no such interface" vtep n1 attach 100 nope0
expect_err "attach to missing VNI" "VNI 7: the VNI has no bridge" vtep n1 attach 7 u0
expect_eq "no device created by bad input" "$(count)" "$n_before"

echo "-- attach / detach"
nsx n1 ip link add p0 type veth peer name p0c
expect_ok "attach p0 to 100" vtep n1 attach 100 p0
expect_eq "p0 master" "$(link_json n1 p0 | jq -r .master)" br100
expect_eq "p0 up" "$(link_json n1 p0 | jq -r '.flags | index("UP") != null')" true
expect_eq "ports count" "$(vtep n1 show 100 --json | jq '.[0].ports')" 1
expect_eq "attach again: no change" "$(vtep n1 attach 100 p0)" "VNI 100: attach p0: 0 change(s)"
expect_err "attach p0 elsewhere" "already a port" vtep n1 attach 4242 p0
expect_err "delete busy VNI" "br100 still has 1 attached port\(s\): p0" vtep n1 delete 100
expect_ok "detach" vtep n1 detach 100 p0
expect_eq "p0 released" "$(link_json n1 p0 | jq -r '.master // "none"')" none
expect_eq "detach again: no change" "$(vtep n1 detach 100 p0)" "VNI 100: detach p0: 0 change(s)"

echo "-- delete"
expect_eq "delete 100" "$(vtep n1 delete 100)" "VNI 100: 2 change(s)"
expect_eq "vx100 gone" "$(link_json n1 vx100)" ""
expect_eq "br100 gone" "$(link_json n1 br100)" ""
expect_eq "delete again" "$(vtep n1 delete 100)" "VNI 100: 0 change(s)"
expect_ok "delete 16777215" vtep n1 delete 16777215
expect_ok "delete 4242" vtep n1 delete 4242
expect_ok "delete marked vx500" vtep n1 delete 500
expect_eq "only foreign/other devices remain" "$(vtep n1 show --json | jq -c '[.[].vni]')" "[]"
expect_eq "foreign br300 still there" "$(snap br300)" "$b300"
