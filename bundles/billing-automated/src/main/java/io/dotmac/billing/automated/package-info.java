/**
 * Recurring billing (the BASIC plugin {@code automated_billing}): billing runs that turn due subscriptions into
 * issued invoices exactly once, their daily schedule per tenant, and dunning of unpaid invoices.
 */
@DotMacPlugin(id = "automated_billing", tier = Tier.BASIC, name = "Automated billing")
@Version("1.2.0")
@Export
package io.dotmac.billing.automated;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
