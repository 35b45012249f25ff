package io.dotmac.management;

import java.time.Instant;
import java.util.List;

/**
 * A deployment job and its steps.
 *
 * @param status      {@code WAITING_CONFIRMATION} (a DEDICATED one, until its contact confirms the e-mail address),
 *                    {@code PENDING}, {@code RUNNING}, {@code COMPENSATING}, {@code READY}, {@code FAILED},
 *                    {@code DECOMMISSIONING} or {@code DECOMMISSIONED} (taken down by an operator)
 * @param currentStep the step running (or the one that failed, or the last one), null before the first
 * @param progress    completed steps out of all, 0 to 100
 * @param endpoint    where the ISP's instance answers once ready (its API base URL), null before
 * @param tenant      the ISP's tenant slug on that instance, null before
 */
public record Deployment(String id, String ispId, String companyName, String region, String provider, String status,
        String currentStep, int progress, String failureReason, String endpoint, String tenant, Instant createdAt,
        Instant updatedAt, Instant readyAt, List<Step> steps) {

    /**
     * One step's run.
     *
     * @param status   {@code PENDING}, {@code RUNNING}, {@code DONE}, {@code FAILED}, {@code COMPENSATED}
     * @param attempts how many times it was tried
     * @param log      what it did, one line per event, oldest first
     */
    public record Step(String step, String status, int attempts, Instant startedAt, Instant endedAt,
            List<String> log) {
    }
}
