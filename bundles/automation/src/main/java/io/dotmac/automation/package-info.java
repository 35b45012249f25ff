/**
 * Advanced automation (the ENTERPRISE plugin {@code advanced_automation}): a tenant's rules. A rule is triggered by
 * one of our events (such as {@code io/dotmac/billing/PAYMENT_OVERDUE}) or by a cron schedule, tests conditions on
 * the event's fields, and runs its actions in order: open a ticket, suspend or resume subscriptions, send an e-mail,
 * call a webhook. Every execution is logged as a {@link io.dotmac.automation.RuleRun}.
 */
@DotMacPlugin(id = "advanced_automation", tier = Tier.ENTERPRISE, name = "Advanced automation")
@Version("1.0.0")
@Export
package io.dotmac.automation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
