/**
 * Online payments (the BASIC plugin {@code online_payments}): the {@link io.dotmac.payments.PayLinks} door through
 * which the core's customer-facing pages reach the plugin, and the {@link io.dotmac.payments.PaymentGateway} SPI a
 * payment gateway implements. Published in the core's plugins-api bundle, so it stays when the plugin is removed.
 */
@Version("1.0.0")
@Export
package io.dotmac.payments;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
