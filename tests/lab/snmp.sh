# SNMP for the lab: sourced after tests/lab/lab.sh. snmpd runs inside a node's
# namespace from config/snmp/snmpd.conf (the shipped file, with the lab's addresses
# substituted), own config and persistent dirs and AgentX socket under $VXT_TMP, UDP on
# that namespace's loopback only. Processes die with the namespace.
#
#   lab_snmpd NODE              snmpd (AgentX master); user vxgw (SHA/AES), informs to
#                               NODE's 127.0.0.1:16162 (a lab_snmptrapd there)
#   lab_snmpd_stop NODE         stop it (lab_snmpd again restarts it, same keys)
#   lab_snmptrapd NODE          receiver for those informs; log: $(lab_snmp_dir NODE)/traps.log
#   lab_agentx NODE             the AgentX socket path (for gwd.json, FRR)
#   lab_frr_snmp NODE           make the next lab_frr_start of NODE load FRR's snmp module
#                               into zebra and bgpd (BGP4-MIB) with NODE's AgentX socket
#   snmpq NODE TOOL ARGS...     run snmpget/snmpwalk/snmptable/... as the NOC would (v3
#                               authPriv, VXGW-MIB loaded) against NODE's agent
LAB_SNMP_AUTH=lab-auth-Tq7w2Lx9
LAB_SNMP_PRIV=lab-priv-Zr4m8Kc1
LAB_MIBS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB_MIBDIRS="$LAB_MIBS/tests/mib/ietf:$LAB_MIBS/config/mibs"

lab_snmp_dir() { echo "$VXT_TMP/snmp/$1"; }
lab_agentx() { echo "$(lab_snmp_dir "$1")/agentx/master"; }

lab_snmpd() { # node
	local d
	d=$(lab_snmp_dir "$1")
	mkdir -p "$d/etc" "$d/persist" "$d/agentx"
	sed -e "s|^agentAddress .*|agentAddress   udp:127.0.0.1:16161|" \
		-e "s|^agentXSocket .*|agentXSocket   $d/agentx/master|" \
		"$LAB_MIBS/config/snmp/snmpd.conf" >"$d/etc/snmpd.conf" || return 1
	cat >>"$d/etc/snmpd.conf" <<CONF
# lab: notifications as SNMPv3 informs to the lab's receiver
trapsess -v 3 -Ci -r 1 -t 2 -l authPriv -u vxgw -a SHA -A $LAB_SNMP_AUTH -x AES -X $LAB_SNMP_PRIV udp:127.0.0.1:16162
CONF
	# The user is created from the persistent file on the first start only.
	[ -s "$d/persist/snmpd.conf" ] ||
		echo "createUser vxgw SHA \"$LAB_SNMP_AUTH\" AES \"$LAB_SNMP_PRIV\"" >"$d/persist/snmpd.conf"
	nsx "$1" env SNMPCONFPATH="$d/etc:$d/persist" SNMP_PERSISTENT_DIR="$d/persist" MIBS= \
		snmpd -f -Lf "$d/snmpd.log" -p "$d/snmpd.pid" >/dev/null 2>&1 &
	disown $!
	wait_until 10 "snmpd up in $1" test -S "$d/agentx/master"
}

lab_snmpd_stop() { # node
	local d pid
	d=$(lab_snmp_dir "$1")
	pid=$(cat "$d/snmpd.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	local deadline=$((SECONDS + 10))
	while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
	rm -f "$d/agentx/master"
}

lab_snmptrapd() { # node
	local d
	d=$(lab_snmp_dir "$1")
	mkdir -p "$d/trapd"
	cat >"$d/trapd/snmptrapd.conf" <<CONF
createUser vxgw SHA "$LAB_SNMP_AUTH" AES "$LAB_SNMP_PRIV"
authUser log vxgw priv
CONF
	: >"$d/traps.log"
	nsx "$1" env SNMPCONFPATH="$d/trapd" SNMP_PERSISTENT_DIR="$d/trapd" MIBDIRS="$LAB_MIBDIRS" \
		MIBS=VXGW-MIB snmptrapd -f -Lf "$d/traps.log" -p "$d/trapd.pid" \
		-F "TRAP %N;%v\n" udp:127.0.0.1:16162 >/dev/null 2>&1 &
	disown $!
	wait_until 10 "snmptrapd up in $1" grep -q "NET-SNMP version" "$d/traps.log"
}

snmpq() { # node tool args...
	local n=$1 tool=$2
	shift 2
	nsx "$n" env MIBDIRS="$LAB_MIBDIRS" MIBS=VXGW-MIB:SNMPv2-MIB "$tool" -v3 -l authPriv -u vxgw \
		-a SHA -A "$LAB_SNMP_AUTH" -x AES -X "$LAB_SNMP_PRIV" -t 2 -r 1 127.0.0.1:16161 "$@"
}

lab_frr_snmp() { # node
	local d
	d=$(lab_snmp_dir "$1")
	mkdir -p "$d/frr"
	# FRR's AgentX client reads net-snmp's "frr.conf" (its application name is frr).
	# zebra needs the module too: the integrated config's "agentx" line goes to every
	# daemon.
	echo "agentXSocket $d/agentx/master" >"$d/frr/frr.conf"
	chmod 755 "$VXT_TMP" "$VXT_TMP/snmp" "$d" "$d/frr" # FRR runs as frr
	chmod 644 "$d/frr/frr.conf"
	LAB_FRR_ENV="SNMPCONFPATH=$d/frr"
	LAB_FRR_ARGS="-M snmp"
}
