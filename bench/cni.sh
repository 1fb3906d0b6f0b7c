#!/bin/bash
# make bench-cni: ADD+DEL latency of vxgw-cni against Debian's reference `bridge`
# plugin doing the equivalent job (bridge + veth pair + pod end in the netns + MTU,
# pure L2, no IPAM), interleaved in the same run on the same machine; then ADD time
# per interface for 1..150 interfaces in one pod. Prints numbers and ratios; asserts
# nothing. Needs root. ROUNDS (default 200) sets the sample size.
set -u
: "${BUILD:=build}" "${ROUNDS:=200}" "${IFACES:=150}"
VXT_PREFIX=vxbench-
. "$(dirname "$0")/../tests/ns/lib.sh"
trap 'ns_cleanup; rm -rf "$VXT_TMP"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "bench-cni: needs root"; exit 1; }
[ -x /usr/lib/cni/bridge ] || { echo "bench-cni: Debian's containernetworking-plugins missing (make deps)"; exit 1; }
ns_cleanup
node_with_underlay node 10.84.0.1/24 >/dev/null && ns_new pod && ns_new many || exit 1

OURS=$(conf 100 bench "" 1.0.0)
REF='{"cniVersion":"1.0.0","name":"bench","type":"bridge","bridge":"brref","mtu":1450}'
# Runs inside the node namespace: one bash, builtin clock, no extra processes timed.
ip netns exec "${VXT_PREFIX}node" env CNI="$CNI" OURS="$OURS" REF="$REF" ROUNDS="$ROUNDS" \
	IFACES="$IFACES" NETNS="/var/run/netns/${VXT_PREFIX}pod" MANY="/var/run/netns/${VXT_PREFIX}many" \
	VXGW_CNI_STATE_DIR="$VXT_TMP/state" bash -c '
us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
call() { # plugin cmd cid ifname netns conf -> elapsed us on stdout
	local t0 t1
	t0=${EPOCHREALTIME/./}
	CNI_COMMAND=$2 CNI_CONTAINERID=$3 CNI_IFNAME=$4 CNI_NETNS=$5 CNI_PATH=/usr/lib/cni \
		"$1" <<<"$6" >/dev/null || { echo "FAILED: $1 $2" >&2; exit 1; }
	t1=${EPOCHREALTIME/./}
	echo $((t1 - t0))
}
# Steady state, like a node whose VNI already serves pods: a resident pod keeps the
# VTEP up (the reference plugin never deletes its bridge either).
call "$CNI" ADD resident eth0 "$NETNS" "$OURS" >/dev/null
call /usr/lib/cni/bridge ADD w eth1 "$NETNS" "$REF" >/dev/null; call /usr/lib/cni/bridge DEL w eth1 "$NETNS" "$REF" >/dev/null
for i in $(seq 1 "$ROUNDS"); do
	echo "ours add $(call "$CNI" ADD c$i eth1 "$NETNS" "$OURS")"
	echo "ours del $(call "$CNI" DEL c$i eth1 "$NETNS" "$OURS")"
	echo "ref add $(call /usr/lib/cni/bridge ADD c$i eth1 "$NETNS" "$REF")"
	echo "ref del $(call /usr/lib/cni/bridge DEL c$i eth1 "$NETNS" "$REF")"
done
# First/last pod of a VNI: ADD also creates the VTEP, DEL also removes it.
FIRST=${OURS/\"vni\":100/\"vni\":200}
for i in $(seq 1 $((ROUNDS / 4))); do
	echo "first add $(call "$CNI" ADD f$i eth2 "$NETNS" "$FIRST")"
	echo "first del $(call "$CNI" DEL f$i eth2 "$NETNS" "$FIRST")"
done
for i in $(seq 1 "$IFACES"); do echo "many $i $(call "$CNI" ADD big if$i "$MANY" "$OURS")"; done
for i in $(seq 1 "$IFACES"); do call "$CNI" DEL big if$i "$MANY" "$OURS" >/dev/null; done
for i in $(seq 1 "$IFACES"); do echo "refmany $i $(call /usr/lib/cni/bridge ADD big if$i "$MANY" "$REF")"; done
for i in $(seq 1 "$IFACES"); do call /usr/lib/cni/bridge DEL big if$i "$MANY" "$REF" >/dev/null; done
' >"$VXT_TMP/samples" || { echo "bench-cni: a plugin call failed"; exit 1; }

stats() { # who op -> "mean p50 p99" in ms
	awk -v w="$1" -v o="$2" '$1 == w && $2 == o {print $3}' "$VXT_TMP/samples" | sort -n |
		awk '{v[NR] = $1; s += $1} END {printf "%.2f %.2f %.2f", s / NR / 1000, v[int(NR * 0.5 + 0.5)] / 1000, v[int(NR * 0.99 + 0.5)] / 1000}'
}
echo "vxgw-cni vs Debian bridge plugin: equivalent L2 attach (bridge exists, veth pair, pod end"
echo "in the netns, MTU), $ROUNDS rounds interleaved in one run, ms"
printf '%-22s %8s %8s %8s\n' "" mean p50 p99
for op in add del; do
	read -r om op50 op99 <<<"$(stats ours $op)"
	read -r rm rp50 rp99 <<<"$(stats ref $op)"
	printf '%-22s %8s %8s %8s\n' "vxgw-cni ${op^^}" "$om" "$op50" "$op99" "bridge ${op^^}" "$rm" "$rp50" "$rp99"
	printf '%-22s %8s %8s\n' "ratio ours/ref ${op^^}" "$(awk -v a="$om" -v b="$rm" 'BEGIN {printf "%.2f", a / b}')" \
		"$(awk -v a="$op50" -v b="$rp50" 'BEGIN {printf "%.2f", a / b}')"
done
read -r oa _ _ <<<"$(stats ours add)"; read -r od _ _ <<<"$(stats ours del)"
read -r ra _ _ <<<"$(stats ref add)"; read -r rd _ _ <<<"$(stats ref del)"
echo "ADD+DEL mean: vxgw-cni $(awk -v a="$oa" -v b="$od" 'BEGIN {printf "%.2f", a + b}') ms, bridge $(awk -v a="$ra" -v b="$rd" 'BEGIN {printf "%.2f", a + b}') ms, ratio $(awk -v a="$oa" -v b="$od" -v c="$ra" -v d="$rd" 'BEGIN {printf "%.2f", (a + b) / (c + d)}') (target <= 0.50 for ADD)"
read -r fa fa50 fa99 <<<"$(stats first add)"; read -r fd fd50 fd99 <<<"$(stats first del)"
echo "vxgw-cni first/last pod of a VNI (ADD creates the VTEP, DEL removes it; no reference"
echo "equivalent): ADD mean $fa p50 $fa50 p99 $fa99, DEL mean $fd p50 $fd50 p99 $fd99 ($((ROUNDS / 4)) rounds)"
echo
echo "ADD time per interface, one pod, interfaces 1..$IFACES (ms)"
series() { # tag label
	awk -v tag="$1" -v label="$2" '$1 == tag {t[$2] = $3 / 1000} END {
	n = length(t); for (i = 1; i <= n; i++) { sx += i; sy += t[i]; sxy += i * t[i]; sxx += i * i }
	slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
	for (k = 1; k <= 10; k++) { f += t[k]; l += t[n - 10 + k] }
	split("1 10 50 100 150", at, " ")
	printf "%-22s", label
	for (j = 1; j <= 5; j++) if (at[j] <= n) printf " %7.2f", t[at[j]]
	printf "   first10 %.2f last10 %.2f (x%.2f) slope %.4f ms/if total %.0f ms\n", f / 10, l / 10, l / f, slope, sy
}' "$VXT_TMP/samples"
}
printf '%-22s %7s %7s %7s %7s %7s\n' "interface #" 1 10 50 100 150
series many "vxgw-cni ADD ms"
series refmany "bridge ADD ms"
