# "Physical router" for the EVPN lab: sourced after tests/lab/lab.sh. Stands in for
# third-party gear that the gateway peers with (eBGP, or iBGP): its FRR configuration is
# written here by hand, the way an operator would write it (FRR's traditional defaults,
# explicit policy, TCP-MD5), NOT rendered by vxgw-evpn, so the gateway role has to
# adapt to it and not the other way round. Its VTEP is made with plain `ip link`
# (no vxgw marks), with a host namespace behind it on the VNI's bridge.
#
#   lab_router NAME IP ASN GW-IP GW-ASN PASSWORD VNI HOST-NAME HOST-IP
#        node NAME on the underlay (lab_node) with FRR (zebra+bgpd, own pathspace, in
#        LAB_FRR so lab_frr_cleanup stops it) in AS ASN: one BGP session to the gateway
#        GW-IP/GW-ASN (eBGP; iBGP when ASN = GW-ASN) with TCP-MD5 key PASSWORD, l2vpn
#        evpn with advertise-all-vni, connect retry 2 s;
#        VTEP vx<VNI> (local IP, dstport 4789, nolearning) in bridge br<VNI> (port
#        learning off, neigh_suppress on); host HOST-NAME with HOST-IP/24 on eth0, a
#        veth into br<VNI>. The host's MAC is put in the bridge FDB as a static entry
#        (as vxgw-cni does for pods) so the router advertises it before any traffic;
#        the host has IPv6 off so it stays silent until a test sends something.
#   lab_router_password NAME GW-IP PASSWORD   change the router's key for the gateway
#   Example (gateway gw at 10.90.0.4 in AS 65000, key also in the gateway's key file):
#        lab_router r1 10.90.0.10 65100 10.90.0.4 65000 "$KEY" 100 rh1 192.168.90.201
#   lab_fdb_dst NODE VNI MAC         remote VTEP (dst) of MAC's EVPN entry on vx<VNI>
#   lab_fdb_flood NODE VNI           remote VTEPs BUM traffic goes to (EVPN type-3), sorted
#   lab_peer_state NODE PEER         FRR's BGP state of PEER on NODE ("" if unknown)
#   lab_md5_failures NODE            segments NODE's kernel dropped for a wrong TCP-MD5
#                                    signature (TcpExt TCPMD5Failure of its namespace)

lab_router() { # name ip asn gw-ip gw-asn password vni host-name host-ip
	local name=$1 ip=$2 asn=$3 gw=$4 gwasn=$5 pw=$6 vni=$7 host=$8 hostip=$9 dir mac
	dir="$VXT_TMP/frr/$name"
	lab_node "$name" "$ip" || return 1
	mkdir -p "$dir"
	# FRR's traditional profile requires an explicit policy on eBGP sessions (as most
	# vendors' defaults do), so the router states one: accept and send all of EVPN.
	cat >"$dir/frr.conf" <<EOF
frr defaults traditional
hostname $name
!
route-map EVPN-ALL permit 10
exit
!
router bgp $asn
 bgp router-id $ip
 no bgp default ipv4-unicast
 neighbor $gw remote-as $gwasn
 neighbor $gw password $pw
 neighbor $gw timers 3 9
 neighbor $gw timers connect 2
 !
 address-family l2vpn evpn
  neighbor $gw activate
  neighbor $gw route-map EVPN-ALL in
  neighbor $gw route-map EVPN-ALL out
  advertise-all-vni
 exit-address-family
exit
!
EOF
	# The VTEP first, so zebra finds the VNI when it starts.
	nsx "$name" ip link add "br$vni" type bridge || return 1
	nsx "$name" ip link add "vx$vni" type vxlan id "$vni" local "$ip" dstport 4789 nolearning || return 1
	nsx "$name" ip link set "vx$vni" master "br$vni"
	nsx "$name" bridge link set dev "vx$vni" learning off neigh_suppress on
	nsx "$name" sysctl -qw "net.ipv6.conf.br$vni.disable_ipv6=1" "net.ipv6.conf.vx$vni.disable_ipv6=1"
	nsx "$name" ip link set "vx$vni" up
	nsx "$name" ip link set "br$vni" up

	# The host behind the router.
	ns_new "$host" || return 1
	nsx "$host" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$VXT_PREFIX$name" link add "h-$host" type veth peer name eth0 netns "$VXT_PREFIX$host" || return 1
	nsx "$name" sysctl -qw "net.ipv6.conf.h-$host.disable_ipv6=1"
	# VXLAN takes 50 bytes of the underlay's 1500: the host sends frames that fit.
	nsx "$host" ip link set eth0 mtu "$(nsx "$name" cat "/sys/class/net/vx$vni/mtu")"
	nsx "$host" ip addr add "$hostip/24" dev eth0
	nsx "$host" ip link set eth0 up
	nsx "$name" ip link set "h-$host" master "br$vni" up
	mac=$(nsx "$host" cat /sys/class/net/eth0/address)
	nsx "$name" bridge fdb replace "$mac" dev "h-$host" master static || return 1

	lab_frr_start "$name" "$dir/frr.conf"
}

lab_router_password() { # name gw-ip password
	local asn
	asn=$(vty "$1" show running-config | awk '/^router bgp/ {print $3; exit}')
	[ -n "$asn" ] || return 1
	ip netns exec "$VXT_PREFIX$1" vtysh -N "$(lab_pathspace "$1")" -c "configure terminal" \
		-c "router bgp $asn" -c "neighbor $2 password $3" >/dev/null
}

lab_fdb_dst() { # node vni mac
	nsx "$1" bridge -j fdb show dev "vx$2" | jq -r --arg m "$3" \
		'[.[] | select(.mac == $m and .dst and ((.flags // []) | index("extern_learn"))) | .dst] | join(" ")'
}

lab_peer_state() { # node peer
	vty "$1" show bgp l2vpn evpn summary json | jq -r --arg p "$2" '.peers[$p].state // ""' 2>/dev/null
}

lab_fdb_flood() { # node vni
	nsx "$1" bridge -j fdb show dev "vx$2" | jq -r \
		'[.[] | select(.mac == "00:00:00:00:00:00" and .dst) | .dst] | sort | join(" ")'
}

lab_md5_failures() { # node
	nsx "$1" cat /proc/net/netstat | awk '$1 == "TcpExt:" {
		if (!n) { for (i = 2; i <= NF; i++) col[$i] = i; n = 1 } else print $col["TCPMD5Failure"] }'
}
