package io.dotmac.automation.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.dotmac.automation.Automation;
import io.dotmac.automation.Rule;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;
import io.dotmac.tenant.TenantService;

/** {@code dotmac:rule-enable} and {@code dotmac:rule-disable}: the same but for the state they set. */
abstract class RuleSwitchCommand implements Action {

    @Reference
    Automation automation;

    @Reference
    TenantService tenants;

    @Reference
    TenantServices licences;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant slug or id")
    String tenant;

    @Argument(index = 1, name = "rule", required = true, description = "Rule id")
    String rule;

    abstract boolean enabled();

    @Override
    public Object execute() throws Exception {
        TenantRef ref = tenants.get(tenant).ref();
        licences.check(ref, "advanced_automation");
        Rule r = automation.setEnabled(ref, rule, enabled());
        System.out.println("Rule " + r.id() + " (" + r.name() + ") of " + ref.slug() + " is "
                + (r.enabled() ? "enabled" : "disabled") + (r.nextRunAt() != null ? "; next run at " + r.nextRunAt()
                        : ""));
        return null;
    }
}
