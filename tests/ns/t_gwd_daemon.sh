#!/bin/bash
# gwd as a daemon, without FRR (--no-frr): systemd notification protocol (READY,
# WATCHDOG, RELOADING, STOPPING) on a NOTIFY_SOCKET, --check-config exit codes, the
# control socket (0600, root only, one gwd per socket, malformed and oversized requests
# answered with specific errors, silent clients dropped), a port appearing later is
# bound by the link event (hot-plug), an owned device removed behind gwd's back is
# re-created (drift), and gwctl's exit codes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lab/lab.sh"

node_with_underlay gw 10.86.0.1/24 >/dev/null || exit 1
mkdir -p "$VXT_TMP/gw"
cat >"$VXT_TMP/gw/gwd.json" <<'EOF'
{"vtep": {"address": "10.86.0.1"},
 "bgp": {"asn": 65000, "router_id": "10.86.0.1", "route_reflectors": [{"address": "10.86.0.254"}]},
 "segments": [{"vni": 100, "name": "core", "ports": [{"port": "eth1"}, {"port": "eth9"}]}]}
EOF
ip -n "${VXT_PREFIX}gw" link add eth1 type veth peer name eth1p

echo "-- --check-config"
expect_match "valid file: summary" "$(ip netns exec "${VXT_PREFIX}gw" "$GWD" --check-config --config "$VXT_TMP/gw/gwd.json")" "valid \(1 segments, 2 port bindings, 1 route reflectors, 0 peers\)"
echo '{"vtep": {}}' >"$VXT_TMP/bad.json"
expect_err "invalid file: exit 1 with each error" "vtep.address: missing" ip netns exec "${VXT_PREFIX}gw" "$GWD" --check-config --config "$VXT_TMP/bad.json"
expect_err "missing file" "cannot read|No such file" "$GWD" --check-config --config "$VXT_TMP/none.json"

echo "-- systemd notifications"
python3 - "$VXT_TMP/notify.sock" >"$VXT_TMP/notify.txt" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
try:
    while True:
        msg = s.recv(4096).decode()
        print(msg.replace("\n", " | "), flush=True)
        if "STOPPING=1" in msg:
            break
except socket.timeout:
    pass
PY
listener=$!
wait_until 5 "notify listener up" test -S "$VXT_TMP/notify.sock"
ip netns exec "${VXT_PREFIX}gw" env NOTIFY_SOCKET="$VXT_TMP/notify.sock" WATCHDOG_USEC=400000 \
	"$GWD" --config "$VXT_TMP/gw/gwd.json" --socket "$VXT_TMP/gw/gwd.sock" --no-frr 2>>"$VXT_TMP/gw/gwd.log" &
gwpid=$!
echo "$gwpid" >"$VXT_TMP/gw/gwd.pid"
wait_until 10 "READY=1 after the first apply" grep -q "READY=1" "$VXT_TMP/notify.txt"
expect_match "READY carries a status" "$(grep READY=1 "$VXT_TMP/notify.txt" | head -1)" "STATUS=generation 1"
wait_until 5 "WATCHDOG=1 pings (interval 400 ms)" bash -c "[ \$(grep -c WATCHDOG=1 $VXT_TMP/notify.txt) -ge 3 ]"
kill -HUP "$gwpid"
wait_until 5 "RELOADING=1 on SIGHUP" grep -q "RELOADING=1" "$VXT_TMP/notify.txt"
expect_eq "no daemonizing under systemd (same pid answers)" "$(gwctl gw --json status | jq .pid)" "$gwpid"

echo "-- control socket"
expect_eq "socket mode 0600, owned by root" "$(stat -c '%a %U' "$VXT_TMP/gw/gwd.sock")" "600 root"
expect_err "a second gwd on the same socket is refused" "another gwd is running" \
	ip netns exec "${VXT_PREFIX}gw" "$GWD" --foreground --config "$VXT_TMP/gw/gwd.json" --socket "$VXT_TMP/gw/gwd.sock" --no-frr
raw() { # send one raw request line, print the answer
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()); print(s.makefile().readline().strip())' "$VXT_TMP/gw/gwd.sock" "$1"
}
expect_eq "garbage" "$(raw $'not json\n' | jq -r .error)" "request is not valid JSON: '[' or '{' expected near 'not'"
expect_eq "unknown command" "$(raw $'{"cmd":"reboot"}\n' | jq -r .error)" "cmd: 'reboot' is not status, show, plan, bind, unbind or reload"
expect_eq "unknown key" "$(raw $'{"cmd":"status","force":true}\n' | jq -r .error)" "status: unknown key 'force'"
expect_eq "VNI out of range" "$(raw $'{"cmd":"bind","port":"eth1","vni":0}\n' | jq -r .error)" "vni: must be an integer 1-16777215"
expect_eq "bad port name" "$(raw $'{"cmd":"unbind","port":"../x"}\n' | jq -r .error)" "port '../x' contains '/', ':', a space or a control character"
expect_match "oversized request" "$(raw "$(printf '{"cmd":"status","pad":"%05000d"}\n' 0)" | jq -r .error)" "request larger than 4096 bytes"
python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); t=time.time(); s.settimeout(10); d=s.recv(10); print("closed after %.1f s" % (time.time()-t))' "$VXT_TMP/gw/gwd.sock" >"$VXT_TMP/silent.txt"
expect_match "a silent client is dropped after ~5 s" "$(cat "$VXT_TMP/silent.txt")" "closed after [4-6]\.[0-9] s"
expect_ok "gwd still answers" gwctl gw status
nobody_out=$(ip netns exec "${VXT_PREFIX}gw" setpriv --reuid=nobody --regid=nogroup --clear-groups "$GWCTL" --socket "$VXT_TMP/gw/gwd.sock" status 2>&1)
expect_eq "non-root gwctl: exit 3, permission denied" "$?:$(grep -o 'Permission denied' <<<"$nobody_out")" "3:Permission denied"
expect_err "gwctl usage error: exit 2" "usage" gwctl gw show everything
gwctl gw bind eth7 100 >/dev/null 2>&1
expect_eq "gwctl refused request: exit 1" "$?" 1

echo "-- hot-plug and drift, through link events"
expect_eq "eth9 is absent, eth1 bound" "$(gwctl gw --json show ports | jq -c '[.ports[] | [.ifname, .state]]')" '[["eth1","down"],["eth9","absent"]]'
ip -n "${VXT_PREFIX}gw" link add eth9 type veth peer name eth9p
wait_until 5 "eth9 bound when it appears" bash -c "[ \"\$(ip -n ${VXT_PREFIX}gw -j link show eth9 | jq -r '.[0].master')\" = br100 ]"
ip -n "${VXT_PREFIX}gw" link set eth9p up
wait_until 5 "eth9 binding up" bash -c "ip netns exec ${VXT_PREFIX}gw $GWCTL --socket $VXT_TMP/gw/gwd.sock --json show ports | jq -e '.ports[] | select(.ifname == \"eth9\" and .state == \"up\")'"
ip -n "${VXT_PREFIX}gw" link del br100
wait_until 5 "br100 deleted behind gwd's back is re-created and eth1/eth9 re-bound" bash -c "[ \"\$(ip -n ${VXT_PREFIX}gw -j link show eth1 | jq -r '.[0].master')\" = br100 ] && [ \"\$(ip -n ${VXT_PREFIX}gw -j link show eth9 | jq -r '.[0].master')\" = br100 ]"
expect_match "drift repair logged" "$(cat "$VXT_TMP/gw/gwd.log")" "event=drift reason=link_event"
expect_match "... and applied through the data path" "$(grep 'source=event' "$VXT_TMP/gw/gwd.log" | tail -1)" "event=apply_done source=event"

echo "-- SIGTERM"
kill -TERM "$gwpid"
wait "$gwpid"
expect_eq "exit status 0 on SIGTERM" "$?" 0
wait "$listener"
expect_match "STOPPING=1 sent" "$(cat "$VXT_TMP/notify.txt")" "STOPPING=1"
expect_eq "socket removed on exit" "$(ls "$VXT_TMP/gw/gwd.sock" 2>/dev/null)" ""
expect_eq "no sanitizer reports in gwd's log" "$(grep -cE 'Sanitizer|runtime error' "$VXT_TMP/gw/gwd.log")" 0
