package io.dotmac.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.dotmac.licensing.PluginInstaller;

@Command(scope = "dotmac", name = "plugin-install", description = "Installs a plugin feature at runtime without refreshing any bundle")
@Service
public class PluginInstall implements Action {

    @Reference
    PluginInstaller installer;

    @Argument(index = 0, name = "feature", required = true, description = "Feature name, optionally name/version")
    String feature;

    @Override
    public Object execute() throws Exception {
        return Commands.run(() -> {
            installer.install(feature);
            System.out.println("Installed feature " + feature);
            return null;
        });
    }
}
