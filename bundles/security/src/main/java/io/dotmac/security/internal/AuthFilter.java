package io.dotmac.security.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.rest.ApiMember;
import io.dotmac.rest.DotMacRest;
import io.dotmac.rest.ProblemResponses;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantService;

/**
 * Authenticates every request to the DotMac application and resolves the tenant it acts for: the token's tenant;
 * for a platform operator the tenant {@code X-Tenant-ID} names (id or slug), else the Host's subdomain. A tenant
 * user naming another tenant gets 403, a suspended tenant 403, an unknown one 404. Then it checks the resource
 * method's {@link Access} level and puts the {@link Caller} in the request's {@link SecurityContext}.
 *
 * <p>For a plugin endpoint it runs once, for the plugin's method: CXF runs no post-matching filter for the licensing
 * dispatcher's sub-resource locator, only for the method the locator's object leads to.
 */
@Component(service = ApiMember.class, immediate = true,
        property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.AUTH)
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter, ApiMember {

    private static final String BEARER = "Bearer ";

    @Context
    ResourceInfo resourceInfo;

    // optional: without the database they are gone, and only anonymous requests (health) go on
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Authentication authentication;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantService tenants;
    /** Declared levels per resource class, kept in the class itself so plugin classes can still be unloaded. */
    private final ClassValue<Map<Method, Optional<Access.Level>>> declared = new ClassValue<>() {
        @Override
        protected Map<Method, Optional<Access.Level>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    public AuthFilter() {
    }

    /** For tests. */
    AuthFilter(Authentication authentication, TenantService tenants) {
        this.authentication = authentication;
        this.tenants = tenants;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            check(request);
        } catch (DotMacException refused) {
            // answered, not thrown: for a plugin endpoint CXF would log a thrown exception with its stack trace
            request.abortWith(ProblemResponses.of(refused, request));
        }
    }

    private void check(ContainerRequestContext request) {
        Access.Level level = level(resourceInfo.getResourceMethod(), resourceInfo.getResourceClass(),
                request.getMethod());
        if (level == Access.Level.ANONYMOUS || level == Access.Level.OPTIONAL
                && request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            return;
        }
        Caller caller = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString(DotMacRest.TENANT_HEADER), request.getHeaderString(HttpHeaders.HOST),
                level);
        authorize(caller, level);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(caller, secure));
        request.setProperty(Caller.class.getName(), caller);
    }

    /** The caller of a request with these headers, tenant resolved. */
    Caller authenticate(String authorization, String tenantHeader, String host, Access.Level level) {
        Authentication authentication = this.authentication;
        TenantService tenants = this.tenants;
        if (authentication == null || tenants == null) {
            throw new UnavailableException("Authentication is unavailable while the database is down; retry later");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new NotAuthenticatedException(
                    "Missing token: send 'Authorization: Bearer <token>' with a token from POST /api/v1/auth/token");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new NotAuthenticatedException("Malformed Authorization header: expected 'Bearer <token>'");
        }
        TokenClaims claims = authentication.verify(authorization.substring(BEARER.length()).trim());
        String named = tenantHeader == null || tenantHeader.isBlank() ? null : tenantHeader.trim();
        Tenant tenant;
        if (claims.tenantId() != null) {
            tenant = tenants.find(claims.tenantId())
                    .orElseThrow(() -> new NotAuthenticatedException("The token's tenant no longer exists"));
            if (named != null && !tenants.find(named).map(t -> t.id().equals(tenant.id())).orElse(false)) {
                throw new AccessDeniedException("tenant", "This token may act only for its own tenant, not for '"
                        + named + "'");
            }
            Optional<String> byHost = tenants.slugOfHost(host);
            if (byHost.isPresent() && !byHost.get().equals(tenant.slug())) {
                throw new AccessDeniedException("tenant", "This token may act only for its own tenant, not for '"
                        + byHost.get() + "'");
            }
        } else if (level.compareTo(Access.Level.TENANT_READ) < 0) {
            tenant = null; // a platform operator on a platform endpoint acts for no tenant
        } else if (named != null) {
            tenant = tenants.find(named).orElseThrow(() -> new NotFoundException("No tenant '" + named + "'"));
        } else {
            Optional<String> byHost = tenants.slugOfHost(host);
            tenant = byHost.isEmpty() ? null : tenants.find(byHost.get())
                    .orElseThrow(() -> new NotFoundException("No tenant '" + byHost.get() + "'"));
        }
        boolean actsInTenant = claims.tenantId() != null || level.compareTo(Access.Level.TENANT_READ) >= 0;
        if (tenant != null && tenant.suspended() && actsInTenant) {
            throw new AccessDeniedException("suspended", "Tenant '" + tenant.slug() + "' is suspended");
        }
        return new Caller(claims.userId(), claims.username(), claims.role(), tenant == null ? null : tenant.ref());
    }

    static void authorize(Caller caller, Access.Level level) {
        switch (level) {
        case ANONYMOUS, OPTIONAL, AUTHENTICATED -> {
            return;
        }
        case PLATFORM -> {
            if (caller.role() != Role.PLATFORM_ADMIN) {
                throw new AccessDeniedException("role", "Only platform operators may do this");
            }
            return;
        }
        default -> {
            caller.requireTenant();
        }
        }
        boolean allowed = switch (level) {
        case TENANT_READ -> true;
        case TENANT_WRITE -> caller.has(Role.ISP_ADMIN) || caller.has(Role.ISP_STAFF);
        case TENANT_ADMIN -> caller.has(Role.ISP_ADMIN);
        default -> false;
        };
        if (!allowed) {
            throw new AccessDeniedException("role", level == Access.Level.TENANT_ADMIN
                    ? "Only the tenant's administrators (isp_admin) may do this"
                    : "The role " + caller.role().id() + " may only read");
        }
    }

    /** The access level of a resource method: its annotation, its class's, or the default for the verb. */
    Access.Level level(Method method, Class<?> type, String httpMethod) {
        Optional<Access.Level> fixed = method == null ? Optional.empty()
                : declared.get(type != null ? type : method.getDeclaringClass())
                        .computeIfAbsent(method, m -> declaredLevel(m, type));
        if (fixed.isPresent()) {
            return fixed.get();
        }
        return switch (httpMethod) {
        case "GET", "HEAD", "OPTIONS" -> Access.Level.TENANT_READ;
        default -> Access.Level.TENANT_WRITE;
        };
    }

    private static Optional<Access.Level> declaredLevel(Method method, Class<?> type) {
        Access a = method.getAnnotation(Access.class);
        if (a == null && type != null) {
            a = type.getAnnotation(Access.class);
        }
        if (a == null) {
            a = method.getDeclaringClass().getAnnotation(Access.class);
        }
        return Optional.ofNullable(a).map(Access::value);
    }

    /** The JAX-RS view of a {@link Caller}: roles are {@code platform_admin}, {@code isp_admin}, ... */
    record CallerContext(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return Role.parse(role).map(caller::has).orElse(false);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
