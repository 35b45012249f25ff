package io.dotmac.metrics.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A list of CIDR networks ({@code 10.0.0.0/8}, {@code ::1/128}, or a bare address) and whether one holds an address. */
final class Networks {

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Network> networks;
    private final String text;

    private Networks(List<Network> networks, String text) {
        this.networks = networks;
        this.text = text;
    }

    /**
     * Parses a comma-separated list of networks written as literal addresses (no name is looked up).
     *
     * @throws IllegalArgumentException naming the entry that is not a network
     */
    static Networks parse(String list) {
        List<Network> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String entry : list.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            String address = slash < 0 ? e : e.substring(0, slash);
            byte[] bytes = literal(address, e);
            int bits;
            try {
                bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("Not a network: '" + e + "'");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("Not a network: '" + e + "' (prefix length)");
            }
            out.add(new Network(bytes, bits));
            names.add(e);
        }
        return new Networks(List.copyOf(out), String.join(", ", names));
    }

    private static byte[] literal(String address, String entry) {
        // only literals: InetAddress.getByName would look a name up in DNS
        if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("Not a network: '" + entry + "' (an address literal is needed)");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException x) {
            throw new IllegalArgumentException("Not a network: '" + entry + "'");
        }
    }

    /** Whether {@code address} (a literal, as a servlet request's remote address) is in one of the networks. */
    boolean contains(String address) {
        byte[] bytes;
        try {
            String bare = address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1) : address;
            bytes = literal(bare, address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] v4 = mappedV4(bytes);
        for (Network n : networks) {
            if (n.contains(bytes) || v4 != null && n.contains(v4)) {
                return true;
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}), or null. */
    private static byte[] mappedV4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return null;
        }
        return new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
    }

    @Override
    public String toString() {
        return text;
    }
}
