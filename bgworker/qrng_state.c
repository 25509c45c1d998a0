/* qrng_state.c: see qrng_state.h */
#include "postgres.h"

#include "bgworker/qrng_state.h"

void
qtcl_qrng_state_init(QtclSourceState *sources)
{
	int			i;

	for (i = 0; i < QTCL_QRNG_SOURCES; i++)
	{
		memset(&sources[i], 0, sizeof(QtclSourceState));
		qtcl_breaker_init(&sources[i].breaker);
		qtcl_health_init(&sources[i].health);
	}
}
