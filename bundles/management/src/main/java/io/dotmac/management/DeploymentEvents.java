package io.dotmac.management;

/**
 * What the management platform announces on OSGi EventAdmin as a deployment job settles, with {@value #ISP} (the
 * registration's id) and {@value #DEPLOYMENT} (the job's id).
 *
 * @since 1.2
 */
public final class DeploymentEvents {

    /** A deployment became READY: the ISP's instance answers. */
    public static final String READY = "io/dotmac/management/DEPLOYMENT_READY";
    /** A deployment was decommissioned by an operator. */
    public static final String DECOMMISSIONED = "io/dotmac/management/DEPLOYMENT_DECOMMISSIONED";

    public static final String ISP = "isp";
    public static final String DEPLOYMENT = "deployment";

    private DeploymentEvents() {
    }
}
