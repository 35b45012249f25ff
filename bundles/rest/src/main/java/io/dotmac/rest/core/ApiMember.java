package io.dotmac.rest.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A resource or extension of the core's fixed REST application, published by a core bundle as a service of this
 * type with {@value #MEMBER_PROPERTY} naming it. The application holds each of the names below by a static
 * reference and is deployed once, when all of them are there; nothing joins or leaves it afterwards, so the JAX-RS
 * whiteboard never rebuilds it. Plugins never publish members: their endpoints are
 * {@link io.dotmac.platform.api.PluginEndpoint}s, reached through the licensing bundle's dispatcher.
 *
 * <p>A member must come up without the database (take what needs it as an optional reference and answer 503
 * while it is missing), so the API, and health, are served from the start.
 */
@ConsumerType
public interface ApiMember {

    /** The service property naming a member. */
    String MEMBER_PROPERTY = "io.dotmac.rest.member";

    /** {@code /api/v1/health} (health bundle). */
    String HEALTH = "health";
    /** {@code /api/v1/auth/token} (security bundle). */
    String TOKEN = "token";
    /** The authentication filter (security bundle): every request passes it. */
    String AUTH = "auth";
    /** {@code /api/v1/tenants} (tenant bundle). */
    String TENANTS = "tenants";
    /** {@code /api/v1/plugins} (licensing bundle). */
    String PLUGINS = "plugins";
    /** {@code /api/v1/tenant/...} (licensing bundle). */
    String TENANT_PLUGINS = "tenant-plugins";
    /** {@code /api/v1/instance/license} (licensing bundle). */
    String INSTANCE_LICENSE = "instance-license";
    /** The plugin endpoint dispatcher (licensing bundle): every other path under {@code /api/v1}. */
    String PLUGIN_DISPATCHER = "plugin-dispatcher";
    /** The licence filter (licensing bundle): a plugin endpoint's request goes on only for an entitled tenant. */
    String LICENSE = "license";
    /** {@code /api/v1/openapi.json} and {@code .yaml}, the API's description (openapi bundle). */
    String OPENAPI = "openapi";
    /** {@code /api/docs/}, the API reference page (openapi bundle). */
    String API_DOCS = "api-docs";
    /** {@code /api/v1/portal/...}: the portal pages a tenant may use (licensing bundle). */
    String PORTAL = "portal";
    /** {@code /api/v1/marketplace/...}: developers, listings, signed uploads, certification (marketplace bundle). */
    String MARKETPLACE = "marketplace";
    /** {@code /api/v1/isp/...}: ISP registration, the management platform's open door (management bundle). */
    String ISP_REGISTRATION = "isp-registration";
    /** {@code /api/v1/deployments/...}: the management platform's deployment jobs (management bundle). */
    String DEPLOYMENTS = "deployments";
    /** {@code /api/v1/platform/...}: the ISPs as the platform's customers, analytics (management bundle). */
    String PLATFORM = "platform";
    /** {@code /api/v1/demos/...}: demo ISPs (management bundle). */
    String DEMOS = "demos";
    /**
     * {@code /api/v1/customer/...}: the customer self-service portal's API (customer-portal bundle).
     *
     * @since 1.4
     */
    String CUSTOMER_PORTAL = "customer-portal";
}
