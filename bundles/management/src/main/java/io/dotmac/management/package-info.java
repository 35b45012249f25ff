/**
 * The management platform: ISP registrations ({@link io.dotmac.management.Registrations}), the deployment jobs that
 * turn one into a running ISP instance ({@link io.dotmac.management.Deployments}), and the SPI each way of running an
 * instance implements ({@link io.dotmac.management.InstanceProvider}: a tenant on a shared instance, a Karaf child
 * instance, a cloud). Since 1.2: the ISPs as the platform's own customers ({@link io.dotmac.management.IspAccounts}).
 */
@Version("1.3.0")
@Export
package io.dotmac.management;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
