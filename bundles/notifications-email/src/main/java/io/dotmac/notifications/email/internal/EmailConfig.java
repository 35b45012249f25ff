package io.dotmac.notifications.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.dotmac.notifications.email.cfg}: instance defaults of the sender and SMTP, and the outbox sender. */
@ObjectClassDefinition(name = "DotMac e-mail notifications", description = "SMTP defaults and the outbox sender")
public @interface EmailConfig {

    String PID = "io.dotmac.notifications.email";

    @AttributeDefinition(description = "SMTP server host (a tenant's own setting wins)")
    String smtpHost() default "127.0.0.1";

    @AttributeDefinition(description = "SMTP server port")
    int smtpPort() default 25;

    @AttributeDefinition(description = "Require STARTTLS")
    boolean smtpStartTls() default false;

    @AttributeDefinition(description = "SMTP user (empty: no authentication)")
    String smtpUsername() default "";

    @AttributeDefinition(description = "SMTP password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String smtpPassword() default "";

    @AttributeDefinition(description = "Networks (comma-separated CIDRs, such as 10.20.0.0/16) a tenant's own SMTP "
            + "server may be in although internal: loopback, private, link-local and the other internal ranges "
            + "are refused otherwise. The instance's own server above is not checked")
    String allowedNetworks() default "";

    @AttributeDefinition(description = "Sender address when a tenant sets none")
    String fromAddress() default "noreply@localhost";

    @AttributeDefinition(description = "Sender name when a tenant sets none (empty: the tenant's name)")
    String fromName() default "";

    @AttributeDefinition(description = "Connect, read and write timeout of SMTP, in milliseconds")
    int smtpTimeoutMillis() default 10000;

    @AttributeDefinition(description = "Attempts before a message is FAILED")
    int maxAttempts() default 8;

    @AttributeDefinition(description = "Seconds before the first retry; doubled after each failed attempt")
    int retryBaseSeconds() default 30;

    @AttributeDefinition(description = "Longest wait between two attempts, in seconds")
    int retryMaxSeconds() default 3600;

    @AttributeDefinition(description = "Milliseconds between two looks at the outbox when it was empty")
    int pollMillis() default 1000;

    @AttributeDefinition(description = "Senders working at once (on PostgreSQL; H2 has one)")
    int senderThreads() default 2;

    @AttributeDefinition(description = "Messages claimed at once")
    int batchSize() default 50;

    @AttributeDefinition(description = "Seconds a claimed message stays with its sender before another may take it")
    int leaseSeconds() default 300;

    @AttributeDefinition(description = "Longest a template may take to render (subject or body, preview or "
            + "message), in milliseconds: a longer render is stopped and the template or message refused")
    int templateRenderMillis() default 2000;

    @AttributeDefinition(description = "Most characters a template may render to (subject or body)")
    int templateMaxOutputChars() default 1000000;

    @AttributeDefinition(description = "Messages of one tenant in one claimed batch at most (the others' turn "
            + "comes in the same batch)")
    int perTenantBatch() default 10;

    @AttributeDefinition(description = "The AES key encrypting tenants' SMTP passwords, under etc/ (created when "
            + "missing, owner-only)")
    String keyFile() default "dotmac-email.key";
}
