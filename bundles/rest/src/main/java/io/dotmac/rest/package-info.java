/**
 * The DotMac REST application's constants, the {@link io.dotmac.rest.ApiMember} type core bundles publish their
 * resources and extensions as, and {@link io.dotmac.rest.Callers} for resources.
 */
@Version("2.4.0")
@Export
package io.dotmac.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
