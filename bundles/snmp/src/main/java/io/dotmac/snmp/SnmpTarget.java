package io.dotmac.snmp;

import java.util.Objects;

/**
 * An agent to talk to: an IP address (a literal, never a name to resolve), a UDP port, the version and its
 * credentials ({@code community} for v2c, {@code usm} for v3), and how long to wait for each answer and how many
 * times to ask again. {@link #toString()} never shows the credentials.
 */
public record SnmpTarget(String host, int port, SnmpVersion version, String community, UsmCredentials usm,
        int timeoutMillis, int retries) {

    public SnmpTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(version, "version");
        if (version == SnmpVersion.V2C && community == null) {
            throw new IllegalArgumentException("a v2c target needs a community");
        }
        if (version == SnmpVersion.V3 && usm == null) {
            throw new IllegalArgumentException("a v3 target needs USM credentials");
        }
        if (port < 1 || port > 65535 || timeoutMillis < 1 || retries < 0) {
            throw new IllegalArgumentException("port 1-65535, a positive timeout and retries >= 0");
        }
    }

    /** A v2c target with a one-second timeout and one retry. */
    public static SnmpTarget v2c(String host, int port, String community) {
        return new SnmpTarget(host, port, SnmpVersion.V2C, community, null, 1000, 1);
    }

    /** A v3 target with a one-second timeout and one retry. */
    public static SnmpTarget v3(String host, int port, UsmCredentials usm) {
        return new SnmpTarget(host, port, SnmpVersion.V3, null, usm, 1000, 1);
    }

    /** This target with another timeout and number of retries. */
    public SnmpTarget withTiming(int timeoutMillis, int retries) {
        return new SnmpTarget(host, port, version, community, usm, timeoutMillis, retries);
    }

    @Override
    public String toString() {
        return "SnmpTarget[" + host + ":" + port + " " + version.label() + "]";
    }
}
