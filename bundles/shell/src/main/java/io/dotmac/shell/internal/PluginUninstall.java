package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.licensing.PluginInstaller;

@Command(scope = "dotmac", name = "plugin-uninstall", description = "Uninstalls a plugin feature at runtime without refreshing any bundle")
@Service
public class PluginUninstall implements Action {

    @Reference
    PluginInstaller installer;

    @Argument(index = 0, name = "feature", required = true, description = "Feature name, optionally name/version")
    String feature;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            installer.uninstall(feature);
            System.out.println("Uninstalled feature " + feature);
            return null;
        });
    }
}
