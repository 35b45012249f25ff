package io.dotmac.payments;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A payment gateway, as {@code online_payments} uses it: a service registered with {@value #NAME_PROPERTY} (the name
 * a tenant chooses in its payment settings). Every call carries the tenant's own {@link Credentials}; every call that
 * creates something at the gateway carries an idempotency key, so that a call repeated after a timeout or a crash
 * creates nothing twice. Amounts are in minor units of the ISO currency.
 */
@ConsumerType
public interface PaymentGateway {

    /** The service property holding the gateway's name, such as {@code stripe}. */
    String NAME_PROPERTY = "io.dotmac.payments.gateway";

    /** The origin of the gateway's hosted checkout pages ({@code https://checkout.stripe.com}). */
    String checkoutOrigin(Credentials credentials);

    /** Creates the gateway's customer for a DotMac customer; answers its id. */
    String createCustomer(Credentials credentials, String name, String email, Map<String, String> metadata,
            String idempotencyKey) throws GatewayException;

    /** A hosted checkout paying {@code amountMinor} for one invoice. */
    Session checkout(Credentials credentials, CheckoutRequest request, String idempotencyKey) throws GatewayException;

    /** The charge of a checkout session, once paid; empty while it is not. */
    Optional<Charge> paidCheckout(Credentials credentials, String sessionId) throws GatewayException;

    /** Charges a stored payment method with nobody present (autopay). */
    Charge chargeStored(Credentials credentials, StoredCharge request, String idempotencyKey)
            throws GatewayException, Declined;

    /** Gives back {@code amountMinor} of a payment. */
    Refund refund(Credentials credentials, String paymentRef, long amountMinor, String idempotencyKey)
            throws GatewayException;

    /** A stored payment method, as a person recognises it ({@code visa •••• 4242}). */
    String describeMethod(Credentials credentials, String methodRef) throws GatewayException;

    /** Verifies an event the gateway posted (its signature with the tenant's signing secret) and reads it. */
    Event verify(Credentials credentials, byte[] payload, String signature) throws SignatureException;

    /** The payouts that arrived from {@code from} (inclusive) to {@code to} (exclusive), with their transactions. */
    List<Payout> payouts(Credentials credentials, LocalDate from, LocalDate to) throws GatewayException;

    /** A tenant's keys at the gateway (opened from their sealed form only for the call). */
    record Credentials(String secretKey, String webhookSecret) {
        @Override
        public String toString() {
            return "Credentials[hidden]";
        }
    }

    /** A checkout for one invoice, for the gateway's customer {@code customerRef}. */
    record CheckoutRequest(String customerRef, long amountMinor, String currency, String description,
            boolean saveForAutopay, String successUrl, String cancelUrl, Map<String, String> metadata) {
    }

    /** A hosted checkout: where the payer goes. */
    record Session(String id, String url) {
    }

    /** An off-session charge of a stored method. */
    record StoredCharge(String customerRef, String methodRef, long amountMinor, String currency, String description,
            Map<String, String> metadata) {
    }

    /**
     * Money taken: {@code paymentRef} is the gateway's payment ({@code pi_...}), {@code chargeRef} what its payouts
     * list ({@code ch_...}); {@code methodRef} the card used, when the gateway keeps it for later.
     */
    record Charge(String paymentRef, String chargeRef, long amountMinor, String currency, String customerRef,
            String methodRef, Map<String, String> metadata) {
    }

    /** Money given back: {@code ref} ({@code re_...}) of payment {@code paymentRef}. */
    record Refund(String ref, String paymentRef, long amountMinor, String currency, String status) {
    }

    /**
     * A verified event: {@code charge} for a payment that succeeded, {@code refund} for a refund, {@code sessionId} for
     * a completed checkout; the others are empty for event types DotMac does not act upon.
     */
    record Event(String id, String type, String sessionId, Charge charge, Refund refund) {
    }

    /** A payout to the tenant's bank, with the balance transactions it carries. */
    record Payout(String id, LocalDate arrivalDate, long amountMinor, String currency, String status,
            List<Line> lines) {

        /** One transaction: its {@code type} ({@code charge}, {@code refund}, ...) and its charge or refund. */
        public record Line(String type, String sourceRef, long amountMinor, long feeMinor, long netMinor) {
        }
    }

    /** The gateway refused the call or could not be reached; {@code code} is its error code when it gave one. */
    class GatewayException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public GatewayException(String message, String code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The card was declined: {@code code} is the gateway's decline code. */
    class Declined extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final String paymentRef;

        public Declined(String message, String code, String paymentRef) {
            super(message);
            this.code = code;
            this.paymentRef = paymentRef;
        }

        public String code() {
            return code;
        }

        public String paymentRef() {
            return paymentRef;
        }
    }

    /** An event whose signature does not verify (or is too old). */
    class SignatureException extends Exception {
        private static final long serialVersionUID = 1L;

        public SignatureException(String message) {
            super(message);
        }
    }
}
