package io.dotmac.integrations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.integrations.WebhookSignature;

class WebhookSignatureTest {

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBody() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec_test_secret_123'
        assertEquals("t=1700000000,v1=e89dcbfdce3392fb275033fb083d8c81e095a63bf687d9a2cd50e7d5f55e21f6",
                WebhookSignature.sign("whsec_test_secret_123", 1_700_000_000L, body));
        String header = WebhookSignature.sign("whsec_test_secret_123", 1_700_000_000L, body);
        assertTrue(WebhookSignature.verify("whsec_test_secret_123", header, body, 1_700_000_100L));
        assertFalse(WebhookSignature.verify("another_secret_123456", header, body, 1_700_000_100L));
        assertFalse(WebhookSignature.verify("whsec_test_secret_123", header, "{\"a\":2}".getBytes(), 1_700_000_100L));
        assertFalse(WebhookSignature.verify("whsec_test_secret_123", header, body,
                1_700_000_000L + WebhookSignature.REPLAY_WINDOW_SECONDS + 1), "replayed after the window");
        assertFalse(WebhookSignature.verify("whsec_test_secret_123", "t=x,v1=zz", body, 1_700_000_000L));
        assertFalse(WebhookSignature.verify("whsec_test_secret_123", null, body, 1_700_000_000L));
    }

    @Test
    void topicsAreKnownOrPrefixes() {
        assertTrue(Topics.valid("io/dotmac/billing/PAYMENT_OVERDUE"));
        assertTrue(Topics.valid("io/dotmac/sla/SLA_BREACHED"));
        assertTrue(Topics.valid("io/dotmac/billing/CREDIT_NOTE_ISSUED"));
        assertTrue(Topics.valid("io/dotmac/sla/*"));
        assertTrue(Topics.valid("io/dotmac/billing/*"));
        assertTrue(Topics.valid("io/dotmac/*"));
        assertFalse(Topics.valid("io/dotmac/nothing/*"));
        assertFalse(Topics.valid("io/dotmac/billing/PAYMENT"));
        assertTrue(Topics.matches(List.of("io/dotmac/network/*"), "io/dotmac/network/DEVICE_DOWN"));
        assertFalse(Topics.matches(List.of("io/dotmac/network/DEVICE_UP"), "io/dotmac/network/DEVICE_DOWN"));
    }
}
