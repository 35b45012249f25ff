package io.dotmac.radius.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.radius.SubscriberUsage;

/** {@link SubscriberUsage} from the subscription's account's accounting (the customer portal shows it). */
@Component
public class SubscriberUsageService implements SubscriberUsage {

    private final RadiusAccounts accounts;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public SubscriberUsageService(@Reference RadiusAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public List<Day> usage(TenantRef tenant, String subscriptionId, int days) {
        if (days < 1 || days > RadiusAccounts.MAX_USAGE_DAYS) {
            throw new ValidationException("days", "must be 1 to " + RadiusAccounts.MAX_USAGE_DAYS);
        }
        List<RadiusAccount> found = accounts.accounts(tenant, subscriptionId, 1, null).items();
        if (found.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return accounts.usage(tenant, found.get(0).id(), today.minusDays(days - 1L).toString(), today.toString())
                .stream().map(u -> new Day(u.day(), u.sessions(), u.seconds(), u.outputOctets(), u.inputOctets()))
                .toList();
    }
}
