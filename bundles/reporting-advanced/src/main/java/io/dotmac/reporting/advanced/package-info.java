/**
 * Advanced reporting (the PREMIUM plugin {@code advanced_reporting}): subscription metrics per month (MRR, ARR,
 * ARPU, MRR movements, churn and net revenue retention), cohort retention by signup month, network utilisation at
 * the 95th percentile, charts of them as SVG and PNG, and scheduled reports sent by e-mail. How each figure is
 * computed is written down in the bundle's README.
 */
@DotMacPlugin(id = "advanced_reporting", tier = Tier.PREMIUM, name = "Advanced reporting")
@Version("1.1.0")
@Export
package io.dotmac.reporting.advanced;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
