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
}
