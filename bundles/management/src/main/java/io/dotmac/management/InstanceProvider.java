package io.dotmac.management;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way of running an ISP's instance (a tenant on this shared instance, a Karaf child instance, a cloud), chosen
 * per region. Registered as a service with {@value #PROVIDER_PROPERTY} naming it, as regions name it.
 *
 * <p>The deployment engine calls {@link #run} for each {@link DeploymentStep} in order, and again after a failure
 * that may pass (with backoff) or after a crash or restart: a step must be idempotent, recording what it makes with
 * {@link ProvisionContext#record} before or as it makes it and, run again, finding it there instead of making it
 * twice. When a step fails for good, {@link #compensate} is called for each completed step in reverse order, to
 * take back what it made (resources deleted, records removed); compensating twice, or what was never made, is a
 * no-op.
 */
@ConsumerType
public interface InstanceProvider {

    /** The service property naming the provider. */
    String PROVIDER_PROPERTY = "io.dotmac.management.provider";

    /**
     * Does the step's work. A step with nothing to do for this provider returns at once.
     *
     * @throws StepFailedException when it failed: {@link StepFailedException#permanent()} if trying again cannot help
     */
    void run(DeploymentStep step, ProvisionContext context) throws StepFailedException;

    /** Takes back what the step made. */
    void compensate(DeploymentStep step, ProvisionContext context) throws StepFailedException;
}
