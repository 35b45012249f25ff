package io.dotmac.management.engine.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.billing.basic.BillingPeriod;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanInput;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionInput;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.billing.basic.SubscriptionStatus;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerInput;
import io.dotmac.customers.CustomerService;
import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TierOffer;
import io.dotmac.management.IspAccount;
import io.dotmac.management.IspAccounts;
import io.dotmac.management.IspRegistration;
import io.dotmac.marketplace.Marketplace;
import io.dotmac.persistence.Leases;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantListener;
import io.dotmac.tenant.TenantService;

/**
 * {@link IspAccounts} on the platform tenant's customers, plans and subscriptions (through licensing layer 2, as any
 * bundle reaches a tenant's plugins). The customer's subscriptions are the record of what is billed: a reconciliation
 * reads them and makes, moves or cancels only what differs, so it can be cut short and run again. The only rows of
 * its own are the ISP's customer id ({@code dotmac_mg_isp_account}) and the plans made for tiers and add-ons
 * ({@code dotmac_mg_platform_plan}, by a code naming the tier or add-on, its cycle, price and currency: a new price
 * is a new plan, and subscriptions move to it at the next reconciliation, prorated).
 */
@Component(service = { IspAccounts.class, TenantListener.class, EventHandler.class }, immediate = true,
        configurationPid = ManagementService.PID,
        property = EventConstants.EVENT_TOPIC + "=io/dotmac/management/*")
public class IspAccountsService implements IspAccounts, TenantListener, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IspAccountsService.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final String CUSTOMERS = "customer_management";
    static final String BILLING = "basic_billing";
    private static final String TIER_PLAN = "tier:";
    private static final String ADDON_PLAN = "addon:";

    private final JpaTemplate jpa;
    private final TenantService tenants;
    private final TenantServices licences;
    private final Licensing licensing;
    private final String platformTenant;
    private final BigDecimal annualFactor;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean queued = new AtomicBoolean();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Marketplace marketplace;

    @Activate
    public IspAccountsService(
            @Reference(target = "(&(osgi.unit.name=dotmac-management)(transaction.type=RESOURCE_LOCAL))")
            JpaTemplate jpa, @Reference TenantService tenants, @Reference TenantServices licences,
            @Reference Licensing licensing, @Reference Leases leases, ManagementConfig config) {
        this.jpa = jpa;
        this.tenants = tenants;
        this.licences = licences;
        this.licensing = licensing;
        this.platformTenant = config.platformTenant();
        this.annualFactor = annualFactor(config.annualDiscountPercent());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotmac-isp-accounts");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, config.accountsSyncSeconds());
        // one node of several reconciles; another takes over within two rounds when it stops
        java.time.Duration lease = java.time.Duration.ofSeconds(2 * every + 30);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (leases.acquire("isp-accounts", lease)) {
                    reconcileQuietly();
                }
            } catch (RuntimeException e) {
                LOG.warn("The ISP accounts' reconciliation waits for the next round: {}", e.toString());
            }
        }, 5, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** 12 × (1 − discount / 100): what a year costs in months. */
    static BigDecimal annualFactor(String discountPercent) {
        BigDecimal d;
        try {
            d = new BigDecimal(discountPercent.trim());
        } catch (NumberFormatException e) {
            LOG.error("annualDiscountPercent '{}' is not a number: no discount", discountPercent);
            d = BigDecimal.ZERO;
        }
        if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) >= 0) {
            LOG.error("annualDiscountPercent {} is not in [0, 100): no discount", d);
            d = BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(12).multiply(BigDecimal.ONE.subtract(d.movePointLeft(2)));
    }

    // ---- triggers

    @Override
    public void handleEvent(Event event) {
        soon();
    }

    @Override
    public void tenantChanged(Tenant before, Tenant after) {
        if (before != null && after != null && before.tier() != after.tier()) {
            soon();
        }
    }

    /** A reconciliation shortly, on the scheduler's thread (several asked at once make one). */
    private void soon() {
        if (queued.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    queued.set(false);
                    reconcileQuietly();
                }, 200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                queued.set(false);
            }
        }
    }

    private void reconcileQuietly() {
        try {
            int changed = reconcile();
            if (changed > 0) {
                LOG.info("ISP accounts: {} subscriptions made, changed or cancelled on tenant '{}'", changed,
                        platformTenant);
            }
        } catch (UnavailableException e) {
            LOG.debug("ISP accounts not reconciled: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("ISP accounts not reconciled", e);
        }
    }

    // ---- reading

    /** An ISP with a deployment that became ready, and its account row. */
    record Isp(String id, String company, String email, String region, String registeredTier, String deployment,
            String details, Instant createdAt, String jobStatus, String tenant, String customerId) {
        boolean active() {
            return "READY".equals(jobStatus);
        }
    }

    private List<Isp> isps(String afterId, int limit, String onlyId) {
        return jpa.txExpr(em -> {
            StringBuilder sql = new StringBuilder("SELECT r.id, r.company_name, r.contact_email, r.region, r.tier, "
                    + "r.deployment_type, r.details, r.created_at, j.status, res.content, a.customer_id "
                    + "FROM dotmac_mg_registration r JOIN dotmac_mg_job j ON j.registration_id = r.id "
                    + "LEFT JOIN dotmac_mg_resource res ON res.job_id = j.id AND res.name = 'tenant' "
                    + "LEFT JOIN dotmac_mg_isp_account a ON a.registration_id = r.id "
                    + "WHERE j.ready_at IS NOT NULL AND r.id > ?1");
            if (onlyId != null) {
                sql.append(" AND r.id = ?2");
            }
            sql.append(" ORDER BY r.id");
            javax.persistence.Query q = em.createNativeQuery(sql.toString()).setParameter(1, afterId == null ? ""
                    : afterId);
            if (onlyId != null) {
                q.setParameter(2, onlyId);
            }
            q.setMaxResults(limit);
            List<Isp> out = new ArrayList<>();
            for (Object row : q.getResultList()) {
                Object[] c = (Object[]) row;
                out.add(new Isp((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4],
                        (String) c[5], (String) c[6], instant(c[7]), (String) c[8], (String) c[9], (String) c[10]));
            }
            return out;
        });
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return value instanceof Instant i ? i : null;
    }

    private static String cycle(Isp isp) {
        try {
            IspRegistration r = JSON.readValue(isp.details(), IspRegistration.class);
            String c = r.commercial() == null ? null : r.commercial().billingCycle();
            return "ANNUAL".equalsIgnoreCase(c) ? "ANNUAL" : "MONTHLY";
        } catch (java.io.IOException e) {
            return "MONTHLY";
        }
    }

    /** The tier an ISP is billed for: its tenant's tier on a shared instance, else the one it registered with. */
    private Tier tier(Isp isp) {
        if ("SHARED".equals(isp.deployment()) && isp.tenant() != null) {
            java.util.Optional<Tenant> t = tenants.find(isp.tenant());
            if (t.isPresent()) {
                return t.get().tier();
            }
        }
        return Tier.valueOf(isp.registeredTier());
    }

    // ---- the platform tenant's services

    /** The platform tenant and the services billing its ISPs. */
    private record Books(TenantRef tenant, String currency, CustomerService customers, PlanService plans,
            SubscriptionService subscriptions) {
    }

    private Books books() {
        Tenant t = tenants.find(platformTenant).orElseThrow(() -> new UnavailableException("the platform's own "
                + "tenant '" + platformTenant + "' (platformTenant of io.dotmac.management) does not exist: the ISPs "
                + "cannot be billed"));
        try {
            return new Books(t.ref(), t.currency(),
                    licences.service(t.ref(), CUSTOMERS, CustomerService.class).orElseThrow(() ->
                            new UnavailableException(CUSTOMERS + " is not installed")),
                    licences.service(t.ref(), BILLING, PlanService.class).orElseThrow(() ->
                            new UnavailableException(BILLING + " is not installed")),
                    licences.service(t.ref(), BILLING, SubscriptionService.class).orElseThrow(() ->
                            new UnavailableException(BILLING + " is not installed")));
        } catch (UnavailableException e) {
            throw e;
        } catch (DotMacException e) {
            throw new UnavailableException("the platform's own tenant '" + platformTenant + "' cannot bill: "
                    + e.getMessage());
        }
    }

    // ---- IspAccounts

    @Override
    public Page<IspAccount> list(int limit, String cursor) {
        List<Isp> page = isps(cursor, limit + 1, null);
        boolean more = page.size() > limit;
        List<Isp> shown = more ? page.subList(0, limit) : page;
        Books books = booksOrNull();
        List<IspAccount> items = new ArrayList<>();
        for (Isp isp : shown) {
            items.add(view(isp, books));
        }
        return new Page<>(items, more ? shown.get(shown.size() - 1).id() : null);
    }

    @Override
    public IspAccount get(String ispId) {
        List<Isp> found = isps(null, 1, ispId);
        if (found.isEmpty()) {
            throw new NotFoundException("No ISP " + ispId + " with a deployment that became ready");
        }
        return view(found.get(0), booksOrNull());
    }

    private Books booksOrNull() {
        try {
            return books();
        } catch (UnavailableException e) {
            return null;
        }
    }

    private IspAccount view(Isp isp, Books books) {
        Tier tier = tier(isp);
        String cycle = cycle(isp);
        Map<String, String> codes = planCodes();
        String subscriptionId = null;
        BigDecimal monthly = BigDecimal.ZERO;
        List<IspAccount.AddOn> addOns = new ArrayList<>();
        String currency = books == null ? null : books.currency();
        if (books != null && isp.customerId() != null) {
            for (Subscription s : subscriptions(books, isp.customerId())) {
                String code = codes.get(s.planId());
                if (code == null) {
                    continue;
                }
                Plan plan = books.plans().get(books.tenant(), s.planId());
                BigDecimal price = new BigDecimal(plan.price());
                BigDecimal perMonth = plan.billingPeriod() == BillingPeriod.YEARLY
                        ? price.divide(BigDecimal.valueOf(12), 2, RoundingMode.HALF_UP)
                        : plan.billingPeriod() == BillingPeriod.QUARTERLY
                                ? price.divide(BigDecimal.valueOf(3), 2, RoundingMode.HALF_UP) : price;
                monthly = monthly.add(perMonth);
                if (code.startsWith(TIER_PLAN)) {
                    subscriptionId = s.id();
                } else {
                    addOns.add(new IspAccount.AddOn(code.split(":")[1], plan.price(), s.id()));
                }
            }
        }
        String status = !isp.active() ? "CANCELLED"
                : isp.customerId() == null || tier != Tier.FREE && subscriptionId == null ? "PENDING" : "ACTIVE";
        return new IspAccount(isp.id(), isp.company(), isp.region(), isp.deployment(), isp.tenant(), tier.name(),
                cycle, status, isp.customerId(), subscriptionId, monthly.setScale(2, RoundingMode.HALF_UP)
                        .toPlainString(), currency, addOns, isp.createdAt());
    }

    /** The customer's subscriptions that are not cancelled (an ISP has a handful). */
    private static List<Subscription> subscriptions(Books books, String customerId) {
        List<Subscription> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Subscription> page = books.subscriptions().list(books.tenant(), customerId, null, 100, cursor);
            for (Subscription s : page.items()) {
                if (s.status() != SubscriptionStatus.CANCELLED) {
                    out.add(s);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** Plan id → code of every plan made for the ISPs. */
    private Map<String, String> planCodes() {
        return jpa.txExpr(em -> {
            Map<String, String> out = new HashMap<>();
            for (Object row : em.createNativeQuery("SELECT plan_id, code FROM dotmac_mg_platform_plan")
                    .getResultList()) {
                Object[] c = (Object[]) row;
                out.put((String) c[0], (String) c[1]);
            }
            return out;
        });
    }

    @Override
    public synchronized int reconcile() {
        Books books = books();
        Map<Tier, TierOffer> offers = new LinkedHashMap<>();
        for (TierOffer o : licensing.tiers()) {
            offers.put(o.tier(), o);
        }
        int changed = 0;
        String cursor = null;
        while (true) {
            List<Isp> page = isps(cursor, 200, null);
            for (Isp isp : page) {
                try {
                    changed += reconcile(isp, books, offers);
                } catch (DotMacException e) {
                    LOG.warn("ISP {} ({}) not reconciled: {}", isp.id(), isp.company(), e.getMessage());
                }
            }
            if (page.size() < 200) {
                return changed;
            }
            cursor = page.get(page.size() - 1).id();
        }
    }

    private int reconcile(Isp isp, Books books, Map<Tier, TierOffer> offers) {
        String customerId = isp.customerId();
        if (customerId == null) {
            if (!isp.active()) {
                return 0; // never billed
            }
            customerId = customer(isp, books);
        }
        // what should be billed: plan id → what for
        Map<String, String> wanted = new LinkedHashMap<>();
        String tierPlan = null;
        if (isp.active()) {
            Tier tier = tier(isp);
            TierOffer offer = offers.get(tier);
            if (tier != Tier.FREE && offer != null) {
                BigDecimal monthly = new BigDecimal(offer.monthlyPrice());
                boolean annual = "ANNUAL".equals(cycle(isp));
                BigDecimal price = annual ? monthly.multiply(annualFactor) : monthly;
                tierPlan = plan(books, TIER_PLAN + tier + ":" + (annual ? "ANNUAL" : "MONTHLY"), "DotMac " + tier
                        + (annual ? " (annual)" : " (monthly)"), price, offer.currency(), annual ? BillingPeriod.YEARLY
                                : BillingPeriod.MONTHLY);
                wanted.put(tierPlan, "tier");
            }
            Marketplace m = marketplace;
            if (m != null && "SHARED".equals(isp.deployment()) && isp.tenant() != null) {
                java.util.Optional<Tenant> t = tenants.find(isp.tenant());
                if (t.isPresent()) {
                    Instant now = Instant.now();
                    for (Marketplace.Purchase p : m.purchases(t.get().ref())) {
                        if (p.endsAt() == null || p.endsAt().isAfter(now)) {
                            wanted.put(plan(books, ADDON_PLAN + p.plugin(), "Add-on: " + p.name(),
                                    new BigDecimal(p.monthlyPrice()), p.currency(), BillingPeriod.MONTHLY),
                                    "addon");
                        }
                    }
                }
            }
        }
        Map<String, String> codes = planCodes();
        int changed = 0;
        for (Subscription s : subscriptions(books, customerId)) {
            String code = codes.get(s.planId());
            if (code == null || s.cancelAt() != null) {
                continue; // not one of ours, or already ending
            }
            if (wanted.remove(s.planId()) != null) {
                continue; // as it should be
            }
            if (code.startsWith(TIER_PLAN) && tierPlan != null && wanted.remove(tierPlan) != null) {
                // another tier, cycle or price: the same subscription moves (the billing engine prorates)
                books.subscriptions().update(books.tenant(), s.id(), new SubscriptionInput(null, tierPlan, null,
                        null));
            } else {
                // no longer wanted: ends with its period (a decommissioned ISP's at once)
                books.subscriptions().cancel(books.tenant(), s.id(), isp.active());
            }
            changed++;
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        for (String planId : wanted.keySet()) {
            books.subscriptions().create(books.tenant(), new SubscriptionInput(customerId, planId, today, null));
            changed++;
        }
        return changed;
    }

    /** The ISP's customer on the platform tenant: found by its tag (after a run cut short), else made and tagged. */
    private String customer(Isp isp, Books books) {
        String tag = "isp-" + isp.id().toLowerCase(Locale.ROOT);
        Page<Customer> tagged = books.customers().list(books.tenant(), null, null, tag, 1, null);
        String id;
        if (!tagged.items().isEmpty()) {
            id = tagged.items().get(0).id();
        } else {
            Customer c;
            try {
                c = books.customers().create(books.tenant(), new CustomerInput(isp.company(), isp.email(), null, null,
                        null));
            } catch (ConflictException sameEmail) {
                // another ISP registered with the same contact address: this one's mail goes to a sub-address
                String[] parts = isp.email().split("@", 2);
                c = books.customers().create(books.tenant(), new CustomerInput(isp.company(), parts[0] + "+" + tag
                        + "@" + parts[1], null, null, null));
            }
            books.customers().tag(books.tenant(), c.id(), tag);
            id = c.id();
        }
        String customerId = id;
        jpa.tx(em -> em.createNativeQuery("INSERT INTO dotmac_mg_isp_account (registration_id, customer_id, "
                + "created_at) VALUES (?1, ?2, ?3)").setParameter(1, isp.id()).setParameter(2, customerId)
                .setParameter(3, java.sql.Timestamp.from(Instant.now())).executeUpdate());
        return customerId;
    }

    /** The plan of {@code code} at this price, made on first use. */
    private String plan(Books books, String code, String name, BigDecimal price, String currency,
            BillingPeriod period) {
        if (!currency.equals(books.currency())) {
            throw new UnavailableException("the platform tenant '" + platformTenant + "' bills in "
                    + books.currency() + ", the price of " + code + " is in " + currency);
        }
        String amount = price.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String full = code + ":" + amount + ":" + currency;
        String existing = jpa.txExpr(em -> {
            List<?> rows = em.createNativeQuery("SELECT plan_id FROM dotmac_mg_platform_plan WHERE code = ?1")
                    .setParameter(1, full).getResultList();
            return rows.isEmpty() ? null : (String) rows.get(0);
        });
        if (existing != null) {
            return existing;
        }
        // plans are an ISP's service plans: a platform plan carries the smallest speeds they allow (1 Mbps)
        Plan plan = books.plans().create(books.tenant(), new PlanInput(name, amount, currency, period.name(), 1, 1,
                null, true));
        jpa.tx(em -> em.createNativeQuery("INSERT INTO dotmac_mg_platform_plan (code, plan_id, created_at) VALUES "
                + "(?1, ?2, ?3)").setParameter(1, full).setParameter(2, plan.id())
                .setParameter(3, java.sql.Timestamp.from(Instant.now())).executeUpdate());
        return plan.id();
    }
}
