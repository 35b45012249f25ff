/**
 * Customers of an ISP (the FREE plugin {@code customer_management}): the {@link io.dotmac.customers.CustomerService}
 * other bundles (billing, tickets) use, and its records.
 * Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("1.4.0")
@Export
package io.dotmac.customers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
