package io.dotmac.payments.internal;

import java.time.Instant;

/** An invoice's pay link: {@code path} ({@code /pay/<token>}) under the instance's public address. */
public record PayLinkView(String invoiceId, String token, String path, Instant createdAt) {
}
