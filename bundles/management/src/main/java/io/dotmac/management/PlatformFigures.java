package io.dotmac.management;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's figures ({@code GET /api/v1/platform/analytics}); each is defined in the README. Money is a decimal
 * string in {@code currency}.
 *
 * @param isps         ISPs billed now (accounts ACTIVE)
 * @param ispsByTier   of those, by tier (every tier named)
 * @param ispsByRegion of those, by region
 * @param customers    the customers of the ISPs whose tenant is on this instance (dedicated ones' are not seen)
 * @param mrr          monthly recurring revenue: what the ISPs billed now pay a month (tier and add-ons; annual/12)
 * @param arr          12 × mrr
 * @param months       the last months, oldest first, the current one last
 * @param plugins      per plugin of the catalogue, how many ISPs on this instance have it active
 * @param marketplace  marketplace charges of the current month
 * @since 1.2
 */
@ProviderType
public record PlatformFigures(Instant at, String currency, int isps, Map<String, Integer> ispsByTier,
        Map<String, Integer> ispsByRegion, long customers, String mrr, String arr, List<Month> months,
        List<PluginUse> plugins, Marketplace marketplace) {

    /**
     * One month (UTC).
     *
     * @param activeAtStart ISPs billed at the month's start
     * @param newIsps       ISPs whose deployment became ready in the month
     * @param churnedIsps   ISPs decommissioned in the month
     * @param activeAtEnd   ISPs billed at its end (now, for the current month)
     * @param newMrr        what the new ones pay a month
     * @param churnedMrr    what the churned ones paid a month (their tier's price)
     * @param growthPercent (activeAtEnd − activeAtStart) / activeAtStart × 100, one decimal; null without ISPs at
     *                      the start
     * @param churnPercent  churnedIsps / activeAtStart × 100, one decimal; null without ISPs at the start
     */
    public record Month(String month, int activeAtStart, int newIsps, int churnedIsps, int activeAtEnd,
            String newMrr, String churnedMrr, Double growthPercent, Double churnPercent) {
    }

    /** How many ISPs on this instance have a plugin active now. */
    public record PluginUse(String plugin, String name, int isps) {
    }

    /** The marketplace's month: what tenants were charged, and its split. */
    public record Marketplace(String month, String charged, String platformShare, String developerShare,
            int charges) {
    }
}
