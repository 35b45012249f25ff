package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.dotmac.management.IspRegistration;
import io.dotmac.management.IspRegistration.Business;
import io.dotmac.management.IspRegistration.Commercial;
import io.dotmac.management.IspRegistration.Contact;
import io.dotmac.management.IspRegistration.Technical;
import io.dotmac.management.Region;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.TooManyRequestsException;

class RegistrationRulesTest {

    static final Map<String, Region> REGIONS = Map.of(
            "local", new Region("local", "shared", "here", Map.of()),
            "eu-central", new Region("eu-central", "aws", "Frankfurt", Map.of()));

    static IspRegistration valid() {
        return new IspRegistration(
                new Business("Acme Broadband GmbH", "HRB 12345", "DE123456789", "DE",
                        new Contact("Ada Lovelace", "ada@acme.example", "+49 30 1234567"), null, "Berlin", 1200),
                new Technical("local", "acme.example.com", List.of("radius"), null),
                new Commercial("BASIC", "MONTHLY", "STANDARD", true), "SHARED");
    }

    private static List<String> fields(IspRegistration r) {
        return RegistrationRules.check(r, REGIONS).stream().map(FieldError::field).toList();
    }

    @Test
    void aCompleteRegistrationPasses() {
        assertEquals(List.of(), RegistrationRules.check(valid(), REGIONS));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        IspRegistration r = new IspRegistration(
                new Business(" ", null, "DE12", "XX", new Contact("", "not-mail", "abc"),
                        new Contact("Lead", "lead@x", "12"), "", -1),
                new Technical("mars", "Not A Domain", List.of(""), null),
                new Commercial("GOLD", "WEEKLY", "PLATINUM", null), "CLOUD");
        assertEquals(List.of("business.companyName", "business.registrationNumber", "business.serviceArea",
                "business.country", "business.primaryContact.name", "business.primaryContact.email",
                "business.primaryContact.phone", "business.technicalLead.email", "business.technicalLead.phone",
                "business.customerBaseSize", "commercial.tier", "commercial.billingCycle", "commercial.supportLevel",
                "deployment", "technical.region", "technical.domain", "technical.integrations[0]"), fields(r));
    }

    @Test
    void aTaxIdIsCheckedAgainstItsCountrysFormatWhereOneIsKnown() {
        Business b = valid().business();
        for (String[] ok : new String[][] {{"DE", "DE123456789"}, {"US", "12-3456789"}, {"GB", "GB123456789"},
            {"NL", "NL123456789B01"}, {"NG", "12345678-0001"}, {"BR", "12.345.678/0001-90"}}) {
            IspRegistration r = new IspRegistration(new Business(b.companyName(), b.registrationNumber(), ok[1],
                    ok[0], b.primaryContact(), null, b.serviceArea(), 10), valid().technical(), valid().commercial(),
                    "SHARED");
            assertEquals(List.of(), fields(r), ok[0]);
        }
        IspRegistration german = new IspRegistration(new Business(b.companyName(), b.registrationNumber(),
                "12-3456789", "DE", b.primaryContact(), null, b.serviceArea(), 10), valid().technical(),
                valid().commercial(), "SHARED");
        List<FieldError> errors = RegistrationRules.check(german, REGIONS);
        assertEquals("business.taxId", errors.get(0).field());
        assertTrue(errors.get(0).message().startsWith("is not a tax id of DE"), errors.toString());
    }

    @Test
    void aRegionRunsOnlyItsKindOfDeployment() {
        IspRegistration r = valid();
        IspRegistration dedicatedHere = new IspRegistration(r.business(), r.technical(), r.commercial(), "DEDICATED");
        assertEquals(List.of("technical.region"), fields(dedicatedHere));
        IspRegistration sharedInAws = new IspRegistration(r.business(), new Technical("eu-central",
                "acme.example.com", null, null), r.commercial(), "SHARED");
        assertEquals(List.of("technical.region"), fields(sharedInAws));
    }

    @Test
    void regionsAreReadFromTheConfigurationWithTheirSettings() {
        Map<String, Region> regions = ManagementService.regions(new TestConfig("local, fra"), Map.of(
                "region.local.baseDomain", "isp.example", "region.fra.provider", "aws", "region.fra.description",
                "Frankfurt", "region.fra.instanceType", "t3.small", "other", "x"));
        assertEquals("shared", regions.get("local").provider());
        assertEquals(Map.of("baseDomain", "isp.example"), regions.get("local").settings());
        assertEquals("aws", regions.get("fra").provider());
        assertEquals("Frankfurt", regions.get("fra").description());
        assertEquals(Map.of("instanceType", "t3.small"), regions.get("fra").settings());
        assertThrows(IllegalArgumentException.class, () -> ManagementService.regions(new TestConfig("Bad Name"),
                Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ManagementService.regions(new TestConfig("fra"),
                Map.of()), "a region other than local names its provider");
    }

    @Test
    void aClientAddressMayRegisterSoOftenAnHour() {
        AtomicLong now = new AtomicLong(0);
        RateLimit limit = new RateLimit(now::get);
        limit.acquire("10.0.0.1", 2);
        limit.acquire("10.0.0.1", 2);
        TooManyRequestsException e = assertThrows(TooManyRequestsException.class, () -> limit.acquire("10.0.0.1", 2));
        assertTrue(e.getMessage().contains("at most 2 an hour"), e.getMessage());
        limit.acquire("10.0.0.2", 2); // another address
        now.set(3_600_000_000_000L);
        limit.acquire("10.0.0.1", 2); // an hour later
    }

    /** The configuration with {@code regions}, defaults otherwise. */
    record TestConfig(String regions) implements ManagementConfig {
        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return ManagementConfig.class;
        }

        @Override
        public int registrationsPerHour() {
            return 10;
        }

        @Override
        public int maxAttempts() {
            return 5;
        }

        @Override
        public long retryBaseMillis() {
            return 1000;
        }

        @Override
        public int jobThreads() {
            return 2;
        }

        @Override
        public String platformTenant() {
            return "platform";
        }

        @Override
        public String annualDiscountPercent() {
            return "15";
        }

        @Override
        public int accountsSyncSeconds() {
            return 300;
        }

        @Override
        public int usageFlushSeconds() {
            return 60;
        }

        @Override
        public int demosPerHour() {
            return 5;
        }

        @Override
        public int demoCheckMinutes() {
            return 60;
        }

        @Override
        public String demoRegion() {
            return "local";
        }

        @Override
        public String demoSnmpAddress() {
            return "127.0.0.1";
        }

        @Override
        public String demoSnmpPorts() {
            return "17100-17999";
        }

        @Override
        public String publicUrl() {
            return "http://127.0.0.1:8181";
        }

        @Override
        public int confirmationHours() {
            return 48;
        }
    }
}
