#!/bin/bash
# make bench-snmp: a walk of VXGW-MIB's vxgwVniTable at VNIS (10,000) rows — 12 columns,
# 120,000 varbinds — served by gwd's AgentX subagent, against the same table served by
# a pass_persist script (bench/passpersist_vni.py: Python, answers precomputed, GETNEXT
# by bisect; the way many appliances add a MIB). Same snmpd, same transport (SNMPv3
# authPriv over UDP on the namespace's loopback, as tests/lab/snmp.sh's snmpq), same
# client options; only the subagent mechanism differs: the baseline is the same table
# under .1.3.6.1.4.1.32473.99.2 (pass_persist on .99), loaded once from
# `gwctl --json show vnis` and `ip -s -j link` (static; gwd re-reads the kernel when
# its model is older than 2 s, during the walk too). Interleaved rounds of
# snmpbulkwalk (GETBULK, -Cr BULK_R) and snmpwalk (GETNEXT); then gwd's RSS with
# snmp.enabled false vs true. snmpd (with the pass_persist script and the clients)
# runs in its own namespace "agent" (loopback only) and gwd reaches it over the AgentX
# unix socket: snmpd's own IF-MIB caches re-read every interface every few seconds,
# which with the gateway's 2 x VNIS links keeps snmpd itself busy and would time both
# walks out (measured last: snmpd next to the links, CPU and GET latency).
# Prints numbers; asserts nothing (a mismatch between the two walks is printed loudly).
set -u
: "${BUILD:=build}" "${VNIS:=10000}" "${ROUNDS:=3}" "${BULK_R:=10}"
VXT_PREFIX=vxbenchs-
. "$(dirname "$0")/../tests/ns/lib.sh"
. "$(dirname "$0")/../tests/lab/lab.sh"
. "$(dirname "$0")/../tests/lab/snmp.sh"
trap '[ -n "${BENCH_LOG:-}" ] && cp "$VXT_TMP/gw/gwd.log" "$BENCH_LOG"; ns_cleanup; rm -rf "$VXT_TMP"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "bench-snmp: needs root"; exit 1; }
ns_cleanup
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
SUB=.1.3.6.1.4.1.32473.1.2 # vxgwVniTable (gwd, AgentX)
PP_ROOT=.1.3.6.1.4.1.32473.99
PP=$PP_ROOT.2 # the same table through pass_persist
ms() { echo $(((${EPOCHREALTIME/./} - $1) / 1000)); }
gwd_pid() { local p; p=$(lab_gwd_pid gw); pgrep -P "$p" gwd || echo "$p"; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# gwd.json: VNIS segments without ports (mtu given: no underlay lookup); $1 = snmp.enabled.
gwd_conf() {
	mkdir -p "$VXT_TMP/gw"
	{
		echo '{"vtep": {"address": "10.86.0.1"}, "bgp": {"asn": 65000, "router_id": "10.86.0.1",'
		echo ' "route_reflectors": [{"address": "10.86.0.254"}]},'
		echo " \"snmp\": {\"enabled\": $1, \"agentx_socket\": \"$(lab_agentx agent)\"}, \"segments\": ["
		for i in $(seq 1 "$VNIS"); do
			[ "$i" -gt 1 ] && printf ','
			printf '{"vni": %d, "name": "seg%d", "mtu": 1450}\n' $((10000 + i)) "$i"
		done
		echo ']}'
	} >"$VXT_TMP/gw/gwd.json"
}
gwd_stop() {
	local p
	p=$(gwd_pid)
	kill "$p" 2>/dev/null
	while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
}
# A walk as the NOC does it (snmpq: v3 authPriv, -t 2 -r 1), numeric output. No MIB is
# loaded (-m ''), so both tables are printed the same way at the same client cost.
walk() { # tool oid out
	local opt=()
	[ "$1" = snmpbulkwalk ] && opt=(-Cr"$BULK_R")
	snmpq agent "$1" -m '' -On -Oe -Ot "${opt[@]}" "$2" >"$3.out" 2>"$3.err"
}

node_with_underlay gw 10.86.0.1/24 >/dev/null || exit 1
ns_new agent || exit 1
echo "bench-snmp: vxgwVniTable, $VNIS rows x 12 columns, gwd AgentX subagent vs pass_persist (Python)" \
	"($(uname -r), $(nproc) cores, $(snmpd -v | awk '/version/ {print "net-snmp " $3}'), $(python3 -V))"

# 1. The VNIs, with SNMP off; gwd's RSS without the subagent after a restart that
# adopts them (the same path as the run with SNMP below).
gwd_conf false
t0=${EPOCHREALTIME/./}
lab_gwd gw --no-frr || exit 1
printf '  %-46s %8d ms (%s kernel changes)\n' "gwd creates $VNIS VNIs (snmp off)" "$(ms "$t0")" \
	"$(gwctl gw --json status | jq .last_apply.changes)"
gwctl gw --json show vnis >"$VXT_TMP/vnis.json" || exit 1
ip -n "${VXT_PREFIX}gw" -s -j link show type vxlan >"$VXT_TMP/links.json" || exit 1
gwd_stop
lab_gwd gw --no-frr || exit 1
p=$(gwd_pid)
rss_off=$(status_kb "$p" VmRSS) hwm_off=$(status_kb "$p" VmHWM)
gwd_stop

# 2. snmpd with the pass_persist baseline (snmpd reads snmpd.local.conf next to the
# lab's snmpd.conf), then gwd with SNMP on.
mkdir -p "$(lab_snmp_dir agent)/etc"
echo "pass_persist $PP_ROOT $(command -v python3) $BENCH_DIR/passpersist_vni.py $PP_ROOT" \
	"$VXT_TMP/vnis.json $VXT_TMP/links.json" >"$(lab_snmp_dir agent)/etc/snmpd.local.conf"
lab_snmpd agent >/dev/null || { echo "bench-snmp: snmpd did not start"; exit 1; }
gwd_conf true
lab_gwd gw --no-frr || exit 1
p=$(gwd_pid)
deadline=$((SECONDS + 30))
until snmpq agent snmpget -m '' -Oqv $SUB.1.2.10001 2>/dev/null | grep -q seg1; do
	[ $SECONDS -lt $deadline ] || { echo "bench-snmp: gwd's subagent does not answer"; tail -5 "$VXT_TMP/gw/gwd.log"; exit 1; }
	sleep 0.1
done
until snmpq agent snmpget -m '' -Oqv $PP.1.2.10001 2>/dev/null | grep -q seg1; do
	[ $SECONDS -lt $deadline ] || { echo "bench-snmp: pass_persist does not answer"; exit 1; }
	sleep 0.1
done
rss_on=$(status_kb "$p" VmRSS)

# 3. Interleaved rounds; the order alternates per round.
declare -A T N
for r in $(seq 1 "$ROUNDS"); do
	for tool in snmpbulkwalk snmpwalk; do
		if [ $((r % 2)) -eq 1 ]; then order="sub pp"; else order="pp sub"; fi
		for who in $order; do
			oid=$SUB
			[ "$who" = pp ] && oid=$PP
			f="$VXT_TMP/$tool.$who.$r"
			t0=${EPOCHREALTIME/./}
			walk "$tool" "$oid" "$f"
			T[$tool.$who]+="$(ms "$t0") "
			n=$(wc -l <"$f.out")
			N[$tool.$who]+="$n "
			[ -s "$f.err" ] && echo "  !! $tool via $who, round $r: $(head -c 300 "$f.err" | tr '\n' ' ')"
		done
		# Both walks must return the same varbinds, in the same order, with the same values.
		d=$(sed "s/^$SUB\./$PP./" "$VXT_TMP/$tool.sub.$r.out" | diff - "$VXT_TMP/$tool.pp.$r.out" | grep -c '^[<>]')
		[ "$d" -ne 0 ] && echo "  !! MISMATCH $tool round $r: $d differing lines between subagent and pass_persist" \
			"(first: $(sed "s/^$SUB\./$PP./" "$VXT_TMP/$tool.sub.$r.out" | diff - "$VXT_TMP/$tool.pp.$r.out" | grep -m2 '^[<>]' | tr '\n' ' '))"
	done
done
rss_after=$(status_kb "$p" VmRSS) hwm_after=$(status_kb "$p" VmHWM)

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
expect=$((VNIS * 12))
echo "  varbinds expected: $expect (median of $ROUNDS walks; times include the client's start and output)"
printf '  %-34s %10s %10s %12s %14s %s\n' "" "varbinds" "walk ms" "varbinds/s" "all walks ms" "ratio"
for tool in snmpbulkwalk snmpwalk; do
	label=$tool
	[ "$tool" = snmpbulkwalk ] && label="$tool -Cr$BULK_R"
	ts=$(median <<<"${T[$tool.sub]}")
	for who in sub pp; do
		t=$(median <<<"${T[$tool.$who]}")
		n=$(tr ' ' '\n' <<<"${N[$tool.$who]}" | grep . | sort -u | tr '\n' ',')
		name="$label (gwd)"
		[ "$who" = pp ] && name="$label (pass_persist)"
		ratio=""
		[ "$who" = pp ] && ratio=$(printf 'pp/gwd %.2f' "$(echo "$t / $ts" | bc -l)")
		printf '  %-34s %10s %10d %12.0f %14s %s\n' "$name" "${n%,}" "$t" "$(echo "${n%%,*} * 1000 / $t" | bc -l)" \
			"$(tr -s ' ' / <<<"${T[$tool.$who]% }")" "$ratio"
		[ "${n%,}" != "$expect" ] && echo "  !! $name returned ${n%,} varbinds, expected $expect"
	done
done
printf '  %-46s %8d kB (peak %d kB)\n' "gwd RSS, snmp off ($VNIS VNIs, after restart)" "$rss_off" "$hwm_off"
printf '  %-46s %8d kB (+%d kB)\n' "gwd RSS, snmp on, before any walk" "$rss_on" $((rss_on - rss_off))
printf '  %-46s %8d kB (+%d kB, peak %d kB)\n' "gwd RSS, snmp on, after $((ROUNDS * 2)) full walks" "$rss_after" \
	$((rss_after - rss_off)) "$hwm_after"
pp=$(pgrep -f "passpersist_vni.py $PP_ROOT $VXT_TMP/" | head -1)
[ -n "$pp" ] && printf '  %-46s %8d kB\n' "pass_persist script RSS (baseline)" "$(status_kb "$pp" VmRSS)"
grep -c 'event=snmp_agentx' "$VXT_TMP/gw/gwd.log" | xargs printf '  gwd log: %s snmp_agentx state changes; '
grep -c 'level=err' "$VXT_TMP/gw/gwd.log" | xargs printf '%s error lines\n'

# 4. snmpd as on the appliance: in the namespace of the links (2 x VNIS + 3). Not the
# walk (it times out): its CPU while nobody asks, and the latency of one GET.
lab_snmpd gw >/dev/null || { echo "bench-snmp: second snmpd did not start"; exit 1; }
sp=$(cat "$(lab_snmp_dir gw)/snmpd.pid")
sleep 2
hz=$(getconf CLK_TCK)
c0=$(awk '{print $14 + $15}' "/proc/$sp/stat")
sleep 10
c1=$(awk '{print $14 + $15}' "/proc/$sp/stat")
lat=() lost=0
for i in $(seq 1 20); do
	t0=${EPOCHREALTIME/./}
	snmpq gw snmpget -m '' -Oqv .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1 || lost=$((lost + 1))
	lat+=("$(ms "$t0")")
	sleep 0.3
done
printf '  %-46s %3.0f %% CPU over 10 s unqueried; sysUpTime.0 GET p50 %s ms, max %s ms, %d/20 timed out (-t 2 -r 1)\n' \
	"snmpd beside $(ip -n "${VXT_PREFIX}gw" -o link | wc -l) links (appliance layout)" \
	"$(echo "($c1 - $c0) * 100 / $hz / 10" | bc -l)" "$(printf '%s ' "${lat[@]}" | median)" \
	"$(printf '%s\n' "${lat[@]}" | sort -n | tail -1)" "$lost"
