package io.dotmac.payments.internal;

/**
 * A tenant's payment gateway. The secret key and the webhook signing secret are write-only: read back, only whether
 * they are set and the key's last four characters. {@code webhookPath} is where the gateway posts its events for
 * this tenant (configure it, under the instance's public address, in the gateway's dashboard).
 */
public record PaymentSettings(String gateway, boolean secretKeySet, String secretKeyHint, boolean webhookSecretSet,
        boolean autopay, String webhookPath) {

    /** What a client sends: every field optional but the gateway; a secret left out is kept. */
    public record Input(String gateway, String secretKey, String webhookSecret, Boolean autopay) {
    }
}
