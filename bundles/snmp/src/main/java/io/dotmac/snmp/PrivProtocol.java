package io.dotmac.snmp;

/** SNMPv3 privacy: AES-128 in CFB mode (RFC 3826), and AES-192/256 with the key extension net-snmp uses. */
public enum PrivProtocol {
    AES128, AES192, AES256
}
