package io.dotmac.management.engine.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.dotmac.billing.automated.BillingRun;
import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.billing.basic.Plan;
import io.dotmac.billing.basic.PlanInput;
import io.dotmac.billing.basic.PlanService;
import io.dotmac.billing.basic.SubscriptionInput;
import io.dotmac.billing.basic.SubscriptionService;
import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerInput;
import io.dotmac.customers.CustomerService;
import io.dotmac.integrations.Webhook;
import io.dotmac.integrations.Webhooks;
import io.dotmac.network.monitoring.DeviceInput;
import io.dotmac.network.monitoring.NetworkMonitoring;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tickets.Ticket;
import io.dotmac.tickets.TicketService;

/**
 * A demo's sample data, the same for the same scenario and seed: plans (and custom packages), customers with a
 * subscription each (joining over the scenario's months, so the billing history grows month by month), that history
 * invoiced by a billing run, and tickets in every status. Everything goes through the tenant's own services, as
 * its users' requests would.
 */
final class DemoData {

    /** What a scenario holds. */
    enum Scenario {
        SMALL(Tier.PREMIUM, 50, 3, 0, 3, 5, 10),
        MEDIUM(Tier.PREMIUM, 500, 5, 2, 12, 25, 25),
        ENTERPRISE(Tier.ENTERPRISE, 2000, 5, 3, 12, 100, 50);

        final Tier tier;
        final int customers;
        final int plans;
        final int customPackages;
        final int months;
        final int tickets;
        final int devices;

        Scenario(Tier tier, int customers, int plans, int customPackages, int months, int tickets, int devices) {
            this.tier = tier;
            this.customers = customers;
            this.plans = plans;
            this.customPackages = customPackages;
            this.months = months;
            this.tickets = tickets;
            this.devices = devices;
        }
    }

    /** The services the data goes through ({@code network}: null when network_monitoring is not installed). */
    record Services(CustomerService customers, PlanService plans, SubscriptionService subscriptions,
            BillingRunService billing, TicketService tickets, NetworkMonitoring network, DemoRules rules,
            Webhooks webhooks) {
    }

    /** Where the ENTERPRISE scenario's webhook delivers: the demo's inbox, and the secret it signs with. */
    record Inbox(String url, String secret) {
    }

    /** The MEDIUM and ENTERPRISE scenarios' resellers: the customers each brought carry its tag. */
    private static final String[] RESELLERS = { "reseller-northwind", "reseller-bluebird", "reseller-cityline" };
    /** The share of customers who came through a reseller. */
    private static final double RESOLD = 0.3;

    /** The kinds of device a demo network has, in turn: name, tag, and whether a customer's premises has it. */
    private static final String[][] DEVICES = { { "Core router", "core", "" }, { "OLT", "olt", "" },
        { "Tower AP", "wireless", "" }, { "Distribution switch", "switch", "" }, { "Business CPE", "cpe", "customer" } };
    private static final String[] SITES = { "Main exchange", "North tower", "Harbour POP", "Industrial park",
        "Old town cabinet" };

    private static final String[][] PLANS = { { "Home 50", "29.00", "50", "10" }, { "Home 100", "39.00", "100", "20" },
        { "Home 300", "59.00", "300", "50" }, { "Business 500", "129.00", "500", "100" },
        { "Business 1000", "249.00", "1000", "500" } };
    private static final String[][] PACKAGES = { { "Custom: Campus 2000", "899.00", "2000", "2000" },
        { "Custom: Tower backhaul", "1499.00", "5000", "5000" }, { "Custom: Hotel 200", "349.00", "200", "200" } };
    private static final String[] FIRST = { "Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances",
        "Tim", "Radia", "Ken", "Margaret", "Dennis", "Hedy", "Claude", "Katherine", "John", "Sophie", "Linus",
        "Adele", "Niklaus" };
    private static final String[] LAST = { "Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Berners-Lee", "Perlman", "Thompson", "Hamilton", "Ritchie", "Lamarr", "Shannon", "Johnson", "Backus",
        "Wilson", "Torvalds", "Goldberg", "Wirth" };
    private static final String[] STREETS = { "Mill Road", "Station Street", "High Street", "Church Lane",
        "Harbour View", "Oak Avenue", "Bridge Street", "Market Square" };
    private static final String[] TICKETS = { "No connection since this morning", "Slow speeds in the evening",
        "Router keeps rebooting", "Invoice amount looks wrong", "Move my service to a new address",
        "Upgrade to a faster plan", "Wi-Fi drops every few minutes", "Static IP request" };
    private static final int[] STAGES = { 0, 1, 2, 3, 0, 2, 0, 1, 2, 3 };
    /** The billing run's longest wait. */
    private static final long BILLING_WAIT_MILLIS = 300_000;

    private DemoData() {
    }

    /** Generates the scenario for {@code tenant}; what was made, by kind. */
    static Map<String, Integer> generate(Scenario scenario, long seed, TenantRef tenant, Services s,
            LocalDate today, DemoAgents.Block agents, Inbox inbox) {
        Random random = new Random(seed);
        Map<String, Integer> made = new LinkedHashMap<>();
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < scenario.plans; i++) {
            plans.add(plan(s, tenant, PLANS[i]));
        }
        for (int i = 0; i < scenario.customPackages; i++) {
            plans.add(plan(s, tenant, PACKAGES[i]));
        }
        made.put("plans", plans.size());

        List<Customer> customers = new ArrayList<>();
        for (int i = 1; i <= scenario.customers; i++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String email = (first + "." + last).toLowerCase(Locale.ROOT).replace("-", "") + "." + i
                    + "@customers.example.test";
            customers.add(s.customers().create(tenant, new CustomerInput(first + " " + last, email,
                    "+1 555 " + String.format(Locale.ROOT, "%04d", random.nextInt(10_000)),
                    (1 + random.nextInt(200)) + " " + STREETS[random.nextInt(STREETS.length)], null)));
        }
        made.put("customers", customers.size());

        // the resellers (MEDIUM, ENTERPRISE): about a third of the customers came through one, tagged with it
        if (scenario != Scenario.SMALL) {
            int resold = 0;
            for (Customer c : customers) {
                if (random.nextDouble() < RESOLD) {
                    s.customers().tag(tenant, c.id(), RESELLERS[random.nextInt(RESELLERS.length)]);
                    resold++;
                }
            }
            made.put("resellers", RESELLERS.length);
            made.put("resoldCustomers", resold);
        }

        // each customer joined on a day of the scenario's months; most take the cheaper plans
        int subscriptions = 0;
        for (Customer c : customers) {
            int pick = Math.min(plans.size() - 1, (int) Math.floor(Math.pow(random.nextDouble(), 1.8) * plans.size()));
            LocalDate start = today.minusDays(random.nextInt(scenario.months * 30 + 1));
            s.subscriptions().create(tenant, new SubscriptionInput(c.id(), plans.get(pick).id(), start.toString(),
                    null));
            subscriptions++;
        }
        made.put("subscriptions", subscriptions);

        // the history: one run bills every period since each subscription started
        BillingRun run = s.billing().start(tenant, today);
        long deadline = System.currentTimeMillis() + BILLING_WAIT_MILLIS;
        while (isRunning(run) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the demo's billing history was made");
            }
            run = s.billing().get(tenant, run.id());
        }
        if (!"COMPLETED".equals(String.valueOf(run.status()))) {
            throw new IllegalStateException("the demo's billing run ended " + run.status() + ": " + run.message());
        }
        made.put("invoices", run.invoices());

        Caller author = new Caller("demo-data", "demo", Role.ISP_ADMIN, tenant);
        int tickets = 0;
        for (int i = 0; i < scenario.tickets; i++) {
            Customer c = customers.get(random.nextInt(customers.size()));
            String[] priorities = { "LOW", "NORMAL", "HIGH", "URGENT" };
            Ticket t = s.tickets().create(tenant, author, new Ticket.Input(TICKETS[random.nextInt(TICKETS.length)],
                    "Reported by " + c.name() + ".", c.id(), priorities[random.nextInt(priorities.length)], null,
                    null));
            // of every ten: three stay open, two in progress, three resolved, two closed (the first five: each)
            int stage = STAGES[i % STAGES.length];
            String[] path = { "IN_PROGRESS", "RESOLVED", "CLOSED" };
            for (int k = 0; k < stage; k++) {
                s.tickets().update(tenant, t.id(), new Ticket.Input(null, null, null, null, path[k], null));
            }
            tickets++;
        }
        made.put("tickets", tickets);

        // the network: devices answering through the demo's simulated agents, polled as real ones are
        int devices = 0;
        if (agents != null && s.network() != null) {
            for (int i = 0; i < agents.count(); i++) {
                String[] kind = DEVICES[i % DEVICES.length];
                String customer = kind[2].isEmpty() ? null : customers.get(random.nextInt(customers.size())).id();
                s.network().create(tenant, new DeviceInput(kind[0] + " " + (i / DEVICES.length + 1),
                        agents.address(), agents.firstPort() + i, "v2c", agents.community(), null, null, null, null,
                        null, 60, 1000, 1, SITES[i % SITES.length], customer, List.of("demo", kind[1])));
                devices++;
            }
        }
        made.put("devices", devices);

        if (scenario == Scenario.ENTERPRISE) {
            made.put("automationRules", s.rules() == null ? 0 : s.rules().create(tenant));
            made.put("webhooks", webhook(s, tenant, inbox));
        }
        return made;
    }

    /**
     * The ENTERPRISE scenario's webhook: the tenant's customer, ticket, network and invoice events, delivered signed
     * to the demo's inbox. None when the platform's address is one webhooks may not reach (integrations'
     * {@code allowedNetworks}).
     */
    private static int webhook(Services s, TenantRef tenant, Inbox inbox) {
        if (s.webhooks() == null || inbox == null) {
            return 0;
        }
        try {
            s.webhooks().create(tenant, new Webhook.Input(inbox.url(), List.of("io/dotmac/customers/*",
                    "io/dotmac/tickets/*", "io/dotmac/network/*", "io/dotmac/billing/INVOICE_ISSUED",
                    "io/dotmac/billing/PAYMENT_RECEIVED"), "The demo's inbox (GET /api/v1/demos/{id}/inbox): point it "
                            + "at your own endpoint", inbox.secret(), true));
            return 1;
        } catch (ValidationException e) {
            org.slf4j.LoggerFactory.getLogger(DemoData.class).warn("The demo's webhook to {} was refused ({}): "
                    + "allow the platform's address in etc/io.dotmac.integrations.cfg (allowedNetworks)", inbox.url(),
                    e.getMessage());
            return 0;
        }
    }

    private static boolean isRunning(BillingRun run) {
        String status = String.valueOf(run.status());
        return status.equals("RUNNING") || status.equals("PENDING");
    }

    private static Plan plan(Services s, TenantRef tenant, String[] p) {
        return s.plans().create(tenant, new PlanInput(p[0], p[1], null, "MONTHLY", Integer.parseInt(p[2]),
                Integer.parseInt(p[3]), null, true));
    }
}
