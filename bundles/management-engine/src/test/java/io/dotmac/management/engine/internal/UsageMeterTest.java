package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.metrics.TenantUsage;

class UsageMeterTest {

    @Test
    void countsAddUpAcrossFlushesAndLatencyBucketsMerge() {
        UsageEntity row = new UsageEntity("t1", Instant.parse("2026-12-07T10:00:00Z"));
        TenantUsage.Usage first = new TenantUsage.Usage(Map.of("api_requests", 10L, "emails:sent", 2L, "emails", 3L,
                "snmp_polls", 60L, "webhook_deliveries:delivered", 4L, "plugin_requests:tickets", 3L,
                "plugin_requests:core", 7L),
                Map.of("api_requests", new TenantUsage.Latency(List.of(0.1, 1.0), new long[] { 8, 2, 0 })));
        UsageMeter.addTo(row, first);
        UsageMeter.addTo(row, new TenantUsage.Usage(Map.of("api_requests", 10L, "plugin_requests:basic_billing", 1L),
                Map.of("api_requests", new TenantUsage.Latency(List.of(0.1, 1.0), new long[] { 1, 0, 9 }))));
        assertEquals(20, row.apiCalls);
        assertEquals(2, row.emailsSent, "sent only, not retries");
        assertEquals(60, row.devicesPolled);
        assertEquals(4, row.webhooksDelivered);
        assertEquals("9,2,9", row.apiLatencyCounts);
        assertEquals("basic_billing,tickets", row.pluginsUsed);
        // 20 requests: the 19th falls above the last bound, reported as that bound (a floor)
        assertEquals(1000.0, UsageMeter.p95Millis(row.apiLatencyBounds, row.apiLatencyCounts));
    }

    @Test
    void theP95IsTheUpperBoundOfItsBucket() {
        assertEquals(100.0, UsageMeter.p95Millis("0.1,1.0", "95,5,0"));
        assertEquals(1000.0, UsageMeter.p95Millis("0.1,1.0", "94,6,0"));
        assertNull(UsageMeter.p95Millis("0.1,1.0", "0,0,0"));
        assertNull(UsageMeter.p95Millis(null, null));
    }

    @Test
    void aYearCostsTwelveMonthsLessTheDiscount() {
        assertEquals(0, new BigDecimal("10.20").compareTo(IspAccountsService.annualFactor("15")));
        assertEquals(0, new BigDecimal("12").compareTo(IspAccountsService.annualFactor("nonsense")));
        assertEquals(0, new BigDecimal("12").compareTo(IspAccountsService.annualFactor("100")));
    }
}
