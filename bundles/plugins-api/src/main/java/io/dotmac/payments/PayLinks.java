package io.dotmac.payments;

import java.net.URI;
import java.time.LocalDate;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * What the core's public pay pages ({@code /pay/...}, no login) ask of {@code online_payments}: they find the tenant
 * of a pay link through {@link io.dotmac.platform.api.TenantServices#platformService}, then reach this service for
 * that tenant through {@link io.dotmac.platform.api.TenantServices#service}, so a tenant without the plugin has no
 * pay page. A pay link's token is the only capability: it shows one invoice's amount due and lets anyone pay it,
 * nothing else. Card data never reaches DotMac: the payer types it on the gateway's own hosted checkout.
 */
@ProviderType
public interface PayLinks {

    /** The plugin that registers this service. */
    String PLUGIN = "online_payments";

    /** The tenant whose pay link {@code token} is; empty for an unknown token. */
    Optional<TenantRef> tenantOf(String token);

    /**
     * The token of the invoice's pay link ({@code /pay/<token>}), made when it has none.
     *
     * @throws io.dotmac.platform.api.ConflictException for a draft or void invoice
     * @throws io.dotmac.platform.api.NotFoundException  for an invoice the tenant does not have
     */
    String tokenFor(TenantRef tenant, String invoiceId);

    /**
     * What the pay page shows.
     *
     * @throws io.dotmac.platform.api.NotFoundException for a token the tenant does not have
     */
    PayPage page(TenantRef tenant, String token);

    /**
     * Starts paying the invoice's balance on the gateway's hosted checkout, which sends the payer back to
     * {@code returnTo} (with the gateway's session id as {@code session_id}). With {@code saveForAutopay} the card is
     * kept by the gateway for paying the customer's next invoices on their due dates.
     *
     * @throws io.dotmac.platform.api.ConflictException when nothing is owed, or the tenant set no gateway up
     */
    Checkout checkout(TenantRef tenant, String token, boolean saveForAutopay, URI returnTo);

    /**
     * The payer came back from the gateway's checkout {@code sessionId}: records the payment when the gateway says it
     * is paid (once, whether the gateway's event came first or not), and answers the page as it is now.
     */
    PayPage returned(TenantRef tenant, String token, String sessionId);

    /**
     * An event the gateway posted for this tenant: verified with the tenant's signing secret, acted upon once per
     * event id (a payment is recorded once whichever of its events, or the payer's return, comes first).
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code signature} when the signature does not verify
     */
    void event(TenantRef tenant, String gateway, byte[] payload, String signature);

    /**
     * @param payable      whether there is a balance to pay and the tenant's gateway is set up
     * @param paidNow      whether this page follows a payment just recorded
     * @param checkoutOrigin the origin of the gateway's hosted checkout (for the page's form-action policy)
     */
    record PayPage(String invoiceNumber, String customerName, String currency, String total, String balance,
            String status, LocalDate dueDate, boolean payable, boolean paidNow, boolean autopayOffered,
            String checkoutOrigin) {
    }

    /** Where to send the payer: the gateway's hosted checkout. */
    record Checkout(URI url) {
    }
}
