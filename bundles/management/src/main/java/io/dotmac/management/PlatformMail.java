package io.dotmac.management;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.notifications.email.EmailEvent;

/**
 * E-mail from the platform to an ISP's people (the address confirmation, the welcome), sent as the platform's own
 * tenant of the region (its setting {@code platformTenant}, default {@code platform}) through email_notifications,
 * with that tenant's SMTP settings and its template of the event. For providers' WELCOME steps.
 */
@ProviderType
public interface PlatformMail {

    /**
     * Queues one e-mail of {@code event} to {@code recipient}, rendered with {@code variables}.
     *
     * @throws io.dotmac.platform.api.UnavailableException when it cannot go out now: the platform's tenant does not
     *                                                     exist, or may not use email_notifications, or that is not
     *                                                     installed
     * @throws io.dotmac.platform.api.ValidationException  when email_notifications refuses the address
     */
    void send(Region region, EmailEvent event, String recipient, Map<String, String> variables);

    /**
     * Whether e-mail can go out for {@code region} now (to ask before keeping something that needs one).
     *
     * @throws io.dotmac.platform.api.UnavailableException when it cannot, saying why
     */
    void check(Region region);
}
