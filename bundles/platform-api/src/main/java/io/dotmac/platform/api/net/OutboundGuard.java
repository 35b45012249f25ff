package io.dotmac.platform.api.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps connections made on a tenant's behalf from reaching the inside of the network (server-side request
 * forgery): every address a host resolves to must be a public unicast address, unless it lies in a network the
 * operator allowed. Refused: loopback, "this network" (0/8) and the wildcard, link-local (cloud metadata at
 * 169.254.169.254), private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), IETF protocol
 * assignments (192.0.0/24), documentation (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32), benchmarking
 * (198.18/15), reserved and broadcast (240/4), multicast, IPv6 unique-local (fc00::/7) and site-local, Teredo
 * (2001::/32), and IPv6 addresses that carry an IPv4 one (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4 address; local-use
 * NAT64 ({@code 64:ff9b:1::/48}, where the IPv4 address may sit anywhere) is refused.
 *
 * <p>Resolve a host once with {@link #resolve}, then connect to the addresses it returned, never to the name again:
 * a name resolved a second time may answer differently (DNS rebinding).
 */
public final class OutboundGuard {

    /** Why a host may not be reached. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        private final String host;
        private final String reason;

        Refused(String host, String reason) {
            super("the host " + host + " " + reason);
            this.host = host;
            this.reason = reason;
        }

        /** The host as given. */
        public String host() {
            return host;
        }

        /** What is wrong with it: "is unknown", "is a private address (10.0.0.1)", ... */
        public String reason() {
            return reason;
        }
    }

    /** A network in CIDR notation. */
    private record Network(byte[] address, int bits) {

        static Network parse(String cidr) {
            String[] parts = cidr.strip().split("/", -1);
            if (parts.length > 2 || !parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not a network (address/prefix): " + cidr.strip());
            }
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress(); // a literal: no lookup
                int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + cidr.strip());
                }
                return new Network(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a network (address/prefix): " + cidr.strip(), e);
            }
        }

        boolean contains(byte[] other) {
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

    private record Kind(Network network, String what) {
        Kind(String cidr, String what) {
            this(Network.parse(cidr), what);
        }
    }

    private static final List<Kind> INTERNAL = List.of(new Kind("0.0.0.0/8", "a \"this network\" address"),
            new Kind("10.0.0.0/8", "a private address"), new Kind("100.64.0.0/10", "a private address"),
            new Kind("127.0.0.0/8", "a loopback address"), new Kind("169.254.0.0/16", "a link-local address"),
            new Kind("172.16.0.0/12", "a private address"), new Kind("192.0.0.0/24", "a reserved address"),
            new Kind("192.0.2.0/24", "a documentation address"), new Kind("192.168.0.0/16", "a private address"),
            new Kind("198.18.0.0/15", "a benchmarking address"),
            new Kind("198.51.100.0/24", "a documentation address"),
            new Kind("203.0.113.0/24", "a documentation address"), new Kind("224.0.0.0/4", "a multicast address"),
            new Kind("240.0.0.0/4", "a reserved or broadcast address"),
            new Kind("::/128", "a wildcard address"), new Kind("::1/128", "a loopback address"),
            new Kind("fc00::/7", "a private address"), new Kind("fe80::/10", "a link-local address"),
            new Kind("fec0::/10", "a site-local address"), new Kind("ff00::/8", "a multicast address"),
            new Kind("2001::/32", "a Teredo address"), new Kind("2001:db8::/32", "a documentation address"),
            new Kind("64:ff9b:1::/48", "a local-use NAT64 address"));

    /**
     * IPv6 prefixes that carry an IPv4 address, and where it starts in the 16 bytes. (IPv4-mapped addresses,
     * {@code ::ffff:a.b.c.d}, need no entry: Java hands them over as the IPv4 address itself.)
     */
    private static final List<Kind> EMBEDDING = List.of(new Kind("::/96", "12"),
            new Kind("64:ff9b::/96", "12"), new Kind("2002::/16", "2"));

    private final List<Network> allowed;

    /**
     * @param allowedNetworks comma-separated networks in CIDR notation that may be reached although internal (the
     *                        operator's own mail relay, a test receiver on loopback); empty or {@code null}: none
     * @throws IllegalArgumentException naming an entry that is not a network
     */
    public OutboundGuard(String allowedNetworks) {
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

    /** Why {@code address} may not be reached ("a private address", ...), or {@code null} when it may. */
    public String internal(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Network n : allowed) {
            if (n.contains(bytes)) {
                return null;
            }
        }
        return classify(bytes);
    }

    private String classify(byte[] bytes) {
        if (bytes.length == 16) {
            for (Kind k : EMBEDDING) {
                if (k.network().contains(bytes) && !isUnspecifiedOrLoopback(bytes)) {
                    int at = Integer.parseInt(k.what());
                    byte[] four = {bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]};
                    String why = internal(v4(four));
                    return why == null ? null : why + " inside an IPv6 address";
                }
            }
        }
        for (Kind k : INTERNAL) {
            if (k.network().contains(bytes)) {
                return k.what();
            }
        }
        return null;
    }

    private static boolean isUnspecifiedOrLoopback(byte[] bytes) {
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 0 || bytes[15] == 1;
    }

    private static InetAddress v4(byte[] four) {
        try {
            return Inet4Address.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /**
     * Resolves {@code host} (a name or an address literal) and checks every address it has.
     *
     * @return the addresses to connect to, in the resolver's order; connect to these, not to the name
     * @throws Refused when the host is unknown or any of its addresses may not be reached
     */
    public List<InetAddress> resolve(String host) throws Refused {
        Objects.requireNonNull(host, "host");
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused(host, "is unknown");
        }
        for (InetAddress a : addresses) {
            String why = internal(a);
            if (why != null) {
                throw new Refused(host, "is " + why + " (" + a.getHostAddress() + ")");
            }
        }
        return List.of(addresses);
    }
}
