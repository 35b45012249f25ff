package io.dotmac.management.digitalocean.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.dotmac.management.DnsRecord;

class DigitalOceanDnsTest {

    @Test
    void aRecordsNameIsRelativeToItsDomain() {
        assertEquals("acme", DigitalOceanDns.relative(new DnsRecord("acme.do.example.test", "A", "198.51.100.7", 300),
                "do.example.test"));
        assertEquals("_x.acme", DigitalOceanDns.relative(new DnsRecord("_x.acme.do.example.test", "CNAME", "y", 300),
                "do.example.test"));
        assertEquals("@", DigitalOceanDns.relative(new DnsRecord("do.example.test", "A", "198.51.100.7", 300),
                "do.example.test"));
    }
}
