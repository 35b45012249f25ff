package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;

class AuthFilterTest {

    @Access(Access.Level.PLATFORM)
    static class PlatformResource {
        public void list() {
        }

        @Access(Access.Level.ANONYMOUS)
        public void open() {
        }
    }

    static class TenantResource {
        public void read() {
        }

        @Access(Access.Level.TENANT_ADMIN)
        public void toggle() {
        }
    }

    private static final TenantRef ACME = new TenantRef("t1", "acme", Tier.BASIC);

    private static Method m(Class<?> type, String name) throws Exception {
        return type.getMethod(name);
    }

    @Test
    void methodAnnotationBeatsClassAnnotationBeatsTheVerb() throws Exception {
        AuthFilter f = new AuthFilter();
        assertEquals(Access.Level.PLATFORM, f.level(m(PlatformResource.class, "list"), PlatformResource.class, "POST"));
        assertEquals(Access.Level.ANONYMOUS, f.level(m(PlatformResource.class, "open"), PlatformResource.class, "GET"));
        assertEquals(Access.Level.TENANT_ADMIN, f.level(m(TenantResource.class, "toggle"), TenantResource.class, "PUT"));
        assertEquals(Access.Level.TENANT_READ, f.level(m(TenantResource.class, "read"), TenantResource.class, "GET"));
        assertEquals(Access.Level.TENANT_READ, f.level(m(TenantResource.class, "read"), TenantResource.class, "HEAD"));
        assertEquals(Access.Level.TENANT_WRITE, f.level(m(TenantResource.class, "read"), TenantResource.class, "DELETE"));
    }

    @Test
    void readonlyReadsStaffWritesOnlyAdminsAdminister() {
        Caller reader = new Caller("u", "r", Role.ISP_READONLY, ACME);
        Caller staff = new Caller("u", "s", Role.ISP_STAFF, ACME);
        Caller admin = new Caller("u", "a", Role.ISP_ADMIN, ACME);
        AuthFilter.authorize(reader, Access.Level.TENANT_READ);
        assertThrows(AccessDeniedException.class, () -> AuthFilter.authorize(reader, Access.Level.TENANT_WRITE));
        AuthFilter.authorize(staff, Access.Level.TENANT_WRITE);
        assertThrows(AccessDeniedException.class, () -> AuthFilter.authorize(staff, Access.Level.TENANT_ADMIN));
        AuthFilter.authorize(admin, Access.Level.TENANT_ADMIN);
        assertThrows(AccessDeniedException.class, () -> AuthFilter.authorize(admin, Access.Level.PLATFORM));
    }

    @Test
    void platformOperatorNeedsATenantForTenantEndpointsAndThenHasEveryTenantRole() {
        Caller operator = new Caller("u", "admin", Role.PLATFORM_ADMIN, null);
        AuthFilter.authorize(operator, Access.Level.PLATFORM);
        assertThrows(ValidationException.class, () -> AuthFilter.authorize(operator, Access.Level.TENANT_READ));
        AuthFilter.authorize(new Caller("u", "admin", Role.PLATFORM_ADMIN, ACME), Access.Level.TENANT_ADMIN);
    }

    @Test
    void withoutItsServicesOnlyAnonymousRequestsPass() {
        AuthFilter f = new AuthFilter();
        assertThrows(UnavailableException.class,
                () -> f.authenticate("Bearer x", null, null, Access.Level.TENANT_READ));
    }
}
