package io.dotmac.automation.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dotmac", name = "rule-enable", description = "Enables a tenant's automation rule")
@Service
public class RuleEnableCommand extends RuleSwitchCommand {

    @Override
    boolean enabled() {
        return true;
    }
}
