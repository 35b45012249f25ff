package io.dotmac.itests;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The portal's figures (not a test: run it with {@code benchmarks/portal.sh}, it asserts nothing about time): the
 * shell's first paint and its bytes, cold and revalidated, and the customers page of a tenant with 1,000 customers
 * until it is drawn and usable, against the same page's API call alone in the same browser, rounds alternating. Times
 * come from the page's own clock (Navigation Timing, and the user timing marks the portal sets when a view is
 * ready). Prints one line per figure.
 */
class PortalPaintBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "portal-bench-admin-1";
    private static final String PASSWORD = "portal-bench-user-1";

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("portal.rounds", 10);
        KarafProcess.Booted karaf = KarafProcess.boot("portal-bench", ADMIN_PASSWORD);
        WebDriver browser = null;
        try {
            HttpClient http = KarafProcess.http();
            String admin = token(http, karaf.port(), "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
            KarafProcess.post(http, karaf.port(), "/api/v1/tenants", "{\"name\":\"Bench ISP\",\"slug\":\"bench\","
                    + "\"tier\":\"ENTERPRISE\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@bench.test\","
                    + "\"password\":\"" + PASSWORD + "\"}}", admin);
            String boss = token(http, karaf.port(), "{\"tenant\":\"bench\",\"username\":\"boss\",\"password\":\""
                    + PASSWORD + "\"}");
            List<CompletableFuture<HttpResponse<Void>>> creating = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                creating.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + karaf.port()
                        + "/api/v1/customers")).header("Authorization", "Bearer " + boss)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"Customer " + i + "\",\"email\":\"c" + i + "@bench.test\"}")).build(),
                        HttpResponse.BodyHandlers.discarding()));
                if (creating.size() == 8) {
                    CompletableFuture.allOf(creating.toArray(new CompletableFuture[0])).join();
                    creating.clear();
                }
            }
            CompletableFuture.allOf(creating.toArray(new CompletableFuture[0])).join();

            browser = PortalBrowserIT.chromium(Files.createTempDirectory("chromium-bench"));
            JavascriptExecutor js = (JavascriptExecutor) browser;
            String base = "http://127.0.0.1:" + karaf.port();
            // the shell: cold (empty cache), then revalidated loads
            List<Double> ready = new ArrayList<>();
            List<Long> bytes = new ArrayList<>();
            for (int i = 0; i <= rounds; i++) {
                browser.get(base + "/portal/");
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return performance.getEntriesByName('dotmac:login').length > 0")));
                ready.add(((Number) js.executeScript("return performance.getEntriesByName('dotmac:login')[0]"
                        + ".startTime")).doubleValue());
                bytes.add(((Number) js.executeScript("return performance.getEntriesByType('navigation')[0]"
                        + ".transferSize + performance.getEntriesByType('resource').reduce((n, r) => n + "
                        + "r.transferSize, 0)")).longValue());
            }
            System.out.printf("shell cold: sign-in form ready at %.0f ms, %d bytes transferred%n", ready.get(0),
                    bytes.get(0));
            List<Double> warm = ready.subList(1, ready.size());
            System.out.printf("shell revalidated (%d loads): median %.0f ms, max %.0f ms, %d bytes transferred%n",
                    warm.size(), median(warm), Collections.max(warm), bytes.get(1));
            System.out.printf("shell files gzip -9: %d bytes (of %d)%n", gzipped(base, http, true),
                    gzipped(base, http, false));

            // signed in: the customers page (50 of 1,000 shown, the next page one click away) vs its API call alone
            browser.findElement(By.name("tenant")).sendKeys("bench");
            browser.findElement(By.name("username")).sendKeys("boss");
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("nav.side a")));
            List<Double> page = new ArrayList<>();
            List<Double> api = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                js.executeScript("location.hash = '#/dashboard'");
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return !!document.querySelector('main dl.figures')")));
                page.add(((Number) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "performance.clearMarks('dotmac:page:customers'); const t0 = performance.now();"
                        + "location.hash = '#/customers';"
                        + "const poll = () => { const m = performance.getEntriesByName('dotmac:page:customers');"
                        + " if (m.length) done(m[0].startTime - t0); else setTimeout(poll, 2); }; poll();"))
                        .doubleValue());
                api.add(((Number) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const t0 = performance.now(); fetch('/api/v1/customers?limit=50', { headers: {"
                        + " Authorization: 'Bearer ' + arguments[0], Accept: 'application/json' }, cache: 'no-store' })"
                        + ".then(r => r.json()).then(() => done(performance.now() - t0));", boss)).doubleValue());
            }
            int rows = browser.findElements(By.cssSelector("table tbody tr")).size();
            System.out.printf("customers page, 1,000 customers (%d rows drawn): median %.0f ms, max %.0f ms%n", rows,
                    median(page), Collections.max(page));
            System.out.printf("its API call alone (GET /api/v1/customers?limit=50): median %.0f ms; page/API %.2f%n",
                    median(api), median(page) / median(api));
        } finally {
            if (browser != null) {
                browser.quit();
            }
            KarafProcess.stop(karaf.home());
        }
    }

    private static String token(HttpClient http, int port, String body) throws Exception {
        return JSON.readTree(KarafProcess.post(http, port, "/api/v1/auth/token", body, null).body())
                .path("access_token").asText();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The shell's files as served, gzip -9 ({@code compressed}) or as they are. */
    private static long gzipped(String base, HttpClient http, boolean compressed) throws Exception {
        long total = 0;
        for (String file : List.of("", "app.js", "api.js", "dom.js", "portal.css")) {
            byte[] body = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/" + file)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            if (!compressed) {
                total += body.length;
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out) {
                {
                    def.setLevel(9);
                }
            }) {
                gz.write(body);
            }
            total += out.size();
        }
        return total;
    }
}
