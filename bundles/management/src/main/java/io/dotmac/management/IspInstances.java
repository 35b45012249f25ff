package io.dotmac.management;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What every dedicated provider does on the ISP's own DotMac once it runs, through that instance's REST API: wait for
 * its health, make the ISP's tenant and first {@code isp_admin} (as the instance's operator), check that the admin
 * logs in, and e-mail the contact the welcome ({@link PlatformMail}). Each may run again, as the steps that call it:
 * what it made is found, not made twice. It records in the context the {@link ProvisionContext#TENANT tenant}, the
 * {@link ProvisionContext#ENDPOINT endpoint}, and the admin's initial password (sealed, and forgotten once the welcome
 * e-mail is queued).
 *
 * @since 1.1
 */
@ProviderType
public interface IspInstances {

    /** The ISP admin's username on its instance. */
    String ADMIN = "admin";

    /**
     * Waits until {@code GET <baseUrl>/api/v1/health} answers 200, or {@code timeout}; {@code running} answering
     * false ends the wait at once (the instance stopped).
     *
     * @return how long it waited
     * @throws StepFailedException (for now) when it did not answer in time or stopped
     */
    Duration awaitHealthy(ProvisionContext context, String baseUrl, Duration timeout, BooleanSupplier running)
            throws StepFailedException;

    /**
     * Makes the ISP's tenant (its slug {@link IspRegistration#suggestedSlug()}, the registered tier and the region's
     * {@code currency}) with its first {@code isp_admin} on the instance at {@code baseUrl}, logged in as its platform
     * operator {@code admin} with {@code operatorPassword}; finds it when an earlier attempt made it.
     */
    void initializeTenant(ProvisionContext context, String baseUrl, String operatorPassword) throws StepFailedException;

    /** Checks the instance's health and that the ISP's admin logs in and reads its customers; records the endpoint. */
    void validate(ProvisionContext context, String baseUrl) throws StepFailedException;

    /** Queues the welcome e-mail (once) with the initial password and {@code portalUrl}, then forgets the password. */
    void welcome(ProvisionContext context, String portalUrl) throws StepFailedException;

    /**
     * Where the ISP's instance answers: the region's {@code instanceUrl} (else {@code fallback}) with
     * {@code {address}} (the recorded {@link ProvisionContext#ADDRESS address}), {@code {host}} (the ISP's name,
     * {@code <slug>.<baseDomain>}) and {@code {slug}} filled in, without a final slash.
     *
     * @throws StepFailedException (for good) when it names the address and none was recorded
     */
    String instanceUrl(ProvisionContext context, String fallback) throws StepFailedException;

    /**
     * The ISP's portal, for the welcome e-mail: {@code https://<slug>.<baseDomain>/portal/} when the region has a
     * {@code baseDomain}, else {@code <instanceUrl>/portal/}.
     */
    String portalUrl(ProvisionContext context, String instanceUrl);

    /** Forgets the initial password (compensating INITIALIZE_TENANT: the tenant goes with its instance). */
    void forget(ProvisionContext context);
}
