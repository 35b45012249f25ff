package io.dotmac.management;

/**
 * A DNS record a deployment makes for its ISP's instance.
 *
 * @param name  the fully qualified name, without the final dot ({@code acme.isp.example.com})
 * @param type  {@code A}, {@code AAAA}, {@code CNAME} (or, for a certificate's validation, what its issuer asks)
 * @param value the address or target name
 * @param ttl   seconds
 * @since 1.1
 */
public record DnsRecord(String name, String type, String value, int ttl) {

    /** {@code A} for an IPv4 address, {@code AAAA} for an IPv6 one, else {@code CNAME}. */
    public static String typeFor(String address) {
        if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return "A";
        }
        return address.contains(":") ? "AAAA" : "CNAME";
    }

    /** {@code name type value ttl}, as {@link #parse} reads it back. */
    public String format() {
        return name + " " + type + " " + value + " " + ttl;
    }

    public static DnsRecord parse(String formatted) {
        String[] p = formatted.split(" ");
        return new DnsRecord(p[0], p[1], p[2], Integer.parseInt(p[3]));
    }
}
