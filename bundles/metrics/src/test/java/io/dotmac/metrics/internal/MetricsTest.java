package io.dotmac.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.metrics.Metrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

class MetricsTest {

    private static MetricsConfig config(String tenants, String networks, String buckets) {
        return new MetricsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MetricsConfig.class;
            }

            @Override
            public String allowedNetworks() {
                return networks;
            }

            @Override
            public String tenants() {
                return tenants;
            }

            @Override
            public String buckets() {
                return buckets;
            }
        };
    }

    private static String text(PlatformMetrics platform) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, platform.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private final PlatformMetrics platform = new PlatformMetrics(config("acme", "127.0.0.0/8,::1/128", "0.1,1"));

    @Test
    void tenantsAreCountedByTierAndOnlyAllowListedOnesByName() throws Exception {
        Metrics.TenantCounter polls = new BundleMetrics(platform, "test").tenantCounter("polls", "Polls", "outcome");
        for (int i = 0; i < 1000; i++) {
            polls.increment(new TenantRef("t" + i, "isp-" + i, i % 2 == 0 ? Tier.BASIC : Tier.PREMIUM), "ok");
        }
        polls.increment(new TenantRef("a", "acme", Tier.BASIC), "ok");
        String text = text(platform);
        assertTrue(text.contains("dotmac_polls_total{outcome=\"ok\",tenant=\"\",tier=\"BASIC\"} 500.0"), text);
        assertTrue(text.contains("dotmac_polls_total{outcome=\"ok\",tenant=\"\",tier=\"PREMIUM\"} 500.0"), text);
        assertTrue(text.contains("dotmac_polls_total{outcome=\"ok\",tenant=\"acme\",tier=\"BASIC\"} 1.0"), text);
        assertEquals(3, text.lines().filter(l -> l.startsWith("dotmac_polls_total{")).count(), text);
    }

    @Test
    void eachTenantsOwnTotalsAreKeptForTheMeteringAndDrainedOnce() {
        BundleMetrics bundle = new BundleMetrics(platform, "test");
        Metrics.TenantCounter emails = bundle.tenantCounter("emails", "E-mails", "outcome");
        Metrics.TenantTimer api = bundle.tenantTimer("api_requests", "API", "status");
        TenantRef a = new TenantRef("a", "isp-a", Tier.BASIC);
        TenantRef b = new TenantRef("b", "isp-b", Tier.BASIC);
        emails.increment(a, "sent");
        emails.increment(a, "sent");
        emails.increment(a, "retry");
        emails.add(b, 5, "sent");
        api.record(a, Duration.ofMillis(50), "2xx");
        api.record(a, Duration.ofMillis(500), "2xx");
        api.record(a, Duration.ofSeconds(3), "5xx");
        java.util.Map<String, io.dotmac.metrics.TenantUsage.Usage> usage = platform.drain();
        assertEquals(3L, usage.get("a").counts().get("emails"));
        assertEquals(2L, usage.get("a").counts().get("emails:sent"));
        assertEquals(3L, usage.get("a").counts().get("api_requests"));
        assertEquals(1L, usage.get("a").counts().get("api_requests:5xx"));
        // buckets 0.1 and 1 (this test's configuration), and above
        assertEquals(java.util.List.of(0.1, 1.0), usage.get("a").latencies().get("api_requests").bounds());
        assertEquals("[1, 1, 1]", java.util.Arrays.toString(usage.get("a").latencies().get("api_requests").counts()));
        assertEquals(5L, usage.get("b").counts().get("emails:sent"));
        assertTrue(platform.drain().isEmpty(), "drained once");
    }

    @Test
    void timersAreHistogramsInSecondsWithTheConfiguredBuckets() throws Exception {
        Metrics.Timer http = new BundleMetrics(platform, "test").timer("http_requests", "HTTP", "route", "status");
        http.record(Duration.ofMillis(50), "/api/v1/customers", "200");
        http.record(Duration.ofMillis(500), "/api/v1/customers", "200");
        String text = text(platform);
        assertTrue(text.contains("dotmac_http_requests_seconds_bucket{route=\"/api/v1/customers\",status=\"200\","
                + "le=\"0.1\"} 1"), text);
        assertTrue(text.contains("dotmac_http_requests_seconds_bucket{route=\"/api/v1/customers\",status=\"200\","
                + "le=\"+Inf\"} 2"), text);
        assertTrue(text.contains("dotmac_http_requests_seconds_sum{route=\"/api/v1/customers\",status=\"200\"} 0.55"),
                text);
    }

    @Test
    void aBundlesMetricsGoWhenItReleasesTheService() throws Exception {
        BundleMetrics bundle = new BundleMetrics(platform, "plugin");
        bundle.counter("deliveries", "Deliveries", "outcome").increment("sent");
        assertTrue(text(platform).contains("dotmac_deliveries_total{outcome=\"sent\"} 1.0"));
        bundle.deactivate();
        assertFalse(text(platform).contains("dotmac_deliveries"));
        // and the name is free again for the bundle's next start
        new BundleMetrics(platform, "plugin").counter("deliveries", "Deliveries", "outcome");
    }

    @Test
    void aNameIsPublishedOnce() {
        new BundleMetrics(platform, "a").counter("runs", "Runs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BundleMetrics(platform, "b").counter("runs", "Runs"));
        assertTrue(e.getMessage().contains("of b"), e.getMessage());
    }

    @Test
    void namesAndLabelsAreChecked() {
        Metrics m = new BundleMetrics(platform, "a");
        assertThrows(IllegalArgumentException.class, () -> m.counter("Runs", "Runs"));
        assertThrows(IllegalArgumentException.class, () -> m.counter("runs_total", "Runs"));
        assertThrows(IllegalArgumentException.class, () -> m.timer("took_seconds", "Took"));
        assertThrows(IllegalArgumentException.class, () -> m.tenantCounter("x", "X", "tier"));
        assertThrows(IllegalArgumentException.class, () -> m.counter("y", " "));
        Metrics.Counter c = m.counter("z", "Z", "outcome");
        assertThrows(IllegalArgumentException.class, () -> c.increment("a", "b"));
    }

    @Test
    void aGaugeThatFailsIsLeftOutOfThatScrapeOnly() throws Exception {
        boolean[] fail = { true };
        new BundleMetrics(platform, "a").gauge("outbox_depth", "Rows waiting", samples -> {
            samples.set(3, "BASIC");
            if (fail[0]) {
                throw new IllegalStateException("database down");
            }
            samples.set(4, "PREMIUM");
        }, "tier");
        assertFalse(text(platform).contains("dotmac_outbox_depth{"));
        fail[0] = false;
        String text = text(platform);
        assertTrue(text.contains("dotmac_outbox_depth{tier=\"BASIC\"} 3.0"), text);
        assertTrue(text.contains("dotmac_outbox_depth{tier=\"PREMIUM\"} 4.0"), text);
    }

    @Test
    void theJvmsMetricsAreThere() throws Exception {
        String text = text(platform);
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"), text);
        assertTrue(text.contains("jvm_threads_current"));
    }

    @Test
    void networksHoldTheirAddresses() {
        Networks n = Networks.parse("127.0.0.0/8, ::1/128, 10.1.0.0/16, 192.168.5.7");
        assertTrue(n.contains("127.0.0.1"));
        assertTrue(n.contains("127.255.0.9"));
        assertTrue(n.contains("0:0:0:0:0:0:0:1"));
        assertTrue(n.contains("[::1]"));
        assertTrue(n.contains("::ffff:10.1.200.3"));
        assertTrue(n.contains("192.168.5.7"));
        assertFalse(n.contains("192.168.5.8"));
        assertFalse(n.contains("10.2.0.1"));
        assertFalse(n.contains("::2"));
        assertFalse(n.contains("example.org"));
        assertTrue(Networks.parse("10.0.0.0/9").contains("10.127.0.1"));
        assertFalse(Networks.parse("10.0.0.0/9").contains("10.128.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Networks.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Networks.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Networks.parse("10.0.0.0/x"));
    }

    @Test
    void bucketsAreCheckedAndAWrongListFallsBackToTheDefault() {
        assertThrows(IllegalArgumentException.class, () -> PlatformMetrics.parseBuckets("1,0.5"));
        assertThrows(IllegalArgumentException.class, () -> PlatformMetrics.parseBuckets("-1"));
        assertThrows(IllegalArgumentException.class, () -> PlatformMetrics.parseBuckets("a"));
        PlatformMetrics wrong = new PlatformMetrics(config("", "127.0.0.1", "3,2"));
        assertEquals(11, wrong.buckets().length);
    }
}
