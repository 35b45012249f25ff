package io.dotmac.sla.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.dotmac.sla.cfg}. */
@ObjectClassDefinition(name = "DotMac SLA management")
public @interface SlaConfig {

    @AttributeDefinition(description = "How often (seconds) the schedule looks for a finished month to evaluate "
            + "for every tenant with agreements (recording its breaches, posting SLA_BREACHED, adding credits), and "
            + "retries credits automated_billing could not take before")
    int evaluateEverySeconds() default 3600;
}
