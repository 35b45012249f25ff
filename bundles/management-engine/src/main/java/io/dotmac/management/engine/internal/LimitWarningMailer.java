package io.dotmac.management.engine.internal;

import java.util.List;
import java.util.Map;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.management.PlatformMail;
import io.dotmac.management.Region;
import io.dotmac.management.Registrations;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.persistence.DomainEvents;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.LimitService;
import io.dotmac.platform.api.Tier;

/**
 * A tenant that reached 80 % or 100 % of a tier limit ({@link LimitService#LIMIT_WARNING}): when it is a registered
 * ISP, its primary contact gets the {@code isp_limit_warning} e-mail from the region's platform tenant, naming the
 * tier that allows more. A tenant an operator made directly has no contact here: the event is only logged.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + LimitService.LIMIT_WARNING)
public class LimitWarningMailer implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LimitWarningMailer.class);

    private final JpaTemplate jpa;
    private final PlatformMail mail;
    private final Registrations registrations;

    @Activate
    public LimitWarningMailer(
            @Reference(target = "(&(osgi.unit.name=dotmac-management)(transaction.type=RESOURCE_LOCAL))")
            JpaTemplate jpa, @Reference PlatformMail mail, @Reference Registrations registrations) {
        this.jpa = jpa;
        this.mail = mail;
        this.registrations = registrations;
    }

    @Override
    public void handleEvent(Event event) {
        String slug = String.valueOf(event.getProperty(DomainEvents.TENANT_SLUG));
        String tier = String.valueOf(event.getProperty(LimitService.TIER));
        LOG.info("Tenant {} ({}) has {} of {} {} ({} %)", slug, tier, event.getProperty(LimitService.USED),
                event.getProperty(LimitService.MAXIMUM), event.getProperty(LimitService.LIMIT),
                event.getProperty(LimitService.PERCENT));
        Object[] isp = jpa.txExpr(em -> {
            List<?> rows = em.createNativeQuery("SELECT r.company_name, r.contact_email, r.region, r.details FROM "
                    + "dotmac_mg_registration r JOIN dotmac_mg_job j ON j.registration_id = r.id JOIN dotmac_mg_resource "
                    + "res ON res.job_id = j.id AND res.name = 'tenant' WHERE res.content = ?1 AND j.status = 'READY'")
                    .setParameter(1, slug).setMaxResults(1).getResultList();
            return rows.isEmpty() ? null : (Object[]) rows.get(0);
        });
        if (isp == null) {
            return; // not a registered ISP of this platform
        }
        Region region = registrations.regions().stream().filter(r -> r.name().equals(isp[2])).findFirst()
                .orElse(null);
        if (region == null) {
            LOG.warn("No limit warning e-mail to {}: its region {} is no longer configured", isp[1], isp[2]);
            return;
        }
        String upgrade = "";
        try {
            Tier t = Tier.valueOf(tier);
            upgrade = t.ordinal() + 1 < Tier.values().length ? Tier.values()[t.ordinal() + 1].name() : "";
        } catch (IllegalArgumentException e) {
            // an unknown tier: no suggestion
        }
        try {
            mail.send(region, EmailEvent.ISP_LIMIT_WARNING, (String) isp[1], Map.of("companyName", (String) isp[0],
                    "contactName", contactName((String) isp[3]), "tenant", slug, "tier", tier,
                    "limit", String.valueOf(event.getProperty(LimitService.LIMIT)),
                    "used", String.valueOf(event.getProperty(LimitService.USED)),
                    "maximum", String.valueOf(event.getProperty(LimitService.MAXIMUM)),
                    "percent", String.valueOf(event.getProperty(LimitService.PERCENT)), "upgradeTier", upgrade));
        } catch (DotMacException e) {
            LOG.warn("No limit warning e-mail to {} of tenant {}: {}", isp[1], slug, e.getMessage());
        }
    }

    private static String contactName(String details) {
        try {
            io.dotmac.management.IspRegistration r = new com.fasterxml.jackson.databind.ObjectMapper().configure(
                    com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(details, io.dotmac.management.IspRegistration.class);
            return r.business().primaryContact().name();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
