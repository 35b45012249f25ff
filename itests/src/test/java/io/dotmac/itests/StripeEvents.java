package io.dotmac.itests;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's objects and events as Stripe sends them, and its webhook signature ({@code Stripe-Signature:
 * t=<unix>,v1=<HMAC-SHA256 of "t.body" with the endpoint's signing secret>}): for the fake of its API and for events
 * posted to DotMac, in the test JVM or in the container (nothing but the JDK).
 */
final class StripeEvents {

    /** The API version stripe-java pins (its {@code Stripe.API_VERSION}), which events carry. */
    static final String API_VERSION = "2026-07-29.dahlia";

    private StripeEvents() {
    }

    /** A succeeded PaymentIntent with its latest charge and the card it used. */
    static String paymentIntent(String id, String currency, long amount, String charge, Map<String, String> meta) {
        StringBuilder m = new StringBuilder("{");
        meta.forEach((k, v) -> m.append(m.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v)
                .append('"'));
        m.append('}');
        return "{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"amount\":" + amount + ",\"amount_received\":"
                + amount + ",\"currency\":\"" + currency + "\",\"customer\":\"cus_1\",\"payment_method\":\"pm_1\","
                + "\"latest_charge\":\"" + charge + "\",\"status\":\"succeeded\",\"livemode\":false,\"metadata\":"
                + m + "}";
    }

    /** An event of {@code type} about {@code object}, as Stripe posts it. */
    static String event(String id, String type, String object) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"" + API_VERSION + "\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"livemode\":false,\"pending_webhooks\":1,\"request\":"
                + "{\"id\":null,\"idempotency_key\":null},\"type\":\"" + type + "\",\"data\":{\"object\":" + object
                + "}}";
    }

    /** Stripe's signature header for {@code payload} with the endpoint's signing secret. */
    static String signature(String payload, String secret) throws Exception {
        long t = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + payload)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
