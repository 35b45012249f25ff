package io.dotmac.automation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One execution of a rule for one event. {@code status}: {@code PENDING} (waiting, or waiting for a retry at
 * {@code nextAttemptAt}), {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} (an action failed for good, or after
 * the last retry), {@code SKIPPED} (the rule was disabled or the tenant lost the plugin before it ran),
 * {@code LOOP_STOPPED} (the event came from this rule's own actions, directly or through other rules) or
 * {@code RATE_LIMITED} (the tenant ran too many rules in the last minute); {@code reason} says why.
 * {@code chain} holds the rules whose actions caused the event, oldest first.
 */
public record RuleRun(String id, String ruleId, String topic, Map<String, Object> event, String status,
        String reason, int attempts, List<String> chain, Instant nextAttemptAt, Instant createdAt,
        Instant finishedAt, List<ActionOutcome> actions) {

    /** What one attempt of one action did: {@code SUCCEEDED} or {@code FAILED}, with what and how long. */
    public record ActionOutcome(int index, String type, int attempt, String status, String detail,
            long durationMillis, Instant at) {
    }
}
