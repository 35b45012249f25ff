package io.dotmac.management;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's analytics and each ISP's health score, from the ISP accounts, the deployments, the hourly usage and
 * (for ISPs on this instance) their own invoices and tickets.
 *
 * @since 1.2
 */
@ProviderType
public interface IspInsights {

    /** The platform's figures, with the last {@code months} months (1 to 24). */
    PlatformFigures figures(int months);

    /**
     * The ISP's health score now.
     *
     * @throws io.dotmac.platform.api.NotFoundException for an unknown ISP, or one not billed now
     */
    HealthScore healthScore(String ispId);
}
