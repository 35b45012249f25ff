package io.dotmac.management.engine.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dotmac.management.IspRegistration;
import io.dotmac.management.Region;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.security.Secrets;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * The e-mail confirmation a DEDICATED deployment waits for: a link carrying a token (the job's id and the link's
 * expiry, sealed with AES-GCM: nobody can make or change one without the key), e-mailed to the primary contact
 * through email_notifications as the platform's own tenant (the region's {@code platformTenant}).
 */
final class Confirmations {

    static final String EMAIL_PLUGIN = "email_notifications";

    private final Secrets.Sealer sealer;
    private final TenantService tenants;
    private final TenantServices licences;

    Confirmations(Secrets.Sealer sealer, TenantService tenants, TenantServices licences) {
        this.sealer = sealer;
        this.tenants = tenants;
        this.licences = licences;
    }

    /** The platform's tenant of the region and its e-mail service; 503 when the e-mail cannot go out. */
    record Sender(TenantRef tenant, EmailNotifications mail) {
    }

    Sender sender(Region region) {
        String slug = region.settings().getOrDefault("platformTenant", "platform");
        Tenant t = tenants.find(slug).orElseThrow(() -> new UnavailableException("The platform cannot send the "
                + "confirmation e-mail: its own tenant '" + slug + "' does not exist (region " + region.name()
                + ", setting platformTenant)"));
        try {
            EmailNotifications mail = licences.service(t.ref(), EMAIL_PLUGIN, EmailNotifications.class)
                    .orElseThrow(() -> new UnavailableException("The platform cannot send the confirmation e-mail: "
                            + "email_notifications is not installed"));
            return new Sender(t.ref(), mail);
        } catch (UnavailableException e) {
            throw e;
        } catch (DotMacException e) {
            throw new UnavailableException("The platform cannot send the confirmation e-mail: " + e.getMessage());
        }
    }

    /** Queues the confirmation e-mail of job {@code jobId}, its link valid for {@code valid}. */
    void send(Sender sender, String jobId, IspRegistration r, String publicUrl, Duration valid, Instant now) {
        Instant expires = now.plus(valid);
        String token = sealer.seal(jobId + "|" + expires.getEpochSecond());
        String url = publicUrl.replaceAll("/$", "") + "/api/v1/isp/confirm?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        sender.mail().queue(sender.tenant(), EmailEvent.ISP_CONFIRM_EMAIL, List.of(r.business().primaryContact()
                .email()), Map.of("companyName", r.business().companyName().strip(), "contactName",
                        r.business().primaryContact().name().strip(), "confirmUrl", url, "expiresAt",
                        expires.toString()), List.of());
    }

    /** The job a token confirms; 422 on {@code token} when it is not one of ours or has expired. */
    String jobOf(String token, Instant now) {
        if (token == null || token.isBlank()) {
            throw new ValidationException("token", "is required: the token of the link in the confirmation e-mail");
        }
        String plain;
        try {
            plain = sealer.open(token);
        } catch (RuntimeException e) {
            throw new ValidationException("token", "is not a confirmation token of this platform");
        }
        String[] parts = plain.split("\\|");
        if (parts.length != 2 || !parts[1].matches("[0-9]{1,12}")) {
            throw new ValidationException("token", "is not a confirmation token of this platform");
        }
        if (now.getEpochSecond() > Long.parseLong(parts[1])) {
            throw new ValidationException("token", "has expired (" + Instant.ofEpochSecond(Long.parseLong(parts[1]))
                    + "): register again");
        }
        return parts[0];
    }
}
