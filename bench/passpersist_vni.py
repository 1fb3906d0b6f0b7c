#!/usr/bin/python3
"""make bench-snmp's baseline: vxgwVniTable served through snmpd's pass_persist, the way
many appliances add a MIB, as well as such a script can do it (the answers are
precomputed, GETNEXT is one bisect over the sorted instance OIDs; no per-request
parsing beyond the requested OID).

  pass_persist OID /usr/bin/python3 passpersist_vni.py OID VNIS.json LINKS.json

OID is the registered root (the bench uses .1.3.6.1.4.1.32473.99); the table is served
at OID.2 with the layout of VXGW-MIB's vxgwVniTable (OID.2.1.<column>.<vni>, columns
2..13, same SNMP types). Data: VNIS.json is `gwctl --json show vnis`, LINKS.json is
`ip -s -j link show` of the same node (ifindex and counters of each vx<VNI>), both read
once at start. Static data: unlike gwd, the script does not re-read the node.
"""
import bisect
import json
import sys

OPER = {"up": 1, "down": 2, "missing": 3}


def oid_tuple(text):
    return tuple(int(x) for x in text.strip().strip(".").split(".") if x != "")


def load(root, vnis_file, links_file):
    with open(vnis_file) as f:
        vnis = json.load(f)["vnis"]
    with open(links_file) as f:
        links = {link["ifname"]: link for link in json.load(f)}
    rows = []
    for v in vnis:
        vx = links.get(v["vxlan"] or "vx%d" % v["vni"], {})
        st = vx.get("stats64", {})
        rx, tx = st.get("rx", {}), st.get("tx", {})
        rows.append((v["vni"], [
            (2, "string", v["name"]),
            (3, "integer", v["bridge_ifindex"]),
            (4, "integer", vx.get("ifindex", 0)),
            (5, "integer", OPER[v["state"]]),
            (6, "gauge", v["local_macs"]),
            (7, "gauge", v["remote_macs"]),
            (8, "gauge", len(v["remote_vteps"])),
            (9, "counter64", rx.get("packets", 0)),
            (10, "counter64", rx.get("bytes", 0)),
            (11, "counter64", tx.get("packets", 0)),
            (12, "counter64", tx.get("bytes", 0)),
            (13, "timeticks", 0),
        ]))
    entry = root + (2, 1)
    inst = []
    for vni, cols in rows:
        for col, typ, val in cols:
            name = entry + (col, vni)
            inst.append((name, ("." + ".".join(map(str, name)) + "\n%s\n%s\n" % (typ, val)).encode()))
    inst.sort(key=lambda x: x[0])  # tuple order is OID order (a prefix sorts first)
    return [k for k, _ in inst], [a for _, a in inst]


def main():
    root = oid_tuple(sys.argv[1])
    keys, answers = load(root, sys.argv[2], sys.argv[3])
    rd, wr = sys.stdin.buffer, sys.stdout.buffer
    none = b"NONE\n"
    while True:
        cmd = rd.readline()
        if not cmd:
            return
        cmd = cmd.strip()
        if cmd == b"PING":
            wr.write(b"PONG\n")
        elif cmd in (b"get", b"getnext"):
            try:
                name = oid_tuple(rd.readline().decode())
            except ValueError:
                name = None
            out = none
            if name is not None:
                if cmd == b"get":
                    i = bisect.bisect_left(keys, name)
                    if i < len(keys) and keys[i] == name:
                        out = answers[i]
                else:
                    i = bisect.bisect_right(keys, name)
                    if i < len(keys):
                        out = answers[i]
            wr.write(out)
        elif cmd == b"set":
            rd.readline()
            rd.readline()
            wr.write(b"not-writable\n")
        else:
            wr.write(none)
        wr.flush()


if __name__ == "__main__":
    main()
