package io.dotmac.radius.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of radius_aaa (PID {@value #PID}). */
@ObjectClassDefinition(name = "DotMac RADIUS AAA")
public @interface RadiusConfig {

    String PID = "io.dotmac.radius";

    @AttributeDefinition(description = "Milliseconds to wait for a NAS's answer to a Disconnect or CoA request before "
            + "sending it again.")
    int requestTimeoutMillis() default 1000;

    @AttributeDefinition(description = "How many times a Disconnect or CoA request is sent before it counts as "
            + "TIMEOUT.")
    int requestAttempts() default 3;

    @AttributeDefinition(description = "Threads sending Disconnect and CoA requests (a NAS that does not answer holds "
            + "one for requestTimeoutMillis x requestAttempts).")
    int senderThreads() default 4;
}
