package io.dotmac.apiaccess.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.dotmac.api.access.cfg}. */
@ObjectClassDefinition(name = "DotMac API access", description = "Tenant API keys: rate limits by tier, lifetime")
public @interface ApiAccessConfig {

    String PID = "io.dotmac.api.access";

    @AttributeDefinition(description = "Requests per minute of one key of a BASIC tenant (the limited variant)")
    long limitedRequestsPerMinute() default 60;

    @AttributeDefinition(description = "Requests per minute of one key of a PREMIUM or ENTERPRISE tenant")
    long fullRequestsPerMinute() default 1200;

    @AttributeDefinition(description = "Keys a tenant may have that are not revoked")
    int keysPerTenant() default 50;

    @AttributeDefinition(description = "Longest lifetime of a key in days (expiresAt at most this far ahead)")
    int maxLifetimeDays() default 730;

    @AttributeDefinition(description = "Seconds between writes of the keys' usage counters to the database")
    int usageFlushSeconds() default 10;

    @AttributeDefinition(description = "Seconds a key read from the database is kept in memory (a revocation on "
            + "this node takes effect at once; on another node within this time)")
    int cacheSeconds() default 30;
}
