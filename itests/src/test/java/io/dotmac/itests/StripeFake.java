package io.dotmac.itests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A local fake of Stripe's API (v1, form-encoded requests, JSON answers in Stripe's own object shapes, errors in its
 * {@code {"error": {...}}} envelope) on loopback, in WireMock, for stripe-java pointed at it ({@link StripeEvents} has
 * the objects and the signed events). Each test stubs the objects it expects by id; the requests are kept for
 * assertions ({@link #requests}).
 */
final class StripeFake implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    StripeFake() {
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- stubs

    void customer(String id) {
        server.stubFor(post(urlPathEqualTo("/v1/customers")).willReturn(json(200, "{\"id\":\"" + id
                + "\",\"object\":\"customer\",\"livemode\":false,\"created\":" + now() + "}")));
    }

    void checkoutSession(String id, String currency, long amount) {
        server.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(json(200, session(id, currency,
                amount, "unpaid", null))));
    }

    /** The session, now paid by {@code paymentIntent} (expanded, as asked). */
    void paidSession(String id, String currency, long amount, String paymentIntent) {
        server.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + id)).willReturn(json(200, session(id, currency,
                amount, "paid", paymentIntent))));
    }

    void paymentMethod(String id, String brand, String last4) {
        server.stubFor(get(urlPathEqualTo("/v1/payment_methods/" + id)).willReturn(json(200, "{\"id\":\"" + id
                + "\",\"object\":\"payment_method\",\"type\":\"card\",\"card\":{\"brand\":\"" + brand
                + "\",\"last4\":\"" + last4 + "\",\"exp_month\":12,\"exp_year\":2030},\"customer\":\"cus_1\"}")));
    }

    /** An off-session PaymentIntent answered by its idempotency key: succeeded, or declined (402). */
    void paymentIntentByKey(String idempotencyKey, String id, String currency, long amount, boolean succeeds,
            Map<String, String> metadata) {
        server.stubFor(post(urlPathEqualTo("/v1/payment_intents")).withHeader("Idempotency-Key",
                equalTo(idempotencyKey)).willReturn(succeeds
                        ? json(200, StripeEvents.paymentIntent(id, currency, amount, "ch_" + id.substring(3), metadata))
                        : json(402, "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":"
                                + "\"insufficient_funds\",\"message\":\"Your card has insufficient funds.\","
                                + "\"payment_intent\":{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"amount\":"
                                + amount + ",\"currency\":\"" + currency + "\",\"status\":"
                                + "\"requires_payment_method\"}}}")));
    }

    /** A refund of {@code paymentIntent}, answered for a request of that {@code amount}. */
    void refund(String id, String paymentIntent, String currency, long amount) {
        server.stubFor(post(urlPathEqualTo("/v1/refunds")).withRequestBody(matching("(.*&)?amount=" + amount
                + "(&.*)?")).willReturn(json(200, refundJson(id, paymentIntent, currency, amount))));
    }

    void payouts(String payoutsJson, Map<String, String> balanceTransactionsByPayout) {
        server.stubFor(get(urlPathEqualTo("/v1/payouts")).willReturn(json(200, list("/v1/payouts", payoutsJson))));
        balanceTransactionsByPayout.forEach((payout, lines) -> server.stubFor(get(urlPathEqualTo(
                "/v1/balance_transactions")).withQueryParam("payout", equalTo(payout)).willReturn(json(200,
                        list("/v1/balance_transactions", lines)))));
    }

    // ---- Stripe's objects

    static String session(String id, String currency, long amount, String paymentStatus, String paymentIntent) {
        return "{\"id\":\"" + id + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"amount_total\":" + amount
                + ",\"currency\":\"" + currency + "\",\"customer\":\"cus_1\",\"payment_status\":\"" + paymentStatus
                + "\",\"status\":\"" + ("paid".equals(paymentStatus) ? "complete" : "open") + "\",\"url\":"
                + "\"https://checkout.stripe.test/c/pay/" + id + "\",\"payment_intent\":" + (paymentIntent == null
                        ? "null" : paymentIntent) + "}";
    }

    static String refundJson(String id, String paymentIntent, String currency, long amount) {
        return "{\"id\":\"" + id + "\",\"object\":\"refund\",\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"payment_intent\":\"" + paymentIntent + "\",\"status\":\"succeeded\",\"created\":" + now()
                + "}";
    }

    private static String list(String url, String data) {
        return "{\"object\":\"list\",\"url\":\"" + url + "\",\"has_more\":false,\"data\":[" + data + "]}";
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_" + Long.toHexString(System.nanoTime())).withBody(body);
    }

    // ---- what DotMac asked

    /** The requests to {@code method path} (path without query), oldest first. */
    List<LoggedRequest> requests(String method, String path) {
        return server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().split("\\?")[0].equals(path))
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    /** A form-encoded request body as its decoded parameters. */
    static Map<String, String> form(LoggedRequest r) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
