package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reporting plugins through HTTP. A fixture tenant is written straight into the database with dates in 2025
 * (customers, plans, subscriptions, invoices, payments and tickets that the API could not back-date), and every
 * figure of every report is worked out below by hand from that fixture, never by the code under test: the
 * comments next to each expectation show the arithmetic.
 */
public abstract class ReportingSuite extends EmailNotificationsSuite {

    private static final String RANGE = "from=2025-01-01&to=2025-04-30";
    /** A plan name a spreadsheet would run as a formula, with a comma and quotes: CSV must quote and defuse it. */
    static final String HOSTILE = "=SUM(1,2) \"Fibre\", fast";

    // ---- fixture ----

    /** Ids of one fixture tenant's rows, prefixed so that two fixtures never collide. */
    static final class Fixture {
        final String tenantId;
        final String slug;
        final String boss;
        final String p = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

        Fixture(String tenantId, String slug, String boss) {
            this.tenantId = tenantId;
            this.slug = slug;
            this.boss = boss;
        }

        String id(String name) {
            return p + name;
        }
    }

    protected Fixture fixtureTenant(String tier) throws Exception {
        String slug = unique("rep");
        String tenantId = createTenant(slug, tier).path("id").asText();
        return new Fixture(tenantId, slug, bearer(token(slug, "boss")));
    }

    private static LocalDateTime at(String value) {
        return LocalDateTime.parse(value);
    }

    private static void exec(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                s.setObject(i + 1, a instanceof LocalDateTime t ? Timestamp.valueOf(t)
                        : a instanceof LocalDate d ? Date.valueOf(d) : a);
            }
            s.executeUpdate();
        }
    }

    private static void customer(Connection c, Fixture f, String name, String status, String created, String closed)
            throws Exception {
        exec(c, "INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, status, created_at, updated_at, "
                + "closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", f.id(name), f.tenantId, name, f.id(name)
                + "@example.test", f.id(name) + "@example.test", status, at(created), at(created),
                closed == null ? null : at(closed));
    }

    private static void plan(Connection c, Fixture f, String id, String name, String currency, long price,
            String period, boolean active) throws Exception {
        exec(c, "INSERT INTO dotmac_plan (id, tenant_id, name, price_minor, currency, billing_period, download_mbps, "
                + "upload_mbps, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 100, 20, ?, ?, ?)",
                f.id(id), f.tenantId, name, price, currency, period, active, at("2024-01-01T00:00"),
                at("2024-01-01T00:00"));
    }

    private static void subscription(Connection c, Fixture f, String id, String customer, String plan, String status,
            String start) throws Exception {
        exec(c, "INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, "
                + "next_billing_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", f.id(id),
                f.tenantId, f.id(customer), f.id(plan), LocalDate.parse(start), status, LocalDate.parse(start),
                at(start + "T00:00"), at(start + "T00:00"));
    }

    private static void invoice(Connection c, Fixture f, String id, String customer, String status, String currency,
            long total, long paid, String issued) throws Exception {
        LocalDate issue = issued == null ? null : LocalDate.parse(issued);
        exec(c, "INSERT INTO dotmac_invoice (id, tenant_id, number, customer_id, status, currency, subtotal_minor, "
                + "tax_minor, total_minor, paid_minor, issue_date, due_date, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)", f.id(id), f.tenantId,
                issue == null ? null : "INV-" + f.id(id), f.id(customer), status, currency, total, total, paid, issue,
                issue == null ? null : issue.plusDays(14), at("2024-01-01T00:00"), at("2024-01-01T00:00"));
    }

    private static void payment(Connection c, Fixture f, String id, String invoice, long amount, String received)
            throws Exception {
        exec(c, "INSERT INTO dotmac_payment (id, tenant_id, invoice_id, amount_minor, method, received_at) "
                + "VALUES (?, ?, ?, ?, 'BANK_TRANSFER', ?)", f.id(id), f.tenantId, f.id(invoice), amount,
                at(received));
    }

    private static void ticket(Connection c, Fixture f, String id, String priority, String status, String created,
            String resolved) throws Exception {
        exec(c, "INSERT INTO dotmac_ticket (id, tenant_id, subject, description, customer_id, priority, status, "
                + "created_by, comment_count, created_at, updated_at, resolved_at) "
                + "VALUES (?, ?, 'Subject', 'Description', ?, ?, ?, 'someone', 0, ?, ?, ?)", f.id(id), f.tenantId,
                f.id("C1"), priority, status, at(created), at(created), resolved == null ? null : at(resolved));
    }

    /**
     * The fixture. Customers C1..C5, plans, subscriptions; invoices (due 14 days after issue) and payments in USD
     * and EUR; tickets. Each line says what it is there to test.
     */
    protected void writeFixture(Fixture f) throws Exception {
        inTenantDb(f.tenantId, c -> {
            customer(c, f, "C1", "ACTIVE", "2024-12-15T09:00", null); // before the range: counts as open at start
            customer(c, f, "C2", "ACTIVE", "2025-01-10T09:00", null);
            customer(c, f, "C3", "CLOSED", "2025-01-20T09:00", "2025-03-05T10:00");
            customer(c, f, "C4", "SUSPENDED", "2025-03-01T00:00", null); // first instant of March
            customer(c, f, "C5", "ACTIVE", "2025-05-02T09:00", null); // after the range
            plan(c, f, "P1", "Fibre 100", "USD", 4990, "MONTHLY", true);
            plan(c, f, "P2", HOSTILE, "USD", 12000, "QUARTERLY", true);
            plan(c, f, "P3", "Old DSL", "USD", 1900, "MONTHLY", false); // retired, nobody on it: not shown
            plan(c, f, "P4", "Legacy", "USD", 2500, "MONTHLY", false); // retired, one suspended subscriber
            plan(c, f, "P5", "Euro plan", "EUR", 3000, "MONTHLY", true);
            subscription(c, f, "S1", "C1", "P1", "ACTIVE", "2024-12-15");
            subscription(c, f, "S2", "C2", "P1", "ACTIVE", "2025-01-10");
            subscription(c, f, "S3", "C2", "P2", "ACTIVE", "2025-01-10");
            subscription(c, f, "S4", "C3", "P1", "CANCELLED", "2025-01-20"); // cancelled: not counted
            subscription(c, f, "S5", "C4", "P4", "SUSPENDED", "2025-03-01");
            subscription(c, f, "S6", "C5", "P5", "ACTIVE", "2025-05-02");
            invoice(c, f, "I1", "C1", "PAID", "USD", 10000, 10000, "2025-01-05");
            payment(c, f, "Y1", "I1", 10000, "2025-01-10T12:00");
            invoice(c, f, "I2", "C2", "ISSUED", "USD", 5938, 3000, "2025-01-25"); // due 02-08, paid in part
            payment(c, f, "Y2", "I2", 2000, "2025-02-03T12:00");
            payment(c, f, "Y3", "I2", 1000, "2025-04-30T23:59:59"); // last second of the range
            invoice(c, f, "I3", "C2", "VOID", "USD", 12000, 0, "2025-02-10"); // void: no revenue, owes nothing
            invoice(c, f, "I4", "C3", "PAID", "USD", 4500, 4500, "2025-03-01"); // due 03-15
            payment(c, f, "Y4", "I4", 4500, "2025-05-10T12:00"); // paid only after the range
            invoice(c, f, "I5", "C4", "ISSUED", "USD", 8000, 0, "2025-04-20"); // due 05-04
            invoice(c, f, "I6", "C5", "ISSUED", "EUR", 3000, 0, "2025-04-02"); // due 04-16
            invoice(c, f, "I7", "C1", "ISSUED", "USD", 1000, 0, "2024-12-01"); // due 2024-12-15, before the range
            invoice(c, f, "I8", "C1", "DRAFT", "USD", 99900, 0, null); // a draft is nothing yet
            invoice(c, f, "I9", "C2", "ISSUED", "USD", 500, 0, "2025-04-30"); // last day of the range, due 05-14
            invoice(c, f, "I10", "C2", "ISSUED", "USD", 1250, 0, "2025-04-01"); // due 04-15
            ticket(c, f, "T1", "NORMAL", "CLOSED", "2025-01-03T10:00", "2025-01-04T16:00"); // 30 h
            ticket(c, f, "T2", "LOW", "RESOLVED", "2025-01-20T08:00", "2025-02-02T08:00"); // 13 days = 312 h
            ticket(c, f, "T3", "NORMAL", "OPEN", "2025-02-10T09:00", null);
            ticket(c, f, "T4", "HIGH", "RESOLVED", "2025-03-05T12:00", "2025-03-05T13:30"); // 1.5 h
            // 2024-12-30 00:00 to 2025-03-31 23:00: 2 + 31 + 28 + 31 = 92 days less 1 hour = 2,207 h
            ticket(c, f, "T5", "URGENT", "CLOSED", "2024-12-30T00:00", "2025-03-31T23:00");
            ticket(c, f, "T6", "URGENT", "IN_PROGRESS", "2025-04-15T10:00", null);
            return null;
        });
    }

    // ---- reading reports ----

    protected JsonNode report(String boss, String path) throws Exception {
        HttpResponse<String> r = get("/api/v1/reports/" + path, "Authorization", boss);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return json(r);
    }

    /**
     * Each row as its values in column order joined by {@code |} (an absent value is empty, a decimal number without
     * trailing zeros).
     */
    protected static List<String> lines(JsonNode report) {
        List<String> columns = new ArrayList<>();
        report.path("columns").forEach(col -> columns.add(col.path("name").asText()));
        List<String> lines = new ArrayList<>();
        for (JsonNode row : report.path("rows")) {
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                JsonNode v = row.path(column);
                values.add(v.isMissingNode() || v.isNull() ? "" : v.isFloatingPointNumber()
                        ? new BigDecimal(v.asText()).stripTrailingZeros().toPlainString() : v.asText());
            }
            lines.add(String.join("|", values));
        }
        return lines;
    }

    // ---- the tests ----

    protected void checkBasicReportsMatchAHandComputedTenant() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("BASIC");
        writeFixture(f);

        // revenue, Jan..Apr 2025; USD and EUR rows each month (currencies in name order)
        JsonNode revenue = report(f.boss, "revenue?" + RANGE);
        assertEquals("2025-01-01", revenue.path("parameters").path("from").asText());
        assertEquals(List.of(
                "month|currency|invoices|issued|payments|collected",
                "2025-01|EUR|0|0.00|0|0.00",
                "2025-01|USD|2|159.38|1|100.00", // I1 100.00 + I2 59.38; Y1 100.00
                "2025-02|EUR|0|0.00|0|0.00",
                "2025-02|USD|0|0.00|1|20.00", // I3 is void; Y2 20.00
                "2025-03|EUR|0|0.00|0|0.00",
                "2025-03|USD|1|45.00|0|0.00", // I4 45.00; its payment Y4 comes in May
                "2025-04|EUR|1|30.00|0|0.00", // I6
                "2025-04|USD|3|97.50|1|10.00"), // I5 80.00 + I9 5.00 + I10 12.50; Y3 10.00 at 23:59:59
                withHeader(revenue));

        // ageing at the end of 2025-04-30: days past due of what is open then
        JsonNode ageing = report(f.boss, "ageing?asOf=2025-04-30");
        assertEquals(List.of("currency|invoices|outstanding|notDue|days0to30|days31to60|days61to90|daysOver90",
                "EUR|1|30.00|0.00|30.00|0.00|0.00|0.00", // I6 due 04-16: 14 days
                // I2 59.38 - 20.00 - 10.00 = 29.38, due 02-08: 20 + 31 + 30 = 81 days
                // I4 45.00 (paid in May), due 03-15: 16 + 30 = 46 days
                // I5 80.00 due 05-04 and I9 5.00 due 05-14: not due; I10 12.50 due 04-15: 15 days
                // I7 10.00 due 2024-12-15: 16 + 31 + 28 + 31 + 30 = 136 days
                // outstanding 29.38 + 45.00 + 80.00 + 5.00 + 12.50 + 10.00 = 181.88
                "USD|6|181.88|85.00|12.50|45.00|29.38|10.00"), withHeader(ageing));
        // at the end of 2025-01-31: I1 paid on 01-10, I2 59.38 due 02-08 not due, I7 10.00 at 47 days
        assertEquals(List.of("USD|2|69.38|59.38|0.00|10.00|0.00|0.00"),
                lines(report(f.boss, "ageing?asOf=2025-01-31")));


        assertEquals(List.of("ACTIVE|3", "SUSPENDED|1", "CLOSED|1"), // C1 C2 C5 | C4 | C3
                lines(report(f.boss, "customers/by-status")));

        assertEquals(List.of(HOSTILE + "|USD|120.00|QUARTERLY|1|1|1", // S3
                "Euro plan|EUR|30.00|MONTHLY|1|1|1", // S6
                "Fibre 100|USD|49.90|MONTHLY|2|2|2", // S1 S2 (S4 cancelled)
                "Legacy|USD|25.00|MONTHLY|1|0|1"), // S5 suspended; Old DSL retired and empty: absent
                lines(report(f.boss, "customers/by-plan")).stream().map(l -> l.substring(l.indexOf('|') + 1))
                        .toList());

        // open before the range: C1. Jan: +C2 +C3 = 3; Mar: +C4 (at 00:00 on the 1st) -C3 = 3
        assertEquals(List.of("2025-01|2|0|3", "2025-02|0|0|3", "2025-03|1|1|3", "2025-04|0|0|3"),
                lines(report(f.boss, "customers/movements?" + RANGE)));

        assertEquals(List.of("2025-01|2|1|30", // T1 T2 opened; T1 resolved in 30 h
                "2025-02|1|1|312", // T3 opened; T2 resolved in 312 h
                "2025-03|1|2|1104.25", // T4 opened; T4 1.5 h and T5 2,207 h: 2,208.5 / 2
                "2025-04|1|0|"), // T6 opened, nothing resolved: no mean
                lines(report(f.boss, "tickets?" + RANGE)));

        assertEquals(List.of("OPEN|0|1|0|0|1", "IN_PROGRESS|0|0|0|1|1", "RESOLVED|1|0|1|0|2", "CLOSED|0|1|0|1|2"),
                lines(report(f.boss, "tickets/by-status")));

        // CSV, by ?format= and by Accept: RFC 4180 (CRLF, quoted comma and quotes, doubled quotes) and the
        // formula defused; amounts untouched
        HttpResponse<String> csv = get("/api/v1/reports/customers/by-plan?format=csv", "Authorization", f.boss);
        assertEquals(csv.body(), 200, csv.statusCode());
        assertEquals("text/csv;charset=UTF-8;header=present", csv.headers().firstValue("Content-Type").orElse("")
                .replace(" ", "").replace("\"", ""));
        assertEquals("attachment; filename=\"customers-by-plan.csv\"",
                csv.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("planId,plan,currency,price,billingPeriod,subscriptions,active,customers\r\n"
                + f.id("P2") + ",\"'=SUM(1,2) \"\"Fibre\"\", fast\",USD,120.00,QUARTERLY,1,1,1\r\n"
                + f.id("P5") + ",Euro plan,EUR,30.00,MONTHLY,1,1,1\r\n"
                + f.id("P1") + ",Fibre 100,USD,49.90,MONTHLY,2,2,2\r\n"
                + f.id("P4") + ",Legacy,USD,25.00,MONTHLY,1,0,1\r\n", csv.body());
        HttpResponse<String> accepted = get("/api/v1/reports/ageing?asOf=2025-04-30", "Authorization", f.boss,
                "Accept", "text/csv");
        assertEquals(200, accepted.statusCode());
        assertEquals("attachment; filename=\"ageing_2025-04-30.csv\"",
                accepted.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("currency,invoices,outstanding,notDue,days0to30,days31to60,days61to90,daysOver90\r\n"
                + "EUR,1,30.00,0.00,30.00,0.00,0.00,0.00\r\nUSD,6,181.88,85.00,12.50,45.00,29.38,10.00\r\n",
                accepted.body());
        // an absent mean is an empty field
        assertTrue(get("/api/v1/reports/tickets?format=csv&" + RANGE, "Authorization", f.boss).body()
                .endsWith("\r\n2025-04,1,0,\r\n"));

        // corrections: a credit note of 9.38 on I2 in March, 20.00 of Y1 (I1) refunded in February
        inTenantDb(f.tenantId, c -> {
            exec(c, "UPDATE dotmac_invoice SET credited_minor = 938 WHERE id = ?", f.id("I2"));
            exec(c, "INSERT INTO dotmac_credit_note (id, tenant_id, number, invoice_id, customer_id, currency, "
                    + "subtotal_minor, tax_minor, total_minor, refunded_minor, reason, issue_date, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'USD', 938, 0, 938, 0, 'outage', ?, ?)", f.id("N1"), f.tenantId,
                    "CN-" + f.id("N1"), f.id("I2"), f.id("C2"), LocalDate.parse("2025-03-10"), at("2025-03-10T09:00"));
            exec(c, "UPDATE dotmac_invoice SET status = 'ISSUED', paid_minor = 8000 WHERE id = ?", f.id("I1"));
            exec(c, "INSERT INTO dotmac_refund (id, tenant_id, invoice_id, payment_id, amount_minor, reason, "
                    + "refunded_at) VALUES (?, ?, ?, ?, 2000, 'chargeback', ?)", f.id("R1"), f.tenantId, f.id("I1"),
                    f.id("Y1"), at("2025-02-20T12:00"));
            return null;
        });
        List<String> corrected = lines(report(f.boss, "revenue?" + RANGE));
        assertEquals("2025-02|USD|0|0.00|1|0.00", corrected.get(3)); // Y2 20.00 less the refund of 20.00
        assertEquals("2025-03|USD|1|35.62|0|0.00", corrected.get(5)); // I4 45.00 less the credit note of 9.38
        // I2 29.38 - 9.38 = 20.00 (81 days); I1 owes the 20.00 refunded, due 01-19: 101 days
        assertEquals(List.of("USD|7|192.50|85.00|12.50|45.00|20.00|30.00"),
                lines(report(f.boss, "ageing?asOf=2025-04-30")).subList(1, 2));
        // on 01-31 nothing of it had happened yet
        assertEquals(List.of("USD|2|69.38|59.38|0.00|10.00|0.00|0.00"),
                lines(report(f.boss, "ageing?asOf=2025-01-31")));
    }

    private static List<String> withHeader(JsonNode report) {
        List<String> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        report.path("columns").forEach(c -> names.add(c.path("name").asText()));
        all.add(String.join("|", names));
        all.addAll(lines(report));
        return all;
    }

    protected void checkBasicReportsFollowTheTierAndStayInTheirTenant() throws Exception {
        assumeDatabase();
        Fixture a = fixtureTenant("BASIC");
        writeFixture(a);
        Fixture b = fixtureTenant("BASIC");
        inTenantDb(b.tenantId, c -> {
            customer(c, b, "C1", "ACTIVE", "2025-01-02T00:00", null);
            invoice(c, b, "I1", "C1", "ISSUED", "USD", 100000, 0, "2025-01-02");
            return null;
        });
        // each tenant sees its own figures only
        assertEquals("2025-01|USD|1|1000.00|0|0.00", lines(report(b.boss, "revenue?" + RANGE)).get(0));
        assertEquals("2025-01|USD|2|159.38|1|100.00", lines(report(a.boss, "revenue?" + RANGE)).get(1));
        assertEquals(List.of("ACTIVE|1", "SUSPENDED|0", "CLOSED|0"), lines(report(b.boss, "customers/by-status")));
        assertEquals(List.of("USD|1|1000.00|0.00|0.00|0.00|0.00|1000.00"),
                lines(report(b.boss, "ageing?asOf=2025-12-31")));
        assertEquals(List.of("OPEN|0|0|0|0|0", "IN_PROGRESS|0|0|0|0|0", "RESOLVED|0|0|0|0|0", "CLOSED|0|0|0|0|0"),
                lines(report(b.boss, "tickets/by-status")));
        // a read-only role reads reports
        addUser(a.tenantId, "reader", "ISP_READONLY");
        report(bearer(token(a.slug, "reader")), "customers/by-status");

        // bad parameters: each named, 422
        HttpResponse<String> bad = get("/api/v1/reports/revenue?from=2025-13-01&to=soon&currency=XX",
                "Authorization", a.boss);
        assertProblem(bad, 422);
        assertEquals(List.of("to", "from", "currency"), fieldNames(bad));
        assertEquals(List.of("from"), fieldNames(get("/api/v1/reports/tickets?from=2025-05-01&to=2025-04-30",
                "Authorization", a.boss)));
        assertEquals(List.of("from"), fieldNames(get("/api/v1/reports/customers/movements?from=2000-01-01"
                + "&to=2025-04-30", "Authorization", a.boss)));
        assertEquals(List.of("asOf"), fieldNames(get("/api/v1/reports/ageing?asOf=31.12.2025", "Authorization",
                a.boss)));
        assertEquals(List.of("format"), fieldNames(get("/api/v1/reports/ageing?format=xlsx", "Authorization",
                a.boss)));
        assertProblem(get("/api/v1/reports/ageing", "Authorization", a.boss, "Accept", "image/png"), 406);

        // FREE: every basic report is refused, naming the plugin and the tier
        Fixture free = fixtureTenant("FREE");
        for (String path : List.of("revenue", "ageing", "customers/by-status", "customers/by-plan",
                "customers/movements", "tickets", "tickets/by-status")) {
            HttpResponse<String> refused = get("/api/v1/reports/" + path, "Authorization", free.boss);
            assertProblem(refused, 403);
            assertEquals("basic_reporting", json(refused).path("plugin").asText());
            assertEquals("BASIC", json(refused).path("requiredTier").asText());
        }
        // switched off by the ISP: refused; on again: served
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/basic_reporting", "{\"enabled\":false}",
                "Authorization", a.boss).statusCode());
        assertProblem(get("/api/v1/reports/revenue", "Authorization", a.boss), 403);
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/basic_reporting", "{\"enabled\":true}",
                "Authorization", a.boss).statusCode());
        report(a.boss, "revenue");
    }

    private static List<String> fieldNames(HttpResponse<String> r) throws Exception {
        assertEquals(r.body(), 422, r.statusCode());
        List<String> fields = new ArrayList<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    /** Closing a customer and resolving, reopening and closing a ticket through the API reach the reports. */
    protected void checkCustomerAndTicketChangesReachTheReports() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("BASIC");
        String month = "from=" + YearMonth.now(ZoneOffset.UTC).atDay(1) + "&to="
                + LocalDate.now(ZoneOffset.UTC);
        String customerId = customer(f.boss);
        assertEquals(List.of(YearMonth.now(ZoneOffset.UTC) + "|1|0|1"),
                lines(report(f.boss, "customers/movements?" + month)));
        HttpResponse<String> created = send("POST", "/api/v1/tickets", "{\"subject\":\"Slow\",\"description\":"
                + "\"Evenings\",\"customerId\":\"" + customerId + "\"}", "Authorization", f.boss);
        assertEquals(created.body(), 201, created.statusCode());
        String ticket = json(created).path("id").asText();
        for (String status : List.of("IN_PROGRESS", "RESOLVED")) {
            assertEquals(200, send("PATCH", "/api/v1/tickets/" + ticket, "{\"status\":\"" + status + "\"}",
                    "Authorization", f.boss).statusCode());
        }
        String resolved = lines(report(f.boss, "tickets?" + month)).get(0);
        assertTrue(resolved, resolved.startsWith(YearMonth.now(ZoneOffset.UTC) + "|1|1|"));
        // reopened: no longer resolved
        assertEquals(200, send("PATCH", "/api/v1/tickets/" + ticket, "{\"status\":\"OPEN\"}", "Authorization",
                f.boss).statusCode());
        assertEquals(List.of(YearMonth.now(ZoneOffset.UTC) + "|1|0|"), lines(report(f.boss, "tickets?" + month)));
        for (String status : List.of("IN_PROGRESS", "RESOLVED", "CLOSED")) {
            assertEquals(200, send("PATCH", "/api/v1/tickets/" + ticket, "{\"status\":\"" + status + "\"}",
                    "Authorization", f.boss).statusCode());
        }
        // closing keeps the resolution time
        assertTrue(lines(report(f.boss, "tickets?" + month)).get(0).startsWith(YearMonth.now(ZoneOffset.UTC)
                + "|1|1|"));
        assertEquals(200, send("DELETE", "/api/v1/customers/" + customerId, null, "Authorization", f.boss)
                .statusCode());
        assertEquals(List.of(YearMonth.now(ZoneOffset.UTC) + "|1|1|0"),
                lines(report(f.boss, "customers/movements?" + month)));
        assertEquals(List.of("ACTIVE|0", "SUSPENDED|0", "CLOSED|1"), lines(report(f.boss, "customers/by-status")));
    }

    // ---- advanced_reporting ----

    /**
     * The subscription history the advanced fixture adds: S4 (C3) ends on 2025-03-10; S1 (C1) was on Legacy
     * (25.00) until it moved to Fibre 100 (49.90) on 2025-02-15; S2 (C2) moves from Fibre 100 to Legacy on 2025-04-05.
     */
    protected void writeSubscriptionHistory(Fixture f) throws Exception {
        inTenantDb(f.tenantId, c -> {
            exec(c, "UPDATE dotmac_subscription SET cancel_at = ? WHERE tenant_id = ? AND id = ?",
                    LocalDate.parse("2025-03-10"), f.tenantId, f.id("S4"));
            exec(c, "UPDATE dotmac_subscription SET plan_id = ? WHERE tenant_id = ? AND id = ?", f.id("P4"),
                    f.tenantId, f.id("S2"));
            change(c, f, "H1", "S1", "2025-02-15", "P4", "P1");
            change(c, f, "H2", "S2", "2025-04-05", "P1", "P4");
            return null;
        });
    }

    private static void change(Connection c, Fixture f, String id, String subscription, String on, String from,
            String to) throws Exception {
        exec(c, "INSERT INTO dotmac_subscription_change (id, tenant_id, subscription_id, changed_on, from_plan_id, "
                + "to_plan_id, settled, created_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)", f.id(id), f.tenantId,
                f.id(subscription), LocalDate.parse(on), f.id(from), f.id(to), at(on + "T00:00"));
    }

    protected void checkAdvancedReportsMatchAHandComputedTenant() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("PREMIUM");
        writeFixture(f);
        writeSubscriptionHistory(f);
        // USD subscriptions, monthly value (P2 is quarterly: 120.00 / 3 = 40.00):
        //   S1 C1 Legacy 25.00 from 2024-12-15, Fibre 49.90 from 02-15 | S2 C2 Fibre 49.90 from 01-10, Legacy 25.00
        //   from 04-05 | S3 C2 P2 40.00 from 01-10 | S4 C3 Fibre 49.90 01-20 to 03-10 | S5 C4 Legacy 25.00 from 03-01
        //   (suspended: still counts). EUR: S6 C5 30.00 from 05-02, after the range: EUR rows are all zero.
        // end of Dec 2024: C1 25.00 = 25.00 (1 customer)
        // Jan: C1 25.00, C2 89.90, C3 49.90 = 164.80; new 139.80 (2); ARPU 164.80 / 3 = 54.93; NRR 25 / 25
        // Feb: C1 49.90 (+24.90), C2 89.90, C3 49.90 = 189.70; NRR 189.70 / 164.80 = 115.11 %
        // Mar: C3 churned (49.90), C4 new (25.00) = 164.80; churn 1 / 3 = 33.33 %, 49.90 / 189.70 = 26.30 %,
        //      NRR 139.80 / 189.70 = 73.70 %
        // Apr: C2 89.90 -> 65.00 (contraction 24.90) = 139.90; 24.90 / 164.80 = 15.11 %, NRR 139.90 / 164.80 = 84.89 %
        assertEquals(List.of(
                "month|currency|mrr|arr|customers|arpu|newMrr|expansionMrr|contractionMrr|churnedMrr|netNewMrr"
                        + "|newCustomers|churnedCustomers|customerChurnRate|revenueChurnRate|netRevenueRetention",
                "2025-01|EUR|0.00|0.00|0||0.00|0.00|0.00|0.00|0.00|0|0|||",
                "2025-01|USD|164.80|1977.60|3|54.93|139.80|0.00|0.00|0.00|139.80|2|0|0|0|100",
                "2025-02|EUR|0.00|0.00|0||0.00|0.00|0.00|0.00|0.00|0|0|||",
                "2025-02|USD|189.70|2276.40|3|63.23|0.00|24.90|0.00|0.00|24.90|0|0|0|0|115.11",
                "2025-03|EUR|0.00|0.00|0||0.00|0.00|0.00|0.00|0.00|0|0|||",
                "2025-03|USD|164.80|1977.60|3|54.93|25.00|0.00|0.00|49.90|-24.90|1|1|33.33|26.3|73.7",
                "2025-04|EUR|0.00|0.00|0||0.00|0.00|0.00|0.00|0.00|0|0|||",
                "2025-04|USD|139.90|1678.80|3|46.63|0.00|0.00|24.90|0.00|-24.90|0|0|0|15.11|84.89"),
                withHeader(report(f.boss, "mrr?" + RANGE)));
        assertEquals(List.of("2025-01|USD|139.80|0.00|0.00|0.00|139.80|164.80",
                "2025-02|USD|0.00|24.90|0.00|0.00|24.90|189.70", "2025-03|USD|25.00|0.00|0.00|49.90|-24.90|164.80",
                "2025-04|USD|0.00|0.00|24.90|0.00|-24.90|139.90"),
                lines(report(f.boss, "mrr/movements?currency=USD&" + RANGE)));

        // cohorts by first subscription: Jan C2 C3 (C3 gone 03-10), Mar C4; C1 (Dec) and C5 (May) outside
        assertEquals(List.of("cohort|customers|month0|month1|month2|month3",
                "2025-01|2|100|100|50|50", "2025-02|0||||", "2025-03|1|100|100||", "2025-04|0||||"),
                withHeader(report(f.boss, "cohorts?" + RANGE)));

        // charts: a PNG of the stated size, an SVG document; one currency per chart
        HttpResponse<byte[]> png = getBytes("/api/v1/reports/mrr?currency=USD&format=png&width=640&height=360&"
                + RANGE, "Authorization", f.boss);
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
        assertEquals(640, image.getWidth());
        assertEquals(360, image.getHeight());
        HttpResponse<byte[]> heat = getBytes("/api/v1/reports/cohorts?" + RANGE, "Authorization", f.boss, "Accept",
                "image/png");
        assertEquals(200, heat.statusCode());
        image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(heat.body()));
        assertEquals(800, image.getWidth());
        assertEquals(450, image.getHeight());
        HttpResponse<String> svg = get("/api/v1/reports/mrr/movements?currency=USD&" + RANGE, "Authorization",
                f.boss, "Accept", "image/svg+xml");
        assertEquals(200, svg.statusCode());
        assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        org.w3c.dom.Element root = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                svg.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("0 0 800 450", root.getAttribute("viewBox"));
        assertEquals(List.of("currency"), fieldNames(get("/api/v1/reports/mrr?format=svg&" + RANGE,
                "Authorization", f.boss)));
        assertEquals(List.of("width", "height"), fieldNames(get("/api/v1/reports/cohorts?format=png&width=5"
                + "&height=x", "Authorization", f.boss)));
        // CSV of the cohorts: empty fields where a cohort has not reached the month
        assertEquals("cohort,customers,month0,month1,month2,month3\r\n2025-01,2,100.00,100.00,50.00,50.00\r\n"
                + "2025-02,0,,,,\r\n2025-03,1,100.00,100.00,,\r\n2025-04,0,,,,\r\n",
                get("/api/v1/reports/cohorts?format=csv&" + RANGE, "Authorization", f.boss).body());
    }

    protected void checkNetworkUtilisationIsThe95thPercentile() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("PREMIUM");
        long jan = java.time.Instant.parse("2025-01-10T00:00:00Z").getEpochSecond();
        long now = System.currentTimeMillis() / 300_000 * 300_000;
        inTenantDb(f.tenantId, c -> {
            for (String d : List.of("D1", "D2")) {
                exec(c, "INSERT INTO dotmac_network_device (id, tenant_id, name, address, port, version, "
                        + "credentials_enc, poll_interval_s, timeout_ms, retries, created_at, updated_at, status, "
                        + "failures) VALUES (?, ?, ?, ?, 161, 'v2c', 'x', 60, 1000, 1, ?, ?, 'UNKNOWN', 0)",
                        f.id(d), f.tenantId, "Router " + d, "127.0.9." + (d.equals("D1") ? 1 : 2),
                        at("2025-01-01T00:00"), at("2025-01-01T00:00"));
            }
            for (int ifIndex : List.of(1, 2)) {
                exec(c, "INSERT INTO dotmac_network_interface (tenant_id, device_id, if_index, name, admin_status, "
                        + "oper_status, status, down_polls, speed_mbps, updated_at) VALUES (?, ?, ?, ?, 1, 1, 'UP', 0, "
                        + "100, ?)", f.tenantId, f.id("D1"), ifIndex, "ge-0/0/" + ifIndex, at("2025-01-01T00:00"));
            }
            // D1, Jan 2025 rollups, 20 five-minute buckets: ge-0/0/1 in k Mbit/s (k = 1..20), out 5 Mbit/s;
            // ge-0/0/2 in 1 Mbit/s, out 2 Mbit/s
            for (int k = 1; k <= 20; k++) {
                long bucket = jan + k * 300L;
                rollup(c, f, 1, bucket, k * 1_000_000L, 5_000_000L);
                rollup(c, f, 2, bucket, 1_000_000L, 2_000_000L);
            }
            // D2, raw samples of the last 20 minutes, unrolled: three buckets averaging 15, 30 and 7 Mbit/s in
            long b0 = now - 3 * 300_000L;
            sample(c, f, b0 + 1_000, 10_000_000L);
            sample(c, f, b0 + 61_000, 20_000_000L);
            sample(c, f, b0 + 300_000 + 5_000, 30_000_000L);
            sample(c, f, b0 + 600_000 + 5_000, 6_000_000L);
            sample(c, f, b0 + 600_000 + 65_000, 8_000_000L);
            return null;
        });
        // nearest rank: ceil(0.95 x 20) = the 19th of 20 values
        // ge-0/0/1 in: 19 Mbit/s, out 5; ge-0/0/2: in 1, out 2; D1 per bucket: in k + 1 -> 20 Mbit/s, out 7
        // utilisation: max(in, out) / 100 Mbit/s
        // D2: ceil(0.95 x 3) = 3rd of (7, 15, 30) = 30 Mbit/s; no interface row known: name and speed absent
        JsonNode jan2025 = report(f.boss, "network/utilisation?from=2025-01-01&to=2025-01-31");
        assertEquals(List.of(
                "deviceId|device|ifIndex|interface|samples|in95Bps|out95Bps|inMaxBps|outMaxBps|speedMbps|utilisation95",
                f.id("D1") + "|Router D1|||20|20000000|7000000|21000000|7000000||",
                f.id("D1") + "|Router D1|1|ge-0/0/1|20|19000000|5000000|20000000|5000000|100|19",
                f.id("D1") + "|Router D1|2|ge-0/0/2|20|1000000|2000000|1000000|2000000|100|2",
                f.id("D2") + "|Router D2|||0||||||"), withHeader(jan2025));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        List<String> recent = lines(report(f.boss, "network/utilisation?from=" + yesterday + "&to=" + today));
        assertEquals(f.id("D2") + "|Router D2|||3|30000000|0|30000000|0||", recent.get(1));
        assertEquals(f.id("D2") + "|Router D2|1||3|30000000|0|30000000|0||", recent.get(2));

        // the tenant switched network_monitoring off: the report says so
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/network_monitoring", "{\"enabled\":false}",
                "Authorization", f.boss).statusCode());
        HttpResponse<String> off = get("/api/v1/reports/network/utilisation", "Authorization", f.boss);
        assertProblem(off, 403);
        assertEquals("network_monitoring", json(off).path("plugin").asText());
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/network_monitoring", "{\"enabled\":true}",
                "Authorization", f.boss).statusCode());
        // the plugin is not there at all: the report says so too
        org.osgi.framework.Bundle network = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.dotmac.network.monitoring".equals(b.getSymbolicName())).findFirst().orElseThrow();
        network.stop();
        try {
            HttpResponse<String> gone = get("/api/v1/reports/network/utilisation", "Authorization", f.boss);
            assertProblem(gone, 409);
            assertTrue(gone.body(), json(gone).path("detail").asText().contains("network_monitoring"));
        } finally {
            network.start();
        }
    }

    private static void rollup(Connection c, Fixture f, int ifIndex, long bucket, long in, long out)
            throws Exception {
        exec(c, "INSERT INTO dotmac_network_rollup (tenant_id, device_id, if_index, bucket, samples, in_avg, in_max, "
                + "out_avg, out_max) VALUES (?, ?, ?, ?, 5, ?, ?, ?, ?)", f.tenantId, f.id("D1"), ifIndex, bucket,
                in, in, out, out);
    }

    private static void sample(Connection c, Fixture f, long ts, long in) throws Exception {
        exec(c, "INSERT INTO dotmac_network_sample (tenant_id, device_id, if_index, ts, in_bps, out_bps) "
                + "VALUES (?, ?, 1, ?, ?, 0)", f.tenantId, f.id("D2"), ts, in);
    }

    protected void checkAdvancedReportsNeedPremium() throws Exception {
        assumeDatabase();
        Fixture basic = fixtureTenant("BASIC");
        for (String path : List.of("mrr", "mrr/movements", "cohorts", "network/utilisation", "schedules")) {
            HttpResponse<String> refused = get("/api/v1/reports/" + path, "Authorization", basic.boss);
            assertProblem(refused, 403);
            assertEquals("advanced_reporting", json(refused).path("plugin").asText());
            assertEquals("PREMIUM", json(refused).path("requiredTier").asText());
        }
        // a PREMIUM tenant sees only its own subscriptions
        Fixture a = fixtureTenant("PREMIUM");
        writeFixture(a);
        Fixture b = fixtureTenant("PREMIUM");
        assertEquals(List.of(), lines(report(b.boss, "mrr?" + RANGE)));
        assertEquals(List.of("2025-01|0||||", "2025-02|0||||", "2025-03|0||||", "2025-04|0||||"),
                lines(report(b.boss, "cohorts?" + RANGE)));
        assertEquals(8, lines(report(a.boss, "mrr?" + RANGE)).size());
    }

    // ---- scheduled reports ----

    /** The options these suites add: the report scheduler looks every second. */
    protected static org.ops4j.pax.exam.Option[] reporting() {
        return org.ops4j.pax.exam.OptionUtils.combine(emailNotifications(),
                org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                        "etc/io.dotmac.reporting.advanced.cfg", "scheduleTickSeconds", "1"));
    }

    protected void checkScheduledReportsAreEmailedWithTheirCsvAndChart() throws Exception {
        assumeDatabase();
        smtp();
        Fixture f = fixtureTenant("PREMIUM");
        writeFixture(f);
        writeSubscriptionHistory(f);
        String schedules = "/api/v1/reports/schedules";

        // bad input: every field named, nothing written
        assertEquals(List.of("report", "cron", "recipients"), fieldNames(send("POST", schedules, "{}",
                "Authorization", f.boss)));
        assertEquals(List.of("report", "timeZone", "cron", "recipients[1]"), fieldNames(send("POST", schedules,
                "{\"report\":\"nope\",\"cron\":\"every day\",\"timeZone\":\"Mars/Base\","
                        + "\"recipients\":[\"a@isp.test\",\"x\"],\"parameters\":{\"from\":\"2025-13-01\"}}",
                "Authorization", f.boss)));
        assertEquals(List.of("cron", "parameters.from"), fieldNames(send("POST", schedules,
                "{\"report\":\"mrr\",\"cron\":\"*/5 * * * *\",\"recipients\":[\"a@isp.test\"],"
                        + "\"parameters\":{\"from\":\"soon\"}}", "Authorization", f.boss)));
        assertEquals(0, json(get(schedules, "Authorization", f.boss)).path("items").size());

        String cfo = unique("cfo") + "@isp.test";
        String ops = unique("ops") + "@isp.test";
        HttpResponse<String> created = send("POST", schedules, "{\"name\":\"Monthly MRR\",\"report\":"
                + "\"mrr/movements\",\"parameters\":{\"from\":\"2025-01-01\",\"to\":\"2025-04-30\","
                + "\"currency\":\"USD\"},\"cron\":\"0 7 1 * *\",\"timeZone\":\"Europe/Berlin\","
                + "\"recipients\":[\"" + cfo + "\",\"" + ops + "\"]}", "Authorization", f.boss);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode schedule = json(created);
        String id = schedule.path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(schedules + "/" + id));
        // 07:00 in Berlin on the next first of a month
        java.time.ZonedDateTime berlin = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin"));
        java.time.ZonedDateTime next = berlin.withDayOfMonth(1).withHour(7).withMinute(0).withSecond(0).withNano(0);
        if (!next.isAfter(berlin)) {
            next = next.plusMonths(1);
        }
        assertEquals(next.toInstant(), java.time.Instant.parse(schedule.path("nextRunAt").asText()));

        // run by hand: one e-mail per recipient, the CSV and the chart attached
        HttpResponse<String> ran = send("POST", schedules + "/" + id + "/run", null, "Authorization", f.boss);
        assertEquals(ran.body(), 200, ran.statusCode());
        assertEquals(ran.body(), "QUEUED", json(ran).path("status").asText());
        String file = "mrr-movements_2025-01-01_2025-04-30";
        assertEquals(file + ".csv, " + file + ".png", json(ran).path("attachments").asText());
        await("the report e-mails", java.time.Duration.ofSeconds(30),
                () -> mailTo(cfo).size() == 1 && mailTo(ops).size() == 1);
        javax.mail.internet.MimeMessage mail = mailTo(cfo).get(0);
        String tenantName = "ISP " + f.slug;
        assertEquals(tenantName + ": report mrr/movements, 2025-01-01 to 2025-04-30", mail.getSubject());
        javax.mail.Multipart parts = (javax.mail.Multipart) content(mail);
        assertEquals(3, parts.getCount());
        assertTrue(((String) content(parts.getBodyPart(0))).contains("Monthly MRR"));
        assertEquals(file + ".csv", parts.getBodyPart(1).getFileName());
        String expectedCsv = get("/api/v1/reports/mrr/movements?format=csv&currency=USD&" + RANGE, "Authorization",
                f.boss).body();
        assertEquals(expectedCsv, new String(parts.getBodyPart(1).getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(expectedCsv.contains("2025-04,USD,0.00,0.00,24.90,0.00,-24.90,139.90"));
        assertEquals(file + ".png", parts.getBodyPart(2).getFileName());
        java.awt.image.BufferedImage chart = javax.imageio.ImageIO.read(parts.getBodyPart(2).getInputStream());
        assertEquals(800, chart.getWidth());
        assertEquals(450, chart.getHeight());

        // due: the scheduler delivers it once and moves it to its next time
        java.time.Instant due = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        inTenantDb(f.tenantId, c -> {
            exec(c, "UPDATE dotmac_report_schedule SET next_run_at = ? WHERE tenant_id = ? AND id = ?",
                    Timestamp.from(due), f.tenantId, id);
            return null;
        });
        await("the scheduled delivery", java.time.Duration.ofSeconds(30), () -> mailTo(cfo).size() == 2
                && mailTo(ops).size() == 2);
        JsonNode page = json(get(schedules + "/" + id + "/deliveries?limit=1", "Authorization", f.boss));
        assertEquals(1, page.path("items").size());
        JsonNode older = json(get(schedules + "/" + id + "/deliveries?limit=1&cursor=" + page.path("nextCursor")
                .asText(), "Authorization", f.boss));
        assertEquals(1, older.path("items").size());
        assertTrue(older.path("nextCursor").isMissingNode() || older.path("nextCursor").isNull());
        assertProblem(get(schedules + "/" + id + "/deliveries?cursor=x", "Authorization", f.boss), 422);
        // like every list: {"items", "nextCursor"}, newest first
        JsonNode deliveries = json(get(schedules + "/" + id + "/deliveries", "Authorization", f.boss)).path("items");
        assertEquals(2, deliveries.size());
        assertEquals(page.path("items").get(0).path("id").asText(), deliveries.get(0).path("id").asText());
        assertEquals(due, java.time.Instant.parse(deliveries.get(0).path("dueAt").asText()));
        assertEquals("QUEUED", deliveries.get(0).path("status").asText());
        assertTrue(deliveries.get(1).path("dueAt").isMissingNode() || deliveries.get(1).path("dueAt").isNull());
        JsonNode moved = json(get(schedules + "/" + id, "Authorization", f.boss));
        assertEquals(next.toInstant(), java.time.Instant.parse(moved.path("nextRunAt").asText()));
        assertEquals(deliveries.get(0).path("id").asText(), moved.path("last").path("id").asText());

        // the shell lists it and runs it
        String listed = shell("dotmac:report-schedule-list " + f.slug);
        assertTrue(listed, listed.contains(id) && listed.contains("Monthly MRR") && listed.contains("0 7 1 * *")
                && listed.contains("1 scheduled report of " + f.slug));
        String shellRun = shell("dotmac:report-schedule-run " + f.slug + " " + id);
        assertTrue(shellRun, shellRun.startsWith("QUEUED: 2 e-mails queued (" + file + ".csv, " + file + ".png)"));
        await("the e-mails the shell queued", java.time.Duration.ofSeconds(30), () -> mailTo(cfo).size() == 3);
        String refused = shell("dotmac:report-schedule-list " + fixtureTenant("BASIC").slug);
        assertTrue(refused, refused.contains("ERROR") && refused.contains("advanced_reporting"));

        // without email_notifications the delivery says so
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/email_notifications", "{\"enabled\":false}",
                "Authorization", f.boss).statusCode());
        JsonNode undelivered = json(send("POST", schedules + "/" + id + "/run", null, "Authorization", f.boss));
        assertEquals(undelivered.toString(), "NOT_DELIVERED", undelivered.path("status").asText());
        assertTrue(undelivered.path("detail").asText().contains("email_notifications"));
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/email_notifications", "{\"enabled\":true}",
                "Authorization", f.boss).statusCode());

        // another tenant can neither see nor touch it
        Fixture other = fixtureTenant("PREMIUM");
        assertEquals(0, json(get(schedules, "Authorization", other.boss)).path("items").size());
        assertProblem(get(schedules + "/" + id, "Authorization", other.boss), 404);
        assertProblem(get(schedules + "/" + id + "/deliveries", "Authorization", other.boss), 404);
        assertProblem(send("POST", schedules + "/" + id + "/run", null, "Authorization", other.boss), 404);
        assertProblem(send("PUT", schedules + "/" + id, "{\"report\":\"mrr\",\"cron\":\"0 7 * * *\","
                + "\"recipients\":[\"x@isp.test\"]}", "Authorization", other.boss), 404);
        assertProblem(send("DELETE", schedules + "/" + id, null, "Authorization", other.boss), 404);
        assertEquals("Monthly MRR", json(get(schedules + "/" + id, "Authorization", f.boss)).path("name").asText());

        // replaced, then deleted
        JsonNode replaced = json(send("PUT", schedules + "/" + id, "{\"report\":\"revenue\",\"cron\":"
                + "\"30 6 * * 1\",\"recipients\":[\"" + cfo + "\"],\"enabled\":false}", "Authorization", f.boss));
        assertEquals("revenue", replaced.path("name").asText());
        assertTrue(replaced.path("nextRunAt").isMissingNode() || replaced.path("nextRunAt").isNull());
        assertEquals(204, send("DELETE", schedules + "/" + id, null, "Authorization", f.boss).statusCode());
        assertProblem(get(schedules + "/" + id, "Authorization", f.boss), 404);
    }
}
