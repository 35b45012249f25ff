/**
 * Manual billing (the FREE plugin {@code basic_billing}): service plans so far; subscriptions, invoices and payments
 * follow.
 */
@DotMacPlugin(id = "basic_billing", tier = Tier.FREE, name = "Basic billing")
@Version("1.0.0")
@Export
package io.dotmac.billing.basic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
