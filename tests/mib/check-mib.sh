#!/bin/bash
# Check config/mibs/VXGW-MIB.txt:
#   smilint -l 3   libsmi's SMIv2 checks; any error fails, warnings are printed
#   smilint -l 6   style warnings, printed only (never fail)
#   snmptranslate  net-snmp parses the module with no complaint and prints the tree
#   OID contract   the OIDs gwd's AgentX subagent uses are where it expects them
#   PEN            the enterprise arc is written in exactly one place
# The IETF modules VXGW-MIB imports are not in Debian main (snmp-mibs-downloader is
# non-free and needs the network), so the checks resolve imports only from
# tests/mib/ietf (see its README.md) and ignore the host's MIB configuration.
# Needs smitools and snmp (make deps). Prints "mib: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
MIB=config/mibs/VXGW-MIB.txt
IETF=tests/mib/ietf
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "  ok   $*"; }
bad() { fail=$((fail + 1)); echo "  FAIL $*"; }
# shellcheck disable=SC2001
indent() { sed 's/^/       /'; }
finish() {
	echo "mib: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

missing=""
command -v smilint >/dev/null || missing="$missing smitools"
command -v snmptranslate >/dev/null || missing="$missing snmp"
if [ -n "$missing" ]; then
	bad "tools present (missing Debian packages:$missing; run make deps)"
	finish
fi
if [ -r "$MIB" ]; then ok "$MIB present"; else
	bad "$MIB present"
	finish
fi

# smilint: -c /dev/null so no smi.conf hides anything or adds a path; SMIPATH
# without a leading/trailing ':' replaces the search path entirely.
# Severity 0-2 = errors (fail), 3 and above = warnings (printed).
lint() { SMIPATH=$IETF smilint -c /dev/null -s -m -l "$1" "$MIB" 2>&1; }
out=$(lint 3)
errs=$(grep -cE '\[[0-2]\]' <<<"$out")
warns=$(grep -cE '\[[3-9]\]' <<<"$out")
[ -z "$out" ] || indent <<<"$out"
if [ "$errs" -eq 0 ]; then
	ok "smilint -l 3: 0 errors, $warns warnings"
else
	bad "smilint -l 3: $errs errors, $warns warnings"
fi
style=$(lint 6 | grep -vE '\[[0-3]\]')
if [ -n "$style" ]; then
	indent <<<"$style"
	echo "  note smilint -l 6: $(grep -c . <<<"$style") style warnings (not a failure)"
fi

# net-snmp: only our two directories, only our module (plus its imports).
xlate() { snmptranslate -M "$IETF:config/mibs" -m VXGW-MIB "$@"; }
err=$(xlate -Tp -IR vxgwMIB 2>&1 >/dev/null)
rc=$?
tree=$(xlate -Tp -IR vxgwMIB 2>/dev/null)
if [ $rc -eq 0 ] && [ -z "$err" ] && grep -q 'vxgwPeerUpTime' <<<"$tree"; then
	ok "snmptranslate -Tp parses VXGW-MIB ($(grep -c -- '-- ' <<<"$tree") objects, no warnings)"
else
	indent <<<"$err"
	bad "snmptranslate -Tp parses VXGW-MIB (rc $rc)"
fi

# The OID contract: name -> OID relative to vxgwMIB. gwd's subagent registers and
# answers these; renumbering any of them is an incompatible change of the MIB.
root=$(xlate -On VXGW-MIB::vxgwMIB 2>/dev/null)
contract=(
	"vxgwConfigGeneration.0 .1.1.1.0"
	"vxgwLastApplyTime.0 .1.1.2.0"
	"vxgwLastApplyResult.0 .1.1.3.0"
	"vxgwLastApplyError.0 .1.1.4.0"
	"vxgwFirewallDroppedPackets.0 .1.1.5.0"
	"vxgwFirewallDroppedOctets.0 .1.1.6.0"
	"vxgwVniName.100 .1.2.1.2.100"
	"vxgwVniCounterDiscontinuityTime.16777215 .1.2.1.13.16777215"
	"vxgwBindingOperStatus.100.\"eth2\".10 .1.3.1.5.100.4.101.116.104.50.10"
	"vxgwBindingIfIndex.200.\"eth1\".0 .1.3.1.4.200.4.101.116.104.49.0"
	"vxgwPeerUpTime.1.4.10.0.0.5 .1.4.1.6.1.4.10.0.0.5"
	"vxgwPeerIpsecState.2.16.32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1 .1.4.1.5.2.16.32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1"
	"vxgwNotifyPeerAddress.0 .1.5.2.0"
	"vxgwRemoteVtepUp .0.1"
	"vxgwRemoteVtepDown .0.2"
	"vxgwBindingUp .0.3"
	"vxgwBindingDown .0.4"
	"vxgwConfigApplyFailed .0.5"
	"vxgwCompliance .2.1.1"
)
if [ -z "$root" ]; then
	bad "vxgwMIB resolves to an OID"
else
	for c in "${contract[@]}"; do
		name=${c% *} want=$root${c##* }
		got=$(xlate -On "VXGW-MIB::$name" 2>/dev/null)
		if [ "$got" = "$want" ]; then
			ok "$name = $got"
		else
			bad "$name = '${got}', want $want"
		fi
	done
	back=$(xlate -OS "$root.1.3.1.5.100.4.101.116.104.50.10" 2>/dev/null)
	if [ "$back" = 'VXGW-MIB::vxgwBindingOperStatus.100."eth2".10' ]; then
		ok "binding instance OID decodes to $back"
	else
		bad "binding instance OID decodes to '$back'"
	fi
	back=$(xlate -OS "$root.1.4.1.6.1.4.10.0.0.5" 2>/dev/null)
	if [ "$back" = 'VXGW-MIB::vxgwPeerUpTime.ipv4."10.0.0.5"' ]; then
		ok "peer instance OID decodes to $back"
	else
		bad "peer instance OID decodes to '$back'"
	fi
fi

# The placeholder enterprise number lives in one line only.
arc=$(grep -E '::= *\{ *enterprises ' "$MIB")
n=$(grep -c . <<<"$arc")
if [ "$n" -eq 1 ]; then
	ok "enterprise arc assigned in one place ($(grep -oE 'enterprises [0-9]+' <<<"$arc"))"
else
	bad "enterprise arc assigned in one place (found $n)"
fi

finish
