package io.dotmac.platform.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tenant's brand, as documents use it (invoice PDFs, e-mails, report charts): the plugin {@value #PLUGIN} provides
 * this service, the core reaches it through licensing ({@link #of}). A tenant without the plugin gets documents with
 * its legal details and a discreet "DotMac" mark; with it, only its own brand.
 */
@ConsumerType
public interface Brands {

    /** The plugin that provides brands. */
    String PLUGIN = "white_label";

    /** {@code tenant}'s brand; every field {@code null} that the tenant did not set. */
    Brand brand(TenantRef tenant);

    /**
     * A tenant's brand.
     *
     * @param primaryColour {@code #rrggbb}
     * @param accentColour  {@code #rrggbb}
     * @param logoType      {@code image/png} or {@code image/svg+xml}, with {@code logo} its sanitised bytes
     */
    record Brand(String legalName, String address, String taxId, String primaryColour, String accentColour,
            String emailFromName, String emailFromAddress, String invoiceFooter, String paymentDetails,
            String logoType, byte[] logo) {

        /** A brand with nothing set. */
        public static final Brand NONE = new Brand(null, null, null, null, null, null, null, null, null, null, null);

        /** The logo when it is a PNG. */
        public Optional<byte[]> png() {
            return "image/png".equals(logoType) && logo != null ? Optional.of(logo) : Optional.empty();
        }
    }

    /**
     * {@code tenant}'s brand while it may use {@value #PLUGIN}; empty when the plugin is not installed, not in the
     * tenant's tier or switched off: then documents are DotMac's.
     */
    static Optional<Brand> of(TenantServices services, TenantRef tenant) {
        if (services == null || tenant == null) {
            return Optional.empty();
        }
        try {
            return services.service(tenant, PLUGIN, Brands.class).map(b -> b.brand(tenant));
        } catch (PluginNotLicensedException | PluginDisabledException notNow) {
            return Optional.empty();
        }
    }
}
