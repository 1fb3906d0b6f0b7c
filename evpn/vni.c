#include "vni.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const role_prefix[] = {[VNI_ROLE_VXLAN] = "vx", [VNI_ROLE_BRIDGE] = "br"};
static const char *const role_name[] = {[VNI_ROLE_VXLAN] = "vxlan", [VNI_ROLE_BRIDGE] = "bridge"};

bool vni_valid(uint32_t vni)
{
	return vni >= VNI_MIN && vni <= VNI_MAX;
}

int vni_check(uint32_t vni, struct vxerr *err)
{
	if (vni == 0)
		return vxerr_set(err, EINVAL, "VNI 0 is reserved (valid range %u-%u)", VNI_MIN, VNI_MAX);
	if (vni > VNI_MAX)
		return vxerr_set(err, EINVAL, "VNI %u exceeds 24 bits (valid range %u-%u)", vni,
				 VNI_MIN, VNI_MAX);
	return 0;
}

/* Strict decimal: digits only, no sign, no leading zero, at most 8 digits. Anything
 * looser (strtoul accepts " +0x10") would let typos through as a different VNI. */
static bool parse_decimal_u32(const char *s, size_t max_digits, uint32_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > max_digits || (n > 1 && s[0] == '0'))
		return false;
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

int vni_parse(const char *s, uint32_t *vni, struct vxerr *err)
{
	uint32_t v;
	if (!s)
		return vxerr_set(err, EINVAL, "VNI missing");
	if (!parse_decimal_u32(s, 8, &v))
		return vxerr_set(err, EINVAL,
				 "VNI '%.32s' is not a decimal number in range %u-%u", s, VNI_MIN,
				 VNI_MAX);
	int rc = vni_check(v, err);
	if (rc)
		return rc;
	*vni = v;
	return 0;
}

int vni_ifname(uint32_t vni, enum vni_role role, char buf[IFNAMSIZ], struct vxerr *err)
{
	int rc = vni_check(vni, err);
	if (rc)
		return rc;
	snprintf(buf, IFNAMSIZ, "%s%u", role_prefix[role], vni);
	return 0;
}

bool vni_from_ifname(const char *name, uint32_t *vni, enum vni_role *role)
{
	for (int r = VNI_ROLE_VXLAN; r <= VNI_ROLE_BRIDGE; r++) {
		size_t plen = strlen(role_prefix[r]);
		uint32_t v;
		if (strncmp(name, role_prefix[r], plen) == 0 &&
		    parse_decimal_u32(name + plen, 8, &v) && vni_valid(v)) {
			*vni = v;
			*role = (enum vni_role)r;
			return true;
		}
	}
	return false;
}

void vni_alias(uint32_t vni, enum vni_role role, char buf[VNI_ALIAS_MAX])
{
	snprintf(buf, VNI_ALIAS_MAX, "vxgw:vni=%u:%s", vni, role_name[role]);
}

bool vni_alias_parse(const char *alias, uint32_t *vni, enum vni_role *role)
{
	static const char head[] = "vxgw:vni=";
	if (!alias || strncmp(alias, head, sizeof(head) - 1) != 0)
		return false;
	const char *p = alias + sizeof(head) - 1;
	const char *colon = strchr(p, ':');
	if (!colon || colon - p > 8)
		return false;
	char digits[9];
	memcpy(digits, p, (size_t)(colon - p));
	digits[colon - p] = '\0';
	uint32_t v;
	if (!parse_decimal_u32(digits, 8, &v) || !vni_valid(v))
		return false;
	for (int r = VNI_ROLE_VXLAN; r <= VNI_ROLE_BRIDGE; r++) {
		if (strcmp(colon + 1, role_name[r]) == 0) {
			*vni = v;
			*role = (enum vni_role)r;
			return true;
		}
	}
	return false;
}

const char *vni_role_name(enum vni_role role)
{
	return role_name[role];
}
