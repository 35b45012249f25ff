package io.dotmac.management;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;

/** The deployment jobs, for the platform's operators. */
@ProviderType
public interface Deployments {

    /** @throws io.dotmac.platform.api.NotFoundException when there is no such job */
    Deployment get(String id);

    /** Jobs, newest first; {@code status} null for all. */
    Page<Deployment> list(String status, int limit, String cursor);

    /**
     * Takes a ready ISP instance down: its job's completed steps are compensated in reverse (what each made deleted:
     * a child instance destroyed, a tenant suspended), the job {@code DECOMMISSIONING} meanwhile and
     * {@code DECOMMISSIONED} at the end. Asking again while it runs or once it ended changes nothing.
     *
     * @return the job as it is now
     * @throws io.dotmac.platform.api.NotFoundException when there is no such job
     * @throws io.dotmac.platform.api.ConflictException when the job is not ready yet (or failed)
     * @since 1.1
     */
    Deployment decommission(String id);
}
