/**
 * Manual billing (the FREE plugin {@code basic_billing}): service plans, subscriptions, invoices and their payments.
 */
@DotMacPlugin(id = "basic_billing", tier = Tier.FREE, name = "Basic billing")
@Version("1.2.0")
@Export
package io.dotmac.billing.basic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
