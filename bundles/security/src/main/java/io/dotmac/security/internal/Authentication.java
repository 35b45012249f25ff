package io.dotmac.security.internal;

/** Token issue and verification, inside the security bundle (the filter and the token resource use it). */
public interface Authentication {

    /** A token issued to a user who logged in. */
    record IssuedToken(String accessToken, long expiresInSeconds) {
    }

    /**
     * Checks a login and issues a token.
     *
     * @param tenantSlug    the tenant of a tenant user; {@code null} for a platform operator
     * @param clientAddress the client's address, for throttling failed logins
     * @throws io.dotmac.platform.api.NotAuthenticatedException for unknown users, wrong passwords, disabled users
     * @throws io.dotmac.platform.api.AccessDeniedException     when the tenant is suspended
     * @throws io.dotmac.platform.api.TooManyRequestsException  after too many failed logins, until the wait is over
     * @throws io.dotmac.platform.api.UnavailableException      when too many password checks are running already
     */
    IssuedToken login(String tenantSlug, String username, String password, String clientAddress);

    /** The claims of a valid token; {@code NotAuthenticatedException} otherwise. */
    TokenClaims verify(String token);
}
