package io.dotmac.automation;

import java.util.List;

/**
 * What a rule would do for a sample event, having done nothing: whether its conditions hold (with each test and
 * its result), and what each action would do, or why it would be refused.
 */
public record DryRun(boolean matched, List<String> conditions, List<Step> actions) {

    /** One action: what it would do, or {@code refused} with the reason. */
    public record Step(int index, String type, String wouldDo, String refused) {
    }

    /** What a client sends: the sample event's fields (its topic is the rule's). */
    public record Request(java.util.Map<String, Object> event) {
    }
}
