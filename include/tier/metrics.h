/*
 * metrics.h — request counters and latency histograms in Prometheus text
 * format. Lock-free: every counter is an atomic; any thread may record.
 */
#ifndef TIER_METRICS_H
#define TIER_METRICS_H

#include "tier/buf.h"

#include <stdint.h>

#define METRICS_MAX_ROUTES 64

/* Set up labels: route names in table order (index = route id). Call once
 * before serving; names are borrowed. */
void metrics_init(const char *const *route_names, int n);

/* Count one request: route id (-1 = no route matched), status, duration. */
void metrics_record(int route, unsigned int status, int64_t micros);

/* Append the whole exposition text to out. 0 or -1 (out over its cap). */
int metrics_render(struct buf *out);

#endif
