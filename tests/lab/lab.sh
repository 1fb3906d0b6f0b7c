# EVPN lab harness: sourced after tests/ns/lib.sh (which provides namespaces, cleanup,
# checks and the `cni` helper). Builds an underlay switch, nodes with FRR in a role,
# pods attached with the real vxgw-cni; waits for convergence by polling FRR/kernel
# state against a deadline; everything is torn down with the test's namespaces (FRR
# daemons run inside them and are killed with them).
#
#   lab_fabric                       underlay switch namespace "fab" (bridge br0)
#   lab_node NAME IP                 node on the underlay: u0 = IP/24, default route
#   lab_frr NAME ROLE ARGS...        render with vxgw-evpn (ARGS: its options), start zebra+bgpd
#   lab_pod NODE POD VNI IP [IFNAME] pod (namespace made unless it exists) attached with
#                                    vxgw-cni, IP/24 on eth1
#   lab_wait_peers NAME N SECS       until N EVPN peers are Established
#   vty NAME CMD                     vtysh in NAME's pathspace
#   lab_gateway NAME IP              gateway node: FRR started empty (gwd delivers its config)
#   lab_port NODE PORT HOST IP       a "physical" host HOST (IP/24 on eth0) cabled to NODE's
#                                    port PORT (a veth; the host stays silent: IPv6 off)
#   lab_hybrid_gateway NAME IP RR-IP ROUTER-IP ROUTER-ASN KEY
#                                    the hybrid lab's gateway: lab_gateway, physical hosts
#                                    h1 (eth1, VNI 100 "core") and h2 (eth2, VNI 200 "lab"),
#                                    gwd.json with the RR and an eBGP router peer (TCP-MD5
#                                    KEY), ready for lab_gwd
#   lab_gwd NAME [GWD-OPTIONS]       start gwd in NAME with $VXT_TMP/NAME/gwd.json, wait
#                                    until it answers; its log is $VXT_TMP/NAME/gwd.log
#   gwctl NAME ARGS...               gwctl against NAME's gwd
#   lab_up < DESCRIPTION             the whole topology from a description, one item a line:
#       rr NAME IP LISTEN-RANGE        route reflector (dynamic peers from LISTEN-RANGE)
#       worker NAME IP RR-IP           VTEP node in the worker role
#       pod NAME NODE VNI IP           pod attached with vxgw-cni
#       host NAME NODE VNI IP          a plain host (no CNI) on a veth into NODE's VNI bridge
#     blank lines and #-comments are ignored; waits until each RR has every node
#     as an established EVPN peer before attaching pods and hosts.

EVPN="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/$BUILD/bin/vxgw-evpn"
GWD="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/$BUILD/bin/gwd"
GWCTL="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/$BUILD/bin/gwctl"
LAB_ASN=${LAB_ASN:-65000}
LAB_NET=${LAB_NET:-10.90.0}

lab_fabric() {
	ns_new fab || return 1
	nsx fab ip link add br0 type bridge && nsx fab ip link set br0 up
}

lab_node() { # name ip
	ns_new "$1" || return 1
	ip -n "$VXT_PREFIX$1" link add u0 type veth peer name "f-$1" netns "${VXT_PREFIX}fab" || return 1
	nsx fab ip link set "f-$1" master br0 up
	nsx "$1" ip link set u0 up
	nsx "$1" ip addr add "$2/24" dev u0
	nsx "$1" ip route add default via "${2%.*}.254"
}

lab_pathspace() { echo "${VXT_PREFIX}$1" | tr -c 'a-zA-Z0-9_\n-' _; }

vty() { # name cmd...
	local n=$1
	shift
	ip netns exec "$VXT_PREFIX$n" vtysh -N "$(lab_pathspace "$n")" -c "$*" 2>/dev/null
}

lab_frr() { # name role vxgw-evpn-options...
	local name=$1 role=$2 dir
	shift 2
	dir="$VXT_TMP/frr/$name"
	mkdir -p "$dir"
	"$EVPN" render --role "$role" --asn "$LAB_ASN" --hostname "$name" "$@" >"$dir/frr.conf" || return 1
	lab_frr_start "$name" "$dir/frr.conf"
}

# lab_frr_start NAME CONF: zebra+bgpd in NAME's namespace and pathspace, booted with CONF
# (which may be empty: gwd delivers the gateway's config itself).
lab_frr_start() {
	local name=$1 conf=$2 ps dir run
	ps=$(lab_pathspace "$name")
	dir="$VXT_TMP/frr/$name"
	run="/var/run/frr/$ps"
	mkdir -p "$dir" "$run" "/etc/frr/$ps"
	echo "service integrated-vtysh-config" >"/etc/frr/$ps/vtysh.conf"
	cp "$conf" "/etc/frr/$ps/frr.conf"
	: >"$dir/zebra.log"
	: >"$dir/bgpd.log"
	chown -R frr:frr "$dir" "$run" "/etc/frr/$ps"
	# As frr.service does: daemons start empty, then vtysh -b pushes the integrated config.
	# shellcheck disable=SC2086 # LAB_FRR_ARGS: words (set by lab_frr_snmp)
	nsx "$name" env ${LAB_FRR_ENV:-} /usr/lib/frr/zebra -d -N "$ps" -f /dev/null -i "$run/zebra.pid" \
		--log "file:$dir/zebra.log" ${LAB_FRR_ARGS:-} || return 1
	# shellcheck disable=SC2086
	nsx "$name" env ${LAB_FRR_ENV:-} /usr/lib/frr/bgpd -d -N "$ps" -f /dev/null -i "$run/bgpd.pid" \
		--log "file:$dir/bgpd.log" ${LAB_FRR_ARGS:-} || return 1
	LAB_FRR_ENV="" LAB_FRR_ARGS=""
	LAB_FRR+=("$ps")
	local deadline=$((SECONDS + 10))
	until vtysh -N "$ps" -c "show version" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || { echo "lab: FRR in $name did not start"; return 1; }
		sleep 0.05
	done
	vtysh -N "$ps" -b >/dev/null 2>&1 || { echo "lab: vtysh -b failed in $name"; return 1; }
}

lab_frr_cleanup() {
	local ps
	for ps in "${LAB_FRR[@]}"; do
		for d in bgpd zebra; do
			[ -f "/var/run/frr/$ps/$d.pid" ] && kill "$(cat "/var/run/frr/$ps/$d.pid")" 2>/dev/null
		done
		rm -rf "/var/run/frr/$ps" "/etc/frr/$ps"
	done
}
LAB_FRR=()

lab_pod() { # node pod vni ip [ifname]
	local node=$1 pod=$2 vni=$3 ip=$4 ifn=${5:-eth1} out
	ip netns list | grep -q "^$VXT_PREFIX$pod\b" || ns_new "$pod" || return 1
	out=$(cni "$node" ADD "$pod" "$ifn" "$(conf "$vni" "vni$vni")" "$pod") || { echo "$out"; return 1; }
	nsx "$pod" ip addr add "$ip/24" dev "$ifn"
}

# Established EVPN peers of a node, from FRR's JSON.
lab_peers_up() {
	vty "$1" show bgp l2vpn evpn summary json |
		jq '[.peers // {} | to_entries[] | select(.value.state == "Established")] | length' 2>/dev/null
}

lab_peers_are() { [ "$(lab_peers_up "$1")" = "$2" ]; }

lab_wait_peers() { # name n secs
	wait_until "$3" "$1: $2 EVPN peer(s) established" lab_peers_are "$1" "$2"
}

# MAC as an EVPN-installed entry (extern_learn) behind the node's VTEP of VNI.
lab_fdb_has() { # node vni mac
	nsx "$1" bridge -j fdb show dev "vx$2" | jq -e --arg m "$3" \
		'[.[] | select(.mac == $m and ((.flags // []) | index("extern_learn")))] | length > 0' >/dev/null
}

lab_host() { # name node vni ip: a host on a veth attached to node's VNI bridge (vxgw-vtep)
	ns_new "$1" || return 1
	ip -n "$VXT_PREFIX$2" link add "h-$1" type veth peer name eth0 netns "$VXT_PREFIX$1" || return 1
	nsx "$1" ip link set eth0 up
	nsx "$1" ip addr add "$4/24" dev eth0
	vtep "$2" attach "$3" "h-$1" >/dev/null
}

lab_gateway() { # name ip
	lab_node "$1" "$2" || return 1
	mkdir -p "$VXT_TMP/$1"
	: >"$VXT_TMP/$1/frr-empty.conf"
	lab_frr_start "$1" "$VXT_TMP/$1/frr-empty.conf"
}

lab_port() { # node port host ip
	ns_new "$3" || return 1
	nsx "$3" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$VXT_PREFIX$1" link add "$2" type veth peer name eth0 netns "$VXT_PREFIX$3" || return 1
	nsx "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	# Physical hosts on a VXLAN segment must fit the overlay's MTU (underlay 1500 - 50).
	nsx "$3" ip link set eth0 mtu 1450
	nsx "$3" ip addr add "$4/24" dev eth0
	nsx "$3" ip link set eth0 up
	nsx "$1" ip link set "$2" up
}

lab_hybrid_gateway() { # name ip rr router-ip router-asn key
	local n=$1 ip=$2 rr=$3 router=$4 rasn=$5 key=$6
	lab_gateway "$n" "$ip" || return 1
	lab_port "$n" eth1 h1 "${LAB_H1_IP:-192.168.90.101}" || return 1
	lab_port "$n" eth2 h2 "${LAB_H2_IP:-192.168.90.111}" || return 1
	echo "$key" >"$VXT_TMP/$n/bgp.key"
	cat >"$VXT_TMP/$n/gwd.json" <<CONF
{
  "vtep": {"address": "$ip"},
  "bgp": {"asn": $LAB_ASN, "router_id": "$ip",
          "route_reflectors": [{"address": "$rr"}],
          "peers": [{"address": "$router", "asn": $rasn, "password_file": "$VXT_TMP/$n/bgp.key"}]},
  "segments": [
    {"vni": 100, "name": "core", "ports": [{"port": "eth1"}]},
    {"vni": 200, "name": "lab", "ports": [{"port": "eth2"}]}
  ]
}
CONF
}

gwctl() { # name args...
	local n=$1
	shift
	ip netns exec "$VXT_PREFIX$n" "$GWCTL" --socket "$VXT_TMP/$n/gwd.sock" "$@"
}

lab_gwd_pid() { cat "$VXT_TMP/$1/gwd.pid" 2>/dev/null; }

lab_gwd() { # name [gwd options]
	local n=$1 ps
	shift
	ps=$(lab_pathspace "$n")
	mkdir -p "$VXT_TMP/$n"
	ip netns exec "$VXT_PREFIX$n" "$GWD" --foreground --config "$VXT_TMP/$n/gwd.json" \
		--socket "$VXT_TMP/$n/gwd.sock" --frr-pathspace "$ps" --frr-config "/etc/frr/$ps/frr.conf" \
		"$@" 2>>"$VXT_TMP/$n/gwd.log" &
	echo $! >"$VXT_TMP/$n/gwd.pid"
	disown $! # tests kill it on purpose: no "Killed" job notices
	local deadline=$((SECONDS + 30))
	until gwctl "$n" status >/dev/null 2>&1; do
		kill -0 "$(lab_gwd_pid "$n")" 2>/dev/null || { echo "lab: gwd in $n exited"; tail -5 "$VXT_TMP/$n/gwd.log"; return 1; }
		[ $SECONDS -lt $deadline ] || { echo "lab: gwd in $n did not answer"; return 1; }
		sleep 0.05
	done
}

lab_up() {
	local kind name a b c line nodes=0 r
	local -a items=() rrs=()
	while IFS= read -r line; do
		line=${line%%#*}
		[ -n "${line// /}" ] && items+=("$line")
	done
	lab_fabric || return 1
	for line in "${items[@]}"; do
		read -r kind name a b c <<<"$line"
		case $kind in
		rr) lab_node "$name" "$a" && lab_frr "$name" rr --router-id "$a" --listen-range "$b" || return 1
			rrs+=("$name") ;;
		worker) lab_node "$name" "$a" && lab_frr "$name" worker --router-id "$a" --rr "$b" || return 1
			nodes=$((nodes + 1)) ;;
		pod | host) ;;
		*) echo "lab_up: unknown item '$kind' in: $line"; return 1 ;;
		esac
	done
	for r in "${rrs[@]}"; do lab_wait_peers "$r" "$nodes" 60 || return 1; done
	for line in "${items[@]}"; do
		read -r kind name a b c <<<"$line"
		case $kind in
		pod) lab_pod "$a" "$name" "$b" "$c" || return 1 ;;
		host) lab_host "$name" "$a" "$b" "$c" || return 1 ;;
		esac
	done
}
