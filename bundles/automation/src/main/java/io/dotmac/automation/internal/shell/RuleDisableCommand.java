package io.dotmac.automation.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dotmac", name = "rule-disable", description = "Disables a tenant's automation rule: its runs not yet started are skipped")
@Service
public class RuleDisableCommand extends RuleSwitchCommand {

    @Override
    boolean enabled() {
        return false;
    }
}
