package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ISP portal in a real browser (Debian's Chromium, headless, driven by Selenium through chromedriver) against the
 * booted distribution: the login, the plugins page with its tier badges and the reasons a plugin is locked, pages
 * coming and going with the tier, the tenant's switches and a plugin feature uninstalled and installed again, all
 * without a reload; a field's error shown next to it; the licence's reason at a page the tenant may not use; an
 * invoice drafted, issued, paid and its PDF opened; a billing run followed to COMPLETED; the layout at 390 px; another
 * tenant's customer not found; an operator's views. axe-core checks each main page (no serious or critical
 * violation). Screenshots go to {@code target/screenshots/}.
 */
class PortalBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "portal-browser-admin-1";
    private static final String PASSWORD = "portal-browser-user-1";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private KarafProcess.Booted karaf;
    private WebDriver browser;
    private final HttpClient http = KarafProcess.http();

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            try {
                screenshot("last"); // where the test ended, for a failure's reader
            } catch (RuntimeException e) {
                System.out.println("no last screenshot: " + e);
            }
            // what the page said on its console, for a failure's reader
            browser.manage().logs().get("browser").forEach(e -> System.out.println("browser: " + e));
            browser.quit();
        }
        if (karaf != null) {
            KarafProcess.stop(karaf.home());
        }
    }

    /** Debian's Chromium, headless, driven through its chromedriver, with a profile of its own. */
    static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // no background traffic: this machine's network is closed, and a test talks to 127.0.0.1 only
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private String token(String body) throws Exception {
        HttpResponse<String> r = KarafProcess.post(http, karaf.port(), "/api/v1/auth/token", body, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private JsonNode tenant(String admin, String slug, String tier) throws Exception {
        HttpResponse<String> r = KarafProcess.post(http, karaf.port(), "/api/v1/tenants", "{\"name\":\"ISP " + slug
                + "\",\"slug\":\"" + slug + "\",\"tier\":\"" + tier + "\",\"admin\":{\"username\":\"boss\","
                + "\"email\":\"boss@" + slug + ".test\",\"password\":\"" + PASSWORD + "\"}}", admin);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** A wait that also looks again at an element the portal redrew meanwhile. */
    private WebDriverWait await(Duration d) {
        WebDriverWait wait = new WebDriverWait(browser, d);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private void signIn(String tenant) throws Exception {
        browser.get("http://127.0.0.1:" + karaf.port() + "/");
        WebElement slug = await(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.name("tenant")));
        assertTrue(browser.getCurrentUrl().endsWith("/portal/"), browser.getCurrentUrl());
        assertAccessible("the sign-in page");
        slug.sendKeys(tenant);
        browser.findElement(By.name("username")).sendKeys("boss");
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
        await(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav.side a")));
    }

    /** The navigation's labels, read in one step (the portal may redraw it meanwhile). */
    @SuppressWarnings("unchecked")
    private List<String> navigation() {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('nav.side a')].map(a => a.textContent)");
    }

    private void open(String page) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", "#/" + page);
    }

    /**
     * Runs axe-core in the page: no serious or critical violation (the WCAG 2.1 A and AA rules and axe's best
     * practices), each one found named with its nodes.
     */
    private void assertAccessible(String what) throws Exception {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
            try (var in = getClass().getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
                js.executeScript(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String found = (String) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify("
                + "r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({ id: v.id,"
                + " impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })))));");
        assertEquals("[]", found, what + ": serious or critical accessibility violations");
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.move(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anIspUsesThePortalItsPagesFollowTheTierAndTheSwitchesAndTenantsStayApart() throws Exception {
        // webhooks may reach this machine's receiver (loopback is refused by default); the marketplace trusts a
        // test authority
        Path pkiDir = Files.createTempDirectory("pki");
        io.dotmac.marketplace.internal.TestPki pki = new io.dotmac.marketplace.internal.TestPki(pkiDir);
        pki.developer("acme", true, true);
        karaf = KarafProcess.boot("portal-browser", ADMIN_PASSWORD, home -> {
            KarafProcess.set(home.resolve("etc/io.dotmac.integrations.cfg"), "allowedNetworks", "127.0.0.0/8");
            Files.copy(pki.authority(), home.resolve("etc/dotmac-marketplace-ca.pem"));
            KarafProcess.set(home.resolve("etc/io.dotmac.customer.portal.cfg"), "publicUrl", "http://127.0.0.1:"
                    + KarafProcess.port(home));
        });
        String admin = token("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        JsonNode a = tenant(admin, "free-a", "FREE");
        tenant(admin, "free-b", "FREE");
        HttpResponse<String> root = KarafProcess.get(http, karaf.port(), "/portal/", null);
        assertEquals(200, root.statusCode());
        assertTrue(root.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertFalse(root.headers().firstValue("Content-Security-Policy").orElse("").contains("unsafe-"));
        assertEquals("nosniff", root.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", root.headers().firstValue("Referrer-Policy").orElse(""));
        // a file asked for again comes back 304 while its bundle is the same; an unknown one is a problem+json 404
        String etag = root.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + karaf.port() + "/portal/")).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        HttpResponse<String> missing = KarafProcess.get(http, karaf.port(), "/portal/../etc/passwd", null);
        assertTrue(missing.statusCode() == 404 || missing.statusCode() == 400, missing.statusCode() + "");
        int dotted = KarafProcess.get(http, karaf.port(), "/portal/plugins/customer_management/x/../../app.js", null)
                .statusCode();
        assertTrue(dotted == 404 || dotted == 400, "dot segments: " + dotted);
        assertEquals(200, KarafProcess.get(http, karaf.port(), "/portal/plugins/customer_management/customers.js",
                null).statusCode());
        assertEquals(404, KarafProcess.get(http, karaf.port(), "/portal/plugins/customer_management/missing.js",
                null).statusCode());
        HttpResponse<String> redirect = KarafProcess.get(http, karaf.port(), "/", null);
        assertEquals(302, redirect.statusCode());
        assertEquals("/portal/", redirect.headers().firstValue("Location").orElse(""));

        browser = chromium(Files.createTempDirectory("chromium"));
        signIn("free-a");
        assertTrue(navigation().containsAll(List.of("Dashboard", "Plugins", "Customers")), navigation().toString());
        assertFalse(navigation().contains("Devices"), "a PREMIUM plugin's page for a FREE tenant");
        screenshot("dashboard");
        assertAccessible("the dashboard");

        // the plugins page: badges, states, the reason and price of what the tier lacks
        open("plugins");
        WebElement locked = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("article[data-plugin=network_monitoring]")));
        assertEquals("not-in-your-tier", locked.getAttribute("data-state"));
        assertEquals("PREMIUM", locked.findElement(By.cssSelector(".badge")).getText());
        assertTrue(locked.getText().contains("Needs PREMIUM or higher (you have FREE): 149.00 USD a month."),
                locked.getText());
        assertEquals("active", browser.findElement(By.cssSelector("article[data-plugin=customer_management]"))
                .getAttribute("data-state"));
        screenshot("plugins");
        assertAccessible("the plugins page");

        // the operator raises the tier: the PREMIUM plugin's page appears, no reload
        Object marker = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return window.__portalMarker = Math.random()");
        HttpResponse<String> tier = KarafProcess.put(http, karaf.port(), "/api/v1/tenants/" + a.path("id").asText()
                + "/tier", "{\"tier\":\"PREMIUM\"}", admin);
        assertEquals(200, tier.statusCode(), tier.body());
        await(Duration.ofSeconds(15)).until(d -> navigation().contains("Devices"));
        assertEquals(marker, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return window.__portalMarker"), "the page was not reloaded");

        // the ISP switches network monitoring off on the plugins page: its page leaves the navigation at once
        open("plugins");
        WebElement toggle = await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("article[data-plugin=network_monitoring] input[type=checkbox]")));
        toggle.click();
        await(Duration.ofSeconds(5)).until(d -> !navigation().contains("Devices"));
        open("devices");
        WebElement refusal = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("main [role=alert]")));
        assertTrue(refusal.getText().contains("network_monitoring") && refusal.getText().contains("disabled"),
                refusal.getText());

        // switched on again, then the operator uninstalls the plugin's feature: its page goes, no reload; it comes
        // back with the feature
        open("plugins");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("article[data-plugin=network_monitoring] input[type=checkbox]"))).click();
        await(Duration.ofSeconds(5)).until(d -> navigation().contains("Devices"));
        KarafProcess.shell(karaf.home(), "dotmac:plugin-uninstall dotmac-network-monitoring");
        await(Duration.ofSeconds(15)).until(d -> !navigation().contains("Devices"));
        open("devices");
        WebElement gone = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("main [role=alert]")));
        assertTrue(gone.getText().contains("There is no page 'devices'"), gone.getText());
        KarafProcess.shell(karaf.home(), "dotmac:plugin-install dotmac-network-monitoring");
        await(Duration.ofSeconds(30)).until(d -> navigation().contains("Devices"));

        // a customer with an invalid e-mail: the API's message next to the field; then a valid one is listed
        open("customers");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Add customer']"))).click();
        WebElement dialog = await(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        dialog.findElement(By.name("name")).sendKeys("Ada Lovelace");
        dialog.findElement(By.name("email")).sendKeys("not-an-email");
        dialog.findElement(By.cssSelector("button.primary")).click();
        WebElement emailError = await(Duration.ofSeconds(10)).until(d -> {
            WebElement input = d.findElement(By.cssSelector("dialog[open] [name=email]"));
            WebElement error = d.findElement(By.id(input.getAttribute("id") + "-error"));
            return error.getText().isBlank() ? null : error;
        });
        assertEquals("true", dialog.findElement(By.name("email")).getAttribute("aria-invalid"));
        screenshot("customer-error");
        assertAccessible("the customer dialog with an error");
        assertFalse(emailError.getText().isBlank());
        dialog.findElement(By.name("email")).clear();
        dialog.findElement(By.name("email")).sendKeys("ada@example.test");
        dialog.findElement(By.cssSelector("button.primary")).click();
        WebElement row = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table//a[text()='Ada Lovelace']")));
        String customerId = row.findElement(By.xpath("./ancestor::tr")).getAttribute("data-customer");
        screenshot("customers");
        assertAccessible("the customers page");

        // the customer's own view: a bad tag named next to its field, then tagged, then the tag removed
        open("customers/" + customerId);
        WebElement tagInput = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.name("tag")));
        tagInput.sendKeys("Not A Tag!");
        browser.findElement(By.xpath("//button[text()='Add tag']")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.name("tag")).getAttribute(
                "aria-invalid")));
        browser.findElement(By.name("tag")).clear();
        browser.findElement(By.name("tag")).sendKeys("vip");
        browser.findElement(By.xpath("//button[text()='Add tag']")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "ul.tags li[data-tag=vip]")));
        assertAccessible("a customer with a tag");
        browser.findElement(By.cssSelector("ul.tags li[data-tag=vip] button")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(
                "ul.tags li[data-tag=vip]")));

        // an invoice: a draft with a bad price (the line's field named), then issued, paid, and its PDF opened
        open("invoices");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='New draft']"))).click();
        WebElement draft = await(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        new org.openqa.selenium.support.ui.Select(draft.findElement(By.name("customerId"))).selectByValue(customerId);
        draft.findElement(By.name("lines[0].description")).sendKeys("Fibre 100, December");
        draft.findElement(By.name("lines[0].unitPrice")).sendKeys("thirty");
        draft.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector(
                "dialog[open] [name='lines[0].unitPrice']")).getAttribute("aria-invalid")));
        draft.findElement(By.name("lines[0].unitPrice")).clear();
        draft.findElement(By.name("lines[0].unitPrice")).sendKeys("30.00");
        draft.findElement(By.name("lines[0].taxRate")).clear();
        draft.findElement(By.name("lines[0].taxRate")).sendKeys("20");
        draft.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Issue']"))).click();
        await(Duration.ofSeconds(10)).until(d -> "ISSUED".equals(d.findElement(By.cssSelector("p.state"))
                .getAttribute("data-status")));
        assertTrue(browser.findElement(By.tagName("h1")).getText().matches("Invoice INV-\\d{4}-\\d{6}"));
        browser.findElement(By.xpath("//button[text()='Record payment']")).click();
        await(Duration.ofSeconds(10)).until(d -> "PAID".equals(d.findElement(By.cssSelector("p.state"))
                .getAttribute("data-status")));
        browser.findElement(By.cssSelector("a.pdf")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector("a.pdf"))
                .getAttribute("data-ready")));
        String head = (String) ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(document.querySelector('a.pdf').href)"
                        + ".then(r => r.blob()).then(b => b.slice(0, 5).text()).then(done)");
        assertEquals("%PDF-", head);
        browser.getWindowHandles().stream().filter(w -> !w.equals(browser.getWindowHandle())).toList()
                .forEach(w -> browser.switchTo().window(w).close());
        browser.switchTo().window(browser.getWindowHandles().iterator().next());
        screenshot("invoice");
        assertAccessible("an invoice");

        // a plan added on the plans page (its price's error next to it first), a customer subscribed to it on the
        // subscriptions page, found by searching
        open("plans");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Add plan']"))).click();
        WebElement planForm = await(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        planForm.findElement(By.name("name")).sendKeys("Home 100");
        planForm.findElement(By.name("price")).sendKeys("thirty");
        planForm.findElement(By.name("currency")).sendKeys("USD");
        planForm.findElement(By.name("downloadMbps")).sendKeys("100");
        planForm.findElement(By.name("uploadMbps")).sendKeys("20");
        planForm.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector(
                "dialog[open] [name=price]")).getAttribute("aria-invalid")));
        planForm.findElement(By.name("price")).clear();
        planForm.findElement(By.name("price")).sendKeys("30.00");
        planForm.findElement(By.cssSelector("button.primary")).click();
        WebElement planRow = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table//td[text()='Home 100']/ancestor::tr")));
        assertTrue(planRow.getText().contains("30.00 USD"), planRow.getText());
        String planId = planRow.getAttribute("data-plan");
        screenshot("plans");
        assertAccessible("the plans page");
        open("subscriptions");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Subscribe a customer']"))).click();
        WebElement subscribe = await(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        subscribe.findElement(By.name("customerId-search")).sendKeys("Ada");
        await(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(
                "dialog[open] select[name=customerId] option[value='" + customerId + "']")).isEmpty());
        new org.openqa.selenium.support.ui.Select(subscribe.findElement(By.name("customerId")))
                .selectByValue(customerId);
        new org.openqa.selenium.support.ui.Select(subscribe.findElement(By.name("planId"))).selectByValue(planId);
        assertAccessible("the subscribe dialog");
        subscribe.findElement(By.cssSelector("button.primary")).click();
        WebElement subscribed = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-subscription]")));
        assertTrue(subscribed.getText().contains("Ada Lovelace") && subscribed.getText().contains("Home 100")
                && subscribed.getText().contains("ACTIVE"), subscribed.getText());
        String subscriptionId = subscribed.getAttribute("data-subscription");
        screenshot("subscriptions");
        assertAccessible("the subscriptions page");

        // a billing run started on its page: its progress shown live until COMPLETED
        open("billing-runs");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Start run']"))).click();
        WebElement progress = await(Duration.ofSeconds(60)).until(d -> {
            WebElement status = d.findElement(By.cssSelector("p.run-status"));
            return "COMPLETED".equals(status.getAttribute("data-status")) ? status : null;
        });
        assertTrue(progress.getText().contains("1 of 1 billed, 1 invoice"), progress.getText());
        screenshot("billing-run");
        assertAccessible("the billing runs page");

        // a ticket: the subject's error next to it, then opened, commented on and moved on
        open("tickets");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='New ticket']"))).click();
        WebElement ticket = await(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        new org.openqa.selenium.support.ui.Select(ticket.findElement(By.name("customerId"))).selectByValue(customerId);
        ticket.findElement(By.name("description")).sendKeys("No sync since this morning");
        ticket.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector(
                "dialog[open] [name=subject]")).getAttribute("aria-invalid")));
        ticket.findElement(By.name("subject")).sendKeys("Link down");
        ticket.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.name("body")))
                .sendKeys("Remote reset done; watching it");
        browser.findElement(By.xpath("//button[text()='Comment']")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//ol[@class='comments']//p[text()='Remote reset done; watching it']")));
        browser.findElement(By.xpath("//button[text()='Move to in progress']")).click();
        await(Duration.ofSeconds(10)).until(d -> "IN_PROGRESS".equals(d.findElement(By.cssSelector("p.state"))
                .getAttribute("data-status")));
        screenshot("ticket");
        assertAccessible("a ticket");

        // e-mail: a template previewed by the server (a broken one's error next to the body), saved; the outbox holds
        // the welcome message of the customer added above
        open("email");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "tr[data-event=welcome] a"))).click();
        await(Duration.ofSeconds(10)).until(d -> !d.findElement(By.cssSelector(".preview-subject")).getText().isBlank());
        WebElement subjectInput = browser.findElement(By.name("subject"));
        subjectInput.clear();
        subjectInput.sendKeys("Hello ${customerName}");
        browser.findElement(By.xpath("//button[text()='Preview']")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector(".preview-subject")).getText()
                .startsWith("Hello ") && !d.findElement(By.cssSelector(".preview-subject")).getText().contains("${"));
        WebElement bodyInput = browser.findElement(By.name("body"));
        String goodBody = bodyInput.getAttribute("value");
        bodyInput.clear();
        bodyInput.sendKeys("${x");
        browser.findElement(By.xpath("//button[text()='Preview']")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.name("body"))
                .getAttribute("aria-invalid")));
        bodyInput.clear();
        bodyInput.sendKeys(goodBody);
        browser.findElement(By.xpath("//button[text()='Save template']")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector("form[data-event]"))
                .getAttribute("data-custom")));
        screenshot("email-template");
        assertAccessible("an e-mail template");
        open("email/outbox");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "tr[data-message]")));
        assertAccessible("the outbox");

        // billing settings: a bad run time named next to its field, then saved
        open("billing-settings");
        WebElement runTime = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.name("runTime")));
        runTime.clear();
        runTime.sendKeys("25:00");
        browser.findElement(By.xpath("//button[text()='Save settings']")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.name("runTime"))
                .getAttribute("aria-invalid")));
        browser.findElement(By.name("runTime")).clear();
        browser.findElement(By.name("runTime")).sendKeys("03:30");
        browser.findElement(By.xpath("//button[text()='Save settings']")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("p.notice")).getText().contains("Saved"));
        assertEquals("03:30", JSON.readTree(KarafProcess.get(http, karaf.port(), "/api/v1/billing/settings",
                token("{\"tenant\":\"free-a\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}")).body())
                .path("runTime").asText());
        assertAccessible("the billing settings");

        // reports: a basic report as a table and a chart; the advanced MRR with the server's chart
        open("reports/customers/by-status");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "svg.report-chart")));
        assertFalse(browser.findElements(By.cssSelector("table tr[data-row]")).isEmpty());
        screenshot("reports");
        assertAccessible("a basic report");
        open("analytics/mrr");
        await(Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("const i = document.querySelector('img.report-chart');"
                        + " return !!i && i.complete && i.naturalWidth > 0")));
        WebElement mrr = browser.findElement(By.cssSelector("div.figure[data-figure=mrr]"));
        assertTrue(mrr.getText().contains("30.00"), "the subscription's 30.00 a month: " + mrr.getText());
        screenshot("analytics-mrr");
        assertAccessible("the MRR analytics");

        // radius_aaa: a PPPoE account for Ada's subscription and a NAS added on the RADIUS page; the account's
        // usage page
        open("radius");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Add account']"))).click();
        WebElement radius = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        radius.findElement(By.name("subscriptionId")).sendKeys(subscriptionId);
        radius.findElement(By.name("username")).sendKeys("Ada Lovelace");
        radius.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector(
                "dialog[open] [name=username]")).getAttribute("aria-invalid")));
        radius.findElement(By.name("username")).clear();
        radius.findElement(By.name("username")).sendKeys("ada");
        radius.findElement(By.cssSelector("button.primary")).click();
        WebElement adaRow = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-account]")));
        assertTrue(adaRow.getText().contains("ada@free-a") && adaRow.getText().contains("ACTIVE"), adaRow.getText());
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Add NAS']"))).click();
        WebElement nasDialog = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        nasDialog.findElement(By.name("name")).sendKeys("bng-1");
        nasDialog.findElement(By.name("address")).sendKeys("192.0.2.10");
        nasDialog.findElement(By.name("secret")).sendKeys("nas-secret-1");
        nasDialog.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-nas]")));
        screenshot("radius");
        assertAccessible("the RADIUS page");
        browser.findElement(By.cssSelector("tr[data-account] button")).click();
        await(Duration.ofSeconds(10)).until(d -> "ada@free-a".equals(d.findElement(By.tagName("h1")).getText()));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("No sessions in the last 30 days."));
        assertAccessible("a RADIUS account's usage");

        // the customer portal, in a tab of its own: Ada signs in with a link her ISP's staff made, sees her
        // subscription and invoices, asks for help (an empty subject named first) and changes her phone number
        customerPortal();

        // online_payments: the Stripe keys on the Payments page, a bad one named next to its field first
        open("payments");
        WebElement secretKey = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.name("secretKey")));
        secretKey.sendKeys("not-a-key");
        browser.findElement(By.xpath("//button[text()='Save settings']")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.name("secretKey"))
                .getAttribute("aria-invalid")));
        browser.findElement(By.name("secretKey")).clear();
        browser.findElement(By.name("secretKey")).sendKeys("sk_test_PortalBrowser0001");
        browser.findElement(By.name("webhookSecret")).sendKeys("whsec_PortalBrowserSecret1");
        browser.findElement(By.xpath("//button[text()='Save settings']")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.name("secretKey")).getAttribute("placeholder")
                .contains("0001"));
        assertEquals("", browser.findElement(By.name("secretKey")).getAttribute("value"), "write-only");
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("No payment taken online yet."));
        screenshot("payments");
        assertAccessible("the Payments page");

        // a device added on the devices page, pointed at a real snmpd on 127.0.0.1, polled, its traffic charted
        int snmpPort = DotMacTestSupport.freePortBelowEphemeral();
        try (io.dotmac.snmp.sim.Snmpd snmpd = io.dotmac.snmp.sim.Snmpd.start(Files.createTempDirectory("snmpd"),
                snmpPort, List.of("127.0.0.1"))) {
            open("devices");
            await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//button[text()='Add device']"))).click();
            WebElement device = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("dialog[open]")));
            device.findElement(By.name("name")).sendKeys("snmpd-local");
            device.findElement(By.name("port")).clear();
            device.findElement(By.name("port")).sendKeys(String.valueOf(snmpPort));
            device.findElement(By.cssSelector("button.primary")).click();
            await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector(
                    "dialog[open] [name=address]")).getAttribute("aria-invalid")));
            device.findElement(By.name("address")).sendKeys("127.0.0.1");
            device.findElement(By.name("community")).sendKeys(io.dotmac.snmp.sim.Snmpd.COMMUNITY);
            device.findElement(By.cssSelector("button.primary")).click();
            await(Duration.ofSeconds(10)).until(d -> "snmpd-local".equals(d.findElement(By.tagName("h1")).getText()));
            for (int i = 0; i < 2; i++) { // a rate needs two polls
                WebElement poll = await(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[text()='Poll now']")));
                poll.click();
                await(Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(poll));
                Thread.sleep(1100);
            }
            await(Duration.ofSeconds(10)).until(d -> "UP".equals(d.findElement(By.cssSelector("p.state"))
                    .getAttribute("data-status")));
            WebElement ifRow = browser.findElements(By.cssSelector("table.interfaces tbody tr")).stream()
                    .filter(r -> !"—".equals(r.findElement(By.cssSelector("td[data-label=In]")).getText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no interface with a rate after two polls"));
            ifRow.findElement(By.cssSelector("button.show-traffic")).click();
            WebElement chart = await(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("section.traffic svg.traffic-chart")));
            assertTrue(chart.getAttribute("aria-label") != null && !chart.getAttribute("aria-label").isBlank());
            assertFalse(browser.findElements(By.cssSelector(
                    "section.traffic svg.traffic-chart polyline[data-series=in], section.traffic svg.traffic-chart "
                            + "circle")).isEmpty(), "the chart draws the interface's traffic");
            screenshot("device");
            assertAccessible("a device with its traffic chart");
            open("devices");
            await(Duration.ofSeconds(10)).until(d -> "UP".equals(d.findElement(By.cssSelector(
                    "tr[data-device]")).getAttribute("data-status")));
            open("dashboard");
            await(Duration.ofSeconds(10)).until(d -> d.findElement(By.tagName("main")).getText()
                    .contains("Devices down\n0 of 1"));
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("MRR this month\n30.00 USD"),
                    browser.findElement(By.tagName("main")).getText());
            screenshot("dashboard-premium");
        }

        // ENTERPRISE: a webhook added on its page (its secret shown once) and an automation rule built in the
        // editor; a new customer is delivered to the one and tagged by the other, and both pages show it
        assertEquals(200, KarafProcess.put(http, karaf.port(), "/api/v1/tenants/" + a.path("id").asText() + "/tier",
                "{\"tier\":\"ENTERPRISE\"}", admin).statusCode());
        await(Duration.ofSeconds(15)).until(d -> navigation().containsAll(List.of("Automation", "Webhooks")));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            open("webhooks");
            await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//button[text()='Add webhook']"))).click();
            WebElement hook = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("dialog[open] form.webhook-form")));
            hook.findElement(By.name("url")).sendKeys(receiver.url("/hook"));
            hook.findElement(By.cssSelector("input[name=topics][value='io/dotmac/customers/CUSTOMER_CREATED']"))
                    .click();
            assertAccessible("the webhook dialog");
            hook.findElement(By.cssSelector("button.primary")).click();
            WebElement secret = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("section.card.secret")));
            String webhookId = secret.getAttribute("data-webhook");
            assertTrue(browser.findElement(By.id("webhook-secret")).getAttribute("value").length() >= 16);

            open("automation");
            await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//button[text()='New rule']"))).click();
            WebElement editor = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("form.rule-editor")));
            new org.openqa.selenium.support.ui.Select(editor.findElement(By.name("trigger.topic")))
                    .selectByValue("io/dotmac/customers/CUSTOMER_CREATED");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("actions[0].type")))
                    .selectByValue("set_customer_tag");
            browser.findElement(By.xpath("//button[text()='Save rule']")).click();
            await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.name("name"))
                    .getAttribute("aria-invalid")));
            browser.findElement(By.name("name")).sendKeys("Tag new customers");
            WebElement tag = browser.findElement(By.name("actions[0].tag"));
            tag.clear();
            tag.sendKeys("new");
            assertAccessible("the rule editor");
            browser.findElement(By.xpath("//button[text()='Save rule']")).click();
            await(Duration.ofSeconds(10)).until(d -> "Tag new customers".equals(d.findElement(By.tagName("h1"))
                    .getText()));

            String boss = token("{\"tenant\":\"free-a\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}");
            HttpResponse<String> grace = KarafProcess.post(http, karaf.port(), "/api/v1/customers",
                    "{\"name\":\"Grace Hopper\",\"email\":\"grace@example.test\"}", boss);
            assertEquals(201, grace.statusCode(), grace.body());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.delivered().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertFalse(receiver.delivered().isEmpty(), "the webhook was delivered");
            open("webhooks/" + webhookId);
            await(Duration.ofSeconds(20)).until(d -> {
                if (d.findElements(By.cssSelector("tr[data-delivery][data-status=DELIVERED]")).isEmpty()) {
                    open("webhooks");
                    open("webhooks/" + webhookId);
                    return false;
                }
                return true;
            });
            screenshot("webhook");
            assertAccessible("a webhook's delivery log");
            open("automation/runs");
            await(Duration.ofSeconds(30)).until(d -> {
                if (d.findElements(By.cssSelector("tr[data-run][data-status=SUCCEEDED]")).isEmpty()) {
                    open("automation");
                    open("automation/runs");
                    return false;
                }
                return true;
            });
            screenshot("automation-runs");
            assertAccessible("the automation runs");
            assertTrue(KarafProcess.get(http, karaf.port(), "/api/v1/customers/" + JSON.readTree(grace.body())
                    .path("id").asText() + "/tags", boss).body().contains("new"), "the rule tagged the customer");
        }

        // the marketplace: a developer's signed plugin, certified, on offer; the isp_admin buys it on its page and
        // the tenant uses it at once
        String key = JSON.readTree(KarafProcess.post(http, karaf.port(), "/api/v1/marketplace/developers",
                "{\"name\":\"Acme Plugins\",\"email\":\"dev@acme.test\",\"payoutDetails\":\"IBAN\"}", null).body())
                .path("key").asText();
        HttpResponse<String> listing = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + karaf.port() + "/api/v1/marketplace/plugins")).header("X-DotMac-Developer-Key", key)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"plugin\":\"test_plugin\",\"name\":\"Hello for ISPs\",\"description\":\"Says hello\","
                                + "\"tierFloor\":\"PREMIUM\",\"monthlyPrice\":\"9.99\",\"currency\":\"USD\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, listing.statusCode(), listing.body());
        Path signed = Files.copy(Path.of(System.getProperty("dotmac.testplugin")), pkiDir.resolve("plugin.jar"));
        pki.sign(signed, "acme");
        HttpResponse<String> version = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + karaf.port() + "/api/v1/marketplace/plugins/test_plugin/versions"))
                .header("X-DotMac-Developer-Key", key).header("Content-Type", "application/java-archive")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(signed)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, version.statusCode(), version.body());
        assertEquals(200, KarafProcess.post(http, karaf.port(), "/api/v1/marketplace/plugins/test_plugin/certify", "",
                admin).statusCode());
        open("marketplace");
        WebElement offer = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("article[data-listing=test_plugin]")));
        assertEquals("on-offer", offer.getAttribute("data-state"));
        assertTrue(offer.getText().contains("9.99 USD a month"), offer.getText());
        assertAccessible("the marketplace");
        offer.findElement(By.xpath(".//button[text()='Buy Hello for ISPs']")).click();
        await(Duration.ofSeconds(30)).until(d -> "bought".equals(d.findElement(By.cssSelector(
                "article[data-listing=test_plugin]")).getAttribute("data-state")));
        screenshot("marketplace");
        assertEquals(200, KarafProcess.get(http, karaf.port(), "/api/v1/test-plugin/hello", token(
                "{\"tenant\":\"free-a\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}")).statusCode());

        // the isp_admin adds a user (a short password named first), changes the role, deactivates them
        assertTrue(navigation().contains("Users"), navigation().toString());
        open("users");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[text()='Add user']"))).click();
        WebElement userForm = await(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog[open]")));
        userForm.findElement(By.name("username")).sendKeys("grace");
        userForm.findElement(By.name("email")).sendKeys("grace@free-a.test");
        userForm.findElement(By.name("password")).sendKeys("short");
        userForm.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector(
                "dialog[open] [name=password]")).getAttribute("aria-invalid")));
        userForm.findElement(By.name("password")).sendKeys("-and-now-long-enough");
        userForm.findElement(By.cssSelector("button.primary")).click();
        WebElement grace = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-username=grace]")));
        new org.openqa.selenium.support.ui.Select(grace.findElement(By.cssSelector("select[name=role]")))
                .selectByValue("isp_readonly");
        await(Duration.ofSeconds(10)).until(d -> "isp_readonly".equals(new org.openqa.selenium.support.ui.Select(
                d.findElement(By.cssSelector("tr[data-username=grace] select[name=role]"))).getFirstSelectedOption()
                .getAttribute("value")));
        screenshot("users");
        assertAccessible("the users page");
        browser.findElement(By.xpath("//tr[@data-username='grace']//button[text()='Deactivate']")).click();
        await(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("tr[data-username=grace]")).getText()
                .contains("deactivated"));
        HttpResponse<String> graceToken = KarafProcess.post(http, karaf.port(), "/api/v1/auth/token",
                "{\"tenant\":\"free-a\",\"username\":\"grace\",\"password\":\"short-and-now-long-enough\"}", null);
        assertEquals(401, graceToken.statusCode(), "a deactivated user signs in: " + graceToken.body());

        // 390 px wide: one column, the menu behind a button
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        open("customers");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "header.top button.menu")));
        assertFalse(browser.findElement(By.cssSelector("nav.side")).isDisplayed(), "the navigation is folded away");
        browser.findElement(By.cssSelector("header.top button.menu")).click();
        assertTrue(browser.findElement(By.cssSelector("nav.side")).isDisplayed());
        screenshot("customers-390");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        // tenant B cannot open tenant A's customer
        browser.findElement(By.xpath("//button[text()='Sign out']")).click();
        signIn("free-b");

        // a FREE tenant buys a FREE marketplace plugin (the example NPS survey, built against the SDK alone, signed
        // by its developer) on the marketplace page: its own portal page joins the navigation, no reload
        HttpResponse<String> npsListing = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + karaf.port() + "/api/v1/marketplace/plugins")).header("X-DotMac-Developer-Key", key)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"plugin\":\"nps_survey\",\"name\":\"NPS survey\",\"description\":\"Your customers' net "
                                + "promoter score\",\"tierFloor\":\"FREE\",\"monthlyPrice\":\"4.99\",\"currency\":\"USD\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, npsListing.statusCode(), npsListing.body());
        Path nps = Files.copy(Path.of(System.getProperty("dotmac.npssurvey")), pkiDir.resolve("nps.jar"));
        pki.sign(nps, "acme");
        HttpResponse<String> npsVersion = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + karaf.port() + "/api/v1/marketplace/plugins/nps_survey/versions"))
                .header("X-DotMac-Developer-Key", key).header("Content-Type", "application/java-archive")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(nps)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, npsVersion.statusCode(), npsVersion.body());
        assertEquals(200, KarafProcess.post(http, karaf.port(), "/api/v1/marketplace/plugins/nps_survey/certify", "",
                admin).statusCode());
        assertFalse(navigation().contains("NPS survey"));
        open("marketplace");
        await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//article[@data-listing='nps_survey']//button[text()='Buy NPS survey']"))).click();
        await(Duration.ofSeconds(30)).until(d -> navigation().contains("NPS survey"));
        // its endpoint comes once its schema is migrated, moments after its page is listed: the page is opened again
        // until it draws
        WebElement npsForm = await(Duration.ofSeconds(30)).until(d -> {
            List<WebElement> score = d.findElements(By.name("score"));
            if (!score.isEmpty() && score.get(0).isDisplayed()) {
                return score.get(0);
            }
            open("marketplace");
            open("nps");
            return null;
        });
        browser.findElement(By.name("customerId")).sendKeys("cust-1");
        npsForm.sendKeys("eleven");
        browser.findElement(By.xpath("//button[text()='Record']")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.name("score"))
                .getAttribute("aria-invalid")));
        browser.findElement(By.name("score")).clear();
        browser.findElement(By.name("score")).sendKeys("9");
        browser.findElement(By.xpath("//button[text()='Record']")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("div.figure[data-figure=NPS] dd"))
                .getText().equals("100"));
        screenshot("nps-marketplace-plugin");
        assertAccessible("a marketplace plugin's page");
        String bToken = token("{\"tenant\":\"free-b\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, KarafProcess.get(http, karaf.port(), "/api/v1/nps/score", bToken).statusCode());
        String aToken = token("{\"tenant\":\"free-a\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(403, KarafProcess.get(http, karaf.port(), "/api/v1/nps/score", aToken).statusCode(),
                "a tenant that did not buy it");

        open("customers/" + customerId);
        WebElement notFound = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("main [role=alert]")));
        assertTrue(notFound.getText().contains("Not found"), notFound.getText());
        assertFalse(browser.getPageSource().contains("ada@example.test"));

        // a platform operator signs in without a tenant and sees the operator's views
        browser.findElement(By.xpath("//button[text()='Sign out']")).click();
        WebElement slug = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.name("tenant")));
        slug.clear();
        browser.findElement(By.name("username")).sendKeys("admin");
        browser.findElement(By.name("password")).sendKeys(ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
        await(Duration.ofSeconds(10)).until(d -> navigation().containsAll(List.of("Tenants", "Plugin catalogue",
                "Instance licence")));
        WebElement tenants = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table//td[text()='free-b']")));
        assertTrue(tenants.isDisplayed());
        assertFalse(navigation().contains("Customers"));
        screenshot("operator-tenants");
    }

    /** Ada of free-a in the customer portal, in a new tab (the ISP portal's tab keeps its sign-in). */
    private void customerPortal() throws Exception {
        String staff = token("{\"tenant\":\"free-a\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}");
        String ada = JSON.readTree(KarafProcess.get(http, karaf.port(), "/api/v1/customers?q=Ada", staff).body())
                .path("items").get(0).path("id").asText();
        HttpResponse<String> link = KarafProcess.post(http, karaf.port(), "/api/v1/customer/links",
                "{\"customerId\":\"" + ada + "\"}", staff);
        assertEquals(201, link.statusCode(), link.body());
        String ispTab = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(JSON.readTree(link.body()).path("url").asText());
        await(Duration.ofSeconds(20)).until(d -> d.findElement(By.tagName("h1")).getText().equals("Hello, Ada Lovelace"));
        assertFalse(browser.getCurrentUrl().contains("signin="), "the link's token leaves the address bar");
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Home 100"),
                browser.findElement(By.tagName("main")).getText());
        assertEquals("ISP free-a", browser.findElement(By.id("isp")).getText());
        // her RADIUS account's usage (radius_aaa): none yet
        browser.findElement(By.cssSelector("button[aria-label='Usage of Home 100']")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("usage")).getText()
                .contains("No sessions in the last 30 days."));
        screenshot("customer-portal");
        assertAccessible("the customer portal's overview");

        browser.findElement(By.linkText("Invoices")).click();
        await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tbody tr")));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("INV-"));
        assertAccessible("the customer portal's invoices");

        browser.findElement(By.linkText("Support")).click();
        WebElement ask = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("new-ticket")));
        ask.findElement(By.name("description")).sendKeys("The line drops every evening.");
        ask.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector("#new-ticket [name=subject]"))
                .getAttribute("aria-invalid")));
        assertFalse(browser.findElement(By.cssSelector("#new-ticket [data-error-for=subject]")).getText().isBlank());
        browser.findElement(By.cssSelector("#new-ticket [name=subject]")).sendKeys("Evening drops");
        browser.findElement(By.cssSelector("#new-ticket button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "Evening drops".equals(d.findElement(By.tagName("h1")).getText()));
        WebElement reply = browser.findElement(By.id("reply"));
        reply.findElement(By.name("body")).sendKeys("It started on Monday.");
        reply.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("ol.thread li.mine")).size() == 1);
        assertAccessible("a ticket in the customer portal");

        browser.findElement(By.linkText("My details")).click();
        WebElement details = await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("details")));
        details.findElement(By.name("email")).clear();
        details.findElement(By.name("email")).sendKeys("not an address");
        details.findElement(By.cssSelector("button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> "true".equals(d.findElement(By.cssSelector("#details [name=email]"))
                .getAttribute("aria-invalid")));
        browser.findElement(By.cssSelector("#details [name=email]")).clear();
        browser.findElement(By.cssSelector("#details [name=email]")).sendKeys("ada@example.test");
        browser.findElement(By.cssSelector("#details [name=phone]")).sendKeys("+44 20 7946 0000");
        browser.findElement(By.cssSelector("#details button.primary")).click();
        await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("status")).getText().contains("saved"));
        assertAccessible("the customer's details");
        JsonNode saved = JSON.readTree(KarafProcess.get(http, karaf.port(), "/api/v1/customers/" + ada, staff).body());
        assertEquals("+44 20 7946 0000", saved.path("phone").asText());
        assertEquals("ada@example.test", saved.path("email").asText());
        JsonNode tickets = JSON.readTree(KarafProcess.get(http, karaf.port(), "/api/v1/tickets?customerId=" + ada,
                staff).body()).path("items");
        assertTrue(tickets.toString().contains("Evening drops"), tickets.toString());

        browser.findElement(By.xpath("//button[text()='Sign out']")).click();
        await(Duration.ofSeconds(10)).until(d -> "Sign in".equals(d.findElement(By.tagName("h1")).getText()));
        assertAccessible("the customer portal's sign-in page");
        browser.close();
        browser.switchTo().window(ispTab);
    }
}
