package io.dotmac.management.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.dotmac.management.cfg}. Region settings are keys {@code region.<name>.<setting>}. */
@ObjectClassDefinition(name = "DotMac management platform", description = "Regions, registration limits, job retries.")
public @interface ManagementConfig {

    @AttributeDefinition(description = "The regions ISPs may choose, by name (a-z, 0-9, -), separated by commas. Each "
            + "has region.<name>.provider (the name an InstanceProvider registers under: shared, karaf-instance, aws, "
            + "...; 'local' defaults to shared), region.<name>.description and the provider's own settings.")
    String regions() default "local";

    @AttributeDefinition(description = "The management platform's public URL: the confirmation e-mail's link goes "
            + "to <publicUrl>/api/v1/isp/confirm.")
    String publicUrl() default "http://127.0.0.1:8181";

    @AttributeDefinition(description = "How long a confirmation link works (hours).")
    int confirmationHours() default 48;

    @AttributeDefinition(description = "Registrations one client address may make per hour.")
    int registrationsPerHour() default 10;

    @AttributeDefinition(description = "How often a step that failed for now is tried before its job is compensated.")
    int maxAttempts() default 5;

    @AttributeDefinition(description = "The wait before a step's second attempt (ms); it doubles each time, up to a "
            + "minute.")
    long retryBaseMillis() default 1000;

    @AttributeDefinition(description = "Jobs run at once.")
    int jobThreads() default 2;

    @AttributeDefinition(description = "The platform's own tenant: it bills the ISPs (each is its customer, subscribed "
            + "to its tier's plan and its marketplace add-ons) and sends the platform's e-mails unless a region names "
            + "another (region.<name>.platformTenant).")
    String platformTenant() default "platform";

    @AttributeDefinition(description = "Discount of an annual subscription on twelve months of its tier's price (%).")
    String annualDiscountPercent() default "15";

    @AttributeDefinition(description = "How often the ISPs' subscriptions are brought in line with the ISPs (seconds); "
            + "they also are when a deployment becomes ready or is decommissioned and when a shared ISP's tier "
            + "changes.")
    int accountsSyncSeconds() default 300;

    @AttributeDefinition(description = "How often this node adds what its tenants did (API calls, polls, e-mails, "
            + "webhooks) to the hourly usage rows (seconds).")
    int usageFlushSeconds() default 60;

    @AttributeDefinition(description = "Demos one client address may ask for per hour (POST /api/v1/demos).")
    int demosPerHour() default 5;

    @AttributeDefinition(description = "How often the demos' lifecycle pass runs (minutes): the day-5 reminders and "
            + "the expired demos' destruction.")
    int demoCheckMinutes() default 60;

    @AttributeDefinition(description = "The region whose platform tenant sends the demos' e-mails.")
    String demoRegion() default "local";

    @AttributeDefinition(description = "The address the demos' simulated SNMP agents listen on (their devices').")
    String demoSnmpAddress() default "127.0.0.1";

    @AttributeDefinition(description = "The UDP ports the demos' simulated SNMP agents may take, <first>-<last>: "
            + "a block of consecutive ports per demo, one per device.")
    String demoSnmpPorts() default "17100-17999";
}
