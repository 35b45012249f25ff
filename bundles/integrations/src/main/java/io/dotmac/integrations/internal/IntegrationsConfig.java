package io.dotmac.integrations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.dotmac.integrations} ({@code etc/io.dotmac.integrations.cfg}). */
@ObjectClassDefinition(name = "DotMac custom integrations", description = "Webhooks")
public @interface IntegrationsConfig {

    String PID = "io.dotmac.integrations";

    @AttributeDefinition(description = "Networks webhooks may reach although they are loopback, private or "
            + "link-local, as comma-separated CIDRs (such as 10.20.0.0/16); empty: none")
    String allowedNetworks() default "";

    @AttributeDefinition(description = "Threads sending deliveries")
    int senderThreads() default 4;

    @AttributeDefinition(description = "How often the queue is looked at, in milliseconds")
    int pollMillis() default 500;

    @AttributeDefinition(description = "Deliveries claimed at once")
    int batchSize() default 100;

    @AttributeDefinition(description = "How long a claimed delivery is held before another sender may take it, "
            + "in seconds")
    int leaseSeconds() default 120;

    @AttributeDefinition(description = "Attempts before a delivery is FAILED")
    int maxAttempts() default 10;

    @AttributeDefinition(description = "Wait before the first retry, in seconds; it doubles with each attempt")
    int retryBaseSeconds() default 10;

    @AttributeDefinition(description = "The longest wait between two attempts, in seconds")
    int retryMaxSeconds() default 3600;

    @AttributeDefinition(description = "Connect timeout, in milliseconds")
    int connectTimeoutMillis() default 5000;

    @AttributeDefinition(description = "Timeout of a whole request, answer included, in milliseconds")
    int requestTimeoutMillis() default 10000;

    @AttributeDefinition(description = "The most bytes of an answer that are read")
    int maxResponseBytes() default 65536;

    @AttributeDefinition(description = "Redirects (307 and 308 only, each checked like the URL) followed")
    int maxRedirects() default 3;

    @AttributeDefinition(description = "The AES key file of the webhooks' secrets under etc/")
    String keyFile() default "dotmac-integrations.key";
}
