package io.dotmac.billing.automated;

import java.util.List;

/**
 * A tenant's billing settings: whether its daily run happens ({@code scheduled}; otherwise runs start only by hand),
 * the local time ({@code HH:mm}) and time zone (an IANA id such as
 * {@code Europe/Berlin}) of its daily run; {@code anchorDay} (1-28), the day of the month every subscription is
 * billed on, prorating a first period that starts on another day, or {@code null} to bill each subscription on the
 * day it started; and the dunning steps, in the order of their days.
 */
public record BillingSettings(Boolean scheduled, String runTime, String timeZone, Integer anchorDay,
        List<DunningStep> dunning) {

    /**
     * A dunning step: {@code afterDays} days after an invoice's due date, {@code REMIND} (an overdue event) or
     * {@code SUSPEND} (also suspends the customer and their active subscriptions until the invoice is paid).
     */
    public record DunningStep(Integer afterDays, String action) {
    }
}
