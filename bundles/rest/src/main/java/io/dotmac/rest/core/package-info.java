/**
 * What the core's own REST members use and plugins do not: {@link io.dotmac.rest.core.ApiMember} (a resource or
 * filter of the one fixed application, hidden from plugins by the licensing's boundary) and
 * {@link io.dotmac.rest.core.ProblemResponses}. Not part of the plugin API (the SDK does not carry it).
 */
@Version("1.4.0")
@Export
package io.dotmac.rest.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
