package io.dotmac.licensing.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.dotmac.platform.api.Tier;

/** Prices and limits of the tiers, validated from the licensing configuration. */
final class TierPlans {

    record Plan(BigDecimal monthlyPrice, long customerLimit) {
    }

    private final Map<Tier, Plan> plans;
    private final String currency;

    private TierPlans(Map<Tier, Plan> plans, String currency) {
        this.plans = plans;
        this.currency = currency;
    }

    static TierPlans of(LicensingService.Config c) {
        List<String> problems = new ArrayList<>();
        Map<Tier, Plan> plans = new EnumMap<>(Tier.class);
        plans.put(Tier.FREE, plan("free", c.freeMonthlyPrice(), c.freeCustomerLimit(), problems));
        plans.put(Tier.BASIC, plan("basic", c.basicMonthlyPrice(), c.basicCustomerLimit(), problems));
        plans.put(Tier.PREMIUM, plan("premium", c.premiumMonthlyPrice(), c.premiumCustomerLimit(), problems));
        plans.put(Tier.ENTERPRISE, plan("enterprise", c.enterpriseMonthlyPrice(), c.enterpriseCustomerLimit(),
                problems));
        String currency = c.currency().trim();
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            problems.add("currency '" + currency + "' is not an ISO 4217 code");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid io.dotmac.licensing configuration: "
                    + String.join("; ", problems));
        }
        return new TierPlans(plans, currency);
    }

    private static Plan plan(String tier, String price, long limit, List<String> problems) {
        BigDecimal p = null;
        try {
            p = new BigDecimal(price.trim());
            if (p.signum() < 0) {
                problems.add(tier + "MonthlyPrice must not be negative");
            }
        } catch (NumberFormatException e) {
            problems.add(tier + "MonthlyPrice '" + price + "' is not a decimal number");
        }
        if (limit < -1) {
            problems.add(tier + "CustomerLimit must be -1 (unlimited) or at least 0");
        }
        return new Plan(p, limit);
    }

    Plan plan(Tier tier) {
        return plans.get(tier);
    }

    String currency() {
        return currency;
    }

    /** The lowest tier above {@code tier} whose limit is higher; null when none is. */
    Tier lifting(Tier tier) {
        long current = plans.get(tier).customerLimit();
        for (Tier t : Tier.values()) {
            long l = plans.get(t).customerLimit();
            if (t.compareTo(tier) > 0 && (l == -1 || (current != -1 && l > current))) {
                return t;
            }
        }
        return null;
    }
}
