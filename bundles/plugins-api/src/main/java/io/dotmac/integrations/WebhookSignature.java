package io.dotmac.integrations;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How deliveries are signed, for receivers to check. Each request carries
 * <pre>{@value #SIGNATURE_HEADER}: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;</pre>
 * with {@value #DELIVERY_HEADER} (the delivery's id, the same on every retry: deduplicate on it) and
 * {@value #TOPIC_HEADER}. A receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares in
 * constant time, and rejects a timestamp more than {@value #REPLAY_WINDOW_SECONDS} seconds from its own clock
 * (each retry is signed afresh, so a late retry still passes).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-DotMac-Signature";
    public static final String DELIVERY_HEADER = "X-DotMac-Delivery";
    public static final String TOPIC_HEADER = "X-DotMac-Topic";
    /** The replay window receivers should apply. */
    public static final int REPLAY_WINDOW_SECONDS = 300;

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, epochSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} within the replay window of {@code nowSeconds}:
     * what a receiver written in Java would do.
     */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        byte[] v1 = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            try {
                if (p.startsWith("t=")) {
                    t = Long.parseLong(p.substring(2));
                } else if (p.startsWith("v1=")) {
                    v1 = HexFormat.of().parseHex(p.substring(3));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return t != null && v1 != null && Math.abs(nowSeconds - t) <= REPLAY_WINDOW_SECONDS
                && MessageDigest.isEqual(v1, hmac(secret, t, body));
    }

    private static byte[] hmac(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
