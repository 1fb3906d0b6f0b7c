/* libFuzzer target: gwd's configuration parser (operator-written JSON). */
#include <stdint.h>
#include <stdlib.h>

#include "../gwd/gwd_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct gwd_config *c;
	struct gwd_config_errors e;
	int rc = gwd_config_parse((const char *)data, size, &c, &e);
	/* Exactly one of: a config, or at least one error. */
	if ((rc == 0) != (c != NULL) || (rc == 0) != (e.n == 0))
		abort();
	for (size_t i = 0; c && i < c->nsegments; i++)
		if (c->segments[i].vni == 0 || c->segments[i].vni > 16777215)
			abort();
	gwd_config_free(c);
	gwd_config_errors_free(&e);
	return 0;
}
