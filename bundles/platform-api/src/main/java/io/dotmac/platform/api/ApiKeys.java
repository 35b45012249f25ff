package io.dotmac.platform.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tenant API keys ({@code Authorization: Bearer dmk_<id>_<secret>}), as the authentication filter uses them: the
 * plugin {@value #PLUGIN} provides this service, the core reaches it through licensing ({@link TenantServices}).
 * A key acts for its tenant as a non-human caller with only its scopes, each of the form
 * {@code <resource>:read|write}, the resource being the first segment of the path below {@code /api/v1}.
 */
@ConsumerType
public interface ApiKeys {

    /** The plugin that provides API keys. */
    String PLUGIN = "api_access";
    /** How every API key starts. */
    String PREFIX = "dmk_";

    /** The tenant of {@code key} (without checking its secret); empty when there is no such key. */
    Optional<TenantRef> tenantOf(String key);

    /**
     * Admits one request of {@code key} (of {@code tenant}) that needs {@code scope}: counts it against the key's
     * rate limit and records its use.
     *
     * @throws NotAuthenticatedException when the secret is wrong or the key is revoked or expired (the reason named)
     * @throws OverLimitException        when the key has used its requests of this window
     * @throws AccessDeniedException     when the key lacks {@code scope} (named, as field {@code scope})
     */
    Grant admit(TenantRef tenant, String key, String scope);

    /**
     * An admitted request: the key's id and name, and its rate limit after this request.
     *
     * @param limit        requests per window
     * @param remaining    left in the current window
     * @param resetSeconds until the window ends
     * @param windowSeconds the window's length
     */
    record Grant(String keyId, String name, long limit, long remaining, long resetSeconds, long windowSeconds) {
    }

    /** A key over its rate limit: 429 with {@code Retry-After} and the limit. */
    class OverLimitException extends TooManyRequestsException {
        private static final long serialVersionUID = 1L;

        private final long limit;
        private final long windowSeconds;

        public OverLimitException(String message, long limit, long resetSeconds, long windowSeconds) {
            super(message, resetSeconds);
            this.limit = limit;
            this.windowSeconds = windowSeconds;
        }

        public long limit() {
            return limit;
        }

        public long windowSeconds() {
            return windowSeconds;
        }
    }
}
