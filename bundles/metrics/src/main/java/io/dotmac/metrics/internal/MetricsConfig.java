package io.dotmac.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.dotmac.metrics.cfg}. */
@ObjectClassDefinition(name = "DotMac metrics", description = "GET /metrics (Prometheus text format)")
public @interface MetricsConfig {

    String PID = "io.dotmac.metrics";
    String DEFAULT_BUCKETS = "0.005,0.01,0.025,0.05,0.1,0.25,0.5,1,2.5,5,10";

    @AttributeDefinition(description = "Networks (CIDR, comma-separated) whose clients may read /metrics; every other "
            + "client gets 403. The address is the TCP peer's (a proxy in front must be on a listed network)")
    String allowedNetworks() default "127.0.0.0/8,::1/128";

    @AttributeDefinition(description = "Slugs of tenants (comma-separated) whose series carry their own tenant "
            + "label; every other tenant is counted only in its tier's series")
    String tenants() default "";

    @AttributeDefinition(description = "Upper bounds (seconds, comma-separated) of the latency histograms' buckets")
    String buckets() default DEFAULT_BUCKETS;
}
