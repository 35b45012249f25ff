package io.dotmac.billing.basic;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * What recurring billing (the plugin {@code automated_billing}) builds on: finding and locking a tenant's due
 * subscriptions, and issuing many invoices in one step. Call them inside one {@code Database.inTenant} transaction:
 * the locks {@link #lockDue} takes hold until it ends, and {@link #issue} commits or rolls back together with what
 * the caller writes beside it (its own exactly-once records).
 */
@ProviderType
public interface RecurringBilling {

    /**
     * The tenant's {@code ACTIVE} subscriptions whose next billing date is on or before {@code date} and before
     * their end ({@code cancelAt}), with an id after {@code afterId} ({@code null}: from the first), in id order, at
     * most {@code limit}. Locks them and their customers until the transaction ends.
     */
    List<DueSubscription> lockDue(TenantRef tenant, LocalDate date, String afterId, int limit);

    /** How many subscriptions {@link #lockDue} would find from the first, without locking. */
    int countDue(TenantRef tenant, LocalDate date);

    /**
     * Issues one invoice per charge, in the order given: numbered gaplessly after the tenant's last, dated
     * {@code issueDate}, due after the payment term, in the tenant's currency. Moves each subscription's next billing
     * date from the charge's period start to its period end, and marks the plan changes it settles. Posts
     * {@link BillingEvents#INVOICE_ISSUED} for each once the transaction commits.
     *
     * @param runId the billing run, carried on the events
     * @throws io.dotmac.platform.api.ConflictException when a subscription's next billing date is no longer the
     *                                                  charge's period start (another run billed it first)
     */
    List<IssuedCharge> issue(TenantRef tenant, LocalDate issueDate, String runId, List<Charge> charges);

    /**
     * Ends the subscriptions cancelled at the end of a period that has come by {@code date}: they become
     * {@code CANCELLED}.
     *
     * @return how many ended
     */
    int endCancelled(TenantRef tenant, LocalDate date);

    /** The tenant's {@code ISSUED} invoices due before {@code date}, with an id after {@code afterId}, in id order. */
    List<OverdueInvoice> overdue(TenantRef tenant, LocalDate date, String afterId, int limit);

    /** A due subscription, its current plan, its customer and its plan changes that no invoice has settled yet. */
    record DueSubscription(String id, String customerId, boolean customerClosed, LocalDate startDate,
            LocalDate nextBillingDate, LocalDate cancelAt, Plan plan, List<PlanChange> changes) {
    }

    /** A subscription moved from one plan to another on {@code changedOn}. */
    record PlanChange(String id, LocalDate changedOn, Plan from, Plan to) {
    }

    /**
     * One period of a subscription to invoice: {@code [periodStart, periodEnd)}, with its lines, and the plan changes
     * it settles.
     */
    record Charge(String subscriptionId, String customerId, LocalDate periodStart, LocalDate periodEnd,
            List<Line> lines, List<String> settledChanges) {
    }

    /**
     * A line of a charge: quantity 1 at {@code amountMinor} (minor units of the tenant's currency; negative for a
     * credit), taxed at {@code taxRate} percent.
     */
    record Line(String description, long amountMinor, BigDecimal taxRate) {
    }

    /** The invoice a charge became. */
    record IssuedCharge(String subscriptionId, LocalDate periodStart, LocalDate periodEnd, String invoiceId,
            String number, long totalMinor) {
    }

    /** An unpaid invoice past its due date; {@code balance} is what is still owed. */
    record OverdueInvoice(String id, String number, String customerId, LocalDate dueDate, String balance,
            String currency) {
    }
}
