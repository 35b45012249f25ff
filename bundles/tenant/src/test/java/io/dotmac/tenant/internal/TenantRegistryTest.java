package io.dotmac.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.ConflictException;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.tenant.NewTenant;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantAdminProvisioner;
import io.dotmac.tenant.TenantDomain;
import io.dotmac.tenant.TenantStatus;

class TenantRegistryTest {

    private H2Database db;
    private TenantRegistry registry;
    private final List<String> changes = new ArrayList<>();
    private boolean failAdmin;

    static TenantRegistry.Config config(String baseDomain) {
        return new TenantRegistry.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TenantRegistry.Config.class;
            }

            @Override
            public String baseDomain() {
                return baseDomain;
            }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        db = new H2Database("src/main/resources/db/migration/common/V1__tenant.sql",
                "src/main/resources/db/migration/common/V2__tenant_currency.sql",
                "src/main/resources/db/migration/common/V3__tenant_domains.sql");
        registry = new TenantRegistry(db, config("isp.example"), Clock.systemUTC());
        registry.provisioner = new TenantAdminProvisioner() {
            @Override
            public List<FieldError> validate(NewTenant.NewAdmin admin) {
                return admin.password() == null || admin.password().length() < 10
                        ? List.of(new FieldError("admin.password", "too short")) : List.of();
            }

            @Override
            public void createFirstAdmin(TenantRef tenant, NewTenant.NewAdmin admin) {
                if (failAdmin) {
                    throw new ConflictException("username taken");
                }
            }
        };
        registry.addListener((before, after) -> changes.add((before == null ? "-" : before.tier() + "/"
                + before.status()) + " -> " + after.tier() + "/" + after.status()));
    }

    private NewTenant tenant(String slug, String tier) {
        return new NewTenant("ISP " + slug, slug, tier, null,
                new NewTenant.NewAdmin("boss", "b@x.test", "long-enough-1"));
    }

    private int rows() {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM dotmac_tenant");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void createsAndFindsByIdAndSlug() {
        Tenant t = registry.create(tenant("acme", "basic"));
        assertEquals(Tier.BASIC, t.tier());
        assertEquals(TenantStatus.ACTIVE, t.status());
        assertEquals(t, registry.get("acme"));
        assertEquals(t, registry.get(t.id()));
        assertEquals(List.of("- -> BASIC/ACTIVE"), changes);
        assertEquals("USD", t.currency());
    }

    @Test
    void theCurrencyIsValidatedKeptAndChangeable() {
        Tenant t = registry.create(new NewTenant("ISP", "euro-isp", "FREE", "EUR",
                new NewTenant.NewAdmin("boss", "b@x.test", "long-enough-1")));
        assertEquals("EUR", t.currency());
        for (String bad : new String[] { "eur", "XXX", "ABC", "" }) {
            ValidationException e = assertThrows(ValidationException.class, () -> registry.changeCurrency(t.id(), bad));
            assertEquals("currency", e.errors().get(0).field());
        }
        assertEquals("JPY", registry.changeCurrency("euro-isp", "JPY").currency());
        assertEquals("JPY", registry.get(t.id()).currency());
        assertEquals(1, rows());
    }

    @Test
    void invalidFieldsAreAllNamedAndNothingIsWritten() {
        ValidationException e = assertThrows(ValidationException.class, () -> registry.create(
                new NewTenant(" ", "A!", "GOLD", "EURO", new NewTenant.NewAdmin("b", "b@x.test", "short"))));
        Set<String> fields = e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("name", "slug", "tier", "currency", "admin.password"), fields);
        assertEquals(0, rows());
    }

    @Test
    void withoutTheSecurityBundleCreationIsUnavailableAndWritesNothing() {
        registry.provisioner = null;
        assertThrows(io.dotmac.platform.api.UnavailableException.class, () -> registry.create(tenant("acme", "FREE")));
        assertEquals(0, rows());
    }

    @Test
    void duplicateSlugIsAConflict() {
        registry.create(tenant("acme", "FREE"));
        assertThrows(ConflictException.class, () -> registry.create(tenant("acme", "FREE")));
        assertEquals(1, rows());
    }

    @Test
    void failingFirstAdminRollsTheTenantBack() {
        failAdmin = true;
        assertThrows(ConflictException.class, () -> registry.create(tenant("acme", "FREE")));
        assertEquals(0, rows());
        assertTrue(registry.find("acme").isEmpty());
    }

    @Test
    void tierAndStatusChangesAreStoredAndAnnouncedOnce() throws Exception {
        Tenant t = registry.create(tenant("acme", "FREE"));
        registry.changeTier(t.id(), Tier.PREMIUM);
        registry.changeTier(t.id(), Tier.PREMIUM);
        registry.suspend("acme");
        registry.resume("acme");
        assertEquals(List.of("- -> FREE/ACTIVE", "FREE/ACTIVE -> PREMIUM/ACTIVE", "PREMIUM/ACTIVE -> PREMIUM/SUSPENDED",
                "PREMIUM/SUSPENDED -> PREMIUM/ACTIVE"), changes);
        // a fresh registry reads the same from the database
        TenantRegistry reloaded = new TenantRegistry(db, config(""), Clock.systemUTC());
        assertEquals(Tier.PREMIUM, reloaded.get("acme").tier());
        assertThrows(NotFoundException.class, () -> registry.suspend("nope"));
    }

    @Test
    void pagesWalkEveryTenantOnceInIdOrder() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(registry.create(tenant("isp-" + i, "FREE")).id());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Tenant> page = registry.list(3, cursor);
            page.items().forEach(t -> seen.add(t.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(created, new HashSet<>(seen));
        assertEquals(seen.stream().sorted().toList(), seen);
        assertThrows(ValidationException.class, () -> registry.list(3, "not-a-cursor"));
    }

    @Test
    void hostSubdomainOfTheBaseDomainNamesASlug() {
        assertEquals("acme", registry.slugOfHost("acme.isp.example").orElseThrow());
        assertEquals("acme", registry.slugOfHost("ACME.isp.example:8181").orElseThrow());
        assertTrue(registry.slugOfHost("isp.example").isEmpty());
        assertTrue(registry.slugOfHost("a.b.isp.example").isEmpty());
        assertTrue(registry.slugOfHost("acme.other.example").isEmpty());
        assertTrue(registry.slugOfHost(null).isEmpty());
        registry.modified(config(""));
        assertTrue(registry.slugOfHost("acme.isp.example").isEmpty());
        assertNull(registry.find(null).orElse(null));
    }

    @Test
    void aCustomDomainNamesItsTenantOnceApprovedAndOnlyThen() {
        Tenant acme = registry.create(tenant("acme", "enterprise"));
        Tenant other = registry.create(tenant("other", "enterprise"));
        TenantDomain asked = registry.requestDomain(acme.id(), "Portal.Acme-ISP.example.");
        assertEquals("portal.acme-isp.example", asked.domain());
        assertEquals(TenantDomain.Status.PENDING, asked.status());
        assertTrue(registry.customDomainOfHost("portal.acme-isp.example").isEmpty(), "pending names no tenant");
        assertEquals(List.of(asked), registry.domains(TenantDomain.Status.PENDING));

        TenantDomain approved = registry.approveDomain("portal.acme-isp.example");
        assertEquals(TenantDomain.Status.APPROVED, approved.status());
        assertEquals("acme", registry.customDomainOfHost("PORTAL.acme-isp.example:8443").orElseThrow().tenantSlug());
        assertTrue(registry.domains(TenantDomain.Status.PENDING).isEmpty());
        // asking again for the approved domain keeps it approved; another tenant cannot have it
        assertEquals(approved, registry.requestDomain(acme.id(), "portal.acme-isp.example"));
        assertThrows(ConflictException.class, () -> registry.requestDomain(other.id(), "portal.acme-isp.example"));

        // an internationalised name is kept in its xn-- form; a new domain replaces the tenant's and waits again
        TenantDomain idn = registry.requestDomain(acme.id(), "kundenportal.bücher.example");
        assertEquals("kundenportal.xn--bcher-kva.example", idn.domain());
        assertTrue(registry.customDomainOfHost("portal.acme-isp.example").isEmpty());
        assertEquals(idn, registry.domainOf(acme.id()).orElseThrow());

        // survives a restart: read back from the database
        registry.approveDomain(idn.domain());
        TenantRegistry again = new TenantRegistry(db, config("isp.example"), Clock.systemUTC());
        assertEquals(acme.id(), again.customDomainOfHost(idn.domain()).orElseThrow().tenantId());

        assertEquals(idn.domain(), registry.rejectDomain(idn.domain()).domain());
        assertTrue(registry.customDomainOfHost(idn.domain()).isEmpty());
        assertThrows(NotFoundException.class, () -> registry.approveDomain(idn.domain()));
        registry.requestDomain(other.id(), "isp.other.example");
        registry.removeDomain(other.id());
        assertTrue(registry.domainOf(other.id()).isEmpty());
    }

    @Test
    void aCustomDomainMustBeAHostNameOutsideTheBaseDomain() {
        Tenant acme = registry.create(tenant("acme", "enterprise"));
        for (String bad : new String[] { null, " ", "localhost", "10.0.0.1", "portal", "acme.isp.example",
            "isp.example", "-bad.example", "a..example", "under_score.example", "portal.acme.123",
            "x".repeat(64) + ".example", "portal.acme.example/path", "http://portal.acme.example" }) {
            ValidationException e = assertThrows(ValidationException.class, () -> registry.requestDomain(acme.id(),
                    bad), String.valueOf(bad));
            assertEquals("domain", e.errors().get(0).field(), String.valueOf(bad));
        }
        assertTrue(registry.domains(null).isEmpty());
    }
}
