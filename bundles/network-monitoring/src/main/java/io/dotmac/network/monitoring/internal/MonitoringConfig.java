package io.dotmac.network.monitoring.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.dotmac.network.monitoring} ({@code etc/io.dotmac.network.monitoring.cfg}). */
@ObjectClassDefinition(name = "DotMac network monitoring")
public @interface MonitoringConfig {

    @AttributeDefinition(description = "Poll interval of a device that names none, in seconds")
    int defaultPollIntervalSeconds() default 60;

    @AttributeDefinition(description = "The shortest poll interval a device may have, in seconds")
    int minPollIntervalSeconds() default 10;

    @AttributeDefinition(description = "Timeout of one SNMP request of a device that names none, in milliseconds")
    int defaultTimeoutMillis() default 2000;

    @AttributeDefinition(description = "Retries of a device that names none")
    int defaultRetries() default 1;

    @AttributeDefinition(description = "Failed polls in a row before a device is DOWN (and polls seeing an "
            + "interface not up before it is DOWN)")
    int downAfterPolls() default 3;

    @AttributeDefinition(description = "Raw samples are kept this many hours, then downsampled")
    int rawRetentionHours() default 48;

    @AttributeDefinition(description = "Width of a downsampled point, in seconds")
    int rollupStepSeconds() default 300;

    @AttributeDefinition(description = "Downsampled points are kept this many days")
    int rollupRetentionDays() default 400;

    @AttributeDefinition(description = "How often old samples are downsampled and purged, in seconds")
    int retentionCheckSeconds() default 600;

    @AttributeDefinition(description = "Timeout of one discovery probe, in milliseconds")
    int discoveryTimeoutMillis() default 1000;

    @AttributeDefinition(description = "Poll results waiting to be stored beyond which no new poll starts")
    int maxPendingWrites() default 2000;

    @AttributeDefinition(description = "Key file under etc/ sealing SNMP credentials (AES-256-GCM)")
    String keyFile() default "dotmac-network.key";

    @AttributeDefinition(description = "Several nodes on one database: the devices are split into this many parts, "
            + "each polled by the node holding it")
    int pollingParts() default 64;

    @AttributeDefinition(description = "Several nodes: how long a node holds its parts of the devices (renewed every "
            + "third of it); a stopped node's parts are taken by the others once it runs out, in seconds")
    int pollingLeaseSeconds() default 30;
}
