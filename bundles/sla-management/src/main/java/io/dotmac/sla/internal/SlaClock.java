package io.dotmac.sla.internal;

import java.time.Clock;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The plugin's time: the system clock, or a {@link Clock} service registered with {@value #PROPERTY}{@code =sla}
 * (tests and demos move time to a month's end with one). It decides which months are over and how much of the
 * current one is measured; outages keep the times network_monitoring recorded.
 */
@Component(service = SlaClock.class)
public class SlaClock {

    /** The service property that names a clock for this plugin. */
    public static final String PROPERTY = "io.dotmac.clock";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + PROPERTY + "=sla)")
    private volatile Clock override;

    Instant now() {
        Clock c = override;
        return (c != null ? c : Clock.systemUTC()).instant();
    }
}
