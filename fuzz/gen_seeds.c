/* Writes seed inputs for the fuzz targets: realistic RTM_NEWLINK/RTM_NEWADDR
 * messages (encoded like the kernel's) and VNI/address/mark strings.
 * usage: gen_seeds NETLINK_DIR TEXT_DIR [CNI_DIR] */
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
