package io.dotmac.management.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.dotmac.management.IspRegistration;
import io.dotmac.management.Region;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Tier;

/**
 * Checks a registration field by field, naming each invalid one ({@code business.primaryContact.email}, ...): every
 * problem at once, so the client fixes them in one go. Tax ids are checked against the country's format where we
 * know one (EU VAT numbers, the US EIN, ...); elsewhere only their shape.
 */
final class RegistrationRules {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{5,24}");
    static final Pattern DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    static final Pattern ANY_TAX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./-]{3,39}");
    /** Tax id formats by country (ISO 3166-1 alpha-2), written as the authorities print them. */
    static final Map<String, Pattern> TAX_IDS = Map.ofEntries(
            Map.entry("DE", Pattern.compile("DE[0-9]{9}")),
            Map.entry("AT", Pattern.compile("ATU[0-9]{8}")),
            Map.entry("FR", Pattern.compile("FR[0-9A-HJ-NP-Z]{2}[0-9]{9}")),
            Map.entry("NL", Pattern.compile("NL[0-9]{9}B[0-9]{2}")),
            Map.entry("BE", Pattern.compile("BE[01][0-9]{9}")),
            Map.entry("ES", Pattern.compile("ES[0-9A-Z][0-9]{7}[0-9A-Z]")),
            Map.entry("IT", Pattern.compile("IT[0-9]{11}")),
            Map.entry("PL", Pattern.compile("PL[0-9]{10}")),
            Map.entry("IE", Pattern.compile("IE[0-9][0-9A-Z+*][0-9]{5}[A-Z]{1,2}")),
            Map.entry("GB", Pattern.compile("GB([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})")),
            Map.entry("US", Pattern.compile("[0-9]{2}-[0-9]{7}")),
            Map.entry("CA", Pattern.compile("[0-9]{9}(RT[0-9]{4})?")),
            Map.entry("AU", Pattern.compile("[0-9]{11}")),
            Map.entry("IN", Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]")),
            Map.entry("NG", Pattern.compile("[0-9]{8}-[0-9]{4}")),
            Map.entry("KE", Pattern.compile("[AP][0-9]{9}[A-Z]")),
            Map.entry("ZA", Pattern.compile("4[0-9]{9}")));
    static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    static final Set<String> CYCLES = Set.of("MONTHLY", "ANNUAL");
    static final Set<String> SUPPORT = Set.of("STANDARD", "PRIORITY", "DEDICATED");
    static final Set<String> DEPLOYMENTS = Set.of("SHARED", "DEDICATED");
    static final String SHARED_PROVIDER = "shared";

    private RegistrationRules() {
    }

    /** The problems of {@code r} against the configured {@code regions}; empty when it is fine. */
    static List<FieldError> check(IspRegistration r, Map<String, Region> regions) {
        List<FieldError> errors = new ArrayList<>();
        if (r.business() == null) {
            errors.add(new FieldError("business", "is required"));
        } else {
            business(r.business(), errors);
        }
        if (r.technical() == null) {
            errors.add(new FieldError("technical", "is required"));
        }
        if (r.commercial() == null) {
            errors.add(new FieldError("commercial", "is required"));
        } else {
            commercial(r.commercial(), errors);
        }
        String deployment = r.deployment();
        if (deployment == null || !DEPLOYMENTS.contains(deployment)) {
            errors.add(new FieldError("deployment", "must be SHARED or DEDICATED"));
            deployment = null;
        }
        if (r.technical() != null) {
            technical(r.technical(), deployment, regions, errors);
        }
        return errors;
    }

    private static void business(IspRegistration.Business b, List<FieldError> errors) {
        text(b.companyName(), "business.companyName", 2, 200, errors);
        text(b.registrationNumber(), "business.registrationNumber", 1, 64, errors);
        text(b.serviceArea(), "business.serviceArea", 1, 500, errors);
        String country = b.country();
        if (country == null || !COUNTRIES.contains(country)) {
            errors.add(new FieldError("business.country", "must be an ISO 3166-1 alpha-2 country code (DE, US, ...)"));
            country = null;
        }
        if (b.taxId() == null || b.taxId().isBlank()) {
            errors.add(new FieldError("business.taxId", "is required"));
        } else {
            Pattern format = country == null ? null : TAX_IDS.get(country);
            String taxId = b.taxId().strip();
            if (format != null && !format.matcher(taxId.replace(" ", "")).matches()) {
                errors.add(new FieldError("business.taxId", "is not a tax id of " + country + " (format "
                        + format.pattern() + ")"));
            } else if (format == null && !ANY_TAX_ID.matcher(taxId).matches()) {
                errors.add(new FieldError("business.taxId", "must be 4 to 40 letters, digits, spaces, '.', '/' or "
                        + "'-'"));
            }
        }
        if (b.primaryContact() == null) {
            errors.add(new FieldError("business.primaryContact", "is required: name, email, phone"));
        } else {
            contact(b.primaryContact(), "business.primaryContact", errors);
        }
        if (b.technicalLead() != null) {
            contact(b.technicalLead(), "business.technicalLead", errors);
        }
        if (b.customerBaseSize() == null || b.customerBaseSize() < 0 || b.customerBaseSize() > 100_000_000) {
            errors.add(new FieldError("business.customerBaseSize", "must be a whole number from 0 to 100000000"));
        }
    }

    private static void contact(IspRegistration.Contact c, String path, List<FieldError> errors) {
        text(c.name(), path + ".name", 1, 200, errors);
        if (c.email() == null || c.email().length() > 254 || !EMAIL.matcher(c.email()).matches()) {
            errors.add(new FieldError(path + ".email", "must be an e-mail address"));
        }
        if (c.phone() == null || !PHONE.matcher(c.phone()).matches()) {
            errors.add(new FieldError(path + ".phone", "must be a phone number (digits, optionally +, spaces, "
                    + "brackets or dashes)"));
        }
    }

    private static void technical(IspRegistration.Technical t, String deployment, Map<String, Region> regions,
            List<FieldError> errors) {
        Region region = t.region() == null ? null : regions.get(t.region());
        if (region == null) {
            errors.add(new FieldError("technical.region", "must be one of " + String.join(", ",
                    new java.util.TreeSet<>(regions.keySet()))));
        } else if ("SHARED".equals(deployment) != SHARED_PROVIDER.equals(region.provider())) {
            errors.add(new FieldError("technical.region", "region " + region.name() + " runs "
                    + (SHARED_PROVIDER.equals(region.provider()) ? "shared instances only: choose SHARED"
                            : "dedicated instances only: choose DEDICATED")));
        }
        if (t.domain() == null || !DOMAIN.matcher(t.domain()).matches()) {
            errors.add(new FieldError("technical.domain", "must be a domain name in lower case (isp.example.com)"));
        }
        if (t.integrations() != null) {
            if (t.integrations().size() > 20) {
                errors.add(new FieldError("technical.integrations", "at most 20"));
            }
            for (int i = 0; i < t.integrations().size(); i++) {
                text(t.integrations().get(i), "technical.integrations[" + i + "]", 1, 100, errors);
            }
        }
        if (t.migrationSource() != null && t.migrationSource().length() > 100) {
            errors.add(new FieldError("technical.migrationSource", "at most 100 characters"));
        }
    }

    private static void commercial(IspRegistration.Commercial c, List<FieldError> errors) {
        if (c.tier() == null || Tier.parse(c.tier()).isEmpty()) {
            errors.add(new FieldError("commercial.tier", "must be FREE, BASIC, PREMIUM or ENTERPRISE"));
        }
        if (c.billingCycle() == null || !CYCLES.contains(c.billingCycle())) {
            errors.add(new FieldError("commercial.billingCycle", "must be MONTHLY or ANNUAL"));
        }
        if (c.supportLevel() != null && !SUPPORT.contains(c.supportLevel())) {
            errors.add(new FieldError("commercial.supportLevel", "must be STANDARD, PRIORITY or DEDICATED"));
        }
    }

    private static void text(String value, String field, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.strip().length() < min || value.strip().length() > max) {
            errors.add(new FieldError(field, min + " to " + max + " characters"));
        }
    }
}
