package io.dotmac.management;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An ISP as the platform's customer: what it is subscribed to on the platform's own tenant, which bills it with the
 * same billing engine its ISPs use.
 *
 * @param ispId          the registration's id
 * @param tenant         the ISP's tenant slug on its instance
 * @param deployment     {@code SHARED} or {@code DEDICATED}
 * @param tier           the tier it is billed for now (a shared ISP's tenant's tier; a dedicated one's registered tier)
 * @param billingCycle   {@code MONTHLY} or {@code ANNUAL}
 * @param status         {@code ACTIVE} (billed), {@code PENDING} (not billed yet: the next reconciliation subscribes
 *                       it), {@code CANCELLED} (decommissioned)
 * @param customerId     its customer on the platform's tenant, null before the first reconciliation
 * @param subscriptionId the subscription to its tier's plan, null for FREE and before the first reconciliation
 * @param monthlyAmount  what it pays a month, tier and add-ons (an annual tier's price over 12), decimal string
 * @param addOns         the marketplace add-ons it is billed for
 * @since 1.2
 */
@ProviderType
public record IspAccount(String ispId, String companyName, String region, String deployment, String tenant,
        String tier, String billingCycle, String status, String customerId, String subscriptionId, String monthlyAmount,
        String currency, List<AddOn> addOns, Instant since) {

    /** A marketplace add-on billed monthly. */
    public record AddOn(String plugin, String monthlyPrice, String subscriptionId) {
    }
}
