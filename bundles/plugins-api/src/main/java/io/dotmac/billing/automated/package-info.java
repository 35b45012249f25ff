/**
 * The API of recurring billing (the BASIC plugin {@code automated_billing}, implemented by its own bundle): billing
 * runs that turn due subscriptions into issued invoices exactly once, their daily schedule per tenant, dunning of
 * unpaid invoices, and credits for a subscription's next invoice. Published by the core, so that another plugin
 * (sla_management) can use it through licensing without depending on the plugin's bundle being installed.
 */
@Version("1.2.0")
@Export
package io.dotmac.billing.automated;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
