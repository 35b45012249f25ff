package io.dotmac.notifications.email;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's e-mail notifications: the outbox, the templates, the sender settings. Every call is scoped. */
@ProviderType
public interface EmailNotifications {

    /** Outbox messages in id order, optionally of one status ({@code PENDING}, ...) and one event. */
    Page<EmailMessage> messages(TenantRef tenant, String status, EmailEvent event, int limit, String cursor);

    List<EmailTemplate> templates(TenantRef tenant);

    EmailTemplate template(TenantRef tenant, EmailEvent event);

    /**
     * Sets the tenant's template of {@code event}.
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code subject} or {@code body} with the line and
     *                                                    column of the error
     */
    EmailTemplate putTemplate(TenantRef tenant, EmailEvent event, EmailTemplate.Input input);

    /** Goes back to the default template. */
    EmailTemplate resetTemplate(TenantRef tenant, EmailEvent event);

    /** Renders {@code input} (or, when null, the tenant's template) with sample data. */
    EmailTemplate.Preview preview(TenantRef tenant, EmailEvent event, EmailTemplate.Input input);

    EmailSettings settings(TenantRef tenant);

    /** @throws io.dotmac.platform.api.ValidationException naming every invalid field */
    EmailSettings updateSettings(TenantRef tenant, EmailSettings changes);

    /**
     * Queues one e-mail of {@code event} to each of {@code recipients} (not to a customer), rendered with the
     * tenant's template of the event and {@code variables} (with {@code tenantName} added), carrying
     * {@code attachments}. It joins the caller's transaction; the outbox sends it as it sends everything else.
     *
     * @return the outbox ids, one per recipient
     * @throws io.dotmac.platform.api.ValidationException  naming {@code recipients[i]} for an invalid address, or
     *                                                     {@code attachments} when they are too large
     * @throws io.dotmac.platform.api.PluginNotLicensedException when the tenant may not use email_notifications
     * @throws io.dotmac.platform.api.PluginDisabledException    when the tenant switched it off
     */
    List<String> queue(TenantRef tenant, EmailEvent event, List<String> recipients, Map<String, String> variables,
            List<EmailAttachment> attachments);
}
