package io.dotmac.management.engine.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.management.PlatformMail;
import io.dotmac.management.Region;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/** {@link PlatformMail}: the region's platform tenant and its email_notifications, through licensing layer 2. */
@Component(service = PlatformMail.class)
public class PlatformMailService implements PlatformMail {

    static final String EMAIL_PLUGIN = "email_notifications";

    private final TenantService tenants;
    private final TenantServices licences;

    @Activate
    public PlatformMailService(@Reference TenantService tenants, @Reference TenantServices licences) {
        this.tenants = tenants;
        this.licences = licences;
    }

    @Override
    public void send(Region region, EmailEvent event, String recipient, Map<String, String> variables) {
        Sender sender = sender(region);
        sender.mail().queue(sender.tenant().ref(), event, List.of(recipient), variables, List.of());
    }

    @Override
    public void check(Region region) {
        sender(region);
    }

    /** The region's platform tenant and its e-mail service; 503 when e-mail cannot go out through it. */
    private Sender sender(Region region) {
        String slug = region.settings().getOrDefault("platformTenant", "platform");
        Tenant t = tenants.find(slug).orElseThrow(() -> new UnavailableException("the platform's own tenant '" + slug
                + "' (region " + region.name() + ", setting platformTenant) does not exist: e-mail cannot go out"));
        try {
            EmailNotifications mail = licences.service(t.ref(), EMAIL_PLUGIN, EmailNotifications.class)
                    .orElseThrow(() -> new UnavailableException("email_notifications is not installed: e-mail "
                            + "cannot go out"));
            return new Sender(t, mail);
        } catch (UnavailableException | ValidationException e) {
            throw e;
        } catch (DotMacException e) {
            throw new UnavailableException("the platform's own tenant '" + slug + "' cannot send e-mail: "
                    + e.getMessage());
        }
    }

    /** Who sends. */
    record Sender(Tenant tenant, EmailNotifications mail) {
    }
}
