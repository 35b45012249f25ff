package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.licensing.Licensing;

@Command(scope = "dotmac", name = "license-set",
        description = "Sets the instance licence; plugins above it become inert, nothing restarts but them")
@Service
public class LicenseSet implements Action {

    @Reference
    Licensing licensing;

    @Argument(index = 0, name = "tier", required = true, description = "FREE, BASIC, PREMIUM or ENTERPRISE")
    @Completion(TierCompleter.class)
    String tier;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            licensing.setInstanceTier(Commands.tier(tier));
            System.out.println("Instance licence: " + licensing.instanceTier());
            return null;
        });
    }
}
