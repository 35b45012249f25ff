package io.dotmac.integrations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;

class AddressGuardTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void internalAddressesAreRefused() throws Exception {
        AddressGuard guard = new AddressGuard("");
        assertEquals("a loopback address", guard.internal(ip("127.0.0.1")));
        assertEquals("a loopback address", guard.internal(ip("::1")));
        assertEquals("a link-local address", guard.internal(ip("169.254.169.254")));
        assertEquals("a private address", guard.internal(ip("10.1.2.3")));
        assertEquals("a private address", guard.internal(ip("172.31.0.1")));
        assertEquals("a private address", guard.internal(ip("192.168.1.1")));
        assertEquals("a private address", guard.internal(ip("100.64.0.1")));
        assertEquals("a private address", guard.internal(ip("fd00::1")));
        assertEquals("a \"this network\" address", guard.internal(ip("0.0.0.0")));
        assertEquals("a multicast address", guard.internal(ip("224.0.0.1")));
        assertEquals("a loopback address", guard.internal(ip("::ffff:127.0.0.1")));
        assertNull(guard.internal(ip("93.184.216.34")));
        assertNull(guard.internal(ip("172.32.0.1")));
        assertNull(guard.internal(ip("2606:4700::1111")));
        // what the platform's guard adds: reserved, benchmarking, IPv6 carrying an internal IPv4 address
        assertEquals("a reserved or broadcast address", guard.internal(ip("255.255.255.255")));
        assertEquals("a benchmarking address", guard.internal(ip("198.18.0.1")));
        assertEquals("a loopback address inside an IPv6 address", guard.internal(ip("::127.0.0.1")));
        assertEquals("a link-local address inside an IPv6 address", guard.internal(ip("64:ff9b::a9fe:a9fe")));
        assertEquals("a private address inside an IPv6 address", guard.internal(ip("2002:0a00:0001::1")));
    }

    @Test
    void anAllowedNetworkMayBeReached() throws Exception {
        AddressGuard guard = new AddressGuard("127.0.0.0/8, 10.20.0.0/16");
        assertNull(guard.internal(ip("127.0.0.1")));
        assertNull(guard.internal(ip("10.20.30.40")));
        assertEquals("a private address", guard.internal(ip("10.21.0.1")));
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard("10.0.0.0/33"));
    }

    @Test
    void urlsAreCheckedForSchemeHostAndEveryAddress() {
        AddressGuard guard = new AddressGuard("");
        assertEquals("must be an http or https URL", AddressGuard.syntax(URI.create("ftp://example.com/x")));
        assertEquals("must name a host", AddressGuard.syntax(URI.create("http:///x")));
        assertEquals("must not hold a user name or password",
                AddressGuard.syntax(URI.create("http://u:p@example.com/")));
        AddressGuard.Refused e = assertThrows(AddressGuard.Refused.class,
                () -> guard.check(URI.create("http://localhost:8080/hook")));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertTrue(e.getMessage().contains("unless allowed in etc/io.dotmac.integrations.cfg"), e.getMessage());
        assertThrows(AddressGuard.Refused.class, () -> guard.check(URI.create("http://169.254.169.254/latest")));
        assertThrows(AddressGuard.Refused.class, () -> guard.check(URI.create("http://[::127.0.0.1]/hook")));
    }
}
