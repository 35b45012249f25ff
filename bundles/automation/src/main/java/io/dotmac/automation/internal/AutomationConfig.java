package io.dotmac.automation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.dotmac.automation} ({@code etc/io.dotmac.automation.cfg}). */
@ObjectClassDefinition(name = "DotMac advanced automation", description = "Rules and their runs")
public @interface AutomationConfig {

    String PID = "io.dotmac.automation";

    @AttributeDefinition(description = "Threads running rules' actions")
    int workerThreads() default 4;

    @AttributeDefinition(description = "How often the run queue and the cron rules are looked at, in milliseconds")
    int pollMillis() default 500;

    @AttributeDefinition(description = "Runs claimed at once")
    int batchSize() default 1000;

    @AttributeDefinition(description = "How long a claimed run is held before another worker may take it, in seconds")
    int leaseSeconds() default 120;

    @AttributeDefinition(description = "Attempts of a failing action before its run is FAILED")
    int maxAttempts() default 5;

    @AttributeDefinition(description = "Wait before the first retry, in seconds; it doubles with each attempt")
    int retryBaseSeconds() default 10;

    @AttributeDefinition(description = "The longest wait between two attempts, in seconds")
    int retryMaxSeconds() default 3600;

    @AttributeDefinition(description = "Runs a tenant may start per minute; beyond, runs are RATE_LIMITED")
    int maxRunsPerMinute() default 600;

    @AttributeDefinition(description = "The longest chain of rules triggering one another; beyond, LOOP_STOPPED")
    int maxChainDepth() default 5;

    @AttributeDefinition(description = "Rules a tenant may have")
    int maxRulesPerTenant() default 200;

    @AttributeDefinition(description = "How long a node keeps a tenant's rules in memory, in seconds (a change made on "
            + "this node applies at once)")
    int ruleCacheSeconds() default 30;

    @AttributeDefinition(description = "Days finished runs are kept in the log")
    int runRetentionDays() default 30;
}
