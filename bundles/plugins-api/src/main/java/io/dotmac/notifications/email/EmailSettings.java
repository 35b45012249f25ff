package io.dotmac.notifications.email;

/**
 * A tenant's sender and SMTP settings; a field left {@code null} takes the instance default from
 * {@code etc/io.dotmac.notifications.email.cfg}. The SMTP password is write-only: stored encrypted (AES-GCM) and
 * never returned; {@code smtpPasswordSet} says whether the tenant has one.
 */
public record EmailSettings(String fromName, String fromAddress, String smtpHost, Integer smtpPort,
        String smtpUsername, String smtpPassword, Boolean smtpStartTls, Boolean smtpPasswordSet) {
}
