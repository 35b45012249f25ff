package io.dotmac.management.engine.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.billing.basic.InvoiceService;
import io.dotmac.licensing.Licensing;
import io.dotmac.licensing.TenantLicense;
import io.dotmac.licensing.TenantPlugin;
import io.dotmac.licensing.TierOffer;
import io.dotmac.management.HealthScore;
import io.dotmac.management.IspAccount;
import io.dotmac.management.IspAccounts;
import io.dotmac.management.IspInsights;
import io.dotmac.management.IspUsage;
import io.dotmac.management.PlatformFigures;
import io.dotmac.management.UsageHour;
import io.dotmac.marketplace.Marketplace;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.Tier;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;
import io.dotmac.tickets.TicketService;

/**
 * {@link IspInsights}: the figures from the ISP accounts and the deployments' times; the health score from the ISP's
 * metered hours and, on this instance, its own invoices and tickets (through licensing layer 2, like any bundle).
 */
@Component(service = IspInsights.class, configurationPid = ManagementService.PID)
public class IspInsightsService implements IspInsights {

    private final JpaTemplate jpa;
    private final IspAccounts accounts;
    private final IspUsage usage;
    private final Licensing licensing;
    private final TenantService tenants;
    private final TenantServices licences;
    private final BigDecimal annualFactor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Marketplace marketplace;

    @Activate
    public IspInsightsService(
            @Reference(target = "(&(osgi.unit.name=dotmac-management)(transaction.type=RESOURCE_LOCAL))")
            JpaTemplate jpa, @Reference IspAccounts accounts, @Reference IspUsage usage,
            @Reference Licensing licensing, @Reference TenantService tenants, @Reference TenantServices licences,
            ManagementConfig config) {
        this.annualFactor = IspAccountsService.annualFactor(config.annualDiscountPercent());
        this.jpa = jpa;
        this.accounts = accounts;
        this.usage = usage;
        this.licensing = licensing;
        this.tenants = tenants;
        this.licences = licences;
    }

    private List<IspAccount> allAccounts() {
        List<IspAccount> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<IspAccount> page = accounts.list(200, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** The ISP's tenant on this instance, if it is here. */
    private Optional<TenantRef> local(IspAccount a) {
        return "SHARED".equals(a.deployment()) && a.tenant() != null ? tenants.find(a.tenant()).map(Tenant::ref)
                : Optional.empty();
    }

    @Override
    public PlatformFigures figures(int months) {
        Instant now = Instant.now();
        List<IspAccount> all = allAccounts();
        Map<Tier, TierOffer> offers = new HashMap<>();
        licensing.tiers().forEach(o -> offers.put(o.tier(), o));
        String currency = licensing.tiers().isEmpty() ? "USD" : licensing.tiers().get(0).currency();

        Map<String, Integer> byTier = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            byTier.put(t.name(), 0);
        }
        Map<String, Integer> byRegion = new TreeMap<>();
        BigDecimal mrr = BigDecimal.ZERO;
        long customers = 0;
        int billed = 0;
        Map<String, Integer> pluginUse = new TreeMap<>();
        for (IspAccount a : all) {
            if (!"ACTIVE".equals(a.status())) {
                continue;
            }
            billed++;
            byTier.merge(a.tier(), 1, Integer::sum);
            byRegion.merge(a.region(), 1, Integer::sum);
            mrr = mrr.add(new BigDecimal(a.monthlyAmount()));
            Optional<TenantRef> t = local(a);
            if (t.isPresent()) {
                customers += licensing.license(t.get()).customerCount();
                for (TenantPlugin p : licensing.plugins(t.get())) {
                    if (p.active()) {
                        pluginUse.merge(p.id(), 1, Integer::sum);
                    }
                }
            }
        }
        List<PlatformFigures.PluginUse> plugins = new ArrayList<>();
        licensing.catalogue().stream().sorted(java.util.Comparator.comparing(p -> p.id())).forEach(p -> plugins.add(
                new PlatformFigures.PluginUse(p.id(), p.name(), pluginUse.getOrDefault(p.id(), 0))));

        // each ISP's life: ready, decommissioned, and what it pays (a churned one: its tier's price)
        Map<String, Instant[]> times = jpa.txExpr(em -> {
            Map<String, Instant[]> out = new HashMap<>();
            for (Object row : em.createNativeQuery("SELECT registration_id, ready_at, status, updated_at FROM "
                    + "dotmac_mg_job WHERE ready_at IS NOT NULL").getResultList()) {
                Object[] c = (Object[]) row;
                boolean gone = String.valueOf(c[2]).startsWith("DECOMMISSION");
                out.put((String) c[0], new Instant[] { instant(c[1]), gone ? instant(c[3]) : null });
            }
            return out;
        });
        List<Insights.Life> lives = new ArrayList<>();
        for (IspAccount a : all) {
            Instant[] t = times.get(a.ispId());
            if (t == null || t[0] == null) {
                continue;
            }
            BigDecimal monthly = "ACTIVE".equals(a.status()) ? new BigDecimal(a.monthlyAmount())
                    : listPrice(offers.get(Tier.valueOf(a.tier())), a.billingCycle());
            lives.add(new Insights.Life(t[0], t[1], monthly));
        }
        List<PlatformFigures.Month> history = Insights.months(lives, now, Math.max(1, Math.min(24, months)));

        PlatformFigures.Marketplace market = null;
        Marketplace m = marketplace;
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        if (m != null) {
            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal platform = BigDecimal.ZERO;
            BigDecimal developers = BigDecimal.ZERO;
            List<Marketplace.Charge> charges = m.charges(month);
            for (Marketplace.Charge c : charges) {
                charged = charged.add(new BigDecimal(c.amount()));
                platform = platform.add(new BigDecimal(c.platformShare()));
                developers = developers.add(new BigDecimal(c.developerShare()));
            }
            market = new PlatformFigures.Marketplace(month.toString(), Insights.money(charged),
                    Insights.money(platform), Insights.money(developers), charges.size());
        }
        return new PlatformFigures(now, currency, billed, byTier, byRegion, customers, Insights.money(mrr),
                Insights.money(mrr.multiply(BigDecimal.valueOf(12))), history, plugins, market);
    }

    /** A tier's price a month: monthly, or (annual) the plan's yearly price over 12 as the accounts bill it. */
    private BigDecimal listPrice(TierOffer offer, String cycle) {
        if (offer == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal monthly = new BigDecimal(offer.monthlyPrice());
        return "ANNUAL".equals(cycle) ? monthly.multiply(annualFactor).setScale(2, RoundingMode.HALF_UP)
                .divide(BigDecimal.valueOf(12), 2, RoundingMode.HALF_UP) : monthly;
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

    @Override
    public HealthScore healthScore(String ispId) {
        IspAccount a = accounts.get(ispId);
        if (!"ACTIVE".equals(a.status())) {
            throw new NotFoundException("ISP " + ispId + " is not billed now (" + a.status() + ")");
        }
        Instant now = Instant.now();
        Optional<TenantRef> tenant = local(a);
        List<UsageHour> month = tenant.isPresent() ? usage.hours(tenant.get().id(), now.minus(30, ChronoUnit.DAYS),
                now.plus(1, ChronoUnit.HOURS)) : List.of();
        List<HealthScore.Part> parts = new ArrayList<>();
        List<String> advice = new ArrayList<>();

        // customer growth
        TenantLicense licence = tenant.map(licensing::license).orElse(null);
        Long before = month.stream().filter(h -> h.customers() != null).map(UsageHour::customers).findFirst()
                .orElse(null);
        parts.add(tenant.isPresent() ? Insights.customerGrowth(before, licence.customerCount())
                : Insights.customerGrowth(null, 0));

        // revenue and overdue invoices
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        InvoiceService invoices = tenant.flatMap(t -> service(t, "basic_billing", InvoiceService.class)).orElse(null);
        if (invoices != null) {
            InvoiceService.Summary last = invoices.summary(tenant.get(), today.minusDays(29), today.plusDays(1), today);
            InvoiceService.Summary previous = invoices.summary(tenant.get(), today.minusDays(59), today.minusDays(29),
                    today);
            parts.add(Insights.revenueTrend(previous.invoicedMinor(), last.invoicedMinor()));
            boolean dunning = licensing.plugins(tenant.get()).stream().anyMatch(p -> p.id().equals(
                    "automated_billing") && p.active());
            String overdue = Insights.overdueAdvice(last.customersWithOverdue(), licence.customerCount(), dunning);
            if (overdue != null) {
                advice.add(overdue);
            }
        } else {
            parts.add(Insights.revenueTrend(0, 0));
        }

        // the API's p95 over 24 hours
        Instant dayAgo = now.minus(24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        Double p95 = tenant.isPresent() ? usage.apiP95Millis(tenant.get().id(), dayAgo, now.plus(1, ChronoUnit.HOURS))
                : null;
        parts.add(Insights.apiLatency(p95));
        if (p95 != null && p95 > 1000) {
            advice.add(String.format(java.util.Locale.ROOT, "API p95 is %.0f ms: look at the slowest routes "
                    + "(dotmac_http_requests_seconds on /metrics) and the integrations calling them", p95));
        }

        // tickets
        TicketService tickets = tenant.flatMap(t -> service(t, "ticketing", TicketService.class)).orElse(null);
        List<Double> hours = new ArrayList<>();
        if (tickets != null) {
            for (TicketService.Timing t : tickets.timings(tenant.get(), now.minus(30, ChronoUnit.DAYS), now)) {
                Instant end = t.resolvedAt() != null ? t.resolvedAt() : now;
                hours.add(Duration.between(t.createdAt(), end).toMinutes() / 60.0);
            }
        }
        HealthScore.Part ticketPart = Insights.ticketResolution(hours);
        parts.add(ticketPart);
        if (ticketPart.score() != null && ticketPart.score() < 50) {
            advice.add("Tickets take long to resolve (" + ticketPart.measured() + "): assign them as they come in, "
                    + "or let advanced_automation do it");
        }

        // feature adoption
        if (tenant.isPresent()) {
            List<TenantPlugin> mine = licensing.plugins(tenant.get());
            Set<String> entitled = new TreeSet<>();
            mine.stream().filter(TenantPlugin::entitled).forEach(p -> entitled.add(p.id()));
            Set<String> used = new TreeSet<>();
            month.stream().filter(h -> h.pluginsUsed() != null).forEach(h -> used.addAll(h.pluginsUsed()));
            used.retainAll(entitled);
            HealthScore.Part adoption = Insights.featureAdoption(entitled.size(), used.size());
            parts.add(adoption);
            if (adoption.score() != null && adoption.score() < 50) {
                Set<String> unused = new TreeSet<>(entitled);
                unused.removeAll(used);
                advice.add("Its tier includes " + entitled.size() + " plugins and it used " + used.size()
                        + " in 30 days: not yet " + String.join(", ", unused.stream().limit(4).toList()));
            }
            if (licence.customerLimit() != null && licence.customerLimit() > 0
                    && licence.customerCount() * 10 >= licence.customerLimit() * 8) {
                Tier next = Tier.values()[Math.min(Tier.values().length - 1, licence.tier().ordinal() + 1)];
                advice.add(0, licence.customerCount() + " of " + licence.customerLimit() + " customers its tier "
                        + licence.tier() + " allows: " + next + " allows more");
            }
        } else {
            parts.add(Insights.featureAdoption(0, 0));
        }
        return new HealthScore(a.ispId(), a.tenant(), Insights.overall(parts), parts, advice, now);
    }

    private <S> Optional<S> service(TenantRef tenant, String plugin, Class<S> type) {
        try {
            return licences.service(tenant, plugin, type);
        } catch (DotMacException notForThisTenant) {
            return Optional.empty();
        }
    }
}
