package io.dotmac.security.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.dotmac.platform.api.Access;
import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.UnavailableException;
import io.dotmac.platform.api.ValidationException;
import io.dotmac.rest.core.ApiMember;

/**
 * {@code POST /api/v1/auth/token}: {@code {"username","password"}} for a platform operator, with
 * {@code "tenant":"<slug>"} for a tenant's user; answers a bearer token. Failed logins are throttled per account
 * and client address ({@link LoginThrottle}): 429 with {@code Retry-After} while a wait runs.
 */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.TOKEN)
@Path("v1/auth/token")
@Access(Access.Level.ANONYMOUS)
public class TokenResource implements ApiMember {

    /** The login. */
    public record TokenRequest(String tenant, String username, String password) {
        @Override
        public String toString() {
            return "TokenRequest[tenant=" + tenant + ", username=" + username + "]";
        }
    }

    /** The OAuth 2-style answer. */
    public record TokenResponse(@JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn) {
    }

    // optional: the application is served without the database, and a login then gets 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authentication authentication;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(TokenRequest request, @Context HttpServletRequest http) {
        if (request == null) {
            throw new ValidationException("body", "username and password are required");
        }
        java.util.List<FieldError> errors = new java.util.ArrayList<>();
        if (request.username() == null || request.username().isBlank()) {
            errors.add(new FieldError("username", "is required"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        }
        if (request.tenant() != null && request.tenant().isBlank()) {
            errors.add(new FieldError("tenant", "must name a tenant's slug, or be left out for a platform operator"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Authentication current = authentication;
        if (current == null) {
            throw new UnavailableException("Logging in is unavailable while the database is down; retry later");
        }
        Authentication.IssuedToken token = current.login(request.tenant(), request.username(),
                request.password(), http == null ? null : http.getRemoteAddr());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new TokenResponse(token.accessToken(), "Bearer", token.expiresInSeconds()))
                .cacheControl(noStore).header("Pragma", "no-cache").build();
    }
}
