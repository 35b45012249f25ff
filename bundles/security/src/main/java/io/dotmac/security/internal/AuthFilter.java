package io.dotmac.security.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.PathSegment;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.AccessDeniedException;
import io.dotmac.platform.api.ApiKeys;
import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.DotMacException;
import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.NotFoundException;
import io.dotmac.platform.api.PluginDisabledException;
import io.dotmac.platform.api.PluginNotLicensedException;
import io.dotmac.platform.api.Role;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.rest.core.ApiMember;
import io.dotmac.rest.DotMacRest;
import io.dotmac.rest.core.ProblemResponses;
import io.dotmac.tenant.Tenant;
import io.dotmac.tenant.TenantDomain;
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
public class AuthFilter implements ContainerRequestFilter, ContainerResponseFilter, ApiMember {

    private static final String BEARER = "Bearer ";
    /** The request property holding an API key's {@link ApiKeys.Grant}, for the rate-limit headers. */
    static final String GRANT = ApiKeys.Grant.class.getName();

    @Context
    ResourceInfo resourceInfo;

    // optional: without the database they are gone, and only anonymous requests (health) go on
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Authentication authentication;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantService tenants;

    // licensing: API keys are a plugin's (api_access), reached through it
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantServices tenantServices;
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
        } catch (ApiKeys.OverLimitException over) {
            request.setProperty(GRANT, new ApiKeys.Grant(null, null, over.limit(), 0, over.retryAfterSeconds(),
                    over.windowSeconds()));
            request.abortWith(ProblemResponses.of(over, request));
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
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Caller caller = apiKey(authorization) != null
                ? authenticateKey(apiKey(authorization), request.getHeaderString(DotMacRest.TENANT_HEADER),
                        request.getHeaderString(HttpHeaders.HOST), level, request)
                : authenticate(authorization, request.getHeaderString(DotMacRest.TENANT_HEADER),
                        request.getHeaderString(HttpHeaders.HOST), level);
        authorize(caller, level);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(caller, secure));
        request.setProperty(Caller.class.getName(), caller);
    }

    /** The rate-limit headers of a request made with an API key (IETF draft names), on every answer to it. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(GRANT) instanceof ApiKeys.Grant grant) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("RateLimit-Limit", grant.limit());
            headers.putSingle("RateLimit-Remaining", grant.remaining());
            headers.putSingle("RateLimit-Reset", grant.resetSeconds());
            headers.putSingle("RateLimit-Policy", grant.limit() + ";w=" + grant.windowSeconds());
        }
    }

    /** The API key an {@code Authorization} header carries ({@code Bearer dmk_...}), or null. */
    static String apiKey(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.startsWith(ApiKeys.PREFIX) ? token : null;
    }

    /**
     * The caller of a request made with an API key: a non-human caller of the key's tenant (role
     * {@code isp_staff}, so nothing only {@code isp_admin} may do), admitted by the api_access plugin for the
     * request's scope ({@code <resource>:read|write}) and rate; 401 with the reason while the tenant may not use
     * the plugin.
     */
    Caller authenticateKey(String key, String tenantHeader, String host, Access.Level level,
            ContainerRequestContext request) {
        TenantServices services = this.tenantServices;
        TenantService tenants = this.tenants;
        if (services == null || tenants == null) {
            throw new UnavailableException("Authentication is unavailable while the database is down; retry later");
        }
        ApiKeys keys = services.platformService(ApiKeys.PLUGIN, ApiKeys.class)
                .orElseThrow(() -> new NotAuthenticatedException("API keys need the plugin " + ApiKeys.PLUGIN
                        + ", which is not active on this instance"));
        TenantRef owner = keys.tenantOf(key).orElseThrow(() -> new NotAuthenticatedException("Unknown API key"));
        Tenant tenant = tenants.find(owner.id())
                .orElseThrow(() -> new NotAuthenticatedException("The API key's tenant no longer exists"));
        String named = tenantHeader == null || tenantHeader.isBlank() ? null : tenantHeader.trim();
        if (named != null && !tenants.find(named).map(t -> t.id().equals(tenant.id())).orElse(false)) {
            throw new AccessDeniedException("tenant", "This API key may act only for its own tenant, not for '"
                    + named + "'");
        }
        Optional<String> byHost = slugOfHost(tenants, host);
        if (byHost.isPresent() && !byHost.get().equals(tenant.slug())) {
            throw new AccessDeniedException("tenant", "This API key may act only for its own tenant, not for '"
                    + byHost.get() + "'");
        }
        try {
            services.check(tenant.ref(), ApiKeys.PLUGIN);
        } catch (PluginNotLicensedException | PluginDisabledException lost) {
            throw new NotAuthenticatedException("The API keys of tenant '" + tenant.slug() + "' do not work now: "
                    + lost.getMessage());
        }
        if (tenant.suspended()) {
            throw new AccessDeniedException("suspended", "Tenant '" + tenant.slug() + "' is suspended");
        }
        String scope = level.compareTo(Access.Level.TENANT_READ) >= 0 ? scope(request) : null;
        ApiKeys.Grant grant = keys.admit(tenant.ref(), key, scope);
        request.setProperty(GRANT, grant);
        return new Caller("key:" + grant.keyId(), "api-key:" + grant.name(), Role.ISP_STAFF, tenant.ref());
    }

    /**
     * The slug of the tenant the Host names: {@code <slug>.<baseDomain>}, or a custom domain an operator approved
     * for a tenant that may use white_label now (a custom domain of a tenant without it names no tenant).
     */
    private Optional<String> slugOfHost(TenantService tenants, String host) {
        Optional<String> subdomain = tenants.slugOfHost(host);
        if (subdomain.isPresent()) {
            return subdomain;
        }
        Optional<TenantDomain> custom = tenants.customDomainOfHost(host);
        TenantServices services = this.tenantServices;
        if (custom.isEmpty() || services == null) {
            return Optional.empty();
        }
        Optional<Tenant> owner = tenants.find(custom.get().tenantId());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        try {
            services.check(owner.get().ref(), Brands.PLUGIN);
        } catch (PluginNotLicensedException | PluginDisabledException notNow) {
            return Optional.empty();
        }
        return Optional.of(owner.get().slug());
    }

    /** The scope a request needs: the first segment below {@code /api/v1}, and read or write by its method. */
    static String scope(ContainerRequestContext request) {
        List<PathSegment> segments = request.getUriInfo().getPathSegments();
        String resource = segments.size() > 1 ? segments.get(1).getPath() : "";
        String method = request.getMethod();
        boolean reads = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        return resource + (reads ? ":read" : ":write");
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
            Optional<String> byHost = slugOfHost(tenants, host);
            if (byHost.isPresent() && !byHost.get().equals(tenant.slug())) {
                throw new AccessDeniedException("tenant", "This token may act only for its own tenant, not for '"
                        + byHost.get() + "'");
            }
        } else if (level.compareTo(Access.Level.TENANT_READ) < 0) {
            tenant = null; // a platform operator on a platform endpoint acts for no tenant
        } else if (named != null) {
            tenant = tenants.find(named).orElseThrow(() -> new NotFoundException("No tenant '" + named + "'"));
        } else {
            Optional<String> byHost = slugOfHost(tenants, host);
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
