package io.dotmac.payments.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dotmac.billing.basic.Invoice;
import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.billing.basic.InvoiceStatus;
import io.dotmac.customers.CustomerService;
import io.dotmac.payments.PaymentGateway;
import io.dotmac.persistence.DataAccessException;
import io.dotmac.persistence.Database;
import io.dotmac.persistence.Leases;
import io.dotmac.persistence.MigratedSchema;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.Ids;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.TenantService;

/**
 * Autopay: a customer's owed invoices charged to the card the gateway keeps for them, on the due date and again on
 * each retry day ({@code autopayRetryDays}, {@code 0,3,7}: steps 1, 2 and 3) until paid. Each step is attempted once:
 * its row is claimed ({@code PENDING}) before the gateway is asked, with the idempotency key
 * {@code autopay:<tenant>:<invoice>:<step>}, so a node that crashes in between leaves a claim the next run asks again
 * with the same key, and the gateway charges once. Runs are a tenant's ({@code POST /api/v1/payments/autopay/run})
 * or the schedule's: every {@code autopayTickSeconds}, the node holding the lease {@code autopay} runs every tenant
 * that has customers on autopay and may use the plugin now.
 */
@Component(service = Autopay.class, configurationPid = PaymentsConfig.PID)
public class Autopay {

    private static final Logger LOG = LoggerFactory.getLogger(Autopay.class);
    /** A claim older than this whose node never finished it is asked again (with the same idempotency key). */
    static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    private final Database db;
    private final OnlinePayments payments;
    private final InvoiceService invoices;
    private final CustomerService customers;
    private final TenantService tenants;
    private final Leases leases;
    private final int[] retryDays;
    private final ScheduledExecutorService schedule;
    private final Duration tick;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantServices licensing;

    @Activate
    public Autopay(@Reference Database db, @Reference OnlinePayments payments, @Reference InvoiceService invoices,
            @Reference CustomerService customers, @Reference TenantService tenants, @Reference Leases leases,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=" + OnlinePayments.PLUGIN + ")")
            MigratedSchema schema, PaymentsConfig config) {
        this.db = db;
        this.payments = payments;
        this.invoices = invoices;
        this.customers = customers;
        this.tenants = tenants;
        this.leases = leases;
        this.retryDays = retryDays(config.autopayRetryDays());
        this.tick = Duration.ofSeconds(Math.max(1, config.autopayTickSeconds()));
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-autopay");
            t.setDaemon(true);
            return t;
        });
        schedule.scheduleWithFixedDelay(this::scheduled, tick.toSeconds(), tick.toSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        schedule.shutdownNow();
    }

    /** {@code 0,3,7} as days after the due date, ascending; a bad list falls back to 0, 3 and 7 (logged). */
    static int[] retryDays(String list) {
        try {
            int[] days = java.util.Arrays.stream(list.split(",")).map(String::strip).mapToInt(Integer::parseInt)
                    .sorted().distinct().toArray();
            if (days.length == 0 || days.length > 10 || days[0] < 0 || days[days.length - 1] > 90) {
                throw new NumberFormatException(list);
            }
            return days;
        } catch (RuntimeException e) {
            LOG.warn("autopayRetryDays '{}' is not a list of 1-10 days from 0 to 90; using 0,3,7", list);
            return new int[] { 0, 3, 7 };
        }
    }

    private void scheduled() {
        try {
            if (!leases.acquire("autopay", tick.multipliedBy(2))) {
                return;
            }
            for (String id : db.acrossTenants(PaymentsStore::autopayTenants)) {
                Optional<TenantRef> tenant = tenants.find(id).map(t -> t.ref());
                TenantServices gate = licensing;
                if (tenant.isEmpty() || gate == null) {
                    continue;
                }
                try {
                    gate.check(tenant.get(), OnlinePayments.PLUGIN);
                    run(tenant.get(), payments.today());
                } catch (DotMacException refused) {
                    LOG.debug("No autopay for tenant {}: {}", tenant.get().slug(), refused.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Autopay run failed: {}", e.getMessage());
        }
    }

    /** Parses a run's date: today when absent. */
    LocalDate date(String date) {
        if (date == null || date.isBlank()) {
            return payments.today();
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException("date", "must be a date such as 2026-12-07");
        }
    }

    /**
     * Charges, for {@code tenant} as on {@code date}, each owed invoice of its customers on autopay whose latest step
     * is due and not attempted yet.
     *
     * @return the attempts this run made
     */
    public List<AutopayAttempt> run(TenantRef tenant, LocalDate date) {
        Optional<OnlinePayments.Setup> found = payments.setup(tenant);
        if (found.isEmpty() || !found.get().autopay()) {
            return List.of();
        }
        OnlinePayments.Setup setup = found.get();
        List<AutopayAttempt> made = new ArrayList<>();
        for (PaymentsStore.CustomerRow customer : db.inTenant(tenant,
                c -> PaymentsStore.autopayCustomers(c, tenant))) {
            String cursor = null;
            do {
                Page<Invoice> page = invoices.list(tenant, customer.customerId(), InvoiceStatus.ISSUED, 100, cursor);
                for (Invoice invoice : page.items()) {
                    attempt(tenant, setup, customer, invoice, date).ifPresent(made::add);
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return made;
    }

    /** The step due on {@code date} for an invoice due on {@code due}: 1 + the last retry day reached; 0 before. */
    static int step(int[] retryDays, LocalDate due, LocalDate date) {
        int step = 0;
        for (int i = 0; i < retryDays.length; i++) {
            if (!date.isBefore(due.plusDays(retryDays[i]))) {
                step = i + 1;
            }
        }
        return step;
    }

    private Optional<AutopayAttempt> attempt(TenantRef tenant, OnlinePayments.Setup setup,
            PaymentsStore.CustomerRow customer, Invoice invoice, LocalDate date) {
        if (invoice.dueDate() == null) {
            return Optional.empty();
        }
        int step = step(retryDays, invoice.dueDate(), date);
        long amount = OnlinePayments.minor(invoice.balance(), invoice.currency());
        if (step == 0 || amount <= 0) {
            return Optional.empty();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String claimed;
        try {
            claimed = db.inTenant(tenant, c -> claim(c, tenant, customer, invoice, step, date, amount, now));
        } catch (DataAccessException e) {
            if (e.uniqueViolation()) {
                return Optional.empty(); // another run claimed it first
            }
            throw e;
        }
        if (claimed == null) {
            return Optional.empty();
        }
        String key = "autopay:" + tenant.id() + ":" + invoice.id() + ":" + step;
        String status;
        String ref = null;
        String failure = null;
        try {
            Map<String, String> metadata = Map.of(OnlinePayments.META_TENANT, tenant.id(),
                    OnlinePayments.META_INVOICE, invoice.id(), OnlinePayments.META_CUSTOMER, customer.customerId());
            PaymentGateway.Charge charge = setup.gateway().chargeStored(setup.credentials(),
                    new PaymentGateway.StoredCharge(customer.gatewayRef(), customer.methodRef(), amount,
                            invoice.currency(), "Invoice " + invoice.number(), metadata), key);
            // what DotMac asked for is what it is for, whether or not the gateway echoes the metadata
            Map<String, String> known = new java.util.HashMap<>(charge.metadata());
            known.putAll(metadata);
            payments.record(tenant, setup, new PaymentGateway.Charge(charge.paymentRef(), charge.chargeRef(),
                    charge.amountMinor(), charge.currency(), charge.customerRef(), charge.methodRef(), known),
                    "AUTOPAY");
            status = "SUCCEEDED";
            ref = charge.paymentRef();
        } catch (PaymentGateway.Declined declined) {
            status = "FAILED";
            ref = declined.paymentRef();
            failure = (declined.code() == null ? "" : declined.code() + ": ") + declined.getMessage();
        } catch (PaymentGateway.GatewayException e) {
            LOG.warn("Autopay of invoice {} (tenant {}) not attempted: {}", invoice.number(), tenant.slug(),
                    e.getMessage());
            if (e.code() == null) { // unreachable: the claim goes, so the next run asks again (same key)
                db.inTenant(tenant, c -> {
                    PaymentsStore.deleteAttempt(c, tenant, claimed);
                    return null;
                });
                return Optional.empty();
            }
            status = "FAILED";
            failure = e.code() + ": " + e.getMessage();
        } catch (NotFoundException | DataAccessException e) {
            LOG.warn("Autopay of invoice {} (tenant {}): {}", invoice.number(), tenant.slug(), e.getMessage());
            return Optional.empty();
        }
        String s = status;
        String r = ref;
        String f = failure;
        return Optional.of(db.inTenant(tenant, c -> {
            PaymentsStore.finishAttempt(c, tenant, claimed, s, r, f);
            return PaymentsStore.attempts(c, tenant, invoice.id()).stream().filter(a -> a.id().equals(claimed))
                    .findFirst().orElseThrow();
        }));
    }

    /**
     * Claims {@code step} of the invoice for this run: a new {@code PENDING} attempt, or a stale one of the same step
     * (its node never finished); {@code null} when the step (or a later one) was attempted or the invoice was paid.
     */
    private static String claim(java.sql.Connection c, TenantRef tenant, PaymentsStore.CustomerRow customer,
            Invoice invoice, int step, LocalDate date, long amount, Instant now) throws java.sql.SQLException {
        for (AutopayAttempt a : PaymentsStore.attempts(c, tenant, invoice.id())) {
            if (a.step() > step || a.status().equals("SUCCEEDED")) {
                return null;
            }
            if (a.step() == step) {
                boolean stale = a.status().equals("PENDING") && a.attemptedAt().isBefore(now.minus(STALE_CLAIM));
                return stale ? a.id() : null;
            }
        }
        String id = Ids.next();
        PaymentsStore.insertAttempt(c, tenant, id, invoice.id(), customer.customerId(), step, date, amount,
                invoice.currency(), now);
        return id;
    }

    public List<AutopayAttempt> attempts(TenantRef tenant, String invoiceId) {
        return db.inTenant(tenant, c -> PaymentsStore.attempts(c, tenant, invoiceId));
    }

    /** A customer's autopay. */
    public AutopayView autopay(TenantRef tenant, String customerId) {
        customers.get(tenant, customerId); // 404 for a customer the tenant does not have
        return db.inTenant(tenant, c -> PaymentsStore.customer(c, tenant, customerId))
                .map(r -> new AutopayView(customerId, r.autopay() && r.methodRef() != null, r.methodLabel()))
                .orElse(new AutopayView(customerId, false, null));
    }

    /** Turns a customer's autopay on (they must have saved a card) or off (the card stays at the gateway). */
    public AutopayView changeAutopay(TenantRef tenant, String customerId, AutopayView.Input in) {
        if (in == null || in.enabled() == null) {
            throw new ValidationException("enabled", "is required (true or false)");
        }
        customers.get(tenant, customerId);
        return db.inTenant(tenant, c -> {
            Optional<PaymentsStore.CustomerRow> row = PaymentsStore.customer(c, tenant, customerId);
            if (in.enabled() && (row.isEmpty() || row.get().methodRef() == null)) {
                throw new io.dotmac.platform.api.ConflictException("Customer '" + customerId + "' has no card kept "
                        + "for autopay: they save one when paying an invoice's pay link");
            }
            if (row.isEmpty()) {
                return new AutopayView(customerId, false, null);
            }
            PaymentsStore.CustomerRow r = row.get();
            PaymentsStore.saveCustomer(c, tenant, new PaymentsStore.CustomerRow(customerId, r.gatewayRef(),
                    r.methodRef(), r.methodLabel(), in.enabled()), Instant.now());
            return new AutopayView(customerId, in.enabled(), r.methodLabel());
        });
    }
}
