package io.dotmac.snmp;

/** SNMPv3 authentication: HMAC-SHA-1 (RFC 3414) or HMAC-SHA-2 (RFC 7860). */
public enum AuthProtocol {
    SHA, SHA224, SHA256, SHA384, SHA512
}
