#!/bin/bash
# evpn/fdb (vxgw-vtep fdb) against the real kernel: local MACs (static, learned), remote
# MACs installed the way zebra does (one request -> a bridge and a VXLAN record, reported
# once) and VXLAN-only ones, the flood list (remote VTEPs), own addresses; another VNI's
# entries stay out; exact counts; a VXLAN device outside its bridge is still read.
. "$(dirname "$0")/lib.sh"

ns_new n1 && ns_new h1 || exit 1
nsx n1 ip link add u0 type veth peer name u0p
nsx n1 ip link set u0 up
nsx n1 ip link set u0p up
nsx n1 ip addr add 10.78.0.1/24 dev u0
expect_ok "create vni 100" vtep n1 create 100 --local 10.78.0.1
expect_ok "create vni 200" vtep n1 create 200 --local 10.78.0.1

# Host port h0 in n1; its peer eth0 in h1 has a fixed MAC and no IPv6, so the only frames
# the bridge learns from are the ones this test sends.
nsx h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "${VXT_PREFIX}n1" link add h0 type veth peer name eth0 netns "${VXT_PREFIX}h1"
nsx h1 ip link set eth0 address 02:ee:00:00:00:01
nsx h1 ip addr add 10.99.0.1/24 dev eth0
nsx h1 ip link set eth0 up
expect_ok "attach h0 to vni 100" vtep n1 attach 100 h0

echo "-- entries: static + learned on h0, zebra-shaped and VXLAN-only remotes, flood list"
nsx n1 bridge fdb add 02:aa:00:00:00:01 dev h0 master static
# ARP request from the host: the bridge learns 02:ee:00:00:00:01 on h0 (the flood over
# vx100 goes nowhere: n1 has no route to the VTEP addresses).
nsx h1 ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1
wait_until 5 "bridge learned the host MAC" sh -c \
	"ip netns exec ${VXT_PREFIX}n1 bridge fdb show dev h0 | grep -q '^02:ee:00:00:00:01 .*master br100'"
# zebra: one RTM_NEWNEIGH with NTF_SELF|NTF_MASTER|NTF_EXT_LEARNED, NUD_REACHABLE, NDA_DST
nsx n1 bridge fdb add 02:bb:00:00:00:01 dev vx100 dst 10.0.0.9 self master extern_learn dynamic
nsx n1 bridge fdb add 02:bb:00:00:00:02 dev vx100 dst 10.0.0.7 self master extern_learn dynamic
nsx n1 bridge fdb add 02:bb:00:00:00:03 dev vx100 dst 10.0.0.9 self extern_learn
nsx n1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.0.0.8 self
nsx n1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 10.0.0.9 self
# VNI 200: must not show up in VNI 100
nsx n1 bridge fdb append 00:00:00:00:00:00 dev vx200 dst 10.0.0.5 self
nsx n1 bridge fdb add 02:cc:00:00:00:01 dev vx200 dst 10.0.0.5 self master extern_learn dynamic

j=$(vtep n1 fdb 100 --json)
expect_eq "json parses" "$(jq -r '.vni, .bridge, .vxlan' <<<"$j" | paste -sd' ')" "100 br100 vx100"
expect_eq "counts" "$(jq -c '.counts | {local, remote, remote_vteps}' <<<"$j")" \
	'{"local":2,"remote":3,"remote_vteps":3}'
expect_eq "classified entries (not own)" \
	"$(jq -c '[.entries[] | select(.class != "own") | "\(.class) \(.mac) \(.port) \(.dst // "-")"] | sort' <<<"$j")" \
	'["local 02:aa:00:00:00:01 h0 -","local 02:ee:00:00:00:01 h0 -","remote 02:bb:00:00:00:01 vx100 10.0.0.9","remote 02:bb:00:00:00:02 vx100 10.0.0.7","remote 02:bb:00:00:00:03 vx100 10.0.0.9","remote-vtep 00:00:00:00:00:00 vx100 10.0.0.8","remote-vtep 00:00:00:00:00:00 vx100 10.0.0.9"]'
expect_eq "sorted by ifindex, then MAC" \
	"$(jq -c '[.entries[] | [.ifindex, .mac]] == ([.entries[] | [.ifindex, .mac]] | sort)' <<<"$j")" true
# The kernel holds two records for a zebra-shaped remote MAC; we report one.
expect_eq "kernel: two records for 02:bb:00:00:00:01" \
	"$(nsx n1 bridge -j fdb show dev vx100 | jq '[.[] | select(.mac == "02:bb:00:00:00:01")] | length')" 2
expect_eq "merged remote MAC" \
	"$(jq -c '[.entries[] | select(.mac == "02:bb:00:00:00:01") | {master, dst, state, flags}]' <<<"$j")" \
	'[{"master":"br100","dst":"10.0.0.9","state":"reachable","flags":["self","master","extern_learn"]}]'
expect_eq "VXLAN-only remote MAC" \
	"$(jq -c '[.entries[] | select(.mac == "02:bb:00:00:00:03") | {master, dst, flags}]' <<<"$j")" \
	'[{"master":null,"dst":"10.0.0.9","flags":["self","extern_learn"]}]'
expect_eq "learned host MAC" \
	"$(jq -c '[.entries[] | select(.mac == "02:ee:00:00:00:01") | {master, state, flags}]' <<<"$j")" \
	'[{"master":"br100","state":"reachable","flags":[]}]'
# Every record with a dst that iproute2 shows on vx100 is one of ours.
expect_eq "remote records agree with iproute2" \
	"$(jq '[.entries[] | select(.dst != null)] | length' <<<"$j")" \
	"$(nsx n1 bridge -j fdb show dev vx100 | jq '[.[] | select(.dst != null)] | length')"
vxmac=$(link_json n1 vx100 | jq -r .address)
h0mac=$(link_json n1 h0 | jq -r .address)
expect_eq "vx100's own address is own" "$(jq -r --arg m "$vxmac" '[.entries[] | select(.mac == $m) | .class] | unique | join(",")' <<<"$j")" own
expect_eq "h0's own address is own" "$(jq -r --arg m "$h0mac" '[.entries[] | select(.mac == $m) | .class] | unique | join(",")' <<<"$j")" own
expect_eq "own entries are counted" "$(jq '.counts.own == ([.entries[] | select(.class == "own")] | length) and .counts.own >= 2' <<<"$j")" true
expect_eq "nothing of VNI 200" "$(jq '[.entries[] | select(.dst == "10.0.0.5" or .mac == "02:cc:00:00:00:01" or .port == "vx200")] | length' <<<"$j")" 0
expect_eq "VNI 200 counts" "$(vtep n1 fdb 200 --json | jq -c '.counts | {local, remote, remote_vteps}')" \
	'{"local":0,"remote":1,"remote_vteps":1}'

echo "-- text output"
txt=$(vtep n1 fdb 100)
expect_match "static line" "$txt" '^local +02:aa:00:00:00:01 +h0 +- +- +static +-$'
expect_match "merged remote line" "$txt" '^remote +02:bb:00:00:00:01 +vx100 +10\.0\.0\.9 +- +reachable +self,master,extern_learn$'
expect_match "flood list line" "$txt" '^remote-vtep +00:00:00:00:00:00 +vx100 +10\.0\.0\.8 +- +permanent +self$'
expect_match "summary" "$txt" '^VNI 100: 2 local, 3 remote, 3 remote VTEP\(s\), [0-9]+ own$'

echo "-- deletions are seen"
nsx n1 bridge fdb del 02:bb:00:00:00:03 dev vx100 self
nsx n1 bridge fdb del 00:00:00:00:00:00 dev vx100 dst 10.0.0.8 self
expect_eq "counts after delete" "$(vtep n1 fdb 100 --json | jq -c '.counts | {local, remote, remote_vteps}')" \
	'{"local":2,"remote":2,"remote_vteps":2}'

echo "-- VXLAN device outside its bridge: its own records are still read (second dump)"
nsx n1 ip link set vx100 nomaster
j=$(vtep n1 fdb 100 --json)
expect_eq "counts while detached" "$(jq -c '.counts | {local, remote, remote_vteps}' <<<"$j")" \
	'{"local":2,"remote":2,"remote_vteps":2}'
expect_eq "remote MAC without its bridge record" \
	"$(jq -c '[.entries[] | select(.mac == "02:bb:00:00:00:01") | {master, dst, flags}]' <<<"$j")" \
	'[{"master":null,"dst":"10.0.0.9","flags":["self","extern_learn"]}]'
expect_ok "create re-enslaves vx100" vtep n1 create 100 --local 10.78.0.1
expect_eq "vx100 back in br100" "$(link_json n1 vx100 | jq -r .master)" br100

echo "-- errors"
expect_err "VNI without devices" "VNI 300 has no vxgw devices" vtep n1 fdb 300
expect_err "reserved VNI" "VNI 0 is reserved" vtep n1 fdb 0
expect_err "missing VNI" "VNI missing" vtep n1 fdb
expect_err "extra argument" "fdb takes one VNI" vtep n1 fdb 100 200
