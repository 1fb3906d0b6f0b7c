/* Writes seed inputs for the fuzz targets: realistic RTM_NEWLINK/RTM_NEWADDR
 * messages (encoded like the kernel's) and VNI/address/mark strings.
 * usage: gen_seeds NETLINK_DIR TEXT_DIR [CNI_DIR] */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../evpn/nl.h"
#include "../tests/unit/nlmsg_build.h"

static char buf[NL_BUFSZ] __attribute__((aligned(8)));

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return;
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: gen_seeds NETLINK_DIR TEXT_DIR [CNI_DIR]\n");
		return 2;
	}
	struct link_state vx = {.ifindex = 5, .mtu = 1450, .master = 4, .flags = 1,
				.has_vxlan = true, .has_brport = true, .addr_gen_mode = 1};
	strcpy(vx.name, "vx100");
	strcpy(vx.alias, "vxgw:vni=100:vxlan");
	strcpy(vx.kind, "vxlan");
	strcpy(vx.slave_kind, "bridge");
	vx.vxlan.vni = 100;
	vx.vxlan.port = 4789;
	ipaddr_parse_vtep("10.0.0.2", &vx.vxlan.local, NULL);
	vx.brport.neigh_suppress = true;
	struct nlmsghdr *m = nlmsg_build_link(buf, &vx, 1);
	put(argv[1], "vxlan4", m, m->nlmsg_len);
	ipaddr_parse_vtep("2001:db8::2", &vx.vxlan.local, NULL);
	m = nlmsg_build_link(buf, &vx, 1);
	put(argv[1], "vxlan6", m, m->nlmsg_len);
	struct link_state br = {.ifindex = 4, .mtu = 1450, .addr_gen_mode = 1};
	strcpy(br.name, "br100");
	strcpy(br.alias, "vxgw:vni=100:bridge");
	strcpy(br.kind, "bridge");
	m = nlmsg_build_link(buf, &br, 1);
	put(argv[1], "bridge", m, m->nlmsg_len);
	struct addr_entry a = {.ifindex = 2, .prefixlen = 24};
	ipaddr_parse_vtep("10.0.0.2", &a.addr, NULL);
	m = nlmsg_build_addr(buf, &a, 1);
	put(argv[1], "addr4", m, m->nlmsg_len);

	/* RTM_NEWNEIGH AF_BRIDGE as dumped by Linux 6.18 (br100 = 2, vx100 = 3): the bridge
	 * and VXLAN records of a remote MAC installed the way zebra does, a VXLAN record with
	 * port and VNI, an IPv6 flood-list entry; singly and as one dump. */
	static const uint8_t fdb_bridge[] = {
		0x4c, 0, 0, 0, 0x1c, 0, 0x02, 0, 0x01, 0, 0, 0, 0x55, 0x1a, 0, 0, 0x07, 0, 0, 0,
		0x03, 0, 0, 0, 0x02, 0, 0x10, 0, 0x0a, 0, 0x02, 0, 0x02, 0xbb, 0, 0, 0, 0x03, 0, 0,
		0x08, 0, 0x09, 0, 0x02, 0, 0, 0, 0x08, 0, 0x0f, 0, 0, 0, 0, 0, 0x14, 0, 0x03, 0,
		0, 0, 0, 0, 0x71, 0x02, 0, 0, 0x71, 0x02, 0, 0, 0, 0, 0, 0};
	static const uint8_t fdb_vxlan[] = {
		0x44, 0, 0, 0, 0x1c, 0, 0x02, 0, 0x01, 0, 0, 0, 0x55, 0x1a, 0, 0, 0x07, 0, 0, 0,
		0x03, 0, 0, 0, 0x02, 0, 0x12, 0x01, 0x0a, 0, 0x02, 0, 0x02, 0xbb, 0, 0, 0, 0x03, 0,
		0, 0x08, 0, 0x01, 0, 0x0a, 0, 0, 0x07, 0x14, 0, 0x03, 0, 0, 0, 0, 0, 0x71, 0x02, 0,
		0, 0x71, 0x02, 0, 0, 0, 0, 0, 0};
	static const uint8_t fdb_vxlan_port_vni[] = {
		0x54, 0, 0, 0, 0x1c, 0, 0x02, 0, 0x01, 0, 0, 0, 0x55, 0x1a, 0, 0, 0x07, 0, 0, 0,
		0x03, 0, 0, 0, 0xc0, 0, 0x02, 0x01, 0x0a, 0, 0x02, 0, 0x02, 0xbb, 0, 0, 0, 0x04, 0,
		0, 0x08, 0, 0x01, 0, 0x0a, 0, 0, 0x07, 0x06, 0, 0x06, 0, 0x21, 0x18, 0, 0, 0x08, 0,
		0x07, 0, 0x2c, 0x01, 0, 0, 0x14, 0, 0x03, 0, 0, 0, 0, 0, 0x70, 0x02, 0, 0, 0x70,
		0x02, 0, 0, 0, 0, 0, 0};
	static const uint8_t fdb_flood6[] = {
		0x50, 0, 0, 0, 0x1c, 0, 0x02, 0, 0x01, 0, 0, 0, 0x91, 0x2e, 0, 0, 0x07, 0, 0, 0,
		0x09, 0, 0, 0, 0xc0, 0, 0x02, 0x01, 0x0a, 0, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x14,
		0, 0x01, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09, 0x14, 0,
		0x03, 0, 0, 0, 0, 0, 0xde, 0x0b, 0, 0, 0x74, 0x42, 0, 0, 0, 0, 0, 0};
	put(argv[1], "fdb_bridge", fdb_bridge, sizeof(fdb_bridge));
	put(argv[1], "fdb_vxlan", fdb_vxlan, sizeof(fdb_vxlan));
	put(argv[1], "fdb_vxlan_port_vni", fdb_vxlan_port_vni, sizeof(fdb_vxlan_port_vni));
	put(argv[1], "fdb_flood6", fdb_flood6, sizeof(fdb_flood6));
	const struct {
		const uint8_t *p;
		size_t len;
	} dump[] = {{fdb_bridge, sizeof(fdb_bridge)},
		    {fdb_vxlan, sizeof(fdb_vxlan)},
		    {fdb_vxlan_port_vni, sizeof(fdb_vxlan_port_vni)},
		    {fdb_flood6, sizeof(fdb_flood6)}};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(dump) / sizeof(dump[0]); i++) {
		memcpy(buf + n, dump[i].p, dump[i].len);
		n += dump[i].len;
	}
	put(argv[1], "fdb_dump", buf, n);

	static const char *const text[] = {"100", "16777215", "0", "10.0.0.4", "2001:db8::1",
					   "fe80::1", "vxgw:vni=100:vxlan", "vxgw:vni=7:bridge",
					   "vx100", "br16777215"};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "t%zu", i);
		put(argv[2], name, text[i], strlen(text[i]));
	}
	static const char *const cni[] = {
		"\n{\"cniVersion\":\"1.1.0\",\"name\":\"lan\",\"type\":\"vxgw-cni\",\"vni\":100}",
		"IgnoreUnknown=1;MAC=02:00:00:00:00:01\n{\"cniVersion\":\"0.3.0\",\"name\":\"m\","
		"\"type\":\"megalos\",\"suffix\":\"a\",\"vxlanId\":10,\"master\":\"eth0\"}",
		"\n{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"vxgw-cni\",\"vni\":1,\"vtep\":{"
		"\"address\":\"10.0.0.2\"},\"port\":4789,\"mtu\":1400,\"ipam\":{\"type\":\"host-local\"},"
		"\"runtimeConfig\":{\"mac\":\"02:00:00:00:00:02\"},\"prevResult\":{\"cniVersion\":"
		"\"1.0.0\",\"interfaces\":[{\"name\":\"eth1\",\"sandbox\":\"/x\"}],\"ips\":[{"
		"\"address\":\"10.0.0.5/24\",\"gateway\":\"10.0.0.1\",\"interface\":0}],\"routes\":[{"
		"\"dst\":\"0.0.0.0/0\"}],\"dns\":{}},\"cni.dev/valid-attachments\":[{\"containerID\":"
		"\"c\",\"ifname\":\"e\"}]}"};
	if (argc > 3)
		for (size_t i = 0; i < sizeof(cni) / sizeof(cni[0]); i++) {
			char name[32];
			snprintf(name, sizeof(name), "c%zu", i);
			put(argv[3], name, cni[i], strlen(cni[i]));
		}
	return 0;
}
