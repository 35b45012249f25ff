package io.dotmac.network.monitoring;

import java.util.List;

/**
 * A device to create or replace. {@code version} is {@code v2c} (with {@code community}) or {@code v3} (with
 * {@code snmpUser}, and optionally {@code authProtocol} SHA, SHA224, SHA256, SHA384 or SHA512 with
 * {@code authPassphrase}, and {@code privProtocol} AES128, AES192 or AES256 with {@code privPassphrase}). On a
 * replace, a secret left out keeps the stored one. {@code null}s elsewhere take the defaults.
 */
public record DeviceInput(String name, String address, Integer port, String version, String community,
        String snmpUser, String authProtocol, String authPassphrase, String privProtocol, String privPassphrase,
        Integer pollIntervalSeconds, Integer timeoutMillis, Integer retries, String site, String customerId,
        List<String> tags) {
}
