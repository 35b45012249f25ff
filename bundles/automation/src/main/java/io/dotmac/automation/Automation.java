package io.dotmac.automation;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's automation rules and their runs; every call is scoped, another tenant's rule is not found. */
@ProviderType
public interface Automation {

    /**
     * @throws io.dotmac.platform.api.ValidationException naming the part: {@code trigger.topic},
     *                                                    {@code conditions.all[1].field}, {@code actions[0].type}...
     */
    Rule create(TenantRef tenant, Rule.Input input);

    Page<Rule> list(TenantRef tenant, int limit, String cursor);

    Rule get(TenantRef tenant, String id);

    Rule replace(TenantRef tenant, String id, Rule.Input input);

    /** Deletes the rule and its runs. */
    void delete(TenantRef tenant, String id);

    /** Enables or disables it; runs of a disabled rule that have not started are skipped. */
    Rule setEnabled(TenantRef tenant, String id, boolean enabled);

    /** What the rule would do for {@code event} (its fields), doing nothing. */
    DryRun dryRun(TenantRef tenant, String id, Map<String, Object> event);

    /** Runs, newest first, optionally of one rule and one status. */
    Page<RuleRun> runs(TenantRef tenant, String ruleId, String status, int limit, String cursor);

    RuleRun run(TenantRef tenant, String runId);
}
