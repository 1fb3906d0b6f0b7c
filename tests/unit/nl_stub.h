/* Test support: a fake kernel behind nl_transact (evpn/nl.h), the library's only
 * kernel boundary. It keeps a link table and applies the rtnetlink requests the
 * library sends with the kernel's observable semantics (create/EEXIST, ENODEV,
 * master/port flags, delete releasing ports), counts them, and can fail the
 * N-th modifying request to exercise rollback. */
#ifndef VXGW_TEST_NL_STUB_H
#define VXGW_TEST_NL_STUB_H

#include "../../evpn/nl.h"
#include "../../evpn/rtnl_addr.h"
#include "../../evpn/rtnl_link.h"

#define FAKE_MAX_LINKS 64
#define FAKE_MAX_ADDRS 8

struct fake_kernel {
	struct link_state link[FAKE_MAX_LINKS];
	int nlinks;
	int next_ifindex;
	struct addr_entry addr[FAKE_MAX_ADDRS];
	int naddrs;
	int requests;      /* every nl_transact call */
	int modifications; /* NEWLINK/DELLINK requests that reached the table */
	int fail_mod;      /* fail the N-th modifying request (1-based), 0 = never */
	int fail_errno;
	int dump_intr;     /* report the next N dumps as interrupted */
	bool no_vlan;      /* behave like a kernel without 8021q */
};

extern struct fake_kernel fake;

void fake_reset(void);
/* Add a link; fills ifindex and sensible defaults (mtu 1500, addr_gen_mode -1). */
int fake_add(struct link_state l);
struct link_state *fake_find(const char *name);
struct link_state *fake_by_index(int ifindex);
void fake_add_addr(int ifindex, const char *addr, unsigned prefixlen);
/* A stand-in connection pointer; the fake ignores it. */
struct nl_conn *fake_conn(void);

#endif
