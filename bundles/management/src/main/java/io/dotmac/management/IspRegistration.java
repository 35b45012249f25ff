package io.dotmac.management;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * What an ISP sends to register ({@code POST /api/v1/isp/register}), as the client sent it: every field is checked
 * at once and each invalid one named ({@code business.taxId}, {@code technical.region}, ...).
 *
 * @param deployment {@code SHARED} (a tenant on a shared instance) or {@code DEDICATED} (an instance of its own)
 */
public record IspRegistration(Business business, Technical technical, Commercial commercial, String deployment) {

    /**
     * The tenant slug its domain suggests: the domain's first label folded to 3 to 40 of {@code a-z 0-9 -}
     * ({@code acme-broadband} of {@code acme-broadband.example.com}). A provider adds a suffix when it is taken.
     *
     * @since 1.1
     */
    public String suggestedSlug() {
        String domain = technical == null || technical.domain() == null ? "" : technical.domain();
        String label = Normalizer.normalize(domain.split("\\.")[0], Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (label.length() > 40) {
            label = label.substring(0, 40).replaceAll("-$", "");
        }
        return label.length() < 3 ? (label + "-isp") : label;
    }

    /**
     * The company.
     *
     * @param country          ISO 3166-1 alpha-2 code
     * @param customerBaseSize how many subscribers it serves today
     */
    public record Business(String companyName, String registrationNumber, String taxId, String country,
            Contact primaryContact, Contact technicalLead, String serviceArea, Integer customerBaseSize) {
    }

    /** A person the platform talks to. */
    public record Contact(String name, String email, String phone) {
    }

    /**
     * Where and how it runs.
     *
     * @param region          one of the platform's regions ({@code GET /api/v1/isp/regions})
     * @param domain          the ISP's own domain name
     * @param integrations    what it wants connected (free text per item)
     * @param migrationSource the system it comes from, if any
     */
    public record Technical(String region, String domain, List<String> integrations, String migrationSource) {
    }

    /**
     * What it buys.
     *
     * @param tier         FREE, BASIC, PREMIUM or ENTERPRISE
     * @param billingCycle MONTHLY or ANNUAL
     * @param supportLevel STANDARD, PRIORITY or DEDICATED
     */
    public record Commercial(String tier, String billingCycle, String supportLevel, Boolean training) {
    }
}
