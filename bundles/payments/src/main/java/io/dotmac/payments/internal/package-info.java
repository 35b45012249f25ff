/**
 * The plugin online_payments: invoices paid online through a payment gateway (Stripe), with pay links, autopay,
 * refunds, webhook events and a reconciliation of payouts.
 */
@DotMacPlugin(id = "online_payments", tier = Tier.BASIC, name = "Online payments")
@Version("1.0.0")
package io.dotmac.payments.internal;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
