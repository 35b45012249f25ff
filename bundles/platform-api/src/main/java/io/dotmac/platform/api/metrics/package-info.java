/**
 * Metrics a bundle records for the platform's {@code /metrics} endpoint (Prometheus text format): counters, timers
 * and gauges read at scrape time, through the {@link io.dotmac.platform.api.metrics.Metrics} service. Series of a
 * tenant are labelled by its tier, and by the tenant itself only when the operator allow-lists it, so the number of
 * series does not grow with the number of tenants.
 */
@Version("1.0.0")
@Export
package io.dotmac.platform.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
