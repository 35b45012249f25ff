package io.dotmac.payments.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.billing.basic.Payment;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerService;
import io.dotmac.payments.PayLinks;
import io.dotmac.payments.PaymentGateway;
import io.dotmac.payments.PaymentGateway.Charge;
import io.dotmac.payments.PaymentGateway.Credentials;
import io.dotmac.payments.PaymentGateway.GatewayException;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.persistence.PagedQuery;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.security.Secrets;
import io.dotmac.tenant.TenantService;

/**
 * The rules of online_payments: each tenant's gateway keys, pay links and their checkout, the recording of money the
 * gateway took or gave back (exactly once: the ledger's gateway reference is unique, and the invoice's payment is
 * recorded in the same transaction), refunds, the gateway's events, and the reconciliation of payouts. Autopay is
 * {@link Autopay}'s.
 */
@Component(service = { OnlinePayments.class, PayLinks.class })
public class OnlinePayments implements PayLinks {

    static final String PLUGIN = PayLinks.PLUGIN;
    static final String KEY_FILE = "dotmac-payments.key";
    /** Metadata DotMac puts on what it creates at the gateway, to recognise it in events. */
    static final String META_TENANT = "dotmac_tenant";
    static final String META_INVOICE = "dotmac_invoice";
    static final String META_CUSTOMER = "dotmac_customer";
    static final String META_AUTOPAY = "dotmac_autopay";

    private static final Logger LOG = LoggerFactory.getLogger(OnlinePayments.class);
    private static final Pattern SECRET_KEY = Pattern.compile("(sk|rk)_(test|live)_[A-Za-z0-9]{8,200}");
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{8,200}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9_]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final InvoiceService invoices;
    private final CustomerService customers;
    private final TenantService tenants;
    private final Secrets.Sealer sealer;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, PaymentGateway> gateways = new ConcurrentHashMap<>();

    @Activate
    public OnlinePayments(@Reference Database db, @Reference InvoiceService invoices,
            @Reference CustomerService customers, @Reference TenantService tenants, @Reference Secrets secrets,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=" + PLUGIN + ")") MigratedSchema schema) {
        this.db = db;
        this.invoices = invoices;
        this.customers = customers;
        this.tenants = tenants;
        this.sealer = secrets.sealer(KEY_FILE);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGateway(PaymentGateway gateway, Map<String, Object> properties) {
        Object name = properties.get(PaymentGateway.NAME_PROPERTY);
        if (name instanceof String n) {
            gateways.put(n, gateway);
        }
    }

    void removeGateway(PaymentGateway gateway, Map<String, Object> properties) {
        gateways.values().remove(gateway);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ---- settings

    public PaymentSettings settings(TenantRef tenant) {
        return db.inTenant(tenant, c -> PaymentsStore.settings(c, tenant)).map(r -> view(tenant, r))
                .orElse(new PaymentSettings(null, false, null, false, true, webhookPath(tenant, StripeGateway.NAME)));
    }

    private static String webhookPath(TenantRef tenant, String gateway) {
        return "/pay/webhooks/" + gateway + "/" + tenant.id();
    }

    private static PaymentSettings view(TenantRef tenant, PaymentsStore.SettingsRow r) {
        return new PaymentSettings(r.gateway(), r.secretKeySealed() != null, r.hint(), r.webhookSecretSealed() != null,
                r.autopay(), webhookPath(tenant, r.gateway()));
    }

    public PaymentSettings changeSettings(TenantRef tenant, PaymentSettings.Input in) {
        if (in == null) {
            throw new ValidationException("body", "settings are required");
        }
        List<FieldError> errors = new ArrayList<>();
        String gateway = in.gateway() == null ? StripeGateway.NAME : in.gateway();
        if (!gateways.containsKey(gateway)) {
            errors.add(new FieldError("gateway", "must be one of " + String.join(", ", gateways.keySet().stream()
                    .sorted().toList())));
        }
        if (in.secretKey() != null && !SECRET_KEY.matcher(in.secretKey()).matches()) {
            errors.add(new FieldError("secretKey", "must be a secret or restricted API key (sk_live_..., sk_test_..., "
                    + "rk_...)"));
        }
        if (in.webhookSecret() != null && !WEBHOOK_SECRET.matcher(in.webhookSecret()).matches()) {
            errors.add(new FieldError("webhookSecret", "must be a webhook signing secret (whsec_...)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return db.inTenant(tenant, c -> {
            Optional<PaymentsStore.SettingsRow> before = PaymentsStore.settings(c, tenant);
            String key = in.secretKey() != null ? sealer.seal(in.secretKey())
                    : before.map(PaymentsStore.SettingsRow::secretKeySealed).orElse(null);
            String hint = in.secretKey() != null ? in.secretKey().substring(in.secretKey().length() - 4)
                    : before.map(PaymentsStore.SettingsRow::hint).orElse(null);
            String webhook = in.webhookSecret() != null ? sealer.seal(in.webhookSecret())
                    : before.map(PaymentsStore.SettingsRow::webhookSecretSealed).orElse(null);
            boolean autopay = in.autopay() != null ? in.autopay()
                    : before.map(PaymentsStore.SettingsRow::autopay).orElse(true);
            PaymentsStore.SettingsRow row = new PaymentsStore.SettingsRow(gateway, key, webhook, hint, autopay);
            PaymentsStore.saveSettings(c, tenant, row, now());
            return view(tenant, row);
        });
    }

    /** The tenant's gateway and its keys, opened for one call. */
    record Setup(String name, PaymentGateway gateway, Credentials credentials, boolean autopay) {
    }

    Optional<Setup> setup(TenantRef tenant) {
        Optional<PaymentsStore.SettingsRow> row = db.inTenant(tenant, c -> PaymentsStore.settings(c, tenant));
        if (row.isEmpty() || row.get().secretKeySealed() == null || !gateways.containsKey(row.get().gateway())) {
            return Optional.empty();
        }
        PaymentsStore.SettingsRow r = row.get();
        return Optional.of(new Setup(r.gateway(), gateways.get(r.gateway()), new Credentials(
                sealer.open(r.secretKeySealed()), r.webhookSecretSealed() == null ? null
                        : sealer.open(r.webhookSecretSealed())), r.autopay()));
    }

    Setup requireSetup(TenantRef tenant) {
        return setup(tenant).orElseThrow(() -> new ConflictException("No payment gateway is set up: "
                + "PUT /api/v1/payments/settings with the gateway's secret key first"));
    }

    /** A gateway's refusal as the client sees it: 409 when it refused, 503 when it could not be reached. */
    static RuntimeException problem(GatewayException e) {
        LOG.warn("Payment gateway: {}", e.getMessage());
        return e.code() != null ? new ConflictException(e.getMessage())
                : new UnavailableException("The payment gateway could not be reached; retry later");
    }

    // ---- pay links

    /** The invoice's pay link, made on first asking; an invoice not issued yet (or void) has none (409). */
    public PayLinkView link(TenantRef tenant, String invoiceId) {
        Invoice invoice = invoices.get(tenant, invoiceId);
        if (invoice.status() == InvoiceStatus.DRAFT || invoice.status() == InvoiceStatus.VOID) {
            throw new ConflictException("Invoice '" + invoiceId + "' is " + invoice.status()
                    + "; pay links are for issued invoices");
        }
        return linkOf(tenant, invoiceId);
    }

    /** The invoice's pay link, made when it has none (two makers at once: the first one's stays). */
    PayLinkView linkOf(TenantRef tenant, String invoiceId) {
        try {
            return db.inTenant(tenant, c -> {
                Optional<PayLinkView> known = PaymentsStore.linkOfInvoice(c, tenant, invoiceId);
                if (known.isPresent()) {
                    return known.get();
                }
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                Instant now = now();
                PaymentsStore.insertLink(c, tenant, token, invoiceId, now);
                return new PayLinkView(invoiceId, token, "/pay/" + token, now);
            });
        } catch (DataAccessException e) {
            if (!e.uniqueViolation()) {
                throw e;
            }
            return db.inTenant(tenant, c -> PaymentsStore.linkOfInvoice(c, tenant, invoiceId)).orElseThrow();
        }
    }

    @Override
    public String tokenFor(TenantRef tenant, String invoiceId) {
        return link(tenant, invoiceId).token();
    }

    @Override
    public Optional<TenantRef> tenantOf(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return db.acrossTenants(c -> PaymentsStore.tenantOfToken(c, token))
                .flatMap(id -> tenants.find(id).map(t -> t.ref()));
    }

    private PayLinkView linkOfToken(TenantRef tenant, String token) {
        return db.inTenant(tenant, c -> PaymentsStore.linkOfToken(c, tenant, token))
                .orElseThrow(() -> new NotFoundException("No pay link"));
    }

    @Override
    public PayPage page(TenantRef tenant, String token) {
        return page(tenant, linkOfToken(tenant, token), false);
    }

    private PayPage page(TenantRef tenant, PayLinkView link, boolean paidNow) {
        Invoice invoice = invoices.get(tenant, link.invoiceId());
        Customer customer = customers.get(tenant, invoice.customerId());
        Optional<Setup> setup = setup(tenant);
        boolean owed = invoice.status() == InvoiceStatus.ISSUED && new BigDecimal(invoice.balance()).signum() > 0;
        return new PayPage(invoice.number(), customer.name(), invoice.currency(), invoice.total(), invoice.balance(),
                invoice.status().name(), invoice.dueDate(), owed && setup.isPresent(), paidNow,
                setup.map(Setup::autopay).orElse(false),
                setup.map(s -> s.gateway().checkoutOrigin(s.credentials())).orElse(null));
    }

    @Override
    public Checkout checkout(TenantRef tenant, String token, boolean saveForAutopay, URI returnTo) {
        PayLinkView link = linkOfToken(tenant, token);
        Invoice invoice = invoices.get(tenant, link.invoiceId());
        long balance = minor(invoice.balance(), invoice.currency());
        if (invoice.status() != InvoiceStatus.ISSUED || balance <= 0) {
            throw new ConflictException("Invoice " + invoice.number() + " is " + invoice.status()
                    + ": nothing is owed");
        }
        Setup setup = requireSetup(tenant);
        boolean save = saveForAutopay && setup.autopay();
        try {
            String customerRef = gatewayCustomer(tenant, setup, invoice.customerId());
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(META_TENANT, tenant.id());
            metadata.put(META_INVOICE, invoice.id());
            metadata.put(META_CUSTOMER, invoice.customerId());
            metadata.put(META_AUTOPAY, String.valueOf(save));
            String back = returnTo.toString();
            PaymentGateway.Session session = setup.gateway().checkout(setup.credentials(),
                    new PaymentGateway.CheckoutRequest(customerRef, balance, invoice.currency(),
                            "Invoice " + invoice.number(), save, back + "?session_id={CHECKOUT_SESSION_ID}", back,
                            metadata),
                    "checkout:" + tenant.id() + ":" + invoice.id() + ":" + balance + ":" + save + ":" + today());
            return new Checkout(URI.create(session.url()));
        } catch (GatewayException e) {
            throw problem(e);
        }
    }

    /** The customer's id at the gateway, made on first need (one per customer: the idempotency key names it). */
    private String gatewayCustomer(TenantRef tenant, Setup setup, String customerId) throws GatewayException {
        Optional<PaymentsStore.CustomerRow> known = db.inTenant(tenant,
                c -> PaymentsStore.customer(c, tenant, customerId));
        if (known.isPresent()) {
            return known.get().gatewayRef();
        }
        Customer customer = customers.get(tenant, customerId);
        String ref = setup.gateway().createCustomer(setup.credentials(), customer.name(), customer.email(),
                Map.of(META_TENANT, tenant.id(), META_CUSTOMER, customerId),
                "customer:" + tenant.id() + ":" + customerId);
        try {
            db.inTenant(tenant, c -> {
                PaymentsStore.saveCustomer(c, tenant, new PaymentsStore.CustomerRow(customerId, ref, null, null,
                        false), now());
                return null;
            });
        } catch (DataAccessException e) {
            if (!e.uniqueViolation()) {
                throw e;
            }
        }
        return ref;
    }

    @Override
    public PayPage returned(TenantRef tenant, String token, String sessionId) {
        PayLinkView link = linkOfToken(tenant, token);
        boolean recorded = false;
        if (sessionId != null && GATEWAY_ID.matcher(sessionId).matches()) {
            Optional<Setup> setup = setup(tenant);
            if (setup.isPresent()) {
                try {
                    Optional<Charge> charge = setup.get().gateway().paidCheckout(setup.get().credentials(),
                            sessionId);
                    if (charge.isPresent() && link.invoiceId().equals(charge.get().metadata().get(META_INVOICE))) {
                        record(tenant, setup.get(), charge.get(), "PAY_LINK");
                        recorded = true;
                    }
                } catch (GatewayException e) {
                    LOG.warn("Could not read checkout {} of tenant {}: {}", sessionId, tenant.slug(), e.getMessage());
                }
            }
        }
        return page(tenant, link, recorded);
    }

    // ---- recording

    /**
     * Records money the gateway took for an invoice of this tenant, once: the ledger row and the invoice's payment in
     * one transaction, keyed by the gateway's payment reference. A card saved for autopay is kept for the customer.
     *
     * @return the ledger row, new or as recorded before; empty when the charge is not for an invoice of this tenant
     */
    Optional<OnlinePayment> record(TenantRef tenant, Setup setup, Charge charge, String via) {
        String invoiceId = charge.metadata().get(META_INVOICE);
        if (invoiceId == null || !tenant.id().equals(charge.metadata().get(META_TENANT))) {
            return Optional.empty();
        }
        String methodLabel = null;
        boolean saveCard = "true".equals(charge.metadata().get(META_AUTOPAY)) && charge.methodRef() != null;
        if (saveCard) {
            try {
                methodLabel = setup.gateway().describeMethod(setup.credentials(), charge.methodRef());
            } catch (GatewayException e) {
                methodLabel = "card";
            }
        }
        String label = methodLabel;
        try {
            return Optional.of(db.inTenant(tenant, c -> {
                Optional<PaymentsStore.PaymentRow> known = PaymentsStore.paymentByRef(c, tenant, charge.paymentRef());
                if (known.isPresent()) {
                    return known.get().view();
                }
                // the row first: a concurrent recording of the same payment waits on its unique reference, then fails
                Invoice invoice = invoices.get(tenant, invoiceId);
                PaymentsStore.PaymentRow row = new PaymentsStore.PaymentRow(Ids.next(), invoiceId,
                        invoice.customerId(), "PAYMENT", charge.amountMinor(), 0, charge.currency(), setup.name(),
                        charge.paymentRef(), charge.chargeRef(), null, null, via, now());
                PaymentsStore.insertPayment(c, tenant, row);
                long applied = 0;
                String paymentId = null;
                for (int attempt = 0; attempt < 3 && paymentId == null; attempt++) {
                    // another payment of the invoice may commit meanwhile (billing locks the invoice): read again
                    Invoice now = attempt == 0 ? invoice : invoices.get(tenant, invoiceId);
                    long balance = now.status() == InvoiceStatus.ISSUED && now.currency().equals(charge.currency())
                            ? minor(now.balance(), now.currency()) : 0;
                    applied = Math.min(balance, charge.amountMinor());
                    if (applied <= 0) {
                        applied = 0;
                        break;
                    }
                    try {
                        paymentId = invoices.pay(tenant, invoiceId, new Payment.Input(PaymentsStore.amount(applied,
                                now.currency()), "CARD", setup.name() + " " + charge.paymentRef())).id();
                    } catch (ValidationException | ConflictException changed) {
                        applied = 0;
                    }
                }
                if (applied < charge.amountMinor()) {
                    LOG.warn("Payment {} of tenant {}: {} of {} minor units {} not applied to invoice {} (it owed "
                            + "less, or another currency): to be refunded", charge.paymentRef(), tenant.slug(),
                            charge.amountMinor() - applied, charge.amountMinor(), charge.currency(), invoice.number());
                }
                PaymentsStore.apply(c, tenant, row.id(), applied, paymentId);
                row = new PaymentsStore.PaymentRow(row.id(), row.invoiceId(), row.customerId(), row.kind(),
                        row.amount(), applied, row.currency(), row.gateway(), row.gatewayRef(), row.chargeRef(),
                        paymentId, null, via, row.recordedAt());
                if (saveCard) {
                    Optional<PaymentsStore.CustomerRow> customer = PaymentsStore.customer(c, tenant,
                            invoice.customerId());
                    String gatewayRef = charge.customerRef() != null ? charge.customerRef()
                            : customer.map(PaymentsStore.CustomerRow::gatewayRef).orElse(null);
                    if (gatewayRef != null) {
                        PaymentsStore.saveCustomer(c, tenant, new PaymentsStore.CustomerRow(invoice.customerId(),
                                gatewayRef, charge.methodRef(), label, true), now());
                    }
                }
                return row.view();
            }));
        } catch (DataAccessException e) {
            if (!e.uniqueViolation()) {
                throw e;
            }
            // recorded by a concurrent event or return of the same payment
            return db.inTenant(tenant, c -> PaymentsStore.paymentByRef(c, tenant, charge.paymentRef()))
                    .map(PaymentsStore.PaymentRow::view);
        }
    }

    /** Records a refund the gateway made of a recorded payment, once (keyed by the refund's reference). */
    Optional<OnlinePayment> recordRefund(TenantRef tenant, PaymentGateway.Refund refund, String reason, String via) {
        try {
            return db.inTenant(tenant, c -> {
                Optional<PaymentsStore.PaymentRow> known = PaymentsStore.paymentByRef(c, tenant, refund.ref());
                if (known.isPresent()) {
                    return known.map(PaymentsStore.PaymentRow::view);
                }
                Optional<PaymentsStore.PaymentRow> paid = PaymentsStore.paymentByRef(c, tenant, refund.paymentRef());
                if (paid.isEmpty() || !"PAYMENT".equals(paid.get().kind())) {
                    return Optional.<OnlinePayment>empty();
                }
                PaymentsStore.PaymentRow payment = paid.get();
                long[] refunded = PaymentsStore.refunded(c, tenant, payment.id());
                PaymentsStore.PaymentRow row = new PaymentsStore.PaymentRow(Ids.next(), payment.invoiceId(),
                        payment.customerId(), "REFUND", -refund.amountMinor(), 0, payment.currency(), payment.gateway(),
                        refund.ref(), payment.chargeRef(), null, payment.id(), via, now());
                PaymentsStore.insertPayment(c, tenant, row); // first: a concurrent recording waits, then fails
                long applied = Math.min(Math.max(0, payment.applied() - refunded[1]), refund.amountMinor());
                String billingRefund = null;
                if (applied > 0 && payment.paymentId() != null) {
                    billingRefund = invoices.refund(tenant, payment.invoiceId(), payment.paymentId(),
                            PaymentsStore.amount(applied, payment.currency()), reason).id();
                } else {
                    applied = 0;
                }
                PaymentsStore.apply(c, tenant, row.id(), applied, billingRefund);
                row = new PaymentsStore.PaymentRow(row.id(), row.invoiceId(), row.customerId(), row.kind(),
                        row.amount(), applied, row.currency(), row.gateway(), row.gatewayRef(), row.chargeRef(),
                        billingRefund, row.refundOf(), via, row.recordedAt());
                return Optional.of(row.view());
            });
        } catch (DataAccessException e) {
            if (!e.uniqueViolation()) {
                throw e;
            }
            return db.inTenant(tenant, c -> PaymentsStore.paymentByRef(c, tenant, refund.ref()))
                    .map(PaymentsStore.PaymentRow::view);
        }
    }

    // ---- refunds

    /**
     * Refunds (part of) a payment taken through the gateway: asks the gateway (with an idempotency key: the client's
     * {@code Idempotency-Key}, or a new one), then records it as a negative payment and the invoice's refund.
     */
    public OnlinePayment refund(TenantRef tenant, String paymentRowId, OnlinePayment.RefundInput in,
            String idempotencyKey) {
        PaymentsStore.PaymentRow payment = db.inTenant(tenant, c -> PaymentsStore.payment(c, tenant, paymentRowId,
                false)).filter(p -> "PAYMENT".equals(p.kind()))
                .orElseThrow(() -> new NotFoundException("No online payment '" + paymentRowId + "'"));
        long left = payment.amount() - db.inTenant(tenant, c -> PaymentsStore.refunded(c, tenant, payment.id()))[0];
        List<FieldError> errors = new ArrayList<>();
        long amount = left;
        if (in != null && in.amount() != null) {
            amount = minor(in.amount(), payment.currency(), "amount", errors);
            if (errors.isEmpty() && amount <= 0) {
                errors.add(new FieldError("amount", "must be more than 0"));
            } else if (errors.isEmpty() && amount > left) {
                errors.add(new FieldError("amount", "exceeds the " + PaymentsStore.amount(left, payment.currency())
                        + " " + payment.currency() + " of this payment not refunded yet"));
            }
        }
        String reason = in == null || in.reason() == null || in.reason().isBlank() ? "refunded"
                : in.reason().strip();
        if (reason.length() > 500) {
            errors.add(new FieldError("reason", "must be at most 500 characters"));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            errors.add(new FieldError("Idempotency-Key", "must be 1-200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (left <= 0) {
            throw new ConflictException("Payment '" + paymentRowId + "' is refunded in full");
        }
        Setup setup = requireSetup(tenant);
        String key = "refund:" + tenant.id() + ":" + payment.id() + ":"
                + (idempotencyKey != null ? idempotencyKey : Ids.next());
        try {
            PaymentGateway.Refund done = setup.gateway().refund(setup.credentials(), payment.gatewayRef(), amount,
                    key);
            return recordRefund(tenant, done, reason, "API").orElseThrow();
        } catch (GatewayException e) {
            throw problem(e);
        }
    }

    // ---- the ledger

    public Page<OnlinePayment> payments(TenantRef tenant, String invoiceId, String customerId, int limit,
            String cursor) {
        PagedQuery query = PagedQuery.of(PaymentsStore.PAYMENT_COLUMNS, "dotmac_online_payment", tenant.id());
        if (invoiceId != null) {
            query.where("invoice_id = ?", invoiceId);
        }
        if (customerId != null) {
            query.where("customer_id = ?", customerId);
        }
        return db.inTenant(tenant, c -> {
            Page<PaymentsStore.PaymentRow> rows = query.fetch(c, PaymentsStore::paymentRow,
                    PaymentsStore.PaymentRow::id, limit, cursor);
            return new Page<>(rows.items().stream().map(PaymentsStore.PaymentRow::view).toList(), rows.nextCursor());
        });
    }

    public OnlinePayment payment(TenantRef tenant, String id) {
        return db.inTenant(tenant, c -> PaymentsStore.payment(c, tenant, id, false))
                .map(PaymentsStore.PaymentRow::view)
                .orElseThrow(() -> new NotFoundException("No online payment '" + id + "'"));
    }

    // ---- the gateway's events

    @Override
    public void event(TenantRef tenant, String gateway, byte[] payload, String signature) {
        Optional<Setup> found = setup(tenant).filter(s -> s.name().equals(gateway));
        if (found.isEmpty()) {
            throw new NotFoundException("Tenant '" + tenant.slug() + "' takes no payments through " + gateway);
        }
        Setup setup = found.get();
        PaymentGateway.Event event;
        try {
            event = setup.gateway().verify(setup.credentials(), payload, signature);
        } catch (PaymentGateway.SignatureException e) {
            throw new ValidationException("Stripe-Signature", "does not verify with the tenant's signing secret: "
                    + e.getMessage());
        }
        if (db.inTenant(tenant, c -> PaymentsStore.seen(c, tenant, event.id()))) {
            return; // delivered again: acted upon already
        }
        if (event.sessionId() != null) {
            try {
                setup.gateway().paidCheckout(setup.credentials(), event.sessionId())
                        .ifPresent(charge -> record(tenant, setup, charge, "WEBHOOK"));
            } catch (GatewayException e) {
                throw problem(e); // not marked seen: the gateway sends it again
            }
        } else if (event.charge() != null) {
            record(tenant, setup, event.charge(), "WEBHOOK");
        } else if (event.refund() != null && "succeeded".equals(event.refund().status())) {
            recordRefund(tenant, event.refund(), "refunded at " + setup.name() + " (" + event.refund().ref() + ")",
                    "WEBHOOK");
        }
        try {
            db.inTenant(tenant, c -> {
                PaymentsStore.markSeen(c, tenant, event.id(), event.type(), now());
                return null;
            });
        } catch (DataAccessException e) {
            if (!e.uniqueViolation()) {
                throw e;
            }
        }
    }

    // ---- reconciliation

    public Reconciliation reconcile(TenantRef tenant, String month) {
        YearMonth m;
        try {
            m = month == null ? YearMonth.now(clock).minusMonths(1) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new ValidationException("month", "must be a month such as 2026-11");
        }
        Setup setup = requireSetup(tenant);
        LocalDate from = m.atDay(1);
        LocalDate to = m.plusMonths(1).atDay(1);
        List<PaymentGateway.Payout> payouts;
        try {
            payouts = setup.gateway().payouts(setup.credentials(), from, to);
        } catch (GatewayException e) {
            throw problem(e);
        }
        return db.inTenant(tenant, c -> {
            List<Reconciliation.PayoutView> views = new ArrayList<>();
            List<Reconciliation.GatewayLine> gatewayOnly = new ArrayList<>();
            java.util.Set<String> paidOut = new java.util.HashSet<>();
            int matched = 0;
            for (PaymentGateway.Payout p : payouts) {
                int mine = 0;
                long gross = 0;
                long fees = 0;
                for (PaymentGateway.Payout.Line line : p.lines()) {
                    gross += line.amountMinor();
                    fees += line.feeMinor();
                    boolean money = line.type().equals("charge") || line.type().equals("payment")
                            || line.type().equals("refund") || line.type().equals("payment_refund");
                    if (!money || line.sourceRef() == null) {
                        continue;
                    }
                    paidOut.add(line.sourceRef());
                    if (PaymentsStore.known(c, tenant, line.sourceRef())) {
                        mine++;
                    } else {
                        gatewayOnly.add(new Reconciliation.GatewayLine(p.id(), line.type(), line.sourceRef(),
                                PaymentsStore.amount(line.amountMinor(), p.currency()), p.currency()));
                    }
                }
                matched += mine;
                views.add(new Reconciliation.PayoutView(p.id(), p.arrivalDate(), PaymentsStore.amount(
                        p.amountMinor(), p.currency()), p.currency(), p.status(), PaymentsStore.amount(gross,
                                p.currency()), PaymentsStore.amount(fees, p.currency()), p.lines().size(), mine));
            }
            List<PaymentsStore.PaymentRow> recorded = PaymentsStore.recorded(c, tenant,
                    from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant());
            List<OnlinePayment> notPaidOut = new ArrayList<>();
            Map<String, long[]> totals = new LinkedHashMap<>();
            for (PaymentsStore.PaymentRow r : recorded) {
                String source = r.kind().equals("PAYMENT") ? r.chargeRef() : r.gatewayRef();
                if (source == null || !paidOut.contains(source)) {
                    notPaidOut.add(r.view());
                }
                long[] t = totals.computeIfAbsent(r.currency(), k -> new long[2]);
                t[r.kind().equals("PAYMENT") ? 0 : 1] += r.amount();
            }
            List<Reconciliation.Total> sums = new ArrayList<>();
            totals.forEach((currency, t) -> sums.add(new Reconciliation.Total(currency, PaymentsStore.amount(t[0],
                    currency), PaymentsStore.amount(t[1], currency), PaymentsStore.amount(t[0] + t[1], currency))));
            return new Reconciliation(m.toString(), views, matched, gatewayOnly, notPaidOut, sums);
        });
    }

    // ---- amounts

    static long minor(String amount, String currency) {
        return new BigDecimal(amount).movePointRight(Currency.getInstance(currency).getDefaultFractionDigits())
                .longValueExact();
    }

    static long minor(String amount, String currency, String field, List<FieldError> errors) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        try {
            BigDecimal d = new BigDecimal(amount.strip());
            if (d.scale() > digits || amount.length() > 40) {
                errors.add(new FieldError(field, "must have at most " + digits + " decimals"));
                return 0;
            }
            return d.movePointRight(digits).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new FieldError(field, "must be a decimal string such as \"49.90\""));
            return 0;
        }
    }
}
