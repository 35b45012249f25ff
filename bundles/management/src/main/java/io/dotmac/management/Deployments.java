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
}
