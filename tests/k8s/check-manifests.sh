#!/bin/bash
# Parse-check config/k8s: every YAML document well-formed and of a known kind;
# workloads with matching selectors and images; NAD configs accepted by the built
# vxgw-cni (--check-config); FRR entrypoints that render with vxgw-evpn and pass sh -n.
# Prints "k8s: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}"
python3 - "$BUILD" <<'PY'
import glob, json, os, subprocess, sys, tempfile
try:
    import yaml
except ImportError:
    print("k8s: python3-yaml missing (make deps)"); print("k8s: 0 passed, 1 failed"); sys.exit(1)
build = sys.argv[1]
cni = os.path.join(build, "bin", "vxgw-cni")
ok = failed = 0
def check(cond, what):
    global ok, failed
    if cond: ok += 1; print("  ok   " + what)
    else: failed += 1; print("  FAIL " + what)
known = {"Namespace", "ConfigMap", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
         "DaemonSet", "Deployment", "Service", "NetworkAttachmentDefinition"}
files = sorted(glob.glob("config/k8s/*.yaml"))
check(len(files) >= 4, "manifest files present (%d)" % len(files))
kinds = {}
for f in files:
    try:
        docs = [d for d in yaml.safe_load_all(open(f)) if d is not None]
    except yaml.YAMLError as e:
        check(False, "%s parses: %s" % (f, e)); continue
    check(bool(docs), "%s parses (%d documents)" % (f, len(docs)))
    for d in docs:
        kind, name = d.get("kind"), (d.get("metadata") or {}).get("name")
        where = "%s %s/%s" % (f, kind, name)
        check(bool(d.get("apiVersion")) and kind in known and bool(name), where + ": apiVersion, known kind, name")
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind in ("DaemonSet", "Deployment"):
            spec = d.get("spec") or {}
            sel = (spec.get("selector") or {}).get("matchLabels") or {}
            tmpl = spec.get("template") or {}
            labels = (tmpl.get("metadata") or {}).get("labels") or {}
            check(bool(sel) and all(labels.get(k) == v for k, v in sel.items()), where + ": selector matches template labels")
            pod = tmpl.get("spec") or {}
            ctrs = (pod.get("containers") or []) + (pod.get("initContainers") or [])
            check(bool(ctrs) and all(c.get("image") and c.get("name") for c in ctrs), where + ": containers have name and image")
            check(pod.get("hostNetwork") is True, where + ": hostNetwork (FRR must see the node's devices)")
            for v in pod.get("volumes") or []:
                if "configMap" in v:
                    check(v["configMap"].get("name") in cm_names if "cm_names" in globals() else True, where + ": volume %s refers to a ConfigMap" % v["name"])
        if kind == "ConfigMap":
            globals().setdefault("cm_names", set()).add(name)
            script = (d.get("data") or {}).get("entrypoint.sh")
            if script:
                r = subprocess.run(["sh", "-n"], input=script, text=True, capture_output=True)
                check(r.returncode == 0, where + ": entrypoint.sh passes sh -n " + r.stderr.strip())
                role = "rr" if "--role rr" in script else "worker" if "--role worker" in script else None
                check(role is not None, where + ": entrypoint renders a vxgw-evpn role")
                data = d.get("data") or {}
                args = {"rr": ["--listen-range", data.get("listen-range", "")],
                        "worker": ["--rr", data.get("route-reflector", "")]}.get(role, [])
                r = subprocess.run([os.path.join(build, "bin", "vxgw-evpn"), "render", "--role", role or "x",
                                    "--asn", data.get("asn", ""), "--router-id", "10.0.0.7", "--hostname", "n1"] + args,
                                   capture_output=True, text=True)
                want = "route-reflector-client" if role == "rr" else "advertise-all-vni"
                check(r.returncode == 0 and want in r.stdout, where + ": its data renders a %s config (%s)" % (role, r.stderr.strip() or want))
        if kind == "NetworkAttachmentDefinition":
            cfg = (d.get("spec") or {}).get("config", "")
            try:
                c = json.loads(cfg)
            except ValueError as e:
                check(False, where + ": spec.config is JSON: %s" % e); continue
            check(c.get("type") == "vxgw-cni", where + ": type vxgw-cni")
            check(c.get("cniVersion") in ("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"), where + ": supported cniVersion")
            vni = c.get("vni", c.get("vxlanId"))
            check(("vni" in c) != ("vxlanId" in c) and isinstance(vni, int) and 1 <= vni <= 16777215, where + ": one VNI in range")
            if os.access(cni, os.X_OK):
                r = subprocess.run([cni, "--check-config"], input=cfg, capture_output=True, text=True)
                check(r.returncode == 0, where + ": vxgw-cni --check-config: " + (r.stdout.strip() or r.stderr.strip()))
            else:
                check(False, where + ": %s not built" % cni)
for k in ("Namespace", "DaemonSet", "Deployment", "Service", "NetworkAttachmentDefinition"):
    check(kinds.get(k, 0) > 0, "a %s is present" % k)
print("k8s: %d passed, %d failed" % (ok, failed))
sys.exit(1 if failed else 0)
PY
