package io.dotmac.management;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** What a provider's step sees of its deployment, and where it records what it made. */
@ProviderType
public interface ProvisionContext {

    /** The resource naming where the ISP's instance answers once ready (its API base URL). */
    String ENDPOINT = "endpoint";
    /** The resource naming the ISP's tenant (slug) on that instance. */
    String TENANT = "tenant";
    /**
     * The resource naming the instance's public address (an IP address or a host name): the region's DNS provider
     * points the ISP's name at it in CONFIGURE_DNS.
     *
     * @since 1.1
     */
    String ADDRESS = "address";

    /**
     * The resource naming an existing tenant of this instance (its id) that the deployment takes over instead of
     * making one: a converted demo ({@link Registrations#adopt}). Recorded before the job starts; only a job of the shared
     * provider carries it, which initializes that tenant (renamed, at the registered tier) and welcomes no one (its
     * administrators have their logins).
     *
     * @since 1.3
     */
    String ADOPTED_TENANT = "adoptedTenant";

    String deploymentId();

    String ispId();

    IspRegistration registration();

    /**
     * The sizing table's row for the ISP's tier ({@code tier.<TIER>.<key>} in {@code io.dotmac.management.cfg}, with
     * the shipped defaults): {@code cpu} and {@code memory} (Kubernetes quantities: {@code 200m}, {@code 512Mi}) and
     * each provider's own keys ({@code aws.instanceType}, {@code do.size}, {@code k8s.maxReplicas}, ...).
     *
     * @since 1.1
     */
    java.util.Map<String, String> sizing();

    Region region();

    /** A value a step recorded for this deployment (an instance id, a tenant id, a DNS record), if any. */
    Optional<String> resource(String key);

    /** Records (or replaces) a value, at once and durably: a step run again after a crash finds it. */
    void record(String key, String value);

    /**
     * A secret of this deployment (a password it gives something it makes): generated the first time (24 letters and
     * digits), kept sealed with the management platform's key among the deployment's resources, and the same when
     * asked again (after a crash too). Forget it with {@code record(key, null)}.
     *
     * @since 1.1
     */
    String secret(String key);

    /**
     * The secret kept under {@code key}, if one was made and not forgotten.
     *
     * @since 1.1
     */
    Optional<String> keptSecret(String key);

    /** Adds a line to the step's log (shown in {@code GET /api/v1/deployments/{id}}). */
    void log(String line);
}
