package io.dotmac.reporting.advanced.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.dotmac.reporting.advanced} ({@code etc/io.dotmac.reporting.advanced.cfg}). */
@ObjectClassDefinition(name = "DotMac advanced reporting", description = "Scheduled reports")
public @interface AdvancedReportingConfig {

    String PID = "io.dotmac.reporting.advanced";

    @AttributeDefinition(description = "How often due schedules are looked for, in seconds")
    int scheduleTickSeconds() default 30;

    @AttributeDefinition(description = "The shortest time between two runs of a schedule that a cron may ask for, "
            + "in minutes")
    int minIntervalMinutes() default 60;

    @AttributeDefinition(description = "The most schedules a tenant may have")
    int maxSchedulesPerTenant() default 100;

    @AttributeDefinition(description = "The most recipients of one schedule")
    int maxRecipients() default 20;
}
