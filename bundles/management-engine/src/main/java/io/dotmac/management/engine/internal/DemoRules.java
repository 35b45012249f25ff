package io.dotmac.management.engine.internal;

import java.util.List;
import java.util.Set;

import io.dotmac.automation.Automation;
import io.dotmac.automation.Rule;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;

/**
 * The ENTERPRISE scenario's automation rules, through the advanced_automation plugin's {@link Automation} service.
 * The only class that names that plugin's API, whose package this bundle imports optionally: without the plugin,
 * {@link #of} fails to link ({@link NoClassDefFoundError}) and demos are made without rules.
 */
final class DemoRules {

    private final Automation automation;

    private DemoRules(Automation automation) {
        this.automation = automation;
    }

    /** The tenant's rules, or null when the plugin is not there for it. */
    static DemoRules of(TenantServices licences, TenantRef tenant) {
        return licences.service(tenant, "advanced_automation", Automation.class).map(DemoRules::new).orElse(null);
    }

    /** Makes the rules, on from the start: they act on the demo's own events. */
    int create(TenantRef tenant) {
        List<Rule.Input> rules = List.of(
                rule("Large invoices mark a VIP", "An invoice of 1,000 or more tags its customer vip.",
                        "io/dotmac/billing/INVOICE_ISSUED", new Rule.Condition(null, null, "total", "gte", 1000),
                        action("set_customer_tag", "{{customerId}}", null, null, "vip")),
                rule("Urgent tickets ask for a call back", "An urgent ticket tags its customer needs-callback.",
                        "io/dotmac/tickets/TICKET_CREATED", new Rule.Condition(null, null, "priority", "equals",
                                "URGENT"), action("set_customer_tag", "{{customerId}}", null, null,
                                        "needs-callback")),
                rule("Two weeks overdue: a ticket for collections", "A payment 14 days overdue opens a ticket.",
                        "io/dotmac/billing/PAYMENT_OVERDUE", new Rule.Condition(null, null, "daysOverdue", "gte",
                                14), action("create_ticket", "{{customerId}}", "Invoice {{number}} is "
                                        + "{{daysOverdue}} days overdue", "HIGH", null)),
                rule("Paid again: the overdue tag goes", "A payment received removes the overdue tag.",
                        "io/dotmac/billing/PAYMENT_RECEIVED", null, action("remove_customer_tag", "{{customerId}}",
                                null, null, "overdue")));
        for (Rule.Input r : rules) {
            automation.create(tenant, r);
        }
        return rules.size();
    }

    /** Deletes the rules (and their runs) of {@code ids} that are still there; how many. */
    int delete(TenantRef tenant, Set<String> ids) {
        int deleted = 0;
        for (String id : ids) {
            try {
                automation.delete(tenant, id);
                deleted++;
            } catch (NotFoundException gone) {
                // deleted with the rest of the sample
            }
        }
        return deleted;
    }

    private static Rule.Input rule(String name, String description, String topic, Rule.Condition when,
            Rule.Action action) {
        return new Rule.Input(name, description, true, new Rule.Trigger(topic, null, null), when, List.of(action));
    }

    private static Rule.Action action(String type, String customerId, String subject, String priority, String tag) {
        return new Rule.Action(type, customerId, null, subject, null, priority, null, null, null, tag);
    }
}
