package io.dotmac.payments.internal;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PayoutListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;

import io.dotmac.payments.PaymentGateway;

/**
 * Stripe through its official SDK: Customers, Checkout Sessions (Stripe's hosted page takes the card), off-session
 * PaymentIntents for autopay, Refunds, Payouts with their balance transactions, and webhook events verified with
 * Stripe's signature scheme ({@code Stripe-Signature}, HMAC-SHA256 over the timestamp and the body, five minutes'
 * tolerance). Each tenant's calls go through a client with the tenant's own secret key, at {@code stripeApiBase}
 * (the per-client form of {@code Stripe.overrideApiBase}, so tenants share no global setting).
 */
@Component(service = PaymentGateway.class, property = PaymentGateway.NAME_PROPERTY + "=" + StripeGateway.NAME,
        configurationPid = PaymentsConfig.PID)
@Designate(ocd = PaymentsConfig.class)
public class StripeGateway implements PaymentGateway {

    static final String NAME = "stripe";

    private volatile PaymentsConfig config;

    @Activate
    public StripeGateway(PaymentsConfig config) {
        this.config = config;
    }

    @Modified
    void modified(PaymentsConfig changed) {
        this.config = changed;
    }

    private StripeClient client(Credentials credentials) {
        PaymentsConfig c = config;
        return StripeClient.builder().setApiKey(credentials.secretKey()).setApiBase(c.stripeApiBase())
                .setConnectTimeout(c.stripeTimeoutMillis()).setReadTimeout(c.stripeTimeoutMillis())
                .setMaxNetworkRetries(2).build();
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private static GatewayException failed(String what, StripeException e) {
        String why = e.getUserMessage() != null ? e.getUserMessage() : e.getMessage();
        return new GatewayException("Stripe refused " + what + ": " + why, e.getCode(), e);
    }

    @Override
    public String checkoutOrigin(Credentials credentials) {
        PaymentsConfig c = config;
        if (c.stripeCheckoutOrigin() != null && !c.stripeCheckoutOrigin().isBlank()) {
            return c.stripeCheckoutOrigin().strip();
        }
        URI api = URI.create(c.stripeApiBase());
        return api.getScheme() + "://" + api.getAuthority();
    }

    @Override
    public String createCustomer(Credentials credentials, String name, String email, Map<String, String> metadata,
            String idempotencyKey) throws GatewayException {
        try {
            Customer customer = client(credentials).customers().create(CustomerCreateParams.builder().setName(name)
                    .setEmail(email).putAllMetadata(metadata).build(), key(idempotencyKey));
            return customer.getId();
        } catch (StripeException e) {
            throw failed("the customer", e);
        }
    }

    @Override
    public Session checkout(Credentials credentials, CheckoutRequest r, String idempotencyKey)
            throws GatewayException {
        SessionCreateParams.PaymentIntentData.Builder intent = SessionCreateParams.PaymentIntentData.builder()
                .setDescription(r.description()).putAllMetadata(r.metadata());
        if (r.saveForAutopay()) {
            intent.setSetupFutureUsage(SessionCreateParams.PaymentIntentData.SetupFutureUsage.OFF_SESSION);
        }
        SessionCreateParams params = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .setCustomer(r.customerRef()).setSuccessUrl(r.successUrl()).setCancelUrl(r.cancelUrl())
                .putAllMetadata(r.metadata()).setPaymentIntentData(intent.build())
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(r.currency().toLowerCase(Locale.ROOT)).setUnitAmount(r.amountMinor())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(r.description()).build())
                                .build())
                        .build())
                .build();
        try {
            com.stripe.model.checkout.Session s = client(credentials).checkout().sessions().create(params,
                    key(idempotencyKey));
            return new Session(s.getId(), s.getUrl());
        } catch (StripeException e) {
            throw failed("the checkout", e);
        }
    }

    @Override
    public Optional<Charge> paidCheckout(Credentials credentials, String sessionId) throws GatewayException {
        try {
            com.stripe.model.checkout.Session s = client(credentials).checkout().sessions().retrieve(sessionId,
                    SessionRetrieveParams.builder().addExpand("payment_intent").build(), RequestOptions.getDefault());
            if (!"paid".equals(s.getPaymentStatus()) || s.getPaymentIntentObject() == null) {
                return Optional.empty();
            }
            Map<String, String> metadata = new HashMap<>(s.getMetadata() == null ? Map.of() : s.getMetadata());
            return Optional.of(charge(s.getPaymentIntentObject(), metadata));
        } catch (StripeException e) {
            throw failed("reading the checkout", e);
        }
    }

    private static Charge charge(PaymentIntent pi, Map<String, String> extra) {
        Map<String, String> metadata = new HashMap<>(pi.getMetadata() == null ? Map.of() : pi.getMetadata());
        extra.forEach(metadata::putIfAbsent);
        return new Charge(pi.getId(), pi.getLatestCharge(), pi.getAmountReceived() != null && pi.getAmountReceived() > 0
                ? pi.getAmountReceived() : pi.getAmount(), pi.getCurrency().toUpperCase(Locale.ROOT),
                pi.getCustomer(), pi.getPaymentMethod(), metadata);
    }

    @Override
    public Charge chargeStored(Credentials credentials, StoredCharge r, String idempotencyKey)
            throws GatewayException, Declined {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder().setAmount(r.amountMinor())
                .setCurrency(r.currency().toLowerCase(Locale.ROOT)).setCustomer(r.customerRef())
                .setPaymentMethod(r.methodRef()).setOffSession(true).setConfirm(true).setDescription(r.description())
                .putAllMetadata(r.metadata()).build();
        try {
            PaymentIntent pi = client(credentials).paymentIntents().create(params, key(idempotencyKey));
            if (!"succeeded".equals(pi.getStatus())) {
                throw new Declined("The payment is " + pi.getStatus(), pi.getStatus(), pi.getId());
            }
            return charge(pi, Map.of());
        } catch (CardException e) {
            String code = e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode();
            String ref = e.getStripeError() != null && e.getStripeError().getPaymentIntent() != null
                    ? e.getStripeError().getPaymentIntent().getId() : null;
            throw new Declined(e.getUserMessage() != null ? e.getUserMessage() : "The card was declined", code, ref);
        } catch (StripeException e) {
            throw failed("the payment", e);
        }
    }

    @Override
    public Refund refund(Credentials credentials, String paymentRef, long amountMinor, String idempotencyKey)
            throws GatewayException {
        try {
            com.stripe.model.Refund r = client(credentials).refunds().create(RefundCreateParams.builder()
                    .setPaymentIntent(paymentRef).setAmount(amountMinor).build(), key(idempotencyKey));
            return refund(r);
        } catch (StripeException e) {
            throw failed("the refund", e);
        }
    }

    private static Refund refund(com.stripe.model.Refund r) {
        return new Refund(r.getId(), r.getPaymentIntent(), r.getAmount(), r.getCurrency().toUpperCase(Locale.ROOT),
                r.getStatus());
    }

    @Override
    public String describeMethod(Credentials credentials, String methodRef) throws GatewayException {
        try {
            com.stripe.model.PaymentMethod m = client(credentials).paymentMethods().retrieve(methodRef);
            if (m.getCard() != null) {
                return m.getCard().getBrand() + " •••• " + m.getCard().getLast4();
            }
            return m.getType();
        } catch (StripeException e) {
            throw failed("reading the payment method", e);
        }
    }

    @Override
    public Event verify(Credentials credentials, byte[] payload, String signature) throws SignatureException {
        if (credentials.webhookSecret() == null) {
            throw new SignatureException("no webhook signing secret is set up");
        }
        com.stripe.model.Event event;
        try {
            event = Webhook.constructEvent(new String(payload, java.nio.charset.StandardCharsets.UTF_8),
                    signature == null ? "" : signature, credentials.webhookSecret());
        } catch (SignatureVerificationException e) {
            throw new SignatureException(e.getMessage());
        } catch (com.google.gson.JsonParseException e) {
            throw new SignatureException("the body is not a Stripe event");
        }
        StripeObject object;
        try {
            object = event.getDataObjectDeserializer().getObject()
                    .orElse(event.getDataObjectDeserializer().deserializeUnsafe());
        } catch (EventDataObjectDeserializationException e) {
            return new Event(event.getId(), event.getType(), null, null, null);
        }
        return switch (event.getType()) {
        case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
            object instanceof com.stripe.model.checkout.Session s
                    ? new Event(event.getId(), event.getType(), s.getId(), null, null)
                    : new Event(event.getId(), event.getType(), null, null, null);
        case "payment_intent.succeeded" -> object instanceof PaymentIntent pi
                ? new Event(event.getId(), event.getType(), null, charge(pi, Map.of()), null)
                : new Event(event.getId(), event.getType(), null, null, null);
        case "refund.created", "refund.updated" -> object instanceof com.stripe.model.Refund r
                ? new Event(event.getId(), event.getType(), null, null, refund(r))
                : new Event(event.getId(), event.getType(), null, null, null);
        default -> new Event(event.getId(), event.getType(), null, null, null);
        };
    }

    @Override
    public List<Payout> payouts(Credentials credentials, LocalDate from, LocalDate to) throws GatewayException {
        StripeClient client = client(credentials);
        List<Payout> payouts = new ArrayList<>();
        try {
            PayoutListParams params = PayoutListParams.builder().setLimit(100L)
                    .setArrivalDate(PayoutListParams.ArrivalDate.builder()
                            .setGte(from.atStartOfDay(ZoneOffset.UTC).toEpochSecond())
                            .setLt(to.atStartOfDay(ZoneOffset.UTC).toEpochSecond()).build())
                    .build();
            for (com.stripe.model.Payout p : client.payouts().list(params).autoPagingIterable()) {
                List<Payout.Line> lines = new ArrayList<>();
                BalanceTransactionListParams bt = BalanceTransactionListParams.builder().setPayout(p.getId())
                        .setLimit(100L).build();
                for (BalanceTransaction t : client.balanceTransactions().list(bt).autoPagingIterable()) {
                    if ("payout".equals(t.getType())) {
                        continue; // the payout itself
                    }
                    lines.add(new Payout.Line(t.getType(), t.getSource(), t.getAmount(), t.getFee(), t.getNet()));
                }
                payouts.add(new Payout(p.getId(), LocalDate.ofEpochDay(Math.floorDiv(p.getArrivalDate(), 86_400L)),
                        p.getAmount(), p.getCurrency().toUpperCase(Locale.ROOT), p.getStatus(), lines));
            }
            return payouts;
        } catch (StripeException e) {
            throw failed("the payouts", e);
        }
    }
}
