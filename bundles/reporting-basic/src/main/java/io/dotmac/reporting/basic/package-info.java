/**
 * Basic reporting (the BASIC plugin {@code basic_reporting}): a tenant's revenue by month, outstanding balance and
 * its ageing, customers by status and plan, customers won and lost, and tickets, each a {@link
 * io.dotmac.reporting.basic.Report} served as JSON or CSV. The report model is shared with {@code
 * advanced_reporting}.
 */
@DotMacPlugin(id = "basic_reporting", tier = Tier.BASIC, name = "Basic reporting")
@Version("1.0.0")
@Export
package io.dotmac.reporting.basic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
