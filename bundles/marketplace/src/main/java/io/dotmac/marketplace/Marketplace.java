package io.dotmac.marketplace;

import java.io.InputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/**
 * The plugin marketplace: developers, their plugins' listings and signed versions, and the platform operator's
 * certification. Third-party plugins reach tenants only through it.
 */
@ProviderType
public interface Marketplace {

    /** A developer as registered; {@code key} (the API key) only in the answer to the registration. */
    record Developer(String id, String name, String email, String payoutDetails, String signer, Instant createdAt,
            String key) {
    }

    /** What registering takes. */
    record DeveloperInput(String name, String email, String payoutDetails) {
    }

    /** A listing: what tenants see once it is certified. Prices are decimal strings ("12.50"). */
    record Listing(String plugin, String developerId, String developer, String name, String description,
            String tierFloor, String monthlyPrice, String currency, List<String> screenshots, String status,
            String statusReason, String certificationFee, Instant createdAt, Instant updatedAt,
            List<Version> versions) {
    }

    /** What a listing takes. */
    record ListingInput(String plugin, String name, String description, String tierFloor, String monthlyPrice,
            String currency, List<String> screenshots) {
    }

    /** An uploaded version, verified when it came. */
    record Version(String version, String symbolicName, String sha256, long sizeBytes, String signer, String status,
            String statusReason, Instant uploadedAt) {
    }

    /** Registers a developer: the answer carries the API key, shown this once. */
    Developer register(DeveloperInput input);

    /** The developer whose API key this is. */
    Developer developer(String key);

    Listing submit(Developer developer, ListingInput input);

    /**
     * Stores a version of the developer's plugin once verified: signed throughout with a key the marketplace
     * certified (the developer's: the first upload binds the key's subject to the developer), a bundle declaring
     * the listing's plugin id.
     */
    Version upload(Developer developer, String plugin, InputStream jar);

    List<Listing> mine(Developer developer);

    /** Listings by status (null: all), for the platform's operator. */
    Page<Listing> listings(String status, int limit, String cursor);

    /** What a tenant may buy: certified listings with an available version. */
    Page<Listing> catalogue(int limit, String cursor);

    Listing listing(String plugin);

    Listing certify(String plugin);

    Listing reject(String plugin, String reason);

    /** A plugin a tenant bought: running, or cancelled and running to {@code endsAt}. */
    record Purchase(String plugin, String name, String monthlyPrice, String currency, Instant since, Instant endsAt) {
    }

    /** One month of one bought plugin charged to a tenant, and its split (decimal strings). */
    record Charge(String tenantId, String plugin, String month, String developerId, String currency, String amount,
            String developerShare, String platformShare, Instant chargedAt) {
    }

    /** What a developer earned in a month, in one currency. */
    record Payout(String developerId, String developer, String payoutDetails, String month, String currency,
            String charged, String developerShare, String platformShare, int charges) {
    }

    /**
     * Buys a certified plugin for the tenant as an add-on, effective at once: its bundle is installed on the instance
     * on the first purchase (the newest available version, checked against its stored digest), and the month is
     * charged (the ledger).
     *
     * @throws io.dotmac.platform.api.AccessDeniedException below the listing's tier floor
     * @throws io.dotmac.platform.api.ConflictException     not certified, no available version, or bought already
     */
    Purchase buy(TenantRef tenant, String plugin);

    /** Cancels a purchase: it runs to the end of the month (UTC). */
    Purchase cancel(TenantRef tenant, String plugin);

    List<Purchase> purchases(TenantRef tenant);

    /** Charges every running purchase for the current month (at most once a month each); the number charged now. */
    int chargeMonth();

    List<Charge> charges(YearMonth month);

    List<Payout> payouts(YearMonth month);

    /**
     * Revokes a version: it can no longer be installed, and where it is installed its bundle is removed at once (its
     * endpoints answer 404 for every tenant), replaced by the newest version still available, if any.
     */
    Version revoke(String plugin, String version, String reason);

    /**
     * Uninstalls a marketplace plugin's bundle from this instance, as its operator allows, once no tenant uses it.
     *
     * @return whether a bundle was installed
     * @throws io.dotmac.platform.api.ConflictException while a tenant has it as a running (or cancelled, not yet
     *                                                  ended) add-on
     */
    boolean uninstall(String plugin);
}
