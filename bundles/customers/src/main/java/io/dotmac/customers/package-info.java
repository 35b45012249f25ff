/**
 * Customers of an ISP (the FREE plugin {@code customer_management}): the {@link io.dotmac.customers.CustomerService}
 * other bundles (billing, tickets) use, and its records.
 */
@DotMacPlugin(id = "customer_management", tier = Tier.FREE, name = "Customer management")
@Version("1.4.0")
@Export
package io.dotmac.customers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
