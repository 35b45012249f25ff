package io.dotmac.network.monitoring;

/**
 * What to probe: every address of {@code cidr} (IPv4, at most a /24), on {@code port} (161 by default), with the
 * version and credentials a device would have ({@link DeviceInput}'s fields of the same names).
 */
public record DiscoveryRequest(String cidr, Integer port, String version, Credentials credentials,
        Integer timeoutMillis) {

    /** The SNMP credentials to probe with. */
    public record Credentials(String community, String snmpUser, String authProtocol, String authPassphrase,
            String privProtocol, String privPassphrase) {

        @Override
        public String toString() {
            return "Credentials[snmpUser=" + snmpUser + "]";
        }
    }
}
