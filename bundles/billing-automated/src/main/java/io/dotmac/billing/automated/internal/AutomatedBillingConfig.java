package io.dotmac.billing.automated.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.dotmac.billing.automated.cfg}: defaults of new tenants and how runs are carried out. */
@ObjectClassDefinition(name = "DotMac automated billing", description = "Billing runs, their schedule and dunning")
public @interface AutomatedBillingConfig {

    String PID = "io.dotmac.billing.automated";

    @AttributeDefinition(description = "Whether a new tenant's daily billing run happens (otherwise runs start only "
            + "by hand until the tenant turns it on)")
    boolean defaultScheduled() default true;

    @AttributeDefinition(description = "Local time (HH:mm) of a new tenant's daily billing run")
    String defaultRunTime() default "02:00";

    @AttributeDefinition(description = "Time zone (IANA id) of a new tenant's daily billing run")
    String defaultTimeZone() default "UTC";

    @AttributeDefinition(description = "A new tenant's dunning steps: days after the due date and action "
            + "(REMIND or SUSPEND), comma-separated, e.g. 3:REMIND,10:REMIND,21:SUSPEND; empty for none")
    String defaultDunning() default "3:REMIND,10:REMIND,21:SUSPEND";

    @AttributeDefinition(description = "Subscriptions billed per transaction")
    int chunkSize() default 500;

    @AttributeDefinition(description = "Runs carried out at once (of different tenants)")
    int runnerThreads() default 2;

    @AttributeDefinition(description = "Seconds a node holds a billing run it carries out before another node may "
            + "take it on (renewed before each chunk); every node looks for runs to take every third of it")
    int runLeaseSeconds() default 60;

    @AttributeDefinition(description = "Seconds between two looks at the tenants' schedules")
    int schedulerTickSeconds() default 60;
}
