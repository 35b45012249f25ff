package io.dotmac.automation;

import java.time.Instant;
import java.util.List;

/**
 * An automation rule of a tenant: when {@link Trigger} fires and {@link Condition} holds for the event, its
 * {@link Action}s run in order. {@code nextRunAt} is the next firing of a cron trigger ({@code null} for an event
 * trigger or a disabled rule).
 */
public record Rule(String id, String name, String description, boolean enabled, Trigger trigger,
        Condition conditions, List<Action> actions, Instant nextRunAt, Instant createdAt, Instant updatedAt) {

    /** What a client sends to create or replace a rule; {@code enabled} is true by default. */
    public record Input(String name, String description, Boolean enabled, Trigger trigger, Condition conditions,
            List<Action> actions) {
    }

    /**
     * Either {@code topic}, one of our event topics, or {@code cron}, five fields (minute hour day-of-month month
     * day-of-week) in {@code zone} (UTC by default); a cron rule's event is
     * {@code io/dotmac/automation/SCHEDULED} with {@code scheduledAt}.
     */
    public record Trigger(String topic, String cron, String zone) {
    }

    /**
     * A condition on the event: {@code all} (every one holds), {@code any} (one holds), or a test of the event's
     * {@code field}: {@code op} is {@code equals}, {@code not_equals}, {@code in} ({@code value} a list),
     * {@code gt}, {@code gte}, {@code lt}, {@code lte} (numbers and dates) or {@code matches} (a regular expression
     * that must match the whole value).
     */
    public record Condition(List<Condition> all, List<Condition> any, String field, String op, Object value) {
    }

    /**
     * An action; {@code type} says which, and which other fields it reads. Text fields may hold {@code {{field}}}
     * placeholders, replaced with the event's values.
     * <ul>
     * <li>{@code create_ticket}: {@code customerId}, {@code subject}, {@code description} (optional),
     * {@code priority} (optional).</li>
     * <li>{@code suspend_subscription}, {@code resume_subscription}: {@code subscriptionId}, or {@code customerId}
     * for all that customer's active (suspended) subscriptions.</li>
     * <li>{@code send_email}: {@code to} (addresses), {@code subject}, {@code message}; through
     * email_notifications, which the tenant must have.</li>
     * <li>{@code call_webhook}: {@code webhookId}, one of the tenant's webhooks (custom_integrations).</li>
     * <li>{@code set_customer_tag}, {@code remove_customer_tag}: {@code customerId}, {@code tag}.</li>
     * </ul>
     */
    public record Action(String type, String customerId, String subscriptionId, String subject, String description,
            String priority, List<String> to, String message, String webhookId, String tag) {
    }
}
