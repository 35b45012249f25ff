package io.dotmac.billing.automated.internal.shell;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.billing.automated.BillingRun;
import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.tenant.TenantService;

@Command(scope = "dotmac", name = "billing-run", description = "Starts a tenant's billing run and shows its progress "
        + "until it ends")
@Service
public class BillingRunCommand implements Action {

    static final int BAR = 40;

    @Reference
    BillingRunService runs;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Option(name = "--date", description = "Bill what is due up to this date (yyyy-MM-dd); default today")
    String date;

    @Option(name = "--no-wait", description = "Start the run and return at once")
    boolean noWait;

    @Override
    public Object execute() throws Exception {
        LocalDate day;
        try {
            day = date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            System.err.println("--date must be a date as yyyy-MM-dd");
            return null;
        }
        TenantRef ref = tenants.get(tenant).ref();
        BillingRun run = runs.start(ref, day);
        PrintStream out = System.out;
        out.println("Billing run " + run.id() + " of " + ref.slug() + " for " + run.date() + ": " + run.total()
                + " subscriptions due");
        if (noWait) {
            return null;
        }
        while (!run.finished()) {
            out.print("\r" + bar(run));
            out.flush();
            Thread.sleep(250);
            run = runs.get(ref, run.id());
        }
        out.println("\r" + bar(run));
        out.println(run.status() + ": " + run.done() + " billed, " + run.failed() + " failed, " + run.invoices()
                + " invoices" + (run.message() == null ? "" : " (" + run.message() + ")"));
        for (BillingRun.Failure f : run.failures()) {
            out.println("  failed: subscription " + f.subscriptionId() + ": " + f.message());
        }
        return null;
    }

    /** {@code [#########.........]  45% 450/1000}. */
    static String bar(BillingRun run) {
        int handled = run.done() + run.failed();
        int total = Math.max(run.total(), handled);
        int filled = total == 0 ? BAR : (int) ((long) BAR * handled / total);
        int percent = total == 0 ? 100 : (int) (100L * handled / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format("%3d%% %d/%d", percent,
                handled, total);
    }
}
