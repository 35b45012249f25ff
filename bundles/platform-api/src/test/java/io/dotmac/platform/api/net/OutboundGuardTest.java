package io.dotmac.platform.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutboundGuardTest {

    private static final OutboundGuard GUARD = new OutboundGuard("");

    private static String why(String literal) throws Exception {
        return GUARD.internal(InetAddress.getByName(literal));
    }

    @Test
    void internalIpv4AddressesAreRefused() throws Exception {
        assertEquals("a loopback address", why("127.0.0.1"));
        assertEquals("a link-local address", why("169.254.169.254"));
        assertEquals("a private address", why("10.1.2.3"));
        assertEquals("a private address", why("172.31.0.1"));
        assertEquals("a private address", why("192.168.1.1"));
        assertEquals("a private address", why("100.64.0.1"));
        assertEquals("a \"this network\" address", why("0.0.0.0"));
        assertEquals("a multicast address", why("224.0.0.1"));
        assertEquals("a reserved or broadcast address", why("255.255.255.255"));
        assertEquals("a reserved or broadcast address", why("240.0.0.1"));
        assertEquals("a benchmarking address", why("198.18.0.1"));
        assertEquals("a benchmarking address", why("198.19.255.254"));
        assertEquals("a documentation address", why("192.0.2.10"));
        assertEquals("a reserved address", why("192.0.0.8"));
    }

    @Test
    void ipv6AddressesCarryingAnInternalIpv4AddressAreRefused() throws Exception {
        assertEquals("a loopback address", why("::1"));
        assertEquals("a wildcard address", why("::"));
        assertEquals("a private address", why("fd00::1"));
        assertEquals("a link-local address", why("fe80::1"));
        assertEquals("a loopback address", why("::ffff:127.0.0.1"), "IPv4-mapped");
        assertEquals("a loopback address inside an IPv6 address", why("::127.0.0.1"), "IPv4-compatible");
        assertEquals("a link-local address inside an IPv6 address", why("64:ff9b::169.254.169.254"), "NAT64");
        assertEquals("a local-use NAT64 address", why("64:ff9b:1::10.0.0.1"));
        assertEquals("a loopback address inside an IPv6 address", why("2002:7f00:1::"), "6to4 of 127.0.0.1");
        assertEquals("a private address inside an IPv6 address", why("2002:c0a8:101::1"), "6to4 of 192.168.1.1");
        assertEquals("a Teredo address", why("2001:0:4136:e378::1"));
        assertEquals("a documentation address", why("2001:db8::1"));
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertNull(why("93.184.216.34"));
        assertNull(why("172.32.0.1"));
        assertNull(why("198.20.0.1"));
        assertNull(why("2606:4700::1111"));
        assertNull(why("64:ff9b::5db8:d822"), "NAT64 of a public address");
        assertNull(why("2002:5db8:d822::1"), "6to4 of a public address");
    }

    @Test
    void anAllowedNetworkMayBeReachedAndABadOneIsNamed() throws Exception {
        OutboundGuard guard = new OutboundGuard("127.0.0.0/8, 10.20.0.0/16");
        assertNull(guard.internal(InetAddress.getByName("127.0.0.1")));
        assertNull(guard.internal(InetAddress.getByName("::127.0.0.1")));
        assertNull(guard.internal(InetAddress.getByName("10.20.30.40")));
        assertEquals("a private address", guard.internal(InetAddress.getByName("10.21.0.1")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new OutboundGuard("10.0.0.0/33"));
        assertTrue(bad.getMessage().contains("10.0.0.0/33"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OutboundGuard("intranet.example/8"),
                "a network is an address, never a name to look up");
    }

    @Test
    void resolveChecksEveryAddressAndReturnsWhatWasChecked() throws Exception {
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), GUARD.resolve("93.184.216.34"));
        OutboundGuard.Refused local = assertThrows(OutboundGuard.Refused.class, () -> GUARD.resolve("localhost"));
        assertTrue(local.reason().startsWith("is a loopback address"), local.reason());
        assertEquals("localhost", local.host());
        assertThrows(OutboundGuard.Refused.class, () -> GUARD.resolve("[::1]"));
        assertThrows(OutboundGuard.Refused.class, () -> GUARD.resolve("[::127.0.0.1]"));
        assertEquals("is unknown", assertThrows(OutboundGuard.Refused.class,
                () -> GUARD.resolve("no-such-host.invalid")).reason());
    }
}
