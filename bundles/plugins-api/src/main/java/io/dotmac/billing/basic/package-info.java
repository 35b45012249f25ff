/**
 * Manual billing (the FREE plugin {@code basic_billing}): service plans, subscriptions, invoices and their payments.
 * Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("1.8.0")
@Export
package io.dotmac.billing.basic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
