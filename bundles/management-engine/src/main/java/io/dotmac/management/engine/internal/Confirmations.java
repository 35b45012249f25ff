package io.dotmac.management.engine.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.dotmac.management.IspRegistration;
import io.dotmac.management.PlatformMail;
import io.dotmac.management.Region;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.security.Secrets;

/**
 * The e-mail confirmation a DEDICATED deployment waits for: a link carrying a token (the job's id and the link's
 * expiry, sealed with AES-GCM: nobody can make or change one without the key), e-mailed to the primary contact
 * as the platform ({@link PlatformMail}).
 */
final class Confirmations {

    private final Secrets.Sealer sealer;
    private final PlatformMail mail;

    Confirmations(Secrets.Sealer sealer, PlatformMail mail) {
        this.sealer = sealer;
        this.mail = mail;
    }

    /** Checks that the confirmation e-mail can go out for {@code region} (503 otherwise), before anything is kept. */
    void checkSender(Region region) {
        mail.check(region);
    }

    /** Queues the confirmation e-mail of job {@code jobId}, its link valid for {@code valid}. */
    void send(Region region, String jobId, IspRegistration r, String publicUrl, Duration valid, Instant now) {
        Instant expires = now.plus(valid);
        String token = sealer.seal(jobId + "|" + expires.getEpochSecond());
        String url = publicUrl.replaceAll("/$", "") + "/api/v1/isp/confirm?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        mail.send(region, EmailEvent.ISP_CONFIRM_EMAIL, r.business().primaryContact().email(), Map.of(
                "companyName", r.business().companyName().strip(), "contactName",
                r.business().primaryContact().name().strip(), "confirmUrl", url, "expiresAt", expires.toString()));
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
