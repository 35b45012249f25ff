package io.dotmac.automation.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.dotmac.automation.Rule;
import io.dotmac.billing.basic.Subscription;
import io.dotmac.billing.basic.SubscriptionInput;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.billing.basic.SubscriptionStatus;
import io.dotmac.customers.CustomerService;
import io.dotmac.integrations.Webhooks;
import io.dotmac.notifications.email.EmailEvent;
import io.dotmac.notifications.email.EmailNotifications;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.tickets.Ticket;
import io.dotmac.tickets.TicketPriority;
import io.dotmac.tickets.TicketService;

/**
 * The actions a rule can take: how each is checked when the rule is saved, described in a dry run and carried out.
 * Every one reaches its plugin's service through licensing layer 2 ({@link TenantServices}), so a tenant that
 * lacks the plugin (send_email without email_notifications) is refused with the reason, at save time and at run
 * time. What an action writes joins the run's transaction.
 */
final class Actions {

    static final String CREATE_TICKET = "create_ticket";
    static final String SUSPEND = "suspend_subscription";
    static final String RESUME = "resume_subscription";
    static final String SEND_EMAIL = "send_email";
    static final String CALL_WEBHOOK = "call_webhook";
    static final String SET_TAG = "set_customer_tag";
    static final String REMOVE_TAG = "remove_customer_tag";
    static final List<String> TYPES = List.of(CREATE_TICKET, SUSPEND, RESUME, SEND_EMAIL, CALL_WEBHOOK, SET_TAG,
            REMOVE_TAG);
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");
    /** Placeholders every action may use besides the event's fields. */
    static final List<String> RULE_VARIABLES = List.of("topic", "ruleId", "ruleName");
    /** The topic of a webhook called by a rule. */
    static final String WEBHOOK_TOPIC = "io/dotmac/automation/RULE_ACTION";
    static final int MAX_RECIPIENTS = 20;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Actions() {
    }

    /** Which plugin an action needs. */
    static String plugin(String type) {
        return switch (type) {
            case CREATE_TICKET -> "ticketing";
            case SUSPEND, RESUME -> "basic_billing";
            case SEND_EMAIL -> "email_notifications";
            case SET_TAG, REMOVE_TAG -> "customer_management";
            default -> "custom_integrations";
        };
    }

    // ---- validation

    static void validate(TenantRef tenant, Rule.Action a, String path, Map<String, EventCatalogue.Type> fields,
            TenantServices licences, List<FieldError> errors) {
        if (a == null || a.type() == null || !TYPES.contains(a.type())) {
            errors.add(new FieldError(path + ".type", "must be one of " + TYPES));
            return;
        }
        String type = a.type();
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("customerId", a.customerId());
        given.put("subscriptionId", a.subscriptionId());
        given.put("subject", a.subject());
        given.put("description", a.description());
        given.put("priority", a.priority());
        given.put("to", a.to());
        given.put("message", a.message());
        given.put("webhookId", a.webhookId());
        given.put("tag", a.tag());
        List<String> used = switch (type) {
            case CREATE_TICKET -> List.of("customerId", "subject", "description", "priority");
            case SUSPEND, RESUME -> List.of("customerId", "subscriptionId");
            case SEND_EMAIL -> List.of("to", "subject", "message");
            case SET_TAG, REMOVE_TAG -> List.of("customerId", "tag");
            default -> List.of("webhookId");
        };
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (e.getValue() != null && !used.contains(e.getKey())) {
                errors.add(new FieldError(path + "." + e.getKey(), "is not used by " + type + ", which takes "
                        + used));
            }
        }
        switch (type) {
            case CREATE_TICKET -> {
                required(a.customerId(), path + ".customerId", 100, fields, errors);
                required(a.subject(), path + ".subject", 200, fields, errors);
                optional(a.description(), path + ".description", 4000, fields, errors);
                if (a.priority() != null && !List.of("LOW", "NORMAL", "HIGH", "URGENT").contains(
                        a.priority().toUpperCase(Locale.ROOT))) {
                    errors.add(new FieldError(path + ".priority", "must be one of "
                            + List.of(TicketPriority.values())));
                }
            }
            case SUSPEND, RESUME -> {
                if ((a.customerId() == null) == (a.subscriptionId() == null)) {
                    errors.add(new FieldError(path, type + " needs subscriptionId, or customerId for all the "
                            + "customer's subscriptions, not both"));
                }
                optional(a.customerId(), path + ".customerId", 100, fields, errors);
                optional(a.subscriptionId(), path + ".subscriptionId", 100, fields, errors);
            }
            case SEND_EMAIL -> {
                List<String> to = a.to() == null ? List.of() : a.to();
                if (to.isEmpty() || to.size() > MAX_RECIPIENTS) {
                    errors.add(new FieldError(path + ".to", "needs 1 to " + MAX_RECIPIENTS + " addresses"));
                }
                for (int i = 0; i < to.size(); i++) {
                    String address = to.get(i);
                    String p = path + ".to[" + i + "]";
                    if (address == null || !address.contains("{{") && !EMAIL.matcher(address.strip()).matches()) {
                        errors.add(new FieldError(p, "is not an e-mail address"));
                    } else {
                        RuleStore.placeholders(address, p, fields, errors);
                    }
                }
                required(a.subject(), path + ".subject", 200, fields, errors);
                required(a.message(), path + ".message", 4000, fields, errors);
            }
            case SET_TAG, REMOVE_TAG -> {
                required(a.customerId(), path + ".customerId", 100, fields, errors);
                if (a.tag() == null || !a.tag().contains("{{") && !TAG.matcher(a.tag()).matches()) {
                    errors.add(new FieldError(path + ".tag", "must be 1 to 50 lower-case letters, digits, - and _, "
                            + "such as vip or late-payer"));
                } else {
                    optional(a.tag(), path + ".tag", 100, fields, errors);
                }
            }
            default -> {
                if (a.webhookId() == null || a.webhookId().isBlank()) {
                    errors.add(new FieldError(path + ".webhookId", "is required: one of the tenant's webhooks"));
                    return;
                }
            }
        }
        String refused = refusal(tenant, a, licences);
        if (refused != null) {
            errors.add(new FieldError(type.equals(CALL_WEBHOOK) && refused.startsWith("no webhook")
                    ? path + ".webhookId" : path + ".type", refused));
        }
    }

    private static void required(String text, String path, int max, Map<String, EventCatalogue.Type> fields,
            List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(path, "is required"));
        } else {
            optional(text, path, max, fields, errors);
        }
    }

    private static void optional(String text, String path, int max, Map<String, EventCatalogue.Type> fields,
            List<FieldError> errors) {
        if (text == null) {
            return;
        }
        if (text.length() > max) {
            errors.add(new FieldError(path, "must be at most " + max + " characters"));
        }
        RuleStore.placeholders(text, path, fields, errors);
    }

    /**
     * Why the tenant cannot take action {@code a} now (its plugin is not in the tier, switched off or not running;
     * the webhook does not exist), or null.
     */
    static String refusal(TenantRef tenant, Rule.Action a, TenantServices licences) {
        String plugin = plugin(a.type());
        try {
            licences.check(tenant, plugin);
            if (a.type().equals(CALL_WEBHOOK)) {
                Webhooks hooks = licences.service(tenant, plugin, Webhooks.class).orElse(null);
                if (hooks == null) {
                    return notRunning(a.type(), plugin);
                }
                try {
                    if (!hooks.get(tenant, a.webhookId()).enabled()) {
                        return "webhook '" + a.webhookId() + "' is disabled";
                    }
                } catch (NotFoundException e) {
                    return "no webhook '" + a.webhookId() + "' of this tenant";
                }
            }
            return null;
        } catch (NotFoundException notInstalled) {
            return notInstalled(a.type(), plugin);
        } catch (DotMacException e) {
            return a.type() + " needs " + plugin + ": " + e.getMessage();
        }
    }

    /** The action needs a plugin this instance does not have installed (automation takes every one optionally). */
    static String notInstalled(String type, String plugin) {
        return "action " + type + " needs the plugin " + plugin + ", which is not installed";
    }

    private static String notRunning(String type, String plugin) {
        return "action " + type + " needs the plugin " + plugin + ", which is installed but not running";
    }

    // ---- what it would do, and doing it

    /** The event's fields and the rule's variables, for placeholders. */
    static Map<String, Object> variables(Map<String, Object> event, String topic, String ruleId, String ruleName) {
        Map<String, Object> v = new LinkedHashMap<>(event);
        v.put("topic", topic);
        v.put("ruleId", ruleId);
        v.put("ruleName", ruleName);
        return v;
    }

    static String describe(Rule.Action a, Map<String, Object> v) {
        return switch (a.type()) {
            case CREATE_TICKET -> "open a " + priority(a) + " ticket for customer '" + RuleStore.render(a.customerId(),
                    v) + "': \"" + RuleStore.render(a.subject(), v) + "\"";
            case SUSPEND, RESUME -> (a.type().equals(SUSPEND) ? "suspend " : "resume ") + (a.subscriptionId() != null
                    ? "subscription '" + RuleStore.render(a.subscriptionId(), v) + "'"
                    : "every " + (a.type().equals(SUSPEND) ? "active" : "suspended") + " subscription of customer '"
                            + RuleStore.render(a.customerId(), v) + "'");
            case SEND_EMAIL -> "e-mail " + recipients(a, v) + ": \"" + RuleStore.render(a.subject(), v) + "\"";
            case SET_TAG, REMOVE_TAG -> (a.type().equals(SET_TAG) ? "tag customer '" : "untag customer '")
                    + RuleStore.render(a.customerId(), v) + "' " + RuleStore.render(a.tag(), v);
            default -> "call webhook '" + a.webhookId() + "' with " + WEBHOOK_TOPIC;
        };
    }

    private static String priority(Rule.Action a) {
        return a.priority() == null ? "NORMAL" : a.priority().toUpperCase(Locale.ROOT);
    }

    private static List<String> recipients(Rule.Action a, Map<String, Object> v) {
        return a.to().stream().map(t -> RuleStore.render(t, v).strip()).toList();
    }

    /**
     * Takes action {@code a} for {@code tenant} in the caller's transaction.
     *
     * @return what it did, for the runs log
     * @throws DotMacException what the service refused (a permanent failure) or {@link UnavailableException} (worth
     *                         a retry)
     */
    static String execute(TenantRef tenant, Rule.Action a, Map<String, Object> v, String runId,
            TenantServices licences) {
        String plugin = plugin(a.type());
        switch (a.type()) {
            case CREATE_TICKET -> {
                TicketService tickets = service(tenant, plugin, TicketService.class, licences);
                String ruleId = String.valueOf(v.get("ruleId"));
                Caller rule = new Caller(ruleId, "automation", Role.ISP_ADMIN, tenant);
                String description = a.description() != null ? RuleStore.render(a.description(), v)
                        : "Opened by automation rule \"" + v.get("ruleName") + "\" on " + v.get("topic") + ".";
                Ticket t = tickets.create(tenant, rule, new Ticket.Input(RuleStore.render(a.subject(), v),
                        description, RuleStore.render(a.customerId(), v), priority(a), null, null));
                return "opened ticket " + t.id();
            }
            case SUSPEND, RESUME -> {
                SubscriptionService subscriptions = service(tenant, plugin, SubscriptionService.class, licences);
                SubscriptionStatus from = a.type().equals(SUSPEND) ? SubscriptionStatus.ACTIVE
                        : SubscriptionStatus.SUSPENDED;
                SubscriptionStatus to = from == SubscriptionStatus.ACTIVE ? SubscriptionStatus.SUSPENDED
                        : SubscriptionStatus.ACTIVE;
                List<String> ids = new ArrayList<>();
                if (a.subscriptionId() != null) {
                    Subscription s = subscriptions.get(tenant, RuleStore.render(a.subscriptionId(), v));
                    if (s.status() != from) {
                        return "subscription " + s.id() + " is " + s.status() + "; nothing to do";
                    }
                    ids.add(s.id());
                } else {
                    String cursor = null;
                    do {
                        Page<Subscription> page = subscriptions.list(tenant, RuleStore.render(a.customerId(), v),
                                from, Page.MAX_LIMIT, cursor);
                        page.items().forEach(s -> ids.add(s.id()));
                        cursor = page.nextCursor();
                    } while (cursor != null);
                }
                for (String id : ids) {
                    subscriptions.update(tenant, id, new SubscriptionInput(null, null, null, to.name()));
                }
                return (to == SubscriptionStatus.SUSPENDED ? "suspended " : "resumed ") + ids.size()
                        + " subscription" + (ids.size() == 1 ? "" : "s") + (ids.isEmpty() ? "" : ": "
                                + String.join(", ", ids));
            }
            case SEND_EMAIL -> {
                EmailNotifications mail = service(tenant, plugin, EmailNotifications.class, licences);
                Map<String, String> variables = new LinkedHashMap<>();
                variables.put("subject", RuleStore.render(a.subject(), v));
                variables.put("message", RuleStore.render(a.message(), v));
                variables.put("rule", String.valueOf(v.get("ruleName")));
                variables.put("topic", String.valueOf(v.get("topic")));
                List<String> to = recipients(a, v);
                List<String> ids = mail.queue(tenant, EmailEvent.AUTOMATION, to, variables, List.of());
                return "queued " + ids.size() + " e-mail" + (ids.size() == 1 ? "" : "s") + " to " + to;
            }
            case SET_TAG, REMOVE_TAG -> {
                CustomerService customers = service(tenant, plugin, CustomerService.class, licences);
                String customer = RuleStore.render(a.customerId(), v);
                String tag = RuleStore.render(a.tag(), v);
                if (a.type().equals(SET_TAG)) {
                    return customers.tag(tenant, customer, tag) ? "tagged customer " + customer + " " + tag
                            : "customer " + customer + " was tagged " + tag + " already";
                }
                return customers.untag(tenant, customer, tag) ? "removed tag " + tag + " of customer " + customer
                        : "customer " + customer + " had no tag " + tag;
            }
            default -> {
                Webhooks hooks = service(tenant, plugin, Webhooks.class, licences);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("rule", Map.of("id", v.get("ruleId"), "name", v.get("ruleName")));
                data.put("run", runId);
                Map<String, Object> event = new LinkedHashMap<>(v);
                event.keySet().removeAll(RULE_VARIABLES);
                data.put("trigger", Map.of("topic", v.get("topic"), "event", event));
                String delivery = hooks.enqueueTo(tenant, a.webhookId(), WEBHOOK_TOPIC, data);
                return "queued webhook delivery " + delivery;
            }
        }
    }

    private static <S> S service(TenantRef tenant, String plugin, Class<S> type, TenantServices licences) {
        try {
            return licences.service(tenant, plugin, type).orElseThrow(() -> new UnavailableException(
                    "the plugin " + plugin + " is installed but not running"));
        } catch (NotFoundException notInstalled) {
            // not worth a retry: a permanent failure of this run, named for the operator
            throw new ConflictException("this action needs the plugin " + plugin
                    + ", which is not installed");
        }
    }
}
