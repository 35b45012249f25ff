package io.dotmac.integrations.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks from reaching the inside of the network (SSRF): a URL must be http or https with a host, and every
 * address its host resolves to must be public. Loopback, "this host", link-local (cloud metadata at
 * 169.254.169.254), private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), IPv6 unique-local
 * (fc00::/7) and multicast addresses are refused unless they lie in an allowed network. Checked when a webhook is
 * saved, and again before every request and redirect (DNS may have changed).
 */
final class AddressGuard {

    /** Why a URL may not be called. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** A network in CIDR notation. */
    record Network(byte[] address, int bits) {

        static Network parse(String cidr) {
            String[] parts = cidr.strip().split("/");
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr);
                }
                return new Network(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a network: " + cidr, e);
            }
        }

        boolean contains(InetAddress a) {
            byte[] other = a.getAddress();
            if (other.length != address.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (other[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Network> INTERNAL = List.of(Network.parse("10.0.0.0/8"),
            Network.parse("172.16.0.0/12"), Network.parse("192.168.0.0/16"), Network.parse("100.64.0.0/10"),
            Network.parse("0.0.0.0/8"), Network.parse("fc00::/7"));

    private final List<Network> allowed;

    AddressGuard(String allowedNetworks) {
        List<Network> list = new ArrayList<>();
        if (allowedNetworks != null) {
            for (String cidr : allowedNetworks.split(",")) {
                if (!cidr.isBlank()) {
                    list.add(Network.parse(cidr));
                }
            }
        }
        this.allowed = List.copyOf(list);
    }

    /** Why {@code address} is internal, or {@code null} when it is public (or allowed). */
    String internal(InetAddress address) {
        for (Network n : allowed) {
            if (n.contains(address)) {
                return null;
            }
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "a wildcard address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address.isSiteLocalAddress() || INTERNAL.stream().anyMatch(n -> n.contains(address))) {
            return "a private address";
        }
        if (address instanceof Inet6Address six && six.getAddress()[0] == 0 && isMappedV4(six)) {
            try {
                byte[] b = six.getAddress();
                return internal(Inet4Address.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
            } catch (UnknownHostException e) {
                return "an unreadable address";
            }
        }
        return null;
    }

    private static boolean isMappedV4(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** The URL's syntax: http or https, a host, no user info. */
    static String syntax(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not hold a user name or password";
        }
        return null;
    }

    /**
     * Checks {@code uri} and every address of its host.
     *
     * @throws Refused saying why
     */
    void check(URI uri) throws Refused {
        String bad = syntax(uri);
        if (bad != null) {
            throw new Refused(bad);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("its host " + uri.getHost() + " is unknown");
        }
        for (InetAddress a : addresses) {
            String why = internal(a);
            if (why != null) {
                throw new Refused("its host " + uri.getHost() + " is " + why + " (" + a.getHostAddress()
                        + "), which webhooks may not reach unless allowed in etc/" + IntegrationsConfig.PID + ".cfg");
            }
        }
    }
}
